// The demo city as plain rows, before anything touches the database (lib/demo/generate.ts writes
// them). Everything but the ids and passwords follows from the seed: the same options give the same
// departments, names, targets, check-ins and amounts. Demo data only.
//
// The shape of a year, in the style of the real tables and of how units really report:
//  - 1–4 units per department (code dept + 001…004; 001 is the department itself, 本级);
//  - projects of a few kinds (XX系统运维费, XX专项资金, XX工作经费, 办公设备购置 …) with budgets from
//    0.3 to 5,000 万元 (log-normal, published to 0.01 万元) and 6–9 indicators each, always 数量,
//    质量, 时效, 成本, one 效益 and 满意度, targets read back with the product's own parser;
//  - each project is "good", "slow" or "troubled": that sets the pace of its spending and of its
//    indicators, so some are ahead of 序时进度, some behind, some never started;
//  - per unit and month a MonthlyReport (past months mostly approved, the last ones submitted or in
//    draft, a few returned) and per indicator and month a check-in with the cumulative actual,
//    sometimes a forecast, the likelihood, and a deviation cause and corrective action exactly when
//    the product's own rules (lib/progress/status.ts, needsExplanation) would ask for them;
//  - several payments per project and month, to the fen, voucher numbers unique per unit, ending the
//    year at 0–110 % of the adjusted budget; a few budget adjustments.

import { randomUUID } from "node:crypto";
import type { Comparator as ComparatorCode, Role } from "@/lib/db/generated/enums";
import { daysInMonth, endOfMonthDate } from "@/lib/calendar";
import { canonicalDecimal } from "@/lib/decimal";
import { fromScaled } from "@/lib/money";
import { indicatorStatus, needsExplanation, type IndicatorStatus, type StatusIndicator } from "@/lib/progress/status";
import { isDoneStatement, qualitativeScale } from "@/lib/progress/scale";
import { CATEGORIES, CATEGORY_LABELS, level1Of } from "@/lib/targets/categories";
import { CATEGORY_CODES, COMPARATOR_CODES, DIRECTION_CODES, LEVEL1_CODES } from "@/lib/targets/codes";
import { direction, parseTarget } from "@/lib/targets/parse-target";
import type { Category, ParsedTarget } from "@/lib/targets/types";
import { AREAS, BUREAUS, bureauName, type Bureau } from "./bureaus";
import { Random } from "./random";
import {
  ADJUSTMENT_REASONS, APPROVE_COMMENTS, CORRECTIVE_ACTIONS, FIRM_CORES, FIRM_PREFIXES, FIRM_TRADES, GIVEN_NAMES, KINDS,
  REQUIRED_CATEGORIES, RETURN_COMMENTS, STAFF_PAYEES, SUBSIDY_PAYEES, SURNAMES, SYSTEMS, type ProjectKind, type Variant,
} from "./vocabulary";

export interface CityPlanOptions {
  departments: number;
  projects: number;
  months: number;
  year: number;
  seed: number;
  /** Accounts per unit: one reviewer and the rest reporters (at least 2). */
  usersPerUnit: number;
  /**
   * The first department's code (401 by default). A city from a later code is one more city in the
   * same database (a province is several): it has no 三员 of its own, the first city's serve it.
   */
  firstCode: number;
}

export const FIRST_DEPARTMENT_CODE = 401;
export const LIMITS = { departments: [1, 599], projects: [1, 100_000], months: [1, 12], year: [2000, 2100], usersPerUnit: [2, 10], firstCode: [FIRST_DEPARTMENT_CODE, 9_000] } as const;
/** Accounts of the three duties (三员) in the generated city; the seed's are admin, security, auditor. */
export const PRIVILEGED_USERNAMES = { ADMIN: "city-admin", SECURITY_OFFICER: "city-security", AUDITOR: "city-auditor" } as const;

type DeviationCause = keyof typeof CORRECTIVE_ACTIONS;
type Likelihood = "CERTAIN" | "POSSIBLE" | "IMPOSSIBLE";
type ReportStatus = "DRAFT" | "SUBMITTED" | "RETURNED" | "APPROVED";

export interface PlannedDepartment { id: string; code: string; name: string; fiscalYearId: string }
export interface PlannedUnit { id: string; code: string; name: string; departmentId: string }
export interface PlannedUser { id: string; username: string; displayName: string; role: Role; unitId: string | null; departmentId: string | null }
export interface PlannedProject { id: string; unitId: string; fiscalYearId: string; seq: number; name: string; budget: string; annualGoal: string; kind: ProjectKind["key"]; createdAt: Date }
export interface PlannedIndicator {
  id: string; projectId: string; level1: string; category: string; name: string; comparator: ComparatorCode;
  targetValue: string | null; targetText: string | null; unitOfMeasure: string; direction: string | null; rawText: string; sortOrder: number; createdAt: Date;
}
export interface PlannedReport {
  id: string; unitId: string; fiscalYearId: string; month: number; status: ReportStatus; submittedAt: Date | null; submittedById: string | null;
  reviewedAt: Date | null; reviewedById: string | null; reviewComment: string | null; version: number;
}
export interface PlannedCheckIn {
  id: string; indicatorId: string; reportId: string; asOfDate: string; actualValue: string | null; actualText: string | null;
  forecastValue: string | null; forecastText: string | null; likelihood: Likelihood; deviationCause: DeviationCause | null;
  correctiveAction: string | null; createdById: string; createdAt: Date;
}
export interface PlannedExpenditure {
  id: string; projectId: string; date: string; amount: string; payee: string; description: string; voucherNo: string; economicClass: string; createdById: string; createdAt: Date;
}
export interface PlannedAdjustment { id: string; projectId: string; date: string; amount: string; reason: string; approvedBy: string; createdById: string; createdAt: Date }

