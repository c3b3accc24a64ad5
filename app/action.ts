import "server-only";
import { headers } from "next/headers";
import type { Actor } from "@/lib/auth/roles";
import { currentActor, PENDING_REFUSAL } from "@/app/session";
import { recordDenied, recordRefusal } from "@/lib/audit/denied";
import { db } from "@/lib/db/client";
import { AppError, inputError } from "@/lib/errors";
import { clientIp } from "@/app/http/same-origin";
import type { ActionResult } from "@/lib/action-result";

/** A Server Action's argument comes from the network: anything but a string is read as "" (never a crash in lib/). */
export const textArg = (value: unknown): string => (typeof value === "string" ? value : "");
/** A version number argument; anything else matches no row (a conflict, never a query error). */
export const versionArg = (value: unknown): number => (Number.isSafeInteger(value) ? (value as number) : -1);

/** What every Server Action returns (lib/action-result.ts). */
export type { ActionResult };

/**
 * The one wrapper for Server Actions (app/ stays thin): the session, the caller's address for the
 * audit trail, lib/'s typed errors turned into messages, anything else logged and shown generically.
 */
export async function runAction<T>(work: (actor: Actor, ip: string | null) => Promise<T>, afterSuccess?: () => void, options: { allowPending?: boolean } = {}): Promise<ActionResult<T>> {
  const actor = await currentActor();
  if (!actor) return { ok: false, message: "会话已过期，请重新登录。" };
  // Until an expired password is changed or two-factor enrolled, only the account page's own actions run.
  if (actor.pending && !options.allowPending) {
    await recordDenied(db(), actor, "server-action", PENDING_REFUSAL[actor.pending], clientIp(await headers()));
    return { ok: false, message: "请先在“账户安全”页面修改密码或绑定双因素认证。" };
  }
  try {
    const value = await work(actor, clientIp(await headers()));
    afterSuccess?.();
    return { ok: true, value };
  } catch (caught) {
    const error = inputError(caught) ?? caught;
    // FORBIDDEN and NOT_FOUND (another unit's id) both go on the audit trail; the answer is unchanged.
    await recordRefusal(db(), actor, "server-action", error, clientIp(await headers()));
    if (error instanceof AppError) return { ok: false, message: error.message, fieldErrors: error.fieldErrors };
    console.error("server action failed", error);
    return { ok: false, message: "操作失败，请稍后重试。" };
  }
}
