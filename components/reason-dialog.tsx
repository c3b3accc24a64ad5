"use client";

import { useId, useRef, useState, useTransition } from "react";
import { describedBy, FieldError } from "./form-field";
import { Dialog } from "./ui/dialog";

/**
 * An in-page dialog that asks for a reason (or only a confirmation) before an action, in place of the
 * browser's prompt()/confirm(): it names what is about to happen, keeps the typed reason when the
 * server refuses, and shows the server's message under the field. `onConfirm` runs the action and
 * answers null when done (the dialog closes) or the message to show (it stays open). The one field is
 * on the form pattern (components/form-field.tsx); a refusal puts focus back in it, where its message is
 * read with it (with no field, on the message itself).
 */
export function ReasonDialog({
  open,
  title,
  description,
  label = "原因",
  placeholder,
  confirmLabel = "确定",
  minLength = 2,
  danger = false,
  onConfirm,
  onClose,
}: {
  open: boolean;
  title: string;
  description?: React.ReactNode;
  /** Label of the reason field; null asks for a confirmation only. */
  label?: string | null;
  placeholder?: string;
  confirmLabel?: string;
  minLength?: number;
  danger?: boolean;
  onConfirm: (reason: string) => Promise<string | null>;
  onClose: () => void;
}) {
  const field = useRef<HTMLTextAreaElement>(null);
  const alert = useRef<HTMLDivElement>(null);
  const id = useId();
  const reasonId = `${id}-reason`;
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  // The next opening starts empty.
  const close = () => {
    setReason("");
    setError(null);
    onClose();
  };

  const refuse = (message: string) => {
    setError(message);
    (field.current ?? alert.current)?.focus();
  };
  const submit = () => {
    if (pending) return;
    const text = reason.trim();
    if (label !== null && text.length < minLength) return refuse(`请填写${label}（至少 ${minLength} 个字）`);
    startTransition(async () => {
      const message = await onConfirm(text);
      if (message) refuse(message);
      else close();
    });
  };

  return (
    <Dialog open={open} title={title} width="sm" onClose={() => !pending && close()} onSubmit={submit}>
      {description && <div className="text-sm text-slate-700">{description}</div>}
      {label !== null && (
        <div>
          <label htmlFor={reasonId} className="mb-1 block text-sm font-medium">{label}</label>
          <textarea
            ref={field}
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder={placeholder}
            {...describedBy(reasonId, error)}
            className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm aria-[invalid=true]:border-red-500"
            autoFocus
          />
        </div>
      )}
      {/* In the dialog before its text, so the text is announced when it appears. */}
      <div ref={alert} role="alert" tabIndex={-1}>
        {label !== null ? <FieldError id={reasonId} error={error} className="text-sm text-red-700" /> : error && <p className="text-sm text-red-700">{error}</p>}
      </div>
      <div className="flex justify-end gap-2">
        <button type="button" aria-disabled={pending} onClick={() => !pending && close()} className="rounded-md border border-slate-300 px-4 py-1.5 text-sm aria-disabled:opacity-50">取消</button>
        <button type="submit" aria-disabled={pending} className={`rounded-md px-4 py-1.5 text-sm font-medium text-white aria-disabled:opacity-50 ${danger ? "bg-red-700 hover:bg-red-800" : "bg-brand-600 hover:bg-brand-700"}`}>
          {pending ? "正在处理……" : confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
