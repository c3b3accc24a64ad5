import { describe, expect, it } from "vitest";
import { base32Decode, base32Encode } from "@/lib/security/base32";
import { generateSecret, otpauthUri, totpCode, totpStep, verifyTotp } from "@/lib/security/totp";

const ascii = (text: string) => new TextEncoder().encode(text);
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe("base32 (RFC 4648 §10 test vectors)", () => {
  const vectors: [string, string][] = [
    ["", ""],
    ["f", "MY"],
    ["fo", "MZXQ"],
    ["foo", "MZXW6"],
    ["foob", "MZXW6YQ"],
    ["fooba", "MZXW6YTB"],
    ["foobar", "MZXW6YTBOI"],
  ];
  it.each(vectors)("encodes %j as %s and back", (plain, encoded) => {
    expect(base32Encode(ascii(plain))).toBe(encoded);
    expect(text(base32Decode(encoded))).toBe(plain);
  });

  it("decodes lower case, spaces and padding", () => {
    expect(text(base32Decode("mzxw 6ytb oi======"))).toBe("foobar");
    expect(text(base32Decode("MZXW6YQ="))).toBe("foob");
    expect(text(base32Decode("gezd-gnbv-gy3t-qojq-gezd-gnbv-gy3t-qojq"))).toBe("12345678901234567890");
  });

  it("throws on characters outside the alphabet and impossible lengths", () => {
    expect(() => base32Decode("MZXW1YTB")).toThrow("base32 含无效字符「1」");
    expect(() => base32Decode("MZXW0YTB")).toThrow(/无效字符/);
    expect(() => base32Decode("MZX=W6")).toThrow(/无效字符/);
    expect(() => base32Decode("MZX")).toThrow("base32 长度无效");
  });

  it("round-trips random bytes", () => {
    for (let length = 0; length < 40; length++) {
      const bytes = crypto.getRandomValues(new Uint8Array(length));
      expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
    }
  });
});

// RFC 6238 Appendix B, SHA-1 column; the seed is the ASCII string "12345678901234567890".
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const RFC_VECTORS: [number, string][] = [
  [59, "94287082"],
  [1111111109, "07081804"],
  [1111111111, "14050471"],
  [1234567890, "89005924"],
  [2000000000, "69279037"],
  [20000000000, "65353130"],
];
const at = (seconds: number) => new Date(seconds * 1000);

