import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { authorizedDepartment } from "@/lib/auth/policy";
import { recordAudit } from "@/lib/audit/record";
import { AppError } from "@/lib/errors";
import { DEFAULT_DEADLINES, deadlineSettingsSchema, type DeadlineSettings } from "./rules";

type Reader = Pick<Db, "deadlineSettings">;

/** A department's deadlines: its saved row, or the defaults (rules.ts). */
export async function loadDeadlines(db: Reader, departmentId: string): Promise<DeadlineSettings> {
  const row = await db.deadlineSettings.findUnique({ where: { departmentId } });
  return row
    ? { reportDueDay: row.reportDueDay, reviewDueDay: row.reviewDueDay, firstMonth: row.firstMonth, evaluationDueMonth: row.evaluationDueMonth, evaluationDueDay: row.evaluationDueDay }
    : { ...DEFAULT_DEADLINES };
}

/** The 系统管理员 of the department that keeps the deadlines; anyone else is refused. */
export function requireDepartmentAdmin(actor: Actor): string {
  return authorizedDepartment(actor, "deadlines.configure");
}

/** Saves the actor's department's deadlines; bad values are refused field by field and nothing is written. Audited with before and after. */
export async function saveDeadlines(db: Db, actor: Actor, input: unknown, context: { ip?: string | null } = {}): Promise<DeadlineSettings> {
  const departmentId = requireDepartmentAdmin(actor);
  const parsed = deadlineSettingsSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("VALIDATION", "期限设置有误，请检查标出的项目。", Object.fromEntries(parsed.error.issues.map((i) => [i.path.join(".") || "form", i.message])));
  }
  const settings: DeadlineSettings = parsed.data;
  const before = await loadDeadlines(db, departmentId);
  await db.$transaction(async (tx) => {
    await tx.deadlineSettings.upsert({ where: { departmentId }, create: { departmentId, ...settings }, update: settings });
    await recordAudit(tx, { actor, ip: context.ip, action: "deadlines.change", objectType: "Department", objectId: departmentId, before: { ...before }, after: { ...settings }, outcome: "SUCCESS" });
  });
  return settings;
}
