import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { auditHash, verifyAuditChain } from "@/lib/audit/chain";
import { recordAudit, type AuditInput } from "@/lib/audit/record";
import { createPrismaClient, Prisma, type Db } from "@/lib/db/client";
import { authenticate } from "@/lib/auth/login";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";
import { withDatabaseName } from "../support/test-database";

const db = setupTestDb();
const TRIGGER = `"AuditEvent_append_only"`; // prisma/migrations/20261126000000_init
type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

class Rollback extends Error {}

const actor = { id: randomUUID(), username: "auditor_chain" };
const record = (input: Partial<AuditInput> = {}) =>
  db().$transaction((tx) => recordAudit(tx, { actor, ip: "10.0.0.8", action: "demo.generate", outcome: "SUCCESS", ...input }));

/**
 * An attacker with the rights of the table's owner: switches the append-only trigger off, changes
 * rows, switches it back on, and commits; or, given `inspect`, runs it inside and rolls everything back.
 */
async function asOwner<T>(tamper: (tx: Tx) => Promise<unknown>, inspect?: (tx: Tx) => Promise<T>): Promise<T | undefined> {
  let seen: T | undefined;
  const work = db().$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe(`ALTER TABLE "AuditEvent" DISABLE TRIGGER ${TRIGGER}`);
      await tamper(tx);
      await tx.$executeRawUnsafe(`ALTER TABLE "AuditEvent" ENABLE TRIGGER ${TRIGGER}`);
      if (inspect) {
        seen = await inspect(tx);
        throw new Rollback();
      }
    },
    { timeout: 30_000 },
  );
  if (inspect) await expect(work).rejects.toBeInstanceOf(Rollback);
  else await work;
  return seen;
}

const ids = async () => (await db().auditEvent.findMany({ orderBy: { id: "asc" }, select: { id: true } })).map((r) => r.id);

/** The URL of this file's database, for a second client and for the CLI. */
async function fileDatabaseUrl(): Promise<string> {
  const [{ name }] = await db().$queryRaw<[{ name: string }]>`SELECT current_database() AS name`;
  return withDatabaseName(inject("databaseUrl"), name);
}

