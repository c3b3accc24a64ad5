import Link from "@/components/ui/link";
import { StatusBadge } from "@/components/status-badge";
import type { ProjectSummary, ReviewedFigures } from "@/lib/dashboard/overview";
import { STATUS_LABELS } from "@/lib/progress/status";
import { DraftMark } from "./data-basis";
import { formatWan } from "@/lib/money";
import { WarningBadge } from "./figures";
import { TableBox, TableHead, Th } from "@/components/ui/table";

/** Projects with their money and status side by side; the name opens the project. */
export function ProjectTable({ projects, reviewed = null, asOf, showUnit, caption, total }: { projects: ProjectSummary[]; reviewed?: ReviewedFigures | null; asOf: string; showUnit: boolean; caption: string; total?: { label: string; budget: string; spent: string; rate: string | null } }) {
  if (projects.length === 0) return <p className="rounded-lg border border-dashed border-slate-300 bg-white p-6 text-center text-slate-600">没有符合条件的项目。</p>;
  return (
    <TableBox>
      <table className="stack-table w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <TableHead>
          <tr>
            <Th>序号</Th>
            {showUnit && <Th>单位</Th>}
            <Th>项目名称</Th>
            <Th numeric>预算（万元）</Th>
            <Th numeric>已支出（万元）</Th>
            <Th numeric>执行率</Th>
            <Th>绩效</Th>
            <Th numeric>指标</Th>
          </tr>
        </TableHead>
        <tbody className="divide-y divide-slate-100">
          {projects.map((p) => (
            <tr key={p.id} className="hover:bg-brand-50">
              <td data-label="序号" className="px-3 py-2 text-slate-600 tabular">{p.seq}</td>
              {showUnit && <td data-label="单位" className="px-3 py-2 text-slate-700">{p.unitName}</td>}
              <td data-label="项目名称" className="px-3 py-2">
                <Link href={`/projects/${p.id}`} className="text-brand-700 hover:underline">{p.name}</Link>
              </td>
              <td data-label="预算（万元）" className="px-3 py-2 tabular sm:text-right">{formatWan(p.execution.adjustedBudget)}</td>
              <td data-label="已支出（万元）" className="px-3 py-2 tabular sm:text-right">{formatWan(p.execution.spent)}</td>
              <td data-label="执行率" className="px-3 py-2 whitespace-nowrap tabular sm:text-right" title={p.execution.explanation}>
                <Link href={`/projects/${p.id}/budget?asOf=${asOf}`} className="hover:underline">{p.execution.executionRate ?? "—"}%</Link>{" "}
                <WarningBadge execution={p.execution} />
              </td>
              <td data-label="绩效" className="px-3 py-2">
                <StatusBadge status={p.status} />
                {reviewed && reviewed.projects[p.id]?.status !== p.status && <DraftMark reviewed={STATUS_LABELS[reviewed.projects[p.id]!.status]} />}
              </td>
              <td data-label="指标" className="px-3 py-2 whitespace-nowrap tabular text-slate-700 sm:text-right" title="滞后 / 有风险 / 全部">
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
              <td className="max-sm:hidden" />
              {showUnit && <td className="max-sm:hidden" />}
              <td className="px-3 py-2 whitespace-nowrap">{total.label}</td>
              <td data-label="预算（万元）" className="px-3 py-2 tabular sm:text-right">{formatWan(total.budget)}</td>
              <td data-label="已支出（万元）" className="px-3 py-2 tabular sm:text-right">{formatWan(total.spent)}</td>
              <td data-label="执行率" className="px-3 py-2 tabular sm:text-right">{total.rate ?? "—"}%</td>
              <td colSpan={2} className="max-sm:hidden" />
            </tr>
          </tfoot>
        )}
      </table>
    </TableBox>
  );
}
