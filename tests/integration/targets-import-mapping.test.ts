import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/roles";
import { commitImport, previewImport, resolveImportYear } from "@/lib/targets/department-import";
import { parseTargetsFile } from "@/lib/targets/import";
import { readMapping, type TargetsMapping } from "@/lib/targets/import/mapping";
import { mappingKey, rememberedMapping } from "@/lib/targets/import-mapping";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";

// The column mapping on a real database: committed with the import it read, remembered for the
// department, named in the audit record, and tried on the department's next file no layout reads.

const db = setupTestDb();
let admin: Actor;
const DIR = new URL("../fixtures/targets/", import.meta.url);
const file = new Uint8Array(readFileSync(new URL("15-needs-mapping.csv", DIR)));
const mapping = (readMapping(JSON.parse(readFileSync(new URL("15-needs-mapping.map.json", DIR), "utf8"))) as { mapping: TargetsMapping }).mapping;

beforeAll(async () => {
  admin = (await makeUser(db(), "ADMIN")).actor;
});

describe("the department's column mapping", () => {
  it("is remembered when the import it read is committed, in the same transaction and audit record", async () => {
    expect(await rememberedMapping(db(), admin, "433")).toBeNull();
    const parse = await parseTargetsFile(file, { fileName: "考核目标.csv", mapping });
    const { year, source } = await resolveImportYear(db(), "433", parse.year, null);
    const request = { department: { code: "433", name: "青山市文化广电和旅游局" }, year, yearSource: source, parse, partial: true, mapping };
    const plan = await previewImport(db(), admin, request);
    expect([plan.canCommit, plan.totals.projects, plan.totals.indicators, plan.year, plan.newUnits]).toEqual([true, 2, 8, 2025, [{ code: "433015", name: "青山市文化馆" }]]);
    expect(await rememberedMapping(db(), admin, "433")).toBeNull(); // a preview writes nothing
    expect((await commitImport(db(), admin, request)).changed).toBe(true);
    expect(await rememberedMapping(db(), admin, "433")).toEqual(mapping);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "targets.import" }, orderBy: { id: "desc" } });
    expect((audit.after as { mapping?: unknown }).mapping).toEqual(mapping);
  });

  it("reads the department's next file of that shape by itself, and re-imports it with no change", async () => {
    const remembered = await rememberedMapping(db(), admin, "433");
    const parse = await parseTargetsFile(file, { fileName: "考核目标.csv", remembered });
    expect(parse.mapping?.source).toBe("remembered");
    const plan = await previewImport(db(), admin, { department: { code: "433", name: "" }, year: 2025, parse, partial: true });
    expect([plan.hasChanges, plan.totals.unchanged]).toEqual([false, 2]);
  });

  it("is the admin's alone, and a commit that fails keeps the old mapping", async () => {
    const reporter = (await makeUser(db(), "LEADER")).actor;
    await expect(rememberedMapping(db(), reporter, "433")).rejects.toThrow("只有系统管理员");
    const other: TargetsMapping = { ...mapping, values: {} }; // no unit: the plan cannot be committed
    const parse = await parseTargetsFile(file, { mapping: other });
    await expect(commitImport(db(), admin, { department: { code: "433", name: "" }, year: 2025, parse, partial: true, mapping: other })).rejects.toThrow("没有实施单位");
    expect((await db().setting.findUniqueOrThrow({ where: { key: mappingKey("433") } })).value).toEqual(mapping);
  });
});
