import { Prisma, readRows, type Db } from "@/lib/db/client";
import type { UserStatus } from "@/lib/db/generated/enums";
import { isUuid } from "@/lib/ids";
import { recordAudit, type AuditInput } from "@/lib/audit/record";
import { claimAttempt, clearAttempts, lockoutKey, lockoutPolicy, returnAttempt, type LockoutPolicy } from "@/lib/security/lockout";
import { passwordExpired } from "@/lib/security/password-policy";
import { cachedPolicy } from "@/lib/security/policy-store";
import { hitAll, LIMITS } from "@/lib/security/rate-limit";
import { verifyTotp } from "@/lib/security/totp";
import { env } from "@/lib/env";
import { idleExpired, sessionEnded } from "./session-policy";
import { dummyVerify, verifyPassword } from "./password";
import type { Actor } from "./roles";

/** INVALID: wrong name or password (one answer for both); TOTP_REQUIRED: the password was right, a code is needed; TOTP_INVALID: wrong code; LOCKED; RATE_LIMITED: too many attempts from the address or on the name. */
export type LoginFailure = "INVALID" | "LOCKED" | "TOTP_REQUIRED" | "TOTP_INVALID" | "RATE_LIMITED";
export type LoginResult = { ok: true; actor: Actor & { sessionVersion: number } } | { ok: false; reason: LoginFailure };

/**
 * Checks a user name and password. Lockout (等保 2.0 身份鉴别: 登录失败处理): after `maxFailures`
 * failures in a row the name is locked for `lockMinutes`, whether or not such a user exists, so the
 * answers for an unknown name and a wrong password are the same. A disabled account answers INVALID.
 * Each attempt is counted before its password is checked (lib/security/lockout.ts), so parallel
 * guesses lock the name at exactly the policy's count.
 */
export async function authenticate(
  db: Db,
  input: { username: string; password: string; totp?: string | null; ip?: string | null },
  policyInput?: LockoutPolicy,
  now = new Date(),
): Promise<LoginResult> {
  const policy = policyInput ?? (await lockoutPolicy(db));
  const username = input.username.trim();
  const audit = (entry: Omit<AuditInput, "ip" | "action">) => db.$transaction((tx) => recordAudit(tx, { username, ip: input.ip, action: "auth.login", ...entry }));
  // Rate limits before any password work: per address and per name, in PostgreSQL.
  const rate = await hitAll(db, [
    ...(input.ip ? [{ key: `login:ip:${input.ip}`, limit: LIMITS.loginPerIp }] : []),
    { key: `login:${lockoutKey(username)}`, limit: LIMITS.loginPerAccount },
  ], now);
  if (!rate.allowed) {
    await audit({ outcome: "DENIED", detail: `登录尝试过于频繁，${rate.retryAfter} 秒后再试` });
    return { ok: false, reason: "RATE_LIMITED" };
  }
  const attempt = await claimAttempt(db, username, policy, now);
  if (attempt.refused) {
    await audit({ outcome: "DENIED", detail: "账户锁定期间尝试登录" });
    return { ok: false, reason: "LOCKED" };
  }

  const user = await db.user.findUnique({ where: { username }, omit: { passwordHash: false, totpSecret: false } });
  const passwordOk = user ? await verifyPassword(user.passwordHash, input.password) : await dummyVerify(input.password);

  // Two-factor (等保 2.0 身份鉴别 d): once enrolled, the password alone is not enough. Asking for the
  // code only after a right password tells nothing an attacker could not learn by signing in.
  let totpFailed = false;
  let totpStep: number | undefined;
  if (user && passwordOk && user.status === "ACTIVE" && user.totpEnabledAt && user.totpSecret) {
    const code = input.totp?.trim() ?? "";
    if (code === "") {
      // Not a failure, and not a success either: the attempt is given back, the count is not reset.
      await returnAttempt(db, attempt);
      await audit({ actor: user, outcome: "DENIED", detail: "密码正确，等待动态验证码" });
      return { ok: false, reason: "TOTP_REQUIRED" };
    }
    const checked = verifyTotp(user.totpSecret, code, now, { lastUsedStep: user.totpLastStep === null ? undefined : Number(user.totpLastStep) });
    totpFailed = !checked.ok;
    totpStep = checked.step;
  }

  if (!user || !passwordOk || user.status !== "ACTIVE" || totpFailed) {
    // Already counted by claimAttempt; the last place locked the name as it was taken.
    await audit({
      actor: user ? { id: user.id, username: user.username } : null,
      outcome: "FAILURE",
      detail: `${totpFailed ? "动态验证码错误；" : ""}${attempt.locks ? `连续 ${attempt.place} 次失败，锁定 ${policy.lockMinutes} 分钟` : `第 ${attempt.place} 次失败`}`,
    });
    return { ok: false, reason: attempt.locks ? "LOCKED" : totpFailed ? "TOTP_INVALID" : "INVALID" };
  }

  await db.$transaction(async (tx) => {
    await clearAttempts(tx, attempt.key);
    await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: now, ...(totpStep !== undefined ? { totpLastStep: BigInt(totpStep) } : {}) } });
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
export async function loadActor(db: Db, userId: string, sessionVersion: number, now = new Date()): Promise<Actor | null> {
  if (!isUuid(userId)) return null;
  // Every request of a signed-in person reads this row: a hot-path read (readRows), the columns the
  // session needs and no more.
  const [[user], policy] = await Promise.all([
    readRows<Actor & { status: UserStatus; sessionVersion: number; passwordChangedAt: Date; totpEnabledAt: Date | null }>(db, Prisma.sql`
      SELECT "id", "username", "displayName", "role"::text AS "role", "unitId", "departmentId", "status"::text AS "status",
             "sessionVersion", "passwordChangedAt", "totpEnabledAt"
      FROM "User" WHERE "id" = ${userId}::uuid`),
    cachedPolicy(db),
  ]);
  if (!user || user.status !== "ACTIVE" || user.sessionVersion !== sessionVersion) return null;
  // What must be done before anything else: change an expired password; enrol the
  // second factor where the policy requires it.
  const pending = passwordExpired(user.passwordChangedAt, now, policy) ? "PASSWORD_EXPIRED" : policy.totpRoles.includes(user.role) && !user.totpEnabledAt ? "TOTP_ENROLL" : null;
  const actor: Actor = { ...toActor(user), ...(pending ? { pending } : {}) };
  credentialsRead.set(actor, { passwordChangedAt: user.passwordChangedAt, totpEnabledAt: user.totpEnabledAt });
  return actor;
}

