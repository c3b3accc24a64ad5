"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { ImportPlan } from "@/lib/targets/department-import";
import type { TargetsMapping } from "@/lib/targets/import/mapping";
import type { GridSample, ImportParse } from "@/lib/targets/import/shared";
import { importFormSchema, type ImportForm, type ImportFormInput } from "@/lib/targets/import-request";
import { ColumnMapping } from "./column-mapping";
import { keepFocus } from "./focus";
import { describedBy, FieldError, FormOutcome, hintId, problemsOf, type Outcome } from "./form-field";
import { ImportPlanView } from "./import-plan-view";

type Mappable = { sample: GridSample; suggested: TargetsMapping | null; mapping: ImportParse["mapping"] };
type Response = { plan: ImportPlan; committed: boolean; format: string | null; layout: string | null; mapping: ImportParse["mapping"]; mappable: Mappable | null };
type MappingView = { sample: GridSample; initial: TargetsMapping | null; reason: string | null };
const input = "w-full rounded-md border px-3 py-2";
/** The form's fields as the summary names them; "source" is the file, or the pasted text when there is no file. */
const FIELDS = [["departmentCode", "departmentCode", "部门代码"], ["departmentName", "departmentName", "部门名称"], ["year", "year", "预算年度"], ["file", "file", "文件"], ["text", "text", "粘贴的表格内容"]] as const;

/**
 * The import form: preview first, then commit exactly what was previewed. The year is left empty to
 * take the file's (else the department's current one); a plan that deletes anything needs its
 * deletions confirmed in words that carry the counts (lib/targets/import/guard.ts). A file no layout
 * reads opens the column-mapping screen; the mapping goes with the preview and the commit.
 */
