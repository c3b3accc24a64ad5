import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { authorize } from "@/lib/auth/policy";
import { recordAudit } from "@/lib/audit/record";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";
import { DEFAULT_POLICY, policySchema, type PasswordPolicy } from "./password-policy";

// The sign-in policy lives in Setting "security.policy", configurable by the security officer. Until it is first saved, the defaults apply, with the lockout and session limits taken
// from the environment (LOGIN_MAX_FAILURES, LOGIN_LOCK_MINUTES, SESSION_IDLE_MINUTES, SESSION_MAX_HOURS)
// so an operator's values keep working.

const KEY = "security.policy";

export function environmentDefaults(): PasswordPolicy {
  const e = env();
  return { ...DEFAULT_POLICY, lockoutFailures: e.LOGIN_MAX_FAILURES, lockoutMinutes: e.LOGIN_LOCK_MINUTES, idleMinutes: e.SESSION_IDLE_MINUTES, absoluteHours: e.SESSION_MAX_HOURS };
}

/** The policy in force: the saved one when it is valid, else the defaults. */
export async function loadPolicy(db: Db): Promise<PasswordPolicy> {
  const row = await db.setting.findUnique({ where: { key: KEY } });
  const parsed = row ? policySchema.safeParse(row.value) : null;
  return parsed?.success ? (parsed.data as PasswordPolicy) : environmentDefaults();
}

/** The security officer changes the policy; out-of-bounds values are refused field by field. Audited with before and after. */
export async function savePolicy(db: Db, actor: Actor, input: unknown, context: { ip?: string | null } = {}): Promise<PasswordPolicy> {
  authorize(actor, "securityPolicy.edit");
  const parsed = policySchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("VALIDATION", "策略有误，请检查标出的项目。", Object.fromEntries(parsed.error.issues.map((i) => [i.path.join(".") || "form", i.message])));
  }
  const policy = parsed.data as PasswordPolicy;
  const before = await loadPolicy(db);
  await db.$transaction(async (tx) => {
    await tx.setting.upsert({ where: { key: KEY }, create: { key: KEY, value: { ...policy } }, update: { value: { ...policy } } });
    await recordAudit(tx, { actor, ip: context.ip, action: "security.policy.change", objectType: "Setting", objectId: KEY, before: { ...before }, after: { ...policy }, outcome: "SUCCESS" });
  });
  forgetCachedPolicy();
  return policy;
}

// Read on every request (loadActor), so kept for a short while in each app instance: a change
// reaches every instance within CACHE_MS.
const CACHE_MS = 30_000;
let cache: { at: number; policy: Promise<PasswordPolicy> } | null = null;

export function cachedPolicy(db: Db): Promise<PasswordPolicy> {
  if (!cache || Date.now() - cache.at > CACHE_MS) cache = { at: Date.now(), policy: loadPolicy(db).catch((e: unknown) => ((cache = null), Promise.reject(e))) };
  return cache.policy;
}

/** After a change in this instance, read it at once. */
export function forgetCachedPolicy(): void {
  cache = null;
}
