import type { MonthPoint } from "@/lib/budget/execution";

// Cumulative execution rate by month against the time-progress line (序时进度), server-rendered SVG
// with a table fallback below it. Coordinates are pixels, so floats are fine; labels show the exact text.

const W = 560;
const H = 200;
const PAD = { left: 40, right: 12, top: 12, bottom: 26 };

export function BudgetChart({ series }: { series: MonthPoint[] }) {
  if (series.length === 0) return null;
  const top = Math.max(100, ...series.map((p) => Number(p.executionRate ?? 0))) * 1.05;
  const x = (month: number) => PAD.left + ((month - 0.5) / 12) * (W - PAD.left - PAD.right);
  const y = (percent: number) => H - PAD.bottom - (percent / top) * (H - PAD.top - PAD.bottom);
  const rate = series.filter((p) => p.executionRate !== null);
  return (
    <figure>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="budget-chart-title" className="w-full max-w-2xl">
        <title id="budget-chart-title">累计预算执行率与序时进度</title>
        {[0, 50, 100].map((v) => (
          <g key={v}>
            <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} stroke="#e2e8f0" />
            <text x={PAD.left - 4} y={y(v) + 4} fontSize="10" fill="#64748b" textAnchor="end">{v}%</text>
          </g>
        ))}
        <polyline points={series.map((p) => `${x(p.month).toFixed(1)},${y(Number(p.timeProgress)).toFixed(1)}`).join(" ")} fill="none" stroke="#94a3b8" strokeDasharray="4 3" strokeWidth="1.5" />
        <polyline points={rate.map((p) => `${x(p.month).toFixed(1)},${y(Number(p.executionRate)).toFixed(1)}`).join(" ")} fill="none" stroke="#1d5fbf" strokeWidth="2" />
        {rate.map((p) => (
          <circle key={p.month} cx={x(p.month)} cy={y(Number(p.executionRate))} r="3" fill="#1d5fbf">
            <title>{`${p.month}月：执行率 ${p.executionRate}%，序时进度 ${p.timeProgress}%`}</title>
          </circle>
        ))}
        {series.map((p) => (
          <text key={p.month} x={x(p.month)} y={H - 8} fontSize="10" fill="#64748b" textAnchor="middle">{p.month}月</text>
        ))}
      </svg>
      <figcaption className="text-xs text-slate-500">蓝线：累计预算执行率；灰虚线：序时进度。</figcaption>
    </figure>
  );
}
