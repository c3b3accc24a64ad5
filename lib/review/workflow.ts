// The review workflow (提交 / 审核 / 退回) shared by a unit's monthly report (lib/progress/reports.ts)
// and a project's self-evaluation (lib/evaluation/service.ts). The states and steps:
//  1. A record starts as a draft (草稿); a record not yet saved counts as one.
//  2. 提交审核 (SUBMIT): a draft or a returned record becomes submitted (已提交待审核).
//  3. 审核通过 (APPROVE) or 退回修改 (RETURN, with a comment): only a submitted record.
//  4. 重新打开 (REOPEN, with a reason): only an approved record; it becomes returned, so it is
//     edited and submitted again and stays signed as approved until the next approval.
//  5. A record accepts changes only while it is a draft or returned; submitted and approved ones are
//     locked.
// Who may take each step (the unit's reporter, its reviewer, the 系统管理员) is a permission rule,
// not part of the workflow: the callers check it. Each step is also what the record's history and
// the audit trail name.

import type { ReportAction, ReviewStatus } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors";

export type ReviewStep = ReportAction;

export const REVIEW_STATUS_LABELS: Readonly<Record<ReviewStatus, string>> = { DRAFT: "草稿", SUBMITTED: "已提交待审核", RETURNED: "已退回", APPROVED: "已审核通过" };
export const REVIEW_STEP_LABELS: Readonly<Record<ReviewStep, string>> = { SUBMIT: "提交审核", RETURN: "退回修改", APPROVE: "审核通过", REOPEN: "重新打开" };

/** Rules 2–4: the states each step starts from (null: not saved yet) and the state it leads to. */
export const REVIEW_TRANSITIONS: Readonly<Record<ReviewStep, { from: readonly (ReviewStatus | null)[]; to: ReviewStatus }>> = {
  SUBMIT: { from: [null, "DRAFT", "RETURNED"], to: "SUBMITTED" },
  APPROVE: { from: ["SUBMITTED"], to: "APPROVED" },
  RETURN: { from: ["SUBMITTED"], to: "RETURNED" },
  REOPEN: { from: ["APPROVED"], to: "RETURNED" },
};

/** Rule 5: whether a record in this state (null: not saved yet) accepts changes. */
export const EDITABLE_STATES: readonly (ReviewStatus | null)[] = [null, "DRAFT", "RETURNED"];
export const editable = (status: ReviewStatus | null): boolean => EDITABLE_STATES.includes(status);

/** The state a step leads to from `status`, or null when the step is not open from it. */
export function nextStatus(step: ReviewStep, status: ReviewStatus | null): ReviewStatus | null {
  const rule = REVIEW_TRANSITIONS[step];
  return rule.from.includes(status) ? rule.to : null;
}

/**
 * The state a step leads to, or CONFLICT naming the record's state: "该月度填报当前为“已审核通过”，
 * 不能执行此操作。" `record` names what is reviewed (该月度填报, 该绩效自评).
 */
export function stepTo(step: ReviewStep, status: ReviewStatus | null, record: string): ReviewStatus {
  const to = nextStatus(step, status);
  if (to === null) throw new AppError("CONFLICT", `${record}当前为“${status ? REVIEW_STATUS_LABELS[status] : "未填写"}”，不能执行此操作。`);
  return to;
}
