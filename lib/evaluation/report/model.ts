// The 项目支出绩效自评报告 as data: what the .docx (docx.ts) and the browser preview print, so both
// show the same words and numbers. Built from the evaluation views (view.ts) — the snapshot for an
// approved evaluation, the form or the projection otherwise — and nothing else. The rules:
//  1. A project's figures are its 自评表's (printed-form.ts toPrintedForm): funds in 万元, execution rate,
//     each indicator's target, actual, weight and score, the total and the grade.
//  2. A unit's or department's totals are computed from its projects' exact amounts in 元: the sums
//     of 年初预算数, 全年预算数 and 全年执行数, the execution rate of those sums (budget execution
//     rule 2: never an average of rates), the mean of the totals (score.ts meanTotal)
//     and the count of each grade.
//  3. A report is a 草稿 (so marked in its header and title) unless every project in it has an
//     approved self-evaluation; the note says which are not and why — and, for a project never
//     evaluated, whether its projection reads reviewed check-ins only (progress/reviewed.ts rule 4).
//  4. The public version holds no internal note (override reasons and computed scores, 需要复核,
//     what a figure was pre-filled from) — only approved reports are published (service.ts).

import { ratioPercent } from "@/lib/budget/time-progress";
import { formatDecimal, parseDecimal } from "@/lib/decimal";
import { sumYuan } from "@/lib/money";
import { LEVEL1_LABELS, LEVEL1_ORDER } from "@/lib/targets/categories";
import type { Level1 } from "@/lib/targets/types";
import { toPrintedForm, wan2, type PrintedForm, type PrintedFormLine } from "../printed-form";
import type { Narrative } from "../narrative";
import { displayScore, meanTotal } from "../score";
import type { Grade } from "../types";
import type { EvaluationView } from "../view";

export type ReportScope = "project" | "unit" | "department";
const GRADES: readonly Grade[] = ["优", "良", "中", "差"];

export interface ReportGroup {
  level1: Level1;
  label: string; // 产出指标
  weight: string;
  score: string;
  indicators: number;
  met: number;
}

export interface ReportLine extends PrintedFormLine {
  level1Key: Level1;
  met: boolean;
}

export interface ReportProject {
  id: string;
  name: string;
  unitId: string;
  unitName: string;
  annualGoal: string;
  achievementText: string;
  funds: PrintedForm["funds"];
  total: string;
  grade: Grade;
  statusLabel: string;
  approved: boolean;
  narrative: Narrative;
  groups: ReportGroup[];
  lines: ReportLine[];
  /** The 自评表 of the annex. */
  form: PrintedForm;
  /** 需要复核 (internal only; empty in the public version). */
  review: string[];
}

export interface ReportSummary {
  projects: number;
  approved: number;
  initialBudgetWan: string;
  annualBudgetWan: string;
  spentWan: string;
  executionRate: string | null;
  averageScore: string | null;
  grades: Record<Grade, number>;
  indicators: number;
  met: number;
}

export interface ReportModel {
  scope: ReportScope;
  year: number;
  /** 柳州市大数据发展局 2025年度项目支出绩效自评报告 */
  title: string;
  /** Who reports: the project's unit, the unit, or the department. */
  subject: string;
  department: string;
  public: boolean;
  /** Rule 3. */
  draft: boolean;
  draftNote: string | null;
  summary: ReportSummary;
  projects: ReportProject[];
}

/** The views of a report whose form the engine cannot score, with the first reason (the caller refuses them). */
export function unscorable(views: readonly EvaluationView[]): { name: string; message: string } | null {
  for (const v of views) if (!v.outcome.ok) return { name: v.project.name, message: v.outcome.errors[0]!.message };
  return null;
}

