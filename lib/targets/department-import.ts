import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { authorize } from "@/lib/auth/policy";
import { recordAudit } from "@/lib/audit/record";
import { todayInChina } from "@/lib/calendar";
import { canonicalDecimal } from "@/lib/decimal";
import { AppError } from "@/lib/errors";
import { formatWan, fromScaled, toScaled, wanToYuan } from "@/lib/money";
import { level1Of } from "./categories";
import { CATEGORY_CODES, CATEGORY_NAMES, COMPARATOR_CODES, COMPARATORS, DIRECTION_CODES, LEVEL1_CODES } from "./codes";
import { deletionConfirmation, unconfirmedDeletions, unreadableReason } from "./import/guard";
import type { TargetsMapping } from "./import/mapping";
import { mappingKey } from "./import-mapping";
import { sameText, textKey } from "./import/normalise";
import { direction } from "./parse-target";
import { reviewTargets, ruleTitle } from "./review";
import type { Finding } from "./review/types";
import type { ParsedIndicator, ParsedProject, ParseResult, Problem } from "./types";

// Import of a department's published targets: a preview that says what would be
// added, changed or removed, and a commit that applies exactly that plan in one transaction.
// Re-importing the same table changes nothing, whatever its format: texts are compared without their
// whitespace (import/normalise.ts). What may be proposed and deleted is guarded (import/guard.ts).

export interface ImportRequest {
  department: { code: string; name: string };
  year: number;
  /** Where the year came from, said in the preview (resolveImportYear). */
  yearSource?: YearSource;
  /** The words the admin confirmed the plan's deletions with (import/guard.ts rule 2). */
  confirmDeletions?: string | null;
  parse: ParseResult;
  unitProjectTotalsWan?: Record<string, string>;
  /**
   * The file holds only some of the department's projects (per-project forms): add and update,
   * never remove what the file does not mention.
   */
  partial?: boolean;
  /** The column mapping the admin read this file with: remembered for the department on commit (import-mapping.ts). */
  mapping?: TargetsMapping | null;
}

export type ChangeKind = "added" | "changed" | "unchanged" | "removed";

/** One difference, with the old and the new text side by side when there are texts to compare. */
export interface PlanChange {
  what: string;
  before?: string;
  after?: string;
}

export interface ProjectPlan {
  kind: ChangeKind;
  unitCode: string;
  unitName: string;
  name: string;
  budgetWan: string;
  changes: PlanChange[];
  indicators: Record<ChangeKind, number>;
}

export type YearSource = "file" | "form" | "department" | "calendar";
export const YEAR_SOURCE_LABELS: Readonly<Record<YearSource, string>> = { file: "文件中标明的年度", form: "所填的年度", department: "本部门当前年度（文件未标明年度）", calendar: "当前年份（文件未标明年度，部门尚无年度）" };

/** What the plan deletes, by name (import/guard.ts rule 2). */
export interface PlanDeletions {
  projects: { unitCode: string; name: string; indicators: number }[];
  indicators: { projectName: string; name: string; raw: string }[];
  /** Indicators deleted in all, those of deleted projects included. */
  indicatorCount: number;
  /** The words that confirm them ("确认删除 21 个指标"), or null when nothing is deleted. */
  confirmation: string | null;
}

export interface ImportPlan {
  department: { code: string; name: string; exists: boolean };
  year: number;
  yearSource: YearSource;
  deletions: PlanDeletions;
  newUnits: { code: string; name: string }[];
  projects: ProjectPlan[];
  problems: Problem[];
  findings: (Finding & { projectName: string; indicatorName?: string; rule: string })[];
  totals: { projects: number; indicators: number; budgetWan: string } & Record<ChangeKind, number>;
  /** Something would be written (a new department, unit, project or any change). */
  hasChanges: boolean;
  canCommit: boolean;
}

/** The interactive-transaction client, or the client itself: both have the model delegates. */
type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
type Store = Pick<Tx, "department" | "project" | "unit" | "indicator">;

const EMPTY_COUNTS = (): Record<ChangeKind, number> => ({ added: 0, changed: 0, unchanged: 0, removed: 0 });

/** The 系统管理员 imports targets (docs/domain.md, roles); everyone else is refused. */
function assertAdmin(actor: Actor) {
  authorize(actor, "targets.import");
}

type DbIndicator = { id: string; category: string; name: string; comparator: string; targetValue: { toString(): string } | null; targetText: string | null; unitOfMeasure: string; rawText: string; sortOrder: number; _count: { checkIns: number; evaluationItems: number } };

function targetOf(i: ParsedIndicator) {
  return i.comparator === "qualitative" ? i.value : canonicalDecimal(i.value);
}

