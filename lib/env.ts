import { z } from "zod";

// Every environment variable the product reads, validated once with a clear Chinese message
// (architecture.md: "One lib/env.ts validates environment variables with zod").
const postgresUrl = z
  .string()
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === "postgresql:" || url.protocol === "postgres:";
    } catch {
      return false;
    }
  }, "必须是 postgresql://用户@主机:端口/数据库 形式的连接串");

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const schema = z.object({
  DATABASE_URL: postgresUrl.optional(),
  /** Connections kept by this process (to a server or the embedded one alike). */
  DATABASE_POOL_MAX: positiveInt(10),
  DATABASE_CONNECT_TIMEOUT_MS: positiveInt(3_000),
  NEXTAUTH_SECRET: z.string().min(32, "至少 32 个字符").optional(),
  NEXTAUTH_URL: z.url("必须是完整的网址，例如 http://localhost:3000").optional(),
  PORT: positiveInt(3000),
  JIXIAO_DATA_DIR: z.string().min(1).default(".data"),
  /** Where evidence files (佐证材料) are kept; default <data dir>/evidence. */
  EVIDENCE_DIR: z.string().min(1).optional(),
  EVIDENCE_MAX_MB: positiveInt(20),
  EMBEDDED_DB_PORT: positiveInt(54329),
  SESSION_IDLE_MINUTES: positiveInt(30),
  SESSION_MAX_HOURS: positiveInt(12),
  LOGIN_MAX_FAILURES: positiveInt(5),
  LOGIN_LOCK_MINUTES: positiveInt(30),
});

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings count as unset: `FOO= npm start` should not fail validation.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  - ${issue.path.join(".")}: ${issue.message}`);
    throw new EnvError(`环境变量配置有误：\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
