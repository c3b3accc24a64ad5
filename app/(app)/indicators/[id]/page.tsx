import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { load } from "@/app/guard";
import { StatusBadge } from "@/components/status-badge";
import { TrendChart } from "@/components/trend-chart";
import { requireActor } from "@/app/session";
import { db } from "@/lib/db/client";
import { indicatorHistory } from "@/lib/progress/history";
import { evidenceMaxMb, listEvidence } from "@/lib/progress/evidence";
import { EvidencePanel } from "@/components/evidence-panel";
import { DataBasis, DraftMark } from "@/components/dashboard/data-basis";
import { DRAFTS_PARAM, draftsHref, includeDrafts } from "@/lib/progress/reviewed";
import { TableHead } from "@/components/ui/table";
import { Card } from "@/components/ui/card";

export const metadata: Metadata = { title: "指标进展" };

export default async function IndicatorPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const actor = await requireActor();
  // Both reads check the actor's scope themselves; run together, a refusal of either is recorded once.
  const [h, evidence] = await load(() => Promise.all([indicatorHistory(db(), actor, id, { drafts: includeDrafts(actor, query[DRAFTS_PARAM]) }), listEvidence(db(), actor, { indicatorId: id })]));
  const dateOf = new Map(h.points.map((p) => [p.id, p.asOfDate]));
  const latest = h.points.at(-1);
  const uploadTo = h.can.addEvidence && latest?.editable ? { checkInId: latest.id, label: `为 ${latest.asOfDate} 的填报上传佐证` } : null;
  return (
    <div className="space-y-4">
      <nav aria-label="位置" className="text-sm text-slate-500">
        <Link href="/projects" className="hover:underline">项目</Link>
        <span className="mx-2">/</span>
        <Link href={`/projects/${h.projectId}`} className="hover:underline">{h.projectName}</Link>
        <span className="mx-2">/</span>
        <span>{h.name}</span>
      </nav>
      <header className="rounded-lg border border-slate-200 bg-white p-4">
        <p className="text-sm text-slate-500">{h.unitName} · {h.category}指标 · {h.year} 年度</p>
        <h1 className="mt-1 text-xl font-bold">{h.name}</h1>
        <p className="mt-2 text-sm">
          年度目标 <span className="font-semibold tabular">{h.target}</span> · 当前状态 <StatusBadge status={h.status.status} />
        </p>
        <p className="mt-1 text-sm text-slate-600">{h.status.reason}</p>
        <div className="mt-2">
          <DataBasis label={h.drafts ? "已计入未审核的填报（虚线标出）" : "已审核数据（审核通过的月度填报）"} drafts={h.drafts} href={(d) => draftsHref(`/indicators/${h.id}`, query, d)} />
        </div>
      </header>
      <Card aria-labelledby="trend-heading">
        <h2 id="trend-heading" className="mb-2 font-semibold">进展走势</h2>
        <TrendChart points={h.points} target={h.targetNumber} year={h.year} forward={!h.target.startsWith("≤") && !h.target.startsWith("<")} />
        {h.points.length === 0 ? (
          <p className="text-sm text-slate-600">还没有任何填报。</p>
        ) : (
          <div className="mt-3 sm:overflow-x-auto">
            <table className="stack-table w-full text-sm">
              <caption className="sr-only">各次填报</caption>
              <TableHead>
                <tr>
                  <th scope="col" className="px-2 py-1.5 font-medium">截至日期</th>
                  <th scope="col" className="px-2 py-1.5 text-right font-medium">累计实际</th>
                  <th scope="col" className="px-2 py-1.5 text-right font-medium">序时进度</th>
                  <th scope="col" className="px-2 py-1.5 text-right font-medium">全年预计</th>
                  <th scope="col" className="px-2 py-1.5 font-medium">可能性</th>
                  <th scope="col" className="px-2 py-1.5 font-medium">偏差原因与纠偏措施</th>
                  <th scope="col" className="px-2 py-1.5 font-medium">填报人</th>
                  <th scope="col" className="px-2 py-1.5 font-medium">审核</th>
                </tr>
              </TableHead>
              <tbody className="divide-y divide-slate-100">
                {h.points.map((p) => (
                  <tr key={p.id}>
                    <td data-label="截至日期" className="px-2 py-1.5 whitespace-nowrap tabular">{p.asOfDate}</td>
                    <td data-label="累计实际" className="px-2 py-1.5 text-right tabular">{p.actual}</td>
                    <td data-label="序时进度" className="px-2 py-1.5 text-right tabular">{p.timeProgress}%</td>
                    <td data-label="全年预计" className="px-2 py-1.5 text-right tabular">{p.forecast || "—"}</td>
                    <td data-label="可能性" className="px-2 py-1.5">{p.likelihood}</td>
                    <td data-label="偏差原因与纠偏措施" className="px-2 py-1.5">{p.deviationCause ? `${p.deviationCause}：${p.correctiveAction}` : "—"}</td>
                    <td data-label="填报人" className="px-2 py-1.5">{p.by}</td>
                    <td data-label="审核" className="px-2 py-1.5 whitespace-nowrap">{p.reportStatus}{p.draft && <DraftMark label="未审核" />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <Card aria-labelledby="evidence-heading">
        <h2 id="evidence-heading" className="mb-2 font-semibold">佐证材料</h2>
        <EvidencePanel
          items={evidence.map((e) => ({ id: e.id, fileName: e.fileName, size: e.size, uploadedBy: e.uploadedBy ?? "", asOfDate: (e.checkInId && dateOf.get(e.checkInId)) || "" }))}
          uploadTo={uploadTo}
          maxMb={evidenceMaxMb()}
        />
      </Card>
    </div>
  );
}
