import type { Metadata } from "next";
import Link from "next/link";
import { load } from "@/app/guard";
import { requireActor } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { listProjects } from "@/lib/projects/queries";

export const metadata: Metadata = { title: "项目" };

export default async function ProjectsPage({ searchParams }: { searchParams: Promise<{ dept?: string }> }) {
  const { dept } = await searchParams;
  const actor = await requireActor();
  const list = await load(() => listProjects(db(), actor, { departmentId: dept }));
  const department = list.departments.find((d) => d.id === list.departmentId);
  const units = new Set(list.projects.map((p) => p.unitCode));

  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold text-slate-900">{list.fiscalYear ? `${list.fiscalYear} 年度项目` : "项目"}</h1>
        <p className="mt-1 text-sm text-slate-600">
          {department ? `${department.code} ${department.name} · ` : ""}
          {actor.role === "REPORTER" || actor.role === "REVIEWER" ? "本单位的项目支出及其绩效目标" : "全部项目支出及其绩效目标"}
        </p>
      </div>

      {list.departments.length > 1 && (
        <nav aria-label="部门" className="flex flex-wrap gap-2 text-sm">
          {list.departments.map((d) => (
            <Link
              key={d.id}
              href={`/projects?dept=${d.id}`}
              aria-current={d.id === list.departmentId ? "page" : undefined}
              className={d.id === list.departmentId ? "rounded-full bg-brand-600 px-3 py-1 text-white" : "rounded-full border border-slate-300 bg-white px-3 py-1 hover:bg-brand-50"}
            >
              {d.code} {d.name}
            </Link>
          ))}
        </nav>
      )}

      <dl className="grid grid-cols-3 gap-3">
        <Figure label="项目" value={String(list.projects.length)} unit="个" />
        <Figure label="预算资金" value={list.totalBudgetWan} unit="万元" />
        <Figure label="绩效指标" value={String(list.totalIndicators)} unit="个" />
      </dl>

      {list.projects.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">
          暂无项目。请联系系统管理员导入本年度的项目绩效目标表。
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-sm">
            <caption className="sr-only">项目列表</caption>
            <thead className="bg-slate-50 text-left whitespace-nowrap text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">序号</th>
                {units.size > 1 && <th scope="col" className="hidden px-3 py-2 font-medium sm:table-cell">单位</th>}
                <th scope="col" className="px-3 py-2 font-medium">项目名称</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">预算（万元）</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">指标</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {list.projects.map((p) => (
                <tr key={p.id} className="hover:bg-brand-50">
                  <td className="px-3 py-2 text-slate-500 tabular">{p.seq}</td>
                  {units.size > 1 && (
                    <td className="hidden px-3 py-2 text-slate-600 sm:table-cell">
                      <span className="text-slate-400">{p.unitCode}</span> {p.unitName}
                    </td>
                  )}
                  <td className="px-3 py-2">
                    <Link href={`/projects/${p.id}`} className="text-brand-700 hover:underline">
                      {p.name}
                    </Link>
                  </td>
                  <td className="px-3 py-2 text-right tabular">{p.budgetWan}</td>
                  <td className="px-3 py-2 text-right tabular">{p.indicatorCount}</td>
                </tr>
              ))}
            </tbody>
            <tfoot className="border-t border-slate-200 bg-slate-50 font-medium">
              <tr>
                <td className="px-3 py-2 whitespace-nowrap">合计</td>
                {units.size > 1 && <td className="hidden sm:table-cell" />}
                <td />
                <td className="px-3 py-2 text-right tabular">{list.totalBudgetWan}</td>
                <td className="px-3 py-2 text-right tabular">{list.totalIndicators}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </div>
  );
}

function Figure({ label, value, unit }: { label: string; value: string; unit: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-3 sm:p-4">
      <dt className="text-xs text-slate-500 sm:text-sm">{label}</dt>
      <dd className="mt-1 text-lg font-semibold tabular text-slate-900 sm:text-2xl">
        {value}
        <span className="ml-1 text-xs font-normal text-slate-500 sm:text-sm">{unit}</span>
      </dd>
    </div>
  );
}
