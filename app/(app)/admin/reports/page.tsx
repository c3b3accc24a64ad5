import type { Metadata } from "next";
import { load } from "@/app/guard";
import { ReopenReport } from "@/components/reopen-report";
import { reopenReportAction } from "@/app/(app)/progress/actions";
import { requirePage } from "@/app/session";
import { db } from "@/lib/db/client";
import { listReportsForAdmin } from "@/lib/progress/reports";
import { REVIEW_STATUS_LABELS } from "@/lib/review/workflow";
import { TableBox, TableHead, Th } from "@/components/ui/table";

export const metadata: Metadata = { title: "月度填报管理" };

export default async function AdminReportsPage() {
  const actor = await requirePage("open:/admin/reports");
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
        <TableBox>
          <table className="stack-table w-full text-sm">
            <caption className="sr-only">各单位的月度填报</caption>
            <TableHead>
              <tr>
                <Th>月份</Th>
                <Th>单位</Th>
                <Th numeric>填报项</Th>
                <Th>状态</Th>
                <Th>操作</Th>
              </tr>
            </TableHead>
            <tbody className="divide-y divide-slate-100">
              {reports.map((r) => (
                <tr key={r.id}>
                  <td data-label="月份" className="px-3 py-2 whitespace-nowrap">{r.fiscalYear.year} 年 {r.month} 月</td>
                  <td data-label="单位" className="px-3 py-2">{r.unit.code} {r.unit.name}</td>
                  <td data-label="填报项" className="px-3 py-2 tabular sm:text-right">{r._count.checkIns}</td>
                  <td data-label="状态" id={`status-${r.id}`} className="px-3 py-2 whitespace-nowrap">{REVIEW_STATUS_LABELS[r.status]}</td>
                  <td data-label="操作" className="px-3 py-2">{r.status === "APPROVED" ? <ReopenReport reportId={r.id} reopen={reopenReportAction.bind(null, r.id)} statusId={`status-${r.id}`} /> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableBox>
      )}
    </div>
  );
}
