import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { Role } from "@/lib/db/generated/enums";
import type { Actor } from "@/lib/auth/roles";
import { authorize, can, visibleAccountRoles } from "@/lib/auth/policy";
import { ALL_ROLES } from "./rules";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { isOneTime } from "@/lib/security/account";
import { lockoutKey } from "@/lib/security/lockout";

// The account lists: the admin's (business accounts) and the security officer's (all accounts), each
// searchable by name, unit, role and state, with the last sign-in and the lock. Three queries whatever
// the number of accounts: the accounts, the locks, the units and departments for the filters.

export const ACCOUNT_STATES = { ACTIVE: "正常", DISABLED: "已停用", LOCKED: "登录锁定中", ONE_TIME: "待修改初始密码" } as const;
export type AccountState = keyof typeof ACCOUNT_STATES;

const blank = (v: unknown) => (v === "" || v === null ? undefined : v);
export const accountFilterSchema = z.object({
  q: z.preprocess(blank, z.string().trim().max(64, "搜索内容过长").optional()),
  unit: z.preprocess(blank, z.string().max(64).optional()),
  role: z.preprocess(blank, z.enum(ALL_ROLES as [Role, ...Role[]], { error: "未知的角色" }).optional()),
  state: z.preprocess(blank, z.enum(Object.keys(ACCOUNT_STATES) as [AccountState, ...AccountState[]], { error: "未知的状态" }).optional()),
});
export type AccountFilters = z.infer<typeof accountFilterSchema>;

/** Filters from a URL; a bad value filters nothing and comes back as a specific Chinese message to show. */
export function readAccountFilters(input: unknown): { filters: AccountFilters; error: string | null } {
  const parsed = accountFilterSchema.safeParse(input);
  return parsed.success ? { filters: parsed.data, error: null } : { filters: {}, error: parsed.error.issues[0]!.message };
}

export interface AccountRow {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  unitId: string | null;
  unitName: string | null;
  departmentId: string | null;
  departmentName: string | null;
  status: "ACTIVE" | "DISABLED";
  lockedUntil: Date | null;
  oneTimePassword: boolean;
  lastLoginAt: Date | null;
  totpEnabled: boolean;
  /** Whether the reader keeps this account (status, name, password): see ./rules.ts. */
  kept: boolean;
}

export interface Places {
  departments: { id: string; code: string; name: string; units: { id: string; code: string; name: string }[] }[];
}

/** Shown at most; a bigger deployment narrows by unit, role or name. */
export const ACCOUNT_LIST_MAX = 500;

/** The accounts the actor may see, filtered: the admin sees business accounts, the security officer all. */
export async function listAccounts(db: Db, actor: Actor, filters: AccountFilters = {}, now = new Date()): Promise<{ rows: AccountRow[]; total: number; places: Places }> {
  authorize(actor, "account.list");
  const roles = visibleAccountRoles(actor);
  const locks = await db.loginThrottle.findMany({ where: { lockedUntil: { gt: now } }, select: { key: true, lockedUntil: true } });
  const locked = new Map(locks.map((l) => [l.key, l.lockedUntil!]));
  if (filters.unit && !isUuid(filters.unit)) throw new AppError("VALIDATION", "所选单位不存在，请重新选择。");
  const and: Prisma.UserWhereInput[] = [{ role: filters.role ? (roles.includes(filters.role) ? filters.role : { in: [] }) : { in: [...roles] } }];
  if (filters.q) and.push({ OR: [{ displayName: { contains: filters.q, mode: "insensitive" } }, { username: { contains: filters.q, mode: "insensitive" } }] });
  // A unit, or a department (its 局领导 and the privileged accounts in it).
  if (filters.unit) and.push({ OR: [{ unitId: filters.unit }, { departmentId: filters.unit, unitId: null }] });
  if (filters.state === "ACTIVE" || filters.state === "DISABLED") and.push({ status: filters.state });
  if (filters.state === "ONE_TIME") and.push({ status: "ACTIVE", passwordChangedAt: new Date(0) });
  const where: Prisma.UserWhereInput = { AND: and };
  const [users, departments] = await Promise.all([
    db.user.findMany({ where, orderBy: [{ role: "asc" }, { username: "asc" }], include: { unit: { select: { name: true } }, department: { select: { name: true } } } }),
    db.department.findMany({ orderBy: { code: "asc" }, select: { id: true, code: true, name: true, units: { orderBy: { code: "asc" }, select: { id: true, code: true, name: true } } } }),
  ]);
  let rows: AccountRow[] = users.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    unitId: u.unitId,
    unitName: u.unit?.name ?? null,
    departmentId: u.departmentId,
    departmentName: u.department?.name ?? null,
    status: u.status,
    lockedUntil: locked.get(lockoutKey(u.username)) ?? null,
    oneTimePassword: isOneTime(u.passwordChangedAt),
    lastLoginAt: u.lastLoginAt,
    totpEnabled: u.totpEnabledAt !== null,
    kept: can(actor, "account.keep", { account: u }),
  }));
  if (filters.state === "LOCKED") rows = rows.filter((r) => r.lockedUntil !== null);
  return { rows: rows.slice(0, ACCOUNT_LIST_MAX), total: rows.length, places: { departments } };
}
