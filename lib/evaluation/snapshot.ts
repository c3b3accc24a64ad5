// The self-evaluation as its author saved it and its reviewer approved it: the scored lines,
// weights, targets, actuals, spending, texts and total exactly as shown, kept as one JSON value on
// SelfEvaluation (docs/decisions/003-approved-records.md). The rules:
//  1. Every save and submit stores the snapshot of what was saved; approval keeps the submitted one,
//     which it may only approve when nothing has changed since (changesSince is empty).
//  2. Whoever cannot edit the evaluation (the reviewer, the leader, an approved one for everybody)
//     reads the snapshot: the list, the screen, the exports and the print page show its numbers, never
//     numbers recomputed from today's targets and spending.
//  3. What the snapshot was scored against (its basis: targets, annual goal, budget and spending) is
//     compared with the project now; every difference is worded as a 需要复核 reason. The numbers are
//     never touched; only a reopen and a new approval replace them.

import { formatWan, formatYuan, toScaled } from "@/lib/money";
import { CATEGORY_LABELS, LEVEL1_LABELS } from "@/lib/targets/categories";
import { sameText } from "@/lib/targets/import/normalise";
import type { Category, Comparator, Level1 } from "@/lib/targets/types";
import type { Narrative } from "./narrative";
import type { EvaluationInput, EvaluationResult, Grade } from "./types";

export interface SnapshotFunds {
  initialBudget: string; // 元
  adjustedBudget: string;
  spent: string;
}

export interface BasisIndicator {
  id: string;
  name: string;
  level1: Level1;
  category: Category;
  target: string; // as shown: "≥ 50 箱", "良好"
}

/** What an evaluation was scored against. */
export interface SnapshotBasis {
  annualGoal: string;
  funds: SnapshotFunds;
  indicators: BasisIndicator[];
}

export interface SnapshotSummary {
  total: string;
  grade: Grade;
  executionRate: string | null;
  /** Lines whose score the evaluator adjusted (含调整). */
  overrides: number;
}

/** One line of the form as shown: the indicator and what the evaluator wrote beside it. */
export interface SnapshotLine extends BasisIndicator {
  comparator: Comparator;
  value: string;
  unit: string;
  weight: string | null;
  qualitative: boolean;
  options: string[];
  deviation: string;
}

export interface SnapshotRecord {
  project: { name: string; unitName: string; departmentName: string; year: number; annualGoal: string };
  funds: SnapshotFunds;
  achievementText: string;
  /** The report's narrative as saved (narrative.ts); absent in snapshots taken before it was kept. */
  narrative?: Narrative;
  weightReason: string;
  lines: SnapshotLine[];
  input: EvaluationInput;
  result: EvaluationResult;
}

export interface EvaluationSnapshot {
  schema: 1;
  takenAt: string; // ISO time
  summary: SnapshotSummary;
  basis: SnapshotBasis;
  record: SnapshotRecord;
}

export function takeSnapshot(record: SnapshotRecord, takenAt: Date): EvaluationSnapshot {
  const { result } = record;
  return {
    schema: 1,
    takenAt: takenAt.toISOString(),
    summary: { total: result.total, grade: result.grade, executionRate: result.executionRate, overrides: result.indicators.filter((l) => l.overridden).length },
    basis: { annualGoal: record.project.annualGoal, funds: record.funds, indicators: record.lines.map(({ id, name, level1, category, target }) => ({ id, name, level1, category, target })) },
    record,
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The stored JSON as a snapshot, or null (none yet, or one this version cannot read). */
export function readSnapshot(value: unknown): EvaluationSnapshot | null {
  if (!isObject(value) || value.schema !== 1 || !isObject(value.summary) || !isObject(value.basis) || !isObject(value.record)) return null;
  return value as unknown as EvaluationSnapshot;
}

/** Old and new amount in 万元 as the form shows them, or in 元 when that display would hide the change. */
function amounts(was: string, now: string): [string, string] {
  const [a, b] = [formatWan(was), formatWan(now)];
  return a !== b ? [`${a} 万元`, `${b} 万元`] : [`${formatYuan(was)} 元`, `${formatYuan(now)} 元`];
}
const quoted = (name: string) => `「${name}」`;

/** Every difference between what a snapshot was scored against and the project now, worded for the 需要复核 note (rule 3). */
export function changesSince(was: SnapshotBasis, now: SnapshotBasis): string[] {
  const changes: string[] = [];
  const funds: [keyof SnapshotFunds, string][] = [["initialBudget", "年初预算数"], ["adjustedBudget", "全年预算数（调整后）"], ["spent", "全年执行数"]];
  for (const [key, label] of funds) {
    if (toScaled(was.funds[key], 2) === toScaled(now.funds[key], 2)) continue;
    const [from, to] = amounts(was.funds[key], now.funds[key]);
    changes.push(`${label}由 ${from} 变为 ${to}`);
  }
  if (!sameText(was.annualGoal, now.annualGoal)) changes.push("年度绩效目标（预期目标）的文字有修改");
  const current = new Map(now.indicators.map((i) => [i.id, i]));
  const before = new Set(was.indicators.map((i) => i.id));
  for (const old of was.indicators) {
    const i = current.get(old.id);
    if (!i) {
      changes.push(`删除了指标${quoted(old.name)}（${old.target}）`);
      continue;
    }
    if (i.name !== old.name) changes.push(`指标${quoted(old.name)}改名为${quoted(i.name)}`);
    if (i.level1 !== old.level1 || i.category !== old.category) changes.push(`指标${quoted(i.name)}由${LEVEL1_LABELS[old.level1]}·${CATEGORY_LABELS[old.category]}调整为${LEVEL1_LABELS[i.level1]}·${CATEGORY_LABELS[i.category]}`);
    if (i.target !== old.target) changes.push(`指标${quoted(i.name)}的年度指标值由“${old.target}”改为“${i.target}”`);
  }
  for (const i of now.indicators) if (!before.has(i.id)) changes.push(`新增了指标${quoted(i.name)}（${i.target}）`);
  return changes;
}
