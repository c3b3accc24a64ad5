import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { load } from "@/app/guard";
import { CheckInGrid } from "@/app/(app)/progress/_components/check-in-grid";
import { ReportHistory } from "@/components/report-history";
import { ReviewDecision } from "@/components/review-decision";
import { reviewReportAction } from "./actions";
import { TemplateUpload } from "@/app/(app)/progress/_components/template-upload";
import { requireActor } from "@/app/session";
import { db } from "@/lib/db/client";
import { visibleYears } from "@/lib/projects/queries";
import { YearSwitcher } from "@/components/year-switcher";
import { completenessText, isComplete } from "@/lib/progress/completeness";
import { monthView } from "@/lib/progress/month-view";
import { reportHistory, reviewQueue } from "@/lib/progress/reports";
import { REVIEW_STATUS_LABELS } from "@/lib/review/workflow";

export const metadata: Metadata = { title: "月度填报" };

export default async function ProgressPage({ searchParams }: { searchParams: Promise<{ year?: string; month?: string }> }) {
  const params = await searchParams;
  const actor = await requireActor();
  const view = await load(() => monthView(db(), actor, { year: Number(params.year) || undefined, month: Number(params.month) || undefined }));
  const [queue, history, years] = await Promise.all([
    view.can.review ? reviewQueue(db(), actor) : [],
    view.report ? reportHistory(db(), actor, view.report.id) : [],
    visibleYears(db(), actor, { year: view.year }),
  ]);
  const status = view.report?.status ?? "DRAFT";
  const c = view.completeness;
  const submission = history.findLast((h) => h.action === "SUBMIT");
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">{view.can.review ? "月度填报审核" : "我的填报"}</h1>
          <p className="mt-1 text-sm text-slate-700">
            {view.unitName} · {view.year} 年 {view.month} 月 · 截至 {view.asOfDate} · 状态：
            <span id="report-status" className="font-medium">{REVIEW_STATUS_LABELS[status]}</span>
            {" · "}
            <span id="report-completeness" className={isComplete(c) ? "text-green-800" : "text-amber-900"}>已填 {c.filled}/{c.expected}</span>
          </p>
        </div>
        <nav aria-label="月份" className="flex flex-wrap gap-1 text-sm">
          {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => (
            <Link key={m} href={`/progress?year=${view.year}&month=${m}`} aria-current={m === view.month ? "page" : undefined} className={m === view.month ? "rounded bg-brand-600 px-2 py-1 text-white" : "rounded border border-slate-300 bg-white px-2 py-1 hover:bg-brand-50"}>
              {m}月
            </Link>
          ))}
        </nav>
      </div>
      {years && <YearSwitcher years={years.years} current={years.current} path="/progress" params={params} />}
      {view.report?.comment && (
        <p className={`rounded-md border px-3 py-2 text-sm ${status === "RETURNED" ? "border-amber-300 bg-amber-50 text-amber-900" : "border-slate-200 bg-white"}`}>审核意见：{view.report.comment}</p>
      )}
      {view.can.review && queue.length > 0 && (
        <section aria-labelledby="queue-heading" className="rounded-lg border border-brand-100 bg-brand-50 p-3 text-sm">
          <h2 id="queue-heading" className="font-medium">待审核</h2>
          <ul className="mt-1 space-y-1">
            {queue.map((r) => (
              <li key={r.id}>
                <Link href={`/progress?year=${r.year}&month=${r.month}`} className="text-brand-700 underline">{r.year} 年 {r.month} 月</Link>
                {r.filled !== null && <span className={`ml-2 ${r.complete ? "text-slate-700" : "font-medium text-amber-900"}`}>已填 {r.filled}/{r.expected}</span>}
                {r.missing && r.missing.unfilled.length > 0 && <span className="ml-2 text-slate-700">未填：{r.missing.unfilled.slice(0, 3).join("、")}{r.missing.unfilled.length > 3 ? ` 等 ${r.missing.unfilled.length} 项` : ""}</span>}
                {r.reason && <span className="ml-2 text-slate-700">提交原因：{r.reason}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {view.can.review && view.report && !isComplete(c) && (
        <section id="review-completeness" aria-labelledby="completeness-heading" className="space-y-1 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
          <h2 id="completeness-heading" className="font-semibold">本月填报不完整：{completenessText(c)}</h2>
          {submission?.comment && <p>填报人提交时说明：{submission.comment}</p>}
          {c.unfilled.length > 0 && (
            <details open={c.unfilled.length <= 12}>
              <summary className="cursor-pointer">未填实际完成值的指标（{c.unfilled.length} 项）</summary>
              <ul className="mt-1 max-h-48 list-disc overflow-auto pl-5">{c.unfilled.map((m) => <li key={m.indicatorId}>{m.name}<span className="text-xs text-amber-800"> · {m.projectName}</span></li>)}</ul>
            </details>
          )}
          {c.unexplained.length > 0 && <p>需说明偏差原因和纠偏措施而未填：{c.unexplained.map((m) => m.name).join("、")}</p>}
        </section>
      )}
      {view.editable && <TemplateUpload year={view.year} month={view.month} />}
      {/* The reviewer reads what was reported; the reporter sees every indicator, the unreported ones highlighted. */}
      <CheckInGrid
        key={`${view.year}-${view.month}`}
        year={view.year}
        month={view.month}
        rows={view.can.review ? view.rows.filter((r) => r.current) : view.rows}
        editable={view.editable}
        reportId={view.can.submit ? (view.report?.id ?? null) : null}
        completeness={c}
      />
      {view.can.decide && view.report && (
        <ReviewDecision decide={reviewReportAction.bind(null, view.report.id)} incomplete={isComplete(c) ? null : completenessText(c)} statusId="report-status" />
      )}
      <ReportHistory entries={history} />
    </div>
  );
}
