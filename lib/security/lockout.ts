import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { cachedPolicy } from "./policy-store";

// Login failure handling (等保 2.0 身份鉴别 b: 登录失败处理, 限制非法登录次数), one counter per user
// name in LoginThrottle, shared by everything that checks a secret: sign-in (password and dynamic
// code) and 修改密码's current password.
//
// An attempt is counted *before* its secret is checked, in one atomic statement, and given back only
// when the secret turns out right. So however many guesses arrive at once, at most `maxFailures` of
// them are ever checked before the name is locked: the one that takes the last place sets the lock
// as it is counted, and every later one is refused without a look at its password.

export interface LockoutPolicy {
  maxFailures: number;
  lockMinutes: number;
}

/** The lockout in force (the security officer's policy, Setting "security.policy"). */
export async function lockoutPolicy(db: Db): Promise<LockoutPolicy> {
  const policy = await cachedPolicy(db);
  return { maxFailures: policy.lockoutFailures, lockMinutes: policy.lockoutMinutes };
}

/** The counter's key: the name as typed, trimmed and in lower case, whether or not such a user exists. */
export const lockoutKey = (username: string) => `user:${username.trim().toLowerCase()}`;

export type Attempt =
  /** The name is locked: the secret must not be checked. */
  | { refused: true; key: string; lockedUntil: Date }
  /** Counted as the `place`-th attempt in a row; when place reaches maxFailures the name is already locked. */
  | { refused: false; key: string; place: number; locks: boolean; lockedUntil: Date | null };

/**
 * Counts one attempt on `username`. A lock that has run out starts a fresh count; while a lock holds,
 * the count goes on and the attempt is refused. The attempt that takes place `maxFailures` sets the
 * lock itself (given back if its secret is right), so no attempt is ever checked beyond it.
 */
export async function claimAttempt(db: Db, username: string, policy: LockoutPolicy, now = new Date()): Promise<Attempt> {
  const key = lockoutKey(username);
  const until = new Date(now.getTime() + policy.lockMinutes * 60_000);
  const max = Math.max(1, policy.maxFailures);
  const [row] = await db.$queryRaw<{ failures: number; lockedUntil: Date | null }[]>`
    INSERT INTO "LoginThrottle" ("key", "failures", "lockedUntil", "updatedAt")
    VALUES (${key}, 1, CASE WHEN 1 >= ${max}::int THEN ${until}::timestamptz END, ${now}::timestamptz)
    ON CONFLICT ("key") DO UPDATE SET
      "failures" = CASE WHEN "LoginThrottle"."lockedUntil" <= ${now}::timestamptz THEN 1 ELSE "LoginThrottle"."failures" + 1 END,
      "lockedUntil" = CASE
        WHEN "LoginThrottle"."lockedUntil" > ${now}::timestamptz THEN "LoginThrottle"."lockedUntil"
        WHEN (CASE WHEN "LoginThrottle"."lockedUntil" <= ${now}::timestamptz THEN 1 ELSE "LoginThrottle"."failures" + 1 END) >= ${max}::int THEN ${until}::timestamptz
      END,
      "updatedAt" = ${now}::timestamptz
    RETURNING "failures", "lockedUntil"`;
  const { failures, lockedUntil } = row!;
  // Beyond the last place the lock was set by an earlier attempt (and still holds: a lock that ran out restarted the count at 1).
  if (failures > max && lockedUntil) return { refused: true, key, lockedUntil };
  return { refused: false, key, place: failures, locks: failures >= max, lockedUntil };
}

/** The secret was right: the name's count starts again (inside the caller's transaction when given one). */
export async function clearAttempts(db: Db | Prisma.TransactionClient, key: string): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key } });
}

/**
 * Gives back an attempt that did not fail — the password was right and the dynamic code is still to
 * come — lifting the lock it set unless a later attempt has been counted since.
 */
export async function returnAttempt(db: Db, attempt: Extract<Attempt, { refused: false }>): Promise<void> {
  await db.$executeRaw`
    UPDATE "LoginThrottle" SET
      "lockedUntil" = CASE WHEN ${attempt.locks} AND "failures" = ${attempt.place}::int THEN NULL ELSE "lockedUntil" END,
      "failures" = GREATEST("failures" - 1, 0)
    WHERE "key" = ${attempt.key}`;
}
