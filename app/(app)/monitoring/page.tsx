import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { load } from "@/app/guard";
import { MonitoringDateForm } from "@/components/monitoring-form";
import { MissingList, MonitoringSummaryTable } from "@/components/monitoring-tables";
import { requirePage } from "@/app/session";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { latestReportYear, monitoringReport, type MonitoringReport } from "@/lib/monitoring/report";

export const metadata: Metadata = { title: "绩效运行监控表" };

export default async function MonitoringPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const asOf = typeof params.asOf === "string" && params.asOf ? params.asOf : undefined;
  const dept = typeof params.dept === "string" ? params.dept : undefined;
  const actor = await requirePage("open:/monitoring");
  let report: MonitoringReport | null = null;
  let error: string | null = null;
  let year: number | null = null;
  try {
    report = await load(() => monitoringReport(db(), actor, { asOf, departmentId: dept }));
    year = report.year;
  } catch (caught) {
    if (!(caught instanceof AppError) || caught.code !== "VALIDATION") throw caught;
    error = caught.message;
    year = await latestReportYear(db(), actor, dept);
  }
  const query = (extra: Record<string, string> = {}) => new URLSearchParams({ ...(report ? { asOf: report.asOf } : {}), ...(dept ? { dept } : {}), ...extra }).toString();
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">绩效运行监控表</h1>
          <p className="mt-1 text-sm text-slate-700">
            {report ? `${report.department.code} ${report.department.name} · ${report.year} 年 ${report.period}（截至 ${report.asOf}）· ${report.projects.length} 个项目` : "项目支出绩效目标执行监控表"}
          </p>
        </div>
        <MonitoringDateForm asOf={report?.asOf ?? asOf ?? ""} year={year} error={error} hidden={{ dept }} />
      </div>
      {report && (
        <>
          <p id="monitoring-basis" className="text-sm text-slate-700">
            <span className="rounded-md border border-green-300 bg-green-50 px-2 py-0.5 text-green-900">{report.basis}</span>
            <span className="ml-2">监控表是报送财政的正式材料，只用审核通过的填报；数字与同一日期的总览一致。</span>
          </p>
          <MissingList report={report} />
          <div className="no-print flex flex-wrap items-center gap-3 text-sm">
            <a id="monitoring-xlsx" href={`/api/exports/monitoring?${query()}`} className="rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white">下载监控表 .xlsx（汇总 + 各项目）</a>
            <Link id="monitoring-print" href={`/monitoring/print?${query()}`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5">打印 / 存为 PDF</Link>
          </div>
          <section aria-labelledby="summary-heading" className="space-y-2">
            <h2 id="summary-heading" className="text-lg font-semibold">汇总（底色为有滞后、有风险或可能完不成指标的项目）</h2>
            <MonitoringSummaryTable report={report} projectHref={(id) => `/monitoring/print?${query({ project: id })}`} />
          </section>
        </>
      )}
    </div>
  );
}
