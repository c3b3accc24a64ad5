import { recordDenied } from "@/lib/audit/denied";
import type { Actor } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import { AppError, inputError, type AppErrorCode } from "@/lib/errors";
import { hitAll, LIMITS } from "@/lib/security/rate-limit";
import { contentDisposition } from "./content-disposition";
import { clientIp } from "./same-origin";

export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/**
 * A file download: never cached, never sniffed, never run as a page (sandbox), named in UTF-8 with an
 * ASCII fallback (contentDisposition). `fallbackStem` names the fallback ("evidence" → evidence.pdf).
 */
export function attachment(bytes: Uint8Array, fileName: string, options: { type?: string; fallbackStem?: string } = {}): Response {
  return new Response(Buffer.from(bytes), {
    headers: {
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Content-Type": options.type ?? XLSX,
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": contentDisposition(fileName, options.fallbackStem),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** A refusal or an error answered in JSON with a Chinese message (never cached); `extra` joins the body (fieldErrors, errors…). */
export function fail(status: number, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Response {
  return Response.json({ message, ...extra }, { status, headers: { "Cache-Control": "private, no-store", ...headers } });
}

/** lib/'s error codes as HTTP statuses: the one mapping every Route Handler answers with. */
export const STATUS: Record<AppErrorCode, number> = { NOT_FOUND: 404, FORBIDDEN: 403, VALIDATION: 422, CONFLICT: 409, TOO_LARGE: 413 };

/**
 * lib/'s typed errors as HTTP answers, with their field errors under `fieldErrorsKey` when asked
 * (and there are any); anything else logged with `what` and answered 500 with `fallback` (no
 * details leave the server).
 */
export function errorResponse(caught: unknown, what: string, options: { fallback?: string; fieldErrorsKey?: "fieldErrors" | "errors" } = {}): Response {
  const error = inputError(caught) ?? caught;
  if (error instanceof AppError) {
    const key = options.fieldErrorsKey;
    return fail(STATUS[error.code], error.message, key && Object.keys(error.fieldErrors).length > 0 ? { [key]: error.fieldErrors } : {});
  }
  console.error(what, error);
  return fail(500, options.fallback ?? "操作失败，请稍后重试。");
}

/**
 * A Route Handler refusing a signed-in actor outside lib/ (/metrics' address list): recorded on the
 * audit trail with who, which route and from where, then answered 403.
 */
export async function denied(actor: Actor, request: Request, message: string): Promise<Response> {
  await recordDenied(db(), actor, new URL(request.url).pathname, message, clientIp(request.headers));
  return fail(403, message);
}

/**
 * Rate limit of the heavy endpoints — exports, imports, templates, uploads: per address and per
 * account, counted in PostgreSQL so several instances share the count. Over the limit → 429 with
 * Retry-After, recorded as a refusal; null when the request may go on.
 */
export async function heavyLimit(actor: Actor, request: Request): Promise<Response | null> {
  const ip = clientIp(request.headers);
  const result = await hitAll(db(), [
    ...(ip ? [{ key: `heavy:ip:${ip}`, limit: LIMITS.heavyPerIp }] : []),
    { key: `heavy:user:${actor.id}`, limit: LIMITS.heavyPerAccount },
  ]);
  if (result.allowed) return null;
  const message = `操作过于频繁，请 ${result.retryAfter} 秒后再试。`;
  await recordDenied(db(), actor, new URL(request.url).pathname, message, ip);
  return fail(429, message, {}, { "Retry-After": String(result.retryAfter) });
}
