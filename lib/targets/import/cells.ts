// Reading single cells the way other departments write them: an amount with its unit glued on
// (`250万`), a unit with its code in front (`(433001)乌海市…`), an Excel date that lost its format
// (`44561`). Each reader returns null rather than guessing; the caller says what it could not read.

import { fromScaled, toScaled } from "@/lib/money";

const BUDGET = /^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;

/** "5,000.00" → "5000.00"; pads to two decimals but never rounds. */
export function parseBudget(text: string): string | null {
  const compact = text.normalize("NFKC").replace(/\s+/g, "");
  if (!BUDGET.test(compact)) return null;
  const [int = "", frac = ""] = compact.replace(/,/g, "").split(".");
  return `${int}.${frac.padEnd(2, "0")}`;
}

/**
 * An amount in 万元 as an exact decimal string with at least two decimals: "250", "250万", "250万元",
 * "1,234.5". With `yuan`, the cell is in 元 (its label said so) and is shifted four places, exactly.
 */
export function readAmount(text: string, yuan = false): string | null {
  const compact = text.normalize("NFKC").replace(/\s+/g, "");
  if (yuan) {
    const plain = parseBudget(compact.replace(/元$/, ""));
    if (plain === null) return null;
    const wan = fromScaled(toScaled(plain, 2), 6).replace(/0{1,4}$/, "");
    return wan.includes(".") && wan.split(".")[1]!.length >= 2 ? wan : parseBudget(wan);
  }
  if (/[^万]元$/.test(compact) && !compact.endsWith("万元")) return null;
  return parseBudget(compact.replace(/万元?$/, ""));
}

/** Whether a cell says only what unit the amounts below it are in ("金额(万元)", "万元", "单位：万元"). */
export function isAmountHeader(text: string): boolean {
  const key = text.normalize("NFKC").replace(/\s+/g, "");
  return /^(?:金额|资金|数额|单位[:：]?)?\(?万元\)?$|^金额$/.test(key);
}

/**
 * Splits a unit cell into its code and name: "309001柳州市大数据发展局", "柳州市大数据发展局(309001)",
 * "(433001)乌海市…", "[433001]乌海市…", "433001-乌海市…". Without a code the caller resolves the name.
 */
export function splitUnit(text: string): [string, string] {
  const unit = text.normalize("NFKC").trim();
  const bracketed = /^[([【]\s*(\d{3,})\s*[)\]】]\s*(\S.*)$/.exec(unit);
  if (bracketed) return [bracketed[1] ?? "", (bracketed[2] ?? "").trim()];
  const leading = /^(\d{3,})\s*[-_—]?\s*(\S.*)$/.exec(unit);
  if (leading) return [leading[1] ?? "", (leading[2] ?? "").trim()];
  const trailing = /^(.+?)\s*[([【](\d{3,})[)\]】]$/.exec(unit);
  if (trailing) return [trailing[2] ?? "", (trailing[1] ?? "").trim()];
  return ["", text.trim()];
}

// Excel counts days from 1899-12-30 (its 1900 leap-year bug included); 36526 is 2000-01-01 and
// 55153 is 2050-12-31, the range in which a budget table's date can lie.
const SERIAL = /^\d{5}(?:\.0+)?$/;
const FIRST = 36526;
const LAST = 55153;

/** "44561" → "2021-12-31" when the text is an Excel date serial of 2000–2050, else null. */
export function excelDate(text: string): string | null {
  const compact = text.normalize("NFKC").trim();
  if (!SERIAL.test(compact)) return null;
  const serial = Number.parseInt(compact, 10);
  if (serial < FIRST || serial > LAST) return null;
  return new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
}

/** Names of indicators whose target is a date or a deadline, where a five-digit number is a lost date. */
export const DATE_NAME = /时间|日期|时限|期限|截止|完成于|节点/;
