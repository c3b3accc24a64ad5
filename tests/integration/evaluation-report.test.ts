import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/roles";
import { budgetOverview } from "@/lib/budget/queries";
import { toPrintedForm, wan2 } from "@/lib/evaluation/printed-form";
import { NARRATIVE_KEYS, readNarrative } from "@/lib/evaluation/narrative";
import { exportEvaluationReport } from "@/lib/evaluation/report/service";
import { meanTotal } from "@/lib/evaluation/score";
import { decideEvaluation, evaluationView, evaluationViews, saveEvaluation } from "@/lib/evaluation/service";
import { readSnapshot } from "@/lib/evaluation/snapshot";
import { updateIndicator } from "@/lib/targets/indicators";
import { setupTestDb } from "../support/db";
import { docxParts, paragraphs, tableRows } from "../support/docx";
import { makeUser } from "../support/factories";
import { approveEvaluation, fillDecember, formOf, spend } from "../support/fill-year";

// The 项目支出绩效自评报告 read back from the .docx (unzipped, its XML's text): every figure is the
// evaluation and budget engines' for the seed with a filled 2025 — December reported and approved,
// the year's spending recorded, evaluations approved, submitted or never written — and the narrative
// the evaluator wrote is the one the reviewer approved, frozen.

const db = setupTestDb();
let r1: Actor, v1: Actor, r2: Actor, v2: Actor, leader: Actor, admin: Actor;
const LEGAL = "法律顾问费"; // 309001: approved with its own narrative
const VILLAGE = "第一书记驻村工作经费"; // 309001: submitted, not approved
const OFFICE = "日常办公耗材购置"; // 309001: never evaluated
const MISSES = { 年内召开法律讲座次数: { actual: "1" }, 年内开展乡村振兴互助次数: { actual: "1" }, 组织项目验收数量: { actual: "4" } };
const NARRATIVE = {
  workText: "局办公室牵头，对照年初目标逐项核实，法律顾问出具意见书 12 份。",
  practiceText: "讲座与合同审查结合，提高了审查效率。",
  problemText: "全年只召开 1 次法律讲座，少于目标 2 次。",
  improvementText: "2026 年上下半年各安排一次讲座，年初列入工作计划。",
  resultUseText: "自评结果报财政局，作为 2026 年法律顾问费预算安排的参考。",
};
const idOf = async (name: string) => (await db().project.findFirstOrThrow({ where: { name } })).id;
const allText = (bytes: Uint8Array) => paragraphs(docxParts(bytes).document).join("\n");

beforeAll(async () => {
  const users: Actor[] = [];
  for (const [role, unit] of [["REPORTER", "309001"], ["REVIEWER", "309001"], ["REPORTER", "309002"], ["REVIEWER", "309002"], ["LEADER"], ["ADMIN"]] as const) users.push((await makeUser(db(), role, unit)).actor);
  [r1, v1, r2, v2, leader, admin] = users as [Actor, Actor, Actor, Actor, Actor, Actor];
  await fillDecember(db(), r1, v1, 2025, MISSES);
  await fillDecember(db(), r2, v2, 2025, MISSES);
  await spend(db(), r1, 2025, (name) => (name === VILLAGE ? 60 : 90));
  await spend(db(), r2, 2025, () => 100);
  const office = await db().project.findFirstOrThrow({ where: { name: "办公设备购置" } });
  await db().budgetAdjustment.create({ data: { projectId: office.id, date: new Date("2025-10-10"), amount: "1000.00", reason: "追加", approvedBy: "财政局", createdById: r2.id } });
  for (const p of await db().project.findMany({ where: { unit: { code: "309002" } }, orderBy: { seq: "asc" } })) await approveEvaluation(db(), r2, v2, p.id);
  await approveEvaluation(db(), r1, v1, await idOf(LEGAL), { narrative: NARRATIVE });
  await saveEvaluation(db(), r1, await idOf(VILLAGE), formOf(await evaluationView(db(), r1, await idOf(VILLAGE))), { submit: true });
});

