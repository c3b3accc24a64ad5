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

  it("an indicator added after saving gets the default share; the view, the exports and the department workbook still work", async () => {
    const added = await createIndicator(db(), reporter, projectId, { category: "数量", name: "新增巡检次数", comparator: ">=", value: "12", unit: "次" });
    addedId = added.id;
    const view = await evaluationView(db(), reporter, projectId);
    expect(view.outcome.ok).toBe(true);
    // 产出 50 now shared by five (the new one is listed last, after 满意度, as in the targets).
    expect(lines(view).map((l) => (l as string[])[1])).toEqual(["10.00", "10.00", "10.00", "10.00", "30.00", "10.00", "10.00"]);
    expect(lines(view)[6]).toEqual(["新增巡检次数", "10.00"]);
    expect(view.review).toEqual([expect.stringContaining("保存后新增了指标「新增巡检次数」，其分值已按默认规则分配")]);
    expect(view.input.indicators[0]!.actual).toBe("40"); // the saved actuals stay
    expect([view.can.edit, view.can.submit]).toEqual([true, false]);
    await expect(saveEvaluation(db(), reporter, projectId, formOf(view), { submit: true })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("保存草稿") });

    // The department's workbook (GET /api/evaluation/xlsx?dept=…), read back.
    expect((await evaluationViews(db(), leader, { departmentId })).every((v) => v.outcome.ok)).toBe(true);
    const workbook = await book((await exportEvaluations(db(), leader, { departmentId }, { public: false })).bytes);
    expect(workbook.worksheets).toHaveLength(17);
    const sheet = workbook.worksheets.find((w) => w.name === PROJECT)!;
    const row = rowOf(sheet, "新增巡检次数")!;
    expect(row.slice(5, 9)).toEqual(["≥ 12 次", "未填报", 10, 0]); // 年度指标值, 实际完成值, 分值, 得分
    expect(text(sheet)).toContain("需要复核");
    expect(text(workbook.getWorksheet("汇总")!)).toContain("草稿，需要复核");
    const single = await book((await exportEvaluations(db(), reporter, { projectId }, { public: true })).bytes);
    expect(rowOf(single.worksheets[0]!, "新增巡检次数")).toBeDefined();
    expect(text(single.worksheets[0]!)).not.toContain("需要复核"); // internal only

    // Saved again as shown, it is the unit's own and may be submitted.
    await saveEvaluation(db(), reporter, projectId, formOf(view));
    const resaved = await evaluationView(db(), reporter, projectId);
    expect([resaved.review, resaved.can.submit]).toEqual([[], true]);
  });

  it("an indicator deleted after saving: the group's weight is shared again", async () => {
    const added = await db().indicator.findUniqueOrThrow({ where: { id: addedId } });
    await deleteIndicator(db(), reporter, added.id, { version: added.version });
    const view = await evaluationView(db(), leader, projectId);
    expect(lines(view).slice(0, 4).map((l) => (l as string[])[1])).toEqual(["12.50", "12.50", "12.50", "12.50"]);
    expect(view.review).toEqual([expect.stringMatching(/产出指标中有指标被删除或调出（已保存的分值合计 40，应为 50）.*请复核后重新保存/)]);
    const workbook = await book((await exportEvaluations(db(), leader, { departmentId }, { public: false })).bytes);
    expect(rowOf(workbook.getWorksheet(PROJECT)!, "购买打印纸")!.slice(7, 9)).toEqual([12.5, 10]); // 40 ÷ 50 × 12.5
  });

  it("a target edited after submitting: the reviewer cannot approve it until the unit saves it again", async () => {
    let view = await evaluationView(db(), reporter, projectId);
    await saveEvaluation(db(), reporter, projectId, formOf(view));
    view = await evaluationView(db(), reporter, projectId);
    await saveEvaluation(db(), reporter, projectId, formOf(view, (l) => l.forEach((line) => void (line.deviation = "部分指标未填报，明年加强统计。"))), { submit: true });
    const paper = await db().indicator.findFirstOrThrow({ where: { projectId, name: "购买打印纸" } });
    await updateIndicator(db(), reporter, paper.id, { category: "数量", name: "购买打印纸", comparator: ">=", value: "80", unit: "箱" }, paper.version);
    view = await evaluationView(db(), reviewer, projectId);
    expect(view.review).toEqual([expect.stringMatching(/「购买打印纸」.*≥ 80 箱.*10\.00 变为 6\.25/)]);
    expect(view.outcome.ok && view.outcome.result.indicators[0]!.score).toBe("6.2500");
    await expect(decideEvaluation(db(), reviewer, projectId, "approve", "")).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining("退回") });
    await decideEvaluation(db(), reviewer, projectId, "return", "目标已调整，请复核");
    view = await evaluationView(db(), reporter, projectId);
    await saveEvaluation(db(), reporter, projectId, formOf(view));
    expect((await evaluationView(db(), reporter, projectId)).review).toEqual([]);
  });
});
