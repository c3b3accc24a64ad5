import type { Metadata } from "next";
import Link from "next/link";
import { load } from "@/app/guard";
import { CheckInGrid } from "@/components/check-in-grid";
import { ReviewDecision } from "@/components/review-decision";
import { reviewReportAction } from "./actions";
import { TemplateUpload } from "@/components/template-upload";
import { requireActor } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { visibleYears } from "@/lib/projects/queries";
import { YearSwitcher } from "@/components/year-switcher";
import { monthView } from "@/lib/progress/month-view";
import { REPORT_STATUS_LABELS, reviewQueue } from "@/lib/progress/reports";

export const metadata: Metadata = { title: "月度填报" };

export default async function ProgressPage({ searchParams }: { searchParams: Promise<{ year?: string; month?: string }> }) {
  const params = await searchParams;
  const actor = await requireActor();
  const view = await load(() => monthView(db(), actor, { year: Number(params.year) || undefined, month: Number(params.month) || undefined }));
  const queue = actor.role === "REVIEWER" ? await reviewQueue(db(), actor) : [];
  const years = await visibleYears(db(), actor, { year: view.year });
  const status = view.report?.status ?? "DRAFT";
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">{actor.role === "REVIEWER" ? "月度填报审核" : "我的填报"}</h1>
          <p className="mt-1 text-sm text-slate-600">
            {view.unitName} · {view.year} 年 {view.month} 月 · 截至 {view.asOfDate} · 状态：
            <span id="report-status" className="font-medium">{REPORT_STATUS_LABELS[status]}</span>
            {view.todo > 0 && view.editable ? ` · 待填 ${view.todo} 项` : ""}
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
      {actor.role === "REVIEWER" && queue.length > 0 && (
        <div className="rounded-lg border border-brand-100 bg-brand-50 p-3 text-sm">
          待审核：
          {queue.map((r) => (
            <Link key={r.id} href={`/progress?year=${r.fiscalYear.year}&month=${r.month}`} className="ml-2 text-brand-700 underline">
              {r.fiscalYear.year} 年 {r.month} 月（{r._count.checkIns} 项）
            </Link>
          ))}
        </div>
      )}
      {view.editable && <TemplateUpload year={view.year} month={view.month} />}
      {/* The reviewer reads what was reported; the reporter sees every indicator, the unreported ones highlighted. */}
      <CheckInGrid key={`${view.year}-${view.month}`} year={view.year} month={view.month} rows={actor.role === "REVIEWER" ? view.rows.filter((r) => r.current) : view.rows} editable={view.editable} reportId={view.report?.id ?? null} canSubmit={actor.role === "REPORTER" && view.editable && !!view.report} />
      {actor.role === "REVIEWER" && view.report && status === "SUBMITTED" && <ReviewDecision decide={reviewReportAction.bind(null, view.report.id)} />}
    </div>
  );
}
