"use client";

import { useId, useState } from "react";
import { markReminderReadAction, sendReminderAction } from "@/app/(app)/todo/actions";
import { useServerAction } from "@/components/use-server-action";

/** "知道了": the reminder leaves this person's 待办. */
export function ReminderReadButton({ reminderId }: { reminderId: string }) {
  const { pending, outcome, run } = useServerAction();
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        disabled={pending}
        onClick={() => void run(() => markReminderReadAction(reminderId))}
        className="rounded-md border border-slate-300 bg-white px-2 py-0.5 text-sm hover:bg-slate-50 disabled:opacity-50"
      >
        知道了
      </button>
      {outcome && !outcome.ok && <span role="alert" className="text-sm text-red-700">{outcome.text}</span>}
    </span>
  );
}

/** A leader's or admin's 催办 to one unit: the message (prefilled with its overdue items), sent in-app and to the work chat. */
export function ReminderForm({ unitId, unitName, defaultText }: { unitId: string; unitName: string; defaultText: string }) {
  const id = useId();
  const [text, setText] = useState(defaultText);
  const { pending, outcome: status, run } = useServerAction();
  return (
    <form
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        void run(() => sendReminderAction(unitId, text), { done: () => `已向${unitName}发送催办。` });
      }}
    >
      <label htmlFor={`${id}-text`} className="block text-sm font-medium">催办内容</label>
      <textarea id={`${id}-text`} value={text} onChange={(e) => setText(e.target.value)} rows={3} maxLength={600} aria-invalid={status?.ok === false} className="w-full rounded-md border border-slate-300 px-2 py-1 text-sm aria-[invalid=true]:border-red-500" />
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className="rounded-md bg-brand-600 px-3 py-1 text-sm font-medium text-white disabled:opacity-50">{pending ? "正在发送……" : `向${unitName}发送催办`}</button>
        {status && <span role="status" className={`text-sm ${status.ok ? "text-green-800" : "text-red-700"}`}>{status.text}</span>}
      </div>
    </form>
  );
}
