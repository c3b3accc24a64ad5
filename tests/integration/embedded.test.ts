import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { chmod, chown, mkdtemp, rm, stat } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "@/lib/audit/chain";
import { recordExpenditure } from "@/lib/budget/records";
import { createPrismaClient } from "@/lib/db/client";
import { startEmbeddedDatabase } from "@/lib/db/embedded";
import { alive, freePort } from "@/lib/db/embedded-host";
import { migrate } from "@/lib/db/migrate";
import { createDemoUsers, seedLiuzhou } from "@/lib/db/seed";
import { saveCheckIns } from "@/lib/progress/check-ins";
import { makeUser } from "../support/factories";

// The embedded default is a real PostgreSQL server: the app's pool of 10 and a second process (the
// CLI) work on it at the same time, and each fault (port taken, directory not writable or not ours,
// another major version, a server left behind by kill -9, disk full during initdb) is named in
// Chinese with its fix, the data as it was.

const work = await mkdtemp(path.join(tmpdir(), "jixiao-embedded-"));
await chmod(work, 0o755); // as root the embedded server runs as jixiao-db, which must be able to enter it
const mounts: string[] = [];
afterAll(async () => {
  for (const m of mounts.reverse()) spawnSync("umount", ["-l", m]);
  await rm(work, { recursive: true, force: true });
});

const isRoot = process.getuid?.() === 0;
const canMount = (() => {
  if (!isRoot) return false;
  const probe = path.join(work, "mount-probe");
  mkdirSync(probe);
  const ok = spawnSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", probe]).status === 0;
  if (ok) spawnSync("umount", [probe]);
  return ok;
})();

async function rowsOf(url: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ n: number }>("SELECT n FROM held ORDER BY n")).rows.map((r) => r.n);
  } finally {
    await client.end();
  }
}

