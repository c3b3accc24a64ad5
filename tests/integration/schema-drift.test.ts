import { readFileSync } from "node:fs";
import internals from "@prisma/internals";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createFileDatabase } from "../support/test-database";

// The SQL migrations are hand-written (Prisma Migrate cannot run offline), so this test reads the
// Prisma schema through its DMMF and checks every model, field, type, nullability, default, enum,
// relation and index against the migrated database (docs/architecture.md).

type Field = {
  name: string;
  dbName?: string | null;
  kind: "scalar" | "object" | "enum" | "unsupported";
  type: string;
  isRequired: boolean;
  isList: boolean;
  hasDefaultValue: boolean;
  isUpdatedAt: boolean;
  default?: unknown;
  nativeType?: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
};
type Model = { name: string; dbName: string | null; fields: Field[] };
type Index = { model: string; type: "id" | "unique" | "normal" | "fulltext"; fields: { name: string }[] };

let client: pg.Client;
let drop: () => Promise<void>;
let dmmf: { models: Model[]; enums: { name: string; values: { name: string }[] }[]; indexes: Index[] };

beforeAll(async () => {
  const file = await createFileDatabase(inject("databaseUrl"));
  drop = file.drop;
  client = new pg.Client({ connectionString: file.url });
  await client.connect();
  const doc = await internals.getDMMF({ datamodel: readFileSync("prisma/schema.prisma", "utf8") });
  dmmf = doc.datamodel as unknown as typeof dmmf;
});

afterAll(async () => {
  await client.end();
  await drop();
});

const table = (m: Model) => m.dbName ?? m.name;
const column = (f: Field) => f.dbName ?? f.name;

/** What information_schema should say for a Prisma scalar field. */
function expectedType(f: Field): { dataType: string; udt?: string; precision?: number; scale?: number } {
  const [native, args = []] = f.nativeType ?? [undefined, []];
  if (f.kind === "enum") return { dataType: "USER-DEFINED", udt: f.type };
  switch (f.type) {
    case "String":
      return native === "Uuid" ? { dataType: "uuid" } : { dataType: "text" };
    case "Int":
      return { dataType: "integer" };
    case "BigInt":
      return { dataType: "bigint" };
    case "Boolean":
      return { dataType: "boolean" };
    case "Json":
      return { dataType: "jsonb" };
    case "Decimal":
      return { dataType: "numeric", precision: Number(args[0] ?? 65), scale: Number(args[1] ?? 30) };
    case "DateTime":
      if (native === "Date") return { dataType: "date" };
      if (native === "Timestamptz") return { dataType: "timestamp with time zone", precision: Number(args[0] ?? 3) };
      return { dataType: "timestamp without time zone", precision: 3 };
    default:
      throw new Error(`unmapped Prisma type ${f.type}`);
  }
}

