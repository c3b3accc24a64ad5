"use client";

import { Fragment, useEffect, useState } from "react";
import { useForm } from "react-hook-form";
import { saveCheckInsAction } from "@/app/(app)/progress/actions";
import { DEVIATION_CAUSE_LABELS, LIKELIHOOD_LABELS } from "@/lib/progress/check-in-schema";
import type { MonthRow } from "@/lib/progress/month-view";
import type { Completeness } from "@/lib/progress/completeness";
import { StatusBadge } from "@/components/status-badge";
import { useServerAction } from "@/components/use-server-action";
import { SubmitReport } from "@/app/(app)/progress/_components/submit-report";
import { TableBox, TableHead } from "@/components/ui/table";

type RowValues = { actual: string; forecast: string; likelihood: string; deviationCause: string; correctiveAction: string };
type Values = { rows: RowValues[] };
const COLUMNS = ["actual", "forecast", "likelihood", "deviationCause", "correctiveAction"] as const;
type Column = (typeof COLUMNS)[number];
const COLUMN_LABELS = { actual: "本月累计实际", forecast: "全年预计", likelihood: "完成可能性", deviationCause: "偏差原因", correctiveAction: "纠偏措施" } as const;
// scroll-ml: a field scrolled into view must not end up under the sticky indicator column (phones).
const cell = "w-full min-w-0 scroll-ml-44 rounded border border-slate-300 px-1.5 py-1 text-sm outline-none focus:border-brand-600 focus:ring-2 focus:ring-brand-100 disabled:bg-slate-50 aria-[invalid=true]:border-red-500 aria-[invalid=true]:bg-red-50";
const fieldId = (index: number, col: Column) => `cell-${index}-${col}`;

/** Left to right along a row: the indicator's link, then its fields. */
const ACROSS = ["link", ...COLUMNS] as const;

/**
 * Moves focus like a spreadsheet: up and down a column with the arrow keys or Enter, along a row with
 * ← and → (from a text field only at the start or end of its text, so the caret still moves inside it).
 * Tab goes through the cells that need input only (each row's 本月累计实际 and any cell with an
 * error); the others are one arrow key away.
 */
function onGridKey(event: React.KeyboardEvent<HTMLElement>) {
  const target = event.target as HTMLElement;
  const row = Number(target.dataset.row);
  const col = target.dataset.col as (typeof ACROSS)[number] | undefined;
  if (Number.isNaN(row) || !col || event.ctrlKey || event.metaKey || event.altKey) return;
  let next: HTMLElement | null = null;
  const down = event.key === "ArrowDown" || (event.key === "Enter" && target.tagName === "INPUT");
  if (down || event.key === "ArrowUp") next = document.querySelector<HTMLElement>(`[data-row="${row + (down ? 1 : -1)}"][data-col="${col}"]`);
  if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
    const left = event.key === "ArrowLeft";
    if (target instanceof HTMLInputElement && (left ? target.selectionStart !== 0 || target.selectionEnd !== 0 : target.selectionStart !== target.value.length)) return;
    next = document.querySelector<HTMLElement>(`[data-row="${row}"][data-col="${ACROSS[ACROSS.indexOf(col) + (left ? -1 : 1)]}"]`);
  }
  if (next) {
    event.preventDefault();
    next.focus();
  }
}

const valuesOf = (rows: MonthRow[]): Values => ({
  rows: rows.map((r) => ({
    actual: r.current?.actual ?? "",
    forecast: r.current?.forecast ?? "",
    likelihood: r.current?.likelihood ?? "",
    deviationCause: r.current?.deviationCause ?? "",
    correctiveAction: r.current?.correctiveAction ?? "",
  })),
});

interface ErrorLink { index: number; col: Column; name: string; message: string }

/**
 * A unit's month as a spreadsheet. Saving sends only the rows that changed, every field of each: an
 * emptied cell clears what was saved (lib/progress/check-in-schema.ts). A refused save keeps the
 * summary in view with a link to each error, shows each message under its cell, and moves focus to the
 * first one. When the page's rows change (after a save or an Excel import) the grid shows them.
 */
