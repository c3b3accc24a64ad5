// Money is exact: amounts travel as decimal strings and are computed in integer fen (BigInt),
// never as JS floats (docs/architecture.md). The database stores 元 as numeric(18,2).

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

/** Parses a decimal string with at most `scale` decimals into an integer of 10^-scale units. */
export function toScaled(value: string, scale: number): bigint {
  const match = DECIMAL.exec(withoutGrouping(value.trim()));
  if (!match) throw new Error(`不是有效的数字：${value}`);
  const [, sign, whole, frac = ""] = match;
  if (frac.length > scale) throw new Error(`小数位数超过 ${scale} 位：${value}`);
  // The digits with the fraction padded to `scale` are the count of 10^-scale units: one parse.
  const units = BigInt(whole! + frac.padEnd(scale, "0"));
  return sign === "-" ? -units : units;
}

/** "5,056.59" → "5056.59" (a copy only when there is a comma: amounts are read by the thousand on every overview). */
export const withoutGrouping = (text: string): string => (text.includes(",") ? text.replaceAll(",", "") : text);

/** Formats an integer of 10^-scale units as a decimal string, optionally with thousands separators. */
export function fromScaled(units: bigint, scale: number, grouping = false): string {
  const negative = units < 0n;
  // The digits of |units|, at least one before the point: the whole part and the fraction are slices of them.
  const digits = (negative ? -units : units).toString().padStart(scale + 1, "0");
  let whole = digits.slice(0, digits.length - scale);
  if (grouping) whole = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const frac = scale > 0 ? "." + digits.slice(digits.length - scale) : "";
  return `${negative ? "-" : ""}${whole}${frac}`;
}

/** 万元 (as published, up to 6 decimals) → 元 with 2 decimals: "5,000.00" → "50000000.00". */
export function wanToYuan(wan: string): string {
  // 1 万元 = 10^6 fen, so a 万元 figure scaled by 10^6 is exactly fen; more than 6 decimals would
  // be finer than a fen and is refused by toScaled.
  return fromScaled(toScaled(wan, 6), 2);
}

/**
 * 元 → 万元 for display, rounded half-up to `decimals` (2 by default, as published), with
 * thousands separators: "50000000.00" → "5,000.00".
 */
export function formatWan(yuan: string, decimals = 2): string {
  const fen = toScaled(yuan, 2);
  // 1 万元 = 1,000,000 fen; keep `decimals` places of 万元.
  const divisor = 10n ** BigInt(6 - decimals);
  const negative = fen < 0n;
  const abs = negative ? -fen : fen;
  const rounded = (abs + divisor / 2n) / divisor;
  return fromScaled(negative ? -rounded : rounded, decimals, true);
}

/** 元 with thousands separators and two decimals, for tables: "220000.00" → "220,000.00". */
export function formatYuan(yuan: string): string {
  return fromScaled(toScaled(yuan, 2), 2, true);
}

/** Sum of 元 amounts, exact. */
export function sumYuan(amounts: readonly string[]): string {
  return fromScaled(
    amounts.reduce((total, a) => total + toScaled(a, 2), 0n),
    2,
  );
}
