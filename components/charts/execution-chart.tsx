import type { MonthPoint } from "@/lib/budget/execution";
import { formatWan } from "@/lib/money";
import { ChartFigure } from "./chart-figure";

/** Cumulative 执行率 by month against the 序时进度 line, for a project, a unit or the department. */
export function ExecutionChart({ series, title = "累计预算执行率与序时进度" }: { series: MonthPoint[]; title?: string }) {
  if (series.length === 0) return <p className="text-sm text-slate-500">本年度尚未开始，暂无执行数据。</p>;
  return (
    <ChartFigure
      title={title}
      categories={series.map((p) => `${p.month}月`)}
      suffix="%"
      series={[
        { name: "累计执行率", values: series.map((p) => (p.executionRate === null ? null : Number(p.executionRate))), color: "#1d5fbf" },
        { name: "序时进度", values: series.map((p) => Number(p.timeProgress)), color: "#94a3b8", dashed: true },
      ]}
      columns={["截至", "已支出（万元）", "调整后预算（万元）", "执行率", "序时进度"]}
      rows={series.map((p) => [p.date, formatWan(p.spent), formatWan(p.adjustedBudget), p.executionRate === null ? "—" : `${p.executionRate}%`, `${p.timeProgress}%`])}
    />
  );
}