/** A process holding the embedded database like a running app (tests/support/hold-embedded.ts). */
async function hold(dataDir: string, port: number, rows: number): Promise<ChildProcess> {
  const child = spawn("npx", ["tsx", "tests/support/hold-embedded.ts", dataDir, String(port), String(rows)], { detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 60_000;
  while (!output.includes("ready")) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`hold-embedded did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return child;
}

const postmasterPid = (dataDir: string) => Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);

async function waitGone(pid: number) {
  for (let i = 0; i < 200 && alive(pid); i++) await new Promise((r) => setTimeout(r, 25));
  expect(alive(pid)).toBe(false);
}

describe("the embedded PostgreSQL under load from the app and a second process", () => {
  it("a second process (npm run cli -- audit verify) runs while 20 concurrent saves go through, every result right", async () => {
    const dataRoot = path.join(work, "busy");
    const port = await freePort();
    const embedded = await startEmbeddedDatabase({ dataDir: path.join(dataRoot, "pgdata"), port, running: "own", log: () => undefined });
    const db = createPrismaClient(embedded.url); // the app's pool: DATABASE_POOL_MAX, 10
    const watcher = new pg.Client({ connectionString: embedded.url });
    try {
      await migrate(embedded.url);
      const seeded = await seedLiuzhou(db);
      await createDemoUsers(db, seeded.departmentId);
      const { actor } = await makeUser(db, "REPORTER", "309002");
      const projects = await db.project.findMany({ where: { unit: { code: "309002" } }, include: { indicators: true } });
      const indicators = projects.flatMap((p) => p.indicators).filter((i) => i.targetValue !== null && i.targetText === null && ["GTE", "LTE", "EQ"].includes(i.comparator)).slice(0, 10);
      expect(indicators).toHaveLength(10);
      const now = new Date("2026-11-26T08:00:00Z");
      const auditBefore = await db.auditEvent.count();

      await watcher.connect();
      let peak = 0;
      let watching = true;
      const watching$ = (async () => {
        while (watching) {
          const { rows } = await watcher.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", ["jixiao"]);
          peak = Math.max(peak, rows[0]!.n);
          await new Promise((r) => setTimeout(r, 10));
        }
      })();

      const cli = new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn("npx", ["tsx", "scripts/cli.ts", "audit", "verify", "--json"], {
          env: { ...process.env, DATABASE_URL: "", JIXIAO_DATA_DIR: dataRoot, EMBEDDED_DB_PORT: String(port) },
          stdio: ["ignore", "pipe", "pipe"],
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("close", (status) => resolve({ status, stdout, stderr }));
      });
      let cliDone = false;
      void cli.then(() => (cliDone = true));

      // Rounds of 20 saves at once (10 payments, 10 check-ins of a new month) until the CLI has finished.
      const saved: { voucher: string; amount: string }[] = [];
      const checkIns: { indicatorId: string; month: number; actual: string }[] = [];
      for (let month = 1; month <= 12 && (month <= 2 || !cliDone); month++) {
        const results = await Promise.all([
          ...Array.from({ length: 10 }, (_, i) => {
            const voucher = `CONC-${month}-${i}`;
            const amount = `${month * 1000 + i}.${String(i * 7 + month).padStart(2, "0")}`;
            saved.push({ voucher, amount });
            return recordExpenditure(db, actor, projects.find((p) => p.indicators.length > 0)!.id, { date: `2025-${String(month).padStart(2, "0")}-10`, amount, payee: "并发测试", voucherNo: voucher, confirmed: "true" }, { now });
          }),
          ...indicators.map((indicator, i) => {
            const actual = indicator.targetValue!.toFixed();
            checkIns.push({ indicatorId: indicator.id, month, actual });
            return saveCheckIns(db, actor, { year: 2025, month, rows: [{ indicatorId: indicator.id, actual, likelihood: "CERTAIN", note: `并发 ${month}-${i}` }] }, { now });
          }),
        ]);
        for (const r of results) if ("saved" in r) expect(r).toMatchObject({ saved: 1, errors: {}, conflicts: [] });
      }
      const run = await cli;
      watching = false;
      await watching$;

      expect(run.status, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout) as { ok: boolean; checked: number };
      expect(report.ok).toBe(true);
      const auditAfter = await db.auditEvent.count();
      expect(report.checked).toBeGreaterThanOrEqual(auditBefore);
      expect(report.checked).toBeLessThanOrEqual(auditAfter);
      expect(peak, "connections of the app's pool in use at once").toBeGreaterThanOrEqual(5);

      // Every save is there exactly as sent, with its one audit record; the chain verifies.
      const payments = await db.expenditure.findMany({ where: { voucherNo: { startsWith: "CONC-" } }, select: { voucherNo: true, amount: true } });
      expect(payments.map((p) => `${p.voucherNo} ${p.amount.toFixed(2)}`).sort()).toEqual(saved.map((s) => `${s.voucher} ${s.amount}`).sort());
      const stored = await db.checkIn.findMany({ where: { note: { startsWith: "并发 " } }, select: { indicatorId: true, actualValue: true, report: { select: { month: true } } } });
      expect(stored.map((c) => `${c.indicatorId} ${c.report!.month} ${c.actualValue?.toFixed()}`).sort()).toEqual(checkIns.map((c) => `${c.indicatorId} ${c.month} ${c.actual}`).sort());
      expect(auditAfter - auditBefore).toBe(saved.length + checkIns.length);
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: auditAfter });
    } finally {
      await watcher.end().catch(() => undefined);
      await db.$disconnect();
      await embedded.stop();
    }
  }, 180_000);
});

describe("faults of the embedded database, each named in Chinese with its fix, no data lost", () => {
  const dataRoot = path.join(work, "faults");
  const dataDir = path.join(dataRoot, "pgdata");

  it("port taken: says which port and how to choose another; the cluster starts once it is free", async () => {
    const first = await startEmbeddedDatabase({ dataDir, port: 0, log: () => undefined });
    const client = new pg.Client({ connectionString: first.url });
    await client.connect();
    await client.query("CREATE TABLE held (n int PRIMARY KEY); INSERT INTO held SELECT generate_series(1, 5)");
    await client.end();
    await first.stop();
    const blocker: Server = createServer();
    const port = await new Promise<number>((resolve) => blocker.listen(0, "127.0.0.1", () => resolve((blocker.address() as { port: number }).port)));
    try {
      await expect(startEmbeddedDatabase({ dataDir, port, log: () => undefined })).rejects.toThrow(
        new RegExp(`内置数据库端口 ${port}（127\\.0\\.0\\.1）已被其他程序占用.*EMBEDDED_DB_PORT`),
      );
    } finally {
      blocker.close();
    }
    const again = await startEmbeddedDatabase({ dataDir, port, log: () => undefined });
    try {
      expect(await rowsOf(again.url)).toEqual([1, 2, 3, 4, 5]);
    } finally {
      await again.stop();
    }
  }, 60_000);

  it("a server left behind by a killed app: kill -9 of the whole app, and of the app alone (the server orphaned)", async () => {
    // The app and its server killed together: a stale postmaster.pid, and committed rows in the WAL only.
    const app = await hold(dataDir, await freePort(), 50);
    const server = postmasterPid(dataDir);
    process.kill(-app.pid!, "SIGKILL");
    await waitGone(server);
    expect(existsSync(path.join(dataDir, "postmaster.pid"))).toBe(true);
    const messages: string[] = [];
    let db = await startEmbeddedDatabase({ dataDir, port: 0, running: "own", log: (m) => messages.push(m) });
    expect(await rowsOf(db.url)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    await db.stop();

    // Only the app killed: its server runs on, orphaned. npm start shuts it down cleanly and starts its own.
    const second = await hold(dataDir, await freePort(), 60);
    const orphan = postmasterPid(dataDir);
    const parent = Number(readFileSync(`/proc/${orphan}/stat`, "utf8").split(") ")[1]!.split(" ")[1]);
    process.kill(parent, "SIGKILL");
    await new Promise((r) => setTimeout(r, 300));
    expect(alive(orphan)).toBe(true);
    db = await startEmbeddedDatabase({ dataDir, port: 0, running: "own", log: (m) => messages.push(m) });
    try {
      expect(messages.join("\n")).toContain(`发现上次被强行结束的绩效通留下的数据库进程 ${orphan}，正在正常关闭后重新启动`);
      expect(alive(orphan)).toBe(false);
      expect(await rowsOf(db.url)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    } finally {
      await db.stop();
      try {
        process.kill(-second.pid!, "SIGKILL");
      } catch {
        // gone with its parent
      }
    }

    // A lock file whose process id now belongs to another program (the id was reused after a crash).
    const sleeper = spawn("sleep", ["60"]);
    const lock = path.join(dataDir, "postmaster.pid");
    writeFileSync(lock, `${sleeper.pid}\n${dataDir}\n0\n5432\n\n127.0.0.1\n0 0\nready\n`);
    db = await startEmbeddedDatabase({ dataDir, port: 0, running: "own", log: (m) => messages.push(m) });
    try {
      expect(messages.at(-1)).toContain(`锁文件 postmaster.pid（进程 ${sleeper.pid} 已不是运行中的数据库），已移除`);
      expect(await rowsOf(db.url)).toHaveLength(60);
    } finally {
      await db.stop();
      sleeper.kill();
    }
  }, 180_000);

  it("a second npm start on the same directory while the first runs is refused, and the first keeps working", async () => {
    const app = await hold(dataDir, await freePort(), 60);
    try {
      await expect(startEmbeddedDatabase({ dataDir, port: 0, running: "own", log: () => undefined })).rejects.toThrow(/内置数据库已由另一个正在运行的绩效通（进程 \d+）启动/);
      const attached = await startEmbeddedDatabase({ dataDir, port: 0, running: "attach" });
      expect(attached.owned).toBe(false);
      expect(await rowsOf(attached.url)).toHaveLength(60);
    } finally {
      process.kill(-app.pid!, "SIGTERM");
      await waitGone(postmasterPid(dataDir));
    }
  }, 120_000);

  it("a lost password file: a new password is set through a server only this process reaches, the data as it was", async () => {
    const file = path.join(dataRoot, "db-password");
    const old = readFileSync(file, "utf8");
    rmSync(file);
    const messages: string[] = [];
    const db = await startEmbeddedDatabase({ dataDir, port: 0, log: (m) => messages.push(m) });
    try {
      expect(messages.join("\n")).toContain("密码文件");
      expect(readFileSync(file, "utf8")).not.toBe(old);
      expect(await rowsOf(db.url)).toHaveLength(60);
    } finally {
      await db.stop();
    }
  }, 60_000);

  it("a data directory from another PostgreSQL major version, or not a database at all, is named and left alone", async () => {
    const old = path.join(work, "pg16", "pgdata");
    mkdirSync(path.join(old, "base"), { recursive: true });
    writeFileSync(path.join(old, "PG_VERSION"), "16\n");
    writeFileSync(path.join(old, "base", "1"), "data of another server");
    await expect(startEmbeddedDatabase({ dataDir: old, port: 0 })).rejects.toThrow(/是 PostgreSQL 16 的数据库，而本版本内置的是 PostgreSQL 18.*数据未做任何改动/);
    expect(readdirSync(old).sort()).toEqual(["PG_VERSION", "base"]);
    const other = path.join(work, "other", "pgdata");
    mkdirSync(other, { recursive: true });
    writeFileSync(path.join(other, "notes.txt"), "someone's files");
    await expect(startEmbeddedDatabase({ dataDir: other, port: 0 })).rejects.toThrow(/不是空的，但其中没有数据库/);
    expect(readdirSync(other)).toEqual(["notes.txt"]);
  });

  it.skipIf(!isRoot)("as root: the server runs as jixiao-db, owning only the data directory; a directory owned by someone else is refused", async () => {
    const before = await stat(dataDir);
    const db = await startEmbeddedDatabase({ dataDir, port: 0, log: () => undefined });
    try {
      const owner = execFileSync("ps", ["-o", "user=", "-p", String(postmasterPid(dataDir))], { encoding: "utf8" }).trim();
      expect(owner).toBe("jixiao-db");
    } finally {
      await db.stop();
    }
    expect((await stat(dataRoot)).uid).toBe(0);
    expect((await stat(path.join(dataRoot, "db-password"))).mode & 0o777).toBe(0o600);
    await chown(dataDir, 0, 0);
    try {
      await expect(startEmbeddedDatabase({ dataDir, port: 0 })).rejects.toThrow(/属于另一个用户（编号 0）.*chown -R jixiao-db/);
    } finally {
      await chown(dataDir, before.uid, before.gid);
    }
  }, 60_000);

  it.skipIf(!canMount)("data directory not writable (a read-only file system): named, nothing created", async () => {
    const readOnly = path.join(work, "readonly");
    mkdirSync(readOnly);
    expect(spawnSync("mount", ["--bind", "-o", "ro", readOnly, readOnly]).status).toBe(0);
    mounts.push(readOnly);
    await expect(startEmbeddedDatabase({ dataDir: path.join(readOnly, "data", "pgdata"), port: 0 })).rejects.toThrow(/不可写（所在文件系统是只读的）.*JIXIAO_DATA_DIR/);
  });

  it.skipIf(isRoot)("data directory not writable (no permission): named, nothing created", async () => {
    const locked = path.join(work, "locked");
    mkdirSync(locked, { mode: 0o555 });
    await expect(startEmbeddedDatabase({ dataDir: path.join(locked, "pgdata"), port: 0 })).rejects.toThrow(/不可写（当前用户 .* 没有写权限）/);
  });

  it.skipIf(!canMount)("disk full during initdb: named, the half-made cluster removed, nothing else touched; starts once there is room", async () => {
    const small = path.join(work, "small");
    mkdirSync(small);
    expect(spawnSync("mount", ["-t", "tmpfs", "-o", "size=12m,mode=755", "tmpfs", small]).status).toBe(0);
    mounts.push(small);
    writeFileSync(path.join(small, "keep.txt"), "an operator's file");
    await expect(startEmbeddedDatabase({ dataDir: path.join(small, "pgdata"), port: 0, log: () => undefined })).rejects.toThrow(/磁盘空间不足.*数据库尚未创建，没有任何数据丢失.*df -h/);
    expect(readdirSync(small)).toEqual(["keep.txt"]);
    expect(spawnSync("mount", ["-o", "remount,size=200m", small]).status).toBe(0);
    const db = await startEmbeddedDatabase({ dataDir: path.join(small, "pgdata"), port: 0, log: () => undefined });
    await db.stop();
  }, 60_000);
});
