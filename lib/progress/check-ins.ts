import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { authorizedUnit } from "@/lib/auth/policy";
import { auditRefusal } from "@/lib/audit/denied";
import { recordAudit } from "@/lib/audit/record";
import { canonicalDecimal } from "@/lib/decimal";
import { AppError, forbidden } from "@/lib/errors";
import { checkInSchema, FIELD_LABELS, isEmptyCheckIn, mergeCheckIn, type CheckInData, type CheckInField, type CheckInValues, type DeviationCause, type Likelihood } from "./check-in-schema";
import { endOfMonthDate, todayInChina } from "@/lib/calendar";
import { indicatorFromRow } from "./status-input";
import { validateCheckIn, type ValidationIndicator } from "./validate";

// Recording progress (填报). Only a unit's reporters write its check-ins; a month's check-ins belong
// to the unit's report of that month, editable while it is a draft or returned, locked once submitted
// or approved. A batch is all or nothing. Clearing a value is an edit like any other: audited with
// before and after, under the same version check; a check-in with nothing left in it is removed.

export interface BatchResult {
  /** Check-ins created, changed or removed. */
  saved: number;
  /** Of those, check-ins removed because nothing was left in them. */
  cleared: number;
  /** Per row (by indicator id): Chinese messages by field. Nothing is written when non-empty. */
  errors: Record<string, Record<string, string>>;
  conflicts: { indicatorId: string; current: { actual: string; version: number; by: string | null } }[];
}

/** A month's check-ins are dated the month's last day, or today (China's day) while the month is under way. */
export function asOfDateFor(year: number, month: number, now = new Date()): string {
  const end = endOfMonthDate(year, month);
  const today = todayInChina(now);
  return end > today && today.startsWith(`${year}-${String(month).padStart(2, "0")}`) ? today : end;
}

function unitOf(actor: Actor): string {
  return authorizedUnit(actor, "checkIn.write");
}

/** A month's report accepts changes (check-ins, evidence) only as a draft or when returned. */
export function assertEditable(report: { status: string } | null, month: number) {
  if (report?.status === "SUBMITTED") throw new AppError("CONFLICT", `${month} 月填报已提交审核，不能再修改；如需修改请联系审核人退回。`);
  if (report?.status === "APPROVED") throw new AppError("CONFLICT", `${month} 月填报已审核通过并锁定；如需修改请联系系统管理员重新打开。`);
}

/** A saved check-in's values as text (what a row is merged into). */
export function savedValues(c: { actualValue: { toString(): string } | null; actualText: string | null; forecastValue: { toString(): string } | null; forecastText: string | null; likelihood: Likelihood | null; deviationCause: DeviationCause | null; correctiveAction: string | null; note: string | null }): CheckInValues {
  const text = (v: { toString(): string } | null) => (v === null ? null : canonicalDecimal(v.toString()));
  return { actual: c.actualText ?? text(c.actualValue), forecast: c.forecastText ?? text(c.forecastValue), likelihood: c.likelihood, deviationCause: c.deviationCause, correctiveAction: c.correctiveAction, note: c.note };
}

/**
 * One row applied to what was saved and checked as a whole: the values to store (as stored: "１２５"
 * is 125, so a value typed differently is no change) with their status, or the field errors. A row
 * that empties the check-in needs no validation, only no evidence left on it.
 */
function applyRow(row: CheckInData, before: CheckInValues | null, evidence: number, indicator: ValidationIndicator, asOfDate: string, year: number, today: string) {
  const after = mergeCheckIn(before, row);
  if (isEmptyCheckIn(after)) {
    const errors = before && evidence > 0 ? { actual: `本月该指标的填报附有 ${evidence} 份佐证材料，不能全部清空；请先在指标页删除佐证材料` } : null;
    return { row, before, after, result: null, errors };
  }
  const result = validateCheckIn(indicator, after, asOfDate, year, today);
  if (!result.ok) {
    // A field that is required and was just cleared says so, rather than asking to fill it in.
    for (const field of Object.keys(result.fieldErrors)) {
      if (row[field as CheckInField] === null && before?.[field as CheckInField] != null) result.fieldErrors[field] = `${result.fieldErrors[field]}（本指标需要${FIELD_LABELS[field as CheckInField]}，不能清空）`;
    }
    return { row, before, after, result: null, errors: result.fieldErrors };
  }
  const number = (v: string | null) => (v === null ? null : canonicalDecimal(v));
  const stored = { ...after, actual: result.data.actualText ?? number(result.data.actualValue), forecast: result.data.forecastText ?? number(result.data.forecastValue) };
  return { row, before, after: stored, result: result.data, errors: null };
}

