import { isIP } from "node:net";
import { z } from "zod";

// Every environment variable the product reads, validated once with a clear Chinese message
// (docs/architecture.md: "One lib/env.ts validates environment variables with zod").
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

/** Comma-separated IP addresses and networks; each entry checked by node:net (no DNS names). */
const addressList = z.string().refine(
  (value) =>
    value
      .split(",")
      .map((entry) => entry.trim())
      .filter(Boolean)
      .every((entry) => {
        const [address = "", bits, extra] = entry.split("/");
        const version = isIP(address.replace(/^\[|\]$/g, ""));
        if (!version || extra !== undefined) return false;
        return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128));
      }),
  "须为逗号分隔的 IP 地址或网段，例如 10.0.0.5,10.1.0.0/16（不能写主机名）",
);

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
  /**
   * At most 24: proxy.ts buffers a request body up to next.config.js's proxyClientMaxBodySize (25 MB)
   * and hands a larger one on cut short, so a bigger limit would break uploads instead of allowing them.
   */
  EVIDENCE_MAX_MB: z.coerce.number().int().positive().max(24, "不能超过 24（应用在 25 MB 处截断请求内容；反向代理的 client_max_body_size 应为 25m）").default(20),
  EMBEDDED_DB_PORT: positiveInt(54329),
  SESSION_IDLE_MINUTES: positiveInt(30),
  SESSION_MAX_HOURS: positiveInt(12),
  LOGIN_MAX_FAILURES: positiveInt(5),
  LOGIN_LOCK_MINUTES: positiveInt(30),
  /**
   * Reverse proxies whose X-Forwarded-For is believed (app/http/same-origin.ts clientIp). Empty: the
   * address is the TCP peer's, whatever a client writes in its headers.
   */
  TRUSTED_PROXIES: addressList.optional(),
  /**
   * Who may read /metrics (same format as TRUSTED_PROXIES; the address is clientIp's). Empty: nobody —
   * the figures describe the server, so they are shown only to addresses named on purpose.
   */
  METRICS_ALLOW: addressList.optional(),
  /** The address `next start` listens on (-H); unset: every interface. Behind a proxy on the same host: 127.0.0.1. */
  BIND_ADDRESS: z.string().refine((value) => isIP(value) !== 0, "须为本机的一个 IP 地址，例如 127.0.0.1（只让本机的反向代理访问）或 0.0.0.0").optional(),
  /**
   * The HTTPS certificate the reverse proxy serves (its public part, the same file as nginx's
   * ssl_certificate). Optional: when set, readiness reports it missing or expired and /metrics its expiry.
   */
  TLS_CERT_FILE: z.string().min(1).optional(),
  /** Whether the app gzips its answers (next.config.js): "off" behind a reverse proxy that compresses (nginx's gzip on). */
  HTTP_COMPRESSION: z.enum(["on", "off"], { error: "须为 on 或 off（反向代理已压缩时设为 off）" }).default("on"),
  /** Where db:backup writes; default <data dir>/backups. */
  BACKUP_DIR: z.string().min(1).optional(),
  /** db:backup --prune removes backups older than this many days (the newest 7 are always kept). */
  BACKUP_KEEP_DAYS: positiveInt(30),
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