/** Same target content, whitespace aside. Position is not content: removing one indicator must not "change" the rest. */
function sameIndicator(db: DbIndicator, p: ParsedIndicator): boolean {
  const dbTarget = db.comparator === "QUALITATIVE" ? db.targetText : canonicalDecimal(db.targetValue!.toString());
  return COMPARATORS[db.comparator as keyof typeof COMPARATORS] === p.comparator && sameText(dbTarget ?? "", targetOf(p)) && db.unitOfMeasure === p.unit && sameText(db.rawText, p.raw);
}

/** Pairs indicators by category + name, whitespace aside (+ occurrence, for repeated names). */
function indicatorKey(category: string, name: string, seen: Map<string, number>): string {
  const base = `${category}|${textKey(name)}`;
  const n = (seen.get(base) ?? 0) + 1;
  seen.set(base, n);
  return `${base}|${n}`;
}

async function loadExisting(db: Store, request: ImportRequest) {
  const department = await db.department.findUnique({
    where: { code: request.department.code },
    include: { units: true, fiscalYears: { where: { year: request.year } } },
  });
  const fiscalYear = department?.fiscalYears[0] ?? null;
  const projects = fiscalYear
    ? await db.project.findMany({
        where: { fiscalYearId: fiscalYear.id },
        include: {
          unit: { select: { code: true, name: true } },
          indicators: { orderBy: { sortOrder: "asc" }, include: { _count: { select: { checkIns: true, evaluationItems: true } } } },
          selfEvaluation: { select: { status: true } },
          _count: { select: { expenditures: true, adjustments: true } },
        },
      })
    : [];
  const unitCodes = [...new Set(request.parse.projects.map((p) => p.unitCode).filter(Boolean))];
  const foreignUnits = await db.unit.findMany({
    where: { code: { in: unitCodes }, ...(department ? { departmentId: { not: department.id } } : {}) },
    select: { code: true },
  });
  return { department, fiscalYear, projects, foreignUnits: new Set(foreignUnits.map((u) => u.code)) };
}

/**
 * The year an import goes into: the one the file names (import/year.ts), else the one asked for, else
 * the department's current (latest) year, else this calendar year for a department that has none. A
 * file naming another year than the one asked for is refused.
 */
export async function resolveImportYear(db: Db, departmentCode: string, fileYear: number | null, requested: number | null): Promise<{ year: number; source: YearSource }> {
  if (fileYear !== null && requested !== null && fileYear !== requested) {
    const message = `文件中标明为 ${fileYear} 年度，与所填的 ${requested} 年度不一致：请清空“预算年度”按文件导入，或改用 ${requested} 年度的文件。`;
    throw new AppError("VALIDATION", message, { year: message });
  }
  if (fileYear !== null) return { year: fileYear, source: "file" };
  if (requested !== null) return { year: requested, source: "form" };
  const latest = await db.fiscalYear.findFirst({ where: { department: { code: departmentCode } }, orderBy: { year: "desc" }, select: { year: true } });
  if (latest) return { year: latest.year, source: "department" };
  return { year: Number(todayInChina().slice(0, 4)), source: "calendar" };
}

/** Works out what an import would do, without writing anything. */
export async function previewImport(db: Db, actor: Actor, request: ImportRequest): Promise<ImportPlan> {
  assertAdmin(actor);
  assertReadable(request);
  // One transaction for a consistent read of everything the plan compares against.
  const existing = await db.$transaction((tx) => loadExisting(tx, request));
  return buildPlan(request, existing).plan;
}

