import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { readScope } from "@/lib/auth/policy";
import { recordAudit } from "@/lib/audit/record";
import { AppError } from "@/lib/errors";
import { includeDrafts } from "@/lib/progress/reviewed";
import { evaluationView, evaluationViews, type EvaluationView } from "../service";
import { reportDocx } from "./docx";
import { buildReport, unscorable, type ReportModel, type ReportScope } from "./model";

// The 项目支出绩效自评报告 of one project, one unit or one department, for whoever may read their
// self-evaluations (the views are scoped by the actor: a reporter of another unit gets nothing). A
// report of projects not all approved is a 草稿 (model.ts rule 3); the public version is published
// only when every project in it is approved. Every .docx is audited as an export.

export type ReportTarget = { projectId: string } | { unitId: string; year?: number } | { departmentId?: string; year?: number };

const scopeOf = (target: ReportTarget): ReportScope => ("projectId" in target ? "project" : "unitId" in target ? "unit" : "department");

async function viewsOf(db: Db, actor: Actor, target: ReportTarget): Promise<EvaluationView[]> {
  if ("projectId" in target) return [await evaluationView(db, actor, target.projectId)];
  if ("unitId" in target) return evaluationViews(db, actor, { unitId: target.unitId, year: target.year });
  return evaluationViews(db, actor, { departmentId: target.departmentId, year: target.year });
}

/** The report as the preview and the .docx show it; refused when there is nothing to report or a form cannot be scored. */
export async function evaluationReport(db: Db, actor: Actor, asked: ReportTarget, options: { public: boolean }): Promise<ReportModel> {
  // A unit's people see their unit's projects only: their "department" report is their unit's.
  const target: ReportTarget = !("projectId" in asked) && !("unitId" in asked) && readScope(actor) === "unit" && actor.unitId ? { unitId: actor.unitId, year: asked.year } : asked;
  const views = await viewsOf(db, actor, target);
  const scope = scopeOf(target);
  if (views.length === 0) throw new AppError("NOT_FOUND", scope === "unit" ? "该单位不存在、没有项目，或您无权查看。" : "没有可生成报告的项目。");
  const broken = unscorable(views);
  if (broken) throw new AppError("VALIDATION", `“${broken.name}”的自评填写有误，无法生成报告：${broken.message}`);
  const pending = views.filter((v) => v.status !== "APPROVED");
  if (options.public && pending.length > 0) {
    const names = pending.slice(0, 5).map((v) => `“${v.project.name}”（${v.figure.statusLabel}）`).join("、");
    throw new AppError("VALIDATION", `公开版只能在全部项目的绩效自评审核通过后生成；尚未审核通过：${names}${pending.length > 5 ? ` 等 ${pending.length} 个` : ""}。可先下载内部版（草稿）。`);
  }
  const first = views[0]!.project;
  const subject = scope === "department" ? first.departmentName : first.unitName;
  // The views read check-ins by the actor's default basis (evaluationView, evaluationViews).
  return buildReport(views, scope, { public: options.public, subject, drafts: includeDrafts(actor) });
}

/** The report as a .docx download, audited. */
export async function exportEvaluationReport(db: Db, actor: Actor, target: ReportTarget, options: { public: boolean; ip?: string | null }): Promise<{ bytes: Uint8Array; fileName: string; model: ReportModel }> {
  const model = await evaluationReport(db, actor, target, options);
  const bytes = await reportDocx(model);
  const who = model.scope === "project" ? model.projects[0]!.name : model.subject;
  const unitId = model.scope === "unit" ? model.projects[0]!.unitId : undefined;
  const fileName = `${model.year}年度项目支出绩效自评报告-${who}${model.draft ? "（草稿）" : ""}${options.public ? "（公开版）" : ""}.docx`;
  await db.$transaction((tx) =>
    recordAudit(tx, {
      actor, ip: options.ip, action: "selfEvaluation.report", objectType: model.scope === "project" ? "Project" : model.scope === "unit" ? "Unit" : "Department",
      objectId: model.scope === "project" ? model.projects[0]!.id : unitId,
      after: { scope: model.scope, year: model.year, projects: model.projects.length, approved: model.summary.approved, draft: model.draft, public: options.public, fileName },
      outcome: "SUCCESS",
    }),
  );
  return { bytes, fileName, model };
}
