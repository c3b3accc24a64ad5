import type { Role } from "@/lib/db/generated/enums";
import { ROLE_LABELS, UNIT_ROLES, type Actor } from "@/lib/auth/roles";
import { authorize } from "@/lib/auth/policy";

// Who looks after which account (等保 2.0 三权分立) is in lib/auth/policy.ts ("account.*"): the
// 系统管理员 creates and keeps business accounts, the 安全管理员 gives every role and keeps the
// privileged ones, nobody changes their own role or status. Besides, the last active holder of a
// privileged role cannot lose it (without a 安全管理员 nobody could give roles again; without an
// auditor nobody reads the trail), and accounts are never deleted: records keep their author.

export { BUSINESS_ROLES, isPrivileged, keeperOf } from "@/lib/auth/policy";
export const ALL_ROLES = Object.keys(ROLE_LABELS) as Role[];

/** Refuses unless the actor keeps accounts of this role (and it is not the actor's own). `what` names the act, e.g. "停用账户". */
export function assertKeeps(actor: Actor, target: { id: string; role: Role }, what: string): void {
  authorize(actor, "account.keep", { account: target, act: what });
}

/** Only the admin creates accounts, and only business ones: a privileged role is the security officer's to give. */
export function assertMayCreate(actor: Actor, role: Role): void {
  authorize(actor, "account.create", { role });
}

/** Only the security officer gives roles, and never to themselves. */
export function assertMayAssignRole(actor: Actor, target: { id: string; role: Role }): void {
  authorize(actor, "account.giveRole", { account: target });
}

/** Where an account of a role belongs: unit roles need a unit; everyone else belongs to a department. */
export const needsUnit = (role: Role): boolean => UNIT_ROLES.includes(role);
