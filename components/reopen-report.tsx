"use client";

import { useState } from "react";
import type { ActionResult } from "@/lib/action-result";
import { describedBy, FieldError } from "./form-field";
import { useServerAction } from "./use-server-action";

/**
 * The 系统管理员 reopens an approved monthly report or self-evaluation with a reason; `reopen` is the
 * bound Server Action. Reopening takes this form off the page: focus goes to `statusId`, the status it
 * changed.
 */
export function ReopenReport({ reportId, reopen, statusId }: { reportId: string; reopen: (reason: string) => Promise<ActionResult>; statusId: string }) {
  const [reason, setReason] = useState("");
  const { pending, outcome, fieldErrors, run } = useServerAction();
  const error = outcome && !outcome.ok ? (fieldErrors.reason ?? fieldErrors.comment ?? outcome.text) : null;
  const id = `reason-${reportId}`;
  return (
    <form
      className="flex flex-wrap items-center gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        void run(() => reopen(reason), {
          done: () => "已重新打开，退回填报人修改。",
          focus: () => document.getElementById(statusId),
          // One field: focus goes back to it, where the message is read with it.
          refused: () => document.getElementById(id)?.focus(),
        });
      }}
    >
      <label className="sr-only" htmlFor={id}>重新打开的原因</label>
      <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="重新打开的原因" className="w-48 rounded border px-2 py-1" {...describedBy(id, error)} />
      <button type="submit" aria-disabled={pending} className="rounded border border-amber-600 px-2 py-1 text-amber-800 aria-disabled:opacity-50">重新打开</button>
      {/* Both regions are in the page before their text, so the text is announced when it appears. */}
      <div role="alert"><FieldError id={id} error={error} className="text-red-700" /></div>
      <span role="status" className="text-green-700">{outcome?.ok ? outcome.text : ""}</span>
    </form>
  );
}
