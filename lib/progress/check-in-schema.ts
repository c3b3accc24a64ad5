import { z } from "zod";

export const LIKELIHOOD_LABELS = { CERTAIN: "确定能", POSSIBLE: "有可能", IMPOSSIBLE: "完全不可能" } as const;
export const DEVIATION_CAUSE_LABELS = { FUNDING: "经费保障", RULES: "制度保障", STAFFING: "人员保障", EQUIPMENT: "硬件条件保障", OTHER: "其他" } as const;
export type Likelihood = keyof typeof LIKELIHOOD_LABELS;
export type DeviationCause = keyof typeof DEVIATION_CAUSE_LABELS;

// Clearing is an edit: each field of a row is a value (set it), null or "" (clear it), or absent
// (leave the saved value as it is). So a client can send only what changed, and an emptied cell of
// the grid or the template clears what was saved.
const blankToNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);
// What an .xlsx cannot hold (the monthly template must carry every saved value back unchanged).
export const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;
const clearableText = (max: number, label: string) =>
  z.preprocess(
    blankToNull,
    z
      .string({ message: `${label}应为文字` })
      .trim()
      .max(max, `${label}不能超过 ${max} 字`)
      .refine((v) => !CONTROL.test(v), `${label}含有无法保存的控制字符，请删除后重试`)
      .transform((v) => v.replace(/\r\n?/g, "\n"))
      .nullable()
      .optional(),
  );
const clearableChoice = <T extends string>(values: readonly [T, ...T[]], message: string) =>
  z.preprocess(blankToNull, z.enum(values, { message }).nullable().optional());

/**
 * One row of check-in changes, shared by the grid, the Excel template and the JSON API
 * (POST /api/check-ins). What depends on the indicator (number or scale value, % range, explanation
 * required) is checked on the row merged with what was saved, by validateCheckIn.
 */
export const checkInSchema = z.object({
  indicatorId: z.string().uuid("指标不存在"),
  actual: clearableText(100, "实际完成值"),
  forecast: clearableText(100, "全年预计完成值"),
  likelihood: clearableChoice(["CERTAIN", "POSSIBLE", "IMPOSSIBLE"], "完成目标可能性只能是 确定能、有可能、完全不可能"),
  deviationCause: clearableChoice(["FUNDING", "RULES", "STAFFING", "EQUIPMENT", "OTHER"], "偏差原因只能是 经费保障、制度保障、人员保障、硬件条件保障、其他"),
  correctiveAction: clearableText(1000, "纠偏措施"),
  note: clearableText(1000, "备注"),
  /** The version the editor saw, when changing an existing check-in (optimistic concurrency). */
  version: z.preprocess((v) => (v === null ? undefined : v), z.coerce.number({ message: "版本号应为正整数" }).int("版本号应为正整数").positive("版本号应为正整数").optional()),
});
export type CheckInInput = z.input<typeof checkInSchema>;
export type CheckInData = z.output<typeof checkInSchema>;

/** The fields a check-in holds, as text (null = empty); what a row is merged into and what is validated. */
export const CHECK_IN_FIELDS = ["actual", "forecast", "likelihood", "deviationCause", "correctiveAction", "note"] as const;
export type CheckInField = (typeof CHECK_IN_FIELDS)[number];
export interface CheckInValues {
  actual: string | null;
  forecast: string | null;
  likelihood: Likelihood | null;
  deviationCause: DeviationCause | null;
  correctiveAction: string | null;
  note: string | null;
}
export const FIELD_LABELS: Record<CheckInField, string> = { actual: "实际完成值", forecast: "全年预计完成值", likelihood: "完成目标可能性", deviationCause: "偏差原因", correctiveAction: "纠偏措施", note: "备注" };

/** A row applied to what was saved: absent fields keep their saved value, null clears. */
export function mergeCheckIn(saved: CheckInValues | null, row: CheckInData): CheckInValues {
  const pick = <K extends CheckInField>(key: K): CheckInValues[K] => (row[key] === undefined ? (saved?.[key] ?? null) : (row[key] as CheckInValues[K]));
  return { actual: pick("actual"), forecast: pick("forecast"), likelihood: pick("likelihood"), deviationCause: pick("deviationCause"), correctiveAction: pick("correctiveAction"), note: pick("note") };
}

export const isEmptyCheckIn = (values: CheckInValues): boolean => CHECK_IN_FIELDS.every((f) => values[f] === null);
