import Link from "@/components/ui/link";
import type { WarningItem } from "@/lib/dashboard/overview";
import { DraftMark } from "./data-basis";

/**
 * Red warnings first, then yellow, each with its reason and a link to the project; past `limit`, a
 * link to the projects list filtered to warned projects (a phone screen is not a report).
 */
export function WarningList({ warnings, asOf, limit = 8, moreHref }: { warnings: WarningItem[]; asOf: string; limit?: number; moreHref?: (level: "red" | "yellow") => string }) {
  if (warnings.length === 0) return <p className="text-sm text-slate-600">截至 {asOf}，没有预警。</p>;
  const shown = moreHref ? warnings.slice(0, limit) : warnings;
  const red = warnings.filter((w) => w.level === "red").length;
  return (
    <>
    <ul className="divide-y divide-slate-100">
      {shown.map((w, index) => (
        <li key={index} className="flex gap-3 py-2">
          <span aria-hidden="true" className={`mt-1.5 h-2.5 w-2.5 shrink-0 rounded-full ${w.level === "red" ? "bg-red-600" : "bg-amber-400"}`} />
          <div className="min-w-0 text-sm">
            <p>
              <span className={`font-medium ${w.level === "red" ? "text-red-800" : "text-amber-900"}`}>{w.level === "red" ? "红色" : "黄色"}·{w.label}</span>{" "}
              <Link href={w.kind === "budget" ? `/projects/${w.projectId}/budget?asOf=${asOf}` : `/projects/${w.projectId}`} className="text-brand-700 underline">{w.projectName}</Link>
              <span className="ml-1 text-xs text-slate-600">{w.unitName}</span>
              {w.draft && <DraftMark label="来自未审核填报" />}
            </p>
            <p className="mt-0.5 break-words text-slate-600">{w.reason}</p>
          </div>
        </li>
      ))}
    </ul>
    {moreHref && shown.length < warnings.length && (
      <p className="mt-2 text-sm">
        另有 {warnings.length - shown.length} 项未列出：
        <Link href={moreHref("red")} className="text-brand-700 underline">红色预警项目</Link>
        {warnings.length > red && <>、<Link href={moreHref("yellow")} className="text-brand-700 underline">黄色预警项目</Link></>}
      </p>
    )}
    </>
  );
}
