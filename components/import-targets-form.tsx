"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { ImportPlan } from "@/lib/targets/department-import";
import { importFormSchema, type ImportForm, type ImportFormInput } from "@/lib/targets/import-request";
import { ImportPlanView } from "./import-plan-view";

type Response = { plan: ImportPlan; committed: boolean; format: string | null; layout: string | null };
const input = "w-full rounded-md border border-slate-300 px-3 py-2 outline-none focus:border-brand-600 focus:ring-2 focus:ring-brand-100";

/**
 * The import form: preview first, then commit exactly what was previewed. The year is left empty to
 * take the file's (else the department's current one); a plan that deletes anything needs its
 * deletions confirmed in words that carry the counts (lib/targets/import/guard.ts).
 */
export function ImportTargetsForm({ departments }: { departments: { code: string; name: string; currentYear: number | null }[] }) {
  const form = useForm<ImportFormInput, unknown, ImportForm>({
    resolver: zodResolver(importFormSchema),
    defaultValues: { mode: "preview", departmentCode: departments[0]?.code ?? "", departmentName: "", year: "", layout: "auto", text: "", confirmDeletions: "" },
  });
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<Response | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { errors, isSubmitting } = form.formState;
  const departmentCode = useWatch({ control: form.control, name: "departmentCode" });
  const department = departments.find((d) => d.code === departmentCode);
  const isNewDepartment = !department;
  const confirmation = result?.committed ? null : (result?.plan.deletions.confirmation ?? null);

  const send = (mode: ImportForm["mode"]) =>
    form.handleSubmit(async (values) => {
      setError(null);
      if (!file && !values.text.trim()) {
        setError("请选择文件或粘贴表格内容。");
        return;
      }
      const body = new FormData();
      const confirmDeletions = mode === "commit" && confirmed ? (confirmation ?? "") : "";
      for (const [key, value] of Object.entries({ ...values, mode, confirmDeletions })) body.set(key, value === undefined ? "" : String(value));
      if (file) body.set("file", file);
      const response = await fetch("/api/targets/import", { method: "POST", body });
      const json = (await response.json().catch(() => ({ message: "服务器没有返回有效结果。" }))) as Response & { message?: string; fieldErrors?: Record<string, string> };
      if (!response.ok) {
        for (const [field, message] of Object.entries(json.fieldErrors ?? {})) if (field in values) form.setError(field as keyof ImportFormInput, { message });
        setError(json.message ?? "导入失败。");
        // A refused file or commit leaves no plan on the screen to be mistaken for this one.
        setResult(null);
        setConfirmed(false);
        return;
      }
      setResult(json);
      setConfirmed(false);
      // A department or year the commit created is known to the form from now on.
      if (json.committed) router.refresh();
    })();

  return (
    <div className="space-y-6">
      <form onSubmit={(e) => { e.preventDefault(); void send("preview"); }} noValidate className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
        <div className="grid gap-4 sm:grid-cols-4">
          <div>
            <label htmlFor="departmentCode" className="mb-1 block text-sm font-medium">部门代码</label>
            <input id="departmentCode" list="departments" className={input} aria-invalid={!!errors.departmentCode} {...form.register("departmentCode")} />
            <datalist id="departments">{departments.map((d) => <option key={d.code} value={d.code}>{d.name}</option>)}</datalist>
            {errors.departmentCode && <p className="mt-1 text-sm text-red-600">{errors.departmentCode.message}</p>}
          </div>
          <div className="sm:col-span-2">
            <label htmlFor="departmentName" className="mb-1 block text-sm font-medium">部门名称{isNewDepartment ? "（新部门，必填）" : ""}</label>
            <input id="departmentName" className={input} disabled={!isNewDepartment} placeholder={isNewDepartment ? "如 柳州市大数据发展局" : departments.find((d) => d.code === departmentCode)?.name} {...form.register("departmentName")} />
            {errors.departmentName && <p className="mt-1 text-sm text-red-600">{errors.departmentName.message}</p>}
          </div>
          <div>
            <label htmlFor="year" className="mb-1 block text-sm font-medium">预算年度（可不填）</label>
            <input id="year" inputMode="numeric" className={input} aria-invalid={!!errors.year} aria-describedby="year-hint" placeholder={`按文件${department?.currentYear ? `，未标明时为 ${department.currentYear}` : ""}`} {...form.register("year")} />
            <p id="year-hint" className="mt-1 text-xs text-slate-600">不填时按文件标明的年度；文件未标明时为本部门当前年度{department?.currentYear ? `（${department.currentYear}）` : ""}。</p>
            {errors.year && <p className="mt-1 text-sm text-red-600">{errors.year.message}</p>}
          </div>
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <div>
            <label htmlFor="layout" className="mb-1 block text-sm font-medium">表格格式</label>
            <select id="layout" className={input} {...form.register("layout")}>
              <option value="auto">自动识别</option>
              <option value="table12">项目绩效目标公开表（表12）</option>
              <option value="per-project">项目支出绩效目标表（逐项目）</option>
            </select>
          </div>
          <div>
            <label htmlFor="file" className="mb-1 block text-sm font-medium">文件（.xlsx / .csv / .txt，不超过 10 MB）</label>
            <input id="file" type="file" accept=".xlsx,.csv,.txt,.tsv" className="block w-full text-sm" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
          </div>
        </div>
        <div>
          <label htmlFor="text" className="mb-1 block text-sm font-medium">或粘贴表格内容（从 PDF 或 Excel 复制）</label>
          <textarea id="text" rows={5} className={`${input} font-mono text-xs`} {...form.register("text")} />
          {errors.text && <p className="mt-1 text-sm text-red-600">{errors.text.message}</p>}
        </div>
        {error && <p id="import-error" role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">{error}</p>}
        {confirmation && result?.plan.canCommit && (
          <label className="flex items-start gap-2 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm font-medium text-red-900">
            <input id="confirm-deletions" type="checkbox" className="mt-0.5" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
            <span>{confirmation}（名单见下方预览）</span>
          </label>
        )}
        <div className="flex flex-wrap gap-3">
          <button type="submit" disabled={isSubmitting} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50">
            {isSubmitting ? "正在处理……" : "预览"}
          </button>
          <button type="button" disabled={isSubmitting || !result?.plan.canCommit || !result.plan.hasChanges || result.committed || (!!confirmation && !confirmed)} onClick={() => void send("commit")} className={`rounded-md border px-4 py-2 text-sm font-medium disabled:opacity-40 ${confirmation ? "border-red-700 text-red-800 hover:bg-red-50" : "border-green-700 text-green-800 hover:bg-green-50"}`}>
            {confirmation ? `${confirmation}并导入` : "确认导入"}
          </button>
        </div>
      </form>
      {result && <ImportPlanView plan={result.plan} committed={result.committed} />}
    </div>
  );
}
