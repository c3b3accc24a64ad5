"use client";

import { useState } from "react";
import { importExpendituresAction } from "@/app/(app)/projects/[id]/budget/actions";
import type { ColumnMapping, ExpenditureField, ExpenditureRow } from "@/lib/budget/expenditure-import";
import type { ExpenditurePreview, ImportOutcome } from "@/lib/budget/expenditure-import-service";
import { describedBy, FieldError, FormOutcome, hintId } from "@/components/form-field";
import { keepFocus } from "@/components/focus";
import { useServerAction } from "@/components/use-server-action";

const FIELDS: { key: ExpenditureField; label: string }[] = [
  { key: "date", label: "支付日期" },
  { key: "amount", label: "金额（元）" },
  { key: "payee", label: "收款方/用途" },
  { key: "voucherNo", label: "凭证号" },
  { key: "economicClass", label: "经济分类" },
  { key: "description", label: "摘要" },
];
const cell = "w-full min-w-0 rounded border px-1.5 py-0.5 text-sm";
const FILE = "expenditure-file";
const cellId = (row: number, key: ExpenditureField) => `x-${row}-${key}`;
const duplicateId = (row: number) => `x-${row}-duplicate`;

/**
 * Import from a finance-system export: preview, correct bad rows in place, import all or nothing. On
 * the form pattern (components/form-field.tsx): each wrong cell names its message, a row's duplicate
 * warning is read with each of its cells, and a refused import puts focus on a summary linking to them.
 */
