import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { CATEGORIES } from "@/lib/targets/categories";
import { parseTargetsFile, parseTargetsText, type ImportParse } from "@/lib/targets/import";
import { textToGrid } from "@/lib/targets/import/grid";
import { parsePerProject } from "@/lib/targets/import/parse-per-project";
import type { ParseResult } from "@/lib/targets/types";
import { EXPECTED, SEED, TABLE12, perProjectRows, perProjectXlsx, rng, table12Sheet, table12Xlsx, toDelimited } from "@/tests/fixtures/targets-import";

// Every entry point must survive damaged input: no throw, no internal error, and values the import
// screen can render without checking types. A failure names the case index, reproducible from the seed.
const random = rng(20250607);
const int = (n: number) => Math.floor(random() * n);
const pick = <T,>(list: readonly T[]): T => list[int(list.length)] as T;
const PIECES = ["\t", ",", '"', "\n", "\r\n", "(", ")", "（", "）", "：", "≥", "≤", "=", "５", "数量指标：", "项目名称", "一级指标\t二级指标\t三级指标\t指标值", "序号", "5", " ", "\uFEFF", "\u0000"];
const COMPARATORS = new Set([">=", "<=", "=", ">", "<", "qualitative"]);

function problemsOf(r: ParseResult, where: string): string[] {
  const bad: string[] = [];
  const isText = (v: unknown) => typeof v === "string";
  for (const p of r.problems) {
    if (!["error", "warning"].includes(p.severity) || !isText(p.location) || !p.location || !isText(p.message) || !p.message) bad.push(`${where}: problem ${JSON.stringify(p)}`);
    // The catch-alls would hide a crash, so an internal-error problem counts as a failure.
    if (String(p.message).includes("内部错误")) bad.push(`${where}: ${p.message}`);
  }
  for (const p of r.projects) {
    if (![p.unitCode, p.unitName, p.name, p.annualGoal].every(isText) || p.name === "") bad.push(`${where}: project fields ${JSON.stringify(p).slice(0, 200)}`);
    if (!/^\d+\.\d{2,}$/.test(p.budgetWan)) bad.push(`${where}: budget ${p.budgetWan}`);
    for (const i of p.indicators) {
      const ok = CATEGORIES.includes(i.category) && COMPARATORS.has(i.comparator) && [i.name, i.value, i.unit, i.raw].every(isText) && i.name !== "" && i.value !== "";
      const numeric = i.comparator === "qualitative" || /^-?\d+(\.\d+)?$/.test(i.value);
      if (!ok || !numeric) bad.push(`${where}: indicator ${JSON.stringify(i)}`);
    }
  }
  return bad;
}
function importProblems(r: ImportParse, where: string): string[] {
  const bad = problemsOf(r, where);
  if (![null, "table12", "per-project"].includes(r.layout) || ![null, "xlsx", "csv", "text", "pipe", "spaces", "lines", "tree"].includes(r.format)) bad.push(`${where}: ${r.layout}/${r.format}`);
  return bad;
}

function mutateText(text: string): string {
  let out = text;
  for (let k = 1 + int(5); k > 0; k--) {
    const at = int(out.length + 1);
    const lines = out.split("\n");
    const line = int(lines.length);
    switch (int(7)) {
      case 0: out = out.slice(0, at); break;
      case 1: out = out.slice(0, at) + out.slice(at + int(300)); break;
      case 2: out = out.slice(0, at) + Array.from({ length: 1 + int(6) }, () => pick(PIECES)).join("") + out.slice(at); break;
      case 3: lines.splice(line, 1); out = lines.join("\n"); break;
      case 4: lines.splice(line, 0, lines[line] ?? ""); out = lines.join("\n"); break;
      case 5: {
        const cells = (lines[line] ?? "").split("\t");
        const [a, b] = [int(cells.length), int(cells.length)];
        [cells[a], cells[b]] = [cells[b] ?? "", cells[a] ?? ""];
        lines[line] = cells.join("\t");
        out = lines.join("\n");
        break;
      }
      default: out = lines.sort(() => random() - 0.5).join("\n");
    }
  }
  return out;
}

