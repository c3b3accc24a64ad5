import type { ReviewStatus } from "@/lib/db/generated/enums";
import type { Actor } from "@/lib/auth/roles";
import { can } from "@/lib/auth/policy";
import { budgetRecords, computeExecution } from "@/lib/budget/execution";
import { qualitativeScale } from "@/lib/progress/scale";
import type { StatusCheckIn } from "@/lib/progress/status";
import { formatTarget } from "@/lib/targets/parse-target";
import { indicatorFromRow } from "@/lib/progress/status-input";
import { evaluationFigure, type EvaluationFigure, type SavedFigure } from "./figure";
import { evaluationIndicatorFromRow, savedInput, type SavedLine } from "./prefill";
import { wan2 } from "./printed-form";
import { draftNarrative, EMPTY_NARRATIVE, readNarrative, type Narrative, type NarrativeSource } from "./narrative";
import { projectedSpent, projectEvaluation, withStatus } from "./projection";
import { basisIndicator, savedAtOf } from "./records";
import { scoreEvaluation } from "./score";
import { changesSince, readSnapshot, type EvaluationSnapshot, type SnapshotBasis, type SnapshotFunds, type SnapshotLine } from "./snapshot";
import type { Band, EvaluationInput, EvaluationOutcome, EvaluationResult, Grade } from "./types";

// One project's self-evaluation as a screen, an export or the workflow sees it. What is shown
// depends on who looks and what is saved (snapshot.ts rule 2):
//  - "snapshot": a saved evaluation read by someone who cannot edit it (an approved one for
//    everybody; a draft or a submitted one for the reviewer, the leader, the admin): the record as
//    saved, never recomputed; a change of the project since is listed as 需要复核.
//  - "form": the unit's 填报人 editing a draft or a returned one: the saved lines, repaired where the
//    targets changed since (stale.ts) and scored live.
//  - "projection": nothing saved yet: the form pre-filled by the projection (projection.ts) from the
//    check-ins and spending the caller read, so its total is the 预测 every other screen shows.

export interface EvaluationLineMeta extends SnapshotLine {
  /** What the pre-filled actual was taken from ("按 2025-12-31 填报的实际 40 计"), or null when saved by the evaluator. */
  prefilledFrom: string | null;
}

export type ViewSource = "snapshot" | "form" | "projection";

export interface EvaluationView {
  project: { id: string; name: string; unitId: string; unitName: string; departmentName: string; year: number; annualGoal: string };
  funds: SnapshotFunds;
  status: ReviewStatus | null;
  /** The project's year is closed: read-only for everybody (lib/fiscal-years.ts rule 3). */
  closed: boolean;
  source: ViewSource;
  version: number;
  achievementText: string;
  /** The report's narrative: as saved, or the factual draft until it is (narrative.ts rule 2). */
  narrative: Narrative;
  /** The narrative is the system's draft, not yet saved by the evaluator. */
  narrativeDrafted: boolean;
  weightReason: string;
  reviewComment: string | null;
  lines: EvaluationLineMeta[];
  input: EvaluationInput;
  outcome: EvaluationOutcome;
  /** 需要复核: what changed since it was saved (snapshot), or what the system repaired in the form (stale.ts); empty when nothing did. */
  review: string[];
  /** The one figure every screen shows for this project (figure.ts). */
  figure: EvaluationFigure;
  /** For a projection during the year: the date of the figures and what was spent by then (the funds show the projected year). */
  projected: { asOf: string; final: boolean; spentSoFar: string } | null;
  can: { edit: boolean; submit: boolean; review: boolean; reopen: boolean };
}

/** The check-ins a view is pre-filled from, as read by lib/dashboard/facts.ts or lib/projects/detail.ts, and their date. */
export interface CheckInSource {
  latest: ReadonlyMap<string, StatusCheckIn>;
  asOf: string;
}

type Fixed = { toFixed(digits: number): string };
type Dated = { date: Date; amount: Fixed };
type IndicatorRow = Parameters<typeof basisIndicator>[0] & Parameters<typeof indicatorFromRow>[0] & { weight: Fixed | null };
type ItemRow = { indicatorId: string; weight: Fixed; actualText: string; band: string | null; bandPercent: Fixed | null; overrideScore: Fixed | null; overrideReason: string | null; computedScore: Fixed | null; deviationAnalysis: string };

