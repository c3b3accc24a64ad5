import { randomBytes } from "node:crypto";
import { BlockList, isIP } from "node:net";
import { env } from "@/lib/env";

/**
 * The header carrying the address of the TCP peer, set by lib/http/peer-stamp.ts on every request as
 * it is parsed (a client's own header of that name is dropped). Next.js itself keeps a client's own
 * X-Forwarded-For, so without it the socket's address would be lost. Its value is peerStamp(address).
 */
export const PEER_HEADER = "x-jixiao-peer";

const KEY = Symbol.for("jixiao.peerKey");

/** This process's secret for the stamp: random, never sent to a client, shared by every bundle through globalThis. */
function peerKey(): string {
  const holder = globalThis as { [KEY]?: string };
  return (holder[KEY] ??= randomBytes(16).toString("hex"));
}

/** PEER_HEADER's value for a request from `address`: only this process can write one clientIp believes. */
export function peerStamp(address: string): string {
  return `${peerKey()} ${address}`;
}

/** The address in a stamp this process wrote, or null (no stamp, or a forged one). */
function stampedPeer(headers: Headers): string | null {
  const [key, address, ...rest] = (headers.get(PEER_HEADER) ?? "").split(" ");
  return key === peerKey() && rest.length === 0 ? ipLiteral(address) : null;
}

/** The origin the app is served at: NEXTAUTH_URL, or the start script's default. */
export function appOrigin(): string {
  const { NEXTAUTH_URL, PORT } = env();
  return new URL(NEXTAUTH_URL ?? `http://localhost:${PORT}`).origin;
}

/**
 * Mutations accept only same-origin requests (CSRF defence): the Origin header must be present, not
 * "null", and name the app's own scheme, host and port (appOrigin) — never a host taken from the
 * request, which a client or a proxy can set. Server Actions get Next.js's own check on top.
 */
export function isSameOrigin(headers: Headers): boolean {
  const origin = headers.get("origin");
  if (!origin || origin === "null") return false;
  try {
    return new URL(origin).origin === appOrigin();
  } catch {
    return false;
  }
}

/** An IP literal in its canonical text ("::ffff:10.0.0.1" → "10.0.0.1", "[::1]" → "::1"), or null. */
export function ipLiteral(value: string | null | undefined): string | null {
  if (!value) return null;
  let text = value.trim();
  if (text.startsWith("[") && text.endsWith("]")) text = text.slice(1, -1);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(text);
  if (mapped) text = mapped[1]!;
  const version = isIP(text);
  if (version === 4) return text;
  if (version === 6) return new URL(`http://[${text}]`).hostname.slice(1, -1);
  return null;
}

/** A list of addresses and networks (TRUSTED_PROXIES, METRICS_ALLOW: 10.0.0.1, 10.0.0.0/8, fd00::/8) as a matcher. */
export function addressMatcher(list: string | undefined): BlockList {
  const trusted = new BlockList();
  for (const entry of (list ?? "").split(",").map((e) => e.trim()).filter(Boolean)) {
    const [address, bits] = entry.split("/");
    const ip = ipLiteral(address);
    if (!ip) throw new Error(`${entry} 不是 IP 地址或网段`);
    const type = isIP(ip) === 4 ? "ipv4" : "ipv6";
    if (bits === undefined) trusted.addAddress(ip, type);
    else trusted.addSubnet(ip, Number(bits), type);
  }
  return trusted;
}

const matchers = new Map<string, BlockList>();
/** Whether `ip` is in the list (matchers built once per list text). */
export function inAddressList(list: string | undefined, ip: string): boolean {
  let matcher = matchers.get(list ?? "");
  if (!matcher) matchers.set(list ?? "", (matcher = addressMatcher(list)));
  return matcher.check(ip, isIP(ip) === 4 ? "ipv4" : "ipv6");
}

const isTrusted = (ip: string) => inAddressList(env().TRUSTED_PROXIES, ip);

/**
 * The client's address for the audit trail and the per-address limits: the TCP peer's, unless the
 * peer is one of TRUSTED_PROXIES (empty by default). Then X-Forwarded-For is read from the right —
 * each trusted proxy appends the address it saw — and the first address that is not a trusted proxy
 * is the client's; what a client wrote further left is never believed. Only IP literals are
 * accepted: a made-up value gives the last address known for certain. Null when there is no peer
 * (a call from outside the HTTP server, as in tests).
 */
export function clientIp(headers: Headers): string | null {
  let client = stampedPeer(headers);
  if (!client || !isTrusted(client)) return client;
  const chain = (headers.get("x-forwarded-for") ?? "").split(",");
  for (let i = chain.length - 1; i >= 0; i--) {
    const hop = ipLiteral(chain[i]);
    if (!hop) break;
    client = hop;
    if (!isTrusted(hop)) break;
  }
  return client;
}
