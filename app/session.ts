import "server-only";
import { cache } from "react";
import { forbidden, redirect } from "next/navigation";
import { headers } from "next/headers";
import { recordDenied } from "@/lib/audit/denied";
import { clientIp } from "@/app/http/same-origin";
import { sessionCookieActor } from "@/app/session-cookie";
import { db } from "@/lib/db/client";
import { ROLE_LABELS, type Actor } from "@/lib/auth/roles";
import { can, rolesFor, type Action } from "@/lib/auth/policy";

/** The signed-in actor, or null (sessionCookieActor). Cached per request: the layout, the page and its lib/ calls share one check. */
export const currentActor = cache(async (): Promise<Actor | null> => sessionCookieActor());

/** What is pending, as the audit trail says it when a request is refused for it. */
export const PENDING_REFUSAL: Record<NonNullable<Actor["pending"]>, string> = {
  PASSWORD_EXPIRED: "密码已过期，须先在“账户安全”页面修改密码",
  TOTP_ENROLL: "须先在“账户安全”页面绑定双因素认证（动态验证码）",
};

/**
 * The actor allowed to work: null when signed out, and null too while a password change or a
 * two-factor enrolment is pending — Route Handlers use this. A refusal for something pending is
 * recorded on the audit trail (the caller answers it).
 */
export async function activeActor(): Promise<Actor | null> {
  const actor = await currentActor();
  if (!actor?.pending) return actor;
  const h = await headers();
  await recordDenied(db(), actor, h.get("x-pathname") ?? "route", PENDING_REFUSAL[actor.pending], clientIp(h));
  return null;
}

/** For pages: the actor, or a redirect to the login page (or to /account while something is pending there). */
export async function requireActor(options: { allowPending?: boolean } = {}): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect("/login?expired=1");
  if (actor.pending && !options.allowPending) redirect("/account");
  return actor;
}

/** For pages the policy opens to some roles ("open:/…"): the actor, or a 403 (recorded in the audit trail). */
export async function requirePage(page: Action): Promise<Actor> {
  const actor = await requireActor();
  if (!can(actor, page)) {
    const h = await headers();
    await recordDenied(db(), actor, h.get("x-pathname") ?? "page", `${ROLE_LABELS[actor.role]}不能打开此页面（仅限${rolesFor(page).map((r) => ROLE_LABELS[r]).join("、")}）`, clientIp(h));
    forbidden();
  }
  return actor;
}
