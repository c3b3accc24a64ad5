"use client";

import { useState } from "react";
import { submitReportAction } from "@/app/(app)/progress/actions";
import { completenessText, isComplete, type Completeness } from "@/lib/progress/completeness";
import { useServerAction } from "@/components/use-server-action";

/**
 * 提交审核. A complete month is submitted at once; an incomplete one first lists what is missing — each
 * a link to its row — and asks for the reason, which the reviewer reads (lib/progress/completeness.ts).
 */
export function SubmitReport({ reportId, completeness, dirty }: { reportId: string; completeness: Completeness; dirty: boolean }) {
  const [checking, setChecking] = useState(false);
  const [reason, setReason] = useState("");
  const { pending, outcome, fieldErrors, run, refuse, clear } = useServerAction();
  const error = outcome && !outcome.ok ? (fieldErrors.reason ?? outcome.text) : null;
  const complete = isComplete(completeness);

  const send = () =>
    void run(() => submitReportAction(reportId, reason), {
      // Submitting takes this button off the page: focus goes to the status it changed.
      focus: () => document.getElementById("report-status"),
      done: () => setChecking(false),
    });
  const start = () => {
    if (dirty) return refuse("还有未保存的修改：请先保存，再提交审核。");
    clear();
    if (complete) return send();
    setChecking(true);
  };

  return (
    <div className="space-y-2">
      {!checking && (
        <button type="button" id="submit-report" aria-disabled={pending} onClick={() => !pending && start()} className="rounded-md border border-green-700 px-4 py-2 text-sm font-medium text-green-800 hover:bg-green-50 aria-disabled:opacity-50">
          提交审核
        </button>
      )}
      {checking && (
        <section id="submit-check" role="dialog" aria-modal="false" aria-labelledby="submit-check-heading" className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          <h2 id="submit-check-heading" className="font-semibold">本月填报不完整：{completenessText(completeness)}</h2>
          <Missing title="未填实际完成值" items={completeness.unfilled} />
          <Missing title="需说明偏差原因和纠偏措施而未填" items={completeness.unexplained} />
          <label htmlFor="submit-reason" className="block font-medium">仍要提交，请说明原因（审核人会看到）</label>
          <textarea id="submit-reason" rows={2} value={reason} onChange={(e) => {
            setReason(e.target.value);
            clear();
          }} aria-invalid={!!error} aria-describedby={error ? "submit-error" : undefined} autoFocus className="w-full rounded-md border bg-white px-3 py-2" placeholder="例如：部分指标按季度统计，10 月无新数据" />
          <div className="flex flex-wrap gap-2">
            <button type="button" aria-disabled={pending} onClick={() => !pending && send()} className="rounded-md bg-green-700 px-4 py-1.5 font-medium text-white aria-disabled:opacity-50">确认提交</button>
            <button type="button" aria-disabled={pending} onClick={() => { if (pending) return; setChecking(false); requestAnimationFrame(() => document.getElementById("submit-report")?.focus()); }} className="rounded-md border border-slate-500 bg-white px-4 py-1.5">返回继续填写</button>
          </div>
        </section>
      )}
      <div role="alert">{error && <p id="submit-error" data-field-error className="text-sm text-red-700">{error}</p>}</div>
    </div>
  );
}

function Missing({ title, items }: { title: string; items: Completeness["unfilled"] }) {
  if (items.length === 0) return null;
  return (
    <details open={items.length <= 12}>
      <summary className="cursor-pointer">{title}（{items.length} 项）</summary>
      <ul className="mt-1 max-h-48 list-disc overflow-auto pl-5">
        {items.map((m) => (
          <li key={m.indicatorId}><a href={`#row-${m.indicatorId}`} className="underline">{m.name}</a><span className="text-xs text-amber-800"> · {m.projectName}</span></li>
        ))}
      </ul>
    </details>
  );
}
