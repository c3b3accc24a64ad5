// Payments exported from the finance system (财务系统 / 国库集中支付, .xlsx or .csv) imported as a
// project's expenditures. Pure: bytes → sheet → rows the user maps and previews → values the
// expenditure form would accept. File decoding is the targets import's, so encodings, pictures and
// broken workbooks are handled (and worded) the same way in both imports.

import { expenditureSchema } from "@/lib/budget/record-schemas";
import { parseCalendarDate } from "@/lib/calendar";
import { fromScaled, toScaled } from "@/lib/money";
import { sniff } from "@/lib/targets/import/decode";
import { isBlank, place, textToGrid, type Grid } from "@/lib/targets/import/grid";
import { NOT_A_WORKBOOK, readWorkbook } from "@/lib/targets/import/xlsx";

export const EXPENDITURE_FIELDS = ["date", "amount", "payee", "voucherNo", "economicClass", "description"] as const;
export type ExpenditureField = (typeof EXPENDITURE_FIELDS)[number];
export const FIELD_LABELS: Record<ExpenditureField, string> = {
  date: "支付日期", amount: "金额（元）", payee: "收款方/用途", voucherNo: "凭证号", economicClass: "经济分类", description: "摘要",
};
/** field → header text exactly as in the file. */
export type ColumnMapping = Partial<Record<ExpenditureField, string>>;
export type SheetProblem = { severity: "error" | "warning"; location: string; message: string };
export interface ExpenditureSheet { headers: string[]; rows: { row: number; cells: Record<string, string> }[]; problems: SheetProblem[] }
/** Raw text as mapped, for editing in the preview. */
export interface ExpenditureRow { row: number; date: string; amount: string; payee: string; voucherNo: string; economicClass: string; description: string }
export interface NormalisedExpenditure { date: string; amount: string; payee: string; voucherNo: string; economicClass: string; description: string }

export const MAX_EXPENDITURE_BYTES = 5 * 1024 * 1024;

// Header names seen in 财务 and 国库支付 exports, most specific first: when a file has both 支付日期 and
// 日期, the specific one is the payment date. 贷方金额 is deliberately absent (money coming in).
const NAMES: Record<ExpenditureField, readonly string[]> = {
  date: ["支付日期", "凭证日期", "记账日期", "业务日期", "日期"],
  amount: ["支付金额", "支出金额", "金额", "借方金额", "本期发生额", "发生额"],
  payee: ["收款单位", "收款人", "收款方", "对方单位", "对方户名"],
  voucherNo: ["凭证号", "凭证编号", "凭证字号", "记账凭证号"],
  economicClass: ["支出经济分类", "经济分类", "经济科目", "科目"],
  description: ["摘要", "用途", "说明", "备注"],
};
// "借方金额（元）", "金 额" and "支付金额\n(元)" name the same column as "借方金额" / "金额".
const headerKey = (h: string) => h.normalize("NFKC").replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】/g, "").replace(/\s/g, "");
const KNOWN = new Set(Object.values(NAMES).flat());
const knownCount = (cells: readonly string[]) => new Set(cells.map(headerKey).filter((k) => KNOWN.has(k))).size;
// Ledger exports close each month with 本月合计 / 本年累计 rows; a short cell keeps a description
// that merely mentions 合计 ("合计支付两笔…") from dropping a payment.
const isTotalRow = (cells: readonly string[]) => cells.some((c) => { const t = c.replace(/\s/g, ""); return t.length <= 8 && /合计|小计|总计|累计/.test(t); });

const fail = (message: string): ExpenditureSheet => ({ headers: [], rows: [], problems: [{ severity: "error", location: "全文", message }] });

/** Reads an exported payment list (xlsx, or CSV / tab-separated text in any common encoding). Never throws. */
export async function readExpenditureSheet(bytes: Uint8Array): Promise<ExpenditureSheet> {
  try {
    if (!(bytes instanceof Uint8Array) || bytes.byteLength === 0) return fail("文件为空");
    // Checked before anything reads the bytes: an oversized upload must cost nothing.
    if (bytes.byteLength > MAX_EXPENDITURE_BYTES) return fail(`文件过大：上限为 5 MB，本文件约 ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB`);
    const sniffed = sniff(bytes);
    if (sniffed.kind === "rejected") return fail(sniffed.message);
    let grids: Grid[];
    const before: SheetProblem[] = [];
    if (sniffed.kind === "zip") {
      try {
        grids = await readWorkbook(bytes);
      } catch (e) {
        return fail(e instanceof Error && e.message.startsWith(NOT_A_WORKBOOK) ? e.message : NOT_A_WORKBOOK);
      }
    } else {
      const text = sniffed.text.replace(/^\uFEFF/, "");
      if (text.trim() === "") return fail("文件为空");
      before.push(...sniffed.problems);
      // Tab first: text saved as Excel "Unicode text" is tab-separated and its cells may hold commas.
      const tab = textToGrid(text, "\t");
      grids = findHeader(tab, true) !== null || (text.includes("\t") && !text.includes(",")) ? [tab] : [textToGrid(text, ",")];
    }
    // The first sheet whose header names columns we know; a cover or notes sheet may come first.
    for (const strict of [true, false]) {
      for (const grid of grids) {
        const at = findHeader(grid, strict);
        if (at !== null) return readBelow(grid, at, strict, before);
      }
    }
    return { headers: [], rows: [], problems: [...before, { severity: "error", location: "全文", message: `未找到表头行：需要一行含 ${NAMES.date.join("、")} 或 金额、凭证号、摘要 等列名` }] };
  } catch (e) {
    return fail(`导入时发生内部错误：${e instanceof Error ? e.message : String(e)}`);
  }
}

