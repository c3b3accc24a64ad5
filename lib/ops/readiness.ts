import { randomBytes, X509Certificate } from "node:crypto";
import { readdirSync } from "node:fs";
import { mkdir, open, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { dateInChina } from "@/lib/calendar";

// Whether this instance can do its work: the checks behind GET /api/health (for the reverse proxy and
// the monitoring) and behind the production start (scripts/start.ts --production), which refuses to
// serve when one fails. Each answer is a Chinese sentence that names the fix, because the person who
// reads it is the administrator at 3 a.m., in the journal or on the monitoring screen.

export interface Check {
  name: "database" | "migrations" | "evidence" | "dataDir" | "certificate";
  ok: boolean;
  message: string;
}

/** Runs one SQL statement and returns its rows (a pg client, a pool, or Prisma's $queryRawUnsafe). */
export type Query = <T>(sql: string) => Promise<T[]>;

/** The user this process runs as, for messages about file permissions. */
function whoAmI(): string {
  try {
    return os.userInfo().username;
  } catch {
    return String(process.getuid?.() ?? "?");
  }
}

const seconds = (ms: number) => `${Math.ceil(ms / 1000)} 秒`;

/** `work` within `ms`, else a rejection saying so. */
async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([work, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${seconds(ms)}内没有应答`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export async function checkDatabase(query: Query, timeoutMs = 2_000): Promise<Check> {
  const started = performance.now();
  try {
    await within(timeoutMs, query("SELECT 1"));
    return { name: "database", ok: true, message: `数据库连接正常（${Math.round(performance.now() - started)} 毫秒）。` };
  } catch (error) {
    return {
      name: "database",
      ok: false,
      message: `数据库无法连接（${error instanceof Error ? error.message.slice(0, 200) : String(error)}）：请确认 PostgreSQL 正在运行、DATABASE_URL 中的主机、端口、用户和密码正确、防火墙允许连接；数据库恢复后本实例会自动重新连接。`,
    };
  }
}

// ── migrations ─────────────────────────────────────────────────────────────────────────────────

/** The migrations this program ships (prisma/migrations/<name>/ under the working directory), sorted. */
export function shippedMigrations(dir = path.join(/*turbopackIgnore: true*/ process.cwd(), "prisma", "migrations")): string[] {
  return readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

export interface MigrationState {
  pending: string[];
  /** Applied to the database but unknown to this program: a newer version migrated it. */
  unknown: string[];
  /** Started and never finished (a failed migration). */
  failed: string[];
  applied: number;
}

export async function migrationState(query: Query, shipped: string[]): Promise<MigrationState> {
  const exists = await query<{ found: boolean }>(`SELECT to_regclass('public."_prisma_migrations"') IS NOT NULL AS found`);
  const rows = exists[0]?.found
    ? await query<{ migration_name: string; finished: boolean }>(`SELECT migration_name, finished_at IS NOT NULL AS finished FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`)
    : [];
  const finished = new Set(rows.filter((r) => r.finished).map((r) => r.migration_name));
  const known = new Set(shipped);
  return {
    pending: shipped.filter((name) => !finished.has(name)),
    unknown: [...finished].filter((name) => !known.has(name)).sort(),
    failed: rows.filter((r) => !r.finished).map((r) => r.migration_name),
    applied: finished.size,
  };
}

const list = (names: string[]) => (names.length <= 3 ? names.join("、") : `${names.slice(0, 3).join("、")} 等 ${names.length} 个`);

export function describeMigrations(state: MigrationState): Check {
  if (state.failed.length > 0) {
    return { name: "migrations", ok: false, message: `迁移 ${list(state.failed)} 上次没有执行完：请查看数据库表 _prisma_migrations 中该迁移的 logs，恢复升级前的备份后重新升级，或联系开发人员。` };
  }
  if (state.unknown.length > 0) {
    return { name: "migrations", ok: false, message: `数据库已由较新版本的绩效通迁移（本程序不认识的迁移：${list(state.unknown)}）：请把本实例升级到与数据库相同的版本；如要退回旧版本，须先恢复升级前的备份。` };
  }
  if (state.pending.length > 0) {
    return { name: "migrations", ok: false, message: `数据库结构不是最新：有 ${state.pending.length} 个迁移尚未执行（${list(state.pending)}）。请先备份（npm run db:backup），再运行 npm run db:migrate，然后重新启动服务。` };
  }
  return { name: "migrations", ok: true, message: `数据库结构为最新（${state.applied} 个迁移）。` };
}

export async function checkMigrations(query: Query, shipped: string[], timeoutMs = 2_000): Promise<Check> {
  try {
    return describeMigrations(await within(timeoutMs, migrationState(query, shipped)));
  } catch (error) {
    return { name: "migrations", ok: false, message: `无法读取迁移记录（${error instanceof Error ? error.message.slice(0, 200) : String(error)}）：请先排除数据库连接问题。` };
  }
}

// ── directories ────────────────────────────────────────────────────────────────────────────────

const WHAT = { evidence: "佐证材料目录", dataDir: "数据目录" } as const;
const VARIABLE = { evidence: "EVIDENCE_DIR", dataDir: "JIXIAO_DATA_DIR" } as const;

/**
 * Creates `dir` when missing, then writes, flushes and removes a probe file in it: the writes the app
 * will make (an upload, a backup) fail the same way this does.
 */
export async function checkWritable(name: "evidence" | "dataDir", dir: string): Promise<Check> {
  const probe = path.join(dir, `.ready-${process.pid}-${randomBytes(4).toString("hex")}`);
  try {
    await mkdir(/*turbopackIgnore: true*/ dir, { recursive: true, mode: 0o750 });
    const handle = await open(/*turbopackIgnore: true*/ probe, "wx", 0o600);
    try {
      await handle.writeFile("ok");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rm(/*turbopackIgnore: true*/ probe, { force: true });
    return { name, ok: true, message: `${WHAT[name]}可写。` };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    const user = whoAmI();
    const why =
      code === "EACCES" || code === "EPERM"
        ? `运行绩效通的用户 ${user} 没有写权限。请执行 chown -R ${user}:${user} ${dir}（服务单元中 ReadWritePaths 也须包含它）`
        : code === "EROFS"
          ? `它位于只读的文件系统上。请把 ${VARIABLE[name]} 指向可写的目录，并确认服务单元的 ReadWritePaths 包含它`
          : code === "ENOSPC" || code === "EDQUOT"
            ? "磁盘已满。请清理磁盘或扩容"
            : code === "ENOTDIR" || code === "EEXIST"
              ? `该路径不是目录。请检查 ${VARIABLE[name]}`
              : `${(error as Error).message}。请检查 ${VARIABLE[name]} 和该目录的权限`;
    return { name, ok: false, message: `${WHAT[name]} ${dir} 不可写：${why}。` };
  }
}

// ── the HTTPS certificate ──────────────────────────────────────────────────────────────────────

const DAY = 86_400_000;
/** Days before expiry from which the check warns (still ready). */
export const CERTIFICATE_WARN_DAYS = 30;


/** The certificate's expiry, or null when the file cannot be read or is not a PEM certificate. */
export async function certificateExpiry(file: string): Promise<{ notAfter: Date } | { error: string }> {
  let text: Buffer;
  try {
    text = await readFile(/*turbopackIgnore: true*/ file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { error: code === "ENOENT" ? "文件不存在" : code === "EACCES" ? `用户 ${whoAmI()} 无权读取` : (error as Error).message };
  }
  try {
    return { notAfter: new Date(new X509Certificate(text).validTo) };
  } catch {
    return { error: "不是 PEM 格式的证书" };
  }
}

export async function checkCertificate(file: string, now = new Date()): Promise<Check> {
  const result = await certificateExpiry(file);
  const fix = "请把有效的证书放到该位置（与 nginx 的 ssl_certificate 为同一个文件），然后执行 systemctl reload nginx";
  if ("error" in result) {
    // The certificate is public; only its key must be private. A directory or file closed to the service user is the usual cause.
    const readable = `请执行 chmod 644 ${file} 和 chmod 755 ${path.dirname(file)}（私钥另存为 600，不受影响）`;
    return { name: "certificate", ok: false, message: `HTTPS 证书 ${file}（TLS_CERT_FILE）无法使用：${result.error}。${result.error.includes("无权读取") ? readable : fix}。` };
  }
  const days = Math.floor((result.notAfter.getTime() - now.getTime()) / DAY);
  if (result.notAfter.getTime() <= now.getTime()) return { name: "certificate", ok: false, message: `HTTPS 证书 ${file} 已于 ${dateInChina(result.notAfter)} 过期，浏览器将拒绝访问。${fix}。` };
  if (days < CERTIFICATE_WARN_DAYS) return { name: "certificate", ok: true, message: `HTTPS 证书将在 ${days} 天后（${dateInChina(result.notAfter)}）过期，请及时更换。` };
  return { name: "certificate", ok: true, message: `HTTPS 证书有效，至 ${dateInChina(result.notAfter)}（还有 ${days} 天）。` };
}
