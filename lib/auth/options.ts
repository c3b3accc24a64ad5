import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { authenticate, loadActor, sessionActor } from "./login";
import { revokeSessions } from "./revoke";
import type { Actor } from "./roles";
import { recordAudit } from "@/lib/audit/record";
import { countSignInFailure } from "@/lib/ops/metrics";

declare module "next-auth" {
  interface Session {
    actor: Actor;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    /** The user name, for audit records written before the user is loaded (proxy.ts). */
    username?: string;
    sv?: number;
    /** When the user signed in (ms); the absolute limit counts from here. */
    authTime?: number;
  }
}

export class SessionEnded extends Error {}

/**
 * next-auth v4, credentials + JWT. The idle limit is the JWT's own lifetime (session.maxAge, slid
 * forward by proxy.ts on activity); the absolute limit and revocation are checked here on every
 * read (sessionActor): a token whose user is gone, disabled or has a newer sessionVersion ends the
 * session. Signing out moves the sessionVersion on, so a copy of the cookie dies with it.
 * `context.ip` is the caller's address (clientIp, app/http/same-origin.ts), for the audit trail and the
 * per-address sign-in limit.
 */
export function authOptions(context: { ip?: string | null } = {}): NextAuthOptions {
  const { SESSION_IDLE_MINUTES, NEXTAUTH_SECRET } = env();
  return {
    secret: NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: SESSION_IDLE_MINUTES * 60, updateAge: 0 },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "credentials",
        credentials: { username: { label: "用户名", type: "text" }, password: { label: "密码", type: "password" }, totp: { label: "动态验证码", type: "text" } },
        async authorize(credentials) {
          const username = credentials?.username ?? "";
          const password = credentials?.password ?? "";
          const totp = credentials?.totp ?? "";
          if (!username || !password || username.length > 64 || password.length > 256 || totp.length > 16) throw new Error("INVALID");
          const result = await authenticate(db(), { username, password, totp, ip: context.ip ?? null });
          // The code travels to the login page, which shows the Chinese message for it.
          if (!result.ok) {
            // Waiting for the dynamic code is a step of a sign-in, not a failure.
            if (result.reason !== "TOTP_REQUIRED") countSignInFailure(result.reason);
            throw new Error(result.reason);
          }
          return { id: result.actor.id, name: result.actor.displayName, username: result.actor.username, sv: result.actor.sessionVersion };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          const signedIn = user as { sv?: number; username?: string };
          return { sub: user.id, name: user.name, uid: user.id, username: signedIn.username, sv: signedIn.sv ?? 0, authTime: Date.now() };
        }
        const checked = await sessionActor(db(), token);
        if ("ended" in checked) throw new SessionEnded(checked.ended);
        // Handed to the session callback below (one user query per request, not two); removed there
        // so it is never written into the cookie.
        return { ...token, actor: checked.actor };
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
      // Ends the session for good: every copy of this cookie (and of the user's other sessions) is
      // refused from now on. A cookie that was already revoked ends nothing more.
      async signOut({ token }) {
        const uid = token?.uid;
        if (!uid) return;
        await db()
          .$transaction(async (tx) => {
            const user = await tx.user.findUnique({ where: { id: uid }, select: { id: true, username: true } });
            if (!user) return;
            const ended = await revokeSessions(tx, user.id, { ifVersion: token.sv ?? -1 });
            await recordAudit(tx, { actor: user, ip: context.ip, action: "auth.logout", outcome: "SUCCESS", ...(ended ? {} : { detail: "会话此前已失效" }) });
          })
          .catch((error: unknown) => console.error("[auth] sign-out failed", error));
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