function projectPart(view: EvaluationView, isPublic: boolean): ReportProject {
  const form = toPrintedForm(view);
  if (!form || !view.outcome.ok) throw new Error(`“${view.project.name}”的自评无法计分`);
  const result = view.outcome.result;
  const lines: ReportLine[] = form.lines.map((line, n) => ({
    ...line,
    ...(isPublic ? { internalNote: undefined } : {}),
    level1Key: view.lines[n]!.level1,
    met: !result.indicators[n]!.needsDeviationAnalysis,
  }));
  const groups = LEVEL1_ORDER.flatMap((level1): ReportGroup[] => {
    const own = lines.filter((l) => l.level1Key === level1);
    const group = result.groups.find((g) => g.key === level1);
    if (own.length === 0 || !group) return [];
    return [{ level1, label: LEVEL1_LABELS[level1], weight: displayScore(group.weight), score: displayScore(group.score), indicators: own.length, met: own.filter((l) => l.met).length }];
  });
  const publicForm: PrintedForm = isPublic ? { ...form, lines: form.lines.map((l) => ({ ...l, internalNote: undefined })), weightReason: undefined, review: undefined } : form;
  return {
    id: view.project.id,
    name: view.project.name,
    unitId: view.project.unitId,
    unitName: view.project.unitName,
    annualGoal: view.project.annualGoal,
    achievementText: view.achievementText,
    funds: form.funds,
    total: result.total,
    grade: result.grade,
    statusLabel: view.status ? view.figure.statusLabel : "未填写（按预测预填）",
    approved: view.status === "APPROVED",
    narrative: view.narrative,
    groups,
    lines,
    form: publicForm,
    review: isPublic ? [] : view.review,
  };
}

/** Rule 2. */
export function reportSummary(views: readonly EvaluationView[], parts: readonly ReportProject[]): ReportSummary {
  const annual = sumYuan(views.map((v) => v.funds.adjustedBudget));
  const spent = sumYuan(views.map((v) => v.funds.spent));
  const rate = ratioPercent(parseDecimal(spent)!, parseDecimal(annual)!);
  return {
    projects: parts.length,
    approved: parts.filter((p) => p.approved).length,
    initialBudgetWan: wan2(sumYuan(views.map((v) => v.funds.initialBudget))),
    annualBudgetWan: wan2(annual),
    spentWan: wan2(spent),
    executionRate: rate === null ? null : formatDecimal(rate, 2),
    averageScore: meanTotal(parts.map((p) => p.total)),
    grades: Object.fromEntries(GRADES.map((g) => [g, parts.filter((p) => p.grade === g).length])) as Record<Grade, number>,
    indicators: parts.reduce((n, p) => n + p.lines.length, 0),
    met: parts.reduce((n, p) => n + p.lines.filter((l) => l.met).length, 0),
  };
}

/** Rule 3: why a report is a draft, or null when every project in it is approved. */
function draftNote(scope: ReportScope, parts: readonly ReportProject[], drafts: boolean): string | null {
  const pending = parts.filter((p) => !p.approved);
  if (pending.length === 0) return null;
  const basis = drafts ? "截至年末的填报（含未审核的）" : "截至年末已审核的填报";
  if (scope === "project") return `草稿：该项目的绩效自评${pending[0]!.statusLabel.startsWith("未填写") ? `尚未填写，以下按${basis}和支出预填` : `尚未审核通过（当前：${pending[0]!.statusLabel}）`}，不得作为正式报告报送。`;
  const names = pending.slice(0, 5).map((p) => `“${p.name}”（${p.statusLabel}）`).join("、");
  return `草稿：${parts.length} 个项目中有 ${pending.length} 个的绩效自评尚未审核通过：${names}${pending.length > 5 ? ` 等` : ""}，不得作为正式报告报送。`;
}

/** The report of these views (one project, a unit's or a department's), in their order; `drafts`: whether their projections read unreviewed check-ins. */
export function buildReport(views: readonly EvaluationView[], scope: ReportScope, options: { public: boolean; subject: string; drafts: boolean }): ReportModel {
  if (views.length === 0) throw new Error("没有可生成报告的项目");
  const parts = views.map((v) => projectPart(v, options.public));
  const first = views[0]!.project;
  const note = draftNote(scope, parts, options.drafts);
  const what = scope === "project" ? `“${first.name}”项目支出绩效自评报告` : "项目支出绩效自评报告";
  return {
    scope,
    year: first.year,
    title: `${options.subject}${first.year}年度${what}${note ? "（草稿）" : ""}`,
    subject: options.subject,
    department: first.departmentName,
    public: options.public,
    draft: note !== null,
    draftNote: note,
    summary: reportSummary(views, parts),
    projects: parts,
  };
}