/** The credential columns loadActor read along with each actor it returned (the same row, the same moment). */
const credentialsRead = new WeakMap<Actor, { passwordChangedAt: Date; totpEnabledAt: Date | null }>();

/**
 * What the session check already read about this actor's credentials, or null for an actor it did
 * not load: the account page shows them without reading the row a second time in the same request.
 */
export function credentialsReadWith(actor: Actor): { passwordChangedAt: Date; totpEnabledAt: Date | null } | null {
  return credentialsRead.get(actor) ?? null;
}

/** What a session token carries that decides whether it still holds. */
export interface SessionToken {
  uid?: string;
  sv?: number;
  /** Sign-in time (ms): the absolute limit counts from here. */
  authTime?: number;
  /** Issued at (s): the idle limit counts from here. */
  iat?: unknown;
}

/**
 * Whether a session token still holds, and its actor: the one check of the jwt callback (every
 * request) and of proxy.ts before it renews a cookie. The security officer's limits apply, never
 * looser than the environment's (the cookie's own lifetime is SESSION_IDLE_MINUTES, so a policy can
 * only shorten it); then the account must exist, be active and still be on the token's sessionVersion.
 */
export async function sessionActor(db: Db, token: SessionToken, now = Date.now()): Promise<{ actor: Actor } | { ended: string }> {
  const { SESSION_IDLE_MINUTES, SESSION_MAX_HOURS } = env();
  const policy = await cachedPolicy(db);
  if (!token.uid || sessionEnded(token.authTime, now, Math.min(SESSION_MAX_HOURS, policy.absoluteHours))) return { ended: "会话已超过最长时限" };
  // Belt and braces: jose already refuses an expired JWT, but the idle rule is ours to state.
  if (idleExpired(typeof token.iat === "number" ? token.iat : undefined, now, Math.min(SESSION_IDLE_MINUTES, policy.idleMinutes))) return { ended: "会话空闲超时" };
  const actor = await loadActor(db, token.uid, token.sv ?? -1, new Date(now));
  return actor ? { actor } : { ended: "会话已被撤销" };
}
