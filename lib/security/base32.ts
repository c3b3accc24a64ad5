// RFC 4648 §6 base32 (the alphabet authenticator apps use for TOTP secrets).
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Encodes bytes as upper-case base32 without "=" padding (as otpauth:// URIs expect). */
export function base32Encode(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >>> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/**
 * Decodes base32, tolerating lower case, spaces, hyphens and trailing "=" padding (people copy
 * secrets as "gezd gnbv …"). Throws on any other character or on a length no encoder produces.
 */
export function base32Decode(text: string): Uint8Array {
  const stripped = text.replace(/[\s-]/g, "").replace(/=+$/, "");
  // Checked before upper-casing, which would turn "ı" into a valid "I".
  const invalid = /[^A-Za-z2-7]/u.exec(stripped);
  if (invalid) throw new Error(`base32 含无效字符「${invalid[0]}」`);
  const cleaned = stripped.toUpperCase();
  // 1, 3 and 6 trailing characters cannot come from whole bytes.
  if ([1, 3, 6].includes(cleaned.length % 8)) throw new Error("base32 长度无效");
  const out = new Uint8Array(Math.floor((cleaned.length * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (const char of cleaned) {
    buffer = ((buffer << 5) | ALPHABET.indexOf(char)) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[index++] = (buffer >>> bits) & 0xff;
    }
  }
  return out;
}