export interface CityPlan {
  options: CityPlanOptions;
  departments: PlannedDepartment[];
  units: PlannedUnit[];
  users: PlannedUser[];
  projects: PlannedProject[];
  indicators: PlannedIndicator[];
  reports: PlannedReport[];
  checkIns: PlannedCheckIn[];
  expenditures: PlannedExpenditure[];
  adjustments: PlannedAdjustment[];
  /** Indicator statuses at the last generated month, for the summary. */
  statuses: Record<IndicatorStatus, number>;
}

export class CityOptionsError extends Error {}

/** Checks the options and fills in the defaults; throws CityOptionsError with a Chinese message. */
export function cityPlanOptions(input: { departments: number; projects: number; months: number; year?: number; seed?: number; usersPerUnit?: number; firstCode?: number }): CityPlanOptions {
  const options: CityPlanOptions = { year: 2025, seed: 1, usersPerUnit: 2, firstCode: FIRST_DEPARTMENT_CODE, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) } as CityPlanOptions;
  const labels: Record<keyof typeof LIMITS, string> = { departments: "部门数", projects: "项目数", months: "月数", year: "预算年度", usersPerUnit: "每个单位的账户数", firstCode: "起始部门代码" };
  for (const key of Object.keys(LIMITS) as (keyof typeof LIMITS)[]) {
    const [min, max] = LIMITS[key];
    const value = options[key];
    if (!Number.isInteger(value) || value < min || value > max) throw new CityOptionsError(`${labels[key]}须为 ${min}–${max} 之间的整数（收到 ${String(value)}）。`);
  }
  if (!Number.isInteger(options.seed) || options.seed < 0 || options.seed > 2 ** 32 - 1) throw new CityOptionsError(`随机种子须为 0–4294967295 之间的整数（收到 ${String(options.seed)}）。`);
  if (options.projects < options.departments) throw new CityOptionsError(`项目数（${options.projects}）不能少于部门数（${options.departments}）：每个部门至少一个项目。`);
  return options;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/** "YYYY-MM-DD" and a time of day in China (UTC+8) as a Date. */
