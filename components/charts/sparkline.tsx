/**
 * A tiny trend of an indicator's numeric actuals (oldest first), server-rendered SVG with no script:
 * dozens per page must cost nothing. The numbers it draws are in the row beside it and in its title.
 */
export function Sparkline({ values, label }: { values: string[]; label: string }) {
  const numbers = values.map(Number).filter((n) => Number.isFinite(n));
  if (numbers.length < 2) return <span className="text-xs text-slate-600">{numbers.length === 1 ? "仅 1 次" : "—"}</span>;
  const [w, h, pad] = [64, 20, 2];
  const min = Math.min(...numbers);
  const span = Math.max(...numbers) - min || 1;
  const points = numbers.map((n, i) => `${(pad + (i / (numbers.length - 1)) * (w - 2 * pad)).toFixed(1)},${(h - pad - ((n - min) / span) * (h - 2 * pad)).toFixed(1)}`);
  return (
    <svg width={w} height={h} viewBox={`0 0 ${w} ${h}`} role="img" aria-label={`${label}走势：${values.join("、")}`}>
      <title>{`走势：${values.join(" → ")}`}</title>
      <polyline points={points.join(" ")} fill="none" stroke="#1d5fbf" strokeWidth="1.5" />
      <circle cx={points.at(-1)!.split(",")[0]} cy={points.at(-1)!.split(",")[1]} r="2" fill="#1d5fbf" />
    </svg>
  );
}
