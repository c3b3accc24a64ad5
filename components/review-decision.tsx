"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/app/action";

/**
 * Approve or return (with a comment) a submitted monthly report or self-evaluation: `decide` is the
 * bound Server Action. `incomplete` (what a monthly report lacks) asks the reviewer to confirm approving it.
 */
export function ReviewDecision({ decide: send, incomplete }: { decide: (decision: "approve" | "return", comment: string, confirmIncomplete?: boolean) => Promise<ActionResult>; incomplete?: string | null }) {
  const router = useRouter();
  const [comment, setComment] = useState("");
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const decide = (decision: "approve" | "return") =>
    startTransition(async () => {
      const result = await send(decision, comment, confirmed);
      if (!result.ok) return setError(result.fieldErrors?.comment ?? result.message);
      setError(null);
      setDone(decision === "approve" ? "已审核通过。" : "已退回，填报人修改后可重新提交。");
      router.refresh();
    });
  return (
    <section aria-labelledby="decision-heading" className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="decision-heading" className="font-semibold">审核意见</h2>
      <label htmlFor="review-comment" className="sr-only">审核意见</label>
      <textarea id="review-comment" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} aria-invalid={!!error} placeholder="退回时必须写明原因" className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm" />
      {incomplete && (
        <label className="flex items-start gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <input id="confirm-incomplete" type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} className="mt-0.5" />
          <span>本月填报不完整（{incomplete}）。我已知悉，仍审核通过。</span>
        </label>
      )}
      {error && <p id="review-error" role="alert" className="text-sm text-red-600">{error}</p>}
      {done && <p role="status" className="text-sm text-green-700">{done}</p>}
      <div className="flex gap-3">
        <button type="button" disabled={pending} onClick={() => decide("approve")} className="rounded-md bg-green-700 px-4 py-1.5 text-sm font-medium text-white disabled:opacity-50">审核通过</button>
        <button type="button" disabled={pending} onClick={() => decide("return")} className="rounded-md border border-amber-600 px-4 py-1.5 text-sm font-medium text-amber-800 disabled:opacity-50">退回修改</button>
      </div>
    </section>
  );
}
