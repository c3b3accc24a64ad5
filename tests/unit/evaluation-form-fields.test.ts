import { describe, expect, it } from "vitest";
import { evaluationFormSchema, fieldErrorsOf, formPath } from "@/lib/evaluation/form-fields";
import { inputFromLines, type EvaluationIndicator, type SavedLine } from "@/lib/evaluation/prefill";
import { scoreEvaluation } from "@/lib/evaluation/score";

describe("formPath", () => {
  it.each([
    ["indicators[2].weight", "lines.2.weight"],
    ["indicators[0].actual", "lines.0.actual"],
    ["indicators[11].bandPercent", "lines.11.bandPercent"],
    ["indicators[3].override.score", "lines.3.overrideScore"],
    ["indicators[3].override.reason", "lines.3.overrideReason"],
    ["indicators[4]", "lines.4"],
    ["indicators", "weights"],
    ["weightReason", "weightReason"],
    ["groupWeights", "groupWeights"],
  ])("%s → %s", (engine, field) => {
    expect(formPath(engine)).toBe(field);
  });
});

// Two output indicators of 25 points each: the default weights (产出 50 shared evenly), so no
// weight reason is needed and the only error is the one under test.
const INDICATORS: EvaluationIndicator[] = [
  { id: "a", level1: "产出", category: "数量", name: "购买打印纸", comparator: ">=", value: "50", unit: "箱", weight: null },
  { id: "b", level1: "产出", category: "时效", name: "按时完成", comparator: ">=", value: "100", unit: "%", weight: null },
];
const line = (patch: Partial<SavedLine> = {}): SavedLine => ({ weight: "25", actual: "50", band: null, bandPercent: null, overrideScore: null, overrideReason: null, ...patch });
const funds = { adjustedBudget: "100000.00", spent: "90000.00" };
const errorsOf = (lines: [SavedLine, SavedLine]) => fieldErrorsOf(scoreEvaluation(inputFromLines(funds, INDICATORS, new Map([["a", lines[0]], ["b", lines[1]]]), null)));

describe("fieldErrorsOf: the engine's errors as the form shows them, in the browser and on the server alike", () => {
  it("puts 调整得分必须说明理由 beside the line's reason field while typing", () => {
    const errors = errorsOf([line(), line({ actual: "100", overrideScore: "20", overrideReason: "" })]);
    expect(Object.keys(errors)).toEqual(["lines.1.overrideReason"]);
    expect(errors["lines.1.overrideReason"]).toContain("调整得分必须说明理由");
  });

  it("clears it once the reason is written", () => {
    expect(errorsOf([line(), line({ actual: "100", overrideScore: "20", overrideReason: "目标设定偏低，按实际效果调整" })])).toEqual({});
  });

  it("puts a weight that does not add up on the group's weights", () => {
    const errors = errorsOf([line({ weight: "30" }), line({ actual: "100" })]);
    expect(Object.keys(errors)).toContain("weights");
  });

  it("maps every engine path to a field the posted form has", () => {
    const fields = Object.keys(evaluationFormSchema.shape.lines.element.shape);
    expect(fields).toEqual(expect.arrayContaining(["weight", "actual", "band", "bandPercent", "overrideScore", "overrideReason"]));
    for (const engine of ["weight", "actual", "band", "bandPercent", "override.score", "override.reason"]) {
      expect(fields).toContain(formPath(`indicators[0].${engine}`).replace(/^lines\.0\./, ""));
    }
  });
});
