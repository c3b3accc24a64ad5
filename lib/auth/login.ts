import type { Db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import { passwordExpired } from "@/lib/security/password-policy";
import { cachedPolicy } from "@/lib/security/policy-store";
import { hitAll, LIMITS } from "@/lib/security/rate-limit";
import { verifyTotp } from "@/lib/security/totp";
import { dummyVerify, verifyPassword } from "./password";
import type { Actor } from "./roles";

/** INVALID: wrong name or password (one answer for both); TOTP_REQUIRED: the password was right, a code is needed; TOTP_INVALID: wrong code; LOCKED; RATE_LIMITED: too many attempts from the address or on the name. */
export type LoginFailure = "INVALID" | "LOCKED" | "TOTP_REQUIRED" | "TOTP_INVALID" | "RATE_LIMITED";
export type LoginResult = { ok: true; actor: Actor & { sessionVersion: number } } | { ok: false; reason: LoginFailure };

export interface LoginPolicy {
  maxFailures: number;
  lockMinutes: number;
}

/** The lockout in force (the security officer's policy, Setting "security.policy"). */
export async function loginPolicy(db: Db): Promise<LoginPolicy> {
  const policy = await cachedPolicy(db);
  return { maxFailures: policy.lockoutFailures, lockMinutes: policy.lockoutMinutes };
}

const throttleKey = (username: string) => `user:${username.trim().toLowerCase()}`;

/**
 * Checks a user name and password. Lockout (等保 2.0 身份鉴别: 登录失败处理): after `maxFailures`
 * failures in a row the name is locked for `lockMinutes`, whether or not such a user exists, so the
 * answers for an unknown name and a wrong password are the same. A disabled account answers INVALID.
 */
export async function authenticate(
  db: Db,
  input: { username: string; password: string; totp?: string | null; ip?: string | null },
  policyInput?: LoginPolicy,
  now = new Date(),
): Promise<LoginResult> {
  const policy = policyInput ?? (await loginPolicy(db));
  const username = input.username.trim();
  const key = throttleKey(username);
  // Rate limits (issue 8 §4) before any password work: per address and per name, in PostgreSQL.
  const rate = await hitAll(db, [
    ...(input.ip ? [{ key: `login:ip:${input.ip}`, limit: LIMITS.loginPerIp }] : []),
    { key: `login:${key}`, limit: LIMITS.loginPerAccount },
  ], now);
  if (!rate.allowed) {
    await db.$transaction((tx) => recordAudit(tx, { username, ip: input.ip, action: "auth.login", outcome: "DENIED", detail: `登录尝试过于频繁，${rate.retryAfter} 秒后再试` }));
    return { ok: false, reason: "RATE_LIMITED" };
  }
  const throttle = await db.loginThrottle.findUnique({ where: { key } });
  if (throttle?.lockedUntil && throttle.lockedUntil > now) {
    await db.$transaction((tx) =>
      recordAudit(tx, { username, ip: input.ip, action: "auth.login", outcome: "DENIED", detail: "账户锁定期间尝试登录" }),
    );
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
      await db.$transaction((tx) => recordAudit(tx, { actor: user, ip: input.ip, action: "auth.login", outcome: "DENIED", detail: "密码正确，等待动态验证码" }));
      return { ok: false, reason: "TOTP_REQUIRED" };
    }
    const checked = verifyTotp(user.totpSecret, code, now, { lastUsedStep: user.totpLastStep === null ? undefined : Number(user.totpLastStep) });
    totpFailed = !checked.ok;
    totpStep = checked.step;
  }

  if (!user || !passwordOk || user.status !== "ACTIVE" || totpFailed) {
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
        detail: `${totpFailed ? "动态验证码错误；" : ""}${lockedUntil ? `连续 ${failures} 次失败，锁定 ${policy.lockMinutes} 分钟` : `第 ${failures} 次失败`}`,
      });
    });
    return { ok: false, reason: lockedUntil ? "LOCKED" : totpFailed ? "TOTP_INVALID" : "INVALID" };
  }

  await db.$transaction(async (tx) => {
    await tx.loginThrottle.deleteMany({ where: { key } });
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
  const [user, policy] = await Promise.all([db.user.findUnique({ where: { id: userId } }), cachedPolicy(db)]);
  if (!user || user.status !== "ACTIVE" || user.sessionVersion !== sessionVersion) return null;
  // What must be done before anything else (issue 8 §1): change an expired password; enrol the
  // second factor where the policy requires it.
  const pending = passwordExpired(user.passwordChangedAt, now, policy) ? "PASSWORD_EXPIRED" : policy.totpRoles.includes(user.role) && !user.totpEnabledAt ? "TOTP_ENROLL" : null;
  return { ...toActor(user), ...(pending ? { pending } : {}) };
}
