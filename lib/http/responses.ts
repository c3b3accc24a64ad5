import { recordDenied, recordRefusal } from "@/lib/audit/denied";
import type { Actor } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import { AppError, inputError, type AppErrorCode } from "@/lib/errors";
import { hitAll, LIMITS } from "@/lib/security/rate-limit";
import { clientIp } from "./same-origin";

/** A file download: never cached, never sniffed, never run as a page (sandbox), named in UTF-8 (RFC 6266 filename*). */
export function attachment(bytes: Uint8Array, fileName: string, type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): Response {
  return new Response(Buffer.from(bytes), {
    headers: {
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Content-Type": type,
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** A JSON error with a Chinese message. */
export const fail = (status: number, message: string) => Response.json({ message }, { status });

/** lib/'s error codes as HTTP statuses: the one mapping every Route Handler answers with. */
const STATUS: Record<AppErrorCode, number> = { NOT_FOUND: 404, FORBIDDEN: 403, VALIDATION: 422, CONFLICT: 409, TOO_LARGE: 413 };

/**
 * lib/'s typed errors as HTTP answers (with `fieldErrors` in the body when asked); anything else
 * logged with `what` and answered with `fallback` (no details leave the server).
 */
export function errorResponse(caught: unknown, what: string, options: { fallback?: string; fieldErrors?: boolean } = {}): Response {
  const error = inputError(caught) ?? caught;
  if (error instanceof AppError) return Response.json(options.fieldErrors ? { message: error.message, fieldErrors: error.fieldErrors } : { message: error.message }, { status: STATUS[error.code] });
  console.error(what, error);
  return fail(500, options.fallback ?? "操作失败，请稍后重试。");
}

/**
 * A Route Handler refusing a signed-in actor: recorded on the audit trail with who, which route and
 * from where (every denied access is recorded, as runAction does for Server Actions), then answered 403.
 */
export async function denied(actor: Actor, request: Request, message: string): Promise<Response> {
  await recordDenied(db(), actor, new URL(request.url).pathname, message, clientIp(request.headers));
  return fail(403, message);
}

/**
 * Records lib/'s refusals on the audit trail before the handler answers them (never throws):
 * FORBIDDEN, and NOT_FOUND too, which is how lib/ answers another unit's real id (a probe).
 */
export async function auditForbidden(error: unknown, actor: Actor, request: Request): Promise<void> {
  await recordRefusal(db(), actor, new URL(request.url).pathname, error, clientIp(request.headers));
}

/**
 * Rate limit of the heavy endpoints — exports, imports, templates, uploads: per address
 * and per account, counted in PostgreSQL so several instances share the count. Over the limit →
 * 429 with Retry-After, recorded as a refusal; null when the request may go on.
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
  return Response.json({ message }, { status: 429, headers: { "Retry-After": String(result.retryAfter) } });
}
