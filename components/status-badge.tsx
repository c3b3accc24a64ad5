import { STATUS_LABELS, type IndicatorStatus } from "@/lib/progress/status";

const STYLE: Record<IndicatorStatus, string> = {
  COMPLETED: "bg-green-100 text-green-800",
  ON_TRACK: "bg-sky-100 text-sky-800",
  AT_RISK: "bg-amber-100 text-amber-900",
  BEHIND: "bg-red-100 text-red-800",
  NOT_REPORTED: "bg-slate-100 text-slate-600",
};

export function StatusBadge({ status, title }: { status: IndicatorStatus; title?: string }) {
  return (
    <span title={title} className={`inline-block rounded px-1.5 py-0.5 text-xs whitespace-nowrap ${STYLE[status]}`}>
      {STATUS_LABELS[status]}
    </span>
  );
}
