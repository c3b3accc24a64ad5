import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { load } from "@/app/guard";
import { ExecutionChart } from "@/components/charts/execution-chart";
import { AsOfForm } from "@/components/dashboard/as-of-form";
import { ExecutionFigures } from "@/components/dashboard/figures";
import { ProjectTable } from "@/components/dashboard/project-table";
import { StatusCountLinks } from "@/components/dashboard/status-counts";
import { WarningList } from "@/components/dashboard/warning-list";
import { requireActor } from "@/app/session";
import { listHref, projectTotals, unitOverview } from "@/lib/dashboard/queries";
import { db } from "@/lib/db/client";
import { YearComparisonTable } from "@/components/dashboard/year-comparison";
import { YearSwitcher } from "@/components/year-switcher";
import { lastYearAtSameDate } from "@/lib/dashboard/compare";
import { readYear } from "@/lib/fiscal-years";
import { visibleYears } from "@/lib/projects/queries";
import { REVIEW_STATUS_LABELS } from "@/lib/review/workflow";
import { DataBasis } from "@/components/dashboard/data-basis";
import { ExportLinks } from "@/components/export-links";
import { DRAFTS_PARAM, draftsHref, includeDrafts } from "@/lib/progress/reviewed";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "单位" };

export default async function UnitPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const asOf = typeof query.asOf === "string" ? query.asOf : undefined;
  const actor = await requireActor();
  const drafts = includeDrafts(actor, query[DRAFTS_PARAM]);
  const o = await load(() => unitOverview(db(), actor, id, { asOf, drafts, year: readYear(query.year) }));
  const [years, comparison] = await Promise.all([visibleYears(db(), actor, { departmentId: o.department.id, year: o.year }), lastYearAtSameDate(db(), actor, o, { unitId: o.unit.id, drafts })]);
  const href = (path: string, filters: Parameters<typeof listHref>[2]) => listHref(path, o, { unit: o.unit.id, ...filters });
  const totals = projectTotals(o.projects);
  return (
    <div className="space-y-6">
      <nav aria-label="位置" className="text-sm text-slate-600">
        <Link href={`/dashboard?year=${o.year}&asOf=${o.asOf}&${DRAFTS_PARAM}=${drafts ? 1 : 0}`} className="hover:underline">总览</Link>
        <span className="mx-2">/</span>
        <span>{o.unit.name}</span>
      </nav>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">{o.unit.name}</h1>
          <p className="mt-1 text-sm text-slate-700">{o.unit.code} · {o.department.name} · {o.year} 年度 · 截至 {o.asOf}</p>
        </div>
        <AsOfForm asOf={o.asOf} year={o.year} hidden={{ [DRAFTS_PARAM]: drafts ? "1" : "0" }} />
        <ExportLinks href={`/api/exports/unit?${new URLSearchParams({ unit: o.unit.id, year: String(o.year), asOf: o.asOf, [DRAFTS_PARAM]: drafts ? "1" : "0" }).toString()}`} />
      </div>
      {years && <YearSwitcher years={years.years} current={years.current} path={`/units/${o.unit.id}`} params={query} />}
      <DataBasis label={o.basis.label} drafts={drafts} href={(d) => draftsHref(`/units/${o.unit.id}`, query, d)} />
      <ExecutionFigures execution={o.total} />
      <Card aria-label="执行进度">
        <ExecutionChart series={o.series} title={`${o.unit.name}累计预算执行率与序时进度`} />
      </Card>
      <Card className="space-y-4" aria-labelledby="status-heading">
        <h2 id="status-heading" className="text-lg font-semibold">
          绩效状态
          <span className="ml-2 text-sm font-normal text-slate-600">
            {o.month} 月填报：{o.unit.reported}/{o.unit.indicatorCount} 个指标（{o.unit.completeness ?? "—"}%）· {o.unit.reportStatus ? REVIEW_STATUS_LABELS[o.unit.reportStatus] : "未开始"}
          </span>
        </h2>
        <StatusCountLinks label="项目" counts={o.projectCounts} reviewed={o.reviewed?.projectCounts} href={(status) => href("/projects", { status })} />
        <StatusCountLinks label="指标" counts={o.indicatorCounts} reviewed={o.reviewed?.indicatorCounts} href={(status) => href("/indicators", { status })} />
      </Card>
      {comparison && <YearComparisonTable comparison={comparison} />}
      <Card aria-labelledby="warnings-heading">
        <h2 id="warnings-heading" className="text-lg font-semibold">预警</h2>
        <WarningList warnings={o.warnings} asOf={o.asOf} moreHref={(warning) => href("/projects", { warning })} />
      </Card>
      <section className="space-y-2" aria-labelledby="projects-heading">
        <h2 id="projects-heading" className="text-lg font-semibold">项目</h2>
        <ProjectTable projects={o.projects} reviewed={o.reviewed} asOf={o.asOf} showUnit={false} caption={`${o.unit.name}的项目`} total={{ label: "合计", budget: totals.adjustedBudget, spent: totals.spent, rate: totals.executionRate }} />
      </section>
    </div>
  );
}
