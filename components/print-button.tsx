"use client";

export function PrintButton() {
  return (
    <button type="button" onClick={() => window.print()} className="rounded-md bg-brand-600 px-4 py-1.5 text-sm font-medium text-white">打印 / 另存为 PDF</button>
  );
}
