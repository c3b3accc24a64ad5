import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/roles";
import { exportEvaluations } from "@/lib/evaluation/export-service";
import { toPrintedForm } from "@/lib/evaluation/printed-form";
import { decideEvaluation, evaluationView, evaluationViews, saveEvaluation, type EvaluationView } from "@/lib/evaluation/service";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";
import { snapshotApproval } from "@/lib/progress/reviewed";

const db = setupTestDb();
const PROJECT = "日常办公耗材购置"; // 309001, 3.00 万元, 6 indicators
let reporter: Actor, reviewer: Actor, otherReporter: Actor, admin: Actor, leader: Actor;
let projectId: string;

/** The form as the screen would post it, from a view (weights resolved, actuals pre-filled). */
function formOf(view: EvaluationView, patch: (lines: Record<string, string>[]) => void = () => {}) {
  const result = view.outcome.ok ? view.outcome.result : null;
  const lines = view.lines.map((line, n) => ({
    indicatorId: line.id,
    weight: view.input.indicators[n]!.weight ?? result!.indicators[n]!.weight,
    actual: view.input.indicators[n]!.actual ?? "",
    band: view.input.indicators[n]!.band ?? "",
    bandPercent: view.input.indicators[n]!.bandPercent ?? "",
    overrideScore: view.input.indicators[n]!.override?.score ?? "",
    overrideReason: view.input.indicators[n]!.override?.reason ?? "",
    deviation: line.deviation,
  }));
  patch(lines);
  return { version: view.version, achievementText: view.achievementText, weightReason: view.weightReason, lines };
}

beforeAll(async () => {
  reporter = (await makeUser(db(), "REPORTER", "309001")).actor;
  reviewer = (await makeUser(db(), "REVIEWER", "309001")).actor;
  otherReporter = (await makeUser(db(), "REPORTER", "309002")).actor;
  admin = (await makeUser(db(), "ADMIN")).actor;
  leader = (await makeUser(db(), "LEADER")).actor;
  const project = await db().project.findFirstOrThrow({ where: { name: PROJECT }, include: { indicators: { orderBy: { sortOrder: "asc" } } } });
  projectId = project.id;
  // The year as recorded: 27,000 of 30,000 spent; the December report's actuals.
  await db().expenditure.create({ data: { projectId, date: new Date("2025-09-10"), amount: "27000.00", payee: "文具店", createdById: reporter.id } });
  // Approved, as leaders read only reviewed check-ins (lib/progress/reviewed.ts).
  const report = await db().monthlyReport.create({ data: { unitId: project.unitId, fiscalYearId: project.fiscalYearId, month: 12, status: "APPROVED" } });
  const actual: Record<string, { actualValue?: string; actualText?: string }> = {
    购买打印纸: { actualValue: "40" },
    购买的耗材符合质量标准: { actualText: "是" },
    "2025年12月底前完成采购合同": { actualText: "是" },
    预算控制率: { actualValue: "95" },
    维持局内正常运转: { actualText: "良好" },
    局内各业务科室满意度: { actualValue: "92" },
  };
  for (const i of project.indicators) {
    const key = Object.keys(actual).find((k) => i.name.startsWith(k))!;
    await db().checkIn.create({ data: { indicatorId: i.id, reportId: report.id, asOfDate: new Date("2025-12-31"), ...actual[key], createdById: reporter.id } });
  }
  await snapshotApproval(db(), [report.id]);
});

