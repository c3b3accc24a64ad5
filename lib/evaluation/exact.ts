// Exact fractions for scores. A proportional score (40 ÷ 50 × 16.67) is not a finite decimal in
// general (50 ÷ 3), so it is kept as a fraction of bigints and rounded once, half-up, at the end.

import { formatDecimal, pow10, type Decimal } from "@/lib/decimal";

export interface Fraction {
  n: bigint;
  d: bigint; // > 0
}

export const fraction = (x: Decimal): Fraction => ({ n: x.units, d: pow10(x.scale) });
export const whole = (n: bigint): Fraction => ({ n, d: 1n });
export const times = (a: Fraction, b: Fraction): Fraction => ({ n: a.n * b.n, d: a.d * b.d });

/** a ÷ b; the caller makes sure b is not zero (every division in the rules is guarded). */
export function over(a: Fraction, b: Fraction): Fraction {
  if (b.n === 0n) throw new Error("division by zero");
  const sign = b.n < 0n ? -1n : 1n;
  return { n: a.n * b.d * sign, d: a.d * b.n * sign };
}

export function compare(a: Fraction, b: Fraction): -1 | 0 | 1 {
  const x = a.n * b.d;
  const y = b.n * a.d;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Rounded half-up (away from zero) to `places` decimals, as a person with a calculator rounds. */
export function round(x: Fraction, places: number): Decimal {
  const negative = x.n < 0n;
  const n = (negative ? -x.n : x.n) * pow10(places);
  const units = (2n * n + x.d) / (2n * x.d);
  return { units: negative ? -units : units, scale: places };
}

/** Exactly `places` decimals: "7.30", "16.6700". */
export function fixed(x: Decimal | Fraction, places: number): string {
  if ("units" in x && x.scale <= places) return formatDecimal(x, places); // nothing to round: only zeros to add
  const f = "units" in x ? fraction(x) : x;
  return formatDecimal(round(f, places), places);
}

/** Every significant decimal, at least two: sums of 4-decimal scores shown without hiding digits. */
export const exactText = (x: Decimal): string => formatDecimal(x, 2);

/** A decimal as written, without trailing zeros: weights 10, 16.67, 12.5; actuals 40, 2.1587. */
export const plain = (x: Decimal): string => formatDecimal(x);
