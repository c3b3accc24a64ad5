"use client";

import { useState } from "react";

/**
 * Copies a value (an object's id) to the clipboard. Intranet deployments often run on plain http,
 * where navigator.clipboard does not exist: then a selected hidden field and execCommand do it.
 */
export function CopyText({ value, label = "复制编号" }: { value: string; label?: string }) {
  const [done, setDone] = useState(false);
  const copy = async () => {
    try {
      if (navigator.clipboard && window.isSecureContext) await navigator.clipboard.writeText(value);
      else {
        const field = document.createElement("textarea");
        field.value = value;
        field.setAttribute("readonly", "");
        field.style.position = "fixed";
        field.style.opacity = "0";
        document.body.append(field);
        field.select();
        document.execCommand("copy");
        field.remove();
      }
      setDone(true);
      setTimeout(() => setDone(false), 2000);
    } catch {
      setDone(false);
    }
  };
  return (
    <button type="button" onClick={() => void copy()} className="rounded border border-slate-200 px-1 text-[11px] text-slate-600 hover:bg-slate-50">
      {done ? "已复制" : label}
    </button>
  );
}
