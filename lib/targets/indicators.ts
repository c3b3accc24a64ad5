import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { authorize, can } from "@/lib/auth/policy";
import { recordAudit } from "@/lib/audit/record";
import type { AuditAction } from "@/lib/audit/catalogue";
import { canonicalDecimal } from "@/lib/decimal";
import { AppError, notFound } from "@/lib/errors";
import { projectScope } from "@/lib/projects/queries";
import { CATEGORY_LABELS, level1Of } from "./categories";
import { CATEGORY_CODES, CATEGORY_NAMES, COMPARATOR_CODES, COMPARATORS, DIRECTION_CODES, LEVEL1_CODES } from "./codes";
import { indicatorSchema, normaliseNumber, type IndicatorInput } from "./indicator-schema";
import { direction, formatTarget } from "./parse-target";
import { isUuid } from "@/lib/ids";
import { yearState } from "@/lib/fiscal-years";

// Editing a project's indicators. Reporters edit their own unit's targets,
// the 系统管理员 any; scope sits in every `where`. Every change is audited with before/after in the
// same transaction. Once the year's targets are approved (FiscalYear.targetsLockedAt), a change
// needs a reason and is recorded as a 目标调整.

export function canEditTargets(actor: Actor): boolean {
  return can(actor, "indicator.edit");
}

function validate(input: unknown): IndicatorInput {
  const parsed = indicatorSchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? "form"), i.message]));
    throw new AppError("VALIDATION", "输入有误，请按提示修改。", fieldErrors);
  }
  return parsed.data;
}

function toRow(input: IndicatorInput) {
  const qualitative = input.comparator === "qualitative";
  const value = qualitative ? input.value : canonicalDecimal(normaliseNumber(input.value));
  const dir = direction(input.comparator, value);
  const target = formatTarget({ comparator: input.comparator, value, unit: input.unit }).replaceAll(" ", "");
  return {
    level1: LEVEL1_CODES[level1Of(input.category)],
    category: CATEGORY_CODES[input.category],
    name: input.name,
    comparator: COMPARATOR_CODES[input.comparator],
    targetValue: qualitative ? null : value,
    targetText: qualitative ? value : null,
    unitOfMeasure: input.unit,
    direction: dir ? DIRECTION_CODES[dir] : null,
    // Kept in the published style, so an edited target reads like the table it came from.
    rawText: `${CATEGORY_LABELS[input.category]}：${input.name}(${target})`,
  };
}

type Row = { name: string; category: string; comparator: string; targetValue: { toString(): string } | null; targetText: string | null; unitOfMeasure: string };
const snapshot = (projectId: string, r: Row) => ({
  projectId,
  category: CATEGORY_NAMES[r.category as keyof typeof CATEGORY_NAMES] ?? r.category,
  name: r.name,
  target: formatTarget({ comparator: COMPARATORS[r.comparator as keyof typeof COMPARATORS], value: r.targetText ?? r.targetValue?.toString() ?? "", unit: r.unitOfMeasure }),
});

async function editableProject(db: Db, actor: Actor, projectId: string) {
  authorize(actor, "indicator.edit");
  const project = isUuid(projectId)
    ? await db.project.findFirst({ where: { AND: [{ id: projectId }, projectScope(actor)] }, include: { fiscalYear: true } })
    : null;
  if (!project) throw notFound("项目");
  return project;
}

function requireReasonIfLocked(locked: boolean, reason: string | undefined) {
  if (locked && !reason) {
    throw new AppError("VALIDATION", "本年度目标已批复，调整须说明原因。", { reason: "请填写调整原因（如 预算调整、目标调整及依据）" });
  }
}

// A change to an approved (locked) year's targets is a 目标调整, its own event on the trail.
type Verb = "create" | "update" | "delete";
const OPEN_ACTIONS = { create: "indicator.create", update: "indicator.update", delete: "indicator.delete" } as const satisfies Record<Verb, AuditAction>;
const LOCKED_ACTIONS = { create: "indicator.targetChange.create", update: "indicator.targetChange.update", delete: "indicator.targetChange.delete" } as const satisfies Record<Verb, AuditAction>;
const auditAction = (locked: boolean, verb: Verb): AuditAction => (locked ? LOCKED_ACTIONS : OPEN_ACTIONS)[verb];

