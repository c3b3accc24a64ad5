import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { authenticate, loadActor } from "./login";
import type { Actor } from "./roles";
import { idleExpired, sessionEnded } from "./session-policy";
import { recordAudit } from "@/lib/audit/record";
import { cachedPolicy } from "@/lib/security/policy-store";

declare module "next-auth" {
  interface Session {
    actor: Actor;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    sv?: number;
    /** When the user signed in (ms); the absolute limit counts from here. */
    authTime?: number;
  }
}

export class SessionEnded extends Error {}

function clientIp(headers: Record<string, unknown> | undefined): string | null {
  const forwarded = headers?.["x-forwarded-for"];
  if (typeof forwarded === "string" && forwarded) return forwarded.split(",")[0]!.trim();
  const real = headers?.["x-real-ip"];
  return typeof real === "string" ? real : null;
}

/**
 * next-auth v4, credentials + JWT. The idle limit is the JWT's own lifetime (session.maxAge, slid
 * forward by proxy.ts on activity); the absolute limit and revocation are checked here on every
 * read: a token whose user is gone, disabled or has a newer sessionVersion ends the session.
 */
export function authOptions(): NextAuthOptions {
  const { SESSION_IDLE_MINUTES, SESSION_MAX_HOURS, NEXTAUTH_SECRET } = env();
  return {
    secret: NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_IDLE_MINUTES * 60, updateAge: 0 },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "credentials",
        credentials: { username: { label: "用户名", type: "text" }, password: { label: "密码", type: "password" }, totp: { label: "动态验证码", type: "text" } },
        async authorize(credentials, req) {
          const username = credentials?.username ?? "";
          const password = credentials?.password ?? "";
          const totp = credentials?.totp ?? "";
          if (!username || !password || username.length > 64 || password.length > 256 || totp.length > 16) throw new Error("INVALID");
          const result = await authenticate(db(), { username, password, totp, ip: clientIp(req.headers) });
          // The code travels to the login page, which shows the Chinese message for it.
          if (!result.ok) throw new Error(result.reason);
          return { id: result.actor.id, name: result.actor.displayName, sv: result.actor.sessionVersion };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          return { sub: user.id, name: user.name, uid: user.id, sv: (user as { sv?: number }).sv ?? 0, authTime: Date.now() };
        }
        // The security officer's limits (issue 8 §1), never looser than the environment's: the cookie's
        // own lifetime is SESSION_IDLE_MINUTES, so a policy can only shorten it.
        const policy = await cachedPolicy(db());
        const maxHours = Math.min(SESSION_MAX_HOURS, policy.absoluteHours);
        const idleMinutes = Math.min(SESSION_IDLE_MINUTES, policy.idleMinutes);
        if (!token.uid || sessionEnded(token.authTime, Date.now(), maxHours)) {
          throw new SessionEnded("会话已超过最长时限");
        }
        // Belt and braces: jose already refuses an expired JWT, but the idle rule is ours to state.
        if (idleExpired(token.iat as number | undefined, Date.now(), idleMinutes)) throw new SessionEnded("会话空闲超时");
        const actor = await loadActor(db(), token.uid, token.sv ?? -1);
        if (!actor) throw new SessionEnded("会话已被撤销");
        // Handed to the session callback below (one user query per request, not two); removed there
        // so it is never written into the cookie.
        return { ...token, actor };
      },
      async session({ session, token }) {
        const holder = token as typeof token & { actor?: Actor };
        const actor = holder.actor;
        delete holder.actor;
        const fresh = actor ?? (token.uid ? await loadActor(db(), token.uid, token.sv ?? -1) : null);
        if (!fresh) throw new SessionEnded("会话已被撤销");
        return { ...session, actor: fresh };
      },
    },
    events: {
      async signOut({ token }) {
        if (!token?.uid) return;
        await db()
          .$transaction((tx) => recordAudit(tx, { actor: { id: token.uid!, username: token.name ?? "" }, action: "auth.logout", outcome: "SUCCESS" }))
          .catch((error: unknown) => console.error("[auth] logout audit failed", error));
      },
    },
    logger: {
      // A revoked or expired session is routine: log one line, not a stack trace.
      error(code, metadata) {
        const message = metadata instanceof Error ? metadata.message : (metadata as { error?: Error })?.error?.message;
        console.warn(`[auth] ${code}${message ? `: ${message}` : ""}`);
      },
      warn(code) {
        if (code !== "DEBUG_ENABLED") console.warn(`[auth] ${code}`);
      },
      debug() {},
    },
  };
}
