import { NextRequest } from "next/server";
import { PEER_HEADER, peerStamp } from "@/app/http/same-origin";

// Requests for calling Route Handlers in-process, as the browser (or an attacker) would send them.

export const ORIGIN = "http://localhost:3000";
export const HOST = "localhost:3000";
/** The address every request comes from unless a case says otherwise. */
export const PEER_ADDRESS = "203.0.113.9";

export type Body = { kind: "none" } | { kind: "json"; value: unknown } | { kind: "form"; fields: [string, string | File][] } | { kind: "bytes"; bytes: Uint8Array; type?: string };

export interface RequestSpec {
  method: string;
  path: string;
  query?: Record<string, string | undefined>;
  /** The Origin header: same-origin by default; null leaves it out. */
  origin?: string | null;
  body?: Body;
  /** Extra or overriding headers; a null value removes the header (e.g. content-length). */
  headers?: Record<string, string | null>;
  /** The TCP peer's address, as app/http/peer-stamp.ts stamps it on every request (PEER_HEADER). */
  ip?: string;
  /** An X-Forwarded-For header of the client's own making (not believed: no proxy is trusted). */
  forwardedFor?: string;
}

/** A header value as a client's raw bytes arrive: UTF-8 read as Latin-1, without the bytes HTTP forbids (NUL, CR, LF). */
export const headerValue = (text: string) => Buffer.from(text, "utf8").toString("latin1").replace(/[\0\r\n]/g, "");

/** Encodes the body as fetch would (multipart boundary, JSON) and states its length, like a browser. */
export async function buildRequest(spec: RequestSpec): Promise<NextRequest> {
  const url = new URL(spec.path, ORIGIN);
  for (const [k, v] of Object.entries(spec.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
  const headers: Record<string, string> = { host: HOST, [PEER_HEADER]: peerStamp(spec.ip ?? PEER_ADDRESS), ...(spec.forwardedFor !== undefined ? { "x-forwarded-for": spec.forwardedFor } : {}) };
  if (spec.origin !== null) headers.origin = spec.origin ?? ORIGIN;
  let body: Uint8Array | undefined;
  const b = spec.body ?? { kind: "none" };
  if (b.kind === "json") {
    const text = JSON.stringify(b.value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) ?? "null";
    body = new TextEncoder().encode(text);
    headers["content-type"] = "application/json";
  } else if (b.kind === "form") {
    const form = new FormData();
    for (const [k, v] of b.fields) form.append(k, v);
    const encoded = new Response(form);
    body = new Uint8Array(await encoded.arrayBuffer());
    headers["content-type"] = encoded.headers.get("content-type")!;
  } else if (b.kind === "bytes") {
    body = b.bytes;
    if (b.type) headers["content-type"] = b.type;
  }
  if (body) headers["content-length"] = String(body.byteLength);
  for (const [k, v] of Object.entries(spec.headers ?? {})) {
    if (v === null) delete headers[k];
    else headers[k] = v;
  }
  for (const k of Object.keys(headers)) headers[k] = headerValue(headers[k]!);
  const hasBody = body !== undefined && spec.method !== "GET" && spec.method !== "HEAD";
  return new NextRequest(url, { method: spec.method, headers, ...(hasBody ? { body: body as BodyInit } : {}) });
}

export const file = (bytes: Uint8Array, name: string, type = "application/octet-stream") => new File([bytes as BlobPart], name, { type });
