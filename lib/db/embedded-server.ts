import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, existsSync, openSync, readFileSync, renameSync, statSync } from "node:fs";
import { chown, mkdtemp, readFile, rm, unlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { alive, binaries, commandLine, EmbeddedDatabaseError, processesIn, serviceAccount, type Binaries, type ServiceAccount } from "./embedded-host";
import { explainServerLog } from "./embedded-faults";
import { probeDatabase } from "./health";

// The embedded PostgreSQL server as a process: its settings, starting it and waiting until it
// answers, stopping it, telling a live server from a stale lock file, and a maintenance start that
// only this process can reach. lib/db/embedded.ts decides when to do which.

export const EMBEDDED_USER = "jixiao";
export const EMBEDDED_DATABASE = "jixiao";

export const passwordFileOf = (dataDir: string) => path.join(path.dirname(dataDir), "db-password");
export const logFileOf = (dataDir: string) => path.join(path.dirname(dataDir), "postgresql.log");

export function embeddedUrl(port: number, password: string, database = EMBEDDED_DATABASE): string {
  return `postgresql://${EMBEDDED_USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}?sslmode=disable`;
}

/** The server's settings, given on its command line so that they hold on every start. */
export function serverSettings(port: number, throwaway: boolean, overrides: Record<string, string> = {}): string[] {
  const settings: Record<string, string> = {
    listen_addresses: "127.0.0.1",
    port: String(port),
    unix_socket_directories: "",
    password_encryption: "scram-sha-256",
    // Durable: a commit is on disk before the app hears of it (a throwaway test cluster skips that).
    fsync: throwaway ? "off" : "on",
    synchronous_commit: throwaway ? "off" : "on",
    full_page_writes: throwaway ? "off" : "on",
    max_connections: "100",
    log_line_prefix: "%m [%p] ",
    log_timezone: "Asia/Shanghai",
    timezone: "UTC",
    ...overrides,
  };
  return Object.entries(settings).flatMap(([key, value]) => ["-c", `${key}=${value}`]);
}

interface Running {
  pid: number;
  port: number;
}

/**
 * The server named in postmaster.pid when it is alive. A lock file left by a server that died (kill -9,
 * power cut) is removed once no live process works in the directory: PostgreSQL would otherwise refuse
 * to start while the old process id still exists — reused by another program, or a zombie not yet
 * reaped. While some process of the old server still runs there, the lock stays and we refuse.
 */
export async function runningServer(dataDir: string, log: (m: string) => void): Promise<Running | null> {
  const file = path.join(dataDir, "postmaster.pid");
  let lines: string[];
  try {
    lines = (await readFile(file, "utf8")).split("\n");
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (Number.isInteger(pid) && pid > 0 && alive(pid) && /postgres/.test(commandLine(pid))) return { pid, port };
  const users = processesIn(dataDir);
  if (users.length > 0) {
    throw new EmbeddedDatabaseError(
      `上次的数据库没有完全退出：进程 ${users.join("、")} 仍在使用数据目录 ${dataDir}。为免两个数据库进程同时写入同一份数据，未启动。请结束这些进程（kill ${users.join(" ")}）后重新运行。`,
    );
  }
  log(`数据目录中留有上次未正常关闭时的锁文件 postmaster.pid（进程 ${lines[0]} 已不是运行中的数据库），已移除；启动时数据库会自动完成恢复。`);
  await unlink(file).catch(() => undefined);
  return null;
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !alive(pid);
}

/** Fast shutdown (SIGINT: active transactions are rolled back, everything committed is kept), then immediate. */
export async function shutdown(pid: number): Promise<void> {
  try {
    process.kill(pid, "SIGINT");
  } catch {
    return;
  }
  if (await waitForExit(pid, 60_000)) return;
  process.kill(pid, "SIGQUIT"); // immediate: the next start runs crash recovery, committed data is in the WAL
  await waitForExit(pid, 10_000);
}

export const lastLines = (text: string) => text.trim().split("\n").slice(-4).join("；");

export function run(command: string, args: string[], account: ServiceAccount | null): Promise<{ code: number; text: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...(account ? { uid: account.uid, gid: account.gid } : {}), env: serverEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    child.stdout.on("data", (d: Buffer) => (text += d.toString()));
    child.stderr.on("data", (d: Buffer) => (text += d.toString()));
    child.on("error", (error) => resolve({ code: -1, text: error.message }));
    child.on("close", (code) => resolve({ code: code ?? -1, text }));
  });
}

