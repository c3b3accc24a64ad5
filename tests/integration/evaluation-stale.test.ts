import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/roles";
import { exportEvaluations } from "@/lib/evaluation/export-service";
import { decideEvaluation, evaluationView, evaluationViews, saveEvaluation, type EvaluationView } from "@/lib/evaluation/service";
import { createIndicator, deleteIndicator, updateIndicator } from "@/lib/targets/indicators";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";

// A target change after the self-evaluation was saved (found by the fuzz tests: the department's
// workbook then answered 422 for everyone). The saved form must stay viewable and exportable, be
// marked 需要复核, and be saved again before it can be submitted or approved.

const db = setupTestDb();
const PROJECT = "日常办公耗材购置"; // 309001: 4 产出, 1 效益, 1 满意度 indicators
let reporter: Actor, reviewer: Actor, leader: Actor;
let projectId: string, departmentId: string;

/** The form as the screen posts it, from a view (weights resolved). */
function formOf(view: EvaluationView, patch: (lines: Record<string, string>[]) => void = () => {}) {
  const result = view.outcome.ok ? view.outcome.result : null;
  const lines = view.lines.map((line, n) => {
    const given = view.input.indicators[n]!;
    return { indicatorId: line.id, weight: given.weight ?? result!.indicators[n]!.weight, actual: given.actual ?? "", band: given.band ?? "", bandPercent: given.bandPercent ?? "", overrideScore: given.override?.score ?? "", overrideReason: given.override?.reason ?? "", deviation: line.deviation };
  });
  patch(lines);
  return { version: view.version, achievementText: "全年购置打印纸 40 箱，保障了日常办公。", weightReason: view.weightReason, lines };
}

async function book(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return workbook;
}
const rowOf = (sheet: ExcelJS.Worksheet, name: string) => sheet.getSheetValues().find((row) => Array.isArray(row) && row[4] === name) as ExcelJS.CellValue[] | undefined;
const text = (sheet: ExcelJS.Worksheet) => sheet.getSheetValues().flat().map((v) => String(v ?? "")).join("|");
const lines = (view: EvaluationView) => (view.outcome.ok ? view.outcome.result.indicators.map((l) => [l.name, l.weight]) : view.outcome.errors);

beforeAll(async () => {
  reporter = (await makeUser(db(), "REPORTER", "309001")).actor;
  reviewer = (await makeUser(db(), "REVIEWER", "309001")).actor;
  leader = (await makeUser(db(), "LEADER")).actor;
  const project = await db().project.findFirstOrThrow({ where: { name: PROJECT }, include: { unit: true } });
  projectId = project.id;
  departmentId = project.unit.departmentId;
  await saveEvaluation(db(), reporter, projectId, formOf(await evaluationView(db(), reporter, projectId), (l) => void (l[0]!.actual = "40")));
});