function buildPlan(request: ImportRequest, existing: Awaited<ReturnType<typeof loadExisting>>) {
  const problems: Problem[] = [...request.parse.problems];
  const { department, fiscalYear } = existing;
  const unitsByCode = new Map(department?.units.map((u) => [u.code, u]) ?? []);
  // Names typed into per-project forms vary in width and spacing: compare them normalised.
  const nameKey = (name: string) => name.normalize("NFKC").replace(/\s+/g, "");
  const unitsByName = new Map(department?.units.map((u) => [nameKey(u.name), u]) ?? []);
  const newUnits = new Map<string, string>();

  if (!department && !request.department.name.trim()) {
    problems.push({ severity: "error", location: "部门", message: `部门 ${request.department.code} 尚不存在；导入到新部门时请填写部门名称。` });
  }
  if (fiscalYear?.targetsLockedAt) {
    problems.push({ severity: "error", location: "全文", message: `${request.year} 年度目标已批复锁定，不能整表导入；请在项目页逐条调整并填写调整原因。` });
  }

  // Resolve each project's unit: by code, or by name for per-project forms that carry no code.
  const parsed = request.parse.projects.map((p, index) => {
    let unitCode = p.unitCode;
    if (!unitCode) {
      const byName = unitsByName.get(nameKey(p.unitName));
      if (byName) unitCode = byName.code;
      else if (p.unitName.trim() === "") problems.push({ severity: "error", location: `项目“${p.name}”`, message: `项目“${p.name}”没有实施单位：请在表中写明实施单位（或单位代码），或在列的对应关系中填写单位。` });
      else problems.push({ severity: "error", location: `项目“${p.name}”`, message: `实施单位“${p.unitName}”不在部门 ${request.department.code} 中，请先建立该单位或在表中写明单位代码。` });
    } else if (existing.foreignUnits.has(unitCode)) {
      problems.push({ severity: "error", location: `项目“${p.name}”`, message: `单位代码 ${unitCode} 属于另一个部门，不能导入到部门 ${request.department.code}。` });
    } else if (!unitsByCode.has(unitCode)) {
      if (unitCode.startsWith(request.department.code)) newUnits.set(unitCode, p.unitName);
      else problems.push({ severity: "error", location: `项目“${p.name}”`, message: `单位代码 ${unitCode} 在部门 ${request.department.code} 中不存在（单位代码应以部门代码开头）。` });
    }
    return { ...p, unitCode, index };
  });

  // Projects are paired by unit and name, whitespace aside (an .xlsx cell may wrap a long name).
  const projectKey = (unitCode: string, name: string) => `${unitCode}|${textKey(name)}`;
  const placeOf = (index: number) => request.parse.places?.[index];
  const firstAt = new Map<string, number>();
  for (const p of parsed) {
    const key = projectKey(p.unitCode, p.name);
    const first = firstAt.get(key);
    const there = first === undefined ? undefined : placeOf(first);
    if (first !== undefined) problems.push({ severity: "error", location: placeOf(p.index) ?? `项目“${p.name}”`, message: `同一单位下项目“${p.name}”出现了两次${there ? `（另一处在${there}）` : ""}，请删去重复的一行。` });
    else firstAt.set(key, p.index);
  }

  const existingByKey = new Map(existing.projects.map((p) => [projectKey(p.unit.code, p.name), p]));
  const projects: ProjectPlan[] = [];
  const deletions: PlanDeletions = { projects: [], indicators: [], indicatorCount: 0, confirmation: null };
  for (const p of parsed) {
    const old = existingByKey.get(projectKey(p.unitCode, p.name));
    existingByKey.delete(projectKey(p.unitCode, p.name));
    const counts = EMPTY_COUNTS();
    const changes: PlanChange[] = [];
    if (!old) {
      counts.added = p.indicators.length;
      projects.push({ kind: "added", unitCode: p.unitCode, unitName: p.unitName, name: p.name, budgetWan: p.budgetWan, changes, indicators: counts });
      continue;
    }
    if (old.budget.toFixed(2) !== wanToYuan(p.budgetWan)) changes.push({ what: "预算资金总额", before: `${formatWan(old.budget.toFixed(2))} 万元`, after: `${formatWan(wanToYuan(p.budgetWan))} 万元` });
    if (!sameText(old.annualGoal, p.annualGoal)) changes.push({ what: "年度绩效目标", before: old.annualGoal, after: p.annualGoal });
    const seenOld = new Map<string, number>();
    const oldByKey = new Map(old.indicators.map((i) => [indicatorKey(CATEGORY_NAMES[i.category], i.name, seenOld), i]));
    const seenNew = new Map<string, number>();
    p.indicators.forEach((i) => {
      const key = indicatorKey(i.category, i.name, seenNew);
      const match = oldByKey.get(key);
      oldByKey.delete(key);
      if (!match) {
        counts.added++;
        changes.push({ what: `新增指标“${i.name}”`, after: i.raw });
      } else if (sameIndicator(match, i)) counts.unchanged++;
      else {
        counts.changed++;
        changes.push({ what: `指标“${i.name}”`, before: match.rawText, after: i.raw });
      }
    });
    for (const gone of oldByKey.values()) {
      counts.removed++;
      changes.push({ what: `删除指标“${gone.name}”`, before: gone.rawText });
      deletions.indicators.push({ projectName: p.name, name: gone.name, raw: gone.rawText });
      problems.push(...historyOf(`项目“${p.name}”`, `指标“${gone.name}”`, gone._count.checkIns, gone._count.evaluationItems));
    }
    const kind: ChangeKind = changes.length > 0 ? "changed" : "unchanged";
    projects.push({ kind, unitCode: p.unitCode, unitName: p.unitName, name: p.name, budgetWan: p.budgetWan, changes, indicators: counts });
  }
  for (const gone of request.partial ? [] : existingByKey.values()) {
    projects.push({ kind: "removed", unitCode: gone.unit.code, unitName: gone.unit.name, name: gone.name, budgetWan: "", changes: [{ what: "表中没有此项目，将删除（连同其全部指标）" }], indicators: { ...EMPTY_COUNTS(), removed: gone.indicators.length } });
    deletions.projects.push({ unitCode: gone.unit.code, name: gone.name, indicators: gone.indicators.length });
    const checkIns = gone.indicators.reduce((n, i) => n + i._count.checkIns, 0);
    const records = [
      ...(checkIns > 0 ? [`进展填报 ${checkIns} 条`] : []),
      ...(gone._count.expenditures > 0 ? [`支出 ${gone._count.expenditures} 笔`] : []),
      ...(gone._count.adjustments > 0 ? [`预算调整 ${gone._count.adjustments} 笔`] : []),
      ...(gone.selfEvaluation ? ["绩效自评"] : []),
    ];
    if (records.length > 0) problems.push({ severity: "error", location: `项目“${gone.name}”`, message: `项目“${gone.name}”不在导入表中，但已有${records.join("、")}，不能通过导入删除；请在表中保留该项目。` });
  }
  deletions.indicatorCount = deletions.indicators.length + deletions.projects.reduce((n, p) => n + p.indicators, 0);
  deletions.confirmation = deletionConfirmation(deletions.projects.length, deletions.indicatorCount);

  const findings = reviewTargets(request.parse.projects, { fiscalYear: request.year, unitProjectTotalsWan: request.unitProjectTotalsWan }).map((f) => {
    const project = request.parse.projects[f.projectIndex];
    return { ...f, rule: ruleTitle(f.ruleId), projectName: project?.name ?? "", indicatorName: f.indicatorIndex !== undefined ? project?.indicators[f.indicatorIndex]?.name : undefined };
  });

  const totals = { projects: request.parse.projects.length, indicators: 0, budgetWan: "0.00", ...EMPTY_COUNTS() };
  let fen = 0n;
  for (const p of request.parse.projects) {
    totals.indicators += p.indicators.length;
    fen += toScaled(wanToYuan(p.budgetWan), 2);
  }
  totals.budgetWan = formatWan(fromScaled(fen, 2));
  for (const p of projects) totals[p.kind]++;
  const hasErrors = problems.some((p) => p.severity === "error");
  const hasChanges = !department || newUnits.size > 0 || projects.some((p) => p.kind !== "unchanged");
  const plan: ImportPlan = {
    department: { code: request.department.code, name: department?.name ?? request.department.name, exists: !!department },
    year: request.year,
    yearSource: request.yearSource ?? "form",
    deletions,
    newUnits: [...newUnits].map(([code, name]) => ({ code, name })),
    projects,
    problems,
    findings,
    totals,
    hasChanges,
    canCommit: !hasErrors && request.parse.projects.length > 0,
  };
  return { plan, parsed };
}

