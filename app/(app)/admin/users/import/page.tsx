import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { AccountImport } from "@/components/accounts/account-import";
import { requirePage } from "@/app/session";

export const metadata: Metadata = { title: "批量创建账户" };

export default async function AccountImportPage() {
  await requirePage("open:/admin/users");
  return (
    <div className="space-y-4">
      <div>
        <Link href="/admin/users" className="text-sm text-brand-700 underline">← 账户管理</Link>
        <h1 className="mt-1 text-2xl font-bold">从 Excel 批量创建账户</h1>
        <p className="mt-1 text-sm text-slate-600">
          上传一张 .xlsx，每行一个人：姓名、用户名、角色（填报人、单位审核人、局领导）、单位（代码或名称）。先预览逐行检查；全部无误才能确认，任何一行有误都不会创建任何账户。创建后生成一次性初始密码，只显示一次，请打印密码单交给本人。
        </p>
      </div>
      <AccountImport />
    </div>
  );
}