describe("TOTP (RFC 6238)", () => {
  it("encodes the RFC seed as the expected base32 secret", () => {
    expect(base32Encode(ascii("12345678901234567890"))).toBe(RFC_SECRET);
  });

  it.each(RFC_VECTORS)("gives the RFC 6238 code at %i s", (seconds, code) => {
    expect(totpCode(RFC_SECRET, at(seconds), 30, { digits: 8 })).toBe(code);
    // Six digits are the last six of the same truncated value.
    expect(totpCode(RFC_SECRET, at(seconds))).toBe(code.slice(2));
    expect(verifyTotp(RFC_SECRET, code, at(seconds), { digits: 8, window: 0 })).toEqual({ ok: true, step: totpStep(at(seconds)) });
  });

  it("generates distinct 160-bit base32 secrets", () => {
    const secrets = Array.from({ length: 50 }, () => generateSecret());
    expect(new Set(secrets).size).toBe(50);
    for (const secret of secrets) {
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(base32Decode(secret)).toHaveLength(20);
    }
    expect(generateSecret(10)).toMatch(/^[A-Z2-7]{16}$/);
    expect(() => generateSecret(4)).toThrow(RangeError);
  });

  const secret = generateSecret();
  const now = new Date("2025-06-01T02:00:10Z");
  const shifted = (seconds: number) => new Date(now.getTime() + seconds * 1000);
  const step = totpStep(now);

  it("accepts the current code and one step of drift either way", () => {
    expect(verifyTotp(secret, totpCode(secret, now), now)).toEqual({ ok: true, step });
    expect(verifyTotp(secret, totpCode(secret, shifted(-30)), now)).toEqual({ ok: true, step: step - 1 });
    expect(verifyTotp(secret, totpCode(secret, shifted(30)), now)).toEqual({ ok: true, step: step + 1 });
  });

  it("rejects codes outside the window", () => {
    expect(verifyTotp(secret, totpCode(secret, shifted(-60)), now)).toEqual({ ok: false });
    expect(verifyTotp(secret, totpCode(secret, shifted(60)), now)).toEqual({ ok: false });
    expect(verifyTotp(secret, totpCode(secret, shifted(-30)), now, { window: 0 })).toEqual({ ok: false });
    expect(verifyTotp(secret, totpCode(secret, shifted(-60)), now, { window: 2 })).toEqual({ ok: true, step: step - 2 });
  });

  it("rejects a code already used (replay) but accepts the next one", () => {
    const first = verifyTotp(secret, totpCode(secret, now), now);
    expect(first.ok).toBe(true);
    expect(verifyTotp(secret, totpCode(secret, now), now, { lastUsedStep: first.step })).toEqual({ ok: false });
    expect(verifyTotp(secret, totpCode(secret, shifted(-30)), now, { lastUsedStep: first.step })).toEqual({ ok: false });
    expect(verifyTotp(secret, totpCode(secret, shifted(30)), shifted(30), { lastUsedStep: first.step })).toEqual({ ok: true, step: step + 1 });
  });

  it("accepts spaces but nothing other than six digits", () => {
    const code = totpCode(secret, now);
    expect(code).toMatch(/^\d{6}$/);
    expect(verifyTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, now).ok).toBe(true);
    expect(verifyTotp(secret, ` ${code} `, now).ok).toBe(true);
    expect(verifyTotp(secret, code.slice(0, 5), now)).toEqual({ ok: false });
    expect(verifyTotp(secret, `${code}0`, now)).toEqual({ ok: false });
    expect(verifyTotp(secret, "abcdef", now)).toEqual({ ok: false });
    expect(verifyTotp(secret, "", now)).toEqual({ ok: false });
    expect(verifyTotp(secret, "１２３４５６", now)).toEqual({ ok: false });
    // A wrong code (the right one shifted by one) and a damaged secret are refused.
    expect(verifyTotp(secret, String((Number(code) + 1) % 1_000_000).padStart(6, "0"), now, { window: 0 })).toEqual({ ok: false });
    expect(verifyTotp("not base32!", code, now)).toEqual({ ok: false });
  });
});

describe("otpauthUri", () => {
  it("percent-encodes the issuer in the label and the parameter", () => {
    expect(otpauthUri({ secret: RFC_SECRET, account: "zhangwei", issuer: "绩效通" })).toBe(
      "otpauth://totp/%E7%BB%A9%E6%95%88%E9%80%9A:zhangwei?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ" +
        "&issuer=%E7%BB%A9%E6%95%88%E9%80%9A&algorithm=SHA1&digits=6&period=30",
    );
  });

  it("encodes reserved characters in the account so the label stays one path segment", () => {
    const uri = otpauthUri({ secret: "gezd gnbv gy3t qojq gezd gnbv gy3t qojq", account: "张伟 a:b@柳州?&", issuer: "绩效通" });
    expect(uri.split("?")).toHaveLength(2);
    expect(uri).toContain(":%E5%BC%A0%E4%BC%9F%20a%3Ab%40%E6%9F%B3%E5%B7%9E%3F%26?");
    const url = new URL(uri);
    expect(url.protocol).toBe("otpauth:");
    expect(url.host).toBe("totp");
    expect(decodeURIComponent(url.pathname)).toBe("/绩效通:张伟 a:b@柳州?&");
    expect(url.searchParams.get("issuer")).toBe("绩效通");
    expect(url.searchParams.get("secret")).toBe(RFC_SECRET);
  });

  it("uses 绩效通 as the default issuer", () => {
    expect(otpauthUri({ secret: RFC_SECRET, account: "admin" })).toMatch(/^otpauth:\/\/totp\/%E7%BB%A9%E6%95%88%E9%80%9A:admin\?/);
  });
});
