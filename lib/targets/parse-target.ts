import { categoryFromLabel } from "./categories";
import { CATEGORY_PREFIXES } from "./import/labels";
import type { Category, Comparator, ParsedTarget } from "./types";

// Longer spellings first so ">=" is not read as ">" followed by "=50".
const SYMBOLS: ReadonlyArray<readonly [string, Comparator]> = [
  [">=", ">="], ["<=", "<="], ["==", "="], ["≥", ">="], ["≤", "<="], ["≧", ">="], ["≦", "<="],
  ["⩾", ">="], ["⩽", "<="], ["=", "="], [">", ">"], ["<", "<"],
];
const WORDS: ReadonlyArray<readonly [string, Comparator]> = [
  ["不超过", "<="], ["不高于", "<="], ["不大于", "<="], ["不多于", "<="],
  ["不少于", ">="], ["不低于", ">="], ["不小于", ">="],
  ["大于", ">"], ["超过", ">"], ["高于", ">"], ["多于", ">"],
  ["小于", "<"], ["低于", "<"], ["少于", "<"], ["等于", "="],
];
// Thousands separators only in proper groups, so "1,00" is not silently read as 100.
const NUMBER = /^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?/;
// A unit holding digits or comparators ("年12月", "-60箱") means we misread a range or a date.
const NOT_A_UNIT = /[\d<>=≥≤≧≦⩾⩽]/;
const SYMBOL_CHARS = /[<>=≥≤≧≦⩾⩽]/;
const SEPARATORS = /^[\s;；,，、。]+/;

function qualitative(text: string): ParsedTarget {
  return { comparator: "qualitative", value: text.normalize("NFKC").trim().replace(/\s+/g, " "), unit: "" };
}

/**
 * Reads the text inside an indicator's last parentheses: `≥50箱`, `不超过30分钟`, `前10名`, `良好`.
 * Returns null when the text cannot be a target (empty, brackets, a symbol without a number).
 */
export function parseTarget(text: string): ParsedTarget | null {
  return readTarget(text)?.target ?? null;
}

/**
 * parseTarget, and whether the text itself said how to compare (`≥50`, `不超过30`, `90%以上`, `前10名`)
 * rather than the "=" a bare number defaults to, so a separate comparator column can be checked
 * against it.
 */
export function readTarget(text: string): { target: ParsedTarget; explicit: boolean } | null {
  const compact = text.normalize("NFKC").replace(/\s+/g, "");
  if (compact === "" || /[()[\]（）]/.test(compact)) return null;

  const rank = /^前(\d+)(名|位)$/.exec(compact);
  if (rank) return { target: { comparator: "<=", value: String(rank[1]), unit: String(rank[2]) }, explicit: true };

  let comparator: Comparator | null = null;
  let byWord = false;
  let rest = compact;
  for (const [spelling, c] of SYMBOLS) {
    if (rest.startsWith(spelling)) { comparator = c; rest = rest.slice(spelling.length); break; }
  }
  if (comparator === null) {
    for (const [spelling, c] of WORDS) {
      if (rest.startsWith(spelling)) { comparator = c; byWord = true; rest = rest.slice(spelling.length); break; }
    }
  }

  const number = NUMBER.exec(rest);
  if (!number) {
    // "不低于上年" is a legitimate qualitative target; "≥良好" is a typo we must not guess at.
    if (comparator !== null && !byWord) return null;
    return SYMBOL_CHARS.test(compact) ? null : { target: qualitative(text), explicit: false };
  }
  let unit = rest.slice(number[0].length);
  if (comparator === null) {
    // Suffix forms: "30分钟以内", "90%及以上".
    const suffix = /(及以上|以上|及以下|以下|以内)$/.exec(unit);
    if (suffix) {
      comparator = suffix[1]!.endsWith("以上") ? ">=" : "<=";
      unit = unit.slice(0, -suffix[1]!.length);
    }
  }
  if (NOT_A_UNIT.test(unit)) return comparator === null && !SYMBOL_CHARS.test(compact) ? { target: qualitative(text), explicit: false } : null;
  return { target: { comparator: comparator ?? "=", value: number[0].replace(/,/g, ""), unit }, explicit: comparator !== null };
}

const DISPLAY: Readonly<Record<Exclude<Comparator, "qualitative">, string>> = {
  ">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<",
};

/** `≥ 50 箱`, `= 100%`, `≤ 2.1587 万元`; qualitative targets display as their text. */
export function formatTarget(target: ParsedTarget): string {
  if (target.comparator === "qualitative") return target.value;
  const { unit } = target;
  // Percent-like signs hug the number in Chinese typography; word units are spaced like the symbol.
  const tail = unit === "" ? "" : /^[%‰℃°]/.test(unit) ? unit : ` ${unit}`;
  return `${DISPLAY[target.comparator]} ${target.value}${tail}`;
}

