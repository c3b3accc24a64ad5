"use client";

import { useEffect, useRef } from "react";

// The one accessible form pattern (WCAG 2.1 1.3.1, 3.3.1, 3.3.3, 4.1.3): every control has a label,
// its hint and its error message are tied to it by aria-describedby and aria-invalid, so a screen
// reader says why an entry is wrong, not only that it is; a refused submit moves focus to a summary
// that links to each field; and the place where the outcome is said exists before its text, so the
// text is announced when it appears.

export const hintId = (id: string) => `${id}-hint`;
export const errorId = (id: string) => `${id}-error`;

export interface ControlProps {
  id: string;
  "aria-invalid": boolean;
  "aria-describedby"?: string;
}

/** The attributes that tie a control to its hint and to its error message (when there is one). */
export function describedBy(id: string, error?: string | null, hint = false): ControlProps {
  const ids = [hint ? hintId(id) : null, error ? errorId(id) : null].filter(Boolean);
  return { id, "aria-invalid": !!error, ...(ids.length > 0 ? { "aria-describedby": ids.join(" ") } : {}) };
}

/** A field's error message, shown under it; its id is the one describedBy() names. */
export function FieldError({ id, error, className = "mt-1 text-sm text-red-700" }: { id: string; error?: string | null; className?: string }) {
  return error ? <p id={errorId(id)} data-field-error className={className}>{error}</p> : null;
}

/** A labelled field: label, the control (given the attributes it must carry), its hint, its error. */
export function Field({ id, label, hint, error, className, children }: {
  id: string;
  label: React.ReactNode;
  hint?: React.ReactNode;
  error?: string | null;
  className?: string;
  children: (control: ControlProps) => React.ReactNode;
}) {
  return (
    <div className={className}>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-700">{label}</label>
      {children(describedBy(id, error, !!hint))}
      {hint && <p id={hintId(id)} className="mt-1 text-xs text-slate-600">{hint}</p>}
      <FieldError id={id} error={error} />
    </div>
  );
}

export interface FieldProblem {
  /** The control's id (the summary's link goes there). */
  id: string;
  label: string;
  message: string;
}

export interface Outcome {
  ok: boolean;
  text: string;
  problems?: FieldProblem[];
  /** A prompt (the next step is asked for) reads as neither news nor a refusal. */
  info?: boolean;
}

/** The problems of a form's fields in the order they are shown, for the summary. */
export function problemsOf(errors: Partial<Record<string, string | { message?: string }>>, fields: readonly (readonly [name: string, id: string, label: string])[]): FieldProblem[] {
  return fields.flatMap(([name, id, label]) => {
    const error = errors[name];
    const message = typeof error === "string" ? error : error?.message;
    return message ? [{ id, label, message }] : [];
  });
}

const TONE = { ok: "border-green-200 bg-green-50 text-green-800", error: "border-red-200 bg-red-50 text-red-800", info: "border-brand-100 bg-brand-50 text-brand-900" } as const;

/**
 * Where a form says what happened: a status region that is always in the page (empty until there is
 * news). A refusal — the server's or the form's own check — takes focus, so the reader starts at the
 * summary and follows its links to the fields; `attempt` counts submits, so each refusal takes focus
 * again even when its text is the same.
 */
export function FormOutcome({ id, outcome, attempt, className = "", listId }: { id: string; outcome: Outcome | null; attempt: number; className?: string; listId?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const refused = outcome !== null && !outcome.ok && !outcome.info;
  useEffect(() => {
    if (refused && attempt > 0) ref.current?.focus();
  }, [refused, attempt]);
  const problems = outcome?.problems ?? [];
  return (
    <div ref={ref} role="status" tabIndex={-1} data-outcome={id} className={`scroll-mt-4 ${className}`}>
      {outcome && (
        <div className={`rounded-md border px-3 py-2 text-sm ${TONE[outcome.info ? "info" : outcome.ok ? "ok" : "error"]}`}>
          <p id={id}>{outcome.text}</p>
          {problems.length > 0 && (
            <ul id={listId} className="mt-1 max-h-40 list-disc space-y-0.5 overflow-auto pl-5">
              {problems.map((p, k) => (
                <li key={k}>
                  <a
                    href={`#${p.id}`}
                    onClick={(e) => {
                      e.preventDefault();
                      const field = document.getElementById(p.id);
                      field?.scrollIntoView({ block: "center", inline: "nearest" });
                      field?.focus({ preventScroll: true });
                    }}
                    className="text-red-800 underline"
                  >
                    {p.label}
                  </a>
                  <span>：{p.message}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
