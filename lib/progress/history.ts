import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { can } from "@/lib/auth/policy";
import { notFound } from "@/lib/errors";
import { projectScope } from "@/lib/projects/queries";
import { formatTarget } from "@/lib/targets/parse-target";
import { timeProgress } from "@/lib/budget/time-progress";
import { todayWithinYear } from "@/lib/calendar";
import { indicatorFromRow, recordedActual } from "./status-input";
import { DEVIATION_CAUSE_LABELS, LIKELIHOOD_LABELS } from "./check-in-schema";
import { REVIEW_STATUS_LABELS } from "@/lib/review/workflow";
import { checkInsOf, includeDrafts } from "./reviewed";
import { indicatorStatus, type StatusResult } from "./status";
import { isUuid } from "@/lib/ids";

export interface HistoryPoint {
  id: string;
  asOfDate: string;
  actual: string;
  /** The numeric actual for the chart, when the target is quantitative. */
  actualNumber: string | null;
  forecast: string;
  likelihood: string;
  deviationCause: string;
  correctiveAction: string;
  note: string;
  by: string;
  reportStatus: string;
  /** Its month is not approved (reviewed.ts rule 3). */
  draft: boolean;
  /** Its month is still a draft or returned: evidence may be added. */
  editable: boolean;
  /** Time progress (序时进度) of that date, %, for the pace line. */
  timeProgress: string;
}

export interface IndicatorHistory {
  id: string;
  projectId: string;
  projectName: string;
  unitId: string;
  unitName: string;
  category: string;
  name: string;
  target: string;
  targetNumber: string | null;
  unit: string;
  year: number;
  /** Whether unreviewed check-ins are included (reviewed.ts). */
  drafts: boolean;
  status: StatusResult;
  points: HistoryPoint[];
  /** addEvidence: the person may attach evidence to this indicator's check-ins (its unit's reporter). */
  can: { addEvidence: boolean };
}

/**
 * One indicator's check-ins through the year, oldest first, for anyone who may read the project — by
 * the reviewed-data rule (reviewed.ts): the approved copies, or with drafts every check-in with its
 * month's state.
 */
export async function indicatorHistory(db: Db, actor: Actor, indicatorId: string, options: { drafts?: boolean } = {}): Promise<IndicatorHistory> {
  const indicator = isUuid(indicatorId)
    ? await db.indicator.findFirst({ where: { id: indicatorId, project: projectScope(actor) }, include: { project: { include: { unit: true, fiscalYear: true } } } })
    : null;
  if (!indicator) throw notFound("指标");
  const target = indicatorFromRow(indicator);
  const year = indicator.project.fiscalYear.year;
  const drafts = options.drafts ?? includeDrafts(actor);
  const checkIns = (await checkInsOf(db, [indicator.id], `${year}-12-31`, drafts)).reverse();
  const points = checkIns.map((c, k): HistoryPoint => ({
    id: c.checkInId ?? `reviewed-${k}`,
    asOfDate: c.asOfDate,
    actual: recordedActual(c),
    actualNumber: c.actualValue,
    forecast: c.forecastText ?? c.forecastValue ?? "",
    likelihood: c.likelihood ? LIKELIHOOD_LABELS[c.likelihood] : "",
    deviationCause: c.deviationCause ? DEVIATION_CAUSE_LABELS[c.deviationCause as keyof typeof DEVIATION_CAUSE_LABELS] : "",
    correctiveAction: c.correctiveAction ?? "",
    note: c.note ?? "",
    by: c.by,
    reportStatus: c.reportStatus ? REVIEW_STATUS_LABELS[c.reportStatus] : "",
    draft: c.draft,
    editable: c.checkInId !== null && c.reportStatus !== "SUBMITTED" && c.reportStatus !== "APPROVED",
    timeProgress: timeProgress(c.asOfDate, year).percent,
  }));
  const asOf = todayWithinYear(year);
  const last = checkIns.filter((c) => c.asOfDate <= asOf).at(-1) ?? null;
  return {
    id: indicator.id,
    projectId: indicator.projectId,
    projectName: indicator.project.name,
    unitId: indicator.project.unitId,
    unitName: indicator.project.unit.name,
    category: target.category,
    name: indicator.name,
    target: formatTarget({ comparator: target.comparator, value: target.value, unit: target.unit }),
    targetNumber: target.comparator === "qualitative" ? null : target.value,
    unit: target.unit,
    year,
    drafts,
    status: indicatorStatus(target, last, asOf, year),
    points,
    can: { addEvidence: can(actor, "evidence.write", { unitId: indicator.project.unitId }) },
  };
}
