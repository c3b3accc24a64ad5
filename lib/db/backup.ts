import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { mkdir, open, readdir, readFile, readlink, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import pg from "pg";
import { PGlite } from "@electric-sql/pglite";
import { verifyAuditChain } from "@/lib/audit/chain";
import { createPrismaClient } from "./client";
import { startEmbeddedDatabase } from "./embedded";

// Backup and restore (issue 8 §5), for both kinds of database the product runs on.
//
// A PostgreSQL server: pg_dump's custom format (-Fc) while the app keeps running (pg_dump reads one
// consistent snapshot), restored with pg_restore in a single transaction into an empty database, or
// into a non-empty one after it has been emptied (--clean, only with an explicit --yes).
//
// The embedded database (PGlite, PostgreSQL 18 compiled to WebAssembly): one process owns its data
// directory, so a second process cannot read a consistent copy while the app runs, and the installed
// pg_dump (15) refuses a newer server over the socket. The backup therefore opens the directory itself
// when the app is stopped, checkpoints, and writes PGlite's own tarball of the data directory
// (dumpDataDir, a plain .tar.gz); the restore loads it into a new directory with PGlite and only then
// swaps it in, keeping the old directory beside it. While the app runs, it refuses with a clear message.
//
// Every backup gets a sha256 side file (`<file>.sha256`, the format `sha256sum -c` reads); a restore
// checks it before touching anything, and afterwards verifies the audit trail's hash chain.

export class BackupError extends Error {}

const gunzipAsync = promisify(gunzip);

export type BackupKind = "server" | "embedded";

export interface BackupResult {
  kind: BackupKind;
  file: string;
  checksumFile: string;
  bytes: number;
  sha256: string;
  ms: number;
}

export interface RestoreResult {
  kind: BackupKind;
  /** Tables in the public schema after the restore, with their row counts. */
  tables: Record<string, number>;
  audit: { ok: boolean; checked: number; problem?: string };
  /** Embedded only: where the directory that was replaced now is. */
  previousDataDir?: string;
  ms: number;
}

/** A file name stamped with China time, e.g. jixiao-server-20260315-093000.dump. */
export function backupFileName(kind: BackupKind, now = new Date()): string {
  const stamp = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-");
  return `jixiao-${kind}-${stamp}${kind === "server" ? ".dump" : ".tar.gz"}`;
}

export const defaultBackupDir = (dataDir: string) => path.join(path.resolve(dataDir), "backups");

// ── checksums ──────────────────────────────────────────────────────────────────────────────────

export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

const checksumFileOf = (file: string) => `${file}.sha256`;

async function writeChecksum(file: string): Promise<string> {
  const sha256 = await sha256File(file);
  await writeFile(checksumFileOf(file), `${sha256}  ${path.basename(file)}\n`, { mode: 0o600 });
  return sha256;
}

/** Checks `file` against its side file; throws (in Chinese) when it is missing or does not match. */
export async function verifyChecksum(file: string): Promise<string> {
  const side = checksumFileOf(file);
  if (!existsSync(side)) throw new BackupError(`找不到校验文件 ${side}，无法确认备份完整，未做任何恢复。如确认备份文件无误，可加 --no-checksum 跳过校验。`);
  const expected = (await readFile(side, "utf8")).trim().split(/\s+/)[0]?.toLowerCase() ?? "";
  if (!/^[0-9a-f]{64}$/.test(expected)) throw new BackupError(`校验文件 ${side} 格式不对（应为 64 位十六进制 SHA-256），未做任何恢复。`);
  const actual = await sha256File(file);
  if (actual !== expected) throw new BackupError(`备份文件校验失败：${path.basename(file)} 的 SHA-256 与校验文件不符，文件可能不完整或已被改动，未做任何恢复。`);
  return actual;
}

/** What a backup file is, by its first bytes: pg_dump's custom format starts with "PGDMP", a tarball with gzip's magic. */
export async function backupFormat(file: string): Promise<BackupKind | null> {
  const handle = await open(file, "r").catch(() => {
    throw new BackupError(`找不到备份文件 ${file}。`);
  });
  try {
    const head = Buffer.alloc(5);
    await handle.read(head, 0, 5, 0);
    if (head.toString("latin1") === "PGDMP") return "server";
    if (head[0] === 0x1f && head[1] === 0x8b) return "embedded";
    return null;
  } finally {
    await handle.close();
  }
}

/** Writes through a temporary name and renames, so an interrupted backup never looks like a finished one. */
async function finish(partial: string, file: string, kind: BackupKind, started: number): Promise<BackupResult> {
  const handle = await open(partial, "r+");
  await handle.sync();
  await handle.close();
  await rename(partial, file);
  const sha256 = await writeChecksum(file);
  return { kind, file, checksumFile: checksumFileOf(file), bytes: (await stat(file)).size, sha256, ms: Date.now() - started };
}

// ── PostgreSQL server: pg_dump / pg_restore ────────────────────────────────────────────────────

// libpq's URI parameters; others (Prisma's ?schema=, ?connection_limit=) would make the tools fail.
const LIBPQ_PARAMS = new Set(["host", "hostaddr", "port", "dbname", "user", "connect_timeout", "sslmode", "sslcert", "sslkey", "sslrootcert", "sslcrl", "application_name", "options", "target_session_attrs", "passfile", "gssencmode", "channel_binding"]);

/** The connection string for pg_dump/pg_restore, with the password moved to PGPASSWORD (not visible in `ps`). */
export function libpqConnection(url: string): { conninfo: string; env: Record<string, string>; database: string } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = "";
  for (const key of [...u.searchParams.keys()]) if (!LIBPQ_PARAMS.has(key)) u.searchParams.delete(key);
  const database = decodeURIComponent(u.pathname.replace(/^\//, "")) || "postgres";
  return { conninfo: u.toString(), env: password ? { PGPASSWORD: password } : {}, database };
}

function runTool(command: string, args: string[], extraEnv: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "ENOENT"
          ? new BackupError(`找不到 ${command}：请安装 PostgreSQL 客户端工具（Debian/Ubuntu：apt-get install postgresql-client），版本不低于数据库服务器。`)
          : error,
      );
    });
    child.on("close", (code) => {
      if (code === 0) return resolve(stdout);
      const detail = stderr.trim().split("\n").slice(-4).join("；");
      if (/server version mismatch/.test(stderr)) {
        return reject(new BackupError(`${command} 的版本低于数据库服务器，无法备份（${detail}）。请安装与服务器相同或更高版本的 PostgreSQL 客户端工具。`));
      }
      reject(new BackupError(`${command} 失败（退出码 ${code}）：${detail || "没有输出"}`));
    });
  });
}

