import { PrintButton } from "./print-button";

/** A page's 导出 Excel link (a Route Handler download) and its print button, hidden on paper. */
export function ExportLinks({ href, label = "导出 Excel" }: { href: string; label?: string }) {
  return (
    <div className="no-print flex flex-wrap items-center gap-2 text-sm">
      <a href={href} data-export className="rounded-md border border-slate-300 bg-white px-3 py-1 hover:bg-slate-50">{label}</a>
      <PrintButton />
    </div>
  );
}
