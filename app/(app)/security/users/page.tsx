import type { Metadata } from "next";
import { load } from "@/app/guard";
import { SecurityAccountActions } from "@/app/(app)/_components/accounts/account-actions";
import { AccountFilterForm, AccountTable } from "@/components/accounts/account-table";
import { listAccounts, readAccountFilters } from "@/lib/accounts/list";
import { visibleAccountRoles } from "@/lib/auth/policy";
import { requirePage } from "@/app/session";
import { db } from "@/lib/db/client";

export const metadata: Metadata = { title: "账户与角色" };

export default async function SecurityUsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => typeof v === "string"));
  const actor = await requirePage("open:/security/users");
  const { filters, error } = readAccountFilters(params);
  const { rows, total, places } = await load(() => listAccounts(db(), actor, filters));
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold">账户与角色</h1>
        <p className="mt-1 text-sm text-slate-600">
          调整任何账户的角色（不能调整自己的）；提前解锁、结束会话、重置丢失的双因素认证；停用或重置系统管理员、安全管理员、审计管理员账户的密码（业务账户由系统管理员管理）。最后一个在用的安全管理员、系统管理员、审计管理员不能被停用或改为其他角色。
          <a href="/security/policy" className="ml-2 text-brand-700 underline">登录与密码策略</a>
        </p>
      </div>
      <AccountFilterForm path="/security/users" filters={filters} places={places} roles={visibleAccountRoles(actor)} />
      {error && <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">{error}</p>}
      <AccountTable rows={rows} total={total} showTotp actions={(row) => <SecurityAccountActions row={row} places={places} self={row.id === actor.id} />} />
    </div>
  );
}