/** pg_dump -Fc of the database at `url` to `file` (a consistent snapshot; the app may keep running). */
export async function backupServer(url: string, file: string): Promise<BackupResult> {
  const started = Date.now();
  const { conninfo, env } = libpqConnection(url);
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const partial = `${file}.partial`;
  try {
    await runTool("pg_dump", ["--format=custom", "--compress=6", `--file=${partial}`, `--dbname=${conninfo}`], env);
    // The archive's table of contents must read back: a truncated file fails here, not on the day it is needed.
    await runTool("pg_restore", ["--list", partial], {});
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return finish(partial, file, "server", started);
}

async function publicTables(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
  return rows.map((r) => r.name);
}

/**
 * Restores a pg_dump archive into the database at `url`. The database must be empty, unless `clean`
 * (the caller has asked the user to confirm): then its public schema is dropped first. pg_restore runs
 * in one transaction, so a failure leaves the database as it was.
 */
export async function restoreServer(url: string, file: string, options: { clean?: boolean; skipChecksum?: boolean } = {}): Promise<RestoreResult> {
  const started = Date.now();
  const format = await backupFormat(file);
  if (format === "embedded") throw new BackupError("这是内置数据库的备份（.tar.gz），不能恢复到 PostgreSQL 服务器：请在未设置 DATABASE_URL 时运行 npm run db:restore。");
  if (format !== "server") throw new BackupError(`${path.basename(file)} 不是绩效通的备份文件（既不是 pg_dump 自定义格式，也不是内置数据库的 .tar.gz）。`);
  if (!options.skipChecksum) await verifyChecksum(file);
  const { conninfo, env, database } = libpqConnection(url);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const existing = await publicTables(client);
    if (existing.length > 0 && !options.clean) {
      throw new BackupError(`目标数据库 ${database} 不是空的（已有 ${existing.length} 张表）。恢复会删除其中的全部数据：请先停止绩效通，确认后加 --clean --yes 重新运行；或恢复到一个新建的空数据库。`);
    }
    if (existing.length > 0) await client.query("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
  } finally {
    await client.end();
  }
  await runTool("pg_restore", ["--no-owner", "--no-acl", "--exit-on-error", "--single-transaction", `--dbname=${conninfo}`, file], env);
  return { kind: "server", ...(await inspectRestored(url)), ms: Date.now() - started };
}

/** Row counts of every public table and the audit chain's verdict, read after a restore. */
export async function inspectRestored(url: string): Promise<Pick<RestoreResult, "tables" | "audit">> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  const tables: Record<string, number> = {};
  try {
    for (const name of await publicTables(client)) {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM "${name.replaceAll('"', '""')}"`);
      tables[name] = Number(rows[0]!.n);
    }
  } finally {
    await client.end();
  }
  if (!("AuditEvent" in tables)) return { tables, audit: { ok: true, checked: 0 } };
  const db = createPrismaClient(url, 1);
  try {
    const report = await verifyAuditChain(db);
    return { tables, audit: { ok: report.ok, checked: report.checked, ...(report.problem ? { problem: report.problem } : {}) } };
  } finally {
    await db.$disconnect();
  }
}

