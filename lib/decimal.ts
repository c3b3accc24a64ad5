// Exact decimal arithmetic for budgets and target values. Money and targets travel as decimal
// strings and must never pass through a JS float (architecture rule, see lib/money.ts), so a value
// is an integer count of 10^-scale units, aligned to a common scale before comparing or adding.

import { fromScaled, withoutGrouping } from "@/lib/money";

export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

/** "5,056.59" → {505659n, 2}; null when the text is not a plain decimal number. */
export function parseDecimal(text: string): Decimal | null {
  const match = DECIMAL.exec(withoutGrouping(String(text).trim()));
  if (!match) return null;
  const [, sign, whole, frac = ""] = match;
  const units = BigInt(whole! + frac); // all the digits: units of 10^-(decimals written)
  return { units: sign === "-" ? -units : units, scale: frac.length };
}

export function isDecimal(text: string): boolean {
  return parseDecimal(text) !== null;
}

/** The canonical text of a decimal: "050.500" → "50.5", "100.00" → "100"; throws on non-numbers. */
export function canonicalDecimal(text: string): string {
  // On the text itself (every check-in read is made canonical): the whole part without leading
  // zeros, the fraction without trailing ones, no sign on zero — formatDecimal(parseDecimal(text)).
  const match = DECIMAL.exec(withoutGrouping(String(text).trim()));
  if (!match) throw new Error(`不是有效的数字：${text}`);
  const [, sign, whole, frac = ""] = match;
  const digits = whole!.replace(/^0+(?=\d)/, "");
  const fraction = frac.replace(/0+$/, "");
  const negative = sign === "-" && (digits !== "0" || fraction !== "");
  return `${negative ? "-" : ""}${digits}${fraction ? `.${fraction}` : ""}`;
}

// Powers of ten as bigints, made once: every comparison and sum of decimals with different scales
// needs one, and the scoring engine makes thousands of them for one overview.
const POWERS_OF_TEN: bigint[] = Array.from({ length: 40 }, (_, i) => 10n ** BigInt(i));

/** 10^n as a bigint (n ≥ 0). */
export function pow10(n: number): bigint {
  return POWERS_OF_TEN[n] ?? 10n ** BigInt(n);
}

function rescale(d: Decimal, scale: number): bigint {
  return scale === d.scale ? d.units : d.units * pow10(scale - d.scale);
}

export function compareDecimal(a: Decimal, b: Decimal): -1 | 0 | 1 {
  if (a.scale === b.scale) return a.units < b.units ? -1 : a.units > b.units ? 1 : 0;
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a, scale);
  const y = rescale(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function addDecimal(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: rescale(a, scale) + rescale(b, scale), scale };
}

export function subtractDecimal(a: Decimal, b: Decimal): Decimal {
  return addDecimal(a, { units: -b.units, scale: b.scale });
}

export function sumDecimal(values: readonly Decimal[]): Decimal {
  return values.reduce<Decimal>((total, v) => addDecimal(total, v), { units: 0n, scale: 0 });
}

export function absDecimal(d: Decimal): Decimal {
  return d.units < 0n ? { units: -d.units, scale: d.scale } : d;
}

/** Multiplies by 10^places exactly; a negative shift divides by raising the scale (元 → 万元 is -4). */
export function shiftDecimal(d: Decimal, places: number): Decimal {
  if (places >= 0) return { units: d.units * pow10(places), scale: d.scale };
  return { units: d.units, scale: d.scale - places };
}

/** Rounds half away from zero to `scale` decimals, as a table printing 2.1587 with two decimals shows 2.16. */
export function roundDecimal(d: Decimal, scale: number): Decimal {
  if (d.scale <= scale) return d;
  const divisor = pow10(d.scale - scale);
  const negative = d.units < 0n;
  const magnitude = negative ? -d.units : d.units;
  const rounded = (magnitude + divisor / 2n) / divisor;
  return { units: negative ? -rounded : rounded, scale };
}

export function isZero(d: Decimal): boolean {
  return d.units === 0n;
}

/**
 * Shows every significant decimal and at least `minFraction` of them, so "2.1587" is never rounded
 * to "2.16" in a message that explains a difference of 0.0013.
 */
export function formatDecimal(d: Decimal, minFraction = 0, grouping = false): string {
  let { units, scale } = d;
  while (scale > minFraction && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  if (scale < minFraction) {
    units *= pow10(minFraction - scale);
    scale = minFraction;
  }
  return fromScaled(units, scale, grouping);
}

/** 万元 with at least two decimals and thousands separators, as the budget tables print them. */
export function formatDecimalWan(d: Decimal): string {
  return formatDecimal(d, 2, true);
}

// Money units a 成本 indicator may use, as powers of ten relative to 万元.
const MONEY_UNIT_SHIFT = new Map<string, number>([
  ["万元", 0],
  ["元", -4],
  ["千元", -1],
  ["百万元", 2],
  ["亿元", 4],
]);

export function isMoneyUnit(unit: string): boolean {
  return MONEY_UNIT_SHIFT.has(unit.normalize("NFKC").trim());
}

/** A money amount in any of the units above, converted exactly to 万元; null when not money. */
export function moneyToWan(value: string, unit: string): Decimal | null {
  const shift = MONEY_UNIT_SHIFT.get(unit.normalize("NFKC").trim());
  const amount = parseDecimal(value);
  if (shift === undefined || amount === null) return null;
  return shiftDecimal(amount, shift);
}
