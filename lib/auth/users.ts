import type { Db } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { recordAudit } from "@/lib/audit/record";
import { AppError, forbidden } from "@/lib/errors";
import { lockoutKey } from "@/lib/security/lockout";
import { hashPassword } from "./password";
import { revokeSessions } from "./revoke";
import { checkPasswordStrength, PRIVILEGED_ROLES } from "@/lib/security/password-policy";
import { cachedPolicy } from "@/lib/security/policy-store";
import { UNIT_ROLES, type Actor } from "./roles";

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  unitId?: string | null;
  departmentId?: string | null;
}

/**
 * Creates an account (admin work; the seed passes actor null). The admin creates business accounts
 * only: an admin, security officer or auditor account made by the admin would let one person hold
 * two of the three duties (等保 2.0 三权分立) — those roles are given by the security officer.
 */
export async function createUser(db: Db, actor: Actor | null, input: NewUser, context: { ip?: string | null } = {}) {
  if (actor && actor.role !== "ADMIN") throw forbidden("只有系统管理员可以创建账户。");
  if (actor && PRIVILEGED_ROLES.includes(input.role)) throw forbidden("系统管理员不能创建系统管理员、安全管理员或审计管理员账户；请先创建普通账户，再由安全管理员调整角色。");
  if (UNIT_ROLES.includes(input.role) && !input.unitId) {
    throw new AppError("VALIDATION", "填报人和单位审核人必须属于一个单位。", { unitId: "请选择单位" });
  }
  if (actor) {
    const problems = checkPasswordStrength(input.password, { username: input.username, displayName: input.displayName, policy: await cachedPolicy(db) });
    if (problems.length > 0) throw new AppError("VALIDATION", problems[0]!, { password: problems.join("；") });
  }
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const user = await tx.user.create({
      data: {
        // An initial password set by the admin is known to two people: the owner changes it at first sign-in.
        ...(actor ? { passwordChangedAt: new Date(0) } : {}),
        username: input.username,
        displayName: input.displayName,
        passwordHash,
        role: input.role,
        unitId: input.unitId ?? null,
        departmentId: input.departmentId ?? null,
      },
    });
    await recordAudit(tx, {
      actor,
      ip: context.ip,
      action: "user.create",
      objectType: "User",
      objectId: user.id,
      after: { username: user.username, role: user.role, unitId: user.unitId },
      outcome: "SUCCESS",
    });
    return user;
  });
}

/** Changes role or status and ends the user's sessions; only the security officer assigns roles. */
export async function changeRoleOrStatus(
  db: Db,
  actor: Actor,
  userId: string,
  change: { role?: Role; status?: "ACTIVE" | "DISABLED" },
  context: { ip?: string | null } = {},
): Promise<void> {
  if (actor.role !== "SECURITY_OFFICER") throw forbidden("只有安全管理员可以调整角色和账户状态。");
  if (actor.id === userId) throw forbidden("不能调整自己的角色或状态。");
  await db.$transaction(async (tx) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { role: true, status: true } });
    await tx.user.update({ where: { id: userId }, data: change });
    await revokeSessions(tx, userId);
    await recordAudit(tx, { actor, ip: context.ip, action: "user.role.change", objectType: "User", objectId: userId, before, after: change, outcome: "SUCCESS" });
  });
}

export interface UserRow {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitName: string | null;
  status: "ACTIVE" | "DISABLED";
  lockedUntil: Date | null;
  lastLoginAt: Date | null;
  totpEnabled: boolean;
}

/** Accounts with their lock state, for the security officer (two queries, not one per user). */
export async function listUsers(db: Db, actor: Actor, now = new Date()): Promise<UserRow[]> {
  if (actor.role !== "SECURITY_OFFICER") throw forbidden("只有安全管理员可以查看账户锁定情况。");
  const [users, locks] = await Promise.all([
    db.user.findMany({ orderBy: { username: "asc" }, include: { unit: { select: { name: true } } } }),
    db.loginThrottle.findMany({ where: { lockedUntil: { gt: now } } }),
  ]);
  const locked = new Map(locks.map((l) => [l.key, l.lockedUntil]));
  return users.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    unitName: u.unit?.name ?? null,
    status: u.status,
    lockedUntil: locked.get(lockoutKey(u.username)) ?? null,
    lastLoginAt: u.lastLoginAt,
    totpEnabled: u.totpEnabledAt !== null,
  }));
}

/** Lifts a sign-in lock early (security officer only), audited. */
export async function unlockUser(db: Db, actor: Actor, username: string, context: { ip?: string | null } = {}): Promise<void> {
  if (actor.role !== "SECURITY_OFFICER") throw forbidden("只有安全管理员可以解锁账户。");
  await db.$transaction(async (tx) => {
    await tx.loginThrottle.deleteMany({ where: { key: lockoutKey(username) } });
    await recordAudit(tx, { actor, ip: context.ip, action: "user.unlock", objectType: "User", objectId: username, outcome: "SUCCESS" });
  });
}
