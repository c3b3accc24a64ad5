import Link from "@/components/ui/link";
import { closedYearMessage, yearHref, type FiscalYearInfo } from "@/lib/fiscal-years";

type Params = Record<string, string | string[] | undefined>;

/**
 * The fiscal-year switcher of a page (lib/fiscal-years.ts rule 1): one link per year, keeping the
 * page's other parameters so the URL can be shared, and a note saying when the year shown is
 * closed (read-only) or a draft.
 */
export function YearSwitcher({ years, current, path, params }: { years: readonly FiscalYearInfo[]; current: FiscalYearInfo; path: string; params: Params }) {
  return (
    <div className="no-print space-y-2">
      {years.length > 1 && (
        <nav aria-label="预算年度" className="flex flex-wrap items-center gap-1.5 text-sm">
          <span className="text-slate-700">预算年度</span>
          {[...years].sort((a, b) => b.year - a.year).map((y) => (
            <Link
              key={y.id}
              href={yearHref(path, params, y.year)}
              aria-current={y.id === current.id ? "page" : undefined}
              data-year={y.year}
              className={`rounded-full px-3 py-0.5 whitespace-nowrap ${y.id === current.id ? "bg-brand-600 text-white" : "border border-slate-300 bg-white hover:bg-brand-50"}`}
            >
              {y.year}
              {y.state !== "open" && <span className={`ml-1 text-xs ${y.id === current.id ? "text-white/90" : "text-slate-600"}`}>{y.state === "closed" ? "已关闭" : "草案"}</span>}
            </Link>
          ))}
        </nav>
      )}
      <YearNote year={current} />
    </div>
  );
}

/** What a closed or drafted year means for the page, said once at its top; nothing for an open year. */
export function YearNote({ year }: { year: Pick<FiscalYearInfo, "year" | "state" | "draftedFromYear"> }) {
  if (year.state === "closed") {
    return <p id="year-note" role="note" className="rounded-md border border-slate-300 bg-slate-100 px-3 py-2 text-sm text-slate-800">{closedYearMessage(year.year)}自评显示审核通过时的记录。</p>;
  }
  if (year.state === "draft") {
    return <p id="year-note" role="note" className="rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm text-sky-900">{year.year} 年度绩效目标为草案（由 {year.draftedFromYear} 年度起草），尚未批复；编辑绩效指标时，每个指标旁列出 {year.draftedFromYear} 年度的目标、实际完成值和得分。</p>;
  }
  return null;
}
