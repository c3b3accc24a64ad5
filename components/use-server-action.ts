"use client";

import { unstable_rethrow } from "next/navigation";
import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/action-result";
import { keepFocus } from "./focus";
import { problemsOf, type FieldProblem, type Outcome } from "./form-field";

/** What a form says when its action threw instead of answering. */
export const UNREACHABLE = "提交未完成：网络连接中断或服务器暂时无法访问，请稍后重试。";

type Problems = Partial<Record<string, string | { message?: string }>>;
/** A form's fields in the order they are shown: [name the server uses, the control's id, its label]. */
export type FieldList = readonly (readonly [name: string, id: string, label: string])[];

export interface RunOptions<T> {
  /** What was done (shown in the outcome), or nothing to say; runs only when the action succeeded, and may itself refuse() (a result that asks for changes). */
  done?: (value: T | undefined) => string | Outcome | null | void;
  /** A react-hook-form form: the server's field errors go onto its fields. */
  form?: { setError: (name: never, error: { message: string }) => void };
  /** Where focus goes if success takes the focused element off the page (components/focus.ts keepFocus). */
  focus?: () => HTMLElement | null | undefined;
  /** After a refusal has been said (e.g. focus back to the one field it is about). */
  refused?: (result: Extract<ActionResult<T>, { ok: false }>) => void;
}

/**
 * The one way a form calls a Server Action and says what happened: `pending` while it runs (the form
 * ignores a second submit), then the outcome — what was done, or the server's refusal with its field
 * errors, listed in a summary (FormOutcome) that takes focus on each refused attempt. The action's
 * revalidatePath brings the page's new data in the same answer, so there is no router.refresh() here.
 */
export function useServerAction(fields?: FieldList) {
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [attempt, setAttempt] = useState(0);

  /**
   * A refusal, the server's or the form's own check (react-hook-form's errors): said, and focus taken.
   * `errors` by field name (listed in `fields`' order), or the summary's lines themselves.
   */
  const refuse = (text: string, errors: Problems | FieldProblem[] = {}) => {
    if (Array.isArray(errors)) {
      setOutcome({ ok: false, text, problems: errors });
      setFieldErrors({});
    } else {
      setOutcome({ ok: false, text, problems: fields ? problemsOf(errors, fields) : undefined });
      setFieldErrors(Object.fromEntries(Object.entries(errors).flatMap(([k, e]) => (typeof e === "string" ? [[k, e]] : e?.message ? [[k, e.message]] : []))));
    }
    setAttempt((n) => n + 1);
  };

  const clear = () => {
    setOutcome(null);
    setFieldErrors({});
  };

  /** Runs `action` unless one is running (then answers null); resolves when its outcome is set. */
  const run = <T>(action: () => Promise<ActionResult<T>>, options: RunOptions<T> = {}): Promise<ActionResult<T> | null> => {
    if (pending) return Promise.resolve(null);
    return new Promise((resolve) =>
      startTransition(async () => {
        let result: ActionResult<T>;
        try {
          result = await action();
        } catch (error) {
          // The request never came back (network down, server restarting): said, like any refusal,
          // instead of a stuck form. Next's own redirect and not-found signals keep their meaning.
          unstable_rethrow(error);
          result = { ok: false, message: UNREACHABLE };
        }
        if (!result.ok) {
          for (const [name, message] of Object.entries(result.fieldErrors ?? {})) options.form?.setError(name as never, { message });
          refuse(result.message, result.fieldErrors ?? {});
          options.refused?.(result);
        } else {
          if (options.focus) keepFocus(options.focus);
          setFieldErrors({});
          setOutcome(null);
          const said = options.done?.(result.value);
          if (said) setOutcome(typeof said === "string" ? { ok: true, text: said } : said);
        }
        resolve(result);
      }),
    );
  };

  // `start`: work that is not a Server Action (a Route Handler's upload) shares the pending state.
  return { pending, start: startTransition, outcome, fieldErrors, attempt, run, refuse, clear, setOutcome };
}
