import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { verifyAuditChain } from "@/lib/audit/chain";
import { backupEmbedded, backupServer, restoreEmbedded, restoreServer, sha256File } from "@/lib/db/backup";
import { recordAdjustment, recordExpenditure } from "@/lib/budget/records";
import { createPrismaClient, type Db } from "@/lib/db/client";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { createDemoUsers, seedLiuzhou } from "@/lib/db/seed";
import { saveCheckIns } from "@/lib/progress/check-ins";
import { makeUser } from "../support/factories";
import { fingerprint, sequencePositions } from "../support/fingerprint";
import { createFileDatabase, dropDatabase, recreateDatabase, withDatabaseName } from "../support/test-database";

// npm run db:backup / db:restore: a seeded database with some records goes through a backup and a
// restore into an empty database, and comes back identical table by table (row count and an md5 of
// every row's text, sequences too), with an intact audit hash chain — on a PostgreSQL server
// (pg_dump/pg_restore) and on the embedded PostgreSQL 18 (an online base backup taken while writes go
// on: every write acknowledged before the backup began is in it, none half).

const now = new Date("2026-11-26T08:00:00Z");
const work = await mkdtemp(path.join(tmpdir(), "jixiao-backup-"));
await chmod(work, 0o755); // as root the embedded server runs as jixiao-db, which must be able to enter it
afterAll(() => rm(work, { recursive: true, force: true }));

/** The seeded bureau, demo users, and a reporter's payments, a budget adjustment and check-ins (all audited). */
async function addRecords(db: Db, tag: string, month = 6) {
  const seeded = await seedLiuzhou(db);
  await createDemoUsers(db, seeded.departmentId);
  const { actor } = await makeUser(db, "REPORTER", "309002");
  const project = await db.project.findFirstOrThrow({ where: { name: "龙城市民云APP运维费" }, include: { indicators: true } });
  for (const [i, amount] of ["12345.67", "800.00", "0.01"].entries()) {
    await recordExpenditure(db, actor, project.id, { date: `2025-0${i + 3}-15`, amount, payee: "某科技公司", voucherNo: `${tag}-${i}`, confirmed: "true" }, { now });
  }
  await recordAdjustment(db, actor, project.id, { date: "2025-06-01", amount: "-1000.50", reason: "压减一般性支出", approvedBy: "柳财预〔2025〕12号" }, { now });
  const users = project.indicators.find((i) => i.name === "龙城市民云注册用户数")!;
  const result = await saveCheckIns(db, actor, { year: 2025, month, rows: [{ indicatorId: users.id, actual: "125", likelihood: "CERTAIN", note: `备份测试 ${tag}` }] }, { now });
  expect(result.saved).toBe(1);
}

async function withClient<T>(url: string, work: (db: Db) => Promise<T>): Promise<T> {
  const db = createPrismaClient(url, 2);
  try {
    return await work(db);
  } finally {
    await db.$disconnect();
  }
}

const serverUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!serverUrl)("backup and restore of a PostgreSQL server (pg_dump / pg_restore)", () => {
  const targetName = `jixiao_restore_${randomBytes(4).toString("hex")}`;
  const dumpFile = path.join(work, "server.dump");
  let sourceUrl = "";
  let dropSource: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await dropSource?.();
    await dropDatabase(serverUrl!, targetName);
  });

  it("restores into an empty database exactly what was backed up, with the audit chain intact", async () => {
    const source = await createFileDatabase(inject("databaseUrl"));
    sourceUrl = source.url;
    dropSource = source.drop;
    await withClient(sourceUrl, (db) => addRecords(db, "S"));
    const before = await fingerprint(sourceUrl);
    expect(before.AuditEvent).toMatch(/^\d+ rows/);
    expect(Number(before.AuditEvent!.split(" ")[0])).toBeGreaterThan(5);

    const backup = await backupServer(sourceUrl, dumpFile);
    expect(backup.kind).toBe("server");
    expect((await readFile(dumpFile)).subarray(0, 5).toString()).toBe("PGDMP");
    expect(await readFile(`${dumpFile}.sha256`, "utf8")).toBe(`${await sha256File(dumpFile)}  server.dump\n`);
    expect(existsSync(`${dumpFile}.partial`)).toBe(false);

    const targetUrl = await recreateDatabase(serverUrl!, targetName);
    const restored = await restoreServer(targetUrl, dumpFile);
    expect(restored.audit).toMatchObject({ ok: true });
    expect(await fingerprint(targetUrl)).toEqual(before);
    const chain = await withClient(targetUrl, (db) => verifyAuditChain(db));
    expect(chain.ok).toBe(true);
    expect(chain.checked).toBe(Number(before.AuditEvent!.split(" ")[0]));

    // The restored database works on: sequences and the chain carry on from where they were.
    await withClient(targetUrl, async (db) => {
      await addRecords(db, "T", 7);
      expect((await verifyAuditChain(db)).ok).toBe(true);
    });
  });

  it("refuses a non-empty target without --clean, then replaces it with --clean", async () => {
    const targetUrl = withDatabaseName(serverUrl!, targetName);
    const changed = await fingerprint(targetUrl);
    await expect(restoreServer(targetUrl, dumpFile)).rejects.toThrow(/不是空的.*--clean --yes/);
    expect(await fingerprint(targetUrl)).toEqual(changed);
    await restoreServer(targetUrl, dumpFile, { clean: true });
    expect(await fingerprint(targetUrl)).toEqual(await fingerprint(sourceUrl));
  });

  it("refuses a damaged file, a missing checksum and an embedded backup, changing nothing", async () => {
    const targetUrl = withDatabaseName(serverUrl!, targetName);
    const before = await fingerprint(targetUrl);
    const damaged = path.join(work, "damaged.dump");
    const bytes = await readFile(dumpFile);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    await writeFile(damaged, bytes);
    await copyFile(`${dumpFile}.sha256`, `${damaged}.sha256`);
    await expect(restoreServer(targetUrl, damaged, { clean: true })).rejects.toThrow(/校验失败/);
    const unchecked = path.join(work, "unchecked.dump");
    await copyFile(dumpFile, unchecked);
    await expect(restoreServer(targetUrl, unchecked, { clean: true })).rejects.toThrow(/找不到校验文件/);
    const tarball = path.join(work, "fake.tar.gz");
    await writeFile(tarball, Buffer.from([0x1f, 0x8b, 0, 0, 0]));
    await expect(restoreServer(targetUrl, tarball, { clean: true })).rejects.toThrow(/内置数据库的备份/);
    expect(await fingerprint(targetUrl)).toEqual(before);
  });
});