/** An actual as the forms print it: with the target's unit unless it is qualitative or carries it already ("1 次", "95%", "良好"). */
export function actualWithUnit(actual: string, unit: string, qualitative = false): string {
  if (qualitative || !unit || actual.endsWith(unit)) return actual;
  return `${actual}${/^[%‰]/.test(unit) ? "" : " "}${unit}`;
}

/** Whether a higher actual value is better ("forward") or worse ("reverse"); null for qualitative. */
export function direction(comparator: Comparator, value: string): "forward" | "reverse" | null {
  if (comparator === "qualitative") return null;
  if (comparator === "<=" || comparator === "<") return "reverse";
  // "=0 起事故" is a ceiling in disguise: anything above zero is a failure.
  if (comparator === "=" && /^-?0+(?:\.0+)?$/.test(value)) return "reverse";
  return "forward";
}

export interface SplitItem {
  category: Category;
  prefixed: boolean; // false when the category came from the column, not from a `数量指标：` prefix
  name: string;
  targetText: string | null; // inside of the last parenthesised group; null when there is none
  raw: string;
}

// Longest spelling first, so "社会公众或服务对象满意度指标：" is one prefix, not text before "满意度指标：".
const PREFIX = new RegExp(`(${CATEGORY_PREFIXES.join("|")})指标\\s*[:：]`, "g");
const PLACEHOLDERS = new Set(["", "无", "/", "-", "—", "——", "空"]);
const isOpen = (ch: string | undefined): boolean => ch === "(" || ch === "（";
const isClose = (ch: string | undefined): boolean => ch === ")" || ch === "）";

/** Splits one table cell into indicator items; a prefix names the category, otherwise the column does. */
export function splitIndicatorText(cellText: string, columnCategory: Category): SplitItem[] {
  if (PLACEHOLDERS.has(cellText.normalize("NFKC").trim())) return [];
  const segments: Array<{ prefix: string; category: Category | null; body: string }> = [];
  const matches = [...cellText.matchAll(PREFIX)];
  const head = cellText.slice(0, matches[0]?.index ?? cellText.length);
  if (head.trim() !== "") segments.push({ prefix: "", category: null, body: head });
  matches.forEach((m, i) => {
    const start = m.index + m[0].length;
    const end = matches[i + 1]?.index ?? cellText.length;
    segments.push({ prefix: m[0], category: categoryFromLabel(String(m[1])), body: cellText.slice(start, end) });
  });

  const items: SplitItem[] = [];
  for (const seg of segments) {
    splitUnprefixed(seg.body).forEach((piece, i) => {
      const { name, targetText } = extractTarget(piece);
      items.push({
        category: seg.category ?? columnCategory,
        prefixed: seg.category !== null,
        name,
        targetText,
        raw: (i === 0 ? seg.prefix : "") + piece,
      });
    });
  }
  return items;
}

// "碎纸机(=4台)书柜(=2张)" and "A(是)；B(否)" hold several items without prefixes. Split after a
// closed group only when that group is clearly a target, so "服务(含运维)满意度(≥90%)" stays whole.
function splitUnprefixed(body: string): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let start = 0;
  let groupStart = -1;
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (isOpen(ch)) { if (depth === 0) groupStart = i; depth++; continue; }
    if (!isClose(ch) || depth === 0) continue;
    depth--;
    if (depth !== 0) continue;
    const after = body.slice(i + 1);
    const sep = SEPARATORS.exec(after)?.[0] ?? "";
    const next = after.slice(sep.length);
    if (next === "" || isOpen(next[0])) continue;
    const target = parseTarget(body.slice(groupStart + 1, i));
    if (target && (sep !== "" || target.comparator !== "qualitative")) {
      pieces.push(body.slice(start, i + 1));
      start = i + 1 + sep.length;
    }
  }
  pieces.push(body.slice(start));
  return pieces.map((p) => p.trim().replace(/[\s;；,，、。]+$/, "")).filter((p) => p !== "");
}

// The target is the LAST parenthesised group: names carry their own, as in "活动演练范围(县区数量)(≥9个)".
function extractTarget(item: string): { name: string; targetText: string | null } {
  const end = item.length - 1;
  if (!isClose(item[end])) return { name: item.trim(), targetText: null };
  let depth = 0;
  for (let i = end; i >= 0; i--) {
    if (isClose(item[i])) depth++;
    else if (isOpen(item[i]) && --depth === 0) {
      return { name: item.slice(0, i).trim(), targetText: item.slice(i + 1, end) };
    }
  }
  return { name: item.trim(), targetText: null };
}