export function ImportTargetsForm({ departments }: { departments: { code: string; name: string; currentYear: number | null }[] }) {
  const form = useForm<ImportFormInput, unknown, ImportForm>({
    resolver: zodResolver(importFormSchema),
    shouldFocusError: false,
    defaultValues: { mode: "preview", departmentCode: departments[0]?.code ?? "", departmentName: "", year: "", layout: "auto", text: "", confirmDeletions: "" },
  });
  const router = useRouter();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<Response | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [attempt, setAttempt] = useState(0);
  /** A message about what was read (the file, or the pasted text): said under that field and in the summary. */
  const [sourceError, setSourceError] = useState<{ field: "file" | "text"; message: string } | null>(null);
  const [mappingView, setMappingView] = useState<MappingView | null>(null);
  const [applied, setApplied] = useState<TargetsMapping | null>(null);
  const { errors, isSubmitting } = form.formState;
  const departmentCode = useWatch({ control: form.control, name: "departmentCode" });
  const department = departments.find((d) => d.code === departmentCode);
  const isNewDepartment = !department;
  const confirmation = result?.committed ? null : (result?.plan.deletions.confirmation ?? null);
  const setError = (message: string | null, fieldErrors: Partial<Record<string, string | { message?: string }>> = {}) => {
    const source = message && Object.keys(fieldErrors).length === 0 ? { field: file ? ("file" as const) : ("text" as const), message } : null;
    setSourceError(source);
    if (message === null) return setOutcome(null);
    setOutcome({ ok: false, text: message, problems: problemsOf(source ? { [source.field]: message } : fieldErrors, FIELDS) });
    setAttempt((n) => n + 1);
  };
  const sourceMessage = (field: "file" | "text") => (sourceError?.field === field ? sourceError.message : undefined);

  /** `mapping`: the one to read with (undefined: the one applied); `reshape`: only another sheet or split was asked for. */
  const send = (mode: ImportForm["mode"], mapping?: TargetsMapping | null, reshape = false) =>
    form.handleSubmit(async (values) => {
      setError(null);
      if (!file && !values.text.trim()) {
        setError("请选择文件或粘贴表格内容。");
        return;
      }
      const using = mapping === undefined ? applied : mapping;
      const body = new FormData();
      const confirmDeletions = mode === "commit" && confirmed ? (confirmation ?? "") : "";
      for (const [key, value] of Object.entries({ ...values, mode, confirmDeletions, mapping: using ? JSON.stringify(using) : "" })) body.set(key, value === undefined ? "" : String(value));
      if (file) body.set("file", file);
      const response = await fetch("/api/targets/import", { method: "POST", body });
      const json = (await response.json().catch(() => ({ message: "服务器没有返回有效结果。" }))) as Response & { message?: string; fieldErrors?: Record<string, string> };
      if (!response.ok) {
        const fieldErrors = Object.fromEntries(Object.entries(json.fieldErrors ?? {}).filter(([field]) => field in values));
        for (const [field, message] of Object.entries(fieldErrors)) form.setError(field as keyof ImportFormInput, { message });
        // A refused file or commit leaves no plan on the screen to be mistaken for this one.
        setResult(null);
        setConfirmed(false);
        if (json.mappable) {
          // Not read: the admin says which column is which, on the grid the file holds.
          setMappingView((view) => ({ sample: json.mappable!.sample, initial: reshape ? null : (json.mappable!.suggested ?? using), reason: reshape ? (view?.reason ?? null) : (json.message ?? null) }));
          if (!reshape && using) setError(json.message ?? "按列的对应关系未能读取。");
          return;
        }
        setError(json.message ?? "导入失败。", fieldErrors);
        return;
      }
      if (mapping !== undefined) setApplied(mapping);
      setMappingView(null);
      setResult(json);
      setConfirmed(false);
      // A department or year the commit created is known to the form from now on.
      if (json.committed) {
        // The commit button is spent: focus goes to the heading that says the import is done.
        keepFocus(() => document.getElementById("plan-heading"));
        // The import went to a Route Handler, which revalidates no page: the page's lists are fetched here.
        router.refresh();
      }
    }, (invalid) => setError("未生成导入计划，请按提示修改：", invalid))();

  return (
    <div className="space-y-6">
      <form onSubmit={(e) => { e.preventDefault(); if (!isSubmitting) void send("preview"); }} noValidate aria-label="导入绩效目标" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
        <FormOutcome id="import-error" outcome={outcome} attempt={attempt} />
        <div className="grid gap-4 sm:grid-cols-4">
          <div>
            <label htmlFor="departmentCode" className="mb-1 block text-sm font-medium">部门代码</label>
            <input list="departments" className={input} {...describedBy("departmentCode", errors.departmentCode?.message)} {...form.register("departmentCode")} />
            <datalist id="departments">{departments.map((d) => <option key={d.code} value={d.code}>{d.name}</option>)}</datalist>
            <FieldError id="departmentCode" error={errors.departmentCode?.message} />
          </div>
          <div className="sm:col-span-2">
            <label htmlFor="departmentName" className="mb-1 block text-sm font-medium">部门名称{isNewDepartment ? "（新部门，必填）" : ""}</label>
            <input className={input} disabled={!isNewDepartment} placeholder={isNewDepartment ? "如 柳州市大数据发展局" : departments.find((d) => d.code === departmentCode)?.name} {...describedBy("departmentName", errors.departmentName?.message)} {...form.register("departmentName")} />
            <FieldError id="departmentName" error={errors.departmentName?.message} />
          </div>
          <div>
            <label htmlFor="year" className="mb-1 block text-sm font-medium">预算年度（可不填）</label>
            <input inputMode="numeric" className={input} placeholder={`按文件${department?.currentYear ? `，未标明时为 ${department.currentYear}` : ""}`} {...describedBy("year", errors.year?.message, true)} {...form.register("year")} />
            <p id={hintId("year")} className="mt-1 text-xs text-slate-600">不填时按文件标明的年度；文件未标明时为本部门当前年度{department?.currentYear ? `（${department.currentYear}）` : ""}。</p>
            <FieldError id="year" error={errors.year?.message} />
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
            <label htmlFor="file" className="mb-1 block text-sm font-medium">文件</label>
            <input type="file" accept=".xlsx,.csv,.txt,.tsv" className="block w-full text-sm" {...describedBy("file", sourceMessage("file"), true)} onChange={(e) => { setFile(e.target.files?.[0] ?? null); setApplied(null); setMappingView(null); setSourceError(null); }} />
            <p id={hintId("file")} className="mt-1 text-xs text-slate-600">.xlsx / .csv / .txt，不超过 10 MB</p>
            <FieldError id="file" error={sourceMessage("file")} />
          </div>
        </div>
        <div>
          <label htmlFor="text" className="mb-1 block text-sm font-medium">或粘贴表格内容（从 PDF 或 Excel 复制）</label>
          <textarea rows={5} className={`${input} font-mono text-xs`} {...describedBy("text", errors.text?.message ?? sourceMessage("text"))} {...form.register("text")} />
          <FieldError id="text" error={errors.text?.message ?? sourceMessage("text")} />
        </div>
        {confirmation && result?.plan.canCommit && (
          <label className="flex items-start gap-2 rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm font-medium text-red-900">
            <input id="confirm-deletions" type="checkbox" className="mt-0.5" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
            <span>{confirmation}（名单见下方预览）</span>
          </label>
        )}
        <div className="flex flex-wrap gap-3">
          <button type="submit" aria-disabled={isSubmitting} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 aria-disabled:opacity-50">
            {isSubmitting ? "正在处理……" : "预览"}
          </button>
          <button type="button" disabled={!result?.plan.canCommit || !result.plan.hasChanges || result.committed || (!!confirmation && !confirmed)} aria-disabled={isSubmitting} onClick={() => !isSubmitting && void send("commit")} className={`rounded-md border px-4 py-2 text-sm font-medium disabled:opacity-40 aria-disabled:opacity-40 ${confirmation ? "border-red-700 text-red-800 hover:bg-red-50" : "border-green-700 text-green-800 hover:bg-green-50"}`}>
            {confirmation ? `${confirmation}并导入` : "确认导入"}
          </button>
        </div>
      </form>
      {mappingView && (
        <ColumnMapping
          key={`${mappingView.sample.sheet}|${mappingView.sample.shape}`}
          sample={mappingView.sample}
          initial={mappingView.initial}
          reason={mappingView.reason}
          pending={isSubmitting}
          onApply={(mapping) => void send("preview", mapping)}
          onReshape={(choice) => void send("preview", { columns: {}, labels: {}, values: {}, ...choice }, true)}
          onCancel={() => setMappingView(null)}
        />
      )}
      {result?.mapping && (
        <p id="mapping-used" className="rounded-md bg-brand-50 px-3 py-2 text-sm text-brand-900">
          {result.mapping.source === "given" ? "已按指定的列对应关系读取；确认导入后本部门会记住这些设置。" : "未能自动识别版式，已按本部门上次保存的列对应关系读取。"}
        </p>
      )}
      {result?.mappable && !mappingView && !result.committed && (
        <button type="button" id="adjust-mapping" onClick={() => setMappingView({ sample: result.mappable!.sample, initial: result.mapping?.value ?? result.mappable!.suggested, reason: null })} className="text-sm text-brand-700 underline">
          读取有误？指定列的对应关系
        </button>
      )}
      {result && <ImportPlanView plan={result.plan} committed={result.committed} />}
    </div>
  );
}
