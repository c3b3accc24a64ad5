import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { recordAudit } from "@/lib/audit/record";
import { canonicalDecimal } from "@/lib/decimal";
import { AppError, forbidden } from "@/lib/errors";
import { CATEGORY_NAMES, COMPARATORS } from "@/lib/targets/codes";
import { checkInSchema, type CheckInData } from "./check-in-schema";
import { endOfMonthDate, todayInChina } from "@/lib/budget/time-progress";
import { validateCheckIn, type ValidationIndicator } from "./validate";

// Recording progress (填报, issue "Progress" §1, §4, §7). Only a unit's reporters write its
// check-ins; a month's check-ins belong to the unit's report of that month, editable while it is a
// draft or returned, locked once submitted or approved. A batch is all or nothing.

export interface BatchResult {
  saved: number;
  /** Per row (by indicator id): Chinese messages by field. Nothing is written when non-empty. */
  errors: Record<string, Record<string, string>>;
  conflicts: { indicatorId: string; current: { actual: string; version: number; by: string | null } }[];
}

// "Today" is the reporter's calendar day, China time: at 07:00 on the 1st the new month has begun.
const todayIn = (now: Date) => todayInChina(now);

export function asOfDateFor(year: number, month: number, now = new Date()): string {
  const end = endOfMonthDate(year, month);
  const today = todayIn(now);
  return end > today && today.startsWith(`${year}-${String(month).padStart(2, "0")}`) ? today : end;
}

function unitOf(actor: Actor): string {
  if (actor.role !== "REPORTER" || !actor.unitId) throw forbidden("只有本单位的填报人可以填报进展。");
  return actor.unitId;
}

export function toValidationIndicator(i: { category: string; name: string; comparator: string; targetValue: { toString(): string } | null; targetText: string | null; unitOfMeasure: string }): ValidationIndicator {
  return {
    category: CATEGORY_NAMES[i.category as keyof typeof CATEGORY_NAMES],
    name: i.name,
    comparator: COMPARATORS[i.comparator as keyof typeof COMPARATORS],
    value: i.targetText ?? canonicalDecimal(i.targetValue?.toString() ?? "0"),
    unit: i.unitOfMeasure,
  };
}

/** A month's report accepts changes (check-ins, evidence) only as a draft or when returned. */
export function assertEditable(report: { status: string } | null, month: number) {
  if (report?.status === "SUBMITTED") throw new AppError("CONFLICT", `${month} 月填报已提交审核，不能再修改；如需修改请联系审核人退回。`);
  if (report?.status === "APPROVED") throw new AppError("CONFLICT", `${month} 月填报已审核通过并锁定；如需修改请联系系统管理员重新打开。`);
}

