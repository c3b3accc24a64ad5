/** The monitoring report's date: a plain GET form (works before scripts load); the report is for 1 January to this date. */
export function MonitoringDateForm({ asOf, year, error, hidden = {} }: { asOf: string; year: number | null; error?: string | null; hidden?: Record<string, string | undefined> }) {
  return (
    <form className="no-print space-y-1 text-sm">
      <div className="flex flex-wrap items-end gap-2">
        <label htmlFor="asOf" className="text-slate-700">截至日期</label>
        <input id="asOf" name="asOf" type="text" inputMode="numeric" placeholder="YYYY-MM-DD" defaultValue={asOf} aria-invalid={!!error} aria-describedby={error ? "asOf-error" : "asOf-hint"} className="w-32 rounded-md border border-slate-300 px-2 py-1 aria-[invalid=true]:border-red-500" />
        {Object.entries(hidden).map(([name, value]) => value && <input key={name} type="hidden" name={name} value={value} />)}
        <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1">生成</button>
        {year && (
          <span className="flex flex-wrap gap-1">
            {[6, 7, 12].map((m) => <a key={m} href={`?asOf=${year}-${String(m).padStart(2, "0")}-${m === 6 ? "30" : "31"}`} className="rounded border border-slate-300 bg-white px-2 py-1 hover:bg-brand-50">1–{m} 月</a>)}
          </span>
        )}
      </div>
      {error ? <p id="asOf-error" role="alert" className="text-red-700">{error}</p> : <p id="asOf-hint" className="text-slate-600">按 YYYY-MM-DD 填写；常用的是半年（1–6 月）和 1–7 月。</p>}
    </form>
  );
}
