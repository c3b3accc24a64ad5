import { z } from "zod";

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** 元 to the fen: at most two decimals, no thousands separators needed (they are stripped). */
const MONEY = /^\d{1,13}(\.\d{1,2})?$/;

/** Full-width digits and separators typed on Chinese keyboards are read as ASCII; one message per fault. */
const money = (label: string) =>
  z
    .string()
    .transform((v) => v.normalize("NFKC").replaceAll(",", "").replace(/\s/g, ""))
    .superRefine((v, ctx) => {
      const message = v === "" ? `请填写${label}` : /^\d+\.\d{3,}$/.test(v) ? `${label}最多两位小数（精确到分）` : MONEY.test(v) ? null : `${label}应为正数，单位为元，例如 12800.50`;
      if (message) ctx.addIssue({ code: "custom", message });
    });

/** One schema for the expenditure form and the Server Action. */
export const expenditureSchema = z.object({
  date: z.string().regex(DATE, "请选择支出日期"),
  amount: money("金额"),
  payee: z.string().trim().min(1, "请填写收款方或用途").max(200, "不能超过 200 字"),
  description: z.string().trim().max(500, "不能超过 500 字").default(""),
  voucherNo: z.string().trim().max(50, "凭证号不能超过 50 个字符").default(""),
  economicClass: z.string().trim().max(60, "经济分类不能超过 60 个字符").default(""),
  /** Set after the user has seen and accepted the warnings (overspending, a 万元-looking amount). */
  confirmed: z.coerce.boolean().default(false),
});
export type ExpenditureInput = z.input<typeof expenditureSchema>;

export const adjustmentSchema = z.object({
  date: z.string().regex(DATE, "请选择调整日期"),
  amount: z
    .string()
    .trim()
    .transform((v) => v.normalize("NFKC").replaceAll(",", "").replace(/\s/g, ""))
    .refine((v) => /^[+-]?\d{1,13}(\.\d{1,2})?$/.test(v) && Number(v) !== 0, "调整金额应为非零数字（元，追加为正、调减为负），最多两位小数"),
  reason: z.string().trim().min(2, "请填写调整原因").max(500, "不能超过 500 字"),
  approvedBy: z.string().trim().min(2, "请填写批准文件或批准人").max(200, "不能超过 200 字"),
});
export type AdjustmentInput = z.input<typeof adjustmentSchema>;
