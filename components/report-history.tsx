import type { ReportHistoryEntry } from "@/lib/progress/reports";
import { formatDateTime } from "@/lib/format";
import { Card } from "@/components/ui/card";

const TONE: Record<ReportHistoryEntry["action"], string> = { SUBMIT: "border-sky-400", RETURN: "border-amber-400", APPROVE: "border-green-500", REOPEN: "border-red-400" };

/** Every step of the month's workflow, oldest first, with who, when and what they wrote. */
export function ReportHistory({ entries }: { entries: ReportHistoryEntry[] }) {
  if (entries.length === 0) return null;
  return (
    <Card aria-labelledby="report-history-heading">
      <h2 id="report-history-heading" className="font-semibold">审核记录</h2>
      <ol id="report-history" className="mt-2 space-y-2 text-sm">
        {entries.map((e, k) => (
          <li key={k} className={`border-l-2 pl-3 ${TONE[e.action]}`}>
            <span className="font-medium">{e.label}</span>
            <span className="ml-2 text-slate-700">{e.by} · <span className="tabular">{formatDateTime(e.at)}</span></span>
            {e.completeness && <span className="ml-2 text-slate-700">（{e.completeness}）</span>}
            {e.comment && <p className="mt-0.5 text-slate-800">{e.action === "SUBMIT" ? "提交原因" : e.action === "REOPEN" ? "重新打开原因" : "意见"}：{e.comment}</p>}
          </li>
        ))}
      </ol>
    </Card>
  );
}
