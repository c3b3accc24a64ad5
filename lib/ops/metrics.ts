import { readFileSync } from "node:fs";
import path from "node:path";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { db, poolStats } from "@/lib/db/client";
import { lastBackupAt } from "@/lib/db/backup-retention";
import { env } from "@/lib/env";
import { health } from "./health";
import { certificateExpiry } from "./readiness";
import { routeLabel } from "./routes";

// /metrics in Prometheus's text format: request latency by route, server errors, the database pool,
// sign-in failures, the audit trail's length, readiness, the last backup and the certificate's expiry.
// Counters are per process (each instance is scraped on its own address); what comes from the
// database (audit records) is read when scraped, at most once per AUDIT_CACHE_MS.
//
// Kept on globalThis: Next.js bundles proxy.ts, instrumentation.ts and each route apart, but they run
// in one process and must count into one registry.

const AUDIT_CACHE_MS = 15_000;

interface Metrics {
  registry: Registry;
  requestDuration: Histogram<"method" | "route" | "status">;
  serverErrors: Counter<"method" | "route">;
  unhandledErrors: Counter<"route" | "kind">;
  signInFailures: Counter<"reason">;
  audit: { at: number; records: number; lastId: number };
  /** Sets the values that need I/O; run before the registry is rendered. */
  collectSlow: () => Promise<void>;
}

const KEY = Symbol.for("jixiao.metrics");

function packageVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(/*turbopackIgnore: true*/ process.cwd(), "package.json"), "utf8")) as { version?: string }).version ?? "unknown";
  } catch {
    return "unknown";
  }
}

function create(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metrics: Metrics = {
    registry,
    requestDuration: new Histogram({
      name: "jixiao_http_request_duration_seconds",
      help: "HTTP 请求耗时（秒），按方法、路由（页面或接口的模式）和状态类别（2xx…5xx）",
      labelNames: ["method", "route", "status"],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    serverErrors: new Counter({ name: "jixiao_http_server_errors_total", help: "以 5xx 结束的 HTTP 请求数", labelNames: ["method", "route"], registers: [registry] }),
    unhandledErrors: new Counter({ name: "jixiao_unhandled_errors_total", help: "未处理的服务器错误数（详情见服务日志），按路由和类型（render、route、action、proxy）", labelNames: ["route", "kind"], registers: [registry] }),
    signInFailures: new Counter({ name: "jixiao_sign_in_failures_total", help: "登录失败次数，按原因（INVALID 用户名或密码错误、TOTP_INVALID 动态验证码错误、LOCKED 已锁定、RATE_LIMITED 过于频繁）", labelNames: ["reason"], registers: [registry] }),
    audit: { at: 0, records: 0, lastId: 0 },
    collectSlow: async () => undefined,
  };

  const pool = (name: string, help: string, pick: (s: NonNullable<ReturnType<typeof poolStats>>) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        const stats = poolStats();
        this.set(stats ? pick(stats) : 0);
      },
    });
  pool("jixiao_db_pool_connections", "数据库连接池中已打开的连接数", (s) => s.total);
  pool("jixiao_db_pool_idle_connections", "数据库连接池中空闲的连接数", (s) => s.idle);
  pool("jixiao_db_pool_waiting_requests", "正在等待连接的数据库请求数（持续大于 0 说明连接池不够用）", (s) => s.waiting);
  pool("jixiao_db_pool_max_connections", "数据库连接池上限（DATABASE_POOL_MAX）", (s) => s.max);

  const auditRecords = new Gauge({ name: "jixiao_audit_chain_records", help: "审计日志哈希链中的记录数", registers: [registry] });
  const auditLastId = new Gauge({ name: "jixiao_audit_last_id", help: "最后一条审计记录的编号", registers: [registry] });
  const ready = new Gauge({ name: "jixiao_ready", help: "本实例是否就绪（1 就绪，0 未就绪，原因见 /api/health）", registers: [registry] });
  const readyCheck = new Gauge({ name: "jixiao_readiness_check", help: "各项就绪检查是否通过（1/0）：database、migrations、evidence、certificate", labelNames: ["check"], registers: [registry] });
  const backup = new Gauge({ name: "jixiao_backup_last_success_timestamp_seconds", help: "最近一次完成的备份的时间（Unix 秒；0 表示备份目录中没有备份）", registers: [registry] });
  // Only when there is a certificate to watch: a constant 0 would look like an expired one.
  const certificateFile = env().TLS_CERT_FILE;
  const certificate = new Gauge({ name: "jixiao_tls_certificate_expiry_timestamp_seconds", help: "HTTPS 证书（TLS_CERT_FILE）的到期时间（Unix 秒；0 表示无法读取）", registers: certificateFile ? [registry] : [] });
  new Gauge({ name: "jixiao_build_info", help: "程序版本", labelNames: ["version"], registers: [registry] }).set({ version: packageVersion() }, 1);

  metrics.collectSlow = async () => {
    const [state, last] = await Promise.all([health(), lastBackupAt().catch(() => null)]);
    ready.set(state.status === "ready" ? 1 : 0);
    for (const check of state.checks) readyCheck.set({ check: check.name }, check.ok ? 1 : 0);
    backup.set(last ? last.getTime() / 1000 : 0);
    if (certificateFile) {
      const expiry = await certificateExpiry(certificateFile);
      certificate.set("notAfter" in expiry ? expiry.notAfter.getTime() / 1000 : 0);
    }
    const databaseUp = state.checks.find((c) => c.name === "database")?.ok;
    if (databaseUp && Date.now() - metrics.audit.at > AUDIT_CACHE_MS) {
      const [row] = await db().$queryRawUnsafe<{ records: string; last: string }[]>(`SELECT count(*)::text AS records, coalesce(max("id"), 0)::text AS last FROM "AuditEvent"`);
      metrics.audit = { at: Date.now(), records: Number(row?.records ?? 0), lastId: Number(row?.last ?? 0) };
    }
    auditRecords.set(metrics.audit.records);
    auditLastId.set(metrics.audit.lastId);
  };
  return metrics;
}

function metrics(): Metrics {
  const holder = globalThis as { [KEY]?: Metrics };
  return (holder[KEY] ??= create());
}

/** One finished HTTP request (lib/ops/request-timer.ts). */
export function observeRequest(method: string, pathname: string, status: number, seconds: number): void {
  const m = metrics();
  const route = routeLabel(pathname);
  const verb = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"].includes(method) ? method : "OTHER";
  m.requestDuration.observe({ method: verb, route, status: `${Math.floor(status / 100)}xx` }, seconds);
  if (status >= 500) m.serverErrors.inc({ method: verb, route });
}

export function countUnhandledError(route: string, kind: string): void {
  metrics().unhandledErrors.inc({ route, kind });
}

/** A refused sign-in, by the reason lib/auth/login.ts gave. */
export function countSignInFailure(reason: string): void {
  metrics().signInFailures.inc({ reason });
}

export async function renderMetrics(): Promise<{ body: string; contentType: string }> {
  const m = metrics();
  await m.collectSlow();
  return { body: await m.registry.metrics(), contentType: m.registry.contentType };
}