export async function createIndicator(db: Db, actor: Actor, projectId: string, input: unknown, context: { ip?: string | null } = {}) {
  const data = validate(input);
  const project = await editableProject(db, actor, projectId);
  const locked = !!project.fiscalYear.targetsLockedAt;
  requireReasonIfLocked(locked, data.reason);
  return db.$transaction(async (tx) => {
    const last = await tx.indicator.aggregate({ where: { projectId }, _max: { sortOrder: true } });
    const created = await tx.indicator.create({ data: { ...toRow(data), projectId, sortOrder: (last._max.sortOrder ?? -1) + 1 } });
    await recordAudit(tx, { actor, ip: context.ip, action: auditAction(locked, "create"), objectType: "Indicator", objectId: created.id, after: snapshot(projectId, created), detail: data.reason, outcome: "SUCCESS" });
    return created;
  });
}

/** Optimistic concurrency: `version` is what the editor saw; a newer row refuses the save. */
export async function updateIndicator(db: Db, actor: Actor, indicatorId: string, input: unknown, version: number, context: { ip?: string | null } = {}) {
  const data = validate(input);
  const current = isUuid(indicatorId) ? await db.indicator.findFirst({ where: { id: indicatorId, project: projectScope(actor) } }) : null;
  if (!current) throw notFound("指标");
  const project = await editableProject(db, actor, current.projectId);
  const locked = !!project.fiscalYear.targetsLockedAt;
  requireReasonIfLocked(locked, data.reason);
  return db.$transaction(async (tx) => {
    const { count } = await tx.indicator.updateMany({ where: { id: indicatorId, version }, data: { ...toRow(data), version: { increment: 1 } } });
    if (count === 0) throw new AppError("CONFLICT", "该指标已被他人修改，请刷新后查看最新内容再保存。");
    const updated = await tx.indicator.findUniqueOrThrow({ where: { id: indicatorId } });
    await recordAudit(tx, { actor, ip: context.ip, action: auditAction(locked, "update"), objectType: "Indicator", objectId: indicatorId, before: snapshot(current.projectId, current), after: snapshot(current.projectId, updated), detail: data.reason, outcome: "SUCCESS" });
    return updated;
  });
}

export async function deleteIndicator(db: Db, actor: Actor, indicatorId: string, options: { version: number; reason?: string }, context: { ip?: string | null } = {}) {
  const current = isUuid(indicatorId)
    ? await db.indicator.findFirst({ where: { id: indicatorId, project: projectScope(actor) }, include: { checkIns: { select: { asOfDate: true }, orderBy: { asOfDate: "asc" } } } })
    : null;
  if (!current) throw notFound("指标");
  const project = await editableProject(db, actor, current.projectId);
  const locked = !!project.fiscalYear.targetsLockedAt;
  requireReasonIfLocked(locked, options.reason?.trim() || undefined);
  // Its progress records would go with it: an indicator that has any is kept (and can be changed with a reason).
  if (current.checkIns.length > 0) {
    const dates = current.checkIns.map((c) => c.asOfDate.toISOString().slice(0, 10));
    throw new AppError("CONFLICT", `指标“${current.name}”已有 ${dates.length} 条进展填报（${dates.slice(0, 6).join("、")}${dates.length > 6 ? " 等" : ""}），不能删除。`);
  }
  await db.$transaction(async (tx) => {
    const { count } = await tx.indicator.deleteMany({ where: { id: indicatorId, version: options.version } });
    if (count === 0) throw new AppError("CONFLICT", "该指标已被他人修改，请刷新后再试。");
    await recordAudit(tx, { actor, ip: context.ip, action: auditAction(locked, "delete"), objectType: "Indicator", objectId: indicatorId, before: snapshot(current.projectId, current), detail: options.reason, outcome: "SUCCESS" });
  });
}

/** Moves an indicator one place up or down within its project (swaps sortOrder with the neighbour). */
export async function moveIndicator(db: Db, actor: Actor, indicatorId: string, step: "up" | "down", context: { ip?: string | null } = {}) {
  const current = isUuid(indicatorId) ? await db.indicator.findFirst({ where: { id: indicatorId, project: projectScope(actor) } }) : null;
  if (!current) throw notFound("指标");
  await editableProject(db, actor, current.projectId);
  await db.$transaction(async (tx) => {
    const neighbour = await tx.indicator.findFirst({
      where: { projectId: current.projectId, sortOrder: step === "up" ? { lt: current.sortOrder } : { gt: current.sortOrder } },
      orderBy: { sortOrder: step === "up" ? "desc" : "asc" },
    });
    if (!neighbour) return;
    await tx.indicator.update({ where: { id: current.id }, data: { sortOrder: neighbour.sortOrder, version: { increment: 1 } } });
    await tx.indicator.update({ where: { id: neighbour.id }, data: { sortOrder: current.sortOrder, version: { increment: 1 } } });
    await recordAudit(tx, { actor, ip: context.ip, action: "indicator.move", objectType: "Indicator", objectId: current.id, before: { sortOrder: current.sortOrder }, after: { sortOrder: neighbour.sortOrder }, outcome: "SUCCESS" });
  });
}

