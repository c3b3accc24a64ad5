import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { chown, lstat, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import pg from "pg";
import { chinaDateTime } from "@/lib/calendar";
import { verifyAuditChain } from "@/lib/audit/chain";
import { createPrismaClient } from "./client";
import { adoptPassword, serverRunningOn, startMaintenanceServer } from "./embedded-server";
import { serviceAccount } from "./embedded-host";
import { extractTar, TarWriter } from "./tar";

// Backup and restore (docs/durability.md), for both kinds of database the product runs on.
//
// A PostgreSQL server: pg_dump's custom format (-Fc) while the app keeps running (pg_dump reads one
// consistent snapshot), restored with pg_restore in a single transaction into an empty database, or
// into a non-empty one after it has been emptied (--clean, only with an explicit --yes).
//
// The embedded database (a PostgreSQL 18 server whose package ships no pg_dump, and the system's
// pg_dump, when there is one, may be older than 18 and refuses a newer server): an online base backup
// through PostgreSQL's low-level API — pg_backup_start, a copy of the data directory, pg_backup_stop —
// while the app keeps running, with the WAL written meanwhile kept by a temporary replication slot and
// included, so the archive restores on its own (the layout of `pg_basebackup -Ft -X fetch`, as one
// .tar.gz). The restore unpacks it into a new directory beside the old one, lets the server replay the
// WAL there, checks the tables and the audit chain, and only then swaps it in, keeping the old one.
//
// Every backup gets a sha256 side file (`<file>.sha256`, the format `sha256sum -c` reads); a restore
// checks it before touching anything, and afterwards verifies the audit trail's hash chain.

export class BackupError extends Error {}

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
  const stamp = chinaDateTime(now).replace(/[-:]/g, "").replace("T", "-");
  return `jixiao-${kind}-${stamp}${kind === "server" ? ".dump" : ".tar.gz"}`;
}

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

// ── embedded database: online base backup ────────────────────────────────────────────────────

// What pg_basebackup leaves out: runtime state the server rebuilds on start (directories kept, empty).
const EMPTY_DIRS = new Set(["pg_wal", "pg_dynshmem", "pg_notify", "pg_replslot", "pg_serial", "pg_snapshots", "pg_stat_tmp", "pg_subtrans"]);
const SKIPPED_FILES = new Set(["postmaster.pid", "postmaster.opts", "pg_internal.init", "backup_label", "backup_label.old", "tablespace_map", "current_logfiles", "backup_manifest"]);

async function addTree(tar: TarWriter, root: string, relative: string): Promise<number> {
  let files = 0;
  const entries = await readdir(path.join(root, relative), { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return []; // dropped while we read (a temporary directory)
    throw error;
  });
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const name = relative ? `${relative}/${entry.name}` : entry.name;
    const absolute = path.join(root, name);
    if (entry.name.startsWith("pgsql_tmp") || SKIPPED_FILES.has(entry.name)) continue;
    const info = await lstat(absolute).catch(() => null);
    if (!info) continue; // a relation dropped while we read: the WAL replay knows
    if (info.isDirectory()) {
      await tar.directory(name, info.mode);
      if (!(relative === "" && EMPTY_DIRS.has(entry.name))) files += await addTree(tar, root, name);
    } else if (info.isFile()) {
      await tar.file(name, absolute, info.size, info.mode, info.mtimeMs);
      files += 1;
    }
  }
  return files;
}

/**
 * A consistent copy of the embedded cluster at `dataDir`, taken while it runs; `adminUrl` connects
 * to it as its superuser. Writes `file` (.tar.gz) and its .sha256.
 */