function mutateBytes(bytes: Uint8Array): Uint8Array {
  let out = Uint8Array.from(bytes);
  // Half the cases only flip bytes: a ZIP survives that (no CRC check), so the damage reaches the XML.
  if (random() < 0.5) {
    for (let f = 1 + int(3); f > 0 && out.length > 0; f--) out[int(out.length)] = int(256);
    return out;
  }
  for (let k = 1 + int(3); k > 0; k--) {
    const at = int(out.length + 1);
    switch (int(3)) {
      case 0: out = out.slice(0, Math.max(at, 1)); break;
      case 1: out = Uint8Array.from([...out.subarray(0, at), ...out.subarray(at + 1 + int(200))]); break;
      default: out = Uint8Array.from([...out.subarray(0, at), ...out.subarray(at, at + int(400)), ...out.subarray(at)]);
    }
  }
  return out;
}

/** A spreadsheet whose rows were shuffled, swapped and dropped before it was written. */
async function scrambledXlsx(rows: string[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("表12");
  for (const row of rows) {
    if (random() < 0.1) continue;
    const cells: ExcelJS.CellValue[] = [...row];
    const [a, b] = [int(cells.length + 1), int(cells.length + 1)];
    [cells[a], cells[b]] = [cells[b] ?? null, cells[a] ?? null];
    if (random() < 0.2) cells[int(cells.length)] = random() < 0.5 ? random() * 1e6 : { formula: "1/0", result: { error: "#DIV/0!" } };
    sheet.addRow(cells);
  }
  if (random() < 0.5) sheet.mergeCells(1 + int(5), 1 + int(5), 6 + int(5), 6 + int(5));
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe("import robustness on 1 000+ damaged inputs", () => {
  const forms = [0, 8, 15].map((i) => perProjectRows(EXPECTED.projects[i]!));
  const formsTsv = forms.map((f) => toDelimited(f, "\t")).join("");
  const csv = toDelimited(table12Sheet(), ",");

  it("parseTargetsFile: mutated xlsx, CSV (UTF-8, GB18030, UTF-16) and text bytes, rebuilt sheets, random bytes", async () => {
    const sources = [
      await table12Xlsx(),
      await table12Xlsx({ store: true }),
      await table12Xlsx({ store: true }),
      await perProjectXlsx([{ name: "表", forms }]),
      new TextEncoder().encode(`\uFEFF${csv}`),
      new Uint8Array(iconv.encode(csv, "gb18030")),
      Uint8Array.from([0xff, 0xfe, ...iconv.encode(toDelimited(table12Sheet(), "\t"), "utf-16le")]),
      new TextEncoder().encode(TABLE12),
      new Uint8Array(iconv.encode(formsTsv, "gb18030")),
    ];
    const bad: string[] = [];
    for (let n = 0; n < 420; n++) {
      let bytes: Uint8Array;
      if (n < 40) bytes = await scrambledXlsx(n % 2 ? table12Sheet() : forms.flat());
      else if (n < 60) bytes = Uint8Array.from({ length: int(5000) }, () => int(256));
      else bytes = mutateBytes(sources[n % sources.length]!);
      bad.push(...importProblems(await parseTargetsFile(bytes, { layout: pick(["auto", "auto", "table12", "per-project"] as const) }), `file #${n}`));
    }
    expect(bad).toEqual([]);
  }, 120_000);

  it("parseTargetsText: mutated seed text, CSV text and forms", () => {
    const sources = [SEED, TABLE12, csv, formsTsv, toDelimited(forms.flat(), ",")];
    const bad: string[] = [];
    for (let n = 0; n < 400; n++) {
      const text = n % 25 === 0 ? "" : mutateText(sources[n % sources.length]!);
      bad.push(...importProblems(parseTargetsText(text, { layout: pick(["auto", "table12", "per-project"] as const) }), `text #${n}`));
    }
    expect(bad).toEqual([]);
  });

  it("parsePerProject: mutated forms as tab and comma grids", () => {
    const bad: string[] = [];
    for (let n = 0; n < 400; n++) {
      const text = mutateText(n % 2 ? formsTsv : SEED.slice(int(SEED.length)));
      const grids = [textToGrid(text, "\t"), textToGrid(text.replace(/\t/g, ","), ",")];
      bad.push(...problemsOf(parsePerProject(grids), `per-project #${n}`));
    }
    expect(bad).toEqual([]);
  });
});
