"use client";

import { useRef, useState } from "react";
import type { ActionResult } from "@/lib/action-result";
import { captionOf } from "./focus";
import { ReasonDialog } from "./reason-dialog";
import { useServerAction } from "./use-server-action";

export interface Confirmation {
  title: string;
  description?: React.ReactNode;
  confirmLabel: string;
  /** A reason to ask for (its field's label); none asks for a confirmation only. */
  reasonLabel?: string;
  placeholder?: string;
  danger?: boolean;
}

const LOOKS = {
  plain: "border-slate-300 bg-white text-slate-800 hover:bg-slate-50",
  danger: "border-red-200 bg-white text-red-700 hover:bg-red-50",
  primary: "border-brand-600 bg-brand-600 text-white hover:bg-brand-700",
} as const;
const SIZES = { sm: "px-2 py-0.5 text-xs", md: "px-3 py-1.5 text-sm" } as const;

/**
 * A button that changes something, the one way the app does it: a destructive or irreversible act is
 * confirmed in the page first (an in-page dialog naming what will happen, with a reason when one is
 * needed); then the server's answer is said next to the button — what was done, or why it was refused.
 * The button keeps focus while it works (aria-disabled, never disabled: a disabled button drops focus
 * to <body>); when the action takes the button away (its row changes or goes), focus goes to the
 * sentence that says what was done, or to the table's caption when the row itself is gone.
 */
export function ActionButton<T>({
  label,
  target,
  run,
  success,
  confirm,
  look = "plain",
  size = "sm",
  disabled,
  title,
  onDone,
  report,
}: {
  label: string;
  /** What the button acts on (an account, an indicator): part of its name for a screen reader, so ten 结束会话 in a table say whose. */
  target?: string;
  run: (reason: string) => Promise<ActionResult<T>>;
  success: string | ((value: T | undefined) => string);
  confirm?: Confirmation;
  look?: keyof typeof LOOKS;
  size?: keyof typeof SIZES;
  disabled?: boolean;
  title?: string;
  onDone?: (value: T | undefined) => void;
  /** Where to say the outcome instead of beside the button (a row whose buttons come and go with its state). */
  report?: (message: { ok: boolean; text: string } | null) => void;
}) {
  const [open, setOpen] = useState(false);
  const action = useServerAction();
  const setMessage = report ?? action.setOutcome;
  const message = report ? null : action.outcome;
  const button = useRef<HTMLButtonElement>(null);
  const busy = disabled || action.pending;

  /** Runs the action; the refusal's message, or null when it was done (or when one is already running). */
  const act = async (reason: string): Promise<string | null> => {
    // The row's outcome (or this button's), else the caption of the table the row was in.
    const scope = button.current?.closest("[data-actions]");
    const caption = captionOf(button.current);
    const result = await action.run(() => run(reason), {
      focus: () => (scope?.isConnected ? scope.querySelector<HTMLElement>("[data-action-outcome]") : null) ?? caption(),
      done: (value) => {
        const text = typeof success === "string" ? success : success(value);
        report?.({ ok: true, text });
        onDone?.(value);
        return text;
      },
    });
    if (!result || result.ok) return null;
    // The dialog says a refusal itself (under its field); without one, it is said beside the button.
    const refused = result.fieldErrors?.reason ?? result.message;
    if (confirm) action.clear();
    return refused;
  };

  return (
    <span className="inline-flex flex-wrap items-center gap-x-2 gap-y-1" data-actions={report ? undefined : ""}>
      <button
        ref={button}
        type="button"
        title={title}
        disabled={disabled}
        aria-disabled={busy}
        className={`rounded border whitespace-nowrap disabled:opacity-40 aria-disabled:opacity-40 ${LOOKS[look]} ${SIZES[size]}`}
        onClick={() => {
          if (busy) return;
          setMessage(null);
          if (confirm) setOpen(true);
          else
            void act("").then((refused) => {
              if (refused) setMessage({ ok: false, text: refused });
            });
        }}
      >
        {action.pending ? "正在处理……" : label}
        {target && <span className="sr-only"> {target}</span>}
      </button>
      {!report && (
        <span role="status" tabIndex={-1} data-action-outcome className={`text-xs ${message?.ok ? "text-green-700" : "text-red-700"}`}>
          {message?.text}
        </span>
      )}
      {confirm && (
        <ReasonDialog
          open={open}
          title={confirm.title}
          description={confirm.description}
          label={confirm.reasonLabel ?? null}
          placeholder={confirm.placeholder}
          confirmLabel={confirm.confirmLabel}
          danger={confirm.danger}
          onConfirm={act}
          onClose={() => setOpen(false)}
        />
      )}
    </span>
  );
}
