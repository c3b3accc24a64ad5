import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/roles";
import { departmentOverview } from "@/lib/dashboard/queries";
import { exportEvaluations } from "@/lib/evaluation/export-service";
import { toPrintedForm } from "@/lib/evaluation/printed-form";
import { projectFigure } from "@/lib/evaluation/records";
import { decideEvaluation, evaluationView, evaluationViews, saveEvaluation, type EvaluationView } from "@/lib/evaluation/service";
import { getProjectDetail } from "@/lib/projects/detail";
import { updateIndicator } from "@/lib/targets/indicators";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";
import { snapshotApproval } from "@/lib/progress/reviewed";

// An approved self-evaluation is what its reviewer signed: a later change to the project's targets
// or spending marks it 需要复核 on every reader and never alters its numbers; a reopen and a new
// approval do. And a project not yet evaluated has one projected figure on every screen.

const db = setupTestDb();
const LEGAL = "法律顾问费"; // 309001, 5.00 万元: 4 产出 (12.5 each), 1 效益 (30), 1 满意度 (10)
const VILLAGE = "第一书记驻村工作经费"; // 309001, 1.50 万元, never evaluated here
let reporter: Actor, reviewer: Actor, leader: Actor, admin: Actor;
let legalId: string, villageId: string;

function formOf(view: EvaluationView, patch: (lines: Record<string, string>[]) => void = () => {}) {
  const result = view.outcome.ok ? view.outcome.result : null;
  const lines = view.lines.map((line, n) => {
    const given = view.input.indicators[n]!;
    return { indicatorId: line.id, weight: given.weight ?? result!.indicators[n]!.weight, actual: given.actual ?? "", band: given.band ?? "", bandPercent: given.bandPercent ?? "", overrideScore: given.override?.score ?? "", overrideReason: given.override?.reason ?? "", deviation: line.deviation };
  });
  patch(lines);
  return { version: view.version, achievementText: "全年召开法律讲座 1 次，法律顾问按时出具意见书。", weightReason: view.weightReason, lines };
}

async function book(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return workbook;
}
const rowOf = (sheet: ExcelJS.Worksheet, name: string, column = 4) => sheet.getSheetValues().find((row) => Array.isArray(row) && row[column] === name) as ExcelJS.CellValue[] | undefined;
const totalOf = (sheet: ExcelJS.Worksheet) => rowOf(sheet, "总分", 1)![8];
const text = (sheet: ExcelJS.Worksheet) => sheet.getSheetValues().flat().map((v) => String(v ?? "")).join("|");
const lineScores = (view: EvaluationView) => (view.outcome.ok ? view.outcome.result.indicators.map((l) => [l.name, l.target, l.weight, l.score]) : []);

beforeAll(async () => {
  reporter = (await makeUser(db(), "REPORTER", "309001")).actor;
  reviewer = (await makeUser(db(), "REVIEWER", "309001")).actor;
  leader = (await makeUser(db(), "LEADER")).actor;
  admin = (await makeUser(db(), "ADMIN")).actor;
  const legal = await db().project.findFirstOrThrow({ where: { name: LEGAL }, include: { indicators: { orderBy: { sortOrder: "asc" } } } });
  const village = await db().project.findFirstOrThrow({ where: { name: VILLAGE }, include: { indicators: { orderBy: { sortOrder: "asc" } } } });
  [legalId, villageId] = [legal.id, village.id];
  // Reviewed reports (approved months), as the dashboards count them.
  const report = (month: number) => db().monthlyReport.create({ data: { unitId: legal.unitId, fiscalYearId: legal.fiscalYearId, month, status: "APPROVED" } });
  const [september, december] = [await report(9), await report(12)];
  await db().expenditure.create({ data: { projectId: legalId, date: new Date("2025-11-20"), amount: "45000.00", payee: "律师事务所", createdById: reporter.id } });
  const legalActuals = [{ actualValue: "1" }, { actualText: "良好" }, { actualText: "是" }, { actualValue: "90" }, { actualText: "良好" }, { actualValue: "95" }];
  for (const [n, i] of legal.indicators.entries()) await db().checkIn.create({ data: { indicatorId: i.id, reportId: december.id, asOfDate: new Date("2025-12-31"), ...legalActuals[n], createdById: reporter.id } });
  await db().expenditure.create({ data: { projectId: villageId, date: new Date("2025-09-15"), amount: "6000.00", payee: "驻村工作队", createdById: reporter.id } });
  // September's report, never updated: 互助 1 of 2 (forecast 2), 成效 良好, 支出进度 40%, 控制率 40%, 效率 良好; 满意度 not reported.
  const villageActuals = [{ actualValue: "1", forecastValue: "2" }, { actualText: "良好" }, { actualValue: "40" }, { actualValue: "40" }, { actualText: "良好" }, null];
  for (const [n, i] of village.indicators.entries()) {
    const values = villageActuals[n];
    if (values) await db().checkIn.create({ data: { indicatorId: i.id, reportId: september.id, asOfDate: new Date("2025-09-30"), ...values, createdById: reporter.id } });
  }
  await snapshotApproval(db(), [september.id, december.id]); // approved as the workflow approves: the copy leaders read
});

