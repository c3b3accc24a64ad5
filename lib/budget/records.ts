import { todayInChina, todayWithinYear } from "@/lib/calendar";
import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { authorizedUnit } from "@/lib/auth/policy";
import { auditRefusal } from "@/lib/audit/denied";
import { recordAudit } from "@/lib/audit/record";
import { AppError, notFound } from "@/lib/errors";
import { formatWan, fromScaled, toScaled } from "@/lib/money";
import { adjustmentSchema, expenditureSchema } from "./record-schemas";
import { isUuid } from "@/lib/ids";

// Recording spending and budget adjustments. Reporters record for their
// own unit's projects only (the scope is in the where). History is never edited: a wrong payment is
// reversed (冲销) by a negative record linked to it. Every write is audited in its transaction.

type Context = { ip?: string | null; now?: Date };

function fieldErrors(error: { issues: { path: PropertyKey[]; message: string }[] }) {
  return Object.fromEntries(error.issues.map((i) => [String(i.path[0] ?? "form"), i.message]));
}

async function ownProject(db: Db, actor: Actor, projectId: string, context: Context) {
  const unitId = authorizedUnit(actor, "budget.record");
  const project = isUuid(projectId)
    ? await db.project.findFirst({ where: { id: projectId, unitId }, include: { fiscalYear: true } })
    : null;
  if (!project) {
    const refused = notFound("项目");
    if (isUuid(projectId) && (await db.project.count({ where: { id: projectId } })) > 0) {
      await auditRefusal(db, { actor, ip: context.ip, action: "budget.record", objectType: "Project", objectId: projectId, detail: "不是本单位的项目" }, refused);
    }
    throw refused;
  }
  return project;
}

function checkDate(date: string, year: number, now: Date, errors: Record<string, string>) {
  if (!date.startsWith(`${year}-`)) errors.date = `日期须在 ${year} 年内`;
  else if (date > todayInChina(now)) errors.date = "日期不能晚于今天"; // today where the payment was made: China time
}

async function totals(db: Db, projectId: string) {
  const [spent, adjusted] = await Promise.all([
    db.expenditure.aggregate({ where: { projectId }, _sum: { amount: true } }),
    db.budgetAdjustment.aggregate({ where: { projectId }, _sum: { amount: true } }),
  ]);
  return { spent: spent._sum.amount?.toFixed(2) ?? "0.00", adjustments: adjusted._sum.amount?.toFixed(2) ?? "0.00" };
}

export interface RecordResult {
  id?: string;
  /** Warnings the user must confirm before the record is saved (nothing was written). */
  needsConfirmation?: string[];
}

export async function recordExpenditure(db: Db, actor: Actor, projectId: string, input: unknown, context: Context = {}): Promise<RecordResult> {
  const parsed = expenditureSchema.safeParse(input);
  if (!parsed.success) throw new AppError("VALIDATION", "输入有误，请按提示修改。", fieldErrors(parsed.error));
  const data = parsed.data;
  const project = await ownProject(db, actor, projectId, context);
  const errors: Record<string, string> = {};
  checkDate(data.date, project.fiscalYear.year, context.now ?? new Date(), errors);
  const amount = toScaled(data.amount, 2);
  if (amount <= 0n) errors.amount = "金额应大于 0；冲销请在原支出记录上操作";
  if (data.voucherNo) {
    const duplicate = await db.expenditure.findFirst({ where: { projectId, voucherNo: data.voucherNo, amount: data.amount } });
    if (duplicate) errors.voucherNo = `凭证号 ${data.voucherNo}、金额 ${data.amount} 元的支出已录入（${duplicate.date.toISOString().slice(0, 10)}）`;
  }
  if (Object.keys(errors).length > 0) throw new AppError("VALIDATION", "输入有误，请按提示修改。", errors);

  const { spent, adjustments } = await totals(db, projectId);
  const adjustedBudget = toScaled(project.budget.toFixed(2), 2) + toScaled(adjustments, 2);
  const warnings: string[] = [];
  const after = toScaled(spent, 2) + amount;
  if (after > adjustedBudget) {
    warnings.push(`录入后累计支出 ${formatWan(fromScaled(after, 2))} 万元，超过调整后预算 ${formatWan(fromScaled(adjustedBudget, 2))} 万元；超预算支出将被标记。`);
  }
  // A figure typed in 万元 by mistake is 10,000× too small (3.5 for 35,000 元): below 100 元 on a
  // project of at least 1 万元, ask.
  if (amount < 100_00n && adjustedBudget >= 10_000_00n) {
    warnings.push(`金额 ${data.amount} 元偏小，是否按万元填写了？（${data.amount} 万元 = ${fromScaled(amount * 10_000n, 2)} 元）`);
  }
  if (warnings.length > 0 && !data.confirmed) return { needsConfirmation: warnings };

  return db.$transaction(async (tx) => {
    const created = await tx.expenditure.create({
      data: { projectId, date: new Date(`${data.date}T00:00:00Z`), amount: data.amount, payee: data.payee, description: data.description, voucherNo: data.voucherNo || null, economicClass: data.economicClass || null, createdById: actor.id },
    });
    await recordAudit(tx, {
      actor,
      ip: context.ip,
      action: "expenditure.create",
      objectType: "Expenditure",
      objectId: created.id,
      after: { projectId, date: data.date, amount: data.amount, payee: data.payee, voucherNo: data.voucherNo || null, overspent: after > adjustedBudget },
      detail: warnings.length ? `已确认：${warnings.join("；")}` : undefined,
      outcome: "SUCCESS",
    });
    return { id: created.id };
  });
}

