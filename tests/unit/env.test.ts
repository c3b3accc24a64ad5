import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";

describe("environment validation", () => {
  it("applies defaults when nothing is set", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect([env.PORT, env.SESSION_IDLE_MINUTES, env.SESSION_MAX_HOURS, env.LOGIN_MAX_FAILURES, env.LOGIN_LOCK_MINUTES]).toEqual([3000, 30, 12, 5, 30]);
  });

  it("accepts a PostgreSQL URL, including a socket host", () => {
    expect(parseEnv({ DATABASE_URL: "postgresql://app:pw@db:5432/jixiao" }).DATABASE_URL).toBe("postgresql://app:pw@db:5432/jixiao");
    expect(parseEnv({ DATABASE_URL: "postgresql://root@localhost/jixiao?host=/var/run/postgresql" }).DATABASE_URL).toContain("host=");
  });

  it("says in Chinese what is wrong with a malformed DATABASE_URL", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: 必须是 postgresql:\/\//);
    expect(() => parseEnv({ DATABASE_URL: "not a url" })).toThrow(/环境变量配置有误/);
  });

  it("rejects a short secret and a non-numeric timeout", () => {
    expect(() => parseEnv({ NEXTAUTH_SECRET: "short" })).toThrow(/NEXTAUTH_SECRET: 至少 32 个字符/);
    expect(() => parseEnv({ SESSION_IDLE_MINUTES: "abc" })).toThrow(/SESSION_IDLE_MINUTES/);
  });

  it("treats empty strings as unset", () => {
    expect(parseEnv({ DATABASE_URL: "" }).DATABASE_URL).toBeUndefined();
  });

  it("keeps the evidence limit under the size proxy.ts buffers, and checks the deployment's address settings", () => {
    expect(parseEnv({ EVIDENCE_MAX_MB: "24" }).EVIDENCE_MAX_MB).toBe(24);
    expect(() => parseEnv({ EVIDENCE_MAX_MB: "25" })).toThrow(/EVIDENCE_MAX_MB: 不能超过 24/);
    expect(parseEnv({ METRICS_ALLOW: "127.0.0.1, 10.2.0.0/16", BIND_ADDRESS: "127.0.0.1" })).toMatchObject({ METRICS_ALLOW: "127.0.0.1, 10.2.0.0/16", BIND_ADDRESS: "127.0.0.1" });
    expect(() => parseEnv({ METRICS_ALLOW: "monitor.example" })).toThrow(/METRICS_ALLOW: 须为逗号分隔的 IP 地址或网段/);
    expect(() => parseEnv({ BIND_ADDRESS: "localhost" })).toThrow(/BIND_ADDRESS: 须为本机的一个 IP 地址/);
    expect(parseEnv({}).BACKUP_KEEP_DAYS).toBe(30);
    expect(parseEnv({}).HTTP_COMPRESSION).toBe("on");
    expect(parseEnv({ HTTP_COMPRESSION: "off" }).HTTP_COMPRESSION).toBe("off");
    expect(() => parseEnv({ HTTP_COMPRESSION: "no" })).toThrow(/HTTP_COMPRESSION: 须为 on 或 off/);
  });

  it("accepts deploy/jixiao.env.example once its secret is filled in, and refuses the placeholder", () => {
    const example = Object.fromEntries(
      readFileSync("deploy/jixiao.env.example", "utf8")
        .split("\n")
        .filter((line) => line && !line.startsWith("#"))
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    );
    // Every variable it names is one the product reads, and PORT is left to the unit's instance name.
    expect(Object.keys(example).filter((k) => !(k in parseEnv({ ...example, NEXTAUTH_SECRET: "x".repeat(48) })))).toEqual([]);
    expect(example.PORT).toBeUndefined();
    expect(() => parseEnv(example)).toThrow(/NEXTAUTH_SECRET: 至少 32 个字符/);
    expect(parseEnv({ ...example, NEXTAUTH_SECRET: "x".repeat(48) })).toMatchObject({ NEXTAUTH_URL: "https://jixiao.example.gov.cn", BIND_ADDRESS: "127.0.0.1", TRUSTED_PROXIES: "127.0.0.1", JIXIAO_DATA_DIR: "/var/lib/jixiao", HTTP_COMPRESSION: "off" });
  });
});