export function ExpenditureImport({ projectId }: { projectId: string }) {
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<ExpenditurePreview | null>(null);
  const [rows, setRows] = useState<ExpenditureRow[]>([]);
  const [errors, setErrors] = useState<ImportOutcome["errors"]>({});
  const [warnings, setWarnings] = useState<string[] | null>(null);
  const { pending, start, outcome: message, attempt, run, refuse, clear } = useServerAction();
  /** Why the chosen file could not be read: said under the file field. */
  const [fileError, setFileError] = useState<string | null>(null);

  // Reading the file goes to a Route Handler (a file upload), not a Server Action.
  const load = (chosen: File, mapping?: ColumnMapping) =>
    start(async () => {
      clear();
      setFileError(null);
      const body = new FormData();
      body.set("projectId", projectId);
      body.set("file", chosen);
      if (mapping) body.set("mapping", JSON.stringify(mapping));
      const response = await fetch("/api/budget/import", { method: "POST", body });
      const json = (await response.json().catch(() => ({ message: "服务器没有返回有效结果。" }))) as ExpenditurePreview & { message?: string };
      if (!response.ok) {
        setFileError(json.message ?? "读取失败。");
        return refuse(json.message ?? "读取失败。", [{ id: FILE, label: "财务系统导出文件", message: json.message ?? "读取失败。" }]);
      }
      setPreview(json);
      setRows(json.rows);
      setErrors({});
      setWarnings(null);
    });

  const submit = (confirmed: boolean) =>
    preview &&
    void run(() => importExpendituresAction(projectId, rows, preview.mapping, confirmed), {
      done: (outcome) => {
        setErrors(outcome!.errors);
        const wrong = Object.keys(outcome!.errors).length;
        if (wrong > 0) {
          const problems = rows.flatMap((r) => FIELDS.slice(0, 4).flatMap((f) => (outcome!.errors[r.row]?.[f.key] ? [{ id: cellId(r.row, f.key), label: `第${r.row}行 ${f.label}`, message: outcome!.errors[r.row]![f.key]! }] : [])).concat(outcome!.errors[r.row]?.duplicate ? [{ id: cellId(r.row, "amount"), label: `第${r.row}行`, message: outcome!.errors[r.row]!.duplicate! }] : []));
          return refuse(`有 ${wrong} 行需要修改（见红字），本次未导入任何支出。`, problems);
        }
        if (outcome!.needsConfirmation) return void setWarnings(outcome!.needsConfirmation);
        // The preview and its buttons go: focus goes to the sentence that says what was imported.
        keepFocus(() => document.querySelector<HTMLElement>("[data-outcome=import-message]"));
        setPreview(null);
        setRows([]);
        setWarnings(null);
        return `已导入 ${outcome!.saved} 笔支出。`;
      },
    });

  const edit = (index: number, key: ExpenditureField, value: string) => setRows((all) => all.map((r, i) => (i === index ? { ...r, [key]: value } : r)));

  return (
    <details className="rounded-lg border border-slate-200 bg-white p-4 text-sm" open={!!preview || message !== null}>
      <summary className="cursor-pointer font-semibold">从财务系统导出文件导入支出（.xlsx / .csv）</summary>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <label htmlFor={FILE} className="sr-only">财务系统导出文件</label>
        <input type="file" accept=".xlsx,.csv,.txt" onChange={(e) => { const f = e.target.files?.[0] ?? null; setFile(f); if (f) load(f); }} {...describedBy(FILE, fileError, true)} />
        <span id={hintId(FILE)} className="text-xs text-slate-600">{pending ? "正在处理……" : "选择文件后先预览，核对、改正后再导入"}</span>
      </div>
      <FieldError id={FILE} error={fileError} />
      <FormOutcome id="import-message" outcome={message} attempt={attempt} className="mt-2" />
      {preview && (
        <div className="mt-3 space-y-3">
          {preview.problems.length > 0 && <ul className="text-red-700">{preview.problems.map((p, i) => <li key={i}>{p.location}：{p.message}</li>)}</ul>}
          <fieldset className="grid gap-2 sm:grid-cols-3">
            <legend className="mb-1 font-medium">列的对应关系（确认后会记住，下次自动使用）</legend>
            {FIELDS.map((f) => (
              <label key={f.key} className="flex items-center gap-2">
                <span className="w-24 shrink-0 text-slate-600">{f.label}</span>
                <select aria-label={`${f.label}对应的列`} value={preview.mapping[f.key] ?? ""} onChange={(e) => file && load(file, { ...preview.mapping, [f.key]: e.target.value || undefined })} className={cell}>
                  <option value="">（不导入）</option>
                  {preview.headers.map((h) => <option key={h} value={h}>{h}</option>)}
                </select>
              </label>
            ))}
          </fieldset>
          <div className="overflow-x-auto">
            <table className="w-full min-w-[48rem]">
              <thead className="text-left text-slate-600"><tr><th className="py-1">行</th>{FIELDS.slice(0, 4).map((f) => <th key={f.key}>{f.label}</th>)}<th>问题</th></tr></thead>
              <tbody>
                {rows.map((r, i) => {
                  const e = errors[r.row];
                  return (
                    <tr key={r.row} data-row={r.row} className={e ? "bg-red-50" : undefined}>
                      <td className="py-1 pr-2 tabular">{r.row}</td>
                      {FIELDS.slice(0, 4).map((f) => {
                        const aria = describedBy(cellId(r.row, f.key), e?.[f.key]);
                        // A duplicate row is wrong as a whole: each of its cells is described by that warning too.
                        const described = [aria["aria-describedby"], e?.duplicate ? duplicateId(r.row) : null].filter(Boolean).join(" ") || undefined;
                        return (
                          <td key={f.key} className="pr-1 align-top">
                            <input aria-label={`第${r.row}行 ${f.label}`} value={r[f.key]} onChange={(ev) => edit(i, f.key, ev.target.value)} {...aria} aria-invalid={aria["aria-invalid"] || !!e?.duplicate} aria-describedby={described} className={cell} />
                            <FieldError id={cellId(r.row, f.key)} error={e?.[f.key]} className="text-xs text-red-700" />
                          </td>
                        );
                      })}
                      <td className="text-xs text-red-700">{e?.duplicate && <span id={duplicateId(r.row)} data-field-error>{e.duplicate}</span>}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {warnings && (
            <div role="alert" className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900">
              {warnings.map((w, i) => <p key={i}>{w}</p>)}
              <button type="button" onClick={() => submit(true)} className="rounded-md bg-amber-600 px-3 py-1 text-white">我已核对，确认导入</button>
            </div>
          )}
          <button type="button" disabled={rows.length === 0} aria-disabled={pending} onClick={() => !pending && submit(false)} className="rounded-md bg-brand-600 px-4 py-1.5 font-medium text-white disabled:opacity-50 aria-disabled:opacity-50">
            检查并导入 {rows.length} 笔
          </button>
        </div>
      )}
    </details>
  );
}
