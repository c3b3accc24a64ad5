import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { load } from "@/app/guard";
import { FigureKindBadge } from "@/components/dashboard/projection";
import { EvaluationForm } from "@/app/(app)/projects/[id]/evaluation/_components/evaluation-form";
import { ReopenReport } from "@/components/reopen-report";
import { ReviewDecision } from "@/components/review-decision";
import { requireActor } from "@/app/session";
import { db } from "@/lib/db/client";
import { formatWan } from "@/lib/money";
import { evaluationView } from "@/lib/evaluation/service";
import { YearNote } from "@/components/year-switcher";
import { decideEvaluationAction } from "./actions";

export const metadata: Metadata = { title: "绩效自评" };

export default async function EvaluationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor();
  const view = await load(() => evaluationView(db(), actor, id));
  const base = `/api/evaluation/${view.project.id}`;
  return (
    <div className="space-y-5">
      <nav aria-label="位置" className="text-sm text-slate-600">
        <Link href="/evaluations" className="hover:underline">绩效自评</Link>
        <span className="mx-2">/</span>
        <Link href={`/projects/${view.project.id}`} className="hover:underline">{view.project.name}</Link>
      </nav>
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold">{view.project.year} 年度项目支出绩效自评</h1>
          <p className="mt-1 text-sm text-slate-700">
            {view.project.name} · {view.project.unitName} · 状态：<span id="evaluation-status" className="font-medium">{view.status ? view.figure.statusLabel : "未填写（已按预测预填）"}</span>
            {view.review.length > 0 && view.figure.review.length === 0 && <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">需要复核</span>}
          </p>
          <p id="evaluation-figure" className="mt-1 text-sm text-slate-700"><FigureKindBadge figure={view.figure} /> <span className="ml-1">{view.figure.explanation}</span></p>
          {view.reviewComment && <p className="mt-1 rounded bg-amber-50 px-2 py-1 text-sm text-amber-900">审核意见：{view.reviewComment}</p>}
        </div>
        <div className="no-print flex flex-wrap gap-2 text-sm">
          <a href={`${base}/xlsx`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50">导出 Excel</a>
          {view.status === "APPROVED" ? (
            <a href={`${base}/xlsx?public=1`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50">导出公开版</a>
          ) : (
            <span className="rounded-md border border-dashed border-slate-300 px-3 py-1.5 text-slate-600" title="公开版只包含审核通过的自评">公开版（审核通过后可导出）</span>
          )}
          <Link href={`/projects/${view.project.id}/evaluation/print`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50">打印 / PDF</Link>
          <Link href={`/evaluations/report?project=${view.project.id}`} className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50">自评报告（Word）</Link>
        </div>
      </header>
      {view.closed && <YearNote year={{ year: view.project.year, state: "closed", draftedFromYear: null }} />}
      {view.can.review && <ReviewDecision decide={decideEvaluationAction.bind(null, view.project.id)} statusId="evaluation-status" />}
      {view.can.reopen && <ReopenReport reportId={view.project.id} reopen={decideEvaluationAction.bind(null, view.project.id, "reopen")} statusId="evaluation-status" />}
      {!view.outcome.ok && !view.can.edit && (
        <ul className="rounded-md bg-red-50 p-3 text-sm text-red-800">{view.outcome.errors.map((e) => <li key={e.path + e.message}>{e.message}</li>)}</ul>
      )}
      {view.projected && (
        <p id="evaluation-projected" className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">
          年度尚未结束：下表按截至 {view.projected.asOf} 的填报预填，全年执行数按已支出 {formatWan(view.projected.spentSoFar)} 万元的进度预计，与项目页的预测一致；保存时按保存当日的实际支出计分。
        </p>
      )}
      <EvaluationForm view={view} />
    </div>
  );
}