describe("backup and restore of the embedded database (online base backup)", () => {
  const dataDir = path.join(work, "embedded", "pgdata");
  const file = path.join(work, "embedded-busy.tar.gz");
  const quiet = path.join(work, "embedded-quiet.tar.gz");
  let source: EmbeddedDatabase;
  let before: Record<string, string> = {};
  let sequencesBefore: Record<string, string> = {};
  afterAll(() => source?.stop());

  it("backs up while 4 writers go on, and keeps every write acknowledged before it began, none half-written", async () => {
    source = await startEmbeddedDatabase({ dataDir, port: 0, log: () => undefined });
    await migrate(source.url);
    const db = createPrismaClient(source.url, 10);
    try {
      await addRecords(db, "E");
      const { actor } = await makeUser(db, "REPORTER", "309002");
      const project = await db.project.findFirstOrThrow({ where: { name: "龙城市民云APP运维费" } });
      const acked: { voucher: string; at: number }[] = [];
      let writing = true;
      let n = 0;
      const writer = async () => {
        while (writing) {
          const voucher = `BUSY-${n++}`;
          await recordExpenditure(db, actor, project.id, { date: "2025-08-01", amount: `${n}.00`, payee: "备份期间写入", voucherNo: voucher, confirmed: "true" }, { now });
          acked.push({ voucher, at: Date.now() });
        }
      };
      const writers = Array.from({ length: 4 }, writer);
      while (acked.length < 20) await new Promise((r) => setTimeout(r, 10));
      const backupStarted = Date.now();
      const backup = await backupEmbedded(dataDir, source.url, file);
      writing = false;
      await Promise.all(writers);
      expect(backup.kind).toBe("embedded");
      expect(await readFile(`${file}.sha256`, "utf8")).toBe(`${await sha256File(file)}  embedded-busy.tar.gz\n`);
      expect(existsSync(`${file}.partial`)).toBe(false);
      const duringBackup = acked.filter((a) => a.at >= backupStarted).length;
      expect(duringBackup, "writes went on while the backup ran").toBeGreaterThan(0);

      const restoredDir = path.join(work, "restored-busy", "pgdata");
      const restored = await restoreEmbedded(restoredDir, file, {});
      expect(restored.audit).toMatchObject({ ok: true });
      const copy = await startEmbeddedDatabase({ dataDir: restoredDir, port: 0, log: () => undefined });
      try {
        await withClient(copy.url, async (restoredDb) => {
          const vouchers = new Set((await restoredDb.expenditure.findMany({ where: { voucherNo: { startsWith: "BUSY-" } }, select: { voucherNo: true } })).map((e) => e.voucherNo));
          const lost = acked.filter((a) => a.at < backupStarted && !vouchers.has(a.voucher));
          expect(lost).toEqual([]);
          // Each restored payment has its audit record and the reverse: a change and its record are one transaction.
          const ids = (await restoredDb.expenditure.findMany({ select: { id: true } })).map((e) => e.id);
          const audited = await restoredDb.auditEvent.count({ where: { action: "expenditure.create", objectId: { in: ids } } });
          expect(audited).toBe(ids.length);
          expect(await restoredDb.auditEvent.count({ where: { action: "expenditure.create" } })).toBe(ids.length);
          expect((await verifyAuditChain(restoredDb)).ok).toBe(true);
        });
      } finally {
        await copy.stop();
      }
    } finally {
      await db.$disconnect();
    }
  });

  it("restores into a new directory exactly what a backup of a quiet database held", async () => {
    before = await fingerprint(source.url, { sequences: false });
    sequencesBefore = await sequencePositions(source.url);
    await backupEmbedded(dataDir, source.url, quiet);
    const restoredDir = path.join(work, "restored", "pgdata");
    const restored = await restoreEmbedded(restoredDir, quiet, {});
    expect(restored.audit).toMatchObject({ ok: true });
    expect(restored.previousDataDir).toBeUndefined();
    const copy = await startEmbeddedDatabase({ dataDir: restoredDir, port: 0, log: () => undefined });
    try {
      expect(await fingerprint(copy.url, { sequences: false })).toEqual(before);
      // WAL replay sets a sequence where its last log record put it: never behind, so no id is used twice.
      const sequences = await sequencePositions(copy.url);
      for (const [name, last] of Object.entries(sequencesBefore)) expect(Number(sequences[name]), name).toBeGreaterThanOrEqual(Number(last));
      const chain = await withClient(copy.url, (db) => verifyAuditChain(db));
      expect([chain.ok, chain.checked]).toEqual([true, Number(before.AuditEvent!.split(" ")[0])]);
      // The restored database works on: the chain carries on from where it was.
      await withClient(copy.url, async (db) => {
        await addRecords(db, "R", 7);
        expect((await verifyAuditChain(db)).ok).toBe(true);
      });
    } finally {
      await copy.stop();
    }
  });

  it("refuses to replace the directory of a running server; replaces it once stopped, and only when asked, keeping the old one", async () => {
    await expect(restoreEmbedded(dataDir, quiet, { replace: true })).rejects.toThrow(/内置数据库正在运行.*请先停止绩效通/);
    await source.stop();
    await expect(restoreEmbedded(dataDir, quiet, {})).rejects.toThrow(/内置数据库已存在.*--clean --yes/);
    const restored = await restoreEmbedded(dataDir, quiet, { replace: true });
    expect(restored.previousDataDir && existsSync(path.join(restored.previousDataDir, "PG_VERSION"))).toBe(true);
    expect(restored.tables.AuditEvent).toBe(Number(before.AuditEvent!.split(" ")[0]));
    source = await startEmbeddedDatabase({ dataDir, port: 0, log: () => undefined });
    expect(await fingerprint(source.url, { sequences: false })).toEqual(before);
  });

  it("refuses a server backup and a damaged tarball without touching the database", async () => {
    await source.stop();
    const fakeDump = path.join(work, "fake.dump");
    await writeFile(fakeDump, "PGDMP-not-really");
    await expect(restoreEmbedded(dataDir, fakeDump, { replace: true })).rejects.toThrow(/PostgreSQL 服务器的备份/);
    const damaged = path.join(work, "damaged.tar.gz");
    const bytes = await readFile(quiet);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    await writeFile(damaged, bytes);
    await copyFile(`${quiet}.sha256`, `${damaged}.sha256`);
    await expect(restoreEmbedded(dataDir, damaged, { replace: true })).rejects.toThrow(/校验失败/);
    // Even past the checksum (--no-checksum), a tarball that does not unpack leaves the database alone.
    await expect(restoreEmbedded(dataDir, damaged, { replace: true, skipChecksum: true })).rejects.toThrow(/已损坏或不完整.*原有数据库未做任何改动/);
    source = await startEmbeddedDatabase({ dataDir, port: 0, log: () => undefined });
    expect(await fingerprint(source.url, { sequences: false })).toEqual(before);
  });
});