export interface CommitResult {
  plan: ImportPlan;
  changed: boolean;
}

/** Applies the import in one transaction; refuses (writing nothing) when the plan has errors. */
export async function commitImport(db: Db, actor: Actor, request: ImportRequest, context: { ip?: string | null } = {}): Promise<CommitResult> {
  assertAdmin(actor);
  assertReadable(request);
  return db.$transaction(
    async (tx) => {
      // Serialise imports of one department so two admins cannot interleave.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`import:${request.department.code}`}))`;
      const existing = await loadExisting(tx, request);
      const { plan, parsed } = buildPlan(request, existing);
      if (!plan.canCommit) {
        const first = plan.problems.find((p) => p.severity === "error");
        throw new AppError("VALIDATION", first ? `${first.location}：${first.message}` : "表中没有可导入的项目。");
      }
      if (!plan.hasChanges) return { plan, changed: false };
      const unconfirmed = unconfirmedDeletions(plan.deletions.confirmation, request.confirmDeletions);
      if (unconfirmed) throw new AppError("VALIDATION", unconfirmed, { confirmDeletions: unconfirmed });

      const department =
        existing.department ?? (await tx.department.create({ data: { code: request.department.code, name: request.department.name } }));
      const fiscalYear =
        existing.fiscalYear ?? (await tx.fiscalYear.create({ data: { departmentId: department.id, year: request.year } }));
      const unitIds = new Map(existing.department?.units.map((u) => [u.code, u.id]) ?? []);
      for (const u of plan.newUnits) {
        const unit = await tx.unit.create({ data: { code: u.code, name: u.name, departmentId: department.id } });
        unitIds.set(u.code, unit.id);
      }
      const oldByKey = new Map(existing.projects.map((p) => [`${p.unit.code}|${p.name}`, p]));
      let seq = 0;
      for (const [index, p] of parsed.entries()) {
        seq++;
        const old = oldByKey.get(`${p.unitCode}|${p.name}`);
        oldByKey.delete(`${p.unitCode}|${p.name}`);
        // An unchanged project keeps its rows as they are (and any order set in the app).
        if (plan.projects[index]?.kind === "unchanged") {
          if (old && old.seq !== seq) await tx.project.update({ where: { id: old.id }, data: { seq } });
          continue;
        }
        const data = { seq, budget: wanToYuan(p.budgetWan), annualGoal: p.annualGoal };
        const projectId = old
          ? (await tx.project.update({ where: { id: old.id }, data })).id
          : (await tx.project.create({ data: { ...data, name: p.name, unitId: unitIds.get(p.unitCode)!, fiscalYearId: fiscalYear.id } })).id;
        await syncIndicators(tx, projectId, old?.indicators ?? [], p);
      }
      if (!request.partial) for (const gone of oldByKey.values()) await tx.project.delete({ where: { id: gone.id } });
      if (request.mapping) {
        const key = mappingKey(request.department.code);
        await tx.setting.upsert({ where: { key }, create: { key, value: request.mapping }, update: { value: request.mapping } });
      }
      await recordAudit(tx, {
        actor,
        ip: context.ip,
        action: "targets.import",
        objectType: "FiscalYear",
        objectId: fiscalYear.id,
        after: { department: request.department.code, year: request.year, ...plan.totals, newUnits: plan.newUnits.map((u) => u.code), ...(request.mapping ? { mapping: request.mapping } : {}) },
        outcome: "SUCCESS",
      });
      return { plan, changed: true };
    },
    { timeout: 60_000 },
  );
}

