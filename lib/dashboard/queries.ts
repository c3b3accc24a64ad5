import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { ratioPercent } from "@/lib/budget/time-progress";
import { todayInChina } from "@/lib/calendar";
import { formatDecimal, parseDecimal } from "@/lib/decimal";
import { notFound } from "@/lib/errors";
import { sumYuan } from "@/lib/money";
import type { IndicatorStatus } from "@/lib/progress/status";
import { CATEGORIES } from "@/lib/targets/categories";
import type { Category } from "@/lib/targets/types";
import { scopeKey } from "@/lib/projects/queries";
import { DRAFTS_PARAM, includeDrafts } from "@/lib/progress/reviewed";
import { departmentCache, type Checked } from "./cache";
import { assembleFacts, loadFrame, loadProjectFacts, loadReports, type FactsFrame, type FactsOptions, type ProjectFacts } from "./facts";
import { buildOverview, STATUS_ORDER, type IndicatorSummary, type Overview, type ProjectSummary } from "./overview";

/** The department overview the actor may see (its own department, or the one asked for); null when there is none. */
export async function departmentOverview(db: Db, actor: Actor, options: Omit<FactsOptions, "unitId"> = {}): Promise<Overview | null> {
  return overviewOf(db, actor, options);
}

/**
 * The overview of exactly the fiscal year asked for, or null when the actor sees no project in it
 * (no other year stands in, unlike departmentOverview): last year's figures beside this year's.
 */
export async function overviewOfYear(db: Db, actor: Actor, options: FactsOptions & { year: number }): Promise<Overview | null> {
  return overviewOf(db, actor, { ...options, exactYear: true });
}

/**
 * An overview with what it was computed from, to keep what did not change at the next computation;
 * `overview` is null when the year asked for exactly is not there (kept too: that answer holds until
 * the department's counter moves, as a new project would move it).
 */
interface OverviewState extends Checked {
  frame: FactsFrame;
  parts: Map<string, ProjectFacts>;
  overview: Overview | null;
}

type OverviewOptions = FactsOptions & { exactYear?: boolean };

const cachedOverview = departmentCache<OverviewState>(64);

/**
 * The overview of what the actor sees, from the counter-checked cache (./cache.ts). The key holds
 * everything the answer depends on besides the data: the actor's scope, the request, and today's
 * date (the default as-of date and every time-progress figure move at midnight, China time).
 */
async function overviewOf(db: Db, actor: Actor, options: OverviewOptions): Promise<Overview | null> {
  const drafts = options.drafts ?? includeDrafts(actor);
  const key = [scopeKey(actor), options.departmentId ?? "", options.unitId ?? "", options.asOf ?? "", options.year ?? "", options.exactYear ? "exact" : "", drafts ? "drafts" : "reviewed", todayInChina()].join("|");
  const state = await cachedOverview(db, key, (previous) => overviewState(db, actor, { ...options, drafts }, previous));
  return state?.overview ?? null;
}

/** The overview now; of the previous state's projects, those whose change counter has not moved keep their facts. */
async function overviewState(db: Db, actor: Actor, options: OverviewOptions, previous: OverviewState | null): Promise<OverviewState | null> {
  const frame = await loadFrame(db, actor, options);
  if (!frame) return null;
  if (options.exactYear && frame.year !== options.year) return { departmentId: frame.department.id, token: frame.token, frame, parts: new Map(), overview: null };
  const same = previous !== null && previous.frame.fiscalYearId === frame.fiscalYearId && previous.frame.asOf === frame.asOf && previous.frame.drafts === frame.drafts
    && previous.token.split("|")[1] === frame.token.split("|")[1]; // everything's counter: names shown beside check-ins
  const changed = frame.projects.filter((p) => !same || !previous.parts.has(p.id) || previous.frame.versions.get(p.id) !== frame.versions.get(p.id)).map((p) => p.id);
  const [reports, fresh] = await Promise.all([loadReports(db, frame), loadProjectFacts(db, frame, changed)]);
  const parts = new Map(frame.projects.map((p) => [p.id, fresh.get(p.id) ?? previous!.parts.get(p.id)!]));
  return { departmentId: frame.department.id, token: frame.token, frame, parts, overview: buildOverview(assembleFacts(frame, reports, parts)) };
}

