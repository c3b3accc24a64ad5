import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/roles";
import { budgetOverview } from "@/lib/budget/queries";
import { lastYearAtSameDate } from "@/lib/dashboard/compare";
import { departmentOverview } from "@/lib/dashboard/queries";
import { meanTotal } from "@/lib/evaluation/score";
import { evaluationView, evaluationViews } from "@/lib/evaluation/service";
import { parseTargetsFile } from "@/lib/targets/import";
import { previewImport } from "@/lib/targets/department-import";
import { updateIndicator } from "@/lib/targets/indicators";
import { draftNextYear, projectPrevious } from "@/lib/targets/next-year";
import { departmentReview } from "@/lib/targets/review-report";
import { exportTable12, FINDINGS_SHEET, TABLE12_SHEET } from "@/lib/targets/table12-export";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";
import { approveEvaluation, fillDecember, spend } from "../support/fill-year";

// Next year's targets from this year's results: 2026 drafted from the seed's 2025 once its year is
// filled (December reported and approved, spending, evaluations), compared with 2025's results by the
// review, exported as table 12 and read back by the product's own importer with no change.

const db = setupTestDb();
let r1: Actor, v1: Actor, r2: Actor, v2: Actor, leader: Actor, admin: Actor;
let departmentId: string;
const MISSES = { 年内召开法律讲座次数: { actual: "1" }, 保障保密工作正常开展: { actual: "否" }, 年内外出学习调研汇报次数: { actual: "5" } };
const ONE_OFF = "办公设备购置"; // 309002: not continued into 2026
const idOf = async (name: string, year: number) => (await db().project.findFirstOrThrow({ where: { name, fiscalYear: { year } } })).id;
const indicatorOf = async (project: string, name: string, year: number) => db().indicator.findFirstOrThrow({ where: { name, project: { name: project, fiscalYear: { year } } } });

beforeAll(async () => {
  const users: Actor[] = [];
  for (const [role, unit] of [["REPORTER", "309001"], ["REVIEWER", "309001"], ["REPORTER", "309002"], ["REVIEWER", "309002"], ["LEADER"], ["ADMIN"]] as const) users.push((await makeUser(db(), role, unit)).actor);
  [r1, v1, r2, v2, leader, admin] = users as [Actor, Actor, Actor, Actor, Actor, Actor];
  departmentId = (await db().department.findUniqueOrThrow({ where: { code: "309" } })).id;
  await fillDecember(db(), r1, v1, 2025, MISSES);
  await fillDecember(db(), r2, v2, 2025, MISSES);
  // 保密机房 spends nothing (0% → 滞后); 驻村 60% (滞后); the rest 90–100%.
  await spend(db(), r1, 2025, (name) => (name === "保密机房维护费" ? 0 : name === "第一书记驻村工作经费" ? 60 : 90));
  await spend(db(), r2, 2025, () => 100);
  await approveEvaluation(db(), r1, v1, await idOf("法律顾问费", 2025));
  await approveEvaluation(db(), r1, v1, await idOf("保密机房维护费", 2025));
});