const chinaTime = (date: string, hour: number, minute: number): Date => new Date(`${date}T${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}:00+08:00`);
const addDays = (date: Date, days: number): Date => new Date(date.getTime() + days * 86_400_000);
const day = (year: number, month: number, d: number) => `${year}-${String(month).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
/** A number with at most `decimals` decimals, as canonical text ("12.50" → "12.5"). */
const num = (x: number, decimals: number): string => {
  const text = Math.max(0, x).toFixed(decimals);
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
};
const fen = (amount: number): string => fromScaled(BigInt(amount), 2);
/** An amount in fen as 万元, exact (1 万元 = 10^6 fen), without trailing zeros. */
const wanOf = (amount: number): string => fromScaled(BigInt(amount), 6).replace(/\.?0+$/, "");
const decimalsOf = (value: string): number => value.split(".")[1]?.length ?? 0;

/** Splits `total` (integer) into `weights.length` integers summing exactly to it, by cumulative rounding. */
function splitExact(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map((_, i) => (i === weights.length - 1 ? total : 0));
  let acc = 0;
  let given = 0;
  return weights.map((w) => {
    acc += w;
    const upTo = Math.round((total * acc) / sum);
    const part = upTo - given;
    given = upTo;
    return part;
  });
}

/** Distributes `total` over buckets by weight, each bucket getting at least `min` (largest remainder). */
function allocate(total: number, weights: number[], min: number): number[] {
  const base = weights.map(() => min);
  const rest = total - min * weights.length;
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (rest * w) / sum);
  const floors = exact.map(Math.floor);
  let left = rest - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    floors[i]! += 1;
    left -= 1;
  }
  return base.map((b, i) => b + floors[i]!);
}

/** Splits "名称|指标值" at the bar that is not inside a {a|b} choice. */
function splitLine(line: string): [string, string] {
  let depth = 0;
  for (let i = line.length - 1; i >= 0; i--) {
    const ch = line[i];
    if (ch === "}") depth++;
    else if (ch === "{") depth--;
    else if (ch === "|" && depth === 0) return [line.slice(0, i), line.slice(i + 1)];
  }
  throw new Error(`指标模板缺少“|”：${line}`);
}

export interface Placeholders { topic: string; short: string; sys: string; item: string; name: string; year: number; budgetWan: string; city: string; fund: string }

/** Fills the placeholders of a vocabulary template (see lib/demo/vocabulary.ts). */
export function fill(template: string, r: Random, p: Placeholders, extra: Record<string, string> = {}): string {
  return template.replace(/\{([^{}]+)\}/g, (_, key: string) => {
    const range = /^(\d+)-(\d+)$/.exec(key);
    if (range) return String(r.int(Number(range[1]), Number(range[2])));
    if (key.includes("|")) return r.pick(key.split("|"));
    switch (key) {
      case "topic": return p.topic;
      case "short": return p.short;
      case "sys": return p.sys;
      case "item": return p.item;
      case "name": return p.name;
      case "year": return String(p.year);
      case "budget": return canonicalDecimal(p.budgetWan);
      case "invest": return String(Math.max(1, Math.round(Number(p.budgetWan) * r.float(1, 5))));
      case "city": return p.city;
      case "fund": return p.fund;
      default:
        if (key in extra) return extra[key]!;
        throw new Error(`未知的占位符 {${key}}：${template}`);
    }
  });
}

export interface ExpandedIndicator { category: Category; name: string; targetText: string; target: ParsedTarget; rawText: string }

/** One indicator line of the vocabulary, filled in and parsed as an import would parse it. */
export function expandLine(category: Category, line: string, r: Random, p: Placeholders, colon: "：" | ":"): ExpandedIndicator {
  const [nameTemplate, targetTemplate] = splitLine(line);
  const name = fill(nameTemplate, r, p);
  const targetText = fill(targetTemplate, r, p);
  const target = parseTarget(targetText);
  if (!target) throw new Error(`指标值无法解析：${targetText}（${line}）`);
  const prefix = category === "满意度" ? "满意度指标" : CATEGORY_LABELS[category];
  return { category, name, targetText, target, rawText: `${prefix}${colon}${name}(${targetText})` };
}

// ---------------------------------------------------------------------------------------------
// Progress models: how an indicator's actual value moves through the year (see the file comment).

type Fate = "met" | "short" | "failed";
type Model = "deadline" | "qualitative" | "spend" | "budgetControl" | "costCeiling" | "duration" | "rate" | "constant" | "lump" | "cumulative" | "reverseCount" | "limit";

const RATE_UNIT = /^(?:%|‰)$|\//;
const COUNT_UNIT = /^(?:万|千)?(?:个|次|件|起|例|条|份|项|宗|人|人次|家|户|台|套|篇|场)$/;
const STANDING = /运维|租用|保障|安保人员|服务面积|合同数量/;

function modelOf(category: Category, t: ParsedTarget, name: string, kind: ProjectKind["key"]): Model {
  if (category === "时效" && t.comparator === "qualitative" && isDoneStatement(t.value)) return "deadline";
  if (category === "时效" && /^月(?:底|末|份)?$/.test(t.unit) && ["=", "<=", "<"].includes(t.comparator)) return "deadline";
  if (t.comparator === "qualitative") return "qualitative";
  const reverse = direction(t.comparator, t.value) === "reverse";
  if (name.includes("预算控制率")) return "budgetControl";
  if (reverse) {
    if (t.unit === "万元") return "costCeiling";
    return Number(t.value) === 0 || COUNT_UNIT.test(t.unit) ? "reverseCount" : "limit";
  }
  if (t.unit === "%" && (category === "时效" || name.includes("进度"))) return "spend";
  if (t.unit === "年") return "duration";
  if (RATE_UNIT.test(t.unit)) return "rate";
  if (t.comparator === "=" && STANDING.test(name)) return "constant";
  if (kind === "equipment" && category === "数量") return "lump";
  return "cumulative";
}

interface IndicatorState {
  row: PlannedIndicator;
  status: StatusIndicator;
  model: Model;
  fate: Fate;
  /** Pace exponent: cumulative share at month m is (m/12)^k. */
  k: number;
  /** Year-end achievement as a share of the target (cumulative models). */
  achieve: number;
  /** The month a deadline task or a purchase is done; 0 = not this year. */
  doneMonth: number;
  deadline: number;
  /** Never reported at all. */
  silent: boolean;
  level: number;
}

interface ProjectState {
  row: PlannedProject;
  kind: ProjectKind;
  health: "good" | "slow" | "troubled";
  k: number;
  /** Cumulative spending in fen at the end of each month 1..12 (index 0 = month 1). */
  spentByMonth: number[];
  adjustedFen: number;
  /** Full-year spending ÷ adjusted budget. */
  ratio: number;
  budgetFen: number;
  indicators: IndicatorState[];
}

const deadlineOf = (s: StatusIndicator): number => {
  if (s.comparator === "qualitative") {
    const named = /(\d{1,2})月(?:底|末|份)?(?:前|以前|之前)?/.exec(s.name.normalize("NFKC"));
    const month = named ? Number(named[1]) : 12;
    return month >= 1 && month <= 12 ? month : 12;
  }
  return Math.min(12, Math.max(1, Number(s.value) - (s.comparator === "<" ? 1 : 0)));
};

/** The actual and forecast of an indicator at the end of month m. */
function valuesAt(ind: IndicatorState, project: ProjectState, m: number, r: Random): { actual: string; forecast: string | null; text: boolean } {
  const t = ind.status;
  const target = Number(t.value);
  const share = Math.min(1, Math.pow(m / 12, ind.k));
  const spent = project.spentByMonth[m - 1] ?? 0;
  const spentPercent = project.adjustedFen > 0 ? (spent / project.adjustedFen) * 100 : 0;
  const wantForecast = ind.fate !== "met" || r.chance(0.6);
  const decimals = Math.max(decimalsOf(t.value), 0);
  switch (ind.model) {
    case "deadline": {
      const done = ind.doneMonth > 0 && m >= ind.doneMonth;
      const yesNo = t.comparator === "qualitative";
      const notYet = qualitativeScale(t.value).options.at(-1)!;
      const actual = yesNo ? (done ? t.value : notYet) : done ? String(ind.doneMonth) : "0";
      const forecastMonth = ind.doneMonth > 0 ? Math.max(ind.doneMonth, Math.min(m, 12)) : 0;
      const forecast = yesNo ? (ind.doneMonth > 0 && ind.doneMonth <= ind.deadline ? t.value : notYet) : String(forecastMonth);
      return { actual, forecast: done || !wantForecast ? null : forecast, text: yesNo };
    }
    case "qualitative": {
      const options = qualitativeScale(t.value).options;
      const dip = ind.fate === "met" && options.length > 2 && r.chance(0.04) ? 1 : 0;
      const actual = options[Math.min(options.length - 1, ind.level + dip)]!;
      return { actual, forecast: wantForecast ? options[ind.level]! : null, text: true };
    }
    case "spend":
      return { actual: num(Math.min(100, spentPercent), 2), forecast: wantForecast ? num(Math.min(100, ind.fate === "met" ? Math.max(target, project.ratio * 100) : project.ratio * 100), 2) : null, text: false };
    case "budgetControl":
      return { actual: num(Math.min(100, spentPercent), 2), forecast: wantForecast ? num(Math.min(100, project.ratio * 100), 2) : null, text: false };
    case "costCeiling": {
      // Spending so far in 万元, exact (1 万元 = 10^6 fen).
      const actual = wanOf(spent);
      const forecast = wanOf(Math.round(project.ratio * project.adjustedFen));
      return { actual, forecast: wantForecast ? forecast : null, text: false };
    }
    case "duration":
      return { actual: num((m / 12) * target * (ind.fate === "met" ? 1 : 0.85), 2), forecast: wantForecast ? num(target * (ind.fate === "met" ? 1 : 0.85), 2) : null, text: false };
    case "rate": {
      const cap = t.unit === "%" ? 100 : Infinity;
      const d = Math.max(decimals, 1);
      let level: number;
      if (t.unit === "次/月") level = ind.fate === "met" ? target : Math.max(0, target - 1);
      else if (ind.fate === "met") level = Math.min(cap, target + r.float(0, Math.min(8, Math.max(0, cap - target))));
      else if (ind.fate === "short") level = target * r.float(0.91, 0.99);
      else level = target * r.float(0.6, 0.85);
      const forecast = ind.fate === "met" ? target : level;
      return { actual: num(level, d), forecast: wantForecast ? num(forecast, d) : null, text: false };
    }
    case "constant": {
      const level = ind.fate === "met" ? target : Math.floor(target * (ind.fate === "short" ? 0.8 : 0.5));
      return { actual: num(level, decimals), forecast: wantForecast ? num(ind.fate === "met" ? target : level, decimals) : null, text: false };
    }
    case "lump": {
      const bought = ind.doneMonth > 0 && m >= ind.doneMonth;
      const amount = ind.fate === "met" ? target : Math.floor(target * (ind.fate === "short" ? 0.7 : 0.4));
      return { actual: bought ? num(amount, decimals) : "0", forecast: wantForecast ? num(ind.fate === "met" ? target : amount, decimals) : null, text: false };
    }
    case "cumulative": {
      const finalValue = target * ind.achieve;
      return { actual: num(finalValue * share, decimals), forecast: wantForecast ? num(Math.max(ind.fate === "met" ? target : 0, finalValue), decimals) : null, text: false };
    }
    case "reverseCount": {
      if (target === 0) {
        const incidents = ind.fate === "failed" && m >= ind.doneMonth ? 1 + (m > ind.doneMonth + 2 ? 1 : 0) : 0;
        return { actual: String(incidents), forecast: wantForecast ? String(incidents) : null, text: false };
      }
      return { actual: num(target * ind.achieve * share, decimals), forecast: wantForecast ? num(target * ind.achieve, decimals) : null, text: false };
    }
    case "limit": {
      const level = ind.fate === "failed" ? target * r.float(1.05, 1.4) : target * r.float(0.5, 0.98);
      return { actual: num(level, decimals), forecast: wantForecast ? num(ind.fate === "failed" ? level : target * 0.9, decimals) : null, text: false };
    }
  }
}

function causeFor(category: Category, r: Random): DeviationCause {
  if (category === "成本" || category === "时效") return r.weighted([["FUNDING", 4], ["RULES", 3], ["OTHER", 3]] as const);
  if (category === "数量") return r.weighted([["STAFFING", 35], ["EQUIPMENT", 20], ["FUNDING", 20], ["OTHER", 25]] as const);
  if (category === "质量") return r.weighted([["EQUIPMENT", 3], ["STAFFING", 3], ["RULES", 2], ["OTHER", 2]] as const);
  return r.weighted([["OTHER", 2], ["RULES", 1], ["STAFFING", 1]] as const);
}

// ---------------------------------------------------------------------------------------------

function personName(r: Random): string {
  return r.pick(SURNAMES) + r.pick(GIVEN_NAMES);
}

function firmName(r: Random, payees: ProjectKind["payees"]): string {
  const core = r.pick(FIRM_CORES);
  if (payees === "lawyer") return `广西${core}律师事务所`;
  if (payees === "accountant") return `广西${core}会计师事务所（特殊普通合伙）`;
  const trades = payees === "builder" ? FIRM_TRADES.builder : payees === "media" ? FIRM_TRADES.media : FIRM_TRADES.vendor;
  return `${r.pick(FIRM_PREFIXES)}${core}${r.pick(trades)}`;
}

const SUBSIDY_FUND = /补助|补贴|救助|资助|助学|生活保障/;

/** Builds the whole city in memory, deterministically from `options.seed` (ids aside). */
export function planCity(input: CityPlanOptions): CityPlan {
  const options = cityPlanOptions(input);
  const { year, months, seed } = options;
  const plan: CityPlan = {
    options, departments: [], units: [], users: [], projects: [], indicators: [], reports: [], checkIns: [], expenditures: [], adjustments: [],
    statuses: { COMPLETED: 0, ON_TRACK: 0, AT_RISK: 0, BEHIND: 0, NOT_REPORTED: 0 },
  };
  const top = Random.derive(seed, "city");
  const departmentWeights = Array.from({ length: options.departments }, () => top.logNormal(1, 0.45));
  const projectsPerDepartment = allocate(options.projects, departmentWeights, 1);
  const createdAt = chinaTime(`${year}-01-15`, 9, 0);

  for (let d = 0; d < options.departments; d++) {
    const r = Random.derive(seed, "department", d);
    // Names follow the code, so a further city's bureaus are named after other areas.
    const n = options.firstCode - FIRST_DEPARTMENT_CODE + d;
    const bureau: Bureau = BUREAUS[n % BUREAUS.length]!;
    const area = AREAS[Math.floor(n / BUREAUS.length) % AREAS.length]!;
    const code = String(options.firstCode + d);
    const department: PlannedDepartment = { id: randomUUID(), code, name: bureauName(bureau.name, area), fiscalYearId: randomUUID() };
    plan.departments.push(department);
    const colon = r.chance(0.7) ? "：" : ":";
    const lag = r.weighted([["good", 6], ["slow", 3], ["troubled", 1]] as const);

    const projectCount = projectsPerDepartment[d]!;
    // Subordinate units: the bureau's own, then (for administrative bureaus) a service and an information centre.
    const generic = /(?:局|委员会|办公室|部)$/.test(bureau.name) ? [`${bureau.short}服务中心`, `${bureau.short}信息中心`] : [];
    const subordinates = [...new Set([...bureau.units, ...generic])];
    const wanted = r.weighted([[1, 15], [2, 30], [3, 30], [4, 25]] as const);
    const unitCount = Math.min(wanted, 1 + subordinates.length, projectCount);
    const units: PlannedUnit[] = [];
    for (let u = 0; u < unitCount; u++) {
      const name = u === 0 ? department.name : `${area}${subordinates[u - 1]}`;
      units.push({ id: randomUUID(), code: `${code}${String(u + 1).padStart(3, "0")}`, name, departmentId: department.id });
    }
    plan.units.push(...units);

    // Accounts: per unit reporters and a reviewer; per department a leader.
    const reporterOf = new Map<string, string>();
    const reviewerOf = new Map<string, string>();
    for (const unit of units) {
      for (let k = 1; k < options.usersPerUnit; k++) {
        const user: PlannedUser = { id: randomUUID(), username: `reporter${unit.code}${k > 1 ? `-${k}` : ""}`, displayName: personName(r), role: "REPORTER", unitId: unit.id, departmentId: department.id };
        plan.users.push(user);
        if (k === 1) reporterOf.set(unit.id, user.id);
      }
      const reviewer: PlannedUser = { id: randomUUID(), username: `reviewer${unit.code}`, displayName: personName(r), role: "REVIEWER", unitId: unit.id, departmentId: department.id };
      plan.users.push(reviewer);
      reviewerOf.set(unit.id, reviewer.id);
    }
    plan.users.push({ id: randomUUID(), username: `leader${code}`, displayName: personName(r), role: "LEADER", unitId: null, departmentId: department.id });

    const perUnit = allocate(projectCount, units.map((_, u) => (u === 0 ? 2 : 1) * r.logNormal(1, 0.3)), 1);
    const subsidyFunds = bureau.funds.filter((f) => SUBSIDY_FUND.test(f));
    const otherFunds = bureau.funds.filter((f) => !SUBSIDY_FUND.test(f));
    let seq = 0;
    const departmentProjects: ProjectState[] = [];

    for (const [u, unit] of units.entries()) {
      const used = new Set<string>();
      const voucherSeq = new Map<number, number>();
      for (let p = 0; p < perUnit[u]!; p++) {
        const pr = Random.derive(seed, "project", d, u, p);
        // Kind, variant and name, unique within the unit (Project is unique on year, unit and name).
        let kind: ProjectKind = KINDS[0]!;
        let variant: Variant = kind.variants[0]!;
        let placeholders: Placeholders | null = null;
        let name = "";
        for (let attempt = 0; attempt < 12 && !placeholders; attempt++) {
          kind = pr.weighted(KINDS.map((k) => [k, k.weight] as const));
          const funds = kind.key === "subsidy" ? subsidyFunds : otherFunds;
          if ((kind.key === "fund" || kind.key === "subsidy") && funds.length === 0) continue;
          variant = pr.pick(kind.variants);
          const base = { topic: pr.pick(bureau.topics), short: bureau.short, sys: pr.pick(SYSTEMS), year, budgetWan: "0", city: area, fund: funds.length ? pr.pick(funds) : "", item: "", name: "" };
          const candidate = fill(variant.name, pr, base);
          if (used.has(candidate)) continue;
          name = candidate;
          placeholders = { ...base, name, item: variant.item ? fill(variant.item, pr, base) : name };
        }
        if (!placeholders) {
          // Every kind is taken: a second phase of the last one, as units do (办公设备购置（二期）).
          const base = { topic: pr.pick(bureau.topics), short: bureau.short, sys: pr.pick(SYSTEMS), year, budgetWan: "0", city: area, fund: "", item: "", name: "" };
          kind = KINDS.find((k) => k.key === "work")!;
          variant = kind.variants[0]!;
          const stem = fill(variant.name, pr, base);
          let phase = 2;
          while (used.has(`${stem}（${phase}期）`)) phase++;
          name = `${stem}（${phase}期）`;
          placeholders = { ...base, name, item: name };
        }
        used.add(name);

        // Budget in 万元, as published: two decimals, round figures for the larger ones.
        let wan = Math.min(5000, Math.max(0.3, pr.logNormal(kind.median, kind.sigma)));
        if (wan >= 100 && pr.chance(0.5)) wan = Math.round(wan);
        const wanCents = Math.max(30, Math.round(wan * 100));
        const budgetFen = wanCents * 10_000;
        placeholders.budgetWan = fromScaled(BigInt(wanCents), 2);
        seq += 1;
        const project: PlannedProject = {
          id: randomUUID(), unitId: unit.id, fiscalYearId: department.fiscalYearId, seq, name, budget: fen(budgetFen),
          annualGoal: fill(variant.goal ?? kind.goal, pr, placeholders), kind: kind.key, createdAt,
        };
        plan.projects.push(project);

        // Indicators: the six categories every project has, then 0–3 more.
        const benefit = pr.pick(kind.benefits);
        const chosen: { category: Category; line: string }[] = [];
        const linesOf = (c: Category) => variant.lines?.[c] ?? kind.lines[c] ?? [];
        const take = (c: Category) => {
          const free = linesOf(c).filter((l) => !chosen.some((x) => x.line === l));
          if (free.length === 0) return false;
          chosen.push({ category: c, line: pr.pick(free) });
          return true;
        };
        for (const c of [...REQUIRED_CATEGORIES, benefit]) take(c);
        const extras = pr.weighted([[0, 15], [1, 25], [2, 35], [3, 25]] as const);
        const extraPool: Category[] = ["数量", "数量", "数量", "质量", "时效", "成本", ...kind.benefits, "满意度"];
        for (let e = 0, tries = 0; e < extras && tries < 20; tries++) if (take(pr.pick(extraPool))) e++;
        chosen.sort((a, b) => CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category));

        const health = pr.weighted(lag === "good" ? ([["good", 75], ["slow", 18], ["troubled", 7]] as const) : lag === "slow" ? ([["good", 55], ["slow", 32], ["troubled", 13]] as const) : ([["good", 40], ["slow", 35], ["troubled", 25]] as const));
        const k = health === "good" ? pr.float(0.8, 1.15) : health === "slow" ? pr.float(1.2, 1.7) : pr.float(1.5, 2.4);
        const state: ProjectState = { row: project, kind, health, k, spentByMonth: [], adjustedFen: budgetFen, ratio: 0, budgetFen, indicators: [] };

        for (const [sortOrder, { category, line }] of chosen.entries()) {
          const ex = expandLine(category, line, pr, placeholders, colon);
          const qualitative = ex.target.comparator === "qualitative";
          const dir = direction(ex.target.comparator, ex.target.value);
          const row: PlannedIndicator = {
            id: randomUUID(), projectId: project.id, level1: LEVEL1_CODES[level1Of(category)], category: CATEGORY_CODES[category], name: ex.name,
            comparator: COMPARATOR_CODES[ex.target.comparator], targetValue: qualitative ? null : ex.target.value, targetText: qualitative ? ex.target.value : null,
            unitOfMeasure: ex.target.unit, direction: dir ? DIRECTION_CODES[dir] : null, rawText: ex.rawText, sortOrder, createdAt,
          };
          plan.indicators.push(row);
          const status: StatusIndicator = { category, comparator: ex.target.comparator, value: ex.target.value, unit: ex.target.unit, name: ex.name };
          const fate = pr.weighted(health === "good" ? ([["met", 970], ["short", 25], ["failed", 5]] as const) : health === "slow" ? ([["met", 80], ["short", 15], ["failed", 5]] as const) : ([["met", 55], ["short", 30], ["failed", 15]] as const));
          const model = modelOf(category, ex.target, ex.name, kind.key);
          const deadline = model === "deadline" ? deadlineOf(status) : 12;
          let doneMonth = 0;
          if (model === "deadline") doneMonth = fate === "met" ? Math.max(1, deadline - (deadline === 12 ? pr.int(0, 1) : pr.int(0, 2))) : fate === "short" && deadline < 12 ? deadline + 1 : 0;
          else if (model === "lump") doneMonth = fate === "failed" ? 0 : pr.int(2, 10);
          else if (model === "reverseCount") doneMonth = pr.int(2, 11);
          const scale = qualitative ? qualitativeScale(ex.target.value) : null;
          const targetRank = scale?.rank(ex.target.value) ?? 0;
          const level = scale ? Math.min(scale.options.length - 1, targetRank + (fate === "met" ? 0 : fate === "short" ? (scale.options.length > 2 ? 1 : 0) : 2)) : 0;
          state.indicators.push({
            row, status, model, fate, deadline, doneMonth, level,
            k: k * pr.float(0.85, 1.15),
            achieve: model === "reverseCount" ? (fate === "failed" ? pr.float(1.05, 1.3) : pr.float(0.3, 0.9)) : fate === "met" ? pr.float(1, 1.2) : fate === "short" ? pr.float(0.8, 0.98) : pr.float(0.4, 0.75),
            silent: pr.chance(0.01),
          });
        }

        // Budget adjustments (a few), then the year's spending against the adjusted budget.
        if (pr.chance(0.06)) {
          const month = pr.int(Math.min(months, 4), Math.min(months, 10));
          const up = pr.chance(0.7);
          const cents = Math.max(1, Math.round(wanCents * (up ? pr.float(0.05, 0.3) : pr.float(0.05, 0.25))));
          const amountFen = (up ? 1 : -1) * cents * 10_000;
          const date = day(year, month, pr.int(10, 25));
          state.adjustedFen += amountFen;
          plan.adjustments.push({
            id: randomUUID(), projectId: project.id, date, amount: fen(amountFen), reason: pr.pick(ADJUSTMENT_REASONS[up ? "up" : "down"]),
            approvedBy: `${area}财政局`, createdById: reporterOf.get(unit.id)!, createdAt: addDays(chinaTime(date, 15, pr.int(0, 59)), 1),
          });
        }
        state.ratio = health === "good" ? (pr.chance(0.06) ? pr.float(1, 1.1) : pr.float(0.92, 1)) : health === "slow" ? pr.float(0.7, 0.95) : pr.chance(0.15) ? pr.float(0, 0.05) : pr.float(0.2, 0.8);
        const yearTotal = Math.round(state.ratio * state.adjustedFen);
        const monthWeights = Array.from({ length: 12 }, (_, i): number => {
          const m = i + 1;
          const base = Math.pow(m / 12, k) - Math.pow((m - 1) / 12, k);
          if (kind.key === "equipment" || kind.key === "construction") return [3, 6, 9, 11, 12].includes(m) && pr.chance(0.7) ? base + 0.05 : 0;
          if (kind.key === "subsidy" && m % 3 !== 0) return 0;
          return pr.chance(0.12) ? 0 : base * pr.float(0.5, 1.5);
        });
        if (!monthWeights.some((w) => w > 0)) monthWeights[11] = 1;
        const monthly = splitExact(yearTotal, monthWeights);
        let cumulative = 0;
        const payees = variant.payees ?? kind.payees;
        const firm = firmName(pr, payees);
        const otherFirm = firmName(pr, payees);
        const mainClass = pr.pick(kind.economicClasses);
        const reporter = reporterOf.get(unit.id)!;
        const budgetWan = wanCents / 100;
        const maxPayments = budgetWan < 3 ? 4 : budgetWan < 20 ? 7 : budgetWan < 200 ? 12 : 16;
        for (let m = 1; m <= 12; m++) {
          const amount = monthly[m - 1]!;
          cumulative += amount;
          state.spentByMonth.push(cumulative);
          if (m > months || amount <= 0) continue;
          const count = Math.min(amount, pr.int(1, maxPayments));
          const parts = splitExact(amount, pr.shares(count)).filter((x) => x > 0);
          const days = parts.map(() => pr.int(1, daysInMonth(year, m))).sort((a, b) => a - b);
          for (const [i, part] of parts.entries()) {
            const n = (voucherSeq.get(m) ?? 0) + 1;
            voucherSeq.set(m, n);
            const date = day(year, m, days[i]!);
            const payee = payees === "subsidy" ? pr.pick(SUBSIDY_PAYEES) : payees === "staff" ? pr.pick(STAFF_PAYEES) : pr.chance(0.85) ? firm : otherFirm;
            plan.expenditures.push({
              id: randomUUID(), projectId: project.id, date, amount: fen(part), payee,
              description: fill(pr.pick(kind.descriptions), pr, placeholders, { m: String(m), k: String(i + 1) }),
              voucherNo: `记-${year}${String(m).padStart(2, "0")}-${String(n).padStart(4, "0")}`,
              economicClass: pr.chance(0.8) ? mainClass : pr.pick(kind.economicClasses),
              createdById: reporter, createdAt: addDays(chinaTime(date, pr.int(9, 17), pr.int(0, 59)), pr.int(0, 3)),
            });
          }
        }
        departmentProjects.push(state);
      }
    }

    // Monthly reports and check-ins, unit by unit.
    for (const unit of units) {
      const ur = Random.derive(seed, "reports", unit.code);
      const reporter = reporterOf.get(unit.id)!;
      const reviewer = reviewerOf.get(unit.id)!;
      const projects = departmentProjects.filter((p) => p.row.unitId === unit.id);
      for (let m = 1; m <= months; m++) {
        const fromEnd = months - m;
        let status: ReportStatus = fromEnd >= 2
          ? ur.weighted([["APPROVED", 94], ["SUBMITTED", 3], ["RETURNED", 3]] as const)
          : fromEnd === 1
            ? ur.weighted([["APPROVED", 75], ["SUBMITTED", 15], ["RETURNED", 5], ["DRAFT", 5]] as const)
            : ur.weighted([["DRAFT", 40], ["SUBMITTED", 40], ["APPROVED", 15], ["RETURNED", 5]] as const);
        const asOfDate = endOfMonthDate(year, m);
        const fillDays = ur.int(1, 8);
        const report: PlannedReport = { id: randomUUID(), unitId: unit.id, fiscalYearId: department.fiscalYearId, month: m, status, submittedAt: null, submittedById: null, reviewedAt: null, reviewedById: null, reviewComment: null, version: 1 };
        const checkIns: PlannedCheckIn[] = [];
        for (const project of projects) {
          for (const ind of project.indicators) {
            if (ind.silent || ur.chance(status === "DRAFT" ? 0.3 : 0.03)) continue;
            const v = valuesAt(ind, project, m, ur);
            const base = {
              asOfDate,
              actualValue: v.text ? null : v.actual, actualText: v.text ? v.actual : null,
              forecastValue: v.text || v.forecast === null ? null : v.forecast, forecastText: v.text ? v.forecast : null,
            };
            let likelihood: Likelihood = "CERTAIN";
            let result = indicatorStatus(ind.status, { ...base, likelihood }, asOfDate, year);
            if (result.status === "BEHIND") likelihood = ind.fate === "failed" && m >= 9 && ur.chance(0.4) ? "IMPOSSIBLE" : ur.chance(0.7) ? "POSSIBLE" : "CERTAIN";
            else if (result.status === "AT_RISK") likelihood = ur.chance(0.55) ? "POSSIBLE" : "CERTAIN";
            else if (result.status !== "COMPLETED" && ur.chance(0.01)) likelihood = "POSSIBLE";
            if (likelihood !== "CERTAIN") result = indicatorStatus(ind.status, { ...base, likelihood }, asOfDate, year);
            if (m === months) plan.statuses[result.status] += 1;
            const explain = needsExplanation(result, likelihood);
            const cause = explain ? causeFor(ind.status.category, ur) : null;
            checkIns.push({
              id: randomUUID(), indicatorId: ind.row.id, reportId: report.id, ...base, likelihood, deviationCause: cause,
              correctiveAction: cause ? ur.pick(CORRECTIVE_ACTIONS[cause]) : null,
              createdById: reporter, createdAt: chinaTime(day(year, m, daysInMonth(year, m)), 9, 0),
            });
          }
        }
        if (checkIns.length === 0) status = report.status = "DRAFT";
        const start = chinaTime(asOfDate, 9, 0);
        for (const c of checkIns) c.createdAt = addDays(start, ur.float(0, fillDays - 0.2));
        if (status !== "DRAFT") {
          report.submittedAt = addDays(start, fillDays + ur.float(0, 0.3));
          report.submittedById = reporter;
          report.version = 2;
        }
        if (status === "APPROVED" || status === "RETURNED") {
          report.reviewedAt = addDays(report.submittedAt!, ur.float(0.05, 4));
          report.reviewedById = reviewer;
          report.reviewComment = status === "RETURNED" ? ur.pick(RETURN_COMMENTS) : ur.chance(0.3) ? ur.pick(APPROVE_COMMENTS) : null;
          report.version = 3;
        }
        plan.reports.push(report);
        plan.checkIns.push(...checkIns);
      }
    }
  }

  // The three duties (三员), outside any unit; they carry the first department like the seed's.
  if (options.firstCode !== FIRST_DEPARTMENT_CODE) return plan;
  const first = plan.departments[0]!.id;
  const dr = Random.derive(seed, "duties");
  for (const role of ["ADMIN", "SECURITY_OFFICER", "AUDITOR"] as const) {
    plan.users.push({ id: randomUUID(), username: PRIVILEGED_USERNAMES[role], displayName: personName(dr), role, unitId: null, departmentId: first });
  }
  return plan;
}