/** Approves (locks) or reopens a department's targets for a year; 系统管理员 only. */
export async function setTargetsLocked(db: Db, actor: Actor, fiscalYearId: string, locked: boolean, context: { ip?: string | null } = {}) {
  authorize(actor, "targets.lock");
  const current = isUuid(fiscalYearId) ? await db.fiscalYear.findUnique({ where: { id: fiscalYearId } }) : null;
  if (!current) throw notFound("预算年度");
  if ((current.targetsLockedAt !== null) === locked) throw new AppError("CONFLICT", `${current.year} 年度目标${locked ? "已经批复锁定" : "没有锁定"}，请刷新页面。`);
  await db.$transaction(async (tx) => {
    const year = await tx.fiscalYear.update({ where: { id: fiscalYearId }, data: { targetsLockedAt: locked ? new Date() : null } });
    await recordAudit(tx, { actor, ip: context.ip, action: locked ? "targets.lock" : "targets.unlock", objectType: "FiscalYear", objectId: year.id, before: { year: year.year, targetsLocked: !locked }, after: { year: year.year, targetsLocked: locked }, outcome: "SUCCESS" });
  });
}

export interface TargetChange {
  at: Date;
  username: string | null;
  action: string;
  before: unknown;
  after: unknown;
  reason: string | null;
}

/** A project's indicator history, newest first: every create/update/delete with before/after and reason. */
export async function targetHistory(db: Db, actor: Actor, projectId: string): Promise<TargetChange[]> {
  const project = isUuid(projectId) ? await db.project.findFirst({ where: { AND: [{ id: projectId }, projectScope(actor)] }, select: { id: true } }) : null;
  if (!project) throw notFound("项目");
  return targetChangesOf(db, project.id);
}

/**
 * The history of a project already in the caller's scope. The audit rows name their project in
 * before/after; the two partial expression indexes of migration 20261127030000 find them without
 * reading the rest of the trail (a city's trail grows by a million rows in two or three years).
 */
export async function targetChangesOf(db: Db, projectId: string): Promise<TargetChange[]> {
  // Written as SQL so the two conditions are exactly the indexed expressions.
  const rows = await db.$queryRaw<{ occurredAt: Date; username: string | null; action: string; before: unknown; after: unknown; detail: string | null }[]>`
    SELECT "occurredAt", "username", "action", "before", "after", "detail" FROM "AuditEvent"
    WHERE "objectType" = 'Indicator' AND "outcome" = 'SUCCESS' AND "action" <> 'indicator.move'
      AND ("after" #> '{projectId}' = to_jsonb(${projectId}::text) OR "before" #> '{projectId}' = to_jsonb(${projectId}::text))
    ORDER BY "id" DESC LIMIT 200`;
  return rows.map((r) => ({ at: r.occurredAt, username: r.username, action: r.action, before: r.before, after: r.after, reason: r.detail }));
}

export interface EditableIndicator {
  id: string;
  version: number;
  category: IndicatorInput["category"];
  name: string;
  comparator: IndicatorInput["comparator"];
  value: string;
  unit: string;
  target: string;
  checkIns: number;
  /** A drafted year: the indicator it was copied from (its results: next-year.ts projectPrevious). */
  previousId: string | null;
}

/** The flat, ordered list the editor works on, with what it needs to save (version) and to warn. */
export async function getEditableIndicators(db: Db, actor: Actor, projectId: string) {
  const project = await editableProject(db, actor, projectId);
  const rows = await db.indicator.findMany({
    where: { projectId: project.id },
    orderBy: { sortOrder: "asc" },
    include: { _count: { select: { checkIns: true } } },
  });
  const indicators: EditableIndicator[] = rows.map((r) => {
    const comparator = COMPARATORS[r.comparator];
    const value = r.targetText ?? canonicalDecimal(r.targetValue?.toString() ?? "0");
    return {
      id: r.id,
      version: r.version,
      category: CATEGORY_NAMES[r.category],
      name: r.name,
      comparator,
      value,
      unit: r.unitOfMeasure,
      target: formatTarget({ comparator, value, unit: r.unitOfMeasure }),
      checkIns: r._count.checkIns,
      previousId: r.previousId,
    };
  });
  const year = project.fiscalYear;
  return {
    project: { id: project.id, name: project.name, fiscalYearId: project.fiscalYearId, locked: !!year.targetsLockedAt, year: year.year, state: yearState(year), closed: !!year.closedAt, draftedFromYear: year.draftedFromYear },
    indicators,
  };
}
