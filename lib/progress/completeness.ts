// Completeness of a month before it is submitted or approved. A month is complete when every
// indicator of the unit has an actual for the month, and every check-in whose status calls for an
// explanation (status rule 11: 滞后, 有风险, or a likelihood below 确定能) has both a deviation cause and
// a corrective action. An incomplete month may still be submitted — with a reason the reviewer reads —
// and approved, once the reviewer confirms it; both are recorded in the month's history.

import { AppError } from "@/lib/errors";

export interface MissingItem { indicatorId: string; projectName: string; name: string }

export interface Completeness {
  /** Indicators with an actual for the month. */
  filled: number;
  /** All of the unit's indicators. */
  expected: number;
  /** Indicators without an actual for the month. */
  unfilled: MissingItem[];
  /** Check-ins that need a deviation cause and a corrective action and lack one. */
  unexplained: MissingItem[];
}

interface Row {
  indicatorId: string;
  projectName: string;
  name: string;
  current: { actual: string; deviationCause: string; correctiveAction: string } | null;
  needsExplanation: boolean;
}

export function monthCompleteness(rows: Row[]): Completeness {
  const item = (r: Row): MissingItem => ({ indicatorId: r.indicatorId, projectName: r.projectName, name: r.name });
  const unfilled = rows.filter((r) => !r.current?.actual).map(item);
  return {
    filled: rows.length - unfilled.length,
    expected: rows.length,
    unfilled,
    unexplained: rows.filter((r) => r.current && r.needsExplanation && (!r.current.deviationCause || !r.current.correctiveAction)).map(item),
  };
}

export const isComplete = (c: Completeness): boolean => c.unfilled.length === 0 && c.unexplained.length === 0;

/** "已填 14/48，34 项未填实际完成值，2 项滞后未说明偏差原因和纠偏措施". */
export function completenessText(c: Pick<Completeness, "filled" | "expected"> & { unfilled: unknown[]; unexplained: unknown[] }): string {
  const parts = [`已填 ${c.filled}/${c.expected}`];
  if (c.unfilled.length > 0) parts.push(`${c.unfilled.length} 项未填实际完成值`);
  if (c.unexplained.length > 0) parts.push(`${c.unexplained.length} 项需说明偏差原因和纠偏措施而未填`);
  return parts.join("，");
}

const MIN_REASON = 2;
const MAX_REASON = 1000;

/**
 * The reporter's reason for submitting an incomplete month: required then (at least two characters),
 * refused with the list of what is missing; null for a complete month.
 */
export function submissionReason(c: Completeness, reason: string | null | undefined): string | null {
  const text = (reason ?? "").trim();
  if (text.length > MAX_REASON) throw new AppError("VALIDATION", `原因不能超过 ${MAX_REASON} 字。`, { reason: `原因不能超过 ${MAX_REASON} 字` });
  if (isComplete(c)) return text || null;
  if (text.length < MIN_REASON) {
    throw new AppError("VALIDATION", `本月填报不完整（${completenessText(c)}）。如确需现在提交，请说明原因。`, { reason: "请说明未填完就提交的原因，审核人会看到" });
  }
  return text;
}

/** Approving an incomplete month needs the reviewer's explicit confirmation. */
export function assertApprovalConfirmed(c: Completeness, confirmed: boolean): void {
  if (!isComplete(c) && !confirmed) {
    throw new AppError("VALIDATION", `本月填报不完整（${completenessText(c)}）。如仍要审核通过，请勾选确认。`, { confirm: "请确认已知悉填报不完整" });
  }
}
