import type { Db } from "@/lib/db/client";
import { generatePassword } from "@/lib/auth/password";
import { AppError } from "@/lib/errors";
import { checkPasswordStrength, type PasswordPolicy } from "@/lib/security/password-policy";
import { cachedPolicy } from "@/lib/security/policy-store";

// One-time passwords: an account's initial password and a reset one. Known to the person who handed
// it over as well as the owner, so the owner must replace it at first sign-in (passwordChangedAt at
// the epoch, lib/security/account.ts). Generated or typed, it is held to the policy in force.

/** A fresh password that passes the policy in force (4 characters longer than its minimum, at least 16). */
export function compliantPassword(policy: PasswordPolicy, who: { username: string; displayName: string }): string {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const candidate = generatePassword(Math.max(16, policy.minLength + 4));
    if (checkPasswordStrength(candidate, { ...who, policy }).length === 0) return candidate;
  }
  // 200,000 generated passwords were all accepted by the default policy (docs/security.md, 7d).
  throw new Error("no compliant password in 1000 attempts");
}

/**
 * The one-time password for an account: the one typed (refused, with the policy's words, when it
 * breaks the policy) or, when none was typed, a generated one.
 */
export async function oneTimePassword(db: Db, typed: string | undefined, who: { username: string; displayName: string }): Promise<string> {
  const policy = await cachedPolicy(db);
  if (typed === undefined || typed === "") return compliantPassword(policy, who);
  const problems = checkPasswordStrength(typed, { ...who, policy });
  if (problems.length > 0) throw new AppError("VALIDATION", `初始密码不符合密码策略：${problems.join("；")}。`, { password: problems.join("；") });
  return typed;
}
