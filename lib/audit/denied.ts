import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { recordAudit } from "./record";

/**
 * Records a refused request (issue 8 §3: "denied access … recorded"). Never throws: failing to
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
export function refusalDetail(error: unknown): string | null {
  if (!(error instanceof AppError)) return null;
  if (error.code === "FORBIDDEN") return error.message;
  if (error.code === "NOT_FOUND") return `对象不存在或不在权限范围内：${error.message}`;
  return null;
}

/** recordDenied for a lib/ error when it is a refusal (FORBIDDEN or NOT_FOUND); nothing otherwise. Never throws. */
export async function recordRefusal(db: Db, actor: Pick<Actor, "id" | "username"> | null, what: string, error: unknown, ip?: string | null): Promise<void> {
  const detail = refusalDetail(error);
  if (detail !== null) await recordDenied(db, actor, what, detail, ip);
}
