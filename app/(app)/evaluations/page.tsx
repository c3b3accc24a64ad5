import type { Metadata } from "next";
import Link from "next/link";
import { load } from "@/app/guard";
import { requireActor } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { EVALUATION_STATUS_LABELS, evaluationViews } from "@/lib/evaluation/service";
import type { Grade } from "@/lib/evaluation/types";

export const metadata: Metadata = { title: "绩效自评" };

const GRADES: Grade[] = ["优", "良", "中", "差"];

export default async function EvaluationsPage({ searchParams }: { searchParams: Promise<{ dept?: string }> }) {
  const { dept } = await searchParams;
  const actor = await requireActor();
  const views = await load(() => evaluationViews(db(), actor, { departmentId: dept }));
  const year = views[0]?.project.year;
  const grades = Object.fromEntries(GRADES.map((g) => [g, views.filter((v) => v.outcome.ok && v.outcome.result.grade === g).length]));
  const query = dept ? `dept=${dept}&` : "";
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">{year ? `${year} 年度` : ""}绩效自评</h1>
          <p className="mt-1 text-sm text-slate-700">
            共 {views.length} 个项目 · 已审核 {views.filter((v) => v.status === "APPROVED").length} 个 · {GRADES.map((g) => `${g} ${grades[g]}`).join("、")}
          </p>
        </div>
        {views.length > 0 && (
          <div className="flex flex-wrap gap-2 text-sm">
            <a href={`/api/evaluation/xlsx?${query}`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50">导出全部（Excel）</a>
            <a href={`/api/evaluation/xlsx?${query}public=1`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50">导出公开版</a>
          </div>
        )}
      </div>
      {views.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">暂无项目。</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-sm">
            <caption className="sr-only">各项目绩效自评得分与等级</caption>
            <thead className="bg-slate-50 text-left whitespace-nowrap text-slate-700">
              <tr>
                <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">单位</th>
                <th scope="col" className="px-3 py-2 font-medium">项目</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">执行率</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">总分</th>
                <th scope="col" className="px-3 py-2 font-medium">等级</th>
                <th scope="col" className="px-3 py-2 font-medium">状态</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {views.map((v) => (
                <tr key={v.project.id}>
                  <td className="hidden px-3 py-2 text-slate-700 md:table-cell">{v.project.unitName}</td>
                  <td className="px-3 py-2"><Link href={`/projects/${v.project.id}/evaluation`} className="text-brand-700 hover:underline">{v.project.name}</Link></td>
                  <td className="px-3 py-2 text-right tabular">{v.outcome.ok ? `${v.outcome.result.executionRate ?? "—"}%` : "—"}</td>
                  <td className="px-3 py-2 text-right font-medium tabular">{v.outcome.ok ? v.outcome.result.total : "—"}</td>
                  <td className="px-3 py-2">{v.outcome.ok ? v.outcome.result.grade : <span className="text-red-700">填写有误</span>}</td>
                  <td className="px-3 py-2 text-slate-700">{v.status ? EVALUATION_STATUS_LABELS[v.status] : "未填写（预填）"}{v.outcome.ok && v.outcome.result.indicators.some((l) => l.overridden) && <span className="ml-1 text-xs text-amber-800">含调整</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="text-xs text-slate-600">未填写的项目按年度最后一次填报和全年支出预填计分，提交前由填报人核对。</p>
    </div>
  );
}
