"use client";

import { useState } from "react";
import type { ActionResult } from "@/lib/action-result";
import { useServerAction } from "./use-server-action";
import { Card } from "@/components/ui/card";

/**
 * Approve or return (with a comment) a submitted monthly report or self-evaluation: `decide` is the
 * bound Server Action. `incomplete` (what a monthly report lacks) asks the reviewer to confirm approving it.
 * A decision takes this panel off the page: focus goes to `statusId`, the status it changed.
 */
export function ReviewDecision({ decide: send, incomplete, statusId }: { decide: (decision: "approve" | "return", comment: string, confirmIncomplete?: boolean) => Promise<ActionResult>; incomplete?: string | null; statusId: string }) {
  const [comment, setComment] = useState("");
  const [confirmed, setConfirmed] = useState(false);
  const { pending, outcome, fieldErrors, run } = useServerAction();
  const error = outcome && !outcome.ok ? (fieldErrors.comment ?? outcome.text) : null;
  const done = outcome?.ok ? outcome.text : null;
  const decide = (decision: "approve" | "return") =>
    void run(() => send(decision, comment, confirmed), {
      done: () => (decision === "approve" ? "已审核通过。" : "已退回，填报人修改后可重新提交。"),
      focus: () => document.getElementById(statusId),
    });
  return (
    <Card aria-labelledby="decision-heading" className="space-y-2">
      <h2 id="decision-heading" className="font-semibold">审核意见</h2>
      <label htmlFor="review-comment" className="sr-only">审核意见</label>
      <textarea id="review-comment" rows={2} value={comment} onChange={(e) => setComment(e.target.value)} aria-invalid={!!error} aria-describedby={error ? "review-error" : undefined} placeholder="退回时必须写明原因" className="w-full rounded-md border px-3 py-2 text-sm" />
      {incomplete && (
        <label className="flex items-start gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          <input id="confirm-incomplete" type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} className="mt-0.5" />
          <span>本月填报不完整（{incomplete}）。我已知悉，仍审核通过。</span>
        </label>
      )}
      {/* Both regions are in the page before their text, so the text is announced. */}
      <div role="alert">{error && <p id="review-error" data-field-error className="text-sm text-red-700">{error}</p>}</div>
      <div role="status">{done && <p className="text-sm text-green-700">{done}</p>}</div>
      <div className="flex gap-3">
        <button type="button" aria-disabled={pending} onClick={() => decide("approve")} className="rounded-md bg-green-700 px-4 py-1.5 text-sm font-medium text-white aria-disabled:opacity-50">审核通过</button>
        <button type="button" aria-disabled={pending} onClick={() => decide("return")} className="rounded-md border border-amber-600 px-4 py-1.5 text-sm font-medium text-amber-800 aria-disabled:opacity-50">退回修改</button>
      </div>
    </Card>
  );
}
