import { z } from "zod";

/** The import form's fields, checked in the browser and again by the route handler. */
export const importFormSchema = z.object({
  mode: z.enum(["preview", "commit"]),
  departmentCode: z.string().trim().regex(/^\d{3,12}$/, "部门代码应为 3–12 位数字，如 309"),
  departmentName: z.string().trim().max(100, "部门名称不能超过 100 字").default(""),
  // Empty: the year the file names, else the department's current year (resolveImportYear).
  year: z.preprocess(
    (v) => (v === "" || v === null || v === undefined ? undefined : v),
    z.coerce.number({ message: "预算年度应为数字" }).int("预算年度应为整数").min(2000, "预算年度应在 2000–2100 之间").max(2100, "预算年度应在 2000–2100 之间").optional(),
  ),
  /** The words the admin confirmed the plan's deletions with ("确认删除 21 个指标"). */
  confirmDeletions: z.string().max(100).default(""),
  layout: z.enum(["auto", "table12", "per-project"]).default("auto"),
  text: z.string().max(10 * 1024 * 1024, "粘贴的文字过长（上限 10 MB）").default(""),
});
export type ImportForm = z.infer<typeof importFormSchema>;
export type ImportFormInput = z.input<typeof importFormSchema>;
