// The 项目支出绩效自评报告 as .docx (npm package `docx`): the blocks of blocks.ts laid out. The layout:
//  - A4 portrait with the margins of GB/T 9704 (公文格式); the annex (each project's 自评表) in A4
//    landscape, so its eight columns stay readable.
//  - 仿宋 for the text and 黑体 for the title and first-level headings, text in zh-CN; the font table
//    names the Windows spellings (FangSong, SimHei) as alternates; a machine with neither substitutes
//    its own Simplified Chinese face (with Debian's fonts-noto-cjk: Noto Sans / Serif CJK SC).
//  - Page numbers in the footer (第 X 页，共 Y 页); a unit's or department's report opens with a
//    contents list whose page numbers are PAGEREF fields to bookmarks on the headings (Word, WPS and
//    LibreOffice fill them when they lay the document out).
//  - Every page's header says 草稿 for a draft and 内部版 for the internal version; the published
//    version's header is empty.

import {
  AlignmentType, Bookmark, BorderStyle, Document, Footer, Header, HeadingLevel, InternalHyperlink, LeaderType, Packer, PageNumber, PageOrientation, PageReference,
  Paragraph, Table, TableCell, TableRow, TabStopType, TextRun, VerticalAlign, WidthType, type FileChild, type ISectionOptions,
} from "docx";
import { todayInChina } from "@/lib/calendar";
import { annexBlocks, pageMark, reportBlocks, type Block, type Cell, type TableKind } from "./blocks";
import type { ReportModel } from "./model";

export const BODY_FONT = "仿宋";
export const HEADING_FONT = "黑体";
const BODY = 32; // 三号, in half-points
const SMALL = 21; // 五号, tables
const LINE = 560; // 28 pt exactly
const INDENT = BODY * 20; // two characters
const A4 = { width: 11906, height: 16838 }; // twips
const MARGIN = { top: 2098, bottom: 1984, left: 1588, right: 1474 }; // 37 / 35 / 28 / 26 mm
const LANDSCAPE_MARGIN = { top: 1440, bottom: 1440, left: 1440, right: 1440 };
const TEXT = A4.width - MARGIN.left - MARGIN.right; // 8844
const WIDE = A4.height - LANDSCAPE_MARGIN.left - LANDSCAPE_MARGIN.right; // 13958

const FIGURE = 820; // one line for 12.50, 100.00
/** Column widths (twips): figures keep to one line (12.50, 5000.00, 10.00/12.50), texts wrap. */
const WIDTHS: Readonly<Record<TableKind, number[]>> = {
  funds: Array(6).fill(Math.floor(TEXT / 6)),
  projects: [520, 2700, 1060, 1060, 1060, 1000, 880, 560],
  lines: [TEXT - 2 * 1500 - 2 * FIGURE, 1500, 1500, FIGURE, FIGURE],
  linesWithProject: [2000, TEXT - 2000 - 2 * 1250 - 2 * FIGURE, 1250, 1250, FIGURE, FIGURE],
  missed: [2400, 1300, 1200, 1380, TEXT - 2400 - 1300 - 1200 - 1380],
  missedWithProject: [1600, 1800, 1150, 1050, 1380, TEXT - 1600 - 1800 - 1150 - 1050 - 1380],
  form: [3, 3, 6, 3, 3, 2, 2, 7].map((p) => Math.floor((p * WIDE) / 29)),
};

const font = (name: string) => ({ ascii: name, hAnsi: name, eastAsia: name, cs: name });
const run = (text: string, options: { bold?: boolean; size?: number; heading?: boolean } = {}) =>
  new TextRun({ text, bold: options.bold, size: options.size ?? BODY, font: font(options.heading ? HEADING_FONT : BODY_FONT) });
const exact = { line: LINE, lineRule: "exact" as const };
const withBookmark = (anchor: string | undefined, child: TextRun) => (anchor ? [new Bookmark({ id: anchor, children: [child] })] : [child]);

const THIN = { style: BorderStyle.SINGLE, size: 4, color: "000000" };
const BORDERS = { top: THIN, bottom: THIN, left: THIN, right: THIN, insideHorizontal: THIN, insideVertical: THIN };
const ALIGN = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;

function table(kind: TableKind, header: string[] | null, rows: Cell[][]): Table {
  const cell = (c: Cell, bold = false) => {
    const spec = typeof c === "string" ? { text: c } : c;
    return new TableCell({
      columnSpan: spec.span,
      verticalAlign: VerticalAlign.CENTER,
      margins: { left: 60, right: 60, top: 30, bottom: 30 },
      children: spec.text.split("\n").map((line) => new Paragraph({ alignment: ALIGN[spec.align ?? "center"], children: [run(line, { size: SMALL, bold: bold || spec.bold })] })),
    });
  };
  const widths = WIDTHS[kind];
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    borders: BORDERS,
    rows: [
      ...(header ? [new TableRow({ tableHeader: true, cantSplit: true, children: header.map((h) => cell(h, true)) })] : []),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c) => cell(c)) })),
    ],
  });
}