/** What the audit trail records of a check-in (before/after). */
const auditSnapshot = (v: CheckInValues) => ({ actual: v.actual, forecast: v.forecast, likelihood: v.likelihood, deviationCause: v.deviationCause, correctiveAction: v.correctiveAction, note: v.note });

/**
 * Saves a month's check-ins for the actor's unit in one transaction. Each row is applied to what was
 * saved (check-in-schema.ts: a value sets a field, null or "" clears it, an absent key keeps it) and
 * the result is validated as a whole. A check-in left with nothing in it is removed. Another unit's
 * indicator, a locked report, a bad value or a stale version refuses the whole batch; the audit trail
 * gets one record per changed check-in (before/after), none for a refused batch.
 */
export async function saveCheckIns(
  db: Db,
  actor: Actor,
  input: { year: number; month: number; rows: unknown[] },
  context: { ip?: string | null; now?: Date; dryRun?: boolean } = {},
): Promise<BatchResult> {
  const now = context.now ?? new Date();
  if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100 || !Array.isArray(input.rows)) throw new AppError("VALIDATION", "请求格式有误：年度应为 2000–2100 的整数，填报应为列表。");
  const errors: BatchResult["errors"] = {};
  const rows: CheckInData[] = [];
  for (const [index, raw] of input.rows.entries()) {
    const parsed = checkInSchema.safeParse(raw);
    if (!parsed.success) errors[String((raw as { indicatorId?: unknown })?.indicatorId ?? index)] = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? "row"), i.message]));
    else rows.push(parsed.data);
  }
  const twice = rows.find((r, k) => rows.findIndex((o) => o.indicatorId === r.indicatorId) !== k);
  if (twice) errors[twice.indicatorId] = { row: "同一指标在一次保存中出现了两次" };
  const unitId = unitOf(actor);
  if (!Number.isInteger(input.month) || input.month < 1 || input.month > 12) throw new AppError("VALIDATION", "月份应为 1–12。");
  const indicators = await db.indicator.findMany({
    where: { id: { in: rows.map((r) => r.indicatorId) }, project: { unitId, fiscalYear: { year: input.year } } },
    include: { project: { select: { fiscalYearId: true } } },
  });
  const byId = new Map(indicators.map((i) => [i.id, i]));
  const foreign = rows.filter((r) => !byId.has(r.indicatorId));
  if (foreign.length > 0) {
    const refused = forbidden("部分指标不属于本单位，未保存任何内容。");
    await auditRefusal(db, { actor, ip: context.ip, action: "checkIn.save", objectType: "Indicator", objectId: foreign[0]!.indicatorId, detail: `${foreign.length} 个指标不属于本单位 ${input.year} 年度` }, refused);
    throw refused;
  }
  const fiscalYearId = indicators[0]?.project.fiscalYearId;
  if (!fiscalYearId) return { saved: 0, cleared: 0, errors, conflicts: [] };
  // A locked month is refused before its values are looked at: nothing in it can change.
  const report = await db.monthlyReport.findUnique({ where: { unitId_fiscalYearId_month: { unitId, fiscalYearId, month: input.month } } });
  assertEditable(report, input.month);
  const asOfDate = asOfDateFor(input.year, input.month, now);
  // What is saved now, to merge each row into; the transaction below re-checks the versions.
  const saved = new Map(
    report ? (await db.checkIn.findMany({ where: { reportId: report.id, indicatorId: { in: rows.map((r) => r.indicatorId) } }, include: { _count: { select: { evidence: true } } } })).map((c) => [c.indicatorId, c]) : [],
  );
  const checked = rows.map((row) => {
    const current = saved.get(row.indicatorId);
    const checkedRow = applyRow(row, current ? savedValues(current) : null, current?._count.evidence ?? 0, indicatorFromRow(byId.get(row.indicatorId)!), asOfDate, input.year, todayInChina(now));
    if (checkedRow.errors) errors[row.indicatorId] = { ...errors[row.indicatorId], ...checkedRow.errors };
    return checkedRow;
  });
  if (Object.keys(errors).length > 0) return { saved: 0, cleared: 0, errors, conflicts: [] };
  const changes = checked.filter((c) => JSON.stringify(c.before && auditSnapshot(c.before)) !== JSON.stringify(isEmptyCheckIn(c.after) ? null : auditSnapshot(c.after)));
  // A preview (e.g. of an uploaded template) stops here: everything checked, nothing written.
  if (context.dryRun) return { saved: changes.length, cleared: changes.filter((c) => isEmptyCheckIn(c.after)).length, errors: {}, conflicts: [] };

  return db.$transaction(async (tx) => {
    // The month's report, created by whichever save comes first: INSERT … ON CONFLICT DO NOTHING
    // waits for a concurrent creator instead of failing with a unique violation as upsert does.
    await tx.$executeRaw`INSERT INTO "MonthlyReport" ("id", "unitId", "fiscalYearId", "month") VALUES (gen_random_uuid(), ${unitId}::uuid, ${fiscalYearId}::uuid, ${input.month}) ON CONFLICT ("unitId", "fiscalYearId", "month") DO NOTHING`;
    const report = await tx.monthlyReport.findUniqueOrThrow({ where: { unitId_fiscalYearId_month: { unitId, fiscalYearId, month: input.month } } });
    assertEditable(report, input.month);
    const existing = await tx.checkIn.findMany({ where: { reportId: report.id, indicatorId: { in: rows.map((r) => r.indicatorId) } }, include: { createdBy: { select: { displayName: true } } } });
    const old = new Map(existing.map((c) => [c.indicatorId, c]));
    const conflicts: BatchResult["conflicts"] = [];
    for (const { row, before } of checked) {
      const current = old.get(row.indicatorId);
      // A row is written against what its sender saw: the version of the saved check-in, or none.
      if (current ? row.version !== current.version : before !== null || row.version !== undefined) {
        conflicts.push({ indicatorId: row.indicatorId, current: { actual: current ? (savedValues(current).actual ?? "") : "", version: current?.version ?? 0, by: current?.createdBy.displayName ?? null } });
      }
    }
    if (conflicts.length > 0) return { saved: 0, cleared: 0, errors: {}, conflicts };
    let savedCount = 0;
    let cleared = 0;
    for (const { row, before, after, result } of changes) {
      const current = old.get(row.indicatorId);
      if (current && isEmptyCheckIn(after)) {
        // Evidence attached meanwhile keeps the check-in: the delete then matches nothing (a conflict).
        const { count } = await tx.checkIn.deleteMany({ where: { id: current.id, version: current.version, evidence: { none: {} } } });
        if (count === 0) throw new AppError("CONFLICT", "填报已被他人修改，请刷新后再保存。");
        await recordAudit(tx, { actor, ip: context.ip, action: "checkIn.delete", objectType: "CheckIn", objectId: current.id, before: auditSnapshot(before!), detail: "各项均已清空，删除该填报", outcome: "SUCCESS" });
        cleared++;
        savedCount++;
        continue;
      }
      if (!result) continue;
      const data = {
        asOfDate: new Date(`${asOfDate}T00:00:00Z`),
        actualValue: result.actualValue,
        actualText: result.actualText,
        forecastValue: result.forecastValue,
        forecastText: result.forecastText,
        likelihood: after.likelihood,
        deviationCause: after.deviationCause,
        correctiveAction: after.correctiveAction,
        note: after.note,
      };
      if (current) {
        const { count } = await tx.checkIn.updateMany({ where: { id: current.id, version: current.version }, data: { ...data, version: { increment: 1 } } });
        if (count === 0) throw new AppError("CONFLICT", "填报已被他人修改，请刷新后再保存。");
        await recordAudit(tx, { actor, ip: context.ip, action: "checkIn.update", objectType: "CheckIn", objectId: current.id, before: auditSnapshot(before!), after: { ...auditSnapshot(after), status: result.status.status }, outcome: "SUCCESS" });
      } else {
        const created = await tx.checkIn.create({ data: { ...data, indicatorId: row.indicatorId, reportId: report.id, createdById: actor.id } });
        await recordAudit(tx, { actor, ip: context.ip, action: "checkIn.create", objectType: "CheckIn", objectId: created.id, after: { ...auditSnapshot(after), status: result.status.status }, outcome: "SUCCESS" });
      }
      savedCount++;
    }
    return { saved: savedCount, cleared, errors: {}, conflicts: [] };
  });
}
