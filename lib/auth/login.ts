import type { Db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { recordAudit } from "@/lib/audit/record";
import { dummyVerify, verifyPassword } from "./password";
import type { Actor } from "./roles";

export type LoginFailure = "INVALID" | "LOCKED";
export type LoginResult = { ok: true; actor: Actor & { sessionVersion: number } } | { ok: false; reason: LoginFailure };

export interface LoginPolicy {
  maxFailures: number;
  lockMinutes: number;
}

export function loginPolicy(): LoginPolicy {
  return { maxFailures: env().LOGIN_MAX_FAILURES, lockMinutes: env().LOGIN_LOCK_MINUTES };
}

const throttleKey = (username: string) => `user:${username.trim().toLowerCase()}`;

/**
 * Checks a user name and password. Lockout (等保 2.0 身份鉴别: 登录失败处理): after `maxFailures`
 * failures in a row the name is locked for `lockMinutes`, whether or not such a user exists, so the
 * answers for an unknown name and a wrong password are the same. A disabled account answers INVALID.
 */
export async function authenticate(
  db: Db,
  input: { username: string; password: string; ip?: string | null },
  policy: LoginPolicy = loginPolicy(),
  now = new Date(),
): Promise<LoginResult> {
  const username = input.username.trim();
  const key = throttleKey(username);
  const throttle = await db.loginThrottle.findUnique({ where: { key } });
  if (throttle?.lockedUntil && throttle.lockedUntil > now) {
    await db.$transaction((tx) =>
      recordAudit(tx, { username, ip: input.ip, action: "auth.login", outcome: "DENIED", detail: "账户锁定期间尝试登录" }),
    );
    return { ok: false, reason: "LOCKED" };
  }

  const user = await db.user.findUnique({ where: { username }, omit: { passwordHash: false } });
  const passwordOk = user ? await verifyPassword(user.passwordHash, input.password) : await dummyVerify(input.password);

  if (!user || !passwordOk || user.status !== "ACTIVE") {
    // A lock that has run out starts a fresh count.
    const failures = (throttle?.lockedUntil ? 0 : (throttle?.failures ?? 0)) + 1;
    const lockedUntil = failures >= policy.maxFailures ? new Date(now.getTime() + policy.lockMinutes * 60_000) : null;
    await db.$transaction(async (tx) => {
      await tx.loginThrottle.upsert({
        where: { key },
        create: { key, failures, lockedUntil },
        update: { failures, lockedUntil },
      });
      await recordAudit(tx, {
        actor: user ? { id: user.id, username: user.username } : null,
        username,
        ip: input.ip,
        action: "auth.login",
        outcome: "FAILURE",
        detail: lockedUntil ? `连续 ${failures} 次失败，锁定 ${policy.lockMinutes} 分钟` : `第 ${failures} 次失败`,
      });
    });
    return { ok: false, reason: lockedUntil ? "LOCKED" : "INVALID" };
  }

  await db.$transaction(async (tx) => {
    await tx.loginThrottle.deleteMany({ where: { key } });
    await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: now } });
    await recordAudit(tx, { actor: user, ip: input.ip, action: "auth.login", outcome: "SUCCESS" });
  });
  return { ok: true, actor: { ...toActor(user), sessionVersion: user.sessionVersion } };
}

function toActor(user: Actor): Actor {
  return { id: user.id, username: user.username, displayName: user.displayName, role: user.role, unitId: user.unitId, departmentId: user.departmentId };
}

/**
 * The actor behind a session token, or null when the session must end: the account is gone or
 * disabled, or its sessionVersion moved on (password, role or status changed since sign-in).
 */
export async function loadActor(db: Db, userId: string, sessionVersion: number): Promise<Actor | null> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user || user.status !== "ACTIVE" || user.sessionVersion !== sessionVersion) return null;
  return toActor(user);
}