/** The project as loaded by service.ts (scoped), with everything a view needs. */
export interface LoadedProject {
  id: string;
  name: string;
  unitId: string;
  annualGoal: string;
  budget: Fixed;
  unit: { name: string; department: { name: string } };
  fiscalYear: { year: number; closedAt: Date | null };
  indicators: IndicatorRow[];
  expenditures: Dated[];
  adjustments: Dated[];
  selfEvaluation: {
    id: string; status: ReviewStatus; version: number; achievementText: string; weightReason: string | null; reviewComment: string | null;
    workText: string; practiceText: string; problemText: string; improvementText: string; resultUseText: string;
    totalScore: Fixed | null; grade: string | null; snapshot: unknown; snapshotAt: Date | null; approvedAt: Date | null; items: ItemRow[];
  } | null;
}

/** 全年预算数 and 全年执行数: the adjusted budget and the spending on 31 December (budget execution rule 1). */
export function yearEndFunds(project: LoadedProject): SnapshotFunds {
  const year = project.fiscalYear.year;
  const e = computeExecution(budgetRecords(project), `${year}-12-31`, year);
  return { initialBudget: e.initialBudget, adjustedBudget: e.adjustedBudget, spent: e.spent };
}

/** The project's indicators as form lines (without what the evaluator wrote). */
export function linesOf(project: LoadedProject): Omit<SnapshotLine, "deviation">[] {
  return project.indicators.map((i) => {
    const indicator = evaluationIndicatorFromRow(i);
    const qualitative = indicator.comparator === "qualitative";
    return { ...indicator, target: formatTarget(indicator), qualitative, options: qualitative ? qualitativeScale(indicator.value).options : [] };
  });
}

/** What the project is now, to compare a snapshot's basis with. */
export function basisNow(project: LoadedProject, funds: SnapshotFunds): SnapshotBasis {
  return { annualGoal: project.annualGoal, funds, indicators: project.indicators.map(basisIndicator) };
}

const savedLines = (items: ItemRow[]) =>
  new Map<string, SavedLine>(
    items.map((item) => [
      item.indicatorId,
      { weight: item.weight.toFixed(2), actual: item.actualText, band: (item.band as Band | null) ?? null, bandPercent: item.bandPercent?.toFixed(2) ?? null, overrideScore: item.overrideScore?.toFixed(2) ?? null, overrideReason: item.overrideReason, computedScore: item.computedScore?.toFixed(4) ?? null },
    ]),
  );

/** Who may do what with this evaluation: nobody changes anything in a closed year (lib/fiscal-years.ts rule 3). */
function permissions(actor: Actor, project: LoadedProject, review: string[]): EvaluationView["can"] {
  const evaluation = project.selfEvaluation;
  const status = evaluation?.status ?? null;
  const subject = { unitId: project.unitId, status, closed: !!project.fiscalYear.closedAt };
  const edit = can(actor, "evaluation.edit", subject);
  return {
    edit,
    submit: edit && evaluation !== null && review.length === 0,
    review: can(actor, "evaluation.review", subject),
    reopen: can(actor, "evaluation.reopen", subject),
  };
}

/** Whether this actor reads the stored snapshot (rule at the top) rather than the live form. */
export function readsSnapshot(actor: Actor, project: LoadedProject): boolean {
  const evaluation = project.selfEvaluation;
  if (!evaluation || !readSnapshot(evaluation.snapshot)) return false;
  return !can(actor, "evaluation.edit", { unitId: project.unitId, status: evaluation.status });
}