export async function backupEmbedded(dataDir: string, adminUrl: string, file: string): Promise<BackupResult> {
  const started = Date.now();
  const dir = path.resolve(dataDir);
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const partial = `${file}.partial`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    // Reserves the WAL from here on: checkpoints during the copy cannot recycle a segment the restore needs.
    await client.query("SELECT pg_create_physical_replication_slot($1, true, true)", [`jixiao_backup_${process.pid}`]);
    await client.query("SELECT pg_backup_start($1, true)", [`jixiao ${path.basename(file)}`]);
    const gzip = createGzip({ level: 6 });
    const written = pipeline(gzip, createWriteStream(partial, { mode: 0o600 }));
    const tar = new TarWriter(gzip);
    await addTree(tar, dir, "");
    const { rows } = await client.query<{ lsn: string; labelfile: string; spcmapfile: string; stopfile: string }>(
      "SELECT lsn::text, labelfile, spcmapfile, pg_walfile_name(lsn) AS stopfile FROM pg_backup_stop(false)",
    );
    const stop = rows[0]!;
    await tar.buffer("backup_label", Buffer.from(stop.labelfile));
    if (stop.spcmapfile) await tar.buffer("tablespace_map", Buffer.from(stop.spcmapfile));
    // The WAL from the backup's starting checkpoint to its end record: replayed on restore.
    const startFile = /START WAL LOCATION: .*\(file ([0-9A-F]{24})\)/.exec(stop.labelfile)?.[1];
    if (!startFile) throw new BackupError("pg_backup_stop 返回的备份标签中没有起始 WAL 文件名，备份未完成。");
    await tar.directory("pg_wal/archive_status");
    const walDir = path.join(dir, "pg_wal");
    const segments = (await readdir(walDir)).filter((n) => /^[0-9A-F]{24}$/.test(n) && n >= startFile && n <= stop.stopfile).sort();
    if (segments[0] !== startFile || segments.at(-1) !== stop.stopfile) throw new BackupError(`备份所需的 WAL 文件不全（${startFile}–${stop.stopfile}），备份未完成。`);
    for (const name of segments) {
      const info = await stat(path.join(walDir, name));
      await tar.file(`pg_wal/${name}`, path.join(walDir, name), info.size, info.mode, info.mtimeMs);
    }
    await tar.end();
    await written;
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  } finally {
    await client.end().catch(() => undefined); // ends the backup if it is still open and drops the temporary slot
  }
  return finish(partial, file, "embedded", started);
}

/**
 * Restores an embedded backup into `dataDir` (the app stopped): unpacks it into a new directory
 * beside it, starts the server there alone (it replays the included WAL), sets the password this
 * installation uses, checks the tables and the audit chain, then moves an existing directory aside
 * (only with `replace`; kept, not deleted) and puts the new one in its place.
 */
export async function restoreEmbedded(dataDir: string, file: string, options: { replace?: boolean; skipChecksum?: boolean }): Promise<RestoreResult> {
  const started = Date.now();
  const dir = path.resolve(dataDir);
  const format = await backupFormat(file);
  if (format === "server") throw new BackupError("这是 PostgreSQL 服务器的备份（pg_dump 格式），不能直接恢复到内置数据库：请设置 DATABASE_URL 指向一个 PostgreSQL 数据库后再运行 npm run db:restore。");
  if (format !== "embedded") throw new BackupError(`${path.basename(file)} 不是绩效通的备份文件（既不是 pg_dump 自定义格式，也不是内置数据库的 .tar.gz）。`);
  if (!options.skipChecksum) await verifyChecksum(file);
  const running = await serverRunningOn(dir);
  if (running) {
    throw new BackupError(`内置数据库正在运行（进程 ${running}）：恢复会替换整个数据目录，请先停止绩效通（在运行 npm start 的窗口按 Ctrl+C）再运行本命令。备份不需要停止。`);
  }
  const exists = existsSync(dir) && (await readdir(dir)).length > 0;
  if (exists && !options.replace) throw new BackupError(`内置数据库已存在（${dir}）。恢复会用备份替换它（原目录改名保留）：请先停止绩效通，确认后加 --clean --yes 重新运行。`);
  const stamp = backupFileName("embedded").replace(/^jixiao-embedded-|\.tar\.gz$/g, "");
  const staging = `${dir}.restoring-${stamp}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(path.dirname(dir), { recursive: true });
  const account = await serviceAccount();
  let inspected: Pick<RestoreResult, "tables" | "audit">;
  try {
    await mkdir(staging, { mode: 0o700 });
    const owned = async (p: string) => {
      if (account) await chown(p, account.uid, account.gid);
    };
    await owned(staging);
    try {
      await extractTar(createReadStream(file).pipe(createGunzip()), staging, owned);
    } catch (error) {
      throw new BackupError(`备份文件 ${path.basename(file)} 已损坏或不完整（${(error as Error).message}），原有数据库未做任何改动。`);
    }
    if (!existsSync(path.join(staging, "backup_label")) || !existsSync(path.join(staging, "PG_VERSION"))) {
      throw new BackupError(`${path.basename(file)} 不是内置数据库的备份（缺少 backup_label 或 PG_VERSION），原有数据库未做任何改动。`);
    }
    const server = await startMaintenanceServer(staging);
    try {
      await adoptPassword(server.url("postgres"), dir);
      inspected = await inspectRestored(server.url());
    } finally {
      await server.stop();
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
  return { kind: "embedded", ...inspected, ...(previousDataDir ? { previousDataDir } : {}), ms: Date.now() - started };
}
