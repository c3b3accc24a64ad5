import type { HistoryPoint } from "@/lib/progress/history";

// A small server-rendered SVG: cumulative actual by date against the target line and, for a forward
// target, the pace line (target × 序时进度). No chart library: one line, a few points, zero JS.
// Coordinates are screen pixels, so floats are fine here; every number shown is the stored text.

const W = 560;
const H = 180;
const PAD = { left: 44, right: 12, top: 12, bottom: 28 };

export function TrendChart({ points, target, year, forward }: { points: HistoryPoint[]; target: string | null; year: number; forward: boolean }) {
  const values = points.filter((p) => p.actualNumber !== null);
  if (!target || values.length === 0) return null;
  const targetNumber = Number(target);
  const max = Math.max(targetNumber, ...values.map((p) => Number(p.actualNumber))) * 1.1 || 1;
  const x = (date: string) => {
    const start = Date.UTC(year, 0, 1);
    const end = Date.UTC(year, 11, 31);
    return PAD.left + ((Date.parse(`${date}T00:00:00Z`) - start) / (end - start)) * (W - PAD.left - PAD.right);
  };
  const y = (v: number) => H - PAD.bottom - (v / max) * (H - PAD.top - PAD.bottom);
  const line = values.map((p) => `${x(p.asOfDate).toFixed(1)},${y(Number(p.actualNumber)).toFixed(1)}`).join(" ");
  return (
    <figure className="overflow-x-auto">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="trend-title" className="w-full max-w-2xl">
        <title id="trend-title">累计实际完成值走势</title>
        <line x1={PAD.left} x2={W - PAD.right} y1={y(targetNumber)} y2={y(targetNumber)} stroke="#16a34a" strokeDasharray="4 3" />
        <text x={W - PAD.right} y={y(targetNumber) - 4} textAnchor="end" fontSize="11" fill="#15803d">目标 {target}</text>
        {forward && <line x1={x(`${year}-01-01`)} y1={y(0)} x2={x(`${year}-12-31`)} y2={y(targetNumber)} stroke="#94a3b8" strokeDasharray="2 3" />}
        <polyline points={line} fill="none" stroke="#1d5fbf" strokeWidth="2" />
        {values.map((p) => (
          <circle key={p.id} cx={x(p.asOfDate)} cy={y(Number(p.actualNumber))} r="3.5" fill="#1d5fbf">
            <title>{`${p.asOfDate}：${p.actual}`}</title>
          </circle>
        ))}
        <line x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} stroke="#cbd5e1" />
        {[1, 4, 7, 10, 12].map((m) => (
          <text key={m} x={x(`${year}-${String(m).padStart(2, "0")}-01`)} y={H - 8} fontSize="11" fill="#64748b" textAnchor="middle">{m}月</text>
        ))}
      </svg>
      <figcaption className="mt-1 text-xs text-slate-500">蓝线：累计实际完成值；绿虚线：年度目标{forward ? "；灰虚线：按序时进度应完成的量" : ""}。数据见下表。</figcaption>
    </figure>
  );
}
