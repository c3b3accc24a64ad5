"use client";

import { useEffect, useId, useRef } from "react";

const WIDTHS = { sm: "w-[min(32rem,calc(100vw-2rem))]", md: "w-[min(34rem,calc(100vw-2rem))]" } as const;

/**
 * The app's one in-page dialog (the native <dialog>, opened modal: focus stays inside, the page behind
 * is inert): titled by its heading, closed by Esc through `onClose` (the owner decides, e.g. not while
 * an action runs). With `onSubmit` its body is a form, so Enter in a field submits it.
 */
export function Dialog({ open, title, onClose, onSubmit, width = "md", children }: {
  open: boolean;
  title: string;
  onClose: () => void;
  onSubmit?: () => void;
  width?: keyof typeof WIDTHS;
  children: React.ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    else if (!open && dialog.open) dialog.close();
  }, [open]);
  const body = (
    <>
      <h2 id={`${id}-title`} className="text-lg font-semibold">{title}</h2>
      {children}
    </>
  );
  return (
    <dialog
      ref={ref}
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      className={`m-auto ${WIDTHS[width]} rounded-lg border border-slate-200 p-0 shadow-xl backdrop:bg-slate-900/40`}
    >
      {onSubmit ? (
        <form
          method="dialog"
          className="space-y-3 p-4 sm:p-5"
          onSubmit={(e) => {
            e.preventDefault();
            onSubmit();
          }}
        >
          {body}
        </form>
      ) : (
        <div className="space-y-3 p-4 sm:p-5">{body}</div>
      )}
    </dialog>
  );
}
