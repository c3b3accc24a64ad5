"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/app/action";

/** The 系统管理员 reopens an approved monthly report or self-evaluation with a reason; `reopen` is the bound Server Action. */
export function ReopenReport({ reportId, reopen }: { reportId: string; reopen: (reason: string) => Promise<ActionResult> }) {
  const router = useRouter();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="flex flex-wrap items-center gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        startTransition(async () => {
          const result = await reopen(reason);
          if (!result.ok) return setError(result.fieldErrors?.reason ?? result.fieldErrors?.comment ?? result.message);
          setError(null);
          setDone(true);
          router.refresh();
        });
      }}
    >
      <label className="sr-only" htmlFor={`reason-${reportId}`}>重新打开的原因</label>
      <input id={`reason-${reportId}`} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="重新打开的原因" className="w-48 rounded border border-slate-300 px-2 py-1" />
      <button type="submit" disabled={pending} className="rounded border border-amber-600 px-2 py-1 text-amber-800 disabled:opacity-50">重新打开</button>
      {error && <span role="alert" className="text-red-700">{error}</span>}
      {done && <span role="status" className="text-green-700">已重新打开，退回填报人修改。</span>}
    </form>
  );
}
