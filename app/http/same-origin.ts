import { randomBytes } from "node:crypto";
import { env } from "@/lib/env";
import { inAddressList, ipLiteral } from "@/lib/security/addresses";

/**
 * The header carrying the address of the TCP peer, set by app/http/peer-stamp.ts on every request as
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