function render(block: Block): FileChild[] {
  switch (block.kind) {
    case "title":
      return [new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 240, after: 360, line: 700, lineRule: "exact" }, children: [run(block.text, { heading: true, size: 44 })] })];
    case "note":
      return [new Paragraph({ spacing: { after: 240 }, children: [run(block.text, { bold: true, size: 24 })] })];
    case "contents":
      return [
        new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 240, after: 240 }, children: [run("目　　录", { heading: true })] }),
        ...block.entries.map((e) => new Paragraph({
          tabStops: [{ type: TabStopType.RIGHT, position: TEXT, leader: LeaderType.DOT }], // the right margin: a tab beyond it pushes the page number off the line
          spacing: exact,
          children: [new InternalHyperlink({ anchor: e.anchor, children: [run(e.text)] }), run("\t"), new PageReference(e.anchor)],
        })),
        new Paragraph({ pageBreakBefore: true, children: [] }),
      ];
    case "heading":
      return [new Paragraph({ heading: block.level === 1 ? HeadingLevel.HEADING_1 : HeadingLevel.HEADING_2, indent: { firstLine: INDENT }, spacing: exact, keepNext: true, children: withBookmark(block.anchor, run(block.text, { heading: block.level === 1, bold: block.level === 2 })) })];
    case "subject":
      return [new Paragraph({ indent: { firstLine: INDENT }, spacing: exact, keepNext: true, children: [run(block.text, { bold: true })] })];
    case "paragraph":
      return [new Paragraph({ indent: { firstLine: INDENT }, spacing: exact, alignment: AlignmentType.JUSTIFIED, children: [run(block.text)] })];
    case "table":
      return [table(block.table, block.header, block.rows)];
    case "signature":
      return block.lines.map((text) => new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before: 240, ...exact }, children: [run(text)] }));
    case "formTitle":
      return [new Paragraph({ alignment: AlignmentType.CENTER, pageBreakBefore: !block.first, spacing: { after: 200 }, children: withBookmark(block.anchor, run(block.text, { heading: true })) })];
    case "internal":
      return [new Paragraph({ spacing: { before: 200 }, children: [run(block.title, { bold: true, size: SMALL })] }), ...block.lines.map((line) => new Paragraph({ children: [run(line, { size: SMALL })] }))];
  }
}

function frame(model: ReportModel): Pick<ISectionOptions, "headers" | "footers"> {
  const mark = pageMark(model);
  return {
    headers: { default: new Header({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: mark ? [run(mark, { size: 18, bold: model.draft })] : [] })] }) },
    footers: { default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ size: 24, font: font(BODY_FONT), children: ["第 ", PageNumber.CURRENT, " 页，共 ", PageNumber.TOTAL_PAGES, " 页"] })] })] }) },
  };
}

/** The Word font table: 仿宋 and 黑体 with their Windows spellings as alternates, and the faces a substitute may come from. */
const FONT_TABLE = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:font w:name="${BODY_FONT}"><w:altName w:val="FangSong"/><w:panose1 w:val="02010609060101010101"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>
<w:font w:name="${HEADING_FONT}"><w:altName w:val="SimHei"/><w:panose1 w:val="02010609060101010101"/><w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>
<w:font w:name="SimSun"><w:altName w:val="宋体"/><w:panose1 w:val="02010600030101010101"/><w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>
<w:font w:name="Noto Serif CJK SC"><w:charset w:val="86"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>
<w:font w:name="Noto Sans CJK SC"><w:charset w:val="86"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>
</w:fonts>`;

/** The report as .docx bytes. */
export async function reportDocx(model: ReportModel, today: string = todayInChina()): Promise<Uint8Array> {
  const main = reportBlocks(model, today).flatMap(render);
  const annex = [new Paragraph({ children: [run("附件", { heading: true })] }), ...model.projects.flatMap((p, i) => annexBlocks(model, p, i === 0)).flatMap(render)];
  const headingStyle = (name: string, bold: boolean) => ({ run: { font: font(name), size: BODY, color: "000000", bold }, paragraph: { spacing: { ...exact, before: 0, after: 0 } } });
  const document = new Document({
    creator: "绩效通",
    title: model.title,
    description: model.draftNote ?? "",
    features: { updateFields: model.scope !== "project" },
    styles: {
      default: {
        // zh-CN: a machine without 仿宋 falls back to a Simplified Chinese face, not a Japanese one.
        document: { run: { font: font(BODY_FONT), size: BODY, language: { value: "zh-CN", eastAsia: "zh-CN" } } },
        heading1: headingStyle(HEADING_FONT, false),
        heading2: headingStyle(BODY_FONT, true),
      },
    },
    sections: [
      { properties: { page: { size: { ...A4, orientation: PageOrientation.PORTRAIT }, margin: MARGIN } }, ...frame(model), children: main },
      { properties: { page: { size: { ...A4, orientation: PageOrientation.LANDSCAPE }, margin: LANDSCAPE_MARGIN } }, ...frame(model), children: annex },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(document, false, [{ path: "word/fontTable.xml", data: FONT_TABLE }]));
}