describe("migrations ⇔ schema.prisma", () => {
  it("has exactly the schema's tables", async () => {
    const { rows } = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    const actual = rows.map((r) => r.table_name).filter((t) => t !== "_prisma_migrations").sort();
    expect(actual).toEqual(dmmf.models.map(table).sort());
  });

  it("has every enum with the schema's values in order", async () => {
    const { rows } = await client.query<{ typname: string; labels: string[] }>(
      `SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
    );
    const actual = Object.fromEntries(rows.map((r) => [r.typname, r.labels]));
    const expected = Object.fromEntries(dmmf.enums.map((e) => [e.name, e.values.map((v) => v.name)]));
    expect(actual).toEqual(expected);
  });

  it("has every column with its type, nullability and default", async () => {
    const { rows } = await client.query<{
      table_name: string;
      column_name: string;
      data_type: string;
      udt_name: string;
      is_nullable: "YES" | "NO";
      column_default: string | null;
      numeric_precision: number | null;
      numeric_scale: number | null;
      datetime_precision: number | null;
    }>(`SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, numeric_precision, numeric_scale, datetime_precision
        FROM information_schema.columns WHERE table_schema = 'public'`);
    const problems: string[] = [];
    for (const model of dmmf.models) {
      const scalars = model.fields.filter((f) => f.kind === "scalar" || f.kind === "enum");
      const cols = rows.filter((r) => r.table_name === table(model));
      const extra = cols.map((c) => c.column_name).filter((c) => !scalars.some((f) => column(f) === c));
      if (extra.length) problems.push(`${table(model)}: columns not in schema: ${extra.join(", ")}`);
      for (const f of scalars) {
        const where = `${table(model)}.${column(f)}`;
        const col = cols.find((c) => c.column_name === column(f));
        if (!col) {
          problems.push(`${where}: missing`);
          continue;
        }
        const t = expectedType(f);
        if (col.data_type !== t.dataType) problems.push(`${where}: type ${col.data_type}, schema says ${t.dataType}`);
        if (t.udt && col.udt_name !== t.udt) problems.push(`${where}: enum ${col.udt_name}, schema says ${t.udt}`);
        if (t.dataType === "numeric" && (col.numeric_precision !== t.precision || col.numeric_scale !== t.scale)) {
          problems.push(`${where}: numeric(${col.numeric_precision},${col.numeric_scale}), schema says (${t.precision},${t.scale})`);
        }
        if (t.dataType.startsWith("timestamp") && col.datetime_precision !== t.precision) {
          problems.push(`${where}: precision ${col.datetime_precision}, schema says ${t.precision}`);
        }
        if ((col.is_nullable === "YES") !== !f.isRequired) problems.push(`${where}: nullable=${col.is_nullable}, schema required=${f.isRequired}`);
        // Defaults the database must apply; uuid()/cuid() and @updatedAt are applied by the client.
        const d = f.default as { name?: string } | string | number | boolean | undefined;
        const dbDefault = f.hasDefaultValue && !(typeof d === "object" && d && ["uuid", "cuid"].includes(d.name ?? ""));
        if (dbDefault && col.column_default === null) problems.push(`${where}: schema has a default, database none`);
        if (!dbDefault && col.column_default !== null) problems.push(`${where}: database default ${col.column_default}, schema none`);
        if (typeof d === "object" && d?.name === "now" && col.column_default && !/CURRENT_TIMESTAMP|now\(\)/i.test(col.column_default)) {
          problems.push(`${where}: default ${col.column_default}, schema says now()`);
        }
        if (typeof d === "object" && d?.name === "autoincrement" && !/nextval/.test(col.column_default ?? "")) {
          problems.push(`${where}: no sequence default`);
        }
        if (["string", "number", "boolean"].includes(typeof d) && !String(col.column_default).includes(String(d))) {
          problems.push(`${where}: default ${col.column_default}, schema says ${String(d)}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("has every relation as a foreign key with the schema's delete rule", async () => {
    const { rows } = await client.query<{ tbl: string; cols: string[]; ref: string; refcols: string[]; del: string }>(
      `SELECT tc.relname AS tbl, rt.relname AS ref, c.confdeltype AS del,
         array(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY o) AS cols,
         array(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY o) AS refcols
       FROM pg_constraint c JOIN pg_class tc ON tc.oid = c.conrelid JOIN pg_class rt ON rt.oid = c.confrelid WHERE c.contype = 'f'`,
    );
    const rule: Record<string, string> = { Cascade: "c", Restrict: "r", SetNull: "n", NoAction: "a", SetDefault: "d" };
    const expected = dmmf.models.flatMap((m) =>
      m.fields
        .filter((f) => f.kind === "object" && (f.relationFromFields?.length ?? 0) > 0)
        .map((f) => {
          const target = dmmf.models.find((x) => x.name === f.type)!;
          const onDelete = f.relationOnDelete ?? (f.isRequired ? "Restrict" : "SetNull");
          return { tbl: table(m), cols: f.relationFromFields!, ref: table(target), refcols: f.relationToFields!, del: rule[onDelete]! };
        }),
    );
    const key = (r: { tbl: string; cols: string[] }) => `${r.tbl}(${r.cols.join(",")})`;
    expect(rows.map((r) => ({ ...r })).sort((a, b) => key(a).localeCompare(key(b)))).toEqual(expected.sort((a, b) => key(a).localeCompare(key(b))));
  });

  it("has every primary key, unique constraint and index", async () => {
    const { rows } = await client.query<{ tbl: string; uniq: boolean; prim: boolean; cols: string[] }>(
      `SELECT t.relname AS tbl, ix.indisunique AS uniq, ix.indisprimary AS prim,
         array(SELECT a.attname::text FROM unnest(ix.indkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.n ORDER BY o) AS cols
       FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE n.nspname = 'public' AND t.relname <> '_prisma_migrations'
         AND ix.indexprs IS NULL -- expression indexes cannot be written in Prisma's schema (migration 20261127030000)`,
    );
    const fieldColumn = (model: string, field: string) => {
      const m = dmmf.models.find((x) => x.name === model)!;
      return column(m.fields.find((f) => f.name === field)!);
    };
    const expected = dmmf.indexes.map((i) => {
      const m = dmmf.models.find((x) => x.name === i.model)!;
      return { tbl: table(m), uniq: i.type !== "normal", prim: i.type === "id", cols: i.fields.map((f) => fieldColumn(i.model, f.name)) };
    });
    const key = (r: { tbl: string; cols: string[]; prim: boolean; uniq: boolean }) => `${r.tbl}(${r.cols.join(",")})${r.prim}${r.uniq}`;
    expect(rows.map((r) => ({ ...r })).sort((a, b) => key(a).localeCompare(key(b)))).toEqual(expected.sort((a, b) => key(a).localeCompare(key(b))));
  });
});
