import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { can, refusalOf } from "@/lib/auth/policy";
import { auditRefusal } from "@/lib/audit/denied";
import { recordAudit } from "@/lib/audit/record";
import { AppError, notFound } from "@/lib/errors";
import { annualGoalSchema } from "./annual-goal-schema";
import { projectScope } from "./queries";
import { isUuid } from "@/lib/ids";


/**
 * Edits a project's 年度绩效目标. Reporters edit their own unit's projects, admins any in their
 * department; the scope is in the `where`, so another unit's project is simply not found. Audited
 * with before/after in the same transaction; a refusal is audited too.
 */
export async function updateAnnualGoal(
  db: Db,
  actor: Actor,
  projectId: string,
  input: unknown,
  context: { ip?: string | null } = {},
): Promise<void> {
  const refuse = async (detail: string, error: AppError) => {
    await auditRefusal(db, { actor, ip: context.ip, action: "project.annualGoal.update", objectType: "Project", objectId: projectId, detail }, error);
    return error;
  };
  const refused = refusalOf(actor, "annualGoal.edit");
  if (refused) throw await refuse("角色无编辑权限", refused);
  const parsed = annualGoalSchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? "form"), i.message]));
    throw new AppError("VALIDATION", "输入有误，请按提示修改。", fieldErrors);
  }
  const validId = isUuid(projectId);
  const updated = await db.$transaction(async (tx) => {
    const project = validId
      ? await tx.project.findFirst({ where: { AND: [{ id: projectId }, projectScope(actor)] }, select: { id: true, annualGoal: true } })
      : null;
    if (!project) return false;
    await tx.project.update({ where: { id: project.id }, data: { annualGoal: parsed.data.annualGoal } });
    await recordAudit(tx, {
      actor,
      ip: context.ip,
      action: "project.annualGoal.update",
      objectType: "Project",
      objectId: project.id,
      before: { annualGoal: project.annualGoal },
      after: { annualGoal: parsed.data.annualGoal },
      outcome: "SUCCESS",
    });
    return true;
  });
  if (!updated) throw await refuse("项目不存在或不在权限范围内", notFound("项目"));
}

export function canEditAnnualGoal(actor: Actor): boolean {
  return can(actor, "annualGoal.edit");
}
