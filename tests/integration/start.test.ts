import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

function start(env: Record<string, string>) {
  const started = Date.now();
  const run = spawnSync("npx", ["tsx", "scripts/start.ts"], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 30_000 });
  return { ...run, ms: Date.now() - started };
}

describe("npm start with a bad database configuration", () => {
  it("names a malformed DATABASE_URL in Chinese and exits", () => {
    const run = start({ DATABASE_URL: "mysql://root@db/jixiao" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("环境变量配置有误");
    expect(run.stderr).toContain("DATABASE_URL: 必须是 postgresql://");
    expect(run.stderr).not.toMatch(/at \w+ \(/); // no stack trace
  }, 40_000);

  it("says the database is unreachable within seconds, without building first", () => {
    const run = start({ DATABASE_URL: "postgresql://app@127.0.0.1:1/jixiao" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("无法连接数据库 127.0.0.1:1/jixiao");
    expect(run.stderr).toContain("请确认 PostgreSQL 已启动、DATABASE_URL 中的主机、端口、用户和密码正确");
    expect(run.ms).toBeLessThan(20_000);
  }, 40_000);
});

describe("npm start on the embedded database, when something is in the way", () => {
  it("names a taken port and the way out, creates nothing, and does not build first", async () => {
    const dataRoot = mkdtempSync(path.join(tmpdir(), "jixiao-start-"));
    chmodSync(dataRoot, 0o755); // as root the embedded server runs as jixiao-db, which must be able to enter it
    const blocker: Server = createServer();
    const port = await new Promise<number>((resolve) => blocker.listen(0, "127.0.0.1", () => resolve((blocker.address() as { port: number }).port)));
    try {
      // spawnSync would block this process's event loop, and with it the blocker: start asynchronously.
      const run = await new Promise<{ status: number | null; stdout: string; stderr: string; ms: number }>((resolve) => {
        const started = Date.now();
        const child = spawn("npx", ["tsx", "scripts/start.ts"], { env: { ...process.env, DATABASE_URL: "", JIXIAO_DATA_DIR: dataRoot, EMBEDDED_DB_PORT: String(port) } });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("close", (status) => resolve({ status, stdout, stderr, ms: Date.now() - started }));
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`内置数据库端口 ${port}（127.0.0.1）已被其他程序占用`);
      expect(run.stderr).toContain(`EMBEDDED_DB_PORT=${port + 1} npm start`);
      expect(run.stdout).not.toContain("正在构建");
      expect(existsSync(path.join(dataRoot, "pgdata"))).toBe(false);
      expect(run.ms).toBeLessThan(20_000);
    } finally {
      blocker.close();
      rmSync(dataRoot, { recursive: true, force: true });
    }
  }, 40_000);
});
