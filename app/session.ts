import "server-only";
import { getToken } from "next-auth/jwt";
import type { NextRequest } from "next/server";
import { cache } from "react";
import { forbidden, redirect } from "next/navigation";
import type { Role } from "@/lib/db/generated/enums";
import { cookies, headers } from "next/headers";
import { recordDenied } from "@/lib/audit/denied";
import { appOrigin, clientIp } from "@/app/http/same-origin";
import { db } from "@/lib/db/client";
import { decodeSession } from "@/lib/auth/jwt";
import { sessionActor } from "@/lib/auth/login";
import { ROLE_LABELS, type Actor } from "@/lib/auth/roles";
import { env } from "@/lib/env";

/**
 * The signed-in actor, or null: the session cookie read as next-auth reads it (its name, its
 * chunks, its format: lib/auth/jwt.ts), then the one check of every request, sessionActor — the
 * same check next-auth's jwt callback makes, so revoked, disabled, idle and over-age sessions come
 * back null. Read directly rather than through getServerSession, which on every request also
 * builds next-auth's whole handler, a CSRF token and a renewed cookie that a page cannot even set.
 * Cached per request: the layout, the page and its lib/ calls share one check.
 */
export const currentActor = cache(async (): Promise<Actor | null> => {
  const secret = env().NEXTAUTH_SECRET;
  if (!secret) return null;
  // Cookies only, as next-auth's session reads it (no Authorization header).
  const token = await getToken({ req: { cookies: await cookies(), headers: {} } as unknown as NextRequest, secret, secureCookie: appOrigin().startsWith("https:"), decode: decodeSession });
  if (!token) return null;
  const checked = await sessionActor(db(), token);
  return "actor" in checked ? checked.actor : null;
});

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

/** For pages limited to some roles: the actor, or a 403 (recorded in the audit trail). */
export async function requireRole(...roles: Role[]): Promise<Actor> {
  const actor = await requireActor();
  if (!roles.includes(actor.role)) {
    const h = await headers();
    await recordDenied(db(), actor, h.get("x-pathname") ?? "page", `${ROLE_LABELS[actor.role]}不能打开此页面（仅限${roles.map((r) => ROLE_LABELS[r]).join("、")}）`, clientIp(h));
    forbidden();
  }
  return actor;
}
