import Link from "@/components/ui/link";
import type { Overview } from "@/lib/dashboard/overview";
import { REVIEW_STATUS_LABELS } from "@/lib/review/workflow";
import { formatWan } from "@/lib/money";
import { DraftMark } from "./data-basis";
import { WarningBadge } from "./figures";
import { TableBox, TableHead, Th } from "../ui/table";

/** Units side by side: execution, the month's reporting completeness, indicators at risk. */
export function UnitTable({ overview, indicatorsHref }: { overview: Overview; indicatorsHref: (unitId: string) => string }) {
  return (
    <TableBox>
      <table className="stack-table w-full text-sm">
        <caption className="sr-only">各单位预算执行、{overview.month} 月填报完成度和有风险指标</caption>
        <TableHead>
          <tr>
            <Th>单位</Th>
            <Th numeric>预算（万元）</Th>
            <Th numeric>执行率</Th>
            <Th numeric>{overview.month}月填报</Th>
            <Th numeric>风险指标</Th>
          </tr>
        </TableHead>
        <tbody className="divide-y divide-slate-100">
          {overview.units.map((u) => (
            <tr key={u.id}>
              <th scope="row" data-label="单位" className="min-w-32 px-3 py-2 text-left font-normal">
                <Link href={`/units/${u.id}?asOf=${overview.asOf}`} className="text-brand-700 hover:underline">{u.name}</Link>
                <span className="ml-1 text-xs text-slate-600">{u.projectCount} 个项目</span>
              </th>
              <td data-label="预算（万元）" className="px-3 py-2 text-right tabular">{formatWan(u.execution.adjustedBudget)}</td>
              <td data-label="执行率" className="px-3 py-2 text-right whitespace-nowrap tabular" title={u.execution.explanation}>
                {u.execution.executionRate ?? "—"}% <WarningBadge execution={u.execution} />
              </td>
              <td data-label={`${overview.month}月填报`} className="px-3 py-2 text-right whitespace-nowrap tabular">
                {u.reported}/{u.indicatorCount}（{u.completeness ?? "—"}%）
                <span className="block text-xs text-slate-600">{u.reportStatus ? REVIEW_STATUS_LABELS[u.reportStatus] : "未开始"}</span>
                <span className="block text-xs text-slate-600">{u.reviewedThrough ? `已审核至 ${u.reviewedThrough} 月` : "尚无审核通过的月份"}</span>
              </td>
              <td data-label="风险指标" className="px-3 py-2 text-right tabular">
                <Link href={indicatorsHref(u.id)} className={u.atRisk > 0 ? "font-medium text-red-800 hover:underline" : "text-slate-700 hover:underline"}>{u.atRisk}</Link>
                {overview.reviewed && overview.reviewed.units[u.id]?.atRisk !== u.atRisk && <DraftMark reviewed={overview.reviewed.units[u.id]?.atRisk ?? null} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableBox>
  );
}
