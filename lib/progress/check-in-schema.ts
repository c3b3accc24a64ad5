import { z } from "zod";

export const LIKELIHOOD_LABELS = { CERTAIN: "确定能", POSSIBLE: "有可能", IMPOSSIBLE: "完全不可能" } as const;
export const DEVIATION_CAUSE_LABELS = { FUNDING: "经费保障", RULES: "制度保障", STAFFING: "人员保障", EQUIPMENT: "硬件条件保障", OTHER: "其他" } as const;

const optionalText = (max: number, label: string) =>
  z.string().trim().max(max, `${label}不能超过 ${max} 字`).optional().transform((v) => (v ? v : undefined));

/**
 * The shape of one check-in, shared by the grid (zodResolver) and the Server Action. What depends
 * on the indicator (number or scale value, % range, explanation required) is checked by
 * validateCheckIn, which runs on both sides too.
 */
export const checkInSchema = z.object({
  indicatorId: z.string().uuid("指标不存在"),
  actual: z.string().trim().min(1, "请填写实际完成值").max(100, "实际完成值过长"),
  forecast: optionalText(100, "全年预计完成值"),
  likelihood: z.enum(["CERTAIN", "POSSIBLE", "IMPOSSIBLE"], { message: "请选择完成目标可能性" }),
  deviationCause: z.enum(["FUNDING", "RULES", "STAFFING", "EQUIPMENT", "OTHER"]).optional().or(z.literal("").transform(() => undefined)),
  correctiveAction: optionalText(1000, "纠偏措施"),
  note: optionalText(1000, "备注"),
  /** The version the editor saw, when changing an existing check-in (optimistic concurrency). */
  version: z.coerce.number().int().positive().optional(),
});
export type CheckInInput = z.input<typeof checkInSchema>;
export type CheckInData = z.output<typeof checkInSchema>;
