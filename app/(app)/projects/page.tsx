import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { load } from "@/app/guard";
import { AsOfForm } from "@/components/dashboard/as-of-form";
import { ListFilterForm } from "@/components/dashboard/list-filter-form";
import { ProjectTable } from "@/components/dashboard/project-table";
import { readScope } from "@/lib/auth/policy";
import { requireActor } from "@/app/session";
import { departmentOverview, filterProjects, parseFilters, projectTotals } from "@/lib/dashboard/queries";
import { db } from "@/lib/db/client";
import { formatWan } from "@/lib/money";
import { listProjects, visibleYears } from "@/lib/projects/queries";
import { YearSwitcher } from "@/components/year-switcher";
import { readYear } from "@/lib/fiscal-years";
import { DataBasis } from "@/components/dashboard/data-basis";
import { DRAFTS_PARAM, draftsHref, includeDrafts } from "@/lib/progress/reviewed";

export const metadata: Metadata = { title: "项目" };

export default async function ProjectsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const dept = typeof params.dept === "string" ? params.dept : undefined;
  const asOf = typeof params.asOf === "string" ? params.asOf : undefined;
  const actor = await requireActor();
  const drafts = includeDrafts(actor, params[DRAFTS_PARAM]);
  const list = await load(() => listProjects(db(), actor, { departmentId: dept, year: readYear(params.year) }));
  const overview = list.departmentId ? await load(() => departmentOverview(db(), actor, { departmentId: list.departmentId!, asOf, drafts, year: list.fiscalYear ?? undefined })) : null;
  const years = list.departmentId ? await visibleYears(db(), actor, { departmentId: list.departmentId, year: list.fiscalYear ?? undefined }) : null;
  const department = list.departments.find((d) => d.id === list.departmentId);
  const filters = parseFilters(params);
  const projects = overview ? filterProjects(overview, filters) : [];
  const totals = projectTotals(projects);
  const filtered = Boolean(filters.status || filters.unitId || filters.category || filters.warning);

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold text-slate-900">{list.fiscalYear ? `${list.fiscalYear} 年度项目` : "项目"}</h1>
          <p className="mt-1 text-sm text-slate-700">
            {department ? `${department.code} ${department.name} · ` : ""}
            {readScope(actor) === "unit" ? "本单位的项目支出及其绩效目标" : "全部项目支出及其绩效目标"}
            {overview && ` · 截至 ${overview.asOf}`}
          </p>
        </div>
        {overview && <AsOfForm asOf={overview.asOf} year={overview.year} hidden={{ dept, [DRAFTS_PARAM]: drafts ? "1" : "0" }} />}
      </div>
      {overview && <DataBasis label={overview.basis.label} drafts={drafts} href={(d) => draftsHref("/projects", params, d)} />}

      {years && <YearSwitcher years={years.years} current={years.current} path="/projects" params={params} />}

      {list.departments.length > 1 && (
        <nav aria-label="部门" className="flex flex-wrap gap-2 text-sm">
          {list.departments.map((d) => (
            <Link
              key={d.id}
              href={`/projects?dept=${d.id}&${DRAFTS_PARAM}=${drafts ? 1 : 0}`}
              aria-current={d.id === list.departmentId ? "page" : undefined}
              className={d.id === list.departmentId ? "rounded-full bg-brand-600 px-3 py-1 text-white" : "rounded-full border border-slate-300 bg-white px-3 py-1 hover:bg-brand-50"}
            >
              {d.code} {d.name}
            </Link>
          ))}
        </nav>
      )}

      {!overview ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">暂无项目。请联系系统管理员导入本年度的项目绩效目标表。</p>
      ) : (
        <>
          <ListFilterForm overview={overview} filters={filters} path="/projects" />
          <p className="text-sm text-slate-700" id="list-summary">
            {filtered ? "筛选出" : "共"} {projects.length} 个项目，预算 {formatWan(totals.adjustedBudget)} 万元，已支出 {formatWan(totals.spent)} 万元，执行率 {totals.executionRate ?? "—"}%
            {filtered && <Link href={`/projects?dept=${overview.department.id}&year=${overview.year}&asOf=${overview.asOf}&${DRAFTS_PARAM}=${drafts ? 1 : 0}`} className="ml-2 text-brand-700 underline">清除筛选</Link>}
          </p>
          <ProjectTable projects={projects} reviewed={overview.reviewed} asOf={overview.asOf} showUnit={overview.units.length > 1} caption="项目列表" total={{ label: "合计", budget: totals.adjustedBudget, spent: totals.spent, rate: totals.executionRate }} />
        </>
      )}
    </div>
  );
}