export function CheckInGrid({ year, month, rows, editable, reportId, completeness }: { year: number; month: number; rows: MonthRow[]; editable: boolean; reportId: string | null; completeness: Completeness }) {
  const { pending, outcome: message, run, refuse, setOutcome } = useServerAction();
  const [rowErrors, setRowErrors] = useState<Record<string, Record<string, string>>>({});
  const [links, setLinks] = useState<ErrorLink[]>([]);
  const form = useForm<Values>({ defaultValues: valuesOf(rows) });
  // New saved data (a save, an import, another person's change): show it. A refused save also
  // refreshes the page, with the same data — the values being typed must stay.
  const saved = JSON.stringify(valuesOf(rows));
  const { reset } = form;
  useEffect(() => reset(JSON.parse(saved) as Values), [saved, reset]);

  const focusField = (index: number, col: Column) => {
    const field = document.getElementById(fieldId(index, col));
    field?.scrollIntoView({ block: "center", inline: "nearest" });
    field?.focus({ preventScroll: true });
  };

  const save = form.handleSubmit((values) => {
    // A new attempt replaces the last one's verdict: its errors were about values since retyped.
    setOutcome(null);
    setRowErrors({});
    setLinks([]);
    const dirty = form.formState.dirtyFields.rows ?? [];
    const payload = values.rows.flatMap((v, i) => {
      if (!COLUMNS.some((c) => dirty[i]?.[c])) return [];
      const row = rows[i]!;
      return [{ indicatorId: row.indicatorId, version: row.current?.version, ...Object.fromEntries(COLUMNS.map((c) => [c, v[c].trim() === "" ? null : v[c]])) }];
    });
    if (payload.length === 0) return setOutcome({ ok: true, text: "没有需要保存的修改。" });
    return run(() => saveCheckInsAction(year, month, payload), { done: (saved) => {
      const batch = saved!;
      setRowErrors(batch.errors);
      const found: ErrorLink[] = rows.flatMap((row, index) =>
        Object.entries(batch.errors[row.indicatorId] ?? {}).map(([field, text]) => ({ index, col: (COLUMNS as readonly string[]).includes(field) ? (field as Column) : "actual", name: row.name, message: text })),
      );
      found.sort((a, b) => a.index - b.index || COLUMNS.indexOf(a.col) - COLUMNS.indexOf(b.col));
      setLinks(found);
      if (found.length > 0) {
        refuse(`有 ${Object.keys(batch.errors).length} 项填写有误，请按红字提示修改；本次未保存任何内容。`);
        requestAnimationFrame(() => focusField(found[0]!.index, found[0]!.col));
        return;
      }
      if (batch.conflicts.length > 0) {
        const names = batch.conflicts.map((c) => `“${rows.find((r) => r.indicatorId === c.indicatorId)?.name}”（现为 ${c.current.actual || "空"}${c.current.by ? `，${c.current.by}填报` : ""}）`);
        return refuse(`以下指标已被他人修改，未保存任何内容：${names.join("、")}。请刷新后再填。`);
      }
      // What was sent is saved: nothing is pending any more, even before the refreshed rows arrive.
      reset(values, { keepValues: true });
      return batch.saved === 0 ? "没有变化。" : `已保存 ${batch.saved} 项${batch.cleared > 0 ? `（其中 ${batch.cleared} 项已全部清空，删除了该填报）` : ""}。`;
    } });
  });

  const error = (indicatorId: string, field: Column) => rowErrors[indicatorId]?.[field] ?? (field === "actual" ? (rowErrors[indicatorId]?.row ?? rowErrors[indicatorId]?.note) : undefined);
  const control = (index: number, row: MonthRow, col: Column) => {
    const message = error(row.indicatorId, col);
    const described = [`hint-${index}`, message ? `${fieldId(index, col)}-error` : ""].filter(Boolean).join(" ");
    // defaultValue too, so the server-rendered grid already shows the saved values before hydration.
    const props = { ...form.register(`rows.${index}.${col}`), id: fieldId(index, col), defaultValue: form.getValues(`rows.${index}.${col}`), "data-row": index, "data-col": col, disabled: !editable, "aria-label": `${row.name} ${COLUMN_LABELS[col]}`, "aria-invalid": !!message, "aria-describedby": described, tabIndex: col === "actual" || message ? 0 : -1, className: cell };
    const options = col === "likelihood" ? [["", "—"], ...Object.entries(LIKELIHOOD_LABELS)] : col === "deviationCause" ? [["", "—"], ...Object.entries(DEVIATION_CAUSE_LABELS)] : row.kind === "text" && col !== "correctiveAction" ? [["", "—"], ...row.options.map((o) => [o, o])] : null;
    const value = col === "actual" || col === "forecast";
    const placeholder = col === "actual" && row.previous ? `上次 ${row.previous.actual}` : value && row.kind === "number" ? row.unit || "数字" : undefined;
    const field = options ? (
      <select {...props}>{options.map(([v, l]) => <option key={v} value={v}>{l}</option>)}</select>
    ) : (
      <input {...props} inputMode={row.kind === "number" && value ? "decimal" : "text"} placeholder={placeholder} title={value ? row.hint : undefined} />
    );
    return (
      <td className="px-1.5 py-1.5 align-top">
        {field}
        {message && <p id={`${fieldId(index, col)}-error`} className="mt-0.5 text-xs text-red-700" data-field-error data-error-for={`${row.indicatorId}:${col}`}>{message}</p>}
      </td>
    );
  };

  return (
    <form
      onSubmit={(e) => (pending ? e.preventDefault() : void save(e))}
      onKeyDown={(e) => {
        // Ctrl+Enter (⌘+Enter) saves from anywhere in the grid.
        if (editable && e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          if (!pending) void save();
        }
      }}
      noValidate
      className="space-y-3"
    >
      {editable && (
        <p id="grid-keys" className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600">
          <a href="#grid-save" onClick={(e) => { e.preventDefault(); document.getElementById("grid-save")?.focus(); }} className="rounded border border-slate-500 bg-white px-2 py-1 text-sm text-brand-700 underline">跳到保存</a>
          <span>Tab 在各行“本月累计实际”之间移动；← → 到同一行其他栏，↑ ↓ 或 Enter 到上下行；Ctrl+Enter 保存。</span>
        </p>
      )}
      {/* A refusal stays in view while the user scrolls to fix it; a confirmation does not follow them. */}
      <div className={message?.ok === false || links.length > 0 ? "sticky top-0 z-30 -mx-1 space-y-1 bg-slate-50/95 px-1 py-1" : "space-y-1"} aria-live="polite">
        {message && (
          <p id="grid-message" role="status" className={message.ok ? "rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800" : "rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 shadow"}>
            {message.text}
          </p>
        )}
        {links.length > 0 && (
          <ul id="grid-errors" className="max-h-40 overflow-auto rounded-md border border-red-200 bg-white px-3 py-2 text-sm shadow">
            {links.map((l, k) => (
              <li key={k}>
                <a href={`#${fieldId(l.index, l.col)}`} onClick={(e) => { e.preventDefault(); focusField(l.index, l.col); }} className="text-red-800 underline">
                  {l.name} · {COLUMN_LABELS[l.col]}
                </a>
                <span className="text-slate-700">：{l.message}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      {/* A region that scrolls sideways on a phone can be scrolled by keyboard: focusable when its cells are not (read-only). */}
      <TableBox role="region" aria-label={`${year} 年 ${month} 月填报表`} tabIndex={editable ? undefined : 0} onKeyDown={onGridKey}>
        <table className="w-full min-w-[66rem] text-sm">
          <TableHead>
            <tr>
              <th scope="col" className="sticky left-0 z-10 bg-slate-50 px-2 py-2 font-medium">指标（年度目标）</th>
              <th scope="col" className="w-32 px-1.5 py-2 font-medium">本月累计实际</th>
              <th scope="col" className="w-28 px-1.5 py-2 font-medium">全年预计</th>
              <th scope="col" className="w-28 px-1.5 py-2 font-medium">完成可能性</th>
              <th scope="col" className="w-32 px-1.5 py-2 font-medium">偏差原因</th>
              <th scope="col" className="w-48 px-1.5 py-2 font-medium">纠偏措施</th>
              <th scope="col" className="w-44 px-1.5 py-2 font-medium">状态</th>
            </tr>
          </TableHead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((row, index) => (
              <Fragment key={row.indicatorId}>
                {row.projectId !== rows[index - 1]?.projectId && (
                  <tr className="bg-slate-100">
                    <th scope="rowgroup" colSpan={7} className="px-2 py-1.5 text-left font-semibold text-slate-800"><span className="sticky left-2">{row.projectName}</span></th>
                  </tr>
                )}
                <tr id={`row-${row.indicatorId}`} data-indicator={row.name} className={!row.current?.actual ? "bg-amber-50" : "bg-white"}>
                  <th scope="row" className={`sticky left-0 z-10 w-40 max-w-[10rem] px-2 py-1.5 text-left align-top font-normal shadow-[1px_0_0_#e2e8f0] sm:w-auto sm:max-w-none ${!row.current?.actual ? "bg-amber-50" : "bg-white"}`}>
                    <span className="block text-xs text-slate-600">{row.category}</span>
                    <a href={`/indicators/${row.indicatorId}`} target="_blank" rel="noopener" tabIndex={-1} data-row={index} data-col="link" className="hover:text-brand-700 hover:underline">{row.name}<span className="sr-only">（在新窗口打开）</span></a>{" "}
                    <span className="whitespace-nowrap text-slate-600">{row.target}</span>
                    {row.current && <span className="ml-1 text-xs text-slate-600">· 佐证 {row.current.evidence} 份</span>}
                    {row.previous && <span className="block text-xs text-slate-500">上次 {row.previous.actual}（{row.previous.asOfDate}）</span>}
                    <span id={`hint-${index}`} className={editable ? "block text-xs text-slate-500" : "sr-only"}>填写：{row.hint}</span>
                  </th>
                  {COLUMNS.map((col) => <Fragment key={col}>{control(index, row, col)}</Fragment>)}
                  <td className="px-1.5 py-1.5 align-top"><StatusBadge status={row.status} reason={row.statusReason} /></td>
                </tr>
              </Fragment>
            ))}
          </tbody>
        </table>
      </TableBox>
      {editable && (
        <div className="flex flex-wrap gap-3">
          <button type="submit" id="grid-save" aria-disabled={pending} aria-keyshortcuts="Control+Enter" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 aria-disabled:opacity-50">
            {pending ? "正在保存……" : "保存填报"}
          </button>
          <span className="self-center text-xs text-slate-600">清空单元格后保存，即清空已保存的值。</span>
        </div>
      )}
      {editable && reportId && <SubmitReport reportId={reportId} completeness={completeness} dirty={form.formState.isDirty} />}
    </form>
  );
}
