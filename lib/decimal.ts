// Exact decimal strings for target values (never floats). Canonical form: no leading zeros, no
// trailing fractional zeros, "-0" → "0": "050.500" → "50.5", "100.00" → "100".

const PATTERN = /^([+-])?(\d*)(?:\.(\d*))?$/;

export function isDecimal(value: string): boolean {
  const m = PATTERN.exec(value.trim());
  return !!m && ((m[2] ?? "") + (m[3] ?? "")).length > 0;
}

export function canonicalDecimal(value: string): string {
  const m = PATTERN.exec(value.trim());
  if (!m || !isDecimal(value)) throw new Error(`不是有效的数字：${value}`);
  const whole = (m[2] ?? "").replace(/^0+(?=\d)/, "") || "0";
  const frac = (m[3] ?? "").replace(/0+$/, "");
  const body = frac ? `${whole}.${frac}` : whole;
  return m[1] === "-" && body !== "0" ? `-${body}` : body;
}
