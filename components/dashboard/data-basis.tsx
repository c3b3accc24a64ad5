import Link from "@/components/ui/link";

/**
 * Which check-ins the page's figures come from (progress/reviewed.ts), and the switch to the other:
 * a link, so the choice is in the URL and a shared link shows the same figures.
 */
export function DataBasis({ label, drafts, href }: { label: string; drafts: boolean; href: (drafts: boolean) => string }) {
  return (
    <div id="data-basis" className="no-print flex flex-wrap items-center gap-2 text-sm">
      <span className={`rounded-md border px-2 py-0.5 ${drafts ? "border-amber-300 bg-amber-50 text-amber-900" : "border-green-300 bg-green-50 text-green-900"}`}>{label}</span>
      <Link href={href(!drafts)} role="switch" aria-checked={drafts} className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-2 py-0.5 text-slate-800 hover:bg-slate-50">
        <span aria-hidden="true" className={`relative inline-block h-4 w-7 rounded-full ${drafts ? "bg-amber-500" : "bg-slate-300"}`}>
          <span className={`absolute top-0.5 h-3 w-3 rounded-full bg-white ${drafts ? "left-3.5" : "left-0.5"}`} />
        </span>
        含未审核填报
      </Link>
    </div>
  );
}

/** Marks a figure or value that an unreviewed check-in moved; `reviewed` is the figure without drafts. */
export function DraftMark({ reviewed, label = "草稿" }: { reviewed?: string | number | null; label?: string }) {
  const title = reviewed === undefined ? "来自未审核的填报" : `来自未审核的填报；已审核数据为 ${reviewed ?? "—"}`;
  return (
    <span title={title} className="ml-1 inline-block rounded border border-dashed border-amber-500 bg-amber-50 px-1 text-[11px] leading-4 font-normal whitespace-nowrap text-amber-900" data-draft-mark>
      {label}
      {reviewed !== undefined && <span className="ml-0.5">（已审核 {reviewed ?? "—"}）</span>}
    </span>
  );
}
