import type { Metadata } from "next";
import { load } from "@/app/guard";
import { ExecutionChart } from "@/components/charts/execution-chart";
import { AsOfForm } from "@/components/dashboard/as-of-form";
import { ExecutionFigures } from "@/components/dashboard/figures";
import { EvaluationSummary } from "@/components/dashboard/projection";
import { StatusCountLinks } from "@/components/dashboard/status-counts";
import { UnitTable } from "@/components/dashboard/unit-table";
import { WarningList } from "@/components/dashboard/warning-list";
import { can } from "@/lib/auth/policy";
import { requireActor } from "@/app/session";
import { departmentOverview, listHref } from "@/lib/dashboard/queries";
import { DataBasis } from "@/components/dashboard/data-basis";
import { DRAFTS_PARAM, draftsHref, includeDrafts } from "@/lib/progress/reviewed";
import { db } from "@/lib/db/client";
import { YearComparisonTable } from "@/components/dashboard/year-comparison";
import { YearSwitcher } from "@/components/year-switcher";
import { lastYearAtSameDate } from "@/lib/dashboard/compare";
import { readYear } from "@/lib/fiscal-years";
import { visibleYears } from "@/lib/projects/queries";
import { ExportLinks } from "@/components/export-links";
import { LateUnits } from "@/components/late-units";
import { latenessFor } from "@/lib/deadlines/lateness";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "总览" };

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const asOf = typeof params.asOf === "string" ? params.asOf : undefined;
  const dept = typeof params.dept === "string" ? params.dept : undefined;
  const actor = await requireActor();
  const drafts = includeDrafts(actor, params[DRAFTS_PARAM]);
  const o = await load(() => departmentOverview(db(), actor, { asOf, departmentId: dept, drafts, year: readYear(params.year) }));
  if (!o) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-bold">总览</h1>
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">暂无项目。请联系系统管理员导入本年度的项目绩效目标表。</p>
      </div>
    );
  }
  const href = (path: string, filters: Parameters<typeof listHref>[2]) => listHref(path, o, filters);
  const [years, comparison] = await Promise.all([visibleYears(db(), actor, { departmentId: o.department.id, year: o.year }), lastYearAtSameDate(db(), actor, o, { drafts })]);
  const late = can(actor, "lateness.read") && actor.departmentId === o.department.id ? await latenessFor(db(), actor) : null;
  const exportQuery = new URLSearchParams({ year: String(o.year), asOf: o.asOf, dept: o.department.id, [DRAFTS_PARAM]: drafts ? "1" : "0" });
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">总览</h1>
          <p className="mt-1 text-sm text-slate-700">{o.department.code} {o.department.name} · {o.year} 年度 · 截至 {o.asOf}</p>
        </div>
        <AsOfForm asOf={o.asOf} year={o.year} hidden={{ dept, [DRAFTS_PARAM]: drafts ? "1" : "0" }} />
        <ExportLinks href={`/api/exports/overview?${exportQuery.toString()}`} />
      </div>
      {years && <YearSwitcher years={years.years} current={years.current} path="/dashboard" params={params} />}
      {late && <LateUnits late={late} />}
      <DataBasis label={o.basis.label} drafts={drafts} href={(d) => draftsHref("/dashboard", params, d)} />

      <ExecutionFigures execution={o.total} id="overview-explanation" />

      <Card aria-labelledby="chart-heading">
        <h2 id="chart-heading" className="sr-only">执行进度</h2>
        <ExecutionChart series={o.series} />
      </Card>

      <Card className="space-y-4" aria-labelledby="status-heading">
        <h2 id="status-heading" className="text-lg font-semibold">绩效状态</h2>
        <StatusCountLinks label="项目" counts={o.projectCounts} reviewed={o.reviewed?.projectCounts} href={(status) => href("/projects", { status })} />
        <StatusCountLinks label="指标" counts={o.indicatorCounts} reviewed={o.reviewed?.indicatorCounts} href={(status) => href("/indicators", { status })} />
      </Card>

      <Card aria-labelledby="warnings-heading">
        <h2 id="warnings-heading" className="text-lg font-semibold">
          预警<span className="ml-2 text-sm font-normal text-slate-600">红色 {o.warnings.filter((w) => w.level === "red").length} 项 · 黄色 {o.warnings.filter((w) => w.level === "yellow").length} 项</span>
        </h2>
        <WarningList warnings={o.warnings} asOf={o.asOf} moreHref={(warning) => href("/projects", { warning })} />
      </Card>

      {comparison && <YearComparisonTable comparison={comparison} />}

      <EvaluationSummary overview={o} />

      <section className="space-y-2" aria-labelledby="units-heading">
        <h2 id="units-heading" className="text-lg font-semibold">
          各单位<span className="ml-2 text-sm font-normal text-slate-600">{o.month} 月填报：{o.reporting.reported}/{o.reporting.expected} 个指标（{o.reporting.percent ?? "—"}%）</span>
        </h2>
        <UnitTable overview={o} indicatorsHref={(unit) => href("/indicators", { unit, risk: "1" })} />
      </section>
    </div>
  );
}