function findHeader(grid: Grid, strict: boolean): number | null {
  const at = grid.rows.findIndex((r) => (strict ? knownCount(r.cells) >= 2 : r.cells.filter((c) => c.trim() !== "").length >= 3));
  return at < 0 ? null : at;
}

function readBelow(grid: Grid, at: number, strict: boolean, before: SheetProblem[]): ExpenditureSheet {
  const header = grid.rows[at]!;
  const body = grid.rows.slice(at + 1);
  const problems = [...before];
  if (!strict) problems.push({ severity: "warning", location: place(grid.sheet, header.row), message: "未识别出列名，已将此行作为表头：请逐列选择对应的字段" });
  const width = Math.max(header.cells.length, ...body.map((r) => r.cells.length));
  const columns: { col: number; name: string }[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < width; i++) {
    let name = (header.cells[i] ?? "").replace(/\s+/g, " ").trim();
    // An unnamed column still offered if it holds data; a repeated name gets its column so both stay mappable.
    if (name === "" && body.every((r) => (r.cells[i] ?? "").trim() === "")) continue;
    if (name === "" || seen.has(name)) name = name === "" ? `第${i + 1}列` : `${name}（第${i + 1}列）`;
    seen.add(name);
    columns.push({ col: i, name });
  }
  const rows: ExpenditureSheet["rows"] = [];
  for (const r of body) {
    if (isBlank(r.cells) || isTotalRow(r.cells)) continue;
    const filled = r.cells.map((c) => c.trim()).filter((c) => c !== "");
    // A payment needs at least a date and an amount; a lone cell is a footer (制表人：…) or a note.
    if (filled.length === 1) {
      problems.push({ severity: "warning", location: place(grid.sheet, r.row), message: `此行只有一个单元格有内容，已跳过：“${filled[0]}”` });
      continue;
    }
    rows.push({ row: r.row, cells: Object.fromEntries(columns.map(({ col, name }) => [name, (r.cells[col] ?? "").trim()])) });
  }
  if (rows.length === 0) problems.push({ severity: "error", location: place(grid.sheet, header.row), message: "表头下方没有支出数据行" });
  return { headers: columns.map((c) => c.name), rows, problems };
}

/** A remembered mapping wins for headers still present; other fields are guessed by name, one header per field. */
export function guessMapping(headers: string[], remembered: ColumnMapping = {}): ColumnMapping {
  const mapping: ColumnMapping = {};
  const used = new Set<string>();
  for (const field of EXPENDITURE_FIELDS) {
    const h = remembered[field];
    if (h !== undefined && headers.includes(h)) {
      mapping[field] = h;
      used.add(h);
    }
  }
  const byName = (names: readonly string[]) =>
    names.map((name) => headers.find((x) => !used.has(x) && headerKey(x) === name)).find((h) => h !== undefined);
  // Payee before description: without a 收款单位 column the 摘要 is what says where the money went,
  // and description then takes another note column (用途, 备注) rather than repeating the 摘要.
  for (const field of ["payee", "date", "amount", "voucherNo", "economicClass", "description"] as const) {
    if (mapping[field] !== undefined) continue;
    const h = byName(NAMES[field]) ?? (field === "payee" ? byName(NAMES.description) : undefined);
    if (h !== undefined) {
      mapping[field] = h;
      used.add(h);
    }
  }
  return mapping;
}

export function mapRows(sheet: ExpenditureSheet, mapping: ColumnMapping): ExpenditureRow[] {
  // Own keys only: a mapping edited in the browser could name "toString", which every object inherits.
  const pick = (cells: Record<string, string>, field: ExpenditureField) => {
    const h = mapping[field];
    return h !== undefined && Object.hasOwn(cells, h) ? (cells[h] ?? "") : "";
  };
  return sheet.rows.map(({ row, cells }) => ({
    row, date: pick(cells, "date"), amount: pick(cells, "amount"), payee: pick(cells, "payee"),
    voucherNo: pick(cells, "voucherNo"), economicClass: pick(cells, "economicClass"), description: pick(cells, "description"),
  }));
}

