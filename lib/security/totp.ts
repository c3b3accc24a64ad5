import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { base32Decode, base32Encode } from "@/lib/security/base32";

// RFC 6238 TOTP (HMAC-SHA1, 30-second step, 6 digits): what every authenticator app
// (Google/Microsoft Authenticator, 腾讯身份验证器, FreeOTP) understands, computed offline with node:crypto.

export interface TotpOptions {
  /** Seconds per step; 30 by default. */
  step?: number;
  /** Digits in a code; 6 by default (8 for the RFC 6238 test vectors). */
  digits?: number;
}

/** A fresh random secret (20 bytes = 160 bits, as RFC 4226 recommends), base32-encoded. */
export function generateSecret(bytes = 20): string {
  if (!Number.isInteger(bytes) || bytes < 10 || bytes > 64) throw new RangeError("密钥长度须为 10–64 字节");
  return base32Encode(randomBytes(bytes));
}

/** The step number (T in RFC 6238) that a moment falls into. */
export function totpStep(time: Date, step = 30): number {
  return Math.floor(time.getTime() / 1000 / step);
}

/** RFC 4226 HOTP value for a counter. */
function hotp(key: Uint8Array, counter: number, digits: number): string {
  if (!Number.isInteger(digits) || digits < 6 || digits > 10) throw new RangeError("口令位数须为 6–10 位");
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac("sha1", key).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return (binary % 10 ** digits).toString().padStart(digits, "0");
}

/** The code shown by an authenticator app for `secret` (base32) at `time`. */
export function totpCode(secret: string, time: Date, step = 30, options: Pick<TotpOptions, "digits"> = {}): string {
  return hotp(base32Decode(secret), totpStep(time, step), options.digits ?? 6);
}

export interface VerifyOptions extends TotpOptions {
  /** Steps of clock drift accepted either side of now; 1 by default (±30 s). */
  window?: number;
  /** The step of the last code this user signed in with; that code and older ones are refused (replay). */
  lastUsedStep?: number;
}

export interface VerifyResult {
  ok: boolean;
  /** The matched step, to be stored as the user's next `lastUsedStep`. */
  step?: number;
}

/**
 * Checks a code typed by the user. Spaces are ignored ("123 456"); anything other than exactly
 * `digits` digits is refused. Every step in the window is compared in constant time, so timing
 * does not tell which step (if any) matched.
 */
export function verifyTotp(secret: string, code: string, now: Date, options: VerifyOptions = {}): VerifyResult {
  const step = options.step ?? 30;
  const digits = options.digits ?? 6;
  // More than a few steps of drift would make guessing easier than the clock is wrong.
  const window = Math.max(0, Math.min(options.window ?? 1, 10));
  const typed = code.replace(/\s/g, "");
  if (typed.length !== digits || !/^\d+$/.test(typed)) return { ok: false };
  let key: Uint8Array;
  try {
    key = base32Decode(secret);
  } catch {
    return { ok: false };
  }
  const current = totpStep(now, step);
  const typedBytes = Buffer.from(typed);
  let matched: number | undefined;
  for (let offset = -window; offset <= window; offset++) {
    const candidate = current + offset;
    if (candidate < 0) continue;
    const equal = timingSafeEqual(Buffer.from(hotp(key, candidate, digits)), typedBytes);
    // Prefer the newest matching step, so a replayed older code cannot shadow a fresh one.
    if (equal) matched = candidate;
  }
  if (matched === undefined) return { ok: false };
  if (options.lastUsedStep !== undefined && matched <= options.lastUsedStep) return { ok: false };
  return { ok: true, step: matched };
}

/**
 * The otpauth:// URI an authenticator app reads from a QR code
 * (https://github.com/google/google-authenticator/wiki/Key-Uri-Format). The issuer appears both
 * as the label prefix and as a parameter; both are percent-encoded (UTF-8) so Chinese names survive.
 */
export function otpauthUri({
  secret,
  account,
  issuer = "绩效通",
  digits = 6,
  period = 30,
}: {
  secret: string;
  account: string;
  issuer?: string;
  digits?: number;
  period?: number;
}): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const params = [
    `secret=${secret.replace(/[\s=-]/g, "").toUpperCase()}`,
    `issuer=${encodeURIComponent(issuer)}`,
    "algorithm=SHA1",
    `digits=${digits}`,
    `period=${period}`,
  ];
  return `otpauth://totp/${label}?${params.join("&")}`;
}
