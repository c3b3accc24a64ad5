import { spawnSync } from "node:child_process";
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
    expect(run.stderr).toContain("请检查 DATABASE_URL");
    expect(run.ms).toBeLessThan(20_000);
  }, 40_000);
});
