import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { load } from "@/app/guard";
import { FigureKindBadge, GradeBadge } from "@/components/dashboard/projection";
import { requireActor } from "@/app/session";
import { db } from "@/lib/db/client";
import type { FigureKind } from "@/lib/evaluation/figure";
import { evaluationViews } from "@/lib/evaluation/service";
import { YearSwitcher } from "@/components/year-switcher";
import { readYear } from "@/lib/fiscal-years";
import { visibleYears } from "@/lib/projects/queries";
import type { Grade } from "@/lib/evaluation/types";
import { TableBox, TableHead, Th } from "@/components/ui/table";

export const metadata: Metadata = { title: "绩效自评" };

const GRADES: Grade[] = ["优", "良", "中", "差"];
const KINDS: FigureKind[] = ["已审核", "已提交", "草稿", "预测"];

export default async function EvaluationsPage({ searchParams }: { searchParams: Promise<{ dept?: string; year?: string }> }) {
  const params = await searchParams;
  const { dept } = params;
  const actor = await requireActor();
  const views = await load(() => evaluationViews(db(), actor, { departmentId: dept, year: readYear(params.year) }));
  const year = views[0]?.project.year;
  const years = year ? await visibleYears(db(), actor, { departmentId: dept, year }) : null;
  const units = [...new Map(views.map((v) => [v.project.unitId, v.project.unitName])).entries()];
  const figures = views.map((v) => v.figure);
  const count = (test: (f: (typeof figures)[number]) => boolean) => figures.filter(test).length;
  const approved = count((f) => f.kind === "已审核");
  const query = `${dept ? `dept=${dept}&` : ""}${year ? `year=${year}&` : ""}`;
  const asOf = figures.find((f) => f.asOf)?.asOf;
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">{year ? `${year} 年度` : ""}绩效自评</h1>
          <p id="evaluation-counts" className="mt-1 text-sm text-slate-700">
            共 {views.length} 个项目 · {KINDS.map((k) => `${k === "预测" ? "未填写（预测）" : k} ${count((f) => f.kind === k)} 个`).join(" · ")} · {GRADES.map((g) => `${g} ${count((f) => f.grade === g)}`).join("、")}
          </p>
        </div>
        {views.length > 0 && (
          <div className="flex flex-wrap gap-2 text-sm">
            <a href={`/api/evaluation/xlsx?${query}`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50">导出全部（Excel）</a>
            {approved > 0 ? (
              <a href={`/api/evaluation/xlsx?${query}public=1`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50">导出公开版</a>
            ) : (
              <span className="rounded-md border border-dashed border-slate-300 px-3 py-1.5 text-slate-600">导出公开版（尚无审核通过的自评）</span>
            )}
          </div>
        )}
      </div>
      {years && <YearSwitcher years={years.years} current={years.current} path="/evaluations" params={params} />}
      {views.length > 0 && (
        <nav aria-label="自评报告" className="flex flex-wrap items-center gap-2 text-sm">
          <span className="text-slate-700">自评报告（预览、下载 Word）：</span>
          {units.length > 1 && <Link href={`/evaluations/report?${query}`} className="rounded-md border border-brand-600 bg-white px-3 py-1 text-brand-700 hover:bg-brand-50">{views[0]!.project.departmentName}（部门）</Link>}
          {units.map(([id, name]) => <Link key={id} href={`/evaluations/report?unit=${id}&year=${year}`} className="rounded-md border border-slate-300 bg-white px-3 py-1 hover:bg-slate-50">{name}</Link>)}
        </nav>
      )}
      {views.length > 0 && approved < views.length && (
        <p id="public-warning" role="note" className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          还有 {views.length - approved} 个项目的自评未审核通过。公开版只包含已审核通过的 {approved} 个项目的自评表；其余项目在汇总表中列为“未完成自评”并注明状态，不列分数。
        </p>
      )}
      {views.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">暂无项目。</p>
      ) : (
        <TableBox>
          <table className="stack-table w-full text-sm">
            <caption className="sr-only">各项目绩效自评得分与等级</caption>
            <TableHead>
              <tr>
                <Th>单位</Th>
                <Th>项目</Th>
                <Th numeric>执行率</Th>
                <Th numeric>总分</Th>
                <Th>等级</Th>
                <Th>自评</Th>
              </tr>
            </TableHead>
            <tbody className="divide-y divide-slate-100">
              {views.map(({ project, figure }) => (
                <tr key={project.id} data-project={project.name}>
                  <td data-label="单位" className="px-3 py-2 text-slate-700">{project.unitName}</td>
                  <td data-label="项目" className="px-3 py-2"><Link href={`/projects/${project.id}/evaluation`} className="text-brand-700 hover:underline">{project.name}</Link></td>
                  <td data-label="执行率" className="px-3 py-2 text-right tabular">{figure.executionRate === null ? "—" : `${figure.executionRate}%`}</td>
                  <td data-label="总分" className="px-3 py-2 text-right font-medium tabular" data-cell="total">{figure.total}</td>
                  <td data-label="等级" className="px-3 py-2"><GradeBadge grade={figure.grade} /></td>
                  <td data-label="自评" className="px-3 py-2 text-slate-700">
                    <span className="flex flex-wrap items-center gap-1">
                      <FigureKindBadge figure={figure} />
                      <span className="text-xs">{figure.statusLabel}</span>
                      {figure.overrides > 0 && <span className="text-xs whitespace-nowrap text-amber-800">含调整</span>}
                    </span>
                    {/* Why it needs review, as text (a title would be out of reach of the keyboard and of touch). */}
                    {figure.review.length > 0 && <span data-review className="mt-0.5 block max-w-xs text-xs text-amber-900">{figure.review.join("；")}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableBox>
      )}
      <p className="text-xs text-slate-600">
        “预测”：尚未填写自评的项目{asOf ? `按截至 ${asOf} 的` : "按"}填报和支出、用年终自评的同一规则预测（年度结束后即按全年实际预填），与项目页、总览一致。
        已保存、已提交和已审核的自评显示保存时的分数；“需要复核”表示其后项目的目标或支出有变动，分数未随之改变。
      </p>
    </div>
  );
}
