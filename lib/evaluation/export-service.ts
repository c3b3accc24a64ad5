import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { recordAudit } from "@/lib/audit/record";
import { AppError } from "@/lib/errors";
import { evaluationWorkbook } from "./export-xlsx";
import { toPrintedForm, unpublishedPrintedForm } from "./printed-form";
import { evaluationView, evaluationViews, type EvaluationView } from "./service";

/**
 * The 项目支出绩效自评表 of one project, or of every project the actor may see in a department (a
 * 汇总 sheet and a sheet per project), internal or public. The public version publishes approved
 * evaluations only (their snapshots, as signed); the others appear in its 汇总 as 未完成自评 with
 * their status, and a public export with nothing approved is refused. Refused while any form to be
 * printed has input the engine cannot score. Audited as an export.
 */
export async function exportEvaluations(
  db: Db,
  actor: Actor,
  target: { projectId: string } | { departmentId?: string; year?: number },
  options: { public: boolean; ip?: string | null },
): Promise<{ bytes: Uint8Array; fileName: string }> {
  const views: EvaluationView[] = "projectId" in target ? [await evaluationView(db, actor, target.projectId)] : await evaluationViews(db, actor, target);
  if (views.length === 0) throw new AppError("NOT_FOUND", "没有可导出的项目。");
  const published = (v: EvaluationView) => !options.public || v.status === "APPROVED";
  if (options.public && !views.some(published)) {
    const only = views.length === 1 ? views[0]! : null;
    throw new AppError("VALIDATION", only ? `“${only.project.name}”的绩效自评尚未审核通过（当前：${only.figure.statusLabel}），不能导出公开版：公开版只包含审核通过的自评。` : "尚无审核通过的绩效自评，公开版没有可导出的内容。");
  }
  const broken = views.find((v) => published(v) && !v.outcome.ok);
  if (broken && !broken.outcome.ok) throw new AppError("VALIDATION", `“${broken.project.name}”的自评填写有误，无法导出：${broken.outcome.errors[0]!.message}`);
  const forms = views.map((v) => (published(v) ? toPrintedForm(v)! : unpublishedPrintedForm(v)));
  const year = views[0]!.project.year;
  const bytes = await evaluationWorkbook(forms, { public: options.public, summaryTitle: `${year}年度项目支出绩效自评结果汇总表` });
  const suffix = options.public ? "（公开版）" : "";
  const fileName = views.length === 1 ? `${year}年度项目支出绩效自评表-${views[0]!.project.name}${suffix}.xlsx` : `${year}年度项目支出绩效自评表（${views.length}个项目）${suffix}.xlsx`;
  await db.$transaction((tx) =>
    recordAudit(tx, { actor, ip: options.ip, action: "selfEvaluation.export", objectType: views.length === 1 ? "Project" : "Department", objectId: views.length === 1 ? views[0]!.project.id : undefined, after: { projects: views.length, published: views.filter(published).length, public: options.public, fileName }, outcome: "SUCCESS" }),
  );
  return { bytes, fileName };
}