describe("audit hash chain", () => {
  it("verifies an empty trail", async () => {
    expect(await verifyAuditChain(db())).toEqual({ ok: true, checked: 0 });
  });

  it("verifies records whose before/after come back from JSONB reordered and renormalised", async () => {
    // Keys of different lengths in non-sorted order (JSONB puts shorter keys first), nesting,
    // numbers that JSONB keeps as numeric, Chinese text, escapes, toJSON values, undefined members.
    await record({
      action: "indicator.update",
      objectType: "Indicator",
      objectId: randomUUID(),
      before: { 目标值: "50", unit: "箱", comparator: ">=", nested: { zeta: [3, { 乙: null, 甲: "一" }], a: {} }, amount: 12.5 },
      after: {
        目标值: "60",
        unit: "箱",
        comparator: "≥",
        nested: { zeta: [], a: { deep: { 名称: "购买打印纸（≥50箱）" } } },
        numbers: [0, -0, -1.5, 0.1 + 0.2, 1e21, 1e-7, 2 ** 53 - 1, 123456789012345680000, 5e-324],
        when: new Date("2025-06-01T08:00:00.123Z"),
        decimal: new Prisma.Decimal("12.50"),
        text: 'he said "你好"\n\t\\ \u2028 😀',
        dropped: undefined,
        flag: false,
      },
      detail: "修改原因：年中调整",
    });
    await record({ username: "not-a-user", actor: null, action: "auth.login", outcome: "FAILURE", ip: null });
    await record({ before: [{ b: 1, a: 2 }, "二"], after: "只是一个字符串", outcome: "DENIED", detail: "不是本单位的项目" });
    await record({ after: 42 });
    // Forms PostgreSQL rewrites on the way in: a uuid in capitals, a lone surrogate in text and JSON.
    await record({ actor: { id: randomUUID().toUpperCase(), username: "大写" }, detail: "半个代理对\ud800", after: { s: "\udc00尾" } });

    const stored = await db().auditEvent.findMany({ orderBy: { id: "asc" } });
    expect(stored).toHaveLength(5);
    expect(Object.keys(stored[0]!.after as object)).not.toEqual(["目标值", "unit", "comparator", "nested", "numbers", "when", "decimal", "text", "flag"]);
    expect(stored[0]!.after).toMatchObject({ decimal: "12.5", when: "2025-06-01T08:00:00.123Z" });
    expect(stored[1]!.prevHash).toBe(stored[0]!.hash);
    expect(stored[0]!.prevHash).toBeNull();
    expect(stored[4]!.detail).toBe("半个代理对\uFFFD");

    expect(await verifyAuditChain(db())).toMatchObject({ ok: true, checked: 5, lastId: stored[4]!.id, lastHash: stored[4]!.hash });
    // Batches of 2 cross page boundaries in the middle of the chain.
    expect(await verifyAuditChain(db(), { batchSize: 2 })).toMatchObject({ ok: true, checked: 5 });
    expect(await verifyAuditChain(db(), { batchSize: 1 })).toMatchObject({ ok: true, checked: 5 });
    expect(await verifyAuditChain(db(), { from: stored[2]!.id, batchSize: 2 })).toMatchObject({ ok: true, checked: 3 });
  });

  it("verifies what the application's own flows wrote", async () => {
    const { actor: user, password } = await makeUser(db(), "LEADER");
    await authenticate(db(), { username: user.username, password: "wrong", ip: "10.1.2.3" });
    await authenticate(db(), { username: user.username, password, ip: "10.1.2.3" });
    const report = await verifyAuditChain(db(), { batchSize: 3 });
    expect(report).toMatchObject({ ok: true, checked: await db().auditEvent.count() });
  });

  it("ignores gaps in ids left by rolled-back transactions", async () => {
    await expect(
      db().$transaction(async (tx) => {
        await recordAudit(tx, { actor, action: "auth.logout", outcome: "SUCCESS" });
        throw new Rollback();
      }),
    ).rejects.toBeInstanceOf(Rollback);
    await record({ action: "auth.login" });
    const all = await ids();
    expect(all.at(-1)! - all.at(-2)!).toBe(2n);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true, checked: all.length });
  });

  it("refuses UPDATE and DELETE on the ordinary connection (append-only trigger)", async () => {
    const [first] = await ids();
    await expect(db().$executeRaw`UPDATE "AuditEvent" SET "detail" = 'x' WHERE "id" = ${first}`).rejects.toThrow(/AuditEvent is append-only/);
    await expect(db().$executeRaw`DELETE FROM "AuditEvent" WHERE "id" = ${first}`).rejects.toThrow(/AuditEvent is append-only/);
    await expect(db().auditEvent.update({ where: { id: first }, data: { after: { forged: true } } })).rejects.toThrow(/AuditEvent is append-only/);
    await expect(db().auditEvent.deleteMany({})).rejects.toThrow(/AuditEvent is append-only/);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true });
  });

  it("finds a record whose after was changed behind the trigger's back", async () => {
    const all = await ids();
    const report = await asOwner(
      (tx) => tx.$executeRaw`UPDATE "AuditEvent" SET "after" = jsonb_set("after", '{目标值}', '"600"') WHERE "id" = ${all[0]!}`,
      async (tx) => {
        const changed = await tx.auditEvent.findUniqueOrThrow({ where: { id: all[0]! } });
        expect((changed.after as { 目标值: string }).目标值).toBe("600");
        return verifyAuditChain(tx);
      },
    );
    expect(report).toEqual({ ok: false, checked: 1, firstBadId: all[0]!, problem: `第 ${all[0]!} 条记录的内容与哈希不符（可能被篡改）` });
    // A later record, in the second batch of two: 42 became 43.
    const later = await asOwner(
      (tx) => tx.$executeRaw`UPDATE "AuditEvent" SET "after" = '43'::jsonb WHERE "id" = ${all[3]!}`,
      (tx) => verifyAuditChain(tx, { batchSize: 2 }),
    );
    expect(later).toEqual({ ok: false, checked: 4, firstBadId: all[3]!, problem: `第 ${all[3]!} 条记录的内容与哈希不符（可能被篡改）` });
    // Rolled back: the real trail is intact.
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true });
  });

  it("finds the broken link after a record in the middle was deleted", async () => {
    const all = await ids();
    const [previous, deleted, next] = [all[1]!, all[2]!, all[3]!];
    const report = await asOwner(
      (tx) => tx.$executeRaw`DELETE FROM "AuditEvent" WHERE "id" = ${deleted}`,
      (tx) => verifyAuditChain(tx),
    );
    expect(report).toEqual({ ok: false, checked: 3, firstBadId: next, problem: `第 ${next} 条记录的前序哈希与第 ${previous} 条不符（链条断裂或记录被删除）` });
    // Deleting the first record leaves a second one that points at nothing.
    const head = await asOwner(
      (tx) => tx.$executeRaw`DELETE FROM "AuditEvent" WHERE "id" = ${all[0]!}`,
      (tx) => verifyAuditChain(tx),
    );
    expect(head).toMatchObject({ ok: false, checked: 1, firstBadId: all[1]! });
    expect(head?.problem).toContain("前序哈希不为空");
  });

  it("finds a forged record whose hash was recomputed, at its successor's link", async () => {
    const all = await ids();
    const [target, next] = [all[1]!, all[2]!];
    const report = await asOwner(
      async (tx) => {
        const row = await tx.auditEvent.findUniqueOrThrow({ where: { id: target } });
        const forged = { ...row, detail: "伪造的说明" };
        const hash = auditHash(row.prevHash ?? "", forged);
        await tx.$executeRaw`UPDATE "AuditEvent" SET "detail" = ${forged.detail}, "hash" = ${hash} WHERE "id" = ${target}`;
      },
      (tx) => verifyAuditChain(tx),
    );
    expect(report).toMatchObject({ ok: false, firstBadId: next, problem: `第 ${next} 条记录的前序哈希与第 ${target} 条不符（链条断裂或记录被删除）` });
  });

  it("keeps one chain when 10 transactions append at the same time", async () => {
    const concurrent = createPrismaClient(await fileDatabaseUrl(), 8);
    try {
      const before = await db().auditEvent.count();
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          concurrent.$transaction(
            async (tx) => {
              // Some work before and after the append, so the transactions overlap and queue on the lock.
              await tx.$executeRaw`SELECT pg_sleep(${(i % 3) * 0.01})`;
              await recordAudit(tx, { actor, action: "user.unlock", objectId: String(i), after: { i, 名称: `并发${i}` }, outcome: "SUCCESS" });
              await tx.$executeRaw`SELECT pg_sleep(0.02)`;
            },
            { timeout: 30_000, maxWait: 30_000 },
          ),
        ),
      );
      const rows = await db().auditEvent.findMany({ where: { action: "user.unlock" }, orderBy: { id: "asc" } });
      expect(rows).toHaveLength(10);
      expect(new Set(rows.map((r) => r.prevHash)).size).toBe(10);
      const total = await db().auditEvent.count();
      expect(total).toBe(before + 10);
      expect(await verifyAuditChain(db(), { batchSize: 4 })).toMatchObject({ ok: true, checked: total });
    } finally {
      await concurrent.$disconnect();
    }
  });

  it("answers through npm run cli -- audit verify: 0 when whole, 1 with the record when not", async () => {
    const url = await fileDatabaseUrl();
    const cli = (...args: string[]) =>
      promisify(execFile)("npx", ["tsx", "scripts/cli.ts", "audit", "verify", ...args], { encoding: "utf8", env: { ...process.env, DATABASE_URL: url } }).then(
        (out) => ({ code: 0, ...out }),
        (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
      );
    const total = await db().auditEvent.count();
    const whole = await cli();
    expect(whole.code).toBe(0);
    expect(whole.stdout).toContain(`审计链完整：共校验 ${total} 条记录`);

    const [target] = await ids();
    const original = await db().$queryRaw<[{ after: string }]>`SELECT "after"::text AS after FROM "AuditEvent" WHERE "id" = ${target}`;
    await asOwner((tx) => tx.$executeRaw`UPDATE "AuditEvent" SET "after" = jsonb_set("after", '{unit}', '"吨"') WHERE "id" = ${target}`);
    try {
      const broken = await cli("--json");
      expect(broken.code).toBe(1);
      expect(JSON.parse(broken.stdout)).toMatchObject({ ok: false, firstBadId: String(target), problem: `第 ${target} 条记录的内容与哈希不符（可能被篡改）` });
      const text = await cli();
      expect(text.code).toBe(1);
      expect(text.stderr).toContain(`审计链校验未通过：第 ${target} 条记录的内容与哈希不符（可能被篡改）`);
    } finally {
      await asOwner((tx) => tx.$executeRaw`UPDATE "AuditEvent" SET "after" = ${original[0].after}::jsonb WHERE "id" = ${target}`);
    }
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true, checked: total });
  }, 60_000);
});