describe("a saved self-evaluation after its project's targets changed", () => {
  let addedId = "";

  it("an indicator added after saving: the unit's form gets the default share; everyone else reads the draft as saved, marked 需要复核", async () => {
    const added = await createIndicator(db(), reporter, projectId, { category: "数量", name: "新增巡检次数", comparator: ">=", value: "12", unit: "次" });
    addedId = added.id;
    const view = await evaluationView(db(), reporter, projectId);
    expect(view.source).toBe("form");
    expect(view.outcome.ok).toBe(true);
    // 产出 50 now shared by five (the new one is listed last, after 满意度, as in the targets).
    expect(lines(view).map((l) => (l as string[])[1])).toEqual(["10.00", "10.00", "10.00", "10.00", "30.00", "10.00", "10.00"]);
    expect(lines(view)[6]).toEqual(["新增巡检次数", "10.00"]);
    expect(view.review).toEqual([expect.stringContaining("保存后新增了指标「新增巡检次数」，其分值已按默认规则分配")]);
    expect(view.input.indicators[0]!.actual).toBe("40"); // the saved actuals stay
    expect([view.can.edit, view.can.submit]).toEqual([true, false]);
    await expect(saveEvaluation(db(), reporter, projectId, formOf(view), { submit: true })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("保存草稿") });

    // The leader reads the draft as it was saved: six lines, the total as saved, and what changed since.
    const read = await evaluationView(db(), leader, projectId);
    expect([read.source, read.lines.length, read.figure.kind, read.review]).toEqual(["snapshot", 6, "草稿", ["新增了指标「新增巡检次数」（≥ 12 次）"]]);
    expect((await evaluationViews(db(), leader, { departmentId })).every((v) => v.outcome.ok)).toBe(true);
    const workbook = await book((await exportEvaluations(db(), leader, { departmentId }, { public: false })).bytes);
    expect(workbook.worksheets).toHaveLength(17);
    const sheet = workbook.worksheets.find((w) => w.name === PROJECT)!;
    expect(rowOf(sheet, "新增巡检次数")).toBeUndefined();
    expect(text(sheet)).toContain("新增了指标「新增巡检次数」");
    expect(text(workbook.getWorksheet("汇总")!)).toContain("草稿，需要复核");
    // The unit's own export is its form, repaired: the new line is there, marked.
    const own = await book((await exportEvaluations(db(), reporter, { projectId }, { public: false })).bytes);
    expect(rowOf(own.worksheets[0]!, "新增巡检次数")!.slice(5, 9)).toEqual(["≥ 12 次", "未填报", 10, 0]); // 年度指标值, 实际完成值, 分值, 得分
    await expect(exportEvaluations(db(), reporter, { projectId }, { public: true })).rejects.toMatchObject({ code: "VALIDATION", message: expect.stringContaining("尚未审核通过") });

    // Saved again as shown, it is the unit's own and may be submitted.
    await saveEvaluation(db(), reporter, projectId, formOf(view));
    const resaved = await evaluationView(db(), reporter, projectId);
    expect([resaved.review, resaved.can.submit]).toEqual([[], true]);
    expect((await evaluationView(db(), leader, projectId)).review).toEqual([]);
  });

  it("an indicator deleted after saving: the form shares the group's weight again; the saved draft keeps its lines", async () => {
    const added = await db().indicator.findUniqueOrThrow({ where: { id: addedId } });
    await deleteIndicator(db(), reporter, added.id, { version: added.version });
    const form = await evaluationView(db(), reporter, projectId);
    expect(lines(form).slice(0, 4).map((l) => (l as string[])[1])).toEqual(["12.50", "12.50", "12.50", "12.50"]);
    expect(form.review).toEqual([expect.stringMatching(/产出指标中有指标被删除或调出（已保存的分值合计 40，应为 50）.*请复核后重新保存/)]);
    const read = await evaluationView(db(), leader, projectId);
    expect(read.review).toEqual(["删除了指标「新增巡检次数」（≥ 12 次）"]);
    const workbook = await book((await exportEvaluations(db(), leader, { departmentId }, { public: false })).bytes);
    expect(rowOf(workbook.getWorksheet(PROJECT)!, "购买打印纸")!.slice(7, 9)).toEqual([10, 8]); // as saved: 40 ÷ 50 × 10
    expect(rowOf(workbook.getWorksheet(PROJECT)!, "新增巡检次数")).toBeDefined();
  });

  it("a target edited after submitting: the reviewer reads the submitted record and cannot approve it until the unit saves it again", async () => {
    let view = await evaluationView(db(), reporter, projectId);
    await saveEvaluation(db(), reporter, projectId, formOf(view));
    view = await evaluationView(db(), reporter, projectId);
    await saveEvaluation(db(), reporter, projectId, formOf(view, (l) => l.forEach((line) => void (line.deviation = "部分指标未填报，明年加强统计。"))), { submit: true });
    const paper = await db().indicator.findFirstOrThrow({ where: { projectId, name: "购买打印纸" } });
    await updateIndicator(db(), reporter, paper.id, { category: "数量", name: "购买打印纸", comparator: ">=", value: "80", unit: "箱" }, paper.version);
    view = await evaluationView(db(), reviewer, projectId);
    expect(view.review).toEqual(["指标「购买打印纸」的年度指标值由“≥ 50 箱”改为“≥ 80 箱”"]);
    expect(view.outcome.ok && view.outcome.result.indicators[0]!.score).toBe("10.0000"); // as submitted, never re-scored
    await expect(decideEvaluation(db(), reviewer, projectId, "approve", "")).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/退回.*≥ 50 箱.*≥ 80 箱/) });
    await decideEvaluation(db(), reviewer, projectId, "return", "目标已调整，请复核");
    view = await evaluationView(db(), reporter, projectId);
    expect(view.review).toEqual([expect.stringMatching(/「购买打印纸」.*≥ 80 箱.*10\.00 变为 6\.25/)]);
    await saveEvaluation(db(), reporter, projectId, formOf(view));
    expect((await evaluationView(db(), reporter, projectId)).review).toEqual([]);
  });
});