/** "YYYY-MM-DD" from the forms finance systems print, or an Excel serial; null if none fits a real date. */
function parseDate(text: string): string | null {
  const t = text.normalize("NFKC").trim();
  // Exports often carry a midnight time ("2025-06-03 00:00:00") that says nothing about the day.
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(t) ?? /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/.exec(t) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  let iso: string;
  if (m) iso = `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`;
  else if (/^\d{1,5}(\.\d+)?$/.test(t) && Number.parseInt(t, 10) > 60) {
    // A date cell without a date format reaches us as its serial: days since 1899-12-30 (the epoch
    // absorbs Lotus's phantom 29 February 1900, so this holds from March 1900 on). UTC has no zone shift.
    iso = new Date(Date.UTC(1899, 11, 30) + Number.parseInt(t, 10) * 86_400_000).toISOString().slice(0, 10);
  } else return null;
  try {
    parseCalendarDate(iso);
    return iso;
  } catch {
    return null;
  }
}

function parseAmount(text: string): { amount: string } | { error: string } {
  const t = text.normalize("NFKC").replace(/[\s¥元,]/g, "").replace(/^RMB|^CNY/i, "");
  if (t === "") return { error: "请填写金额" };
  // Red-ink (冲销) entries print as (1,234.56) or -1234.56: an expenditure records a payment, and a
  // reversal belongs to the payment it reverses, not to a new negative one.
  if (/^[-\u2212]|^\(.*\)$/.test(t)) return { error: "金额为负数：冲销请在系统中对原支出操作" };
  const m = /^\+?(\d+)(?:\.(\d+))?$/.exec(t);
  if (!m) return { error: `金额无法识别：“${text.trim()}”` };
  const frac = (m[2] ?? "").replace(/(?<=\d{2})0+$/, "");
  if (frac.length > 2) return { error: "金额最多两位小数（精确到分）" };
  const fen = toScaled(`${m[1]}.${frac || "0"}`, 2);
  if (fen === 0n) return { error: "金额不能为 0" };
  // numeric(18,2) in the database, as the form's 13-digit limit.
  if (fen >= 10n ** 15n) return { error: "金额超过 13 位整数，请核对单位是否为元" };
  return { amount: fromScaled(fen, 2) };
}

/** Checks one mapped row as the expenditure form would, with the same limits and messages. */
export function normaliseExpenditure(
  raw: Omit<ExpenditureRow, "row">,
  options: { fiscalYear: number; today: string },
): { value: NormalisedExpenditure | null; errors: Partial<Record<ExpenditureField, string>> } {
  const errors: Partial<Record<ExpenditureField, string>> = {};
  const date = parseDate(raw.date);
  if (raw.date.trim() === "") errors.date = "请填写支付日期";
  else if (date === null) errors.date = `日期无法识别：“${raw.date.trim()}”`;
  else if (!date.startsWith(`${options.fiscalYear}-`)) errors.date = `日期须在 ${options.fiscalYear} 年内`;
  else if (date > options.today) errors.date = "日期不能晚于今天";
  const amount = parseAmount(raw.amount);
  if ("error" in amount) errors.amount = amount.error;
  // The form's own schema for the text fields, so a limit changed there applies here too.
  const text = (field: "payee" | "voucherNo" | "economicClass" | "description", value: string): string => {
    const parsed = expenditureSchema.shape[field].safeParse(value);
    if (parsed.success) return parsed.data;
    errors[field] = parsed.error.issues[0]?.message ?? "格式不正确";
    return "";
  };
  const description = text("description", raw.description);
  const payee = text("payee", raw.payee.trim() === "" ? raw.description : raw.payee);
  const voucherNo = text("voucherNo", raw.voucherNo);
  const economicClass = text("economicClass", raw.economicClass);
  if (Object.keys(errors).length > 0 || date === null || "error" in amount) return { value: null, errors };
  return { value: { date, amount: amount.amount, payee, voucherNo, economicClass, description }, errors };
}

// Amounts compare by value: "1,234.5" in the file is the "1234.50" already recorded.
const amountKey = (a: string) => {
  const parsed = parseAmount(a);
  return "amount" in parsed ? parsed.amount : a.trim();
};
const voucherKey = (v: string) => v.normalize("NFKC").replace(/\s/g, "");

/** key → message for rows whose voucher number and amount repeat an earlier row or a recorded expenditure. */
export function findDuplicates(
  rows: { key: number; voucherNo: string; amount: string }[],
  existing: { voucherNo: string | null; amount: string }[],
): Map<number, string> {
  const recorded = new Set(existing.filter((e) => e.voucherNo && voucherKey(e.voucherNo) !== "").map((e) => `${voucherKey(e.voucherNo!)}|${amountKey(e.amount)}`));
  const first = new Map<string, number>();
  const found = new Map<number, string>();
  for (const r of rows) {
    const voucher = voucherKey(r.voucherNo);
    // One voucher often pays several lines, so without a number there is nothing reliable to compare.
    if (voucher === "") continue;
    const amount = amountKey(r.amount);
    const key = `${voucher}|${amount}`;
    const earlier = first.get(key);
    if (recorded.has(key)) found.set(r.key, `已录入：本项目已有凭证号“${voucher}”、金额 ${amount} 元的支出`);
    else if (earlier !== undefined) found.set(r.key, `与第${earlier}行重复：凭证号“${voucher}”、金额 ${amount} 元相同`);
    if (earlier === undefined) first.set(key, r.key);
  }
  return found;
}
