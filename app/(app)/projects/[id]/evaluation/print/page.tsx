import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { load } from "@/app/guard";
import { EvaluationPrint } from "@/components/evaluation-print";
import { PrintButton } from "@/components/print-button";
import { requireActor } from "@/app/session";
import { db } from "@/lib/db/client";
import { toPrintedForm } from "@/lib/evaluation/printed-form";
import { evaluationView } from "@/lib/evaluation/service";

export const metadata: Metadata = { title: "项目支出绩效自评表" };

export default async function EvaluationPrintPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ public?: string }> }) {
  const [{ id }, search] = await Promise.all([params, searchParams]);
  const actor = await requireActor();
  const view = await load(() => evaluationView(db(), actor, id));
  const form = toPrintedForm(view);
  const publicVersion = search.public === "1";
  // Only an approved evaluation is published; the others are 未完成自评 (lib/evaluation/export-xlsx.ts).
  const unpublished = publicVersion && view.status !== "APPROVED";
  return (
    <div className="space-y-4">
      <div className="no-print flex flex-wrap items-center gap-3 text-sm">
        <Link href={`/projects/${id}/evaluation`} className="text-brand-700 underline">返回自评</Link>
        <Link href={`/projects/${id}/evaluation/print${publicVersion ? "" : "?public=1"}`} className="text-brand-700 underline">{publicVersion ? "查看内部版" : "查看公开版"}</Link>
        <PrintButton />
      </div>
      {view.review.length > 0 && !publicVersion && (
        <div className="no-print rounded bg-amber-50 p-3 text-sm text-amber-900">需要复核：{view.review.join(" ")}</div>
      )}
      {unpublished ? (
        <p id="print-unpublished" className="rounded bg-amber-50 p-3 text-amber-900">该项目的绩效自评尚未审核通过（当前：{view.figure.statusLabel}），为未完成自评，不能打印公开版。公开版只包含审核通过的自评。</p>
      ) : form ? (
        <EvaluationPrint form={form} publicVersion={publicVersion} />
      ) : (
        <p className="rounded bg-red-50 p-3 text-red-800">自评填写有误，暂不能打印：{!view.outcome.ok && view.outcome.errors[0]?.message}</p>
      )}
    </div>
  );
}
