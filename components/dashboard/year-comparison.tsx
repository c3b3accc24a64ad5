import type { YearComparison } from "@/lib/dashboard/compare";
import { STATUS_ORDER } from "@/lib/dashboard/overview";
import type { Grade } from "@/lib/evaluation/types";
import { formatWan } from "@/lib/money";
import { STATUS_LABELS } from "@/lib/progress/status";
import { Card } from "@/components/ui/card";

const GRADES: Grade[] = ["优", "良", "中", "差"];
const signed = (v: string | null, unit: string) => (v === null ? "—" : `${v.startsWith("-") ? "−" + v.slice(1) : /^0(\.0+)?$/.test(v) ? v : `+${v}`}${unit}`);

/** This year beside last year at the same date (lib/dashboard/compare.ts): execution, statuses, projected score. */
export function YearComparisonTable({ comparison: c }: { comparison: YearComparison }) {
  const rows: [string, string, string, string][] = [
    ["预算执行率", `${c.current.executionRate ?? "—"}%`, `${c.previous.executionRate ?? "—"}%`, signed(c.change.executionRate, " 个百分点")],
    ["序时进度", `${c.current.timeProgress}%`, `${c.previous.timeProgress}%`, ""],
    ["已支出（万元）", formatWan(c.current.spent), formatWan(c.previous.spent), ""],
    ["调整后预算（万元）", formatWan(c.current.adjustedBudget), formatWan(c.previous.adjustedBudget), ""],
    ...STATUS_ORDER.map((s): [string, string, string, string] => [`项目${STATUS_LABELS[s]}`, `${c.current.projectCounts[s]} 个`, `${c.previous.projectCounts[s]} 个`, ""]),
    ["预计自评平均分", c.current.averageScore ?? "—", c.previous.averageScore ?? "—", signed(c.change.averageScore, " 分")],
    ["预计等级（优/良/中/差）", GRADES.map((g) => c.current.grades[g]).join(" / "), GRADES.map((g) => c.previous.grades[g]).join(" / "), ""],
  ];
  return (
    <Card aria-labelledby="compare-heading">
      <h2 id="compare-heading" className="text-lg font-semibold">
        与上年同期比较<span className="ml-2 text-sm font-normal text-slate-600">截至 {c.current.asOf} 对比 {c.previous.asOf}</span>
      </h2>
      <div className="mt-2 overflow-x-auto">
        <table id="year-comparison" className="w-full text-sm">
          <thead className="text-left text-slate-700">
            <tr>
              <th scope="col" className="py-1 pr-2 font-medium">项目</th>
              <th scope="col" className="px-2 py-1 text-right font-medium">{c.current.year} 年</th>
              <th scope="col" className="px-2 py-1 text-right font-medium">{c.previous.year} 年同期</th>
              <th scope="col" className="py-1 pl-2 text-right font-medium">变化</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 tabular">
            {rows.map(([label, now, then, change]) => (
              <tr key={label}>
                <th scope="row" className="py-1 pr-2 text-left font-normal">{label}</th>
                <td className="px-2 py-1 text-right">{now}</td>
                <td className="px-2 py-1 text-right">{then}</td>
                <td className="py-1 pl-2 text-right whitespace-nowrap">{change}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="mt-1 text-xs text-slate-600">上年同期按当日已记录的支出、预算调整和填报计算；其预计自评分为当日的预测（自评在年度结束后才填写）。平均分为各项目分数的算术平均。</p>
    </Card>
  );
}
