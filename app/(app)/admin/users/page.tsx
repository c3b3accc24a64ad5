import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { load } from "@/app/guard";
import { AdminAccountActions } from "@/app/(app)/_components/accounts/account-actions";
import { NewAccountForm } from "@/app/(app)/_components/accounts/account-forms";
import { AccountFilterForm, AccountTable } from "@/components/accounts/account-table";
import { listAccounts, readAccountFilters } from "@/lib/accounts/list";
import { visibleAccountRoles } from "@/lib/auth/policy";
import { requirePage } from "@/app/session";
import { db } from "@/lib/db/client";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "账户管理" };

export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = Object.fromEntries(Object.entries(await searchParams).filter(([, v]) => typeof v === "string"));
  const actor = await requirePage("open:/admin/users");
  const { filters, error } = readAccountFilters(params);
  const { rows, total, places } = await load(() => listAccounts(db(), actor, filters));
  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">账户管理</h1>
          <p className="mt-1 text-sm text-slate-600">填报人、单位审核人、局领导的账户：新建、修改姓名和单位、停用或启用、重置忘记的密码。特权账户和角色调整由安全管理员负责。</p>
        </div>
        <Link href="/admin/users/import" className="rounded-md border border-brand-600 px-3 py-1.5 text-sm text-brand-700 hover:bg-brand-50">从 Excel 批量创建</Link>
      </div>
      <Card aria-labelledby="new-account">
        <h2 id="new-account" className="mb-3 text-lg font-semibold">新建账户</h2>
        <NewAccountForm places={places} />
      </Card>
      <section aria-labelledby="account-list" className="space-y-3">
        <h2 id="account-list" className="text-lg font-semibold">账户</h2>
        <AccountFilterForm path="/admin/users" filters={filters} places={places} roles={visibleAccountRoles(actor)} />
        {error && <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">{error}</p>}
        <AccountTable rows={rows} total={total} actions={(row) => <AdminAccountActions row={row} places={places} />} />
      </section>
    </div>
  );
}
