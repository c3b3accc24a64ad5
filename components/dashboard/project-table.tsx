import Link from "next/link";
import { StatusBadge } from "@/components/status-badge";
import type { ProjectSummary, ReviewedFigures } from "@/lib/dashboard/overview";
import { STATUS_LABELS } from "@/lib/progress/status";
import { DraftMark } from "./data-basis";
import { formatWan } from "@/lib/money";
import { WarningBadge } from "./figures";

/** Projects with their money and status side by side; the name opens the project. */
export function ProjectTable({ projects, reviewed = null, asOf, showUnit, caption, total }: { projects: ProjectSummary[]; reviewed?: ReviewedFigures | null; asOf: string; showUnit: boolean; caption: string; total?: { label: string; budget: string; spent: string; rate: string | null } }) {
  if (projects.length === 0) return <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">没有符合条件的项目。</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-left whitespace-nowrap text-slate-700">
          <tr>
            <th scope="col" className="hidden px-3 py-2 font-medium sm:table-cell">序号</th>
            {showUnit && <th scope="col" className="hidden px-3 py-2 font-medium md:table-cell">单位</th>}
            <th scope="col" className="px-3 py-2 font-medium">项目名称</th>
            <th scope="col" className="hidden px-3 py-2 text-right font-medium sm:table-cell">预算（万元）</th>
            <th scope="col" className="hidden px-3 py-2 text-right font-medium md:table-cell">已支出（万元）</th>
            <th scope="col" className="px-3 py-2 text-right font-medium">执行率</th>
            <th scope="col" className="px-3 py-2 font-medium">绩效</th>
            <th scope="col" className="hidden px-3 py-2 text-right font-medium sm:table-cell">指标</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {projects.map((p) => (
            <tr key={p.id} className="hover:bg-brand-50">
              <td className="hidden px-3 py-2 text-slate-600 tabular sm:table-cell">{p.seq}</td>
              {showUnit && <td className="hidden px-3 py-2 text-slate-700 md:table-cell">{p.unitName}</td>}
              <td className="px-3 py-2">
                <Link href={`/projects/${p.id}`} className="text-brand-700 hover:underline">{p.name}</Link>
              </td>
              <td className="hidden px-3 py-2 text-right tabular sm:table-cell">{formatWan(p.execution.adjustedBudget)}</td>
              <td className="hidden px-3 py-2 text-right tabular md:table-cell">{formatWan(p.execution.spent)}</td>
              <td className="px-3 py-2 text-right whitespace-nowrap tabular" title={p.execution.explanation}>
                <Link href={`/projects/${p.id}/budget?asOf=${asOf}`} className="hover:underline">{p.execution.executionRate ?? "—"}%</Link>{" "}
                <WarningBadge execution={p.execution} />
              </td>
              <td className="px-3 py-2">
                <StatusBadge status={p.status} />
                {reviewed && reviewed.projects[p.id]?.status !== p.status && <DraftMark reviewed={STATUS_LABELS[reviewed.projects[p.id]!.status]} />}
              </td>
              <td className="hidden px-3 py-2 text-right whitespace-nowrap tabular text-slate-700 sm:table-cell" title="滞后 / 有风险 / 全部">
                {p.counts.BEHIND > 0 && <span className="text-red-700">{p.counts.BEHIND} 滞后 · </span>}
                {p.counts.AT_RISK > 0 && <span className="text-amber-800">{p.counts.AT_RISK} 有风险 · </span>}
                {p.indicatorCount}
              </td>
            </tr>
          ))}
        </tbody>
        {total && (
          <tfoot className="border-t border-slate-200 bg-slate-50 font-medium">
            <tr>
              <td className="hidden sm:table-cell" />
              {showUnit && <td className="hidden md:table-cell" />}
              <td className="px-3 py-2 whitespace-nowrap">{total.label}</td>
              <td className="hidden px-3 py-2 text-right tabular sm:table-cell">{formatWan(total.budget)}</td>
              <td className="hidden px-3 py-2 text-right tabular md:table-cell">{formatWan(total.spent)}</td>
              <td className="px-3 py-2 text-right tabular">{total.rate ?? "—"}%</td>
              <td colSpan={2} />
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}