describe("an approved self-evaluation is a snapshot", () => {
  // 执行率 45,000 ÷ 50,000 = 90% → 9; 讲座 1 of ≥2 → 6.25; 良好, 是, 90 ≤ 100% → 12.5 each; 良好 → 30; 95 ≥ 90% → 10.
  // 9 + 6.25 + 37.5 + 30 + 10 = 92.75 → 优.
  const APPROVED = [
    ["年内召开法律讲座次数", "≥ 2 次", "12.50", "6.2500"],
    ["提高我局职工法律基本了解程度", "良好", "12.50", "12.5000"],
    ["聘请的法律顾问能按时出具法律意见书", "是", "12.50", "12.5000"],
    ["预算控制率", "≤ 100%", "12.50", "12.5000"],
    ["加强局内职工法律意识", "良好", "30.00", "30.0000"],
    ["局内职工满意程度", "≥ 90%", "10.00", "10.0000"],
  ];

  it("approval freezes what was submitted; a later target and spending change marks it 需要复核 everywhere and changes none of its numbers", async () => {
    const draft = await evaluationView(db(), reporter, legalId);
    await saveEvaluation(db(), reporter, legalId, formOf(draft, (l) => void (l[0]!.deviation = "全年仅召开 1 次讲座；明年上下半年各安排一次。")), { submit: true });
    await decideEvaluation(db(), reviewer, legalId, "approve", "");
    const approved = await evaluationView(db(), leader, legalId);
    expect([approved.source, approved.figure.kind, approved.figure.total, approved.figure.grade, approved.review]).toEqual(["snapshot", "已审核", "92.75", "优", []]);
    expect(lineScores(approved)).toEqual(APPROVED);
    const approval = await db().auditEvent.findFirstOrThrow({ where: { action: "selfEvaluation.approve" } });
    expect(approval.after).toMatchObject({ status: "APPROVED", total: "92.75", grade: "优" });

    // The target is lowered (≥2 → ≥1, with a reason), and another 2,000 元 is paid in December.
    const lectures = await db().indicator.findFirstOrThrow({ where: { projectId: legalId, name: "年内召开法律讲座次数" } });
    await updateIndicator(db(), admin, lectures.id, { category: "数量", name: "年内召开法律讲座次数", comparator: ">=", value: "1", unit: "次", reason: "预算调整：讲座改为 1 次" }, lectures.version);
    await db().expenditure.create({ data: { projectId: legalId, date: new Date("2025-12-20"), amount: "2000.00", payee: "律师事务所", createdById: reporter.id } });
    const REVIEW = ["全年执行数由 4.50 万元 变为 4.70 万元", "指标「年内召开法律讲座次数」的年度指标值由“≥ 2 次”改为“≥ 1 次”"];

    // The screen, for every role that may read it.
    for (const actor of [reporter, reviewer, leader, admin]) {
      const view = await evaluationView(db(), actor, legalId);
      expect([view.source, view.status, view.figure.total, view.figure.grade, view.review], actor.role).toEqual(["snapshot", "APPROVED", "92.75", "优", REVIEW]);
      expect(lineScores(view), actor.role).toEqual(APPROVED);
      expect(view.funds.spent).toBe("45000.00");
    }
    // The list (/evaluations), the overview and the project page.
    const listed = (await evaluationViews(db(), leader)).find((v) => v.project.id === legalId)!;
    expect([listed.figure.kind, listed.figure.total, listed.figure.grade, listed.figure.executionRate, listed.figure.review]).toEqual(["已审核", "92.75", "优", "90.00", REVIEW]);
    const overview = (await departmentOverview(db(), leader))!.projects.find((p) => p.id === legalId)!;
    expect([overview.evaluation.kind, overview.evaluation.total, overview.evaluation.review]).toEqual(["已审核", "92.75", REVIEW]);
    const page = await projectFigure(db(), await getProjectDetail(db(), leader, legalId));
    expect([page.kind, page.total, page.grade, page.review]).toEqual(["已审核", "92.75", "优", REVIEW]);
    // The print page (its form) and the internal and public .xlsx, read back.
    const print = toPrintedForm(await evaluationView(db(), leader, legalId))!;
    expect([print.total, print.grade, print.funds.spentWan, print.lines[0]!.target, print.lines[0]!.score]).toEqual(["92.75", "优", "4.50", "≥ 2 次", "6.25"]);
    expect(print.status).toBe("已审核通过，需要复核");
    const internal = await book((await exportEvaluations(db(), leader, {}, { public: false })).bytes);
    const sheet = internal.getWorksheet(LEGAL)!;
    expect(rowOf(sheet, "年内召开法律讲座次数")!.slice(5, 9)).toEqual(["≥ 2 次", "1 次", 12.5, 6.25]);
    expect(totalOf(sheet)).toBe(92.75);
    expect(text(sheet)).toContain("年度指标值由“≥ 2 次”改为“≥ 1 次”");
    const summaryRow = rowOf(internal.getWorksheet("汇总")!, LEGAL, 3)!;
    expect(summaryRow.slice(6, 11)).toEqual([4.5, 0.9, 92.75, "优", "已审核通过，需要复核"]);
    const published = await book((await exportEvaluations(db(), leader, {}, { public: true })).bytes);
    expect(published.worksheets.map((w) => w.name)).toEqual(["汇总", LEGAL]); // the only approved one
    expect(rowOf(published.getWorksheet(LEGAL)!, "年内召开法律讲座次数")!.slice(5, 9)).toEqual(["≥ 2 次", "1 次", 12.5, 6.25]);
    expect(totalOf(published.getWorksheet(LEGAL)!)).toBe(92.75);
    expect(text(published.getWorksheet("汇总")!)).not.toContain("需要复核");
    const villageRow = rowOf(published.getWorksheet("汇总")!, VILLAGE, 3)!;
    expect(villageRow.slice(4, 11)).toEqual(["—", "—", "—", "—", "—", "未完成自评", "未填写"]); // never 0 分 / 差
    // Approving again is not possible: it is approved; saving is refused.
    await expect(saveEvaluation(db(), reporter, legalId, formOf(approved))).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("only a reopen (with a reason, audited) and a new approval change the numbers", async () => {
    await expect(decideEvaluation(db(), admin, legalId, "reopen", "")).rejects.toMatchObject({ code: "VALIDATION" });
    await decideEvaluation(db(), admin, legalId, "reopen", "目标已调整，按新目标重新自评");
    const reopened = await db().auditEvent.findFirstOrThrow({ where: { action: "selfEvaluation.reopen" } });
    expect(reopened.after).toMatchObject({ status: "RETURNED", comment: "目标已调整，按新目标重新自评" });
    // Reopened, the list still shows the record as it stands (草稿 now), with what changed.
    const listed = (await evaluationViews(db(), leader)).find((v) => v.project.id === legalId)!;
    expect([listed.figure.kind, listed.figure.statusLabel, listed.figure.total, listed.review.length]).toEqual(["草稿", "已退回", "92.75", 2]);
    // The unit's form is scored live against the new target and spending; saved and approved again, the numbers change.
    const form = await evaluationView(db(), reporter, legalId);
    expect(form.source).toBe("form");
    expect(form.review).toEqual([expect.stringMatching(/「年内召开法律讲座次数」.*≥ 1 次.*6\.25 变为 12\.50/)]);
    await saveEvaluation(db(), reporter, legalId, formOf(form)); // the repaired form made the unit's own
    await saveEvaluation(db(), reporter, legalId, formOf(await evaluationView(db(), reporter, legalId)), { submit: true });
    await decideEvaluation(db(), reviewer, legalId, "approve", "");
    // 47,000 ÷ 50,000 = 94% → 9.4; every indicator met → 90: 99.40.
    for (const view of [await evaluationView(db(), leader, legalId), (await evaluationViews(db(), leader)).find((v) => v.project.id === legalId)!]) {
      expect([view.figure.kind, view.figure.total, view.review, view.outcome.ok && view.outcome.result.indicators[0]!.target]).toEqual(["已审核", "99.40", [], "≥ 1 次"]);
    }
    const actions = (await db().auditEvent.findMany({ where: { objectType: "SelfEvaluation" }, orderBy: { id: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["selfEvaluation.submit", "selfEvaluation.approve", "selfEvaluation.reopen", "selfEvaluation.save", "selfEvaluation.submit", "selfEvaluation.approve"]);
  });
});

describe("one projection for a project not yet evaluated", () => {
  it("the project page, the overview, /evaluations, the evaluation page and the exports read the same number (hand-computed)", async () => {
    // The year is over: the year's last figures count, not September's forecast. 执行率 6,000 ÷ 15,000 = 40% → 4;
    // 互助 1 of ≥2 → 6.25; 成效 良好 → 12.5; 支出进度 40 of ≥90% → 5.5556; 控制率 40 ≤ 100% → 12.5; 效率 良好 → 30;
    // 满意度 未填报 → 0. 4 + 6.25 + 12.5 + 5.5556 + 12.5 + 30 = 70.8056 → 70.81 中.
    const page = await projectFigure(db(), await getProjectDetail(db(), leader, villageId));
    const overview = (await departmentOverview(db(), leader))!.projects.find((p) => p.id === villageId)!.evaluation;
    const listed = (await evaluationViews(db(), leader)).find((v) => v.project.id === villageId)!;
    const screen = await evaluationView(db(), reporter, villageId);
    const workbook = await book((await exportEvaluations(db(), leader, {}, { public: false })).bytes);
    const summaryRow = rowOf(workbook.getWorksheet("汇总")!, VILLAGE, 3)!;
    const figures = [page, overview, listed.figure, screen.figure].map((f) => [f.kind, f.total, f.grade, f.executionRate]);
    expect(figures).toEqual(Array(4).fill(["预测", "70.81", "中", "40.00"]));
    expect(screen.outcome.ok && screen.outcome.result.total).toBe("70.81");
    expect([summaryRow[8], summaryRow[9], summaryRow[10]]).toEqual([70.81, "中", "未填写（按预测预填）"]);
    expect(totalOf(workbook.getWorksheet(VILLAGE)!)).toBe(70.81);
    expect(screen.lines.map((l) => l.prefilledFrom)).toEqual([
      "按 2025-09-30 填报的实际 1 计", "按 2025-09-30 填报的实际 良好 计", "按 2025-09-30 填报的实际 40 计",
      "按 2025-09-30 填报的实际 40 计", "按 2025-09-30 填报的实际 良好 计", "未填报，按 0 分计",
    ]);
    expect(page.explanation).toContain("尚未填写自评，按截至 2025-12-31 的填报和支出预测");
  });
});
