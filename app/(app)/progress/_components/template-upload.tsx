"use client";

import { useState } from "react";
import { saveCheckInsAction } from "@/app/(app)/progress/actions";
import type { TemplatePreview } from "@/lib/progress/template-service";
import { keepFocus } from "@/components/focus";
import { describedBy, FieldError, FormOutcome, type Outcome } from "@/components/form-field";
import { useServerAction } from "@/components/use-server-action";

const FILE = "template-file";

/** The month's template: download, fill in Excel, upload; a refused file is said under its field and in a summary that takes focus. */
export function TemplateUpload({ year, month }: { year: number; month: number }) {
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<TemplatePreview | null>(null);
  const { pending, start, outcome: message, attempt, run, refuse, setOutcome } = useServerAction();
  const [fileError, setFileError] = useState<string | null>(null);
  /** A refusal about the file is said under it too; one about the month's data only in the summary. */
  const refuseFile = (text: string) => {
    setFileError(text);
    refuse(text, [{ id: FILE, label: "填好的模板", message: text }]);
  };
  const say = (next: Outcome | null) => {
    setFileError(null);
    setOutcome(next);
  };

  // Reading the file goes to a Route Handler (a file upload), not a Server Action.
  const read = () =>
    start(async () => {
      say(null);
      if (!file) return refuseFile("请选择填好的模板文件。");
      const body = new FormData();
      body.set("file", file);
      body.set("year", String(year));
      body.set("month", String(month));
      const response = await fetch("/api/progress/template", { method: "POST", body });
      const json = (await response.json().catch(() => ({ message: "服务器没有返回有效结果。" }))) as TemplatePreview & { message?: string };
      if (!response.ok) return refuseFile(json.message ?? "读取失败。");
      setPreview(json);
      if (json.errors.length === 0 && json.rows.length === 0) say({ ok: true, text: "模板与已保存的填报完全一致，没有需要导入的变化。" });
    });

  const commit = () =>
    preview &&
    // Every field of each changed row, null for an emptied cell: the template carries the whole month.
    void run(() => saveCheckInsAction(year, month, preview.rows.map((r) => ({ indicatorId: r.indicatorId, actual: r.actual, forecast: r.forecast, likelihood: r.likelihood, deviationCause: r.deviationCause, correctiveAction: r.correctiveAction, note: r.note, version: r.version }))), {
      done: (batch) => {
        if (batch!.conflicts.length > 0) return refuse(`有 ${batch!.conflicts.length} 项在预览后被他人修改，未导入任何内容。请重新上传。`);
        if (Object.keys(batch!.errors).length > 0) return refuse("有填写错误，未导入任何内容。");
        // The preview and its button go: focus goes to the sentence that says what was imported.
        keepFocus(() => document.querySelector<HTMLElement>("[data-outcome=template-message]"));
        setPreview(null);
        return `已从模板导入 ${batch!.saved} 项${batch!.cleared > 0 ? `（其中清空 ${batch!.cleared} 项）` : ""}，表格已更新。`;
      },
    });

  const blocking = preview && (preview.errors.length > 0 || preview.rows.some((r) => r.error));
  return (
    <details className="rounded-lg border border-slate-200 bg-white p-3 text-sm">
      <summary className="cursor-pointer font-medium">用 Excel 填报（下载模板 → 填写 → 上传）</summary>
      <div className="mt-3 flex flex-wrap items-center gap-3">
        <a href={`/api/progress/template?year=${year}&month=${month}`} className="rounded-md border border-brand-600 px-3 py-1.5 text-brand-700 hover:bg-brand-50">下载 {month} 月填报模板</a>
        <label htmlFor={FILE} className="sr-only">填好的模板</label>
        <input type="file" accept=".xlsx" onChange={(e) => { setFile(e.target.files?.[0] ?? null); setPreview(null); say(null); }} {...describedBy(FILE, fileError)} />
        <button type="button" aria-disabled={pending} onClick={() => !pending && read()} className="rounded-md bg-brand-600 px-3 py-1.5 text-white aria-disabled:opacity-50">上传并预览</button>
      </div>
      <FieldError id={FILE} error={fileError} />
      <FormOutcome id="template-message" outcome={message} attempt={attempt} className="mt-2" />
      {preview && (
        <div className="mt-3 space-y-2">
          {preview.errors.length > 0 && (
            <ul id="template-errors" className="space-y-1 text-red-700">
              {preview.errors.map((e, i) => <li key={i}>{e.row ? `第 ${e.row} 行 ` : ""}{e.column ? `${e.column}：` : ""}{e.message}</li>)}
            </ul>
          )}
          <table className="w-full text-sm">
            <thead className="text-left text-slate-600"><tr><th className="py-1">行</th><th>指标</th><th>变化</th><th>本月累计实际</th><th>全年预计</th><th>问题</th></tr></thead>
            <tbody>
              {preview.rows.map((r) => (
                <tr key={r.indicatorId} className={r.error ? "bg-red-50" : undefined}>
                  <td className="py-1 tabular">{r.row}</td><td>{r.name}</td><td>{r.change}</td><td className="tabular">{r.actual ?? "（空）"}</td><td className="tabular">{r.forecast ?? "（空）"}</td><td className="text-red-700">{r.error ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.rows.length > 0 && (
            <button type="button" disabled={!!blocking} aria-disabled={pending} onClick={() => !pending && commit()} className="rounded-md border border-green-700 px-3 py-1.5 text-green-800 disabled:opacity-40 aria-disabled:opacity-40">
              确认导入 {preview.rows.length} 项变化
            </button>
          )}
        </div>
      )}
    </details>
  );
}
