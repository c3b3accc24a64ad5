// The on-screen self-evaluation form (components/evaluation-form.tsx): the fields the evaluator
// posts, the zod schema the server validates them with, and the field each of the scoring engine's
// errors belongs to. The browser scores every keystroke with the same engine and shows its errors
// through the same formPath, so an error appears beside the same field while typing and after saving.

import { z } from "zod";
import { MAX_NARRATIVE, NARRATIVE_KEYS, NARRATIVE_SECTIONS, type NarrativeKey } from "./narrative";
import type { EvaluationOutcome } from "./types";

const text = (max: number, label: string) => z.string().max(max, `${label}不能超过 ${max} 字`).default("");
export const evaluationFormSchema = z.object({
  version: z.coerce.number().int().min(0),
  achievementText: text(4000, "实际完成情况"),
  weightReason: text(1000, "分值调整理由"),
  /** The report's narrative: a key left out keeps what is saved (or the draft); "" clears it (narrative.ts). */
  narrative: z.object(Object.fromEntries(NARRATIVE_KEYS.map((k) => [k, z.string().max(MAX_NARRATIVE, `${NARRATIVE_SECTIONS[k].title}不能超过 ${MAX_NARRATIVE} 字`).optional()])) as Record<NarrativeKey, z.ZodOptional<z.ZodString>>).optional(),
  lines: z.array(
    z.object({
      indicatorId: z.string(),
      weight: z.string().trim().min(1, "请填写分值"),
      actual: text(200, "实际完成值"),
      band: z.enum(["", "达成", "部分达成", "未达成"]).default(""),
      bandPercent: text(10, "得分比例"),
      overrideScore: text(10, "调整后得分"),
      overrideReason: text(1000, "调整理由"),
      deviation: text(2000, "偏差原因分析及改进措施"),
    }),
  ).max(500),
});
export type EvaluationFormValues = z.input<typeof evaluationFormSchema>;

/**
 * The form field an engine error path belongs to: "indicators[2].weight" → "lines.2.weight",
 * "indicators[2].override.score" / ".override.reason" → "lines.2.overrideScore" / "lines.2.overrideReason",
 * "indicators[2]" → "lines.2", "indicators" (a group's weights do not add up) → "weights"; other paths
 * (weightReason, groupWeights) are the field's own name.
 */
export function formPath(enginePath: string): string {
  return enginePath
    .replace(/^indicators\[(\d+)\]\.?/, "lines.$1.")
    .replace(/\.override\.score$/, ".overrideScore")
    .replace(/\.override\.reason$/, ".overrideReason")
    .replace(/\.$/, "")
    .replace(/^indicators$/, "weights");
}

/** The engine's errors by form field, the first one of each field; "form" for an error of no field. */
export function fieldErrorsOf(outcome: EvaluationOutcome): Record<string, string> {
  if (outcome.ok) return {};
  const fields: Record<string, string> = {};
  for (const e of outcome.errors) fields[formPath(e.path) || "form"] ??= e.message;
  return fields;
}
