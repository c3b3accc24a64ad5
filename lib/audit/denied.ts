import type { Db } from "@/lib/db/client";
import type { AuditAction } from "./catalogue";
import type { Actor } from "@/lib/auth/roles";
import { AppError, inputError } from "@/lib/errors";
import { hit, LIMITS } from "@/lib/security/rate-limit";
import { recordAudit } from "./record";

/**
 * Records a refused request: every denied access is recorded. Never throws: failing to
 * write the record must not turn a 403 into a 500; the failure goes to the server log instead.
 */
export async function recordDenied(db: Db, actor: Pick<Actor, "id" | "username"> | null, what: string, detail: string, ip?: string | null): Promise<void> {
  try {
    await db.$transaction((tx) => recordAudit(tx, { actor, ip, action: "access.denied", objectType: "Route", objectId: what.slice(0, 200), outcome: "DENIED", detail: detail.slice(0, 500) }));
  } catch (error) {
    console.error("[audit] could not record a denied request", error);
  }
}

/**
 * The audit detail of a lib/ error that is a refusal, or null when it is not one. lib/ scopes every
 * query by the actor, so another unit's real id answers NOT_FOUND: a probe just like a FORBIDDEN,
 * recorded as one. Only the trail knows: the caller's answer stays the same 404 whether it exists or not.
 */
export function refusalDetail(caught: unknown): string | null {
  const error = inputError(caught) ?? caught; // the database's own refusals (a closed year) count too
  if (!(error instanceof AppError) || error.recorded) return null;
  if (error.code === "FORBIDDEN") return error.message;
  if (error.code === "NOT_FOUND") return `对象不存在或不在权限范围内：${error.message}`;
  return null;
}

/**
 * Records a refusal under the event and object that were refused (more telling than the wrappers'
 * access.denied) and marks the error, so that Server Actions, Route Handlers and pages add no second
 * record: one refusal, one audit record. The caller throws the error afterwards.
 */
export async function auditRefusal(
  db: Db,
  record: { actor: Pick<Actor, "id" | "username">; ip?: string | null; action: AuditAction; objectType: string; objectId: string; detail: string },
  error: AppError,
): Promise<void> {
  await db.$transaction((tx) => recordAudit(tx, { ...record, outcome: "DENIED" }));
  error.recorded = true;
}

/** recordDenied for a lib/ error when it is a refusal (FORBIDDEN or NOT_FOUND); nothing otherwise. Never throws. */
export async function recordRefusal(db: Db, actor: Pick<Actor, "id" | "username"> | null, what: string, error: unknown, ip?: string | null): Promise<void> {
  const detail = refusalDetail(error);
  if (detail !== null) await recordDenied(db, actor, what, detail, ip);
}

/**
 * recordDenied for refusals anyone can provoke without signing in (proxy.ts's cross-site refusals):
 * each is recorded up to LIMITS.refusalRecordsPerIp per address and window; the next one records that
 * the rest of the window goes unrecorded, so nobody can flood the audit chain. Never throws.
 */
export async function recordDeniedCapped(db: Db, actor: Pick<Actor, "id" | "username"> | null, what: string, detail: string, ip: string | null): Promise<void> {
  const limit = LIMITS.refusalRecordsPerIp;
  try {
    const { count } = await hit(db, `refused:ip:${ip ?? "unknown"}`, limit);
    if (count <= limit.max) await recordDenied(db, actor, what, detail, ip);
    else if (count === limit.max + 1) await recordDenied(db, actor, what, `${detail}；此地址 ${limit.windowSeconds} 秒内被拒绝的请求已超过 ${limit.max} 次，本时段内不再逐条记录`, ip);
  } catch (error) {
    console.error("[audit] could not record a refused request", error);
  }
}
