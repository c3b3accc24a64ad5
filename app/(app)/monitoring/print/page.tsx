import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { load } from "@/app/guard";
import { MonitoringProjectTable, MonitoringSummaryTable, SignOff } from "@/components/monitoring-tables";
import { PrintButton } from "@/components/print-button";
import { requirePage } from "@/app/session";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { monitoringReport } from "@/lib/monitoring/report";

export const metadata: Metadata = { title: "绩效运行监控表（打印）" };

/** The monitoring report laid out for A4 landscape: the summary, then one project per page (or one project alone). */
export default async function MonitoringPrintPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const one = (key: string) => (typeof params[key] === "string" && params[key] ? (params[key] as string) : undefined);
  const actor = await requirePage("open:/monitoring");
  const projectId = one("project");
  let report;
  try {
    report = await load(() => monitoringReport(db(), actor, { asOf: one("asOf"), departmentId: one("dept"), projectId }));
  } catch (caught) {
    if (!(caught instanceof AppError) || caught.code !== "VALIDATION") throw caught;
    return (
      <div className="space-y-3">
        <p role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-red-800">{caught.message}</p>
        <Link href="/monitoring" className="text-brand-700 underline">返回监控表</Link>
      </div>
    );
  }
  const back = new URLSearchParams({ asOf: report.asOf, ...(one("dept") ? { dept: one("dept")! } : {}) });
  return (
    <div className="monitoring-print space-y-6">
      <div className="no-print flex flex-wrap items-center gap-3 text-sm">
        <Link href={`/monitoring?${back.toString()}`} className="text-brand-700 underline">返回监控表</Link>
        <a href={`/api/exports/monitoring?${back.toString()}${projectId ? `&project=${projectId}` : ""}`} className="text-brand-700 underline">下载 .xlsx</a>
        <PrintButton />
        <span className="text-slate-600">A4 横向打印；每个项目从新的一页开始，表头在每页重复。</span>
      </div>
      {!projectId && (
        <article className="monitoring-sheet space-y-2">
          <h1 className="text-center text-xl font-bold">绩效运行监控汇总表</h1>
          <p className="text-center text-sm">（{report.year} 年 {report.period}）</p>
          <div className="flex flex-wrap justify-between gap-2 text-xs">
            <span>主管部门：{report.department.code} {report.department.name}</span>
            <span>截至 {report.asOf} · 金额单位：万元 · {report.basis}</span>
          </div>
          <MonitoringSummaryTable report={report} />
          <p className="text-xs">注：底色标出的项目有滞后、有风险或完成目标可能性为“有可能”“完全不可能”的指标；执行率 = 执行数 ÷ 调整后预算数，合计行为金额合计之比；数据为审核通过的填报。</p>
          <SignOff />
        </article>
      )}
      {report.projects.map((p) => <MonitoringProjectTable key={p.id} report={report} project={p} />)}
    </div>
  );
}