// ── embedded database (PGlite) ─────────────────────────────────────────────────────────────────

/** Processes (other than this one) holding a file in `dir` open, from /proc (Linux); [] elsewhere. */
async function processesUsing(dir: string): Promise<number[]> {
  const root = path.resolve(dir) + path.sep;
  let pids: string[];
  try {
    pids = (await readdir("/proc")).filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid);
  } catch {
    return [];
  }
  const found: number[] = [];
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = await readdir(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or not ours to look at
    }
    for (const fd of fds) {
      const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => "");
      if (target.startsWith(root)) {
        found.push(Number(pid));
        break;
      }
    }
  }
  return found;
}

/** Whether an embedded database answers on the loopback port (the app's, when it runs). */
async function embeddedAnswers(port: number): Promise<boolean> {
  const client = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`, connectionTimeoutMillis: 1_500 });
  try {
    await client.connect();
    const { rows } = await client.query<{ v: string }>("SELECT version() AS v");
    return /PGlite/.test(rows[0]?.v ?? "");
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function refuseWhenInUse(dataDir: string, port: number, what: string): Promise<void> {
  const pids = await processesUsing(dataDir);
  if (pids.length === 0 && !(await embeddedAnswers(port))) return;
  throw new BackupError(
    `内置数据库正在被运行中的绩效通使用（${pids.length ? `进程 ${pids.join("、")}` : `端口 ${port}`}），无法${what}：` +
      "内置数据库只能由一个进程打开，运行中得不到一致的副本。请先停止绩效通（在运行 npm start 的窗口按 Ctrl+C），再重新运行本命令。" +
      "需要不停机备份时，请改用 PostgreSQL 服务器（设置 DATABASE_URL）。",
  );
}

const hasDatabase = (dataDir: string) => existsSync(path.join(dataDir, "PG_VERSION"));

/** PGlite's tarball of the embedded data directory, taken while no other process has it open. */
export async function backupEmbedded(dataDir: string, file: string, options: { port: number }): Promise<BackupResult> {
  const started = Date.now();
  const dir = path.resolve(dataDir);
  if (!hasDatabase(dir)) throw new BackupError(`没有找到内置数据库（${dir}）：请先运行 npm start 或 npm run db:migrate 创建它。`);
  await refuseWhenInUse(dir, options.port, "备份");
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const partial = `${file}.partial`;
  // Opening runs crash recovery if the app was not stopped cleanly; the checkpoint then writes every
  // page to the files, so the tarball needs no WAL replay. dumpDataDir runs exclusively: nothing
  // else touches the database while it reads the directory.
  const db = await PGlite.create({ dataDir: dir });
  try {
    await db.exec("CHECKPOINT");
    const tarball = await db.dumpDataDir("gzip");
    await writeFile(partial, new Uint8Array(await tarball.arrayBuffer()), { mode: 0o600 });
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  } finally {
    await db.close();
  }
  return finish(partial, file, "embedded", started);
}

/**
 * Restores an embedded backup into `dataDir`: loads it into a new directory beside it first (so a bad
 * file changes nothing), then moves an existing directory aside (only with `replace`) and swaps in
 * the new one. Checks the audit chain of the result.
 */
export async function restoreEmbedded(dataDir: string, file: string, options: { port: number; replace?: boolean; skipChecksum?: boolean }): Promise<RestoreResult> {
  const started = Date.now();
  const dir = path.resolve(dataDir);
  const format = await backupFormat(file);
  if (format === "server") throw new BackupError("这是 PostgreSQL 服务器的备份（pg_dump 格式），不能直接恢复到内置数据库：请设置 DATABASE_URL 指向一个 PostgreSQL 数据库后再运行 npm run db:restore。");
  if (format !== "embedded") throw new BackupError(`${path.basename(file)} 不是绩效通的备份文件（既不是 pg_dump 自定义格式，也不是内置数据库的 .tar.gz）。`);
  if (!options.skipChecksum) await verifyChecksum(file);
  const exists = existsSync(dir) && (await readdir(dir)).length > 0;
  if (exists) {
    await refuseWhenInUse(dir, options.port, "恢复");
    if (!options.replace) throw new BackupError(`内置数据库已存在（${dir}）。恢复会用备份替换它（原目录改名保留）：请先停止绩效通，确认后加 --clean --yes 重新运行。`);
  }
  const stamp = backupFileName("embedded").replace(/^jixiao-embedded-|\.tar\.gz$/g, "");
  const staging = `${dir}.restoring-${stamp}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(path.dirname(dir), { recursive: true });
  try {
    const bytes = await readFile(file);
    // A damaged archive is refused here, by gzip's own CRC, before PGlite reads it.
    await gunzipAsync(bytes).catch(() => {
      throw new BackupError(`备份文件 ${path.basename(file)} 已损坏（gzip 校验失败），原有数据库未做任何改动。`);
    });
    const db = await PGlite.create({ dataDir: staging, loadDataDir: new Blob([new Uint8Array(bytes)]) });
    try {
      await db.query("SELECT count(*) FROM pg_class");
    } finally {
      await db.close();
    }
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (error instanceof BackupError) throw error;
    throw new BackupError(`无法载入备份 ${path.basename(file)}：${(error as Error).message}。原有数据库未做任何改动。`);
  }
  let previousDataDir: string | undefined;
  if (existsSync(dir)) {
    previousDataDir = `${dir}.before-restore-${stamp}`;
    await rename(dir, previousDataDir);
  }
  await rename(staging, dir);
  const embedded = await startEmbeddedDatabase({ dataDir: dir, port: 0 });
  try {
    return { kind: "embedded", ...(await inspectRestored(embedded.url)), ...(previousDataDir ? { previousDataDir } : {}), ms: Date.now() - started };
  } finally {
    await embedded.stop();
  }
}
