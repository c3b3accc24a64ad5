import Link from "@/components/ui/link";
import { ACCOUNT_LIST_MAX, ACCOUNT_STATES, type AccountFilters, type AccountRow, type Places } from "@/lib/accounts/list";
import { ROLE_LABELS } from "@/lib/auth/roles";
import type { Role } from "@/lib/db/generated/enums";
import { formatDateTime } from "@/lib/format";
import { TableBox, TableHead } from "@/components/ui/table";

const input = "rounded-md border border-slate-300 px-2 py-1";

/** Search by name or user name, unit or department, role and state (a GET form: the link can be shared). */
export function AccountFilterForm({ path, filters, places, roles }: { path: string; filters: AccountFilters; places: Places; roles: readonly Role[] }) {
  return (
    <form action={path} className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 text-sm" aria-label="查找账户">
      <label className="flex flex-col gap-1">姓名或用户名<input name="q" defaultValue={filters.q} className={`${input} w-40`} /></label>
      <label className="flex flex-col gap-1">单位或部门
        <select name="unit" defaultValue={filters.unit ?? ""} className={`${input} max-w-64`}>
          <option value="">全部</option>
          {places.departments.map((d) => (
            <optgroup key={d.id} label={`${d.code} ${d.name}`}>
              <option value={d.id}>{d.name}（部门）</option>
              {d.units.map((u) => <option key={u.id} value={u.id}>{u.code} {u.name}</option>)}
            </optgroup>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1">角色
        <select name="role" defaultValue={filters.role ?? ""} className={input}>
          <option value="">全部</option>
          {roles.map((r) => <option key={r} value={r}>{ROLE_LABELS[r]}</option>)}
        </select>
      </label>
      <label className="flex flex-col gap-1">状态
        <select name="state" defaultValue={filters.state ?? ""} className={input}>
          <option value="">全部</option>
          {Object.entries(ACCOUNT_STATES).map(([k, label]) => <option key={k} value={k}>{label}</option>)}
        </select>
      </label>
      <button type="submit" className="rounded-md bg-brand-600 px-4 py-1.5 font-medium text-white">查找</button>
      <Link href={path} className="py-1.5 text-brand-700 underline">清除条件</Link>
    </form>
  );
}

/** What state an account is in, in words, most pressing first. */
function State({ row }: { row: AccountRow }) {
  if (row.status === "DISABLED") return <span className="whitespace-nowrap rounded bg-slate-200 px-1.5 py-0.5 text-xs text-slate-700">已停用</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {row.lockedUntil ? <span className="whitespace-nowrap rounded bg-red-100 px-1.5 py-0.5 text-xs text-red-800">锁定至 {formatDateTime(row.lockedUntil)}</span> : <span className="whitespace-nowrap rounded bg-green-100 px-1.5 py-0.5 text-xs text-green-800">正常</span>}
      {row.oneTimePassword && <span className="whitespace-nowrap rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900">待修改初始密码</span>}
    </span>
  );
}

/** The account list; each row's actions come from the page (the admin's or the security officer's). */
export function AccountTable({ rows, total, actions, showTotp }: { rows: AccountRow[]; total: number; actions: (row: AccountRow) => React.ReactNode; showTotp?: boolean }) {
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-600">
        {total === 0 ? "没有符合条件的账户。" : `共 ${total} 个账户${total > rows.length ? `，显示前 ${ACCOUNT_LIST_MAX} 个，请缩小查找范围` : ""}。`}
      </p>
      {rows.length > 0 && (
        <TableBox>
          <table className="stack-table w-full text-sm">
            <caption className="sr-only">账户</caption>
            <TableHead wrap>
              <tr>
                {["姓名", "用户名", "角色", "单位或部门", "状态", "最近登录", ...(showTotp ? ["双因素"] : []), "操作"].map((h) => (
                  <th key={h} scope="col" className="px-3 py-2 font-medium whitespace-nowrap">{h}</th>
                ))}
              </tr>
            </TableHead>
            <tbody className="divide-y divide-slate-100 align-top">
              {rows.map((r) => (
                <tr key={r.id} data-username={r.username} className={r.status === "DISABLED" ? "text-slate-500" : undefined}>
                  <td data-label="姓名" className="px-3 py-2 font-medium">{r.displayName}</td>
                  <td data-label="用户名" className="px-3 py-2 font-mono text-xs">{r.username}</td>
                  <td data-label="角色" className="px-3 py-2 whitespace-nowrap">{ROLE_LABELS[r.role]}</td>
                  <td data-label="单位" className="px-3 py-2">{r.unitName ?? r.departmentName ?? "—"}</td>
                  <td data-label="状态" className="px-3 py-2"><State row={r} /></td>
                  <td data-label="最近登录" className="px-3 py-2 whitespace-nowrap tabular">{r.lastLoginAt ? formatDateTime(r.lastLoginAt) : "从未登录"}</td>
                  {showTotp && <td data-label="双因素" className="px-3 py-2 whitespace-nowrap">{r.totpEnabled ? "已绑定" : "未绑定"}</td>}
                  <td data-label="操作" className="px-3 py-2">{actions(r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableBox>
      )}
    </div>
  );
}