/** English messages (they are matched), no inherited locale or connection settings. */
export const serverEnv = () => ({ PATH: process.env.PATH ?? "/usr/bin:/bin", LANG: "C", LC_ALL: "C", TZ: "UTC" }) as unknown as NodeJS.ProcessEnv;

/** The server as a child process; its log is read from `logOffset` on (what this start wrote). */
export async function launch(bins: Binaries, dataDir: string, settings: string[], account: ServiceAccount | null, logFile: string): Promise<{ child: ChildProcess; logOffset: number }> {
  // The server writes its messages to a file: a pipe to this process would break when it exits.
  if (existsSync(logFile) && statSync(logFile).size > 10 * 1024 * 1024) renameSync(logFile, `${logFile}.1`);
  const fd = openSync(logFile, "a", 0o600);
  const logOffset = statSync(logFile).size;
  try {
    const child = spawn(bins.postgres, ["-D", dataDir, ...settings], {
      ...(account ? { uid: account.uid, gid: account.gid } : {}),
      env: serverEnv(),
      stdio: ["ignore", fd, fd],
    });
    child.on("error", () => undefined); // reported by waitUntilReady through exitCode
    return { child, logOffset };
  } finally {
    closeSync(fd);
  }
}

function newLogText(logFile: string, logOffset: number): string {
  try {
    return readFileSync(logFile).subarray(logOffset).toString("utf8");
  } catch {
    return "";
  }
}

export async function waitUntilReady({ child, logOffset }: { child: ChildProcess; logOffset: number }, adminUrl: string, logFile: string, context: { dataDir: string; port: number }): Promise<void> {
  const deadline = Date.now() + 120_000; // crash recovery after kill -9 replays the WAL first
  let exited = false;
  child.once("exit", () => (exited = true));
  while (Date.now() < deadline) {
    if (exited || child.exitCode !== null) {
      const text = newLogText(logFile, logOffset);
      throw new EmbeddedDatabaseError(explainServerLog(text, { ...context, phase: "start" }) ?? `内置数据库启动失败：${lastLines(text) || "没有输出"}（完整日志：${logFile}）`);
    }
    if (await probeDatabase(adminUrl)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new EmbeddedDatabaseError(`内置数据库 2 分钟内没有就绪：请查看日志 ${logFile}。`);
}

/**
 * The server on `dataDir` for maintenance by this process alone (checking a restored backup, setting
 * the password): no TCP port, a Unix socket in a private temporary directory, trust only there.
 */
export async function startMaintenanceServer(dataDir: string): Promise<{ url: (database?: string) => string; stop(): Promise<void> }> {
  const bins = await binaries();
  const account = await serviceAccount();
  const socketDir = await mkdtemp(path.join(os.tmpdir(), "jixiao-pgsock-"));
  const hbaFile = path.join(socketDir, "pg_hba.conf");
  await writeFile(hbaFile, "local all all trust\n", { mode: 0o600 });
  if (account) for (const p of [socketDir, hbaFile]) await chown(p, account.uid, account.gid);
  const logFile = path.join(socketDir, "postgresql.log");
  const settings = serverSettings(5432, false, { listen_addresses: "", unix_socket_directories: socketDir, hba_file: hbaFile });
  const server = await launch(bins, dataDir, settings, account, logFile);
  const { child } = server;
  const url = (database = EMBEDDED_DATABASE) => `postgresql://${EMBEDDED_USER}@localhost/${database}?host=${encodeURIComponent(socketDir)}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null && child.pid) await shutdown(child.pid);
    await rm(socketDir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(server, url("postgres"), logFile, { dataDir, port: 0 });
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}

/** Sets the password of the cluster's user to the one in db-password beside `dataDir` (a new one when there is none). */
export async function adoptPassword(maintenanceUrl: string, dataDir: string): Promise<void> {
  const file = passwordFileOf(dataDir);
  let password = existsSync(file) ? (await readFile(file, "utf8")).trim() : "";
  if (!password) {
    password = randomBytes(24).toString("base64url");
    await writeFile(file, `${password}\n`, { mode: 0o600 });
  }
  const client = new pg.Client({ connectionString: maintenanceUrl });
  await client.connect();
  try {
    await client.query(`ALTER ROLE "${EMBEDDED_USER}" PASSWORD '${password.replaceAll("'", "''")}'`);
  } finally {
    await client.end();
  }
}

/** A running server on `dataDir` (process id), or null; used to refuse replacing a directory in use. */
export async function serverRunningOn(dataDir: string): Promise<number | null> {
  return (await runningServer(path.resolve(dataDir), () => undefined))?.pid ?? null;
}