describe("the self-evaluation report (.docx)", () => {
  it("one project's report prints its 自评表's numbers and the narrative as approved; the public version has no internal notes", async () => {
    const id = await idOf(LEGAL);
    const view = await evaluationView(db(), leader, id);
    const form = toPrintedForm(view)!;
    expect(view.figure.kind).toBe("已审核");
    const { bytes, fileName, model } = await exportEvaluationReport(db(), leader, { projectId: id }, { public: false });
    expect(fileName).toBe("2025年度项目支出绩效自评报告-法律顾问费.docx");
    const parts = docxParts(bytes);
    const text = paragraphs(parts.document);
    expect(text[0]).toBe("柳州市大数据发展局2025年度“法律顾问费”项目支出绩效自评报告");
    // 5.00 万元, 4.50 spent (90%) → 9; 讲座 1 of ≥2 → 6.25; the rest met → 92.75 优 (hand-computed in evaluation-snapshot.test.ts).
    expect([form.total, form.grade, form.funds.spentWan, form.funds.executionRate]).toEqual(["92.75", "优", "4.50", "90.00"]);
    expect(text).toContain(`经自评，“法律顾问费”绩效自评得分 92.75 分，等级为“优”。其中预算执行率得分 9.00（分值 10.00）${"，产出指标得分 43.75（分值 50.00），效益指标得分 30.00（分值 30.00），满意度指标得分 10.00（分值 10.00）"}。`);
    expect(text).toContain(`“法律顾问费”由柳州市大数据发展局实施。2025年年初预算数 5.00 万元，全年预算数 5.00 万元，全年执行数 4.50 万元，预算执行率 90.00%。`);
    for (const key of NARRATIVE_KEYS) expect(text).toContain(NARRATIVE[key]);
    const rows = tableRows(parts.document);
    // The analysis tables and the annex print each line's target, actual, weight and score as the form does.
    for (const line of form.lines) {
      expect(rows).toContainEqual([line.name, line.target, line.actual, line.weight, line.score]);
      expect(rows).toContainEqual([line.level1, line.category, line.name, line.target, line.actual, line.weight, line.score, line.deviation]);
    }
    expect(rows).toContainEqual(["年内召开法律讲座次数", "≥ 2 次", "1 次", "6.25/12.50", form.lines[0]!.deviation]);
    expect(rows).toContainEqual(["总分", "100", "92.75", "自评等级：优"]);
    expect(model.draft).toBe(false);
    expect(parts.headers.join("")).toContain("内部版");
    expect(parts.headers.join("")).not.toContain("草稿");
    expect(text.join("\n")).toContain("内部说明（不对外公开）");
    // A4 portrait, then the annex in landscape; page numbers; 仿宋 / 黑体 with their alternates.
    expect(parts.document).toMatch(/<w:pgSz w:w="11906" w:h="16838"[^>]*\/>/);
    expect(parts.document).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);
    expect(parts.footers.join("")).toMatch(/PAGE[\s\S]*NUMPAGES/);
    expect(parts.document).toContain('w:eastAsia="仿宋"');
    expect(parts.document).toContain('w:eastAsia="黑体"');
    expect(parts.fontTable).toContain('<w:font w:name="仿宋"><w:altName w:val="FangSong"/>');
    expect(parts.fontTable).toContain('<w:font w:name="黑体"><w:altName w:val="SimHei"/>');

    const published = await exportEvaluationReport(db(), leader, { projectId: id }, { public: true });
    const publicText = allText(published.bytes);
    expect(published.fileName).toBe("2025年度项目支出绩效自评报告-法律顾问费（公开版）.docx");
    expect(publicText).not.toContain("内部说明");
    expect(publicText).not.toContain("系统计算");
    expect(docxParts(published.bytes).headers.join("")).not.toMatch(/内部版|草稿/);
    expect(publicText).toContain("经自评，“法律顾问费”绩效自评得分 92.75 分");
  });

  it("a project not approved, or never evaluated, gets only a draft marked 草稿; its public version is refused", async () => {
    const village = await exportEvaluationReport(db(), r1, { projectId: await idOf(VILLAGE) }, { public: false });
    expect(village.fileName).toBe("2025年度项目支出绩效自评报告-第一书记驻村工作经费（草稿）.docx");
    const text = paragraphs(docxParts(village.bytes).document);
    expect(text[0]).toBe("柳州市大数据发展局2025年度“第一书记驻村工作经费”项目支出绩效自评报告（草稿）");
    expect(text[1]).toBe("【草稿：该项目的绩效自评尚未审核通过（当前：已提交待审核），不得作为正式报告报送。】");
    expect(docxParts(village.bytes).headers.join("")).toContain("草稿 · 尚未审核通过，不得对外报送");
    await expect(exportEvaluationReport(db(), r1, { projectId: await idOf(VILLAGE) }, { public: true })).rejects.toMatchObject({ code: "VALIDATION", message: expect.stringContaining("“第一书记驻村工作经费”（已提交待审核）") });
    const office = await exportEvaluationReport(db(), leader, { projectId: await idOf(OFFICE) }, { public: false });
    expect(paragraphs(docxParts(office.bytes).document)[1]).toBe("【草稿：该项目的绩效自评尚未填写，以下按截至年末已审核的填报和支出预填，不得作为正式报告报送。】");
    // Its unit's reporter reads drafts too (progress/reviewed.ts rule 4), and the note says so.
    const ownDraft = await exportEvaluationReport(db(), r1, { projectId: await idOf(OFFICE) }, { public: false });
    expect(paragraphs(docxParts(ownDraft.bytes).document)[1]).toBe("【草稿：该项目的绩效自评尚未填写，以下按截至年末的填报（含未审核的）和支出预填，不得作为正式报告报送。】");
    // The draft narrative is built from the data only: its figures are the projection's.
    const projected = await evaluationView(db(), leader, await idOf(OFFICE));
    expect(projected.narrative.resultUseText).toBe(`本项目2025年度自评得分 ${projected.figure.total} 分，等级“${projected.figure.grade}”。`);
    expect(allText(office.bytes)).toContain(projected.narrative.workText);
  });

  it("a unit's report: totals are the budget engine's at the year's end, the mean and grades the evaluations'; all approved, it may be published", async () => {
    const unit = await db().unit.findUniqueOrThrow({ where: { code: "309002" } });
    const { bytes, model } = await exportEvaluationReport(db(), leader, { unitId: unit.id, year: 2025 }, { public: true });
    const budget = (await budgetOverview(db(), leader, { year: 2025, asOf: "2025-12-31" })).units.find((u) => u.id === unit.id)!.execution;
    const views = await evaluationViews(db(), leader, { unitId: unit.id, year: 2025 });
    expect(views).toHaveLength(8);
    const totals = views.map((v) => v.figure.total);
    expect(model.summary).toMatchObject({
      projects: 8, approved: 8, initialBudgetWan: wan2(budget.initialBudget), annualBudgetWan: wan2(budget.adjustedBudget), spentWan: wan2(budget.spent),
      executionRate: budget.executionRate, averageScore: meanTotal(totals),
    });
    // 363.47 万元 + 0.10 万元 adjusted, all spent except the adjustment: 363.47 ÷ 363.57.
    expect([model.summary.initialBudgetWan, model.summary.annualBudgetWan, model.summary.spentWan, model.summary.executionRate]).toEqual(["363.47", "363.57", "363.47", "99.97"]);
    expect(model.draft).toBe(false);
    const rows = tableRows(docxParts(bytes).document);
    expect(rows).toContainEqual(["合计", "363.47", "363.57", "363.47", "99.97%", `平均 ${meanTotal(totals)}`]);
    for (const v of views) {
      const f = toPrintedForm(v)!;
      expect(rows).toContainEqual(["" + (views.indexOf(v) + 1), `${v.project.name}\n（${v.project.unitName}）`, f.funds.initialBudgetWan, f.funds.annualBudgetWan, f.funds.spentWan, `${f.funds.executionRate}%`, f.total, f.grade]);
    }
    const text = allText(bytes);
    expect(text).toContain(`8 个项目绩效自评平均得分 ${meanTotal(totals)} 分，其中“优”${totals.filter((_, i) => views[i]!.figure.grade === "优").length} 个`);
    expect(text).toContain("目　　录");
    expect(text).not.toContain("内部说明");
    // The unit's own reporter asking for "the department's" report gets the unit's: it is all they see.
    const own = await exportEvaluationReport(db(), r2, { year: 2025 }, { public: false });
    expect([own.model.scope, own.model.subject, own.model.summary.spentWan]).toEqual(["unit", "柳州市信息化建设管理中心", "363.47"]);
    // A reporter of the other unit gets nothing of it.
    await expect(exportEvaluationReport(db(), r1, { unitId: unit.id, year: 2025 }, { public: false })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(exportEvaluationReport(db(), r1, { projectId: views[0]!.project.id }, { public: false })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("the department's report: a contents list with page references, the department's totals, a draft while any project is not approved", async () => {
    const { bytes, model, fileName } = await exportEvaluationReport(db(), leader, { year: 2025 }, { public: false });
    expect(fileName).toBe("2025年度项目支出绩效自评报告-柳州市大数据发展局（草稿）.docx");
    const budget = (await budgetOverview(db(), leader, { year: 2025, asOf: "2025-12-31" })).total!;
    expect([model.summary.initialBudgetWan, model.summary.annualBudgetWan, model.summary.spentWan, model.summary.executionRate]).toEqual([wan2(budget.initialBudget), wan2(budget.adjustedBudget), wan2(budget.spent), budget.executionRate]);
    expect(model.summary.initialBudgetWan).toBe("5420.06");
    expect(model.summary.projects).toBe(16);
    expect(model.summary.approved).toBe(9);
    expect(model.summary.indicators).toBe(122);
    const parts = docxParts(bytes);
    const text = paragraphs(parts.document);
    expect(text[0]).toBe("柳州市大数据发展局2025年度项目支出绩效自评报告（草稿）");
    expect(text[1]).toContain("16 个项目中有 7 个的绩效自评尚未审核通过");
    const contents = text.slice(text.indexOf("目　　录") + 1, text.indexOf("目　　录") + 8);
    expect(contents.map((t) => t.split("\t")[0])).toEqual(["一、基本情况", "二、绩效自评工作开展情况", "三、综合评价结论", "四、绩效目标实现情况分析", "五、偏离绩效目标的原因和下一步改进措施", "六、绩效自评结果应用", "附件：项目支出绩效自评表（16 个项目）"]);
    expect(parts.document.match(/PAGEREF section_\d/g)).toHaveLength(6);
    expect(parts.document).toMatch(/PAGEREF annex/);
    expect(parts.document.match(/<w:bookmarkStart [^>]*w:name="section_\d"/g)).toHaveLength(6);
    // Every missed line across the department is in section 五 with its deviation analysis.
    const missed = tableRows(parts.document).filter((r) => r.length === 6 && /^\d+\.\d{2}\/\d+\.\d{2}$/.test(r[4]!));
    expect(missed.map((r) => r[1]).sort()).toEqual(["年内召开法律讲座次数", "年内开展乡村振兴互助次数", "组织项目验收数量"].sort());
    await expect(exportEvaluationReport(db(), leader, { year: 2025 }, { public: true })).rejects.toMatchObject({ code: "VALIDATION", message: expect.stringContaining("公开版只能在全部项目的绩效自评审核通过后生成") });
    const audit = await db().auditEvent.findMany({ where: { action: "selfEvaluation.report" }, orderBy: { id: "asc" } });
    expect(audit).toHaveLength(8); // every report downloaded so far in this file; the refused ones are not exports
    expect(audit.at(-1)!.after).toMatchObject({ scope: "department", projects: 16, approved: 9, draft: true, public: false });
  });

  it("the narrative is frozen on approval: a later target change leaves it, saving is refused; a reopen and a new approval replace it", async () => {
    const id = await idOf(LEGAL);
    const approved = await db().selfEvaluation.findUniqueOrThrow({ where: { projectId: id } });
    expect(readNarrative(readSnapshot(approved.snapshot)!.record.narrative)).toEqual(NARRATIVE);
    const lectures = await db().indicator.findFirstOrThrow({ where: { projectId: id, name: "年内召开法律讲座次数" } });
    await updateIndicator(db(), admin, lectures.id, { category: "数量", name: "年内召开法律讲座次数", comparator: ">=", value: "1", unit: "次" }, lectures.version);
    for (const actor of [r1, v1, leader]) {
      const view = await evaluationView(db(), actor, id);
      expect([view.source, view.narrative, view.narrativeDrafted], actor.role).toEqual(["snapshot", NARRATIVE, false]);
      expect(view.review.length).toBeGreaterThan(0);
    }
    await expect(saveEvaluation(db(), r1, id, { ...formOf(await evaluationView(db(), r1, id)), narrative: { workText: "改写" } })).rejects.toMatchObject({ code: "CONFLICT" });
    expect(allText((await exportEvaluationReport(db(), leader, { projectId: id }, { public: false })).bytes)).toContain(NARRATIVE.workText);

    await decideEvaluation(db(), admin, id, "reopen", "讲座目标调整，重新自评");
    const form = await evaluationView(db(), r1, id);
    expect([form.source, form.narrative, form.narrativeDrafted]).toEqual(["form", NARRATIVE, false]); // the unit's own text, not a new draft
    // A section left out keeps its text; one posted empty is cleared (saved so) and must be filled before submitting.
    await saveEvaluation(db(), r1, id, formOf(form, { narrative: { problemText: "", improvementText: "讲座改为每年一次。" } }));
    const cleared = await evaluationView(db(), r1, id);
    expect([cleared.narrative.workText, cleared.narrative.problemText, cleared.narrative.improvementText]).toEqual([NARRATIVE.workText, "", "讲座改为每年一次。"]);
    await expect(saveEvaluation(db(), r1, id, formOf(cleared), { submit: true })).rejects.toMatchObject({ code: "VALIDATION", fieldErrors: { "narrative.problemText": "提交前请填写“存在问题”（没有可写的内容时写“无”）" } });
    await saveEvaluation(db(), r1, id, formOf(cleared, { narrative: { problemText: "无" } }), { submit: true });
    await decideEvaluation(db(), v1, id, "approve", "");
    const again = await evaluationView(db(), leader, id);
    expect(again.narrative).toEqual({ ...NARRATIVE, problemText: "无", improvementText: "讲座改为每年一次。" });
    // The audit trail names the sections each save changed.
    const saved = await db().auditEvent.findFirstOrThrow({ where: { action: "selfEvaluation.save", objectId: approved.id }, orderBy: { id: "desc" } });
    const submitted = await db().auditEvent.findFirstOrThrow({ where: { action: "selfEvaluation.submit", objectId: approved.id }, orderBy: { id: "desc" } });
    expect([saved.after, submitted.after]).toMatchObject([{ narrative: ["存在问题", "下一步改进措施"] }, { narrative: ["存在问题"] }]);
  });
});