/** One unit's overview, or NOT_FOUND when the unit is not the actor's to see. */
export async function unitOverview(db: Db, actor: Actor, unitId: string, options: { asOf?: string; drafts?: boolean; year?: number } = {}): Promise<Overview & { unit: Overview["units"][number] }> {
  const overview = await overviewOf(db, actor, { ...options, unitId });
  if (!overview || overview.units.length !== 1) throw notFound("单位");
  return { ...overview, unit: overview.units[0]! };
}

/** Filters from a URL (?status=BEHIND&unit=…&category=数量), each ignored when it is not a known value. */
/** `risk` = 有风险 or 滞后 (the dashboards' "风险指标"). */
export interface ListFilters { status?: IndicatorStatus; risk?: boolean; unitId?: string; category?: Category; warning?: "red" | "yellow" }

export function parseFilters(params: Record<string, string | string[] | undefined>): ListFilters {
  const one = (key: string) => (typeof params[key] === "string" ? (params[key] as string) : undefined);
  const status = one("status");
  const category = one("category");
  const warning = one("warning");
  return {
    status: STATUS_ORDER.includes(status as IndicatorStatus) ? (status as IndicatorStatus) : undefined,
    risk: one("risk") === "1",
    unitId: one("unit"),
    category: CATEGORIES.includes(category as Category) ? (category as Category) : undefined,
    warning: warning === "red" || warning === "yellow" ? warning : undefined,
  };
}

export function filterProjects(overview: Overview, filters: ListFilters): ProjectSummary[] {
  const warned = filters.warning ? new Set(overview.warnings.filter((w) => w.level === filters.warning).map((w) => w.projectId)) : null;
  const inCategory = filters.category ? new Set(overview.indicators.filter((i) => i.category === filters.category).map((i) => i.projectId)) : null;
  return overview.projects.filter(
    (p) =>
      (!filters.status || p.status === filters.status) &&
      (!filters.unitId || p.unitId === filters.unitId) &&
      (!warned || warned.has(p.id)) &&
      (!inCategory || inCategory.has(p.id)),
  );
}

export function filterIndicators(overview: Overview, filters: ListFilters): IndicatorSummary[] {
  return overview.indicators.filter(
    (i) =>
      (!filters.status || i.status === filters.status) &&
      (!filters.risk || i.status === "AT_RISK" || i.status === "BEHIND") &&
      (!filters.unitId || i.unitId === filters.unitId) && (!filters.category || i.category === filters.category),
  );
}

/** A query string for a list link, keeping the year, date, department and data basis the figures were read for. */
export function listHref(path: string, overview: Pick<Overview, "asOf" | "department" | "basis" | "year">, filters: Partial<Record<"status" | "risk" | "unit" | "category" | "warning", string>>): string {
  const params = new URLSearchParams({ dept: overview.department.id, year: String(overview.year), asOf: overview.asOf, [DRAFTS_PARAM]: overview.basis.drafts ? "1" : "0" });
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  return `${path}?${params.toString()}`;
}

/** The 合计 row of a project list: sums of budget and spending, and the rate of the sums (execution rule 6). */
export function projectTotals(projects: ProjectSummary[]): { initialBudget: string; adjustedBudget: string; spent: string; executionRate: string | null } {
  const adjustedBudget = sumYuan(projects.map((p) => p.execution.adjustedBudget));
  const spent = sumYuan(projects.map((p) => p.execution.spent));
  const budget = parseDecimal(adjustedBudget)!;
  const rate = budget.units > 0n ? ratioPercent(parseDecimal(spent)!, budget) : null; // execution rule 2
  return { initialBudget: sumYuan(projects.map((p) => p.execution.initialBudget)), adjustedBudget, spent, executionRate: rate === null ? null : formatDecimal(rate, 2) };
}
