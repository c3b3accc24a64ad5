import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, randomUUID } from "node:crypto";
import type { JWT, JWTDecodeParams, JWTEncodeParams } from "next-auth/jwt";

// The session cookie's encryption, in next-auth v4's own format (a JWE, "dir" + A256GCM, under a
// key derived from NEXTAUTH_SECRET by HKDF-SHA256), so cookies issued either way read either way.
// next-auth derives the key again for every token it reads or writes — up to three times a request
// (proxy.ts, the page's session check, the renewed cookie), the largest single cost of a signed-in
// request in a CPU profile. The key depends only on the secret, so it is derived once per secret.

const HEADER = Buffer.from(JSON.stringify({ alg: "dir", enc: "A256GCM" })).toString("base64url");
/** next-auth's tolerance for the clocks of several instances. */
const CLOCK_TOLERANCE_S = 15;
const DEFAULT_MAX_AGE_S = 30 * 24 * 60 * 60;

const keys = new Map<string, Buffer>();
function keyFor(secret: string | Buffer, salt = ""): Buffer {
  const id = `${salt}\u0000${secret.toString()}`;
  let key = keys.get(id);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", secret, salt, `NextAuth.js Generated Encryption Key${salt ? ` (${salt})` : ""}`, 32));
    if (keys.size > 8) keys.clear(); // one secret per process in practice; never a growing map
    keys.set(id, key);
  }
  return key;
}

const now = () => Math.floor(Date.now() / 1000);

/** As next-auth's encode: the claims plus iat, exp (now + maxAge) and a fresh jti. */
export async function encodeSession({ token = {}, secret, maxAge = DEFAULT_MAX_AGE_S, salt = "" }: JWTEncodeParams): Promise<string> {
  const issued = now();
  const payload = Buffer.from(JSON.stringify({ ...token, iat: issued, exp: issued + maxAge, jti: randomUUID() }));
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFor(secret, salt), iv);
  cipher.setAAD(Buffer.from(HEADER, "ascii"));
  const ciphertext = Buffer.concat([cipher.update(payload), cipher.final()]);
  return [HEADER, "", iv.toString("base64url"), ciphertext.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

/** Why a token is refused (next-auth treats any throw as no session). */
export class SessionTokenError extends Error {}

/**
 * As next-auth's decode (jose's jwtDecrypt with a 15 s clock tolerance): null for no token; throws
 * for anything but an intact token of this secret that has not expired. Only the one header
 * next-auth writes is accepted — no other algorithm, no compression, no critical extensions.
 */
export async function decodeSession({ token, secret, salt = "" }: JWTDecodeParams): Promise<JWT | null> {
  if (!token) return null;
  const parts = token.split(".");
  if (parts.length !== 5 || parts[1] !== "") throw new SessionTokenError("不是会话令牌");
  const [header, , ivText, ciphertextText, tagText] = parts as [string, string, string, string, string];
  let protectedHeader: unknown;
  try {
    protectedHeader = JSON.parse(Buffer.from(header, "base64url").toString("utf8"));
  } catch {
    throw new SessionTokenError("令牌头无法读取");
  }
  const h = protectedHeader as Record<string, unknown> | null;
  if (!h || typeof h !== "object" || Object.keys(h).sort().join(",") !== "alg,enc" || h.alg !== "dir" || h.enc !== "A256GCM") throw new SessionTokenError("令牌头不被接受");
  const iv = Buffer.from(ivText, "base64url");
  const tag = Buffer.from(tagText, "base64url");
  if (iv.length !== 12 || tag.length !== 16) throw new SessionTokenError("令牌格式有误");
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyFor(secret, salt), iv, { authTagLength: 16 });
    decipher.setAAD(Buffer.from(header, "ascii"));
    decipher.setAuthTag(tag);
    plaintext = Buffer.concat([decipher.update(Buffer.from(ciphertextText, "base64url")), decipher.final()]);
  } catch {
    throw new SessionTokenError("令牌无法解密（密钥不符或已被改动）");
  }
  let payload: unknown;
  try {
    payload = JSON.parse(plaintext.toString("utf8"));
  } catch {
    throw new SessionTokenError("令牌内容无法读取");
  }
  if (!payload || typeof payload !== "object" || Array.isArray(payload)) throw new SessionTokenError("令牌内容无法读取");
  const claims = payload as Record<string, unknown>;
  const at = now();
  for (const name of ["exp", "nbf", "iat"]) if (claims[name] !== undefined && typeof claims[name] !== "number") throw new SessionTokenError(`令牌的 ${name} 无效`);
  if (typeof claims.exp === "number" && claims.exp <= at - CLOCK_TOLERANCE_S) throw new SessionTokenError("令牌已过期");
  if (typeof claims.nbf === "number" && claims.nbf > at + CLOCK_TOLERANCE_S) throw new SessionTokenError("令牌尚未生效");
  return claims as JWT;
}
