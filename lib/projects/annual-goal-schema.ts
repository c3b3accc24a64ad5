import { z } from "zod";

/** Shared by the form (zodResolver) and the Server Action: one schema validates both sides. */
export const annualGoalSchema = z.object({
  annualGoal: z.string().trim().min(4, "年度绩效目标至少 4 个字").max(2000, "年度绩效目标不能超过 2000 字"),
});
export type AnnualGoalInput = z.infer<typeof annualGoalSchema>;
