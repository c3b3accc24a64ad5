import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { verifyAuditChain } from "@/lib/audit/chain";
import { backupEmbedded, backupServer, restoreEmbedded, restoreServer, sha256File } from "@/lib/db/backup";
import { recordAdjustment, recordExpenditure } from "@/lib/budget/records";
import { createPrismaClient, type Db } from "@/lib/db/client";
import { startEmbeddedDatabase } from "@/lib/db/embedded";
import { migrate } from "@/lib/db/migrate";
import { createDemoUsers, seedLiuzhou } from "@/lib/db/seed";
import { saveCheckIns } from "@/lib/progress/check-ins";
import { makeUser } from "../support/factories";
import { createFileDatabase, dropDatabase, recreateDatabase, withDatabaseName } from "../support/test-database";

// npm run db:backup / db:restore (issue 8 §5): a seeded database with some records goes through a
// backup and a restore into an empty database, and comes back identical table by table (row count
// and an md5 of every row's text, sequences too), with an intact audit hash chain — on a PostgreSQL
// server (pg_dump/pg_restore) and on the embedded database (PGlite's data-directory tarball).

const now = new Date("2026-11-26T08:00:00Z");
const work = await mkdtemp(path.join(tmpdir(), "jixiao-backup-"));
afterAll(() => rm(work, { recursive: true, force: true }));

/** Row count and md5 of every public table (rows in text order), and every sequence's position. */
async function fingerprint(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const out: Record<string, string> = {};
    const { rows: tables } = await client.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
    for (const { name } of tables) {
      const { rows } = await client.query<{ n: string; md5: string | null }>(`SELECT count(*)::text AS n, md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS md5 FROM "${name}" t`);
      out[name] = `${rows[0]!.n} rows, md5 ${rows[0]!.md5 ?? "-"}`;
    }
    const { rows: sequences } = await client.query<{ name: string; last: string | null }>("SELECT sequencename AS name, last_value::text AS last FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1");
    for (const s of sequences) out[`sequence ${s.name}`] = s.last ?? "unused";
    return out;
  } finally {
    await client.end();
  }
}

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
    const source = await createFileDatabase(inject("databaseUrl"), false);
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

describe("backup and restore of the embedded database (PGlite data directory)", () => {
  const dataDir = path.join(work, "embedded", "pgdata");
  const file = path.join(work, "embedded.tar.gz");
  let before: Record<string, string> = {};

  it("refuses while the database is open, then backs up once it is stopped", async () => {
    const embedded = await startEmbeddedDatabase({ dataDir, port: 0 });
    const port = Number(new URL(embedded.url).port);
    try {
      await migrate(embedded.url);
      await withClient(embedded.url, (db) => addRecords(db, "E"));
      before = await fingerprint(embedded.url);
      await expect(backupEmbedded(dataDir, file, { port })).rejects.toThrow(/正在被运行中的绩效通使用.*请先停止绩效通/);
      expect(existsSync(file)).toBe(false);
    } finally {
      await embedded.stop();
    }
    const backup = await backupEmbedded(dataDir, file, { port });
    expect(backup.kind).toBe("embedded");
    expect(await readFile(`${file}.sha256`, "utf8")).toBe(`${await sha256File(file)}  embedded.tar.gz\n`);
  });

  it("restores into a new directory exactly what was backed up, with the audit chain intact", async () => {
    const restoredDir = path.join(work, "restored", "pgdata");
    const restored = await restoreEmbedded(restoredDir, file, { port: 1 });
    expect(restored.audit).toMatchObject({ ok: true });
    expect(restored.previousDataDir).toBeUndefined();
    const embedded = await startEmbeddedDatabase({ dataDir: restoredDir, port: 0 });
    try {
      expect(await fingerprint(embedded.url)).toEqual(before);
      const chain = await withClient(embedded.url, (db) => verifyAuditChain(db));
      expect([chain.ok, chain.checked]).toEqual([true, Number(before.AuditEvent!.split(" ")[0])]);
    } finally {
      await embedded.stop();
    }
  });

  it("replaces an existing directory only when asked, keeping the old one beside it", async () => {
    await expect(restoreEmbedded(dataDir, file, { port: 1 })).rejects.toThrow(/内置数据库已存在.*--clean --yes/);
    const restored = await restoreEmbedded(dataDir, file, { port: 1, replace: true });
    expect(restored.previousDataDir && existsSync(path.join(restored.previousDataDir, "PG_VERSION"))).toBe(true);
    expect(restored.tables.AuditEvent).toBe(Number(before.AuditEvent!.split(" ")[0]));
  });

  it("refuses a server backup and a damaged tarball without touching the database", async () => {
    const fakeDump = path.join(work, "fake.dump");
    await writeFile(fakeDump, "PGDMP-not-really");
    await expect(restoreEmbedded(dataDir, fakeDump, { port: 1, replace: true })).rejects.toThrow(/PostgreSQL 服务器的备份/);
    const damaged = path.join(work, "damaged.tar.gz");
    const bytes = await readFile(file);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    await writeFile(damaged, bytes);
    await copyFile(`${file}.sha256`, `${damaged}.sha256`);
    await expect(restoreEmbedded(dataDir, damaged, { port: 1, replace: true })).rejects.toThrow(/校验失败/);
    // Even past the checksum (--no-checksum), a tarball that does not load leaves the database alone.
    await expect(restoreEmbedded(dataDir, damaged, { port: 1, replace: true, skipChecksum: true })).rejects.toThrow(/已损坏（gzip 校验失败），原有数据库未做任何改动/);
    const embedded = await startEmbeddedDatabase({ dataDir, port: 0 });
    try {
      expect(await fingerprint(embedded.url)).toEqual(before);
    } finally {
      await embedded.stop();
    }
  });
});
