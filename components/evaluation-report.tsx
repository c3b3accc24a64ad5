import { Fragment } from "react";
import { annexBlocks, pageMark, reportBlocks, type Block, type Cell, type TableKind } from "@/lib/evaluation/report/blocks";
import type { ReportModel } from "@/lib/evaluation/report/model";

// The 自评报告 in the browser: the same blocks as the .docx (lib/evaluation/report/blocks.ts), on an
// A4-like sheet in 仿宋 / 黑体 (globals.css: the same fallbacks), printable. Tables scroll sideways on a phone.

/** Relative column widths, as the .docx's. */
const COLUMNS: Readonly<Record<TableKind, number[]>> = {
  funds: [1, 1, 1, 1, 1, 1],
  projects: [5, 27, 10, 10, 10, 10, 9, 6],
  lines: [41, 15, 15, 8, 8],
  linesWithProject: [20, 30, 12, 12, 8, 8],
  missed: [27, 15, 14, 16, 28],
  missedWithProject: [18, 20, 13, 12, 16, 21],
  form: [3, 3, 6, 3, 3, 2, 2, 7],
};

function CellView({ cell, header }: { cell: Cell; header?: boolean }) {
  const spec = typeof cell === "string" ? { text: cell } : cell;
  const Tag = header ? "th" : "td";
  const align = spec.align === "left" ? "text-left" : spec.align === "right" ? "text-right" : "text-center";
  return (
    <Tag colSpan={spec.span} className={`border border-black px-1 py-0.5 align-middle whitespace-pre-line ${align} ${header || spec.bold ? "font-bold" : "font-normal"}`}>
      {spec.text}
    </Tag>
  );
}

function TableView({ kind, header, rows }: { kind: TableKind; header: string[] | null; rows: Cell[][] }) {
  const widths = COLUMNS[kind];
  const total = widths.reduce((a, b) => a + b, 0);
  return (
    <div className="my-2 overflow-x-auto">
      <table className={`w-full min-w-[36rem] border-collapse text-[13px] leading-snug ${kind === "form" ? "min-w-[40rem]" : ""}`}>
        <colgroup>{widths.map((w, i) => <col key={i} style={{ width: `${(100 * w) / total}%` }} />)}</colgroup>
        {header && <thead><tr>{header.map((h) => <CellView key={h} cell={h} header />)}</tr></thead>}
        <tbody>{rows.map((r, i) => <tr key={i}>{r.map((c, j) => <CellView key={j} cell={c} />)}</tr>)}</tbody>
      </table>
    </div>
  );
}

function BlockView({ block }: { block: Block }) {
  switch (block.kind) {
    case "title":
      return <h2 className="font-report-heading my-6 text-center text-2xl leading-relaxed">{block.text}</h2>;
    case "note":
      return <p className="my-3 rounded border border-amber-400 bg-amber-50 px-3 py-2 text-sm font-bold text-amber-900" data-report-note>{block.text}</p>;
    case "contents":
      return (
        <nav aria-label="目录" className="my-4">
          <p className="font-report-heading mb-2 text-center text-lg">目　　录</p>
          <ol className="space-y-1">{block.entries.map((e) => <li key={e.anchor}><a href={`#${e.anchor}`} className="underline decoration-dotted">{e.text}</a></li>)}</ol>
        </nav>
      );
    case "heading":
      return block.level === 1
        ? <h3 id={block.anchor} className="font-report-heading mt-5 mb-1 indent-8 text-lg">{block.text}</h3>
        : <h4 id={block.anchor} className="mt-3 mb-1 indent-8 font-bold">{block.text}</h4>;
    case "subject":
      return <p className="mt-2 indent-8 font-bold">{block.text}</p>;
    case "paragraph":
      return <p className="indent-8 text-justify">{block.text}</p>;
    case "table":
      return <TableView kind={block.table} header={block.header} rows={block.rows} />;
    case "signature":
      return <div className="mt-6 text-right">{block.lines.map((l) => <p key={l}>{l}</p>)}</div>;
    case "formTitle":
      return <h3 id={block.anchor} className={`font-report-heading mt-8 mb-2 text-center text-lg ${block.first ? "" : "print:break-before-page"}`}>{block.text}</h3>;
    case "internal":
      return (
        <div className="mt-2 rounded border border-dashed border-slate-400 p-2 text-xs text-slate-700">
          <p className="font-bold">{block.title}</p>
          {block.lines.map((l, i) => <p key={i}>{l}</p>)}
        </div>
      );
  }
}

/** The report on screen: its page mark, its body and its annex, as the .docx lays them out. */
export function ReportPreview({ model, today }: { model: ReportModel; today: string }) {
  const mark = pageMark(model);
  return (
    <article id="report-preview" className={`font-report mx-auto max-w-[52rem] rounded-lg border border-slate-300 bg-white px-4 py-6 text-[15px] leading-8 text-black shadow-sm sm:px-12 print:border-0 print:shadow-none`} aria-label={model.title}>
      {mark && <p className="text-right text-xs font-bold text-slate-700" data-page-mark>{mark}</p>}
      {reportBlocks(model, today).map((b, i) => <BlockView key={i} block={b} />)}
      <section aria-label="附件" className="mt-8 border-t border-slate-300 pt-4 print:break-before-page">
        <p className="font-report-heading">附件</p>
        {model.projects.map((p, i) => <Fragment key={p.id}>{annexBlocks(model, p, i === 0).map((b, j) => <BlockView key={j} block={b} />)}</Fragment>)}
      </section>
    </article>
  );
}
