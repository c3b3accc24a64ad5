import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { authorizedDepartment, authorizedUnit } from "@/lib/auth/policy";
import { recordAudit } from "@/lib/audit/record";
import { AppError, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { enqueueNotification } from "@/lib/notify/outbox";
import { CONTROL } from "@/lib/progress/check-in-schema";
import { reminderMessage } from "@/lib/notify/messages";
import { departmentLateness, type UnitLateness } from "./lateness";
import { dueText } from "./rules";

// Reminders (催办): a 局领导 or 系统管理员 sends a unit an in-app message; the unit's 填报人 and
// 审核人 see it at the top of their 待办 until each of them marks it read. The message says what was
// overdue when it was sent (kept with it), it is audited, and it goes to the department's work chat
// too when a webhook is set up.

export const REMINDER_MAX = 500;

/** What was overdue in a unit, one line each: the reminder's default text and its kept list. */
export function overdueLines(u: UnitLateness): { label: string; due: string }[] {
  return [
    ...u.reports.map((r) => ({ label: `${r.year} 年 ${r.month} 月进展未提交，${dueText(r.due)}`, due: r.due.due })),
    ...u.reviews.map((r) => ({ label: `${r.year} 年 ${r.month} 月填报未审核，${dueText(r.due)}`, due: r.due.due })),
    ...u.evaluations.map((e) => ({ label: `绩效自评未完成：${e.name}，${dueText(e.due)}`, due: e.due.due })),
  ];
}

export function defaultReminderText(u: UnitLateness): string {
  const lines = overdueLines(u);
  if (lines.length === 0) return `请${u.name}按期完成填报和审核。`;
  const shown = lines.slice(0, 5).map((l) => l.label).join("；");
  return `请尽快处理以下逾期事项：${shown}${lines.length > 5 ? `；等 ${lines.length} 项` : ""}。`;
}

/** Sends a reminder to a unit of the actor's department; the text defaults to its overdue items. */
export async function sendReminder(db: Db, actor: Actor, unitId: string, text: string | null, context: { ip?: string | null; now?: Date } = {}): Promise<{ id: string; message: string }> {
  const departmentId = authorizedDepartment(actor, "reminder.send");
  const unit = isUuid(unitId) ? await db.unit.findFirst({ where: { id: unitId, departmentId }, select: { id: true, name: true, code: true } }) : null;
  if (!unit) throw notFound("单位");
  const late = (await departmentLateness(db, departmentId, context.now ?? new Date())).units.find((u) => u.unitId === unit.id)!;
  const message = (text ?? "").trim() || defaultReminderText(late);
  if (message.length > REMINDER_MAX) throw new AppError("VALIDATION", `催办内容不能超过 ${REMINDER_MAX} 字。`, { message: `催办内容不能超过 ${REMINDER_MAX} 字（现 ${message.length} 字）` });
  if (CONTROL.test(message)) throw new AppError("VALIDATION", "催办内容含有无法保存的控制字符，请删除后重试。", { message: "含有无法保存的控制字符" });
  const items = overdueLines(late);
  const department = await db.department.findUniqueOrThrow({ where: { id: departmentId }, select: { id: true, code: true, name: true } });
  const id = await db.$transaction(async (tx) => {
    const reminder = await tx.reminder.create({ data: { departmentId: department.id, unitId: unit.id, senderId: actor.id, message, items } });
    await recordAudit(tx, { actor, ip: context.ip, action: "reminder.send", objectType: "Unit", objectId: unit.id, after: { reminderId: reminder.id, message, overdue: items.length }, outcome: "SUCCESS" });
    await enqueueNotification(tx, department.id, "reminder", reminderMessage(department, unit, actor.displayName, message));
    return reminder.id;
  });
  return { id, message };
}

/** A unit's person marks a reminder read: it leaves their 待办 (and nobody else's). */
export async function markReminderRead(db: Db, actor: Actor, reminderId: string, context: { ip?: string | null } = {}): Promise<void> {
  const unitId = authorizedUnit(actor, "reminder.markRead");
  const reminder = isUuid(reminderId) ? await db.reminder.findFirst({ where: { id: reminderId, unitId }, select: { id: true } }) : null;
  if (!reminder) throw notFound("催办");
  await db.$transaction(async (tx) => {
    const { count } = await tx.reminderRead.createMany({ data: [{ reminderId: reminder.id, userId: actor.id }], skipDuplicates: true });
    if (count > 0) await recordAudit(tx, { actor, ip: context.ip, action: "reminder.read", objectType: "Reminder", objectId: reminder.id, outcome: "SUCCESS" });
  });
}

/** Reminders sent in the actor's department, newest first, with how many of the unit's people have read each. */
export async function sentReminders(db: Db, actor: Actor, take = 20) {
  const departmentId = authorizedDepartment(actor, "reminder.listSent");
  const rows = await db.reminder.findMany({
    where: { departmentId },
    orderBy: { createdAt: "desc" },
    take,
    include: { sender: { select: { displayName: true } }, unit: { select: { code: true, name: true } }, _count: { select: { reads: true } } },
  });
  return rows.map((r) => ({ id: r.id, at: r.createdAt, by: r.sender.displayName, unit: `${r.unit.code} ${r.unit.name}`, message: r.message, reads: r._count.reads }));
}
