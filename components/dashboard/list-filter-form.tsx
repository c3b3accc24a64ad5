import type { Overview } from "@/lib/dashboard/overview";
import { STATUS_ORDER } from "@/lib/dashboard/overview";
import type { ListFilters } from "@/lib/dashboard/queries";
import { DRAFTS_PARAM } from "@/lib/progress/reviewed";
import { STATUS_LABELS } from "@/lib/progress/status";
import { CATEGORIES, CATEGORY_LABELS } from "@/lib/targets/categories";

const select = "rounded-md border border-slate-300 bg-white px-2 py-1";

/** Unit / status / category filters of a list page: a GET form, so every filtered list has a URL. */
export function ListFilterForm({ overview, filters, path }: { overview: Overview; filters: ListFilters; path: string }) {
  return (
    <form action={path} className="no-print flex flex-wrap items-end gap-3 text-sm" aria-label="筛选">
      <input type="hidden" name="dept" value={overview.department.id} />
      <input type="hidden" name="year" value={overview.year} />
      <input type="hidden" name="asOf" value={overview.asOf} />
      <input type="hidden" name={DRAFTS_PARAM} value={overview.basis.drafts ? "1" : "0"} />
      {overview.units.length > 1 && (
        <label className="flex flex-col gap-1 text-slate-700">单位
          <select name="unit" defaultValue={filters.unitId ?? ""} className={select}>
            <option value="">全部单位</option>
            {overview.units.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
          </select>
        </label>
      )}
      <label className="flex flex-col gap-1 text-slate-700">状态
        <select name="status" defaultValue={filters.status ?? ""} className={select}>
          <option value="">全部状态</option>
          {STATUS_ORDER.map((s) => <option key={s} value={s}>{STATUS_LABELS[s]}</option>)}
        </select>
      </label>
      <label className="flex flex-col gap-1 text-slate-700">指标类别
        <select name="category" defaultValue={filters.category ?? ""} className={select}>
          <option value="">全部类别</option>
          {CATEGORIES.map((c) => <option key={c} value={c}>{CATEGORY_LABELS[c]}</option>)}
        </select>
      </label>
      {filters.risk && <input type="hidden" name="risk" value="1" />}
      {filters.warning && <input type="hidden" name="warning" value={filters.warning} />}
      <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1">筛选</button>
    </form>
  );
}
