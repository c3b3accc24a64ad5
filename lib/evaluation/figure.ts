// A project's year-end self-evaluation figure: the one number every screen shows for it (the
// project page, the overview, /evaluations, the exports), and which kind of number it is:
//  - 已审核: the approved snapshot (snapshot.ts), as signed, whatever changed since;
//  - 已提交 / 草稿: the snapshot as the unit last submitted or saved it (a returned one is a 草稿);
//  - 预测: nothing saved yet: the projection (projection.ts) from the same check-ins and spending
//    every screen reads.
// A saved one whose project changed since it was saved carries the changes (需要复核).

import { dateInChina } from "@/lib/calendar";
import { REVIEW_STATUS_LABELS } from "@/lib/review/workflow";
import type { ReviewStatus } from "@/lib/db/generated/enums";
import type { Projection } from "./projection";
import type { Grade } from "./types";

export type FigureKind = "预测" | "草稿" | "已提交" | "已审核";

export const FIGURE_KINDS: Readonly<Record<ReviewStatus, FigureKind>> = { DRAFT: "草稿", RETURNED: "草稿", SUBMITTED: "已提交", APPROVED: "已审核" };

/** A saved self-evaluation as the readers need it (records.ts, service.ts). */
export interface SavedFigure {
  status: ReviewStatus;
  total: string;
  grade: Grade;
  executionRate: string | null;
  overrides: number;
  /** When the shown record was saved, submitted or approved (ISO), or null for one saved before snapshots were kept. */
  savedAt: string | null;
  /** 需要复核: what changed in the project since. */
  review: string[];
}

export interface EvaluationFigure {
  kind: FigureKind;
  status: ReviewStatus | null;
  /** 未填写 / 草稿 / 已退回 / 已提交待审核 / 已审核通过. */
  statusLabel: string;
  total: string;
  grade: Grade;
  executionRate: string | null;
  overrides: number;
  /** How the figure came about, in one sentence (the 需要复核 changes are in `review`). */
  explanation: string;
  review: string[];
  /** The date a 预测 was made for (the figures' as-of date); null for a saved evaluation. */
  asOf: string | null;
}

/** The figure of one project: its saved evaluation when there is one, else its projection (computed only then). */
export function evaluationFigure(saved: SavedFigure | null, projection: () => Pick<Projection, "total" | "grade" | "explanation" | "asOf"> & { executionRate: string | null }): EvaluationFigure {
  if (!saved) {
    const p = projection();
    return { kind: "预测", status: null, statusLabel: "未填写", total: p.total, grade: p.grade, executionRate: p.executionRate, overrides: 0, explanation: `尚未填写自评，按截至 ${p.asOf} 的填报和支出预测：${p.explanation}`, review: [], asOf: p.asOf };
  }
  const kind = FIGURE_KINDS[saved.status];
  const when = saved.savedAt ? `（${dateInChina(new Date(saved.savedAt))}）` : ""; // the day in China, as every date the product shows
  const what = kind === "已审核" ? `审核通过${when}的自评` : kind === "已提交" ? `提交${when}待审核的自评` : `保存${when}的自评草稿`;
  return { kind, status: saved.status, statusLabel: REVIEW_STATUS_LABELS[saved.status], total: saved.total, grade: saved.grade, executionRate: saved.executionRate, overrides: saved.overrides, explanation: `${what}：总分 ${saved.total}，等级“${saved.grade}”`, review: saved.review, asOf: null };
}
