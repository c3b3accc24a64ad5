"use client";

import { useRouter } from "next/navigation";
import { Fragment, useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { saveCheckInsAction, submitReportAction } from "@/app/(app)/progress/actions";
import { DEVIATION_CAUSE_LABELS, LIKELIHOOD_LABELS } from "@/lib/progress/check-in-schema";
import type { MonthRow } from "@/lib/progress/month-view";
import { StatusBadge } from "./status-badge";

type RowValues = { actual: string; forecast: string; likelihood: string; deviationCause: string; correctiveAction: string };
type Values = { rows: RowValues[] };
const COLUMNS = ["actual", "forecast", "likelihood", "deviationCause", "correctiveAction"] as const;
const COLUMN_LABELS = { actual: "本月累计实际", forecast: "全年预计", likelihood: "完成可能性", deviationCause: "偏差原因", correctiveAction: "纠偏措施" } as const;
const cell = "w-full min-w-0 rounded border border-slate-300 px-1.5 py-1 text-sm outline-none focus:border-brand-600 focus:ring-2 focus:ring-brand-100 disabled:bg-slate-50";

/** Moves focus up and down a column with the arrow keys or Enter, like a spreadsheet. */
function onGridKey(event: React.KeyboardEvent<HTMLElement>) {
  const target = event.target as HTMLElement;
  const row = Number(target.dataset.row);
  const col = target.dataset.col;
  if (Number.isNaN(row) || !col) return;
  const step = event.key === "ArrowDown" || (event.key === "Enter" && target.tagName === "INPUT") ? 1 : event.key === "ArrowUp" ? -1 : 0;
  if (!step) return;
  const next = document.querySelector<HTMLElement>(`[data-row="${row + step}"][data-col="${col}"]`);
  if (next) {
    event.preventDefault();
    next.focus();
  }
}

export function CheckInGrid({ year, month, rows, editable, reportId, canSubmit }: { year: number; month: number; rows: MonthRow[]; editable: boolean; reportId: string | null; canSubmit: boolean }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [rowErrors, setRowErrors] = useState<Record<string, Record<string, string>>>({});
  const form = useForm<Values>({
    defaultValues: {
      rows: rows.map((r) => ({
        actual: r.current?.actual ?? "",
        forecast: r.current?.forecast ?? "",
        likelihood: r.current?.likelihood || "CERTAIN",
        deviationCause: r.current?.deviationCause ?? "",
        correctiveAction: r.current?.correctiveAction ?? "",
      })),
    },
  });

  const save = form.handleSubmit((values) => {
    setMessage(null);
    const payload = values.rows
      .map((v, i) => ({ ...v, indicatorId: rows[i]!.indicatorId, version: rows[i]!.current?.version }))
      .filter((v) => v.actual.trim() !== "");
    if (payload.length === 0) {
      setMessage({ kind: "error", text: "还没有填写任何实际完成值。" });
      return;
    }
    startTransition(async () => {
      const result = await saveCheckInsAction(year, month, payload);
      if (!result.ok) return setMessage({ kind: "error", text: result.message });
      const batch = result.value!;
      setRowErrors(batch.errors);
      if (Object.keys(batch.errors).length > 0) return setMessage({ kind: "error", text: `有 ${Object.keys(batch.errors).length} 项填写有误，请按红字提示修改；本次未保存任何内容。` });
      if (batch.conflicts.length > 0) {
        const names = batch.conflicts.map((c) => `“${rows.find((r) => r.indicatorId === c.indicatorId)?.name}”（现为 ${c.current.actual}，${c.current.by ?? ""}修改）`);
        return setMessage({ kind: "error", text: `以下指标已被他人修改，未保存任何内容：${names.join("、")}。请刷新后再填。` });
      }
      setMessage({ kind: "ok", text: batch.saved > 0 ? `已保存 ${batch.saved} 项。` : "没有变化。" });
      router.refresh();
    });
  });

  const submit = () =>
    startTransition(async () => {
      if (!reportId || form.formState.isDirty) return setMessage({ kind: "error", text: "请先保存，再提交审核。" });
      const result = await submitReportAction(reportId);
      setMessage(result.ok ? { kind: "ok", text: "已提交审核。" } : { kind: "error", text: result.message });
      if (result.ok) router.refresh();
    });

  const error = (indicatorId: string, field: string) => rowErrors[indicatorId]?.[field];
  const control = (index: number, row: MonthRow, col: (typeof COLUMNS)[number]) => {
    // defaultValue too, so the server-rendered grid already shows the saved values before hydration.
    const props = { ...form.register(`rows.${index}.${col}`), defaultValue: form.getValues(`rows.${index}.${col}`), "data-row": index, "data-col": col, disabled: !editable, "aria-label": `${row.name} ${COLUMN_LABELS[col]}`, "aria-invalid": !!error(row.indicatorId, col), className: cell };
    const options = col === "likelihood" ? Object.entries(LIKELIHOOD_LABELS) : col === "deviationCause" ? [["", "—"], ...Object.entries(DEVIATION_CAUSE_LABELS)] : row.kind === "text" && col !== "correctiveAction" ? [["", "—"], ...row.options.map((o) => [o, o])] : null;
    const field = options ? <select {...props}>{options.map(([v, l]) => <option key={v} value={v}>{l}</option>)}</select> : <input {...props} inputMode={row.kind === "number" && col !== "correctiveAction" ? "decimal" : "text"} placeholder={col === "actual" && row.previous ? `上次 ${row.previous.actual}` : undefined} />;
    return (
      <td className="px-1.5 py-1.5 align-top">
        {field}
        {error(row.indicatorId, col) && <p className="mt-0.5 text-xs text-red-600" data-error-for={`${row.indicatorId}:${col}`}>{error(row.indicatorId, col)}</p>}
      </td>
    );
  };

  return (
    <form onSubmit={save} noValidate className="space-y-3">
      {message && (
        <p id="grid-message" role="status" className={message.kind === "ok" ? "text-sm text-green-700" : "rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700"}>
          {message.text}
        </p>
      )}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white" onKeyDown={onGridKey}>
        <table className="w-full min-w-[60rem] text-sm">
          <thead className="bg-slate-50 text-left whitespace-nowrap text-slate-600">
            <tr>
              <th scope="col" className="px-2 py-2 font-medium">指标（年度目标）</th>
              <th scope="col" className="w-32 px-1.5 py-2 font-medium">本月累计实际</th>
              <th scope="col" className="w-28 px-1.5 py-2 font-medium">全年预计</th>
              <th scope="col" className="w-28 px-1.5 py-2 font-medium">完成可能性</th>
              <th scope="col" className="w-32 px-1.5 py-2 font-medium">偏差原因</th>
              <th scope="col" className="w-48 px-1.5 py-2 font-medium">纠偏措施</th>
              <th scope="col" className="w-20 px-1.5 py-2 font-medium">状态</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row, index) => (
              <Fragment key={row.indicatorId}>
              {row.projectId !== rows[index - 1]?.projectId && (
                <tr className="bg-slate-100">
                  <th scope="rowgroup" colSpan={7} className="px-2 py-1.5 text-left font-semibold text-slate-800">{row.projectName}</th>
                </tr>
              )}
              <tr data-indicator={row.name} className={!row.current ? "bg-amber-50/40" : undefined}>
                <th scope="row" className="px-2 py-1.5 text-left align-top font-normal">
                  <span className="block text-xs text-slate-500">{row.category}</span>
                  <a href={`/indicators/${row.indicatorId}`} target="_blank" rel="noopener" className="hover:text-brand-700 hover:underline">{row.name}</a>{" "}
                  <span className="whitespace-nowrap text-slate-500">{row.target}</span>
                  {row.current && <span className="ml-1 text-xs text-slate-500">· 佐证 {row.current.evidence} 份</span>}
                  {row.previous && <span className="block text-xs text-slate-400">上次 {row.previous.actual}（{row.previous.asOfDate}）</span>}
                </th>
                {COLUMNS.map((col) => <Fragment key={col}>{control(index, row, col)}</Fragment>)}
                <td className="px-1.5 py-1.5 align-top"><StatusBadge status={row.status} title={row.statusReason} /></td>
              </tr>
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
      {editable && (
        <div className="flex flex-wrap gap-3">
          <button type="submit" disabled={pending} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50">
            {pending ? "正在保存……" : "保存填报"}
          </button>
          {canSubmit && (
            <button type="button" disabled={pending} onClick={submit} className="rounded-md border border-green-700 px-4 py-2 text-sm font-medium text-green-800 hover:bg-green-50 disabled:opacity-50">
              提交审核
            </button>
          )}
        </div>
      )}
    </form>
  );
}

