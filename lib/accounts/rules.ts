import type { Role } from "@/lib/db/generated/enums";
import { ROLE_LABELS, UNIT_ROLES, type Actor } from "@/lib/auth/roles";
import { forbidden } from "@/lib/errors";
import { PRIVILEGED_ROLES } from "@/lib/security/password-policy";

// Who looks after which account (等保 2.0 三权分立, the separation of the admin's, the security
// officer's and the auditor's duties):
//  - the 系统管理员 creates business accounts (填报人, 单位审核人, 局领导) and keeps them — name, unit,
//    disabling, a forgotten password — but never gives a role, so never makes anyone an administrator;
//  - the 安全管理员 gives every role, privileged or not, and keeps the privileged accounts (系统管理员,
//    安全管理员, 审计管理员) — their status and forgotten passwords — so the admin cannot take over one;
//  - nobody changes their own role or status, and the last active holder of a privileged role cannot
//    lose it (without a 安全管理员 nobody could give roles again; without an auditor nobody reads the trail).
// Accounts are never deleted: records keep their author.

/** Roles the admin creates and keeps; the rest are the privileged three (PRIVILEGED_ROLES). */
export const BUSINESS_ROLES: readonly Role[] = ["REPORTER", "REVIEWER", "LEADER"];
export const ALL_ROLES = Object.keys(ROLE_LABELS) as Role[];

export const isPrivileged = (role: Role): boolean => PRIVILEGED_ROLES.includes(role);

/** The role that keeps an account of this role: its status, its name, its forgotten password. */
export const keeperOf = (role: Role): Role => (isPrivileged(role) ? "SECURITY_OFFICER" : "ADMIN");

/** Refuses unless the actor keeps accounts of this role (and it is not the actor's own). `what` names the act, e.g. "停用账户". */
export function assertKeeps(actor: Actor, target: { id: string; role: Role }, what: string): void {
  const keeper = keeperOf(target.role);
  if (actor.id === target.id) throw forbidden(`不能由本人${what}；请由${actor.role === keeper ? "另一位" : ""}${ROLE_LABELS[keeper]}办理。`);
  if (actor.role === keeper) return;
  throw forbidden(
    isPrivileged(target.role)
      ? `${ROLE_LABELS[target.role]}账户由安全管理员管理，${ROLE_LABELS[actor.role]}不能${what}。`
      : `业务账户由系统管理员管理，${ROLE_LABELS[actor.role]}不能${what}。`,
  );
}

/** Only the admin creates accounts, and only business ones: a privileged role is the security officer's to give. */
export function assertMayCreate(actor: Actor, role: Role): void {
  if (actor.role !== "ADMIN") throw forbidden("只有系统管理员可以创建账户。");
  if (!BUSINESS_ROLES.includes(role)) throw forbidden(`系统管理员只能创建填报人、单位审核人、局领导账户；${ROLE_LABELS[role]}角色由安全管理员授予。`);
}

/** Only the security officer gives roles, and never to themselves. */
export function assertMayAssignRole(actor: Actor, target: { id: string }): void {
  if (actor.role !== "SECURITY_OFFICER") throw forbidden("只有安全管理员可以调整角色。");
  if (actor.id === target.id) throw forbidden("不能调整自己的角色。");
}

/** Where an account of a role belongs: unit roles need a unit; everyone else belongs to a department. */
export const needsUnit = (role: Role): boolean => UNIT_ROLES.includes(role);
