import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { Fragment } from "react";
import { load } from "@/app/guard";
import { requireActor } from "@/app/session";
import { WARNING_LABELS, type Execution } from "@/lib/budget/execution";
import { budgetOverview } from "@/lib/budget/queries";
import { db } from "@/lib/db/client";
import { visibleYears } from "@/lib/projects/queries";
import { YearSwitcher } from "@/components/year-switcher";
import { readYear } from "@/lib/fiscal-years";
import { formatWan } from "@/lib/money";
import { ExportLinks } from "@/components/export-links";
import { TableBox, TableHead, Th } from "@/components/ui/table";

export const metadata: Metadata = { title: "预算执行" };

const WARNING_STYLE = { NORMAL: "bg-green-100 text-green-800", WARNING: "bg-amber-100 text-amber-900", LAGGING: "bg-red-100 text-red-800" } as const;

function Row({ label, href, e, sub }: { label: string; href?: string; e: Execution; sub?: string }) {
  return (
    <tr>
      <th scope="row" data-label="部门 / 单位 / 项目" className="px-3 py-2 text-left font-normal">
        {href ? <Link href={href} className="text-brand-700 hover:underline">{label}</Link> : <span className="font-semibold">{label}</span>}
        {sub && <span className="ml-1 text-xs text-slate-500">{sub}</span>}
      </th>
      <td data-label="调整后预算（万元）" className="px-3 py-2 text-right tabular">{formatWan(e.adjustedBudget)}</td>
      <td data-label="已支出（万元）" className="px-3 py-2 text-right tabular">{formatWan(e.spent)}</td>
      <td data-label="执行率" className="px-3 py-2 text-right tabular">{e.executionRate ?? "—"}%</td>
      <td data-label="落后序时（点）" className="px-3 py-2 text-right tabular">{e.gapPoints ?? "—"}</td>
      <td data-label="预警" className="min-w-40 px-3 py-2">
        {e.warning && <span className={`rounded px-1.5 py-0.5 text-xs whitespace-nowrap ${WARNING_STYLE[e.warning]}`}>{WARNING_LABELS[e.warning]}</span>}
        {e.overspent && <span className="ml-1 rounded bg-red-600 px-1.5 py-0.5 text-xs whitespace-nowrap text-white">超预算</span>}
        {/* Why, as text: a title would be out of reach of the keyboard and of touch. */}
        <span data-explanation className="mt-0.5 block text-xs text-slate-600">{e.explanation}</span>
      </td>
    </tr>
  );
}

export default async function BudgetOverviewPage({ searchParams }: { searchParams: Promise<{ asOf?: string; dept?: string; year?: string }> }) {
  const params = await searchParams;
  const { asOf, dept } = params;
  const actor = await requireActor();
  const o = await load(() => budgetOverview(db(), actor, { asOf, departmentId: dept, year: readYear(params.year) }));
  const years = o.department && o.year ? await visibleYears(db(), actor, { departmentId: o.department.id, year: o.year }) : null;
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">预算执行</h1>
          <p className="mt-1 text-sm text-slate-600">{o.department ? `${o.department.code} ${o.department.name} · ${o.year} 年度 · 截至 ${o.asOf}` : "暂无项目"}</p>
        </div>
        <form className="no-print flex items-end gap-2 text-sm">
          <label htmlFor="asOf" className="text-slate-600">截至日期</label>
          <input id="asOf" name="asOf" type="date" defaultValue={o.asOf} className="rounded-md border border-slate-300 px-2 py-1" />
          {dept && <input type="hidden" name="dept" value={dept} />}
          {o.year && <input type="hidden" name="year" value={o.year} />}
          <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1">查看</button>
        </form>
        {o.department && <ExportLinks href={`/api/exports/budget?${new URLSearchParams({ ...(o.year ? { year: String(o.year) } : {}), asOf: o.asOf, dept: o.department.id }).toString()}`} />}
      </div>
      {years && <YearSwitcher years={years.years} current={years.current} path="/budget" params={params} />}
      {o.total && <p id="overview-explanation" className="text-sm text-slate-700">{o.total.explanation}</p>}
      {o.total && (
        <TableBox>
          <table className="stack-table w-full text-sm">
            <caption className="sr-only">部门、单位和项目的预算执行</caption>
            <TableHead wrap className="align-bottom">
              <tr>
                <Th>部门 / 单位 / 项目</Th>
                <Th numeric>调整后预算（万元）</Th>
                <Th numeric>已支出（万元）</Th>
                <Th numeric>执行率</Th>
                <Th numeric>落后序时（点）</Th>
                <Th>预警</Th>
              </tr>
            </TableHead>
            <tbody className="divide-y divide-slate-100">
              <Row label="部门合计" e={o.total} sub={`序时进度 ${o.total.timeProgress}%`} />
              {o.units.map((u) => (
                <Fragment key={u.id}>
                  <Row label={`${u.code} ${u.name}`} e={u.execution} />
                  {o.projects.filter((p) => p.unitId === u.id).map((p) => (
                    <Row key={p.id} label={`　${p.name}`} href={`/projects/${p.id}/budget?asOf=${o.asOf}`} e={p.execution} />
                  ))}
                </Fragment>
              ))}
            </tbody>
          </table>
        </TableBox>
      )}
    </div>
  );
}
