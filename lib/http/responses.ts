import { recordDenied } from "@/lib/audit/denied";
import type { Actor } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import { AppError, inputError } from "@/lib/errors";
import { hitAll, LIMITS } from "@/lib/security/rate-limit";
import { clientIp } from "./same-origin";

/** A file download: never cached, never sniffed, named in UTF-8 (RFC 6266 filename*). */
export function attachment(bytes: Uint8Array, fileName: string, type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): Response {
  return new Response(Buffer.from(bytes), {
    headers: {
      "Content-Type": type,
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** A JSON error with a Chinese message. */
export const fail = (status: number, message: string) => Response.json({ message }, { status });

/** lib/'s typed errors as HTTP answers; anything else logged with `what` and answered generically (no details leave the server). */
export function errorResponse(caught: unknown, what: string): Response {
  const error = inputError(caught) ?? caught;
  if (error instanceof AppError) return fail(error.code === "NOT_FOUND" ? 404 : error.code === "FORBIDDEN" ? 403 : error.code === "CONFLICT" ? 409 : 422, error.message);
  console.error(what, error);
  return fail(500, "操作失败，请稍后重试。");
}

/**
 * A Route Handler refusing a signed-in actor: recorded on the audit trail with who, which route and
 * from where (issue 8 §3, as runAction does for Server Actions), then answered 403.
 */
export async function denied(actor: Actor, request: Request, message: string): Promise<Response> {
  await recordDenied(db(), actor, new URL(request.url).pathname, message, clientIp(request.headers));
  return fail(403, message);
}

/** Records lib/'s FORBIDDEN on the audit trail before the handler answers it with 403 (never throws). */
export async function auditForbidden(error: unknown, actor: Actor, request: Request): Promise<void> {
  if (error instanceof AppError && error.code === "FORBIDDEN") await recordDenied(db(), actor, new URL(request.url).pathname, error.message, clientIp(request.headers));
}

/**
 * Rate limit of the heavy endpoints — exports, imports, templates, uploads (issue 8 §4): per address
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
