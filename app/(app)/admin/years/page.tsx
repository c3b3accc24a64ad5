import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { load } from "@/app/guard";
import { DraftNextYear, YearActions } from "@/app/(app)/admin/years/_components/year-admin";
import { requirePage } from "@/app/session";
import { db } from "@/lib/db/client";
import { readYear, yearsAdmin } from "@/lib/fiscal-years";
import { yearTargetsHref } from "@/lib/targets/next-year";
import { TableBox, TableHead, Th } from "@/components/ui/table";

export const metadata: Metadata = { title: "预算年度" };

/** The 系统管理员's years: close or reopen one, and draft next year's targets from a year's projects. */
export default async function YearsPage({ searchParams }: { searchParams: Promise<{ dept?: string; from?: string }> }) {
  const params = await searchParams;
  const actor = await requirePage("open:/admin/years");
  const a = await load(() => yearsAdmin(db(), actor, { departmentId: params.dept, from: readYear(params.from) }));
  if (!a.department) return <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">暂无部门。请先导入目标。</p>;
  const dept = a.department;
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-2xl font-bold">预算年度</h1>
        <p className="mt-1 text-sm text-slate-700">{dept.code} {dept.name} · 关闭的年度只能查看；下一年度目标可从本年度的项目起草，再逐项修改。</p>
      </div>
      {a.departments.length > 1 && (
        <nav aria-label="部门" className="flex flex-wrap gap-2 text-sm">
          {a.departments.map((d) => <Link key={d.id} href={`/admin/years?dept=${d.id}`} aria-current={d.id === dept.id ? "page" : undefined} className={d.id === dept.id ? "rounded-full bg-brand-600 px-3 py-1 text-white" : "rounded-full border border-slate-300 bg-white px-3 py-1"}>{d.name}</Link>)}
        </nav>
      )}
      <TableBox>
        <table className="w-full text-sm" id="years">
          <TableHead>
            <tr><Th>年度</Th><Th>状态</Th><Th numeric>项目</Th><Th numeric>自评审核通过</Th><Th>操作</Th></tr>
          </TableHead>
          <tbody className="divide-y divide-slate-100">
            {a.years.map((y) => (
              <tr key={y.id} data-year={y.year}>
                <td className="px-3 py-2 font-medium"><Link href={yearTargetsHref(dept.id, y.year)} className="text-brand-700 hover:underline">{y.year}</Link></td>
                <td className="px-3 py-2">{y.label}</td>
                <td className="px-3 py-2 text-right tabular">{y.projects}</td>
                <td className="px-3 py-2 text-right tabular">{y.approved}/{y.projects}</td>
                <td className="px-3 py-2 whitespace-nowrap"><span className="flex flex-wrap gap-2"><YearActions year={y} /><Link href={`/admin/years?dept=${dept.id}&from=${y.year}#draft`} className="rounded border border-slate-300 px-2 py-0.5">从此年度起草</Link></span></td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableBox>
      {a.source && (
        <section id="draft" aria-labelledby="draft-heading" className="space-y-2">
          <h2 id="draft-heading" className="text-lg font-semibold">起草 {a.source.next} 年度目标（由 {a.source.year} 年度）</h2>
          {a.source.nextExists ? (
            <p id="draft-exists" className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm">{a.source.next} 年度已存在，不能重复起草。<Link href={yearTargetsHref(dept.id, a.source.next)} className="ml-1 text-brand-700 underline">打开 {a.source.next} 年度</Link></p>
          ) : (
            <>
              <p className="text-sm text-slate-700">复制所选项目及其全部指标（名称、二级指标、目标值、分值），不复制填报、支出和自评。起草后在“目标审核”中查看与 {a.source.year} 年实际完成情况的对比，在项目的“编辑绩效指标”中逐项修改。</p>
              <DraftNextYear departmentId={dept.id} source={a.source} />
            </>
          )}
        </section>
      )}
    </div>
  );
}
