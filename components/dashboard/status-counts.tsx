import Link from "@/components/ui/link";
import { STATUS_ORDER, type StatusCounts } from "@/lib/dashboard/overview";
import { STATUS_LABELS, type IndicatorStatus } from "@/lib/progress/status";

const TONE: Record<IndicatorStatus, string> = {
  COMPLETED: "border-green-300 bg-green-50 text-green-900",
  ON_TRACK: "border-sky-300 bg-sky-50 text-sky-900",
  AT_RISK: "border-amber-300 bg-amber-50 text-amber-900",
  BEHIND: "border-red-300 bg-red-50 text-red-900",
  NOT_REPORTED: "border-slate-300 bg-slate-50 text-slate-700",
};

/**
 * 已完成 / 正常 / 有风险 / 滞后 / 未填报 counts, each a link to the list behind it. With `reviewed` (the
 * counts without drafts), a count that drafts moved is marked with its reviewed value.
 */
export function StatusCountLinks({ label, counts, reviewed, href }: { label: string; counts: StatusCounts; reviewed?: StatusCounts; href: (status: IndicatorStatus) => string }) {
  const total = STATUS_ORDER.reduce((n, s) => n + counts[s], 0);
  return (
    <div>
      <h3 className="text-sm font-medium text-slate-700">{label}<span className="ml-1 font-normal text-slate-600">共 {total} 个</span></h3>
      <ul className="mt-2 grid grid-cols-3 gap-2 sm:grid-cols-5">
        {STATUS_ORDER.map((s) => {
          const moved = reviewed !== undefined && reviewed[s] !== counts[s];
          return (
            <li key={s}>
              <Link
                href={href(s)}
                className={`block rounded-md border px-2 py-2 text-center hover:underline ${TONE[s]} ${moved ? "border-dashed outline-2 outline-offset-1 outline-amber-400 outline-dashed" : ""}`}
                aria-label={`${label}${STATUS_LABELS[s]} ${counts[s]} 个${moved ? `（含未审核填报，已审核数据为 ${reviewed![s]} 个）` : ""}`}
              >
                <span className="block text-xs">{STATUS_LABELS[s]}</span>
                <span className="block text-xl font-semibold tabular">{counts[s]}</span>
                {moved && <span className="block text-[11px] leading-4" data-draft-mark>草稿·已审核 {reviewed![s]}</span>}
              </Link>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