describe("the self-evaluation", () => {
  it("is pre-filled from the year's last check-ins and spending and scored by the rules (hand-computed)", async () => {
    const view = await evaluationView(db(), leader, projectId);
    expect(view.status).toBeNull();
    expect(view.funds).toEqual({ initialBudget: "30000.00", adjustedBudget: "30000.00", spent: "27000.00" });
    expect(view.outcome.ok).toBe(true);
    if (!view.outcome.ok) return;
    const r = view.outcome.result;
    // 执行率 90.00% → 9.00; 产出 50 ÷ 4 = 12.50 each: 打印纸 40 ÷ 50 × 12.5 = 10.00, 是, 是, ≤100% at 95 → 12.50;
    // 效益 良好 → 30; 满意度 92 ≥ 90 → 10. Total 9 + 47.5 + 30 + 10 = 96.50 → 优.
    expect([r.executionRate, r.executionScore]).toEqual(["90.00", "9.0000"]);
    expect(r.indicators.map((l) => [l.weight, l.score])).toEqual([
      ["12.50", "10.0000"],
      ["12.50", "12.5000"],
      ["12.50", "12.5000"],
      ["12.50", "12.5000"],
      ["30.00", "30.0000"],
      ["10.00", "10.0000"],
    ]);
    expect([r.total, r.grade]).toEqual(["96.50", "优"]);
    expect(r.indicators[0]!.explanation).toContain("40 箱 ÷ 目标 50 箱 × 分值 12.5");
    expect(view.lines[0]!.prefilledFrom).toBe("按 2025-12-31 填报的实际 40 计");
    expect(view.figure).toMatchObject({ kind: "预测", total: "96.50", grade: "优" });
    expect(view.can).toEqual({ edit: false, submit: false, review: false, reopen: false });
  });

  it("refuses bad input with specific messages and writes nothing", async () => {
    const view = await evaluationView(db(), reporter, projectId);
    expect(view.can.edit).toBe(true);
    const before = { evaluations: await db().selfEvaluation.count(), audit: await db().auditEvent.count() };
    const refuse = async (patch: (lines: Record<string, string>[]) => void, field: string, message: RegExp, actor = reporter) =>
      expect(saveEvaluation(db(), actor, projectId, formOf(view, patch))).rejects.toMatchObject({ fieldErrors: expect.objectContaining({ [field]: expect.stringMatching(message) }) });
    await refuse((l) => void (l[0]!.weight = "20"), "weights", /产出指标.*合计/);
    await refuse((l) => void ((l[0]!.weight = "-12.5"), (l[1]!.weight = "37.5")), "lines.0.weight", /负|不能小于/);
    await refuse((l) => void (l[0]!.actual = "四十箱"), "lines.0.actual", /数字|数值/);
    await refuse((l) => void ((l[1]!.band = "部分达成"), (l[1]!.bandPercent = "85")), "lines.1.bandPercent", /60%.*80%/);
    await refuse((l) => void (l[0]!.overrideScore = "8"), "lines.0.overrideReason", /理由/);
    await refuse((l) => void ((l[0]!.overrideScore = "13"), (l[0]!.overrideReason = "目标偏低")), "lines.0.overrideScore", /不能超过|不得超过|超过分值/);
    await expect(saveEvaluation(db(), otherReporter, projectId, formOf(view))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(saveEvaluation(db(), reviewer, projectId, formOf(view))).rejects.toMatchObject({ code: "FORBIDDEN" });
    // Submitting needs 实际完成情况 and a deviation analysis for the line not fully met (打印纸 10 of 12.5).
    await expect(saveEvaluation(db(), reporter, projectId, formOf(view), { submit: true })).rejects.toMatchObject({
      fieldErrors: { achievementText: expect.stringContaining("实际完成情况"), "lines.0.deviation": expect.stringContaining("偏差原因") },
    });
    expect({ evaluations: await db().selfEvaluation.count(), audit: await db().auditEvent.count() }).toEqual(before);
  });

  it("saves, submits, is returned, approved and locked; overrides keep the computed score; every step audited", async () => {
    let view = await evaluationView(db(), reporter, projectId);
    const saved = await saveEvaluation(db(), reporter, projectId, { ...formOf(view, (l) => void ((l[5]!.overrideScore = "9.5"), (l[5]!.overrideReason = "满意度调查样本偏少"))), achievementText: "全年购置打印纸 40 箱，保障了日常办公。" });
    // 96.50 − 10 + 9.5 = 96.00
    expect(saved).toEqual({ version: 1, total: "96.00", grade: "优" });
    view = await evaluationView(db(), reporter, projectId);
    expect(view.outcome.ok && view.outcome.result.indicators[5]).toMatchObject({ score: "9.5000", computedScore: "10.0000", overridden: true, overrideReason: "满意度调查样本偏少" });
    await expect(saveEvaluation(db(), reporter, projectId, formOf({ ...view, version: 0 }))).rejects.toMatchObject({ code: "CONFLICT" });

    // An overridden line scores below its weight, so it too needs its 偏差原因分析.
    const submitted = formOf(view, (l) => void ((l[0]!.deviation = "打印纸价格上涨，少购 10 箱；明年按实际用量编制预算。"), (l[5]!.deviation = "满意度调查仅覆盖 6 个科室；明年扩大样本。")));
    await saveEvaluation(db(), reporter, projectId, { ...submitted, achievementText: view.achievementText }, { submit: true });
    expect((await evaluationView(db(), reviewer, projectId)).can.review).toBe(true);
    await expect(saveEvaluation(db(), reporter, projectId, submitted)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(decideEvaluation(db(), reviewer, projectId, "return", "")).rejects.toMatchObject({ code: "VALIDATION" });
    await decideEvaluation(db(), reviewer, projectId, "return", "请补充满意度调查方法");
    view = await evaluationView(db(), reporter, projectId);
    expect([view.status, view.reviewComment, view.can.edit]).toEqual(["RETURNED", "请补充满意度调查方法", true]);
    await saveEvaluation(db(), reporter, projectId, formOf(view), { submit: true });
    await expect(decideEvaluation(db(), otherReporter, projectId, "approve", "")).rejects.toMatchObject({ code: "NOT_FOUND" });
    await decideEvaluation(db(), reviewer, projectId, "approve", "");
    view = await evaluationView(db(), reporter, projectId);
    expect([view.status, view.can.edit]).toEqual(["APPROVED", false]);
    await expect(saveEvaluation(db(), reporter, projectId, formOf(view))).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(decideEvaluation(db(), admin, projectId, "reopen", "")).rejects.toMatchObject({ code: "VALIDATION" });
    await decideEvaluation(db(), admin, projectId, "reopen", "财政评审要求补充佐证");
    expect((await evaluationView(db(), reporter, projectId)).status).toBe("RETURNED");
    const actions = (await db().auditEvent.findMany({ where: { objectType: "SelfEvaluation" }, orderBy: { id: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["selfEvaluation.save", "selfEvaluation.submit", "selfEvaluation.return", "selfEvaluation.submit", "selfEvaluation.approve", "selfEvaluation.reopen"]);
  });

  it("exports the official form: the .xlsx read back shows the screen's numbers; nothing is published until approved", async () => {
    const view = await evaluationView(db(), leader, projectId);
    if (!view.outcome.ok) throw new Error("not scored");
    const file = await exportEvaluations(db(), leader, { projectId }, { public: false });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(file.bytes) as unknown as ArrayBuffer);
    expect(book.worksheets).toHaveLength(1);
    const text = book.worksheets[0]!.getSheetValues().flat().map((v) => (v && typeof v === "object" && "richText" in v ? "" : String(v ?? ""))).join("|");
    expect(text).toContain(PROJECT);
    expect(text).toContain("|3|3|2.7|10|0.9|9|"); // 万元: 3.00, 3.00, 2.70 (numbers; shown with 0.00); 执行率 0.9 shown as 90.00%
    expect(text).toContain("|40 箱|");
    expect(text).toContain("|96|"); // 96.00 after the override
    expect(text).toContain("满意度调查样本偏少"); // the override reason, internal only
    // Said once in its line's note (the explanation names the override, its reason and the computed score).
    const note = toPrintedForm(view)!.lines[5]!.internalNote!;
    expect([note.split("满意度调查样本偏少").length - 1, note]).toEqual([1, expect.stringContaining("评价人调整得分为 9.50（按规则计算为 10.00）")]);
    // Reopened, it is no longer approved: nothing of it is published (tests/integration/evaluation-snapshot.test.ts publishes one).
    await expect(exportEvaluations(db(), leader, { projectId }, { public: true })).rejects.toMatchObject({ code: "VALIDATION", message: expect.stringContaining("尚未审核通过（当前：已退回）") });
    await expect(exportEvaluations(db(), leader, {}, { public: true })).rejects.toMatchObject({ message: "尚无审核通过的绩效自评，公开版没有可导出的内容。" });

    const all = await exportEvaluations(db(), leader, {}, { public: false });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(all.bytes) as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)[0]).toBe("汇总");
    expect(workbook.worksheets).toHaveLength(17);
    expect(await db().auditEvent.count({ where: { action: "selfEvaluation.export" } })).toBe(2);
    // The department list: 16 projects from two queries' worth of data, one of them this project's saved form.
    const views = await evaluationViews(db(), leader);
    expect(views).toHaveLength(16);
    expect(views.find((v) => v.project.id === projectId)!.outcome).toMatchObject({ ok: true, result: { total: view.outcome.result.total } });
  });
});