/** Everything the screen, the exports and the workflow need about one project. `checkIns` is needed unless readsSnapshot. */
export function buildView(actor: Actor, project: LoadedProject, checkIns: CheckInSource | null): EvaluationView {
  const evaluation = project.selfEvaluation;
  const snapshot = evaluation ? readSnapshot(evaluation.snapshot) : null;
  const live = { id: project.id, unitId: project.unitId };
  const base = { status: evaluation?.status ?? null, version: evaluation?.version ?? 0, reviewComment: evaluation?.reviewComment ?? null, closed: !!project.fiscalYear.closedAt };
  if (evaluation && snapshot && readsSnapshot(actor, project)) return fromSnapshot(actor, project, snapshot, base, live);
  const latest = checkIns?.latest ?? new Map<string, StatusCheckIn>();
  const year = project.fiscalYear.year;
  const projectText = { ...live, name: project.name, unitName: project.unit.name, departmentName: project.unit.department.name, year, annualGoal: project.annualGoal };
  const lines = linesOf(project);

  if (!evaluation) {
    const asOf = checkIns?.asOf ?? `${year}-12-31`;
    const execution = computeExecution(budgetRecords(project), asOf, year);
    const projection = projectEvaluation(execution, withStatus(lines, latest, asOf, year), asOf, year);
    const funds = { initialBudget: execution.initialBudget, adjustedBudget: execution.adjustedBudget, spent: projectedSpent(execution.spent, asOf, year) };
    const draft = narrativeSource(projectText, funds, projection.result, lines.map((l) => ({ ...l, deviation: "" })));
    const view = {
      ...base, project: projectText, funds, source: "projection" as const, achievementText: "", weightReason: "", review: [],
      narrative: draftNarrative(draft), narrativeDrafted: true,
      lines: lines.map((l, n) => ({ ...l, deviation: "", prefilledFrom: projection.basis[n] ?? null })),
      input: projection.input, outcome: { ok: true as const, result: projection.result },
      projected: projection.final ? null : { asOf, final: false, spentSoFar: execution.spent },
      figure: evaluationFigure(null, () => ({ ...projection, executionRate: projection.result.executionRate })),
    };
    return { ...view, can: permissions(actor, project, []) };
  }

  // The unit's own form, or a saved evaluation from before snapshots were kept.
  const funds = yearEndFunds(project);
  const items = new Map(evaluation.items.map((item) => [item.indicatorId, item]));
  const { input, review } = savedInput(funds, lines, latest, savedLines(evaluation.items), evaluation.weightReason);
  const outcome = scoreEvaluation(input);
  const changes = snapshot ? changesSince(snapshot.basis, basisNow(project, funds)) : review;
  const saved: SavedFigure = {
    status: evaluation.status,
    total: snapshot?.summary.total ?? evaluation.totalScore?.toFixed(2) ?? (outcome.ok ? outcome.result.total : "0.00"),
    grade: snapshot?.summary.grade ?? ((evaluation.grade ?? (outcome.ok ? outcome.result.grade : "差")) as Grade),
    executionRate: snapshot?.summary.executionRate ?? (outcome.ok ? outcome.result.executionRate : null),
    overrides: snapshot?.summary.overrides ?? (outcome.ok ? outcome.result.indicators.filter((l) => l.overridden).length : 0),
    savedAt: savedAtOf(evaluation.status, evaluation.approvedAt, evaluation.snapshotAt),
    review: changes,
  };
  const formLines = lines.map((l) => ({
    ...l,
    deviation: items.get(l.id)?.deviationAnalysis ?? "",
    prefilledFrom: items.has(l.id) ? null : latest.has(l.id) ? `${latest.get(l.id)!.asOfDate} 填报` : null,
  }));
  // Saved since the narrative was kept: as saved; else the draft of the form as it scores now (narrative.ts rule 2).
  const savedNarrative = snapshot?.record.narrative !== undefined;
  const narrative = savedNarrative ? readNarrative(evaluation) : outcome.ok ? draftNarrative(narrativeSource(projectText, funds, outcome.result, formLines)) : EMPTY_NARRATIVE;
  return {
    ...base, project: projectText, funds, source: "form", achievementText: evaluation.achievementText, weightReason: evaluation.weightReason ?? "",
    narrative, narrativeDrafted: !savedNarrative,
    lines: formLines,
    input, outcome, review, projected: null,
    figure: evaluationFigure(saved, () => { throw new Error("a saved evaluation has no projection"); }),
    can: permissions(actor, project, review),
  };
}

function fromSnapshot(actor: Actor, project: LoadedProject, snapshot: EvaluationSnapshot, base: Pick<EvaluationView, "status" | "version" | "reviewComment" | "closed">, live: { id: string; unitId: string }): EvaluationView {
  const evaluation = project.selfEvaluation!;
  const { record } = snapshot;
  const review = changesSince(snapshot.basis, basisNow(project, yearEndFunds(project)));
  const saved: SavedFigure = { status: evaluation.status, ...snapshot.summary, savedAt: savedAtOf(evaluation.status, evaluation.approvedAt, evaluation.snapshotAt), review };
  return {
    ...base,
    project: { ...record.project, ...live },
    funds: record.funds,
    source: "snapshot",
    achievementText: record.achievementText,
    narrative: readNarrative(record.narrative),
    narrativeDrafted: false,
    weightReason: record.weightReason,
    lines: record.lines.map((l) => ({ ...l, prefilledFrom: null })),
    input: record.input,
    outcome: { ok: true, result: record.result },
    review,
    projected: null,
    figure: evaluationFigure(saved, () => { throw new Error("a saved evaluation has no projection"); }),
    can: permissions(actor, project, review),
  };
}

/** What the narrative's draft is built from (narrative.ts rule 2). */
function narrativeSource(project: { name: string; unitName: string; year: number }, funds: SnapshotFunds, result: EvaluationResult, lines: NarrativeSource["lines"]): NarrativeSource {
  return { project, funds, result, lines, wan: wan2 };
}
