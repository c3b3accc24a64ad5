import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { recordDenied } from "@/lib/audit/denied";
import { exportAuditEvents, parseAuditFilters } from "@/lib/audit/queries";
import { exportEvaluations } from "@/lib/evaluation/export-service";
import { decideEvaluation, evaluationView, saveEvaluation } from "@/lib/evaluation/service";
import { downloadMonthlyTemplate } from "@/lib/progress/template-service";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";

// Text a user typed is stored as typed, and every .xlsx the product hands out (the self-evaluation,
// the progress template, the audit log) is read back here: text that a spreadsheet program would take
// for a formula once someone edits the cell or saves the sheet as CSV comes out with a leading
// apostrophe, as text; plain figures such as "= 100%" keep their form.

const db = setupTestDb();

const PAYLOADS = [`=HYPERLINK("http://evil.example","点我")`, `+cmd|' /C calc'!A0`, `-2+3+cmd|' /C calc'!A0`, `@SUM(1+1)*cmd|' /C calc'!A0`, "\t=1+1", "\r=1+1", "＝HYPERLINK(\"http://evil.example\")"];

async function cells(bytes: Uint8Array) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const out: { sheet: string; address: string; value: ExcelJS.CellValue; type: ExcelJS.ValueType }[] = [];
  // A merged range's other cells answer with the master's value: the master alone is the cell.
  book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => void (cell.type !== ExcelJS.ValueType.Merge && out.push({ sheet: sheet.name, address: cell.address, value: cell.value, type: cell.type })))));
  return out;
}

const text = (value: ExcelJS.CellValue) => (typeof value === "string" ? value : value && typeof value === "object" && "richText" in value ? value.richText.map((r) => r.text).join("") : null);

/** Every payload shows as "'" + payload, in a text cell; no text cell starts like a formula unless it is a plain figure. */
function expectNeutralised(all: Awaited<ReturnType<typeof cells>>, payloads: string[]) {
  const texts = all.map((c) => text(c.value)).filter((t): t is string => t !== null);
  for (const typed of payloads) {
    // XML keeps no lone CR: it reads back as a line feed (still behind the apostrophe).
    const payload = typed.replace(/\r/g, "\n");
    expect(texts.some((t) => t.includes(`'${payload}`)), `${payload} in ${JSON.stringify(texts.filter((t) => t.includes(payload.slice(1, 6))))}`).toBe(true);
    expect(all.filter((c) => text(c.value)?.includes(`'${payload}`)).every((c) => c.type === ExcelJS.ValueType.String || c.type === ExcelJS.ValueType.RichText)).toBe(true);
  }
  const risky = texts.filter((t) => /^[=+\-@\t\r＝＋－＠]/.test(t) && !/^[=+\-＝＋－]?\s?\d[\d,]*(?:\.\d+)?\s?[%‰]?(?:\s?[\p{Script=Han}/]+)?$/u.test(t));
  expect(risky).toEqual([]);
  expect(all.filter((c) => c.type === ExcelJS.ValueType.Formula && PAYLOADS.some((p) => JSON.stringify(c.value).includes(p.slice(1, 8))))).toEqual([]);
}

describe("formula-like text in exports", () => {
  it("is neutralised in the self-evaluation workbook (one project and the department's), internal and public", async () => {
    const { actor: leader } = await makeUser(db(), "LEADER");
    const project = await db().project.findFirstOrThrow({ where: { unit: { code: "309001" } }, include: { indicators: { orderBy: { sortOrder: "asc" } } } });
    await db().project.update({ where: { id: project.id }, data: { name: PAYLOADS[0], annualGoal: PAYLOADS[1] } });
    await db().indicator.update({ where: { id: project.indicators[0]!.id }, data: { name: PAYLOADS[2] } });
    // The public version publishes approved evaluations only: this one is filled, submitted and approved.
    const { actor: reporter } = await makeUser(db(), "REPORTER", "309001");
    const { actor: reviewer } = await makeUser(db(), "REVIEWER", "309001");
    const view = await evaluationView(db(), reporter, project.id);
    const result = view.outcome.ok ? view.outcome.result : null;
    const lines = view.lines.map((line, n) => {
      const given = view.input.indicators[n]!;
      return { indicatorId: line.id, weight: given.weight ?? result!.indicators[n]!.weight, actual: given.actual ?? "", band: given.band ?? "", bandPercent: given.bandPercent ?? "", overrideScore: "", overrideReason: "", deviation: PAYLOADS[3] };
    });
    await saveEvaluation(db(), reporter, project.id, { version: view.version, achievementText: PAYLOADS[5], weightReason: view.weightReason, lines }, { submit: true });
    await decideEvaluation(db(), reviewer, project.id, "approve", "");
    for (const options of [{ public: false }, { public: true }]) {
      expectNeutralised(await cells((await exportEvaluations(db(), leader, { projectId: project.id }, options)).bytes), PAYLOADS.slice(0, 3));
      expectNeutralised(await cells((await exportEvaluations(db(), leader, {}, options)).bytes), PAYLOADS.slice(0, 3));
    }
    // "= 100%"-style targets, figures with a comparator and a Chinese unit, are left as they are.
    const all = await cells((await exportEvaluations(db(), leader, {}, { public: false })).bytes);
    const targets = all.map((c) => c.value).filter((v): v is string => typeof v === "string" && /^'?= \d/.test(v));
    expect(targets).toContain("= 100%");
    expect(targets).toContain("= 1 个");
    expect(targets.filter((t) => t.startsWith("'"))).toEqual([]);
  });

  it("is neutralised in the monthly progress template", async () => {
    const { actor: reporter } = await makeUser(db(), "REPORTER", "309002");
    const project = await db().project.findFirstOrThrow({ where: { unit: { code: "309002" } }, include: { indicators: { orderBy: { sortOrder: "asc" } } } });
    await db().project.update({ where: { id: project.id }, data: { name: PAYLOADS[3] } });
    await db().indicator.update({ where: { id: project.indicators[0]!.id }, data: { name: PAYLOADS[4] } });
    await db().indicator.update({ where: { id: project.indicators[1]!.id }, data: { name: PAYLOADS[6] } });
    const { bytes } = await downloadMonthlyTemplate(db(), reporter, 2025, 6);
    expectNeutralised(await cells(bytes), [PAYLOADS[3]!, PAYLOADS[4]!, PAYLOADS[6]!]);
  });

  it("is neutralised in the audit log export", async () => {
    const { actor: auditor } = await makeUser(db(), "AUDITOR");
    const { actor: reporter } = await makeUser(db(), "REPORTER", "309001");
    await recordDenied(db(), reporter, "/y", PAYLOADS[0]!, "192.0.2.9");
    await recordDenied(db(), reporter, "/z", PAYLOADS[5]!, "192.0.2.9");
    await recordDenied(db(), reporter, "/x", PAYLOADS[3]!, "192.0.2.9");
    const file = await exportAuditEvents(db(), auditor, parseAuditFilters({ user: reporter.username }));
    expectNeutralised(await cells(file.bytes), [PAYLOADS[0]!, PAYLOADS[3]!, PAYLOADS[5]!]);
  });
});
