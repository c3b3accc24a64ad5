import type { Metadata } from "next";
import { load } from "@/app/guard";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { requireActor } from "@/lib/auth/session";
import { listUsers } from "@/lib/auth/users";
import { db } from "@/lib/db/client";
import { formatDateTime } from "@/lib/format";
import { endSessionsAction, resetTotpAction, unlockUserAction } from "./actions";

export const metadata: Metadata = { title: "账户与锁定" };

export default async function SecurityUsersPage() {
  const actor = await requireActor();
  const users = await load(() => listUsers(db(), actor));
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold">账户与锁定</h1>
        <p className="mt-1 text-sm text-slate-600">共 {users.length} 个账户。可提前解锁连续登录失败被锁定的账户、结束某账户的全部会话、重置丢失的双因素认证。<a href="/security/policy" className="ml-2 text-brand-700 underline">登录与密码策略</a></p>
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium">用户名</th>
              <th scope="col" className="px-3 py-2 font-medium">姓名</th>
              <th scope="col" className="px-3 py-2 font-medium">角色</th>
              <th scope="col" className="px-3 py-2 font-medium">单位</th>
              <th scope="col" className="px-3 py-2 font-medium">状态</th>
              <th scope="col" className="px-3 py-2 font-medium whitespace-nowrap">最近登录</th>
              <th scope="col" className="px-3 py-2 font-medium">双因素</th>
              <th scope="col" className="px-3 py-2 font-medium">操作</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {users.map((u) => (
              <tr key={u.id}>
                <td className="px-3 py-2 font-mono text-xs">{u.username}</td>
                <td className="px-3 py-2">{u.displayName}</td>
                <td className="px-3 py-2 whitespace-nowrap">{ROLE_LABELS[u.role]}</td>
                <td className="px-3 py-2">{u.unitName ?? "—"}</td>
                <td className="px-3 py-2 whitespace-nowrap">
                  {u.status === "DISABLED" ? (
                    <span className="text-slate-500">已停用</span>
                  ) : u.lockedUntil ? (
                    <form action={unlockUserAction} className="flex items-center gap-2">
                      <span className="text-red-700">锁定至 {formatDateTime(u.lockedUntil)}</span>
                      <input type="hidden" name="username" value={u.username} />
                      <button type="submit" className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-50">
                        解锁
                      </button>
                    </form>
                  ) : (
                    <span className="text-green-700">正常</span>
                  )}
                </td>
                <td className="px-3 py-2 whitespace-nowrap tabular">{formatDateTime(u.lastLoginAt)}</td>
                <td className="px-3 py-2 whitespace-nowrap">
                  {u.totpEnabled ? (
                    <form action={resetTotpAction} className="flex items-center gap-2">
                      <span className="text-green-700">已绑定</span>
                      <input type="hidden" name="userId" value={u.id} />
                      {u.id !== actor.id && <button type="submit" className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-50">重置</button>}
                    </form>
                  ) : (
                    <span className="text-slate-600">未绑定</span>
                  )}
                </td>
                <td className="px-3 py-2 whitespace-nowrap">
                  {u.id !== actor.id && (
                    <form action={endSessionsAction}>
                      <input type="hidden" name="userId" value={u.id} />
                      <button type="submit" className="rounded border border-slate-300 px-2 py-0.5 text-xs hover:bg-slate-50">结束会话</button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
