import "server-only";
import { getToken } from "next-auth/jwt";
import type { NextRequest } from "next/server";
import { cookies } from "next/headers";
import { appOrigin } from "@/app/http/same-origin";
import { db } from "@/lib/db/client";
import { decodeSession } from "@/lib/auth/jwt";
import { sessionActor } from "@/lib/auth/login";
import type { Actor } from "@/lib/auth/roles";
import { env } from "@/lib/env";

/**
 * The actor of this request's session cookie, or null: the cookie read as next-auth reads it (its
 * name, its chunks, its format: lib/auth/jwt.ts), then the one check of every request, sessionActor —
 * the same check next-auth's jwt callback makes, so revoked, disabled, idle and over-age sessions
 * come back null. Read directly rather than through getServerSession, which on every request also
 * builds next-auth's whole handler, a CSRF token and a renewed cookie that a page cannot even set.
 * Its own module so that tests can stand in for the cookie while app/session.ts runs as it is.
 */
export async function sessionCookieActor(): Promise<Actor | null> {
  const secret = env().NEXTAUTH_SECRET;
  if (!secret) return null;
  // Cookies only, as next-auth's session reads it (no Authorization header).
  const token = await getToken({ req: { cookies: await cookies(), headers: {} } as unknown as NextRequest, secret, secureCookie: appOrigin().startsWith("https:"), decode: decodeSession });
  if (!token) return null;
  const checked = await sessionActor(db(), token);
  return "actor" in checked ? checked.actor : null;
}
