import { z } from "zod";
import { isDecimal } from "@/lib/decimal";
import { CATEGORIES } from "./categories";
import type { Category, Comparator } from "./types";

export const COMPARATOR_OPTIONS: readonly { value: Comparator; label: string }[] = [
  { value: ">=", label: "≥ 不少于" },
  { value: "<=", label: "≤ 不超过" },
  { value: "=", label: "= 等于" },
  { value: ">", label: "> 大于" },
  { value: "<", label: "< 小于" },
  { value: "qualitative", label: "定性（是、良好、优…）" },
];

/** Full-width digits and signs (５０、．) typed on Chinese keyboards read as ASCII. */
export function normaliseNumber(value: string): string {
  return value.normalize("NFKC").replace(/[,\s]/g, "");
}

/** One schema for the indicator form (zodResolver) and the Server Action: both sides validate alike. */
export const indicatorSchema = z
  .object({
    category: z.enum(CATEGORIES as unknown as [Category, ...Category[]], { message: "请选择二级指标" }),
    name: z.string().trim().min(1, "请填写三级指标名称").max(200, "指标名称不能超过 200 字"),
    comparator: z.enum(COMPARATOR_OPTIONS.map((o) => o.value) as [Comparator, ...Comparator[]], { message: "请选择比较符" }),
    value: z.string().trim().min(1, "请填写指标值").max(100, "指标值不能超过 100 字"),
    unit: z.string().trim().max(20, "计量单位不能超过 20 字"),
    /** Required once the year's targets are approved (预算调整/目标调整). */
    reason: z.string().trim().max(500, "原因不能超过 500 字").optional(),
  })
  .superRefine((v, ctx) => {
    if (v.comparator === "qualitative") {
      if (isDecimal(normaliseNumber(v.value))) {
        ctx.addIssue({ code: "custom", path: ["value"], message: "定性指标的指标值应为文字（如 是、良好）；数值目标请选择 ≥、≤ 或 = 等比较符" });
      }
      return;
    }
    const number = normaliseNumber(v.value);
    if (!isDecimal(number)) {
      ctx.addIssue({ code: "custom", path: ["value"], message: "定量指标的指标值必须是数字，例如 50 或 2.1587（单位请填在“计量单位”中）" });
      return;
    }
    const [whole = "", frac = ""] = number.replace(/^[+-]/, "").split(".");
    if (number.startsWith("-")) ctx.addIssue({ code: "custom", path: ["value"], message: "指标值不能为负数" });
    if (whole.length > 16 || frac.length > 8) ctx.addIssue({ code: "custom", path: ["value"], message: "指标值最多 16 位整数、8 位小数" });
  });

export type IndicatorInput = z.infer<typeof indicatorSchema>;