/**
 * Saves a month's check-ins for the actor's unit in one transaction. Another unit's indicator,
 * a locked report, a bad value or a stale version refuses the whole batch; the audit trail gets one
 * record per changed check-in (before/after), none for a refused batch.
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
    if (!parsed.success) errors[String((raw as { indicatorId?: unknown })?.indicatorId ?? index)] = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
    else rows.push(parsed.data);
  }
  const unitId = unitOf(actor);
  if (!Number.isInteger(input.month) || input.month < 1 || input.month > 12) throw new AppError("VALIDATION", "月份应为 1–12。");
  const indicators = await db.indicator.findMany({
    where: { id: { in: rows.map((r) => r.indicatorId) }, project: { unitId, fiscalYear: { year: input.year } } },
    include: { project: { select: { fiscalYearId: true } } },
  });
  const byId = new Map(indicators.map((i) => [i.id, i]));
  const foreign = rows.filter((r) => !byId.has(r.indicatorId));
  if (foreign.length > 0) {
    await db.$transaction((tx) =>
      recordAudit(tx, { actor, ip: context.ip, action: "checkIn.save", objectType: "Indicator", objectId: foreign[0]!.indicatorId, outcome: "DENIED", detail: `${foreign.length} 个指标不属于本单位 ${input.year} 年度` }),
    );
    throw forbidden("部分指标不属于本单位，未保存任何内容。");
  }
  const fiscalYearId = indicators[0]?.project.fiscalYearId;
  if (!fiscalYearId) return { saved: 0, errors, conflicts: [] };
  // A locked month is refused before its values are looked at: nothing in it can change.
  assertEditable(await db.monthlyReport.findUnique({ where: { unitId_fiscalYearId_month: { unitId, fiscalYearId, month: input.month } } }), input.month);
  const asOfDate = asOfDateFor(input.year, input.month, now);
  const checked = rows.map((r) => {
    const result = validateCheckIn(toValidationIndicator(byId.get(r.indicatorId)!), r, asOfDate, input.year, todayIn(now));
    if (!result.ok) errors[r.indicatorId] = result.fieldErrors;
    return { row: r, result };
  });
  if (Object.keys(errors).length > 0) return { saved: 0, errors, conflicts: [] };
  // A preview (e.g. of an uploaded template) stops here: everything checked, nothing written.
  if (context.dryRun) return { saved: checked.length, errors: {}, conflicts: [] };

  return db.$transaction(async (tx) => {
    // The month's report, created by whichever save comes first: INSERT … ON CONFLICT DO NOTHING
    // waits for a concurrent creator instead of failing with a unique violation as upsert does.
    await tx.$executeRaw`INSERT INTO "MonthlyReport" ("id", "unitId", "fiscalYearId", "month") VALUES (gen_random_uuid(), ${unitId}::uuid, ${fiscalYearId}::uuid, ${input.month}) ON CONFLICT ("unitId", "fiscalYearId", "month") DO NOTHING`;
    const report = await tx.monthlyReport.findUniqueOrThrow({ where: { unitId_fiscalYearId_month: { unitId, fiscalYearId, month: input.month } } });
    assertEditable(report, input.month);
    const existing = await tx.checkIn.findMany({ where: { reportId: report.id, indicatorId: { in: rows.map((r) => r.indicatorId) } }, include: { createdBy: { select: { displayName: true } } } });
    const old = new Map(existing.map((c) => [c.indicatorId, c]));
    const conflicts: BatchResult["conflicts"] = [];
    for (const { row } of checked) {
      const current = old.get(row.indicatorId);
      if (current && row.version !== current.version) {
        conflicts.push({ indicatorId: row.indicatorId, current: { actual: current.actualText ?? current.actualValue?.toString() ?? "", version: current.version, by: current.createdBy.displayName } });
      }
    }
    if (conflicts.length > 0) return { saved: 0, errors: {}, conflicts };
    let saved = 0;
    for (const { row, result } of checked) {
      if (!result.ok) continue;
      const data = {
        asOfDate: new Date(`${asOfDate}T00:00:00Z`),
        actualValue: result.data.actualValue,
        actualText: result.data.actualText,
        forecastValue: result.data.forecastValue,
        forecastText: result.data.forecastText,
        likelihood: row.likelihood,
        deviationCause: row.deviationCause ?? null,
        correctiveAction: row.correctiveAction ?? null,
        note: row.note ?? null,
      };
      const current = old.get(row.indicatorId);
      const snapshot = (c: typeof data) => ({ actual: c.actualText ?? c.actualValue, forecast: c.forecastText ?? c.forecastValue, likelihood: c.likelihood, deviationCause: c.deviationCause, correctiveAction: c.correctiveAction });
      if (current) {
        const before = snapshot({ ...data, actualValue: current.actualValue?.toString() ?? null, actualText: current.actualText, forecastValue: current.forecastValue?.toString() ?? null, forecastText: current.forecastText, likelihood: current.likelihood ?? row.likelihood, deviationCause: current.deviationCause, correctiveAction: current.correctiveAction });
        const after = snapshot(data);
        if (JSON.stringify(before) === JSON.stringify(after) && (current.note ?? null) === data.note) continue;
        const { count } = await tx.checkIn.updateMany({ where: { id: current.id, version: current.version }, data: { ...data, version: { increment: 1 } } });
        if (count === 0) throw new AppError("CONFLICT", "填报已被他人修改，请刷新后再保存。");
        await recordAudit(tx, { actor, ip: context.ip, action: "checkIn.update", objectType: "CheckIn", objectId: current.id, before, after: { ...after, status: result.data.status.status }, outcome: "SUCCESS" });
      } else {
        const created = await tx.checkIn.create({ data: { ...data, indicatorId: row.indicatorId, reportId: report.id, createdById: actor.id } });
        await recordAudit(tx, { actor, ip: context.ip, action: "checkIn.create", objectType: "CheckIn", objectId: created.id, after: { ...snapshot(data), status: result.data.status.status }, outcome: "SUCCESS" });
      }
      saved++;
    }
    return { saved, errors: {}, conflicts: [] };
  });
}