/** An indicator that has a history is kept, never deleted by an import (import/guard.ts rule 3). */
function historyOf(location: string, what: string, checkIns: number, evaluationLines: number): Problem[] {
  const records = [...(checkIns > 0 ? [`进展填报 ${checkIns} 条`] : []), ...(evaluationLines > 0 ? ["绩效自评评分"] : [])];
  if (records.length === 0) return [];
  return [{ severity: "error", location, message: `${what}已有${records.join("、")}，不能通过导入删除；请在表中保留该指标（目标需要调整时在项目页修改并说明原因）。` }];
}

/** A file that could not be read proposes nothing (import/guard.ts rule 1). */
function assertReadable(request: ImportRequest): void {
  const reason = unreadableReason(request.parse);
  if (reason) throw new AppError("VALIDATION", reason, { file: reason });
}

async function syncIndicators(db: Store, projectId: string, old: DbIndicator[], project: ParsedProject): Promise<void> {
  const seenOld = new Map<string, number>();
  const oldByKey = new Map(old.map((i) => [indicatorKey(CATEGORY_NAMES[i.category as keyof typeof CATEGORY_NAMES], i.name, seenOld), i]));
  const seenNew = new Map<string, number>();
  const creates = [];
  for (const [sortOrder, i] of project.indicators.entries()) {
    const key = indicatorKey(i.category, i.name, seenNew);
    const match = oldByKey.get(key);
    oldByKey.delete(key);
    const qualitative = i.comparator === "qualitative";
    const dir = direction(i.comparator, i.value);
    const data = {
      level1: LEVEL1_CODES[level1Of(i.category)],
      category: CATEGORY_CODES[i.category],
      name: i.name,
      comparator: COMPARATOR_CODES[i.comparator],
      targetValue: qualitative ? null : canonicalDecimal(i.value),
      targetText: qualitative ? i.value : null,
      unitOfMeasure: i.unit,
      direction: dir ? DIRECTION_CODES[dir] : null,
      rawText: i.raw,
      sortOrder,
    };
    if (!match) creates.push({ ...data, projectId });
    else if (!sameIndicator(match, i)) await db.indicator.update({ where: { id: match.id }, data: { ...data, version: { increment: 1 } } });
    else if (match.sortOrder !== sortOrder) await db.indicator.update({ where: { id: match.id }, data: { sortOrder } });
  }
  if (creates.length) await db.indicator.createMany({ data: creates });
  const removed = [...oldByKey.values()].map((i) => i.id);
  if (removed.length) await db.indicator.deleteMany({ where: { id: { in: removed } } });
}
