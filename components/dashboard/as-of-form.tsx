/** The "as of" date picker of a dashboard page: a plain GET form, so it works before any script loads. */
export function AsOfForm({ asOf, year, hidden = {} }: { asOf: string; year: number; hidden?: Record<string, string | undefined> }) {
  return (
    <form className="no-print flex items-end gap-2 text-sm">
      <label htmlFor="asOf" className="text-slate-700">截至日期</label>
      <input id="asOf" name="asOf" type="date" min={`${year}-01-01`} max={`${year}-12-31`} defaultValue={asOf} className="rounded-md border border-slate-300 px-2 py-1" />
      {/* The date belongs to the year shown: the year goes with it (lib/fiscal-years.ts rule 1). */}
      <input type="hidden" name="year" value={year} />
      {Object.entries(hidden).map(([name, value]) => value && <input key={name} type="hidden" name={name} value={value} />)}
      <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1">查看</button>
    </form>
  );
}
