import { createCipheriv, hkdfSync, randomBytes } from "node:crypto";
import { decode, encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { decodeSession, encodeSession } from "@/lib/auth/jwt";

const secret = "a".repeat(32) + "session-secret";
const token = { sub: "u1", uid: "u1", username: "leader401", sv: 3, authTime: 1_700_000_000_000, name: "局领导" };

/** A token in next-auth's format with chosen header and claims, to try what decodeSession refuses. */
function forge(header: object, claims: object, key = Buffer.from(hkdfSync("sha256", secret, "", "NextAuth.js Generated Encryption Key", 32))): string {
  const h = Buffer.from(JSON.stringify(header)).toString("base64url");
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(h, "ascii"));
  const body = Buffer.concat([cipher.update(Buffer.from(JSON.stringify(claims))), cipher.final()]);
  return [h, "", iv.toString("base64url"), body.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}
const nowS = () => Math.floor(Date.now() / 1000);

describe("session cookies in next-auth's own format, the key derived once", () => {
  it("reads what next-auth writes, and next-auth reads what it writes", async () => {
    const theirs = await encode({ token, secret, maxAge: 1800 });
    expect(await decodeSession({ token: theirs, secret })).toMatchObject(token);
    const ours = await encodeSession({ token, secret, maxAge: 1800 });
    const read = await decode({ token: ours, secret });
    expect(read).toMatchObject(token);
    expect(Number(read!.exp) - Number(read!.iat)).toBe(1800);
    expect(typeof read!.jti).toBe("string");
  });
  it("gives no session for no token", async () => {
    expect(await decodeSession({ token: "", secret })).toBeNull();
    expect(await decodeSession({ token: undefined, secret })).toBeNull();
  });
  it("refuses another secret, a changed byte, and a token cut short", async () => {
    const ours = await encodeSession({ token, secret, maxAge: 1800 });
    await expect(decodeSession({ token: ours, secret: `${secret}x` })).rejects.toThrow("令牌无法解密");
    const parts = ours.split(".");
    const body = Buffer.from(parts[3]!, "base64url");
    body[0] = body[0]! ^ 1;
    await expect(decodeSession({ token: [parts[0], "", parts[2], body.toString("base64url"), parts[4]].join("."), secret })).rejects.toThrow("令牌无法解密");
    await expect(decodeSession({ token: parts.slice(0, 4).join("."), secret })).rejects.toThrow("不是会话令牌");
  });
  it("refuses an expired token (15 s of clock tolerance), one not yet valid, and bad claim types", async () => {
    await expect(decodeSession({ token: forge({ alg: "dir", enc: "A256GCM" }, { ...token, exp: nowS() - 16 }), secret })).rejects.toThrow("令牌已过期");
    expect(await decodeSession({ token: forge({ alg: "dir", enc: "A256GCM" }, { ...token, exp: nowS() - 5 }), secret })).toMatchObject(token);
    await expect(decodeSession({ token: forge({ alg: "dir", enc: "A256GCM" }, { ...token, nbf: nowS() + 60 }), secret })).rejects.toThrow("令牌尚未生效");
    await expect(decodeSession({ token: forge({ alg: "dir", enc: "A256GCM" }, { ...token, exp: "never" }), secret })).rejects.toThrow("exp");
    // next-auth agrees on the expired one.
    await expect(decode({ token: forge({ alg: "dir", enc: "A256GCM" }, { ...token, exp: nowS() - 16 }), secret })).rejects.toThrow();
  });
  it("accepts only the header next-auth writes", async () => {
    await expect(decodeSession({ token: forge({ alg: "dir", enc: "A128GCM" }, token), secret })).rejects.toThrow("令牌头不被接受");
    await expect(decodeSession({ token: forge({ alg: "dir", enc: "A256GCM", zip: "DEF" }, token), secret })).rejects.toThrow("令牌头不被接受");
    await expect(decodeSession({ token: forge({ alg: "dir", enc: "A256GCM", crit: ["x"], x: 1 }, token), secret })).rejects.toThrow("令牌头不被接受");
  });
});
