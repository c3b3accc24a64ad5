import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { load } from "@/app/guard";
import { AsOfForm } from "@/components/dashboard/as-of-form";
import { ListFilterForm } from "@/components/dashboard/list-filter-form";
import { StatusBadge } from "@/components/status-badge";
import { requireActor } from "@/app/session";
import { departmentOverview, filterIndicators, parseFilters } from "@/lib/dashboard/queries";
import { db } from "@/lib/db/client";
import { YearSwitcher } from "@/components/year-switcher";
import { readYear } from "@/lib/fiscal-years";
import { visibleYears } from "@/lib/projects/queries";
import { STATUS_LABELS } from "@/lib/progress/status";
import { DataBasis, DraftMark } from "@/components/dashboard/data-basis";
import { DRAFTS_PARAM, draftsHref, includeDrafts } from "@/lib/progress/reviewed";
import { TableBox, TableHead, Th } from "@/components/ui/table";

export const metadata: Metadata = { title: "绩效指标" };

export default async function IndicatorsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const one = (key: string) => (typeof params[key] === "string" ? (params[key] as string) : undefined);
  const actor = await requireActor();
  const drafts = includeDrafts(actor, params[DRAFTS_PARAM]);
  const overview = await load(() => departmentOverview(db(), actor, { departmentId: one("dept"), asOf: one("asOf"), drafts, year: readYear(params.year) }));
  if (!overview) return <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">暂无项目。</p>;
  const years = await visibleYears(db(), actor, { departmentId: overview.department.id, year: overview.year });
  const filters = parseFilters(params);
  const indicators = filterIndicators(overview, filters);
  const unit = overview.units.find((u) => u.id === filters.unitId);
  const heading = [unit?.name, filters.risk ? "有风险或滞后的" : filters.status ? `${STATUS_LABELS[filters.status]}的` : "", filters.category ? `${filters.category}` : ""].filter(Boolean).join(" · ");

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">绩效指标{heading && <span className="ml-2 text-lg font-normal text-slate-700">{heading}</span>}</h1>
          <p className="mt-1 text-sm text-slate-700">{overview.department.name} · {overview.year} 年度 · 截至 {overview.asOf} · <span id="list-summary">共 {indicators.length} 个指标</span>
            <Link href={`/indicators?dept=${overview.department.id}&year=${overview.year}&asOf=${overview.asOf}&${DRAFTS_PARAM}=${drafts ? 1 : 0}`} className="ml-2 text-brand-700 underline">清除筛选</Link>
          </p>
        </div>
        <AsOfForm asOf={overview.asOf} year={overview.year} hidden={{ dept: overview.department.id, status: filters.status, unit: filters.unitId, category: filters.category, risk: filters.risk ? "1" : undefined, [DRAFTS_PARAM]: drafts ? "1" : "0" }} />
      </div>
      {years && <YearSwitcher years={years.years} current={years.current} path="/indicators" params={params} />}
      <DataBasis label={overview.basis.label} drafts={drafts} href={(d) => draftsHref("/indicators", params, d)} />
      <ListFilterForm overview={overview} filters={filters} path="/indicators" />
      {indicators.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">没有符合条件的指标。</p>
      ) : (
        <TableBox>
          <table className="stack-table w-full text-sm">
            <caption className="sr-only">绩效指标列表</caption>
            <TableHead>
              <tr>
                <Th>指标</Th>
                <Th>项目</Th>
                <Th numeric>目标</Th>
                <Th numeric>最新完成值</Th>
                <Th>状态</Th>
                <Th>原因</Th>
              </tr>
            </TableHead>
            <tbody className="divide-y divide-slate-100">
              {indicators.map((i) => (
                <tr key={i.id} className="align-top">
                  <td data-label="指标" className="px-3 py-2">
                    <Link href={`/indicators/${i.id}`} className="text-brand-700 hover:underline">{i.name}</Link>
                    <span className="block text-xs text-slate-600">{i.category}</span>
                  </td>
                  <td data-label="项目" className="px-3 py-2"><Link href={`/projects/${i.projectId}`} className="underline">{i.projectName}</Link></td>
                  <td data-label="目标" className="px-3 py-2 whitespace-nowrap tabular sm:text-right">{i.target}</td>
                  <td data-label="最新完成值" className="px-3 py-2 tabular sm:text-right">
                    {i.latest?.actual ?? "—"}
                    {i.draft && <DraftMark reviewed={overview.reviewed?.indicators[i.id]?.actual ?? null} />}
                    {i.latest && <span className="block text-xs text-slate-600">{i.latest.asOfDate}</span>}
                  </td>
                  <td data-label="状态" className="px-3 py-2">
                    <StatusBadge status={i.status} />
                    {overview.reviewed && overview.reviewed.indicators[i.id]?.status !== i.status && <DraftMark reviewed={STATUS_LABELS[overview.reviewed.indicators[i.id]!.status]} />}
                  </td>
                  <td data-label="原因" className="px-3 py-2 text-slate-700">{i.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableBox>
      )}
    </div>
  );
}
