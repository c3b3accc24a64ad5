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
});
