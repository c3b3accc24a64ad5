import type { Metadata } from "next";
import { load } from "@/app/guard";
import { listAuditEvents } from "@/lib/audit/queries";
import { requireActor } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { formatDateTime } from "@/lib/format";

export const metadata: Metadata = { title: "审计日志" };

const OUTCOME = { SUCCESS: ["成功", "text-green-700"], DENIED: ["拒绝", "text-amber-700"], FAILURE: ["失败", "text-red-700"] } as const;

export default async function AuditPage() {
  const actor = await requireActor();
  const events = await load(() => listAuditEvents(db(), actor));
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold">审计日志</h1>
        <p className="mt-1 text-sm text-slate-600">最近 {events.length} 条记录（北京时间）。记录只可追加，不可修改或删除。</p>
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-sm">
          <thead className="bg-slate-50 text-left text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-2 font-medium whitespace-nowrap">时间</th>
              <th scope="col" className="px-3 py-2 font-medium">用户</th>
              <th scope="col" className="px-3 py-2 font-medium">事件</th>
              <th scope="col" className="px-3 py-2 font-medium">对象</th>
              <th scope="col" className="px-3 py-2 font-medium">结果</th>
              <th scope="col" className="px-3 py-2 font-medium">说明</th>
              <th scope="col" className="px-3 py-2 font-medium">地址</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {events.map((e) => (
              <tr key={e.id}>
                <td className="px-3 py-2 whitespace-nowrap tabular">{formatDateTime(e.occurredAt)}</td>
                <td className="px-3 py-2">{e.username ?? "系统"}</td>
                <td className="px-3 py-2 font-mono text-xs">{e.action}</td>
                <td className="px-3 py-2 font-mono text-xs">{e.object ?? "—"}</td>
                <td className={`px-3 py-2 whitespace-nowrap ${OUTCOME[e.outcome][1]}`}>{OUTCOME[e.outcome][0]}</td>
                <td className="px-3 py-2">{e.detail ?? ""}</td>
                <td className="px-3 py-2 font-mono text-xs">{e.ip ?? "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
