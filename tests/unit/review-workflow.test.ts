import { describe, expect, it } from "vitest";
import type { ReviewStatus } from "@/lib/db/generated/enums";
import { editable, nextStatus, REVIEW_STATUS_LABELS, REVIEW_STEP_LABELS, stepTo, type ReviewStep } from "@/lib/review/workflow";

const STATES: (ReviewStatus | null)[] = [null, "DRAFT", "SUBMITTED", "RETURNED", "APPROVED"];
const STEPS: ReviewStep[] = ["SUBMIT", "APPROVE", "RETURN", "REOPEN"];

// Every (step × state), written out by hand: the workflow's whole table.
const EXPECTED: Record<ReviewStep, Record<string, ReviewStatus | null>> = {
  SUBMIT: { null: "SUBMITTED", DRAFT: "SUBMITTED", SUBMITTED: null, RETURNED: "SUBMITTED", APPROVED: null },
  APPROVE: { null: null, DRAFT: null, SUBMITTED: "APPROVED", RETURNED: null, APPROVED: null },
  RETURN: { null: null, DRAFT: null, SUBMITTED: "RETURNED", RETURNED: null, APPROVED: null },
  REOPEN: { null: null, DRAFT: null, SUBMITTED: null, RETURNED: null, APPROVED: "RETURNED" },
};

describe("the review workflow", () => {
  it.each(STEPS.flatMap((step) => STATES.map((state) => [step, state] as const)))("%s from %s", (step, state) => {
    expect(nextStatus(step, state)).toBe(EXPECTED[step][String(state)]);
  });

  it("refuses a step that is not open with the record's state in Chinese", () => {
    expect(() => stepTo("APPROVE", "APPROVED", "该月度填报")).toThrow("该月度填报当前为“已审核通过”，不能执行此操作。");
    expect(() => stepTo("REOPEN", null, "该绩效自评")).toThrow("该绩效自评当前为“未填写”，不能执行此操作。");
    try {
      stepTo("RETURN", "DRAFT", "该绩效自评");
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code: "CONFLICT", message: "该绩效自评当前为“草稿”，不能执行此操作。" });
    }
    expect(stepTo("SUBMIT", "RETURNED", "该月度填报")).toBe("SUBMITTED");
  });

  it("accepts changes only as a draft or returned (or not saved yet)", () => {
    expect(STATES.filter(editable)).toEqual([null, "DRAFT", "RETURNED"]);
  });

  it("labels every state and step in Chinese", () => {
    expect(REVIEW_STATUS_LABELS).toEqual({ DRAFT: "草稿", SUBMITTED: "已提交待审核", RETURNED: "已退回", APPROVED: "已审核通过" });
    expect(REVIEW_STEP_LABELS).toEqual({ SUBMIT: "提交审核", RETURN: "退回修改", APPROVE: "审核通过", REOPEN: "重新打开" });
  });
});
