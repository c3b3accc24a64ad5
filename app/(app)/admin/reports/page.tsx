import type { Metadata } from "next";
import { load } from "@/app/guard";
import { ReopenReport } from "@/components/reopen-report";
import { reopenReportAction } from "@/app/(app)/progress/actions";
import { rolesFor } from "@/lib/auth/policy";
import { requireRole } from "@/app/session";
import { db } from "@/lib/db/client";
import { listReportsForAdmin, REPORT_STATUS_LABELS } from "@/lib/progress/reports";

export const metadata: Metadata = { title: "月度填报管理" };

export default async function AdminReportsPage() {
  const actor = await requireRole(...rolesFor("open:/admin/reports"));
  const reports = await load(() => listReportsForAdmin(db(), actor));
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold">月度填报管理</h1>
        <p className="mt-1 text-sm text-slate-600">已审核通过的月度填报会锁定；确需更正时，可说明原因后重新打开，退回给填报人修改。</p>
      </div>
      {reports.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center text-slate-600">还没有任何月度填报。</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-sm">
            <thead className="bg-slate-50 text-left whitespace-nowrap text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium">月份</th>
                <th scope="col" className="px-3 py-2 font-medium">单位</th>
                <th scope="col" className="px-3 py-2 text-right font-medium">填报项</th>
                <th scope="col" className="px-3 py-2 font-medium">状态</th>
                <th scope="col" className="px-3 py-2 font-medium">操作</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {reports.map((r) => (
                <tr key={r.id}>
                  <td className="px-3 py-2 whitespace-nowrap">{r.fiscalYear.year} 年 {r.month} 月</td>
                  <td className="px-3 py-2">{r.unit.code} {r.unit.name}</td>
                  <td className="px-3 py-2 text-right tabular">{r._count.checkIns}</td>
                  <td className="px-3 py-2 whitespace-nowrap">{REPORT_STATUS_LABELS[r.status]}</td>
                  <td className="px-3 py-2">{r.status === "APPROVED" ? <ReopenReport reportId={r.id} reopen={reopenReportAction.bind(null, r.id)} /> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
