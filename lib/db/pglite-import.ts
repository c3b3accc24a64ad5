import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { MIGRATIONS_DIR, migrate, readMigrations } from "./migrate";

// Versions of this product before the embedded PostgreSQL server kept their data in a PGlite
// directory (PostgreSQL 18 compiled to 32-bit WebAssembly), which the native server cannot open.
// The import reads a copy of it with PGlite itself — the original is never opened, so it stays
// byte for byte as it was — and moves every row into a new, empty database:
//   1. the target gets exactly the migrations the old database had, so the rows fit as they are;
//   2. each table's rows go over as the text of row_to_json (never parsed in JavaScript, so numbers,
//      timestamps and hashes arrive digit for digit) into json_populate_recordset, triggers off
//      (session_replication_role = replica: the audit trail's append-only trigger and the foreign
//      keys would otherwise judge a half-copied database), sequences set to where they were;
//   3. still inside the same transaction, every table's row count and md5 of its rows' text are
//      compared on both sides; one difference and nothing is committed;
//   4. then the migrations written since run, as on any upgrade.
// PGlite (@electric-sql/pglite 0.5.14, the version that wrote these directories) is a
// devDependency kept for this import only; the app never loads it.

export class PgliteImportError extends Error {}

export interface PgliteImportResult {
  tables: Record<string, number>;
  migrations: { copied: number; appliedAfter: string[] };
  ms: number;
}

interface PgliteDb {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(sql: string): Promise<unknown>;
  close(): Promise<void>;
}

async function openPglite(dir: string): Promise<PgliteDb> {
  let pglite: { PGlite: { create(options: { dataDir: string }): Promise<PgliteDb> } };
  try {
    pglite = (await import(/* webpackIgnore: true */ "@electric-sql/pglite")) as typeof pglite;
  } catch {
    throw new PgliteImportError("读取旧数据需要 PGlite（仅用于这次搬迁）：请在项目目录运行 npm install --no-save @electric-sql/pglite@0.5.14，再重新运行 npm run db:import-pglite。");
  }
  return pglite.PGlite.create({ dataDir: dir });
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const FINGERPRINT = (table: string) => `SELECT count(*)::text AS n, coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '-') AS md5 FROM ${quote(table)} t`;
const BATCH = 2_000;

/** Moves the data of the PGlite directory `oldDir` into the empty database at `targetUrl` (a superuser's connection). */
export async function importPglite(oldDir: string, targetUrl: string, log: (message: string) => void = () => undefined): Promise<PgliteImportResult> {
  const started = Date.now();
  const scratch = await mkdtemp(path.join(os.tmpdir(), "jixiao-pglite-"));
  const copy = path.join(scratch, "pgdata");
  await cp(oldDir, copy, { recursive: true });
  const source = await openPglite(copy);
  const target = new pg.Client({ connectionString: targetUrl });
  await target.connect();
  try {
    for (const session of [(sql: string) => source.exec(sql), (sql: string) => target.query(sql)]) await session("SET TIME ZONE 'UTC'; SET DateStyle = 'ISO, MDY'; SET extra_float_digits = 1");
    const { rows: existing } = await target.query<{ n: string }>("SELECT count(*)::text AS n FROM pg_tables WHERE schemaname = 'public'");
    if (existing[0]!.n !== "0") throw new PgliteImportError("目标数据库不是空的，为免覆盖，未导入任何数据。");

    const { rows: hasMigrations } = await source.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tablename = '_prisma_migrations'");
    const names = hasMigrations[0]!.n
      ? (await source.query<{ name: string }>(`SELECT migration_name AS name FROM "_prisma_migrations" WHERE rolled_back_at IS NULL AND finished_at IS NOT NULL ORDER BY 1`)).rows.map((r) => r.name)
      : [];
    const known = new Set((await readMigrations(MIGRATIONS_DIR)).map((m) => m.name));
    const unknown = names.filter((n) => !known.has(n));
    if (unknown.length > 0) throw new PgliteImportError(`旧数据库有本版本不认识的迁移（${unknown.join("、")}）：它来自更新的版本，请用那个版本导入。未导入任何数据。`);
    await migrate(targetUrl, MIGRATIONS_DIR, { only: new Set(names) });
    log(`已按旧数据库的 ${names.length} 个迁移建好表结构，正在复制数据……`);

    const tables = (await source.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1")).rows.map((r) => r.name);
    const counts: Record<string, number> = {};
    await target.query("BEGIN");
    try {
      await target.query("SET LOCAL session_replication_role = replica");
      await source.exec("BEGIN ISOLATION LEVEL REPEATABLE READ");
      for (const table of tables) counts[table] = await copyTable(source, target, table);
      const { rows: sequences } = await source.query<{ name: string; last: string | null }>("SELECT sequencename AS name, last_value::text AS last FROM pg_sequences WHERE schemaname = 'public'");
      for (const s of sequences) {
        await target.query(s.last === null ? "SELECT setval($1, 1, false)" : "SELECT setval($1, $2::bigint, true)", s.last === null ? [quote(s.name)] : [quote(s.name), s.last]);
      }
      for (const table of tables) {
        const [before] = (await source.query<{ n: string; md5: string }>(FINGERPRINT(table))).rows;
        const [after] = (await target.query<{ n: string; md5: string }>(FINGERPRINT(table))).rows;
        if (before!.n !== after!.n || before!.md5 !== after!.md5) {
          throw new PgliteImportError(`核对失败：表 ${table} 旧库 ${before!.n} 行（md5 ${before!.md5}），新库 ${after!.n} 行（md5 ${after!.md5}）。未导入任何数据，旧目录未改动。`);
        }
      }
      await source.exec("COMMIT");
      await target.query("COMMIT");
    } catch (error) {
      await target.query("ROLLBACK").catch(() => undefined);
      throw error;
    }
    const after = await migrate(targetUrl);
    return { tables: counts, migrations: { copied: names.length, appliedAfter: after.applied }, ms: Date.now() - started };
  } finally {
    await target.end().catch(() => undefined);
    await source.close().catch(() => undefined);
    await rm(scratch, { recursive: true, force: true });
  }
}

async function copyTable(source: PgliteDb, target: pg.Client, table: string): Promise<number> {
  // Generated columns are computed by the target itself.
  const { rows: columns } = await target.query<{ name: string }>(
    "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position",
    [table],
  );
  const list = columns.map((c) => quote(c.name)).join(", ");
  const cursor = "jixiao_copy";
  await source.exec(`DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS j FROM ${quote(table)} t`);
  let total = 0;
  for (;;) {
    const { rows } = await source.query<{ j: string }>(`FETCH ${BATCH} FROM ${cursor}`);
    if (rows.length === 0) break;
    await target.query(`INSERT INTO ${quote(table)} (${list}) OVERRIDING SYSTEM VALUE SELECT ${list} FROM json_populate_recordset(NULL::${quote(table)}, $1::json)`, [`[${rows.map((r) => r.j).join(",")}]`]);
    total += rows.length;
  }
  await source.exec(`CLOSE ${cursor}`);
  return total;
}
