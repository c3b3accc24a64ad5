import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "@/lib/audit/chain";
import { recordExpenditure } from "@/lib/budget/records";
import { createPrismaClient } from "@/lib/db/client";
import { EmbeddedDatabaseError, startEmbeddedDatabase } from "@/lib/db/embedded";
import { freePort } from "@/lib/db/embedded-host";
import { makeUser } from "../support/factories";
import { fingerprint, sequencePositions } from "../support/fingerprint";
import { writePgliteDataDir } from "../support/pglite-fixture";

// Upgrading from a version whose embedded database was PGlite: npm start finds the old directory,
// explains in Chinese what to run and stops without touching it; `npm run db:import-pglite` moves every
// row into the new PostgreSQL 18 cluster (verified table by table), keeps the old directory byte for
// byte under pgdata-pglite, and npm start then serves the same data.

const work = await mkdtemp(path.join(tmpdir(), "jixiao-pglite-"));
await chmod(work, 0o755); // as root the embedded server runs as jixiao-db, which must be able to enter it
afterAll(() => rm(work, { recursive: true, force: true }));
const dataRoot = path.join(work, "data");
const dataDir = path.join(dataRoot, "pgdata");
const env = { ...process.env, JIXIAO_DATA_DIR: dataRoot, EMBEDDED_DB_PORT: String(await freePort()), DATABASE_URL: "" };

/** Every file under `dir` with the sha256 of its bytes. */
function tree(dir: string, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const name = path.join(prefix, entry.name);
    if (entry.isDirectory()) Object.assign(out, tree(dir, name));
    else out[name] = createHash("sha256").update(readFileSync(path.join(dir, name))).digest("hex");
  }
  return out;
}

describe("upgrading an embedded PGlite directory", () => {
  let oldTables: Record<string, string> = {};
  let oldSequences: Record<string, string> = {};
  let oldFiles: Record<string, string> = {};

  it("npm start finds it, explains in Chinese how to move the data, and changes nothing", async () => {
    await writePgliteDataDir(dataDir, async (url) => {
      oldTables = await fingerprint(url, { sequences: false });
      oldSequences = await sequencePositions(url);
    });
    expect(Number(oldTables.AuditEvent!.split(" ")[0])).toBeGreaterThan(5);
    oldFiles = tree(dataDir);
    await expect(startEmbeddedDatabase({ dataDir, port: 0 })).rejects.toThrow(EmbeddedDatabaseError);
    const start = spawnSync("npx", ["tsx", "scripts/start.ts"], { encoding: "utf8", env, timeout: 60_000 });
    expect(start.status).toBe(1);
    expect(start.stderr).toContain("发现旧版绩效通的内置数据库（PGlite）");
    expect(start.stderr).toContain("npm run db:import-pglite");
    expect(start.stderr).toContain("旧数据原样保留，没有任何改动");
    expect(start.stdout).not.toContain("正在构建");
    expect(tree(dataDir)).toEqual(oldFiles);
  }, 120_000);

  it("npm run db:import-pglite moves every row, verified, and keeps the old directory as it was", async () => {
    const run = spawnSync("npx", ["tsx", "scripts/db.ts", "import-pglite"], { encoding: "utf8", env, timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain("导入完成");
    expect(run.stdout).toContain("逐表核对行数与内容一致");
    expect(run.stdout).toMatch(/另应用本版本新增的 1 个/);
    expect(run.stdout).toContain("审计日志哈希链校验通过");
    expect(tree(`${dataDir}-pglite`)).toEqual(oldFiles);
    expect(existsSync(`${dataDir}.importing`)).toBe(false);

    const embedded = await startEmbeddedDatabase({ dataDir, port: 0, log: () => undefined });
    try {
      const tables = await fingerprint(embedded.url, { sequences: false });
      const { _prisma_migrations: migrations, ...rest } = tables;
      const { _prisma_migrations: oldMigrations, ...oldRest } = oldTables;
      expect(rest).toEqual(oldRest);
      expect(Number(migrations!.split(" ")[0])).toBe(Number(oldMigrations!.split(" ")[0]) + 1);
      expect(await sequencePositions(embedded.url)).toEqual(oldSequences);
      const db = createPrismaClient(embedded.url, 2);
      try {
        expect(await verifyAuditChain(db)).toMatchObject({ ok: true, checked: Number(oldTables.AuditEvent!.split(" ")[0]) });
        // The moved database takes new audited writes: ids and the chain carry on.
        const { actor } = await makeUser(db, "REPORTER", "309002");
        const project = await db.project.findFirstOrThrow({ where: { name: "龙城市民云APP运维费" } });
        await recordExpenditure(db, actor, project.id, { date: "2025-09-01", amount: "66.60", payee: "搬迁后", voucherNo: "NEW-1", confirmed: "true" }, { now: new Date("2026-11-26T08:00:00Z") });
        expect((await verifyAuditChain(db)).ok).toBe(true);
      } finally {
        await db.$disconnect();
      }
    } finally {
      await embedded.stop();
    }
    expect(statSync(path.join(dataRoot, "db-password")).mode & 0o777).toBe(0o600);
  }, 180_000);

  it("refuses a second import: the data directory is the new database now", () => {
    const again = spawnSync("npx", ["tsx", "scripts/db.ts", "import-pglite"], { encoding: "utf8", env, timeout: 60_000 });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("已经是新的内置数据库，不需要导入");
  }, 60_000);
});
