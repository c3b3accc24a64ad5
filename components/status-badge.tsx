import { STATUS_LABELS, type IndicatorStatus } from "@/lib/progress/status";

const STYLE: Record<IndicatorStatus, string> = {
  COMPLETED: "bg-green-100 text-green-800",
  ON_TRACK: "bg-sky-100 text-sky-800",
  AT_RISK: "bg-amber-100 text-amber-900",
  BEHIND: "bg-red-100 text-red-800",
  NOT_REPORTED: "bg-slate-100 text-slate-600",
};

/**
 * A status, and why when given: the reason is text on the page, never a tooltip only (a title is out
 * of reach of the keyboard, of touch and of most screen readers).
 */
export function StatusBadge({ status, reason }: { status: IndicatorStatus; reason?: string }) {
  const badge = <span className={`inline-block rounded px-1.5 py-0.5 text-xs whitespace-nowrap ${STYLE[status]}`}>{STATUS_LABELS[status]}</span>;
  if (!reason) return badge;
  return (
    <>
      {badge}
      <span className="mt-0.5 block text-xs text-slate-600">{reason}</span>
    </>
  );
}
