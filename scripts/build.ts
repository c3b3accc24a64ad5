import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const root = process.cwd();
const SOURCES = ["app", "lib", "components", "proxy.ts", "next.config.js", "package-lock.json"];

function newestMtime(target: string): number {
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target, { withFileTypes: true })) {
    if (entry.name === "generated" || entry.name.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry.name)));
  }
  return newest;
}

/** True when there is no production build, or a source is newer than it. */
export function buildIsStale(): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  const sources = SOURCES.map((s) => path.join(root, s)).filter((s) => existsSync(s));
  return !existsSync(buildId) || Math.max(...sources.map(newestMtime)) > statSync(buildId).mtimeMs;
}

/** Builds when there is no production build, or a source is newer than it. */
export function buildIfNeeded(): void {
  if (!buildIsStale()) return;
  console.log("正在构建（首次启动或代码有更新，约需一两分钟）……");
  const result = spawnSync("npx", ["next", "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) throw new Error("构建失败，见上方输出。");
}