/** Reverses (冲销) one payment with a negative record that names it; the original stays as it was. */
export async function reverseExpenditure(db: Db, actor: Actor, expenditureId: string, reason: string, context: Context = {}): Promise<{ id: string }> {
  if (reason.trim().length < 2) throw new AppError("VALIDATION", "请填写冲销原因。", { reason: "请填写冲销原因" });
  const original = isUuid(expenditureId) ? await db.expenditure.findUnique({ where: { id: expenditureId }, include: { reversals: true } }) : null;
  if (!original) throw notFound("支出记录");
  const project = await ownProject(db, actor, original.projectId, context);
  if (original.reversalOfId) throw new AppError("CONFLICT", "这是一条冲销记录，不能再冲销。");
  if (original.reversals.length > 0) throw new AppError("CONFLICT", "这笔支出已经冲销过。");
  const now = context.now ?? new Date();
  // A reversal is dated today, held inside the fiscal year it corrects.
  const date = todayWithinYear(project.fiscalYear.year, now);
  return db.$transaction(async (tx) => {
    const reversal = await tx.expenditure.create({
      data: { projectId: original.projectId, date: new Date(`${date}T00:00:00Z`), amount: fromScaled(-toScaled(original.amount.toFixed(2), 2), 2), payee: original.payee, description: `冲销：${reason.trim()}`, voucherNo: original.voucherNo, economicClass: original.economicClass, reversalOfId: original.id, createdById: actor.id },
    });
    await recordAudit(tx, { actor, ip: context.ip, action: "expenditure.reverse", objectType: "Expenditure", objectId: original.id, after: { reversalId: reversal.id, amount: reversal.amount.toFixed(2), date }, detail: reason.trim(), outcome: "SUCCESS" });
    return { id: reversal.id };
  });
}

export async function recordAdjustment(db: Db, actor: Actor, projectId: string, input: unknown, context: Context = {}): Promise<{ id: string }> {
  const parsed = adjustmentSchema.safeParse(input);
  if (!parsed.success) throw new AppError("VALIDATION", "输入有误，请按提示修改。", fieldErrors(parsed.error));
  const data = parsed.data;
  const project = await ownProject(db, actor, projectId, context);
  const errors: Record<string, string> = {};
  checkDate(data.date, project.fiscalYear.year, context.now ?? new Date(), errors);
  const { adjustments } = await totals(db, projectId);
  if (toScaled(project.budget.toFixed(2), 2) + toScaled(adjustments, 2) + toScaled(data.amount.replace(/^\+/, ""), 2) < 0n) errors.amount = "调减后预算不能为负数";
  if (Object.keys(errors).length > 0) throw new AppError("VALIDATION", "输入有误，请按提示修改。", errors);
  return db.$transaction(async (tx) => {
    const created = await tx.budgetAdjustment.create({ data: { projectId, date: new Date(`${data.date}T00:00:00Z`), amount: data.amount.replace(/^\+/, ""), reason: data.reason, approvedBy: data.approvedBy, createdById: actor.id } });
    await recordAudit(tx, { actor, ip: context.ip, action: "budget.adjust", objectType: "BudgetAdjustment", objectId: created.id, after: { projectId, date: data.date, amount: created.amount.toFixed(2), reason: data.reason, approvedBy: data.approvedBy }, outcome: "SUCCESS" });
    return { id: created.id };
  });
}