describe("next year's targets from this year's results", () => {
  it("drafts 2026 from 2025's continuing projects with their indicators; drafting an existing year is refused with a link and writes nothing", async () => {
    const all = await db().project.findMany({ where: { fiscalYear: { year: 2025 } } });
    await expect(draftNextYear(db(), r1, { departmentId, fromYear: 2025 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(draftNextYear(db(), admin, { departmentId, fromYear: 2025, projectIds: [] })).rejects.toMatchObject({ code: "VALIDATION", message: "请至少选择一个延续到下一年度的项目。" });
    const continuing = all.filter((p) => p.name !== ONE_OFF).map((p) => p.id);
    const draft = await draftNextYear(db(), admin, { departmentId, fromYear: 2025, projectIds: continuing });
    expect(draft).toMatchObject({ year: 2026, projects: 15, indicators: 112 });
    const year = await db().fiscalYear.findUniqueOrThrow({ where: { id: draft.fiscalYearId } });
    expect([year.year, year.draftedFromYear, year.targetsLockedAt, year.closedAt]).toEqual([2026, 2025, null, null]);
    const copied = await db().project.findMany({ where: { fiscalYearId: year.id }, include: { indicators: { orderBy: { sortOrder: "asc" } }, previous: { include: { indicators: { orderBy: { sortOrder: "asc" } } } } } });
    for (const p of copied) {
      expect([p.name, p.unitId, p.budget.toFixed(2), p.annualGoal]).toEqual([p.previous!.name, p.previous!.unitId, p.previous!.budget.toFixed(2), p.previous!.annualGoal]);
      expect(p.indicators.map((i) => [i.previousId, i.category, i.name, i.comparator, i.targetValue?.toString() ?? null, i.targetText, i.unitOfMeasure, i.weight])).toEqual(p.previous!.indicators.map((i) => [i.id, i.category, i.name, i.comparator, i.targetValue?.toString() ?? null, i.targetText, i.unitOfMeasure, i.weight]));
    }
    expect(await db().checkIn.count({ where: { indicator: { project: { fiscalYearId: year.id } } } })).toBe(0);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "targets.draftNextYear" } });
    expect(audit.after).toMatchObject({ year: 2026, fromYear: 2025, projects: 15, indicators: 112 });

    const before = await db().project.count();
    await expect(draftNextYear(db(), admin, { departmentId, fromYear: 2025 })).rejects.toMatchObject({
      code: "CONFLICT", message: "2026 年度已存在（15 个项目），不能重复起草；请打开 2026 年度查看和修改其目标。", fieldErrors: { href: `/targets/review?dept=${departmentId}&year=2026` },
    });
    expect(await db().project.count()).toBe(before);
  });

  it("beside each drafted indicator: 2025's target, latest actual and score, as the evaluation shows them", async () => {
    const legal = await idOf("法律顾问费", 2026);
    const previous = (await projectPrevious(db(), r1, legal))!;
    const evaluation = await evaluationView(db(), leader, await idOf("法律顾问费", 2025));
    expect([previous.year, previous.total, previous.grade, previous.kind]).toEqual([2025, evaluation.figure.total, evaluation.figure.grade, "已审核"]);
    const lectures = await indicatorOf("法律顾问费", "年内召开法律讲座次数", 2026);
    expect(previous.lines[lectures.previousId!]).toMatchObject({ target: "≥ 2 次", actual: "1", actualNumber: "1", met: false, weight: "12.50", score: "6.25" });
    // A project never evaluated: the projection from its December check-in, the same as the evaluation page's.
    const office = await idOf("日常办公耗材购置", 2026);
    const projected = (await projectPrevious(db(), r1, office))!;
    expect(projected.kind).toBe("预测");
    expect(projected.total).toBe((await evaluationView(db(), r1, await idOf("日常办公耗材购置", 2025))).figure.total);
    // The year before of a project of another unit is not the reporter's to read.
    expect(await projectPrevious(db(), r1, await idOf("信息化项目建设管理工作经费", 2026))).toBeNull();
  });

  it("the review applies the four checks of this stage, with the numbers that triggered them", async () => {
    // Edited with the existing editor: paper ≥50 → ≥40 (below 2025's 50); 调研 ≥3 → ≥4 (below the 5 achieved).
    const paper = await indicatorOf("日常办公耗材购置", "购买打印纸", 2026);
    await updateIndicator(db(), r1, paper.id, { category: "数量", name: "购买打印纸", comparator: ">=", value: "40", unit: "箱" }, paper.version);
    const visits = await indicatorOf("大数据行业发展工作经费", "年内外出学习调研汇报次数", 2026);
    await updateIndicator(db(), r1, visits.id, { category: "数量", name: "年内外出学习调研汇报次数", comparator: ">=", value: "4", unit: "次" }, visits.version);
    // 驻村's 2026 budget raised to 2.00 万元 (as the budget import sets it) after executing 60% of 2025's 1.50.
    await db().project.update({ where: { id: await idOf("第一书记驻村工作经费", 2026) }, data: { budget: "20000.00" } });

    const report = await departmentReview(db(), leader, { year: 2026 });
    expect(report.fiscalYear).toMatchObject({ year: 2026, draftedFromYear: 2025 });
    const of = (rule: string) => report.projects.flatMap((p) => p.findings.filter((f) => f.ruleId === rule).map((f) => [p.name, f.indicatorName ?? null, f.message]));
    expect(of("target-below-actual")).toEqual([
      ["日常办公耗材购置", "购买打印纸", "项目“日常办公耗材购置”的“购买打印纸”目标为“≥ 40 箱”，低于 2025 年已实际完成的 50 箱；目标应不低于上年实际，请提高目标或说明原因。"],
      ["大数据行业发展工作经费", "年内外出学习调研汇报次数", "项目“大数据行业发展工作经费”的“年内外出学习调研汇报次数”目标为“≥ 4 次”，低于 2025 年已实际完成的 5 次；目标应不低于上年实际，请提高目标或说明原因。"],
    ]);
    expect(of("missed-copied-unchanged")).toEqual([
      ["法律顾问费", "年内召开法律讲座次数", "项目“法律顾问费”的“年内召开法律讲座次数”2025 年未完全达成（目标 ≥ 2 次，实际 1 次，得分 6.25/12.50），下一年度照搬原目标“≥ 2 次”；请结合偏差原因调整目标或写明保障措施。"],
      ["保密机房维护费", "保障保密工作正常开展", expect.stringContaining("“保障保密工作正常开展”2025 年未完全达成（目标 是，实际 否，")],
    ]);
    // 保密机房: 0% spent → 0; 产出 50; 效益 否 → 未达成 30% of 30 = 9; 满意度 10 → 69.00, 中; its targets copied unchanged.
    const secret = await evaluationView(db(), leader, await idOf("保密机房维护费", 2025));
    expect([secret.figure.total, secret.figure.grade]).toEqual(["69.00", "中"]);
    expect(of("weak-grade-unrevised")).toEqual([["保密机房维护费", null, "项目“保密机房维护费”2025 年自评等级“中”（69.00 分，已审核），下一年度的 6 个指标及目标值与上年完全相同；请针对失分原因修订目标。"]]);
    expect(of("budget-raised-execution-lagged")).toEqual([["第一书记驻村工作经费", null, "项目“第一书记驻村工作经费”预算 2.00 万元，比 2025 年的 1.50 万元增加 0.50 万元，而 2025 年预算执行率仅 60.00%（滞后）；请说明增加的理由或按执行情况压减。"]]);
    // 2025 itself (imported, not drafted) has none of these findings.
    const imported = await departmentReview(db(), leader, { year: 2025 });
    expect(imported.projects.flatMap((p) => p.findings).filter((f) => ["target-below-actual", "missed-copied-unchanged", "weak-grade-unrevised", "budget-raised-execution-lagged"].includes(f.ruleId))).toEqual([]);
  });

  it("the draft exported as table 12 (errors on a first sheet) reads back through the importer as table 12 with no change; so does 2025", async () => {
    const { bytes, fileName, errors } = await exportTable12(db(), admin, { departmentId, year: 2026 });
    const review = await departmentReview(db(), admin, { year: 2026 });
    expect(errors).toBe(review.counts.error);
    expect(errors).toBeGreaterThan(0); // 2025 deadlines copied into 2026 targets (各项工作在2024年12月底前完成 …)
    expect(fileName).toBe(`2026年项目绩效目标公开表-柳州市大数据发展局（含${errors}处审核错误）.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual([FINDINGS_SHEET, TABLE12_SHEET]);
    const findings = book.getWorksheet(FINDINGS_SHEET)!;
    expect(String(findings.getCell("A1").value)).toBe(`2026年度绩效目标审核发现：错误 ${errors} 处、提示 ${review.counts.warning + review.counts.info} 处（导出时未改正）`);
    expect(findings.getRow(3).values).toEqual([undefined, "1", "错误", expect.any(String), expect.any(String), expect.any(String), expect.any(String)]);
    const table = book.getWorksheet(TABLE12_SHEET)!;
    expect(table.getRow(4).values).toEqual([undefined, "序号", "单位代码", "单位名称", "项目名称", "预算资金总额", "年度绩效目标", "数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标", "生态效益指标", "可持续效益指标", "服务对象满意度指标"]);
    expect(table.getRow(5).getCell(5).value).toBe(5418.4); // 5,420.06 − 2.16 (not continued) + 0.50 (驻村 raised)

    const parse = await parseTargetsFile(bytes, { fileName });
    expect([parse.layout, parse.year, parse.projects.length, parse.problems.filter((p) => p.severity === "error")]).toEqual(["table12", 2026, 15, []]);
    const plan = await previewImport(db(), admin, { department: { code: "309", name: "" }, year: parse.year!, yearSource: "file", parse });
    expect(plan.hasChanges).toBe(false); // the preview says 与系统中现有内容完全一致
    expect(plan.totals).toMatchObject({ projects: 15, indicators: 112, unchanged: 15, added: 0, changed: 0, removed: 0 });

    const seedYear = await exportTable12(db(), leader, { year: 2025 });
    const again = await parseTargetsFile(seedYear.bytes, { fileName: seedYear.fileName });
    const seedPlan = await previewImport(db(), admin, { department: { code: "309", name: "" }, year: again.year!, yearSource: "file", parse: again });
    expect([again.year, seedPlan.hasChanges, seedPlan.totals.indicators, seedPlan.totals.budgetWan]).toEqual([2025, false, 122, "5,420.06"]);
    await expect(exportTable12(db(), r1, { year: 2026 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const exported = await db().auditEvent.findMany({ where: { action: "targets.exportDisclosure" }, orderBy: { id: "asc" } });
    expect(exported.map((e) => e.after)).toMatchObject([{ year: 2026, projects: 15, errors }, { year: 2025, projects: 16 }]);
  });

  it("the dashboard compares 2026 with 2025 at the same date, from 2025's own records of that date", async () => {
    const now = (await departmentOverview(db(), leader, { year: 2026, asOf: "2026-12-31" }))!;
    const comparison = (await lastYearAtSameDate(db(), leader, now))!;
    expect([comparison.current.year, comparison.current.asOf, comparison.previous.year, comparison.previous.asOf]).toEqual([2026, "2026-12-31", 2025, "2025-12-31"]);
    const budget = (await budgetOverview(db(), leader, { year: 2025, asOf: "2025-12-31" })).total!;
    expect([comparison.previous.executionRate, comparison.previous.spent, comparison.previous.adjustedBudget]).toEqual([budget.executionRate, budget.spent, budget.adjustedBudget]);
    expect([comparison.current.executionRate, comparison.change.executionRate]).toEqual(["0.00", `-${budget.executionRate}`]);
    const then = (await departmentOverview(db(), leader, { year: 2025, asOf: "2025-12-31" }))!;
    expect(comparison.previous.projectCounts).toEqual(then.projectCounts);
    // At the year's end the projection is the pre-filled form, which the approved ones were approved as.
    const views = await evaluationViews(db(), leader, { year: 2025 });
    expect(comparison.previous.averageScore).toBe(meanTotal(views.map((v) => v.figure.total)));
    // In the middle of the year: 30 June 2026 beside 30 June 2025, when nothing had been spent or reported yet.
    const june = (await lastYearAtSameDate(db(), leader, (await departmentOverview(db(), leader, { year: 2026, asOf: "2026-06-30" }))!))!;
    expect([june.previous.asOf, june.previous.spent, june.previous.projectCounts.NOT_REPORTED]).toEqual(["2025-06-30", "0.00", 16]);
  });
});
