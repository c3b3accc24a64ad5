import type { Db } from "@/lib/db/client";
import { authorize } from "@/lib/auth/policy";
import type { Prisma } from "@/lib/db/generated/client";
import type { Role } from "@/lib/db/generated/enums";
import { recordAudit } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/password";
import { revokeSessions } from "@/lib/auth/revoke";
import { ROLE_LABELS, type Actor } from "@/lib/auth/roles";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { isOneTime, ONE_TIME, storePassword } from "@/lib/security/account";
import { lockoutKey } from "@/lib/security/lockout";
import { oneTimePassword } from "./passwords";
import { ALL_ROLES, assertKeeps, assertMayAssignRole, assertMayCreate, isPrivileged, needsUnit } from "./rules";
import { accountEditSchema, fieldErrorsOf, newAccountSchema, roleChangeSchema } from "./schema";

// Creating and keeping accounts (the rules are in ./rules.ts). Every change is one audit record with
// what the account was before and is after, in the transaction that makes it.

type Tx = Prisma.TransactionClient;
type Context = { ip?: string | null; now?: Date };

export interface NewUser {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  unitId?: string | null;
  departmentId?: string | null;
}

/** What the audit trail says about an account. */
const described = (u: { username: string; displayName: string; role: Role; unitId: string | null; departmentId: string | null; status: string }) => ({
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  unitId: u.unitId,
  departmentId: u.departmentId,
  status: u.status,
});

function parse<T>(result: { success: true; data: T } | { success: false; error: Parameters<typeof fieldErrorsOf>[0] }): T {
  if (result.success) return result.data;
  const fieldErrors = fieldErrorsOf(result.error);
  throw new AppError("VALIDATION", Object.values(fieldErrors)[0] ?? "输入有误。", fieldErrors);
}

/** A user name nobody has, in any letter case (sign-in locks names case-insensitively, lib/security/lockout.ts). */
export async function assertUsernameFree(db: Db | Tx, username: string): Promise<void> {
  const taken = await db.user.findFirst({ where: { username: { equals: username, mode: "insensitive" } }, select: { username: true, displayName: true } });
  if (taken) throw usernameTaken(username, taken.displayName);
}
const usernameTaken = (username: string, owner?: string) =>
  new AppError("VALIDATION", `用户名“${username}”已被${owner ? `“${owner}”` : "其他账户"}使用；账户不会删除，请换一个用户名。`, { username: "用户名已被使用" });
const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === "P2002";

/**
 * Where an account of `role` belongs, checked to exist: unit roles in a unit (its department with
 * it); a 局领导 in a department (given, or the given unit's); the privileged roles in a department or
 * none. A field left out keeps what the account has; a field sent empty means none was chosen, which
 * is refused where one is needed — never filled in from what the account had.
 */
export async function placement(db: Db | Tx, role: Role, input: { unitId?: string | null; departmentId?: string | null }, current?: { unitId: string | null; departmentId: string | null }) {
  const unitRefused = () => new AppError("VALIDATION", "所选单位不存在，请刷新页面后重新选择。", { unitId: "单位不存在" });
  if (needsUnit(role)) {
    const unitId = input.unitId === undefined ? current?.unitId : input.unitId;
    if (!unitId) throw new AppError("VALIDATION", `${ROLE_LABELS[role]}必须属于一个单位，请选择单位。`, { unitId: "请选择单位" });
    const unit = isUuid(unitId) ? await db.unit.findUnique({ where: { id: unitId }, select: { id: true, departmentId: true } }) : null;
    if (!unit) throw unitRefused();
    return { unitId: unit.id, departmentId: unit.departmentId };
  }
  let departmentId = input.departmentId === undefined ? undefined : input.departmentId || null;
  if (!departmentId && input.unitId) {
    const unit = isUuid(input.unitId) ? await db.unit.findUnique({ where: { id: input.unitId }, select: { departmentId: true } }) : null;
    if (!unit) throw unitRefused();
    departmentId = unit.departmentId;
  }
  if (departmentId === undefined) departmentId = current?.departmentId ?? null;
  if (!departmentId) {
    if (role === "LEADER") throw new AppError("VALIDATION", "局领导必须属于一个部门，请选择部门。", { departmentId: "请选择部门" });
    return { unitId: null, departmentId: null };
  }
  const department = isUuid(departmentId) ? await db.department.findUnique({ where: { id: departmentId }, select: { id: true } }) : null;
  if (!department) throw new AppError("VALIDATION", "所选部门不存在，请刷新页面后重新选择。", { departmentId: "部门不存在" });
  return { unitId: null, departmentId: department.id };
}

/** Inserts an account and its audit record inside the caller's transaction. */
export async function insertUser(tx: Tx, actor: Actor | null, data: Omit<NewUser, "password"> & { passwordHash: string; oneTime: boolean }, context: Context & { detail?: string } = {}) {
  const user = await tx.user.create({
    data: {
      username: data.username,
      displayName: data.displayName,
      passwordHash: data.passwordHash,
      role: data.role,
      unitId: data.unitId ?? null,
      departmentId: data.departmentId ?? null,
      ...(data.oneTime ? { passwordChangedAt: ONE_TIME } : {}),
    },
  });
  await recordAudit(tx, { actor, ip: context.ip, action: "user.create", objectType: "User", objectId: user.id, after: { ...described(user), mustChangePassword: data.oneTime }, detail: context.detail, outcome: "SUCCESS" });
  return user;
}

/**
 * Creates an account. With an actor (the admin), the rules hold: business roles only, a free user
 * name, an existing unit, a compliant password that is one-time (changed at first sign-in). Without
 * one (the seed, demo accounts printed at first start) the password is the owner's from the start.
 */
export async function createUser(db: Db, actor: Actor | null, input: NewUser, context: Context = {}) {
  let where = { unitId: input.unitId ?? null, departmentId: input.departmentId ?? null };
  if (actor) {
    assertMayCreate(actor, input.role);
    where = await placement(db, input.role, where);
    await assertUsernameFree(db, input.username);
    await oneTimePassword(db, input.password, input);
  }
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction((tx) => insertUser(tx, actor, { ...input, ...where, passwordHash, oneTime: actor !== null }, context));
  } catch (error) {
    throw isUniqueViolation(error) ? usernameTaken(input.username) : error;
  }
}

/** 新建账户 from the admin's form: the account, and its one-time password to hand over (shown once). */
export async function createAccount(db: Db, actor: Actor, input: unknown, context: Context = {}) {
  authorize(actor, "account.create");
  const data = parse(newAccountSchema(ALL_ROLES).safeParse(input));
  assertMayCreate(actor, data.role);
  const password = await oneTimePassword(db, data.password, data);
  const user = await createUser(db, actor, { ...data, password }, context);
  return { id: user.id, username: user.username, displayName: user.displayName, role: user.role, unitId: user.unitId, departmentId: user.departmentId, password };
}

/** Serialises role and status changes, so two at once cannot both remove "the other" last holder of a role. */
async function lockAccounts(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(4207302)`;
}

async function findAccount(db: Db | Tx, userId: string) {
  const user = isUuid(userId) ? await db.user.findUnique({ where: { id: userId }, omit: { passwordHash: false } }) : null;
  if (!user) throw notFound("账户");
  return user;
}

/** The last active holder of a privileged role keeps it: without them nobody could do that duty. */
async function assertNotLastHolder(tx: Tx, user: { id: string; role: Role; status: string; displayName: string }, what: string): Promise<void> {
  if (!isPrivileged(user.role) || user.status !== "ACTIVE") return;
  const others = await tx.user.count({ where: { role: user.role, status: "ACTIVE", id: { not: user.id } } });
  if (others === 0) {
    const role = ROLE_LABELS[user.role];
    throw new AppError("CONFLICT", `“${user.displayName}”是最后一个在用的${role}账户，不能${what}；请先为另一个账户授予${role}角色。`);
  }
}

const keepersOnly = (actor: Actor) => authorize(actor, "account.manage");

/** 修改账户信息: the name, and where the account belongs. Returns whether anything changed. */
export async function updateAccount(db: Db, actor: Actor, userId: string, input: unknown, context: Context = {}): Promise<{ changed: boolean }> {
  keepersOnly(actor);
  const data = parse(accountEditSchema.safeParse(input));
  const user = await findAccount(db, userId);
  assertKeeps(actor, user, "修改账户信息");
  const next = { displayName: data.displayName, ...(await placement(db, user.role, data, user)) };
  const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== user[k]);
  if (changed.length === 0) return { changed: false };
  await db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({ where: { id: user.id, updatedAt: user.updatedAt }, data: next });
    if (count === 0) throw new AppError("CONFLICT", "该账户刚被他人修改，请刷新后再试。");
    const pick = (source: Record<string, unknown>) => Object.fromEntries(changed.map((k) => [k, source[k] ?? null]));
    await recordAudit(tx, { actor, ip: context.ip, action: "user.update", objectType: "User", objectId: user.id, before: pick(user), after: pick(next), outcome: "SUCCESS" });
  });
  return { changed: true };
}

/** 停用 / 启用. A disabled account cannot sign in and its open sessions end at once. */
export async function setAccountStatus(db: Db, actor: Actor, userId: string, status: unknown, context: Context = {}): Promise<void> {
  keepersOnly(actor);
  if (status !== "ACTIVE" && status !== "DISABLED") throw new AppError("VALIDATION", "账户状态应为 正常 或 已停用。");
  const disabling = status === "DISABLED";
  await db.$transaction(async (tx) => {
    await lockAccounts(tx);
    const user = await findAccount(tx, userId);
    assertKeeps(actor, user, disabling ? "停用账户" : "启用账户");
    if (user.status === status) throw new AppError("CONFLICT", `账户“${user.displayName}”已经是${disabling ? "停用" : "正常"}状态。`);
    if (disabling) await assertNotLastHolder(tx, user, "停用");
    await tx.user.update({ where: { id: user.id }, data: { status } });
    if (disabling) await revokeSessions(tx, user.id);
    await recordAudit(tx, {
      actor,
      ip: context.ip,
      action: disabling ? "user.disable" : "user.enable",
      objectType: "User",
      objectId: user.id,
      before: { status: user.status },
      after: { status, ...(disabling ? { sessionsEnded: true } : {}) },
      outcome: "SUCCESS",
    });
  });
}

/**
 * 重置密码 for a forgotten one: a new one-time password (typed, or generated), every session ended,
 * and the sign-in lock lifted — the guesses it counted were at the old password. Returns the password
 * to hand over (shown once).
 */
export async function resetAccountPassword(db: Db, actor: Actor, userId: string, typed?: unknown, context: Context = {}): Promise<{ username: string; displayName: string; password: string }> {
  keepersOnly(actor);
  const user = await findAccount(db, userId);
  if (user.id === actor.id) throw forbidden("不能重置自己的密码；请在“账户安全”中修改。");
  assertKeeps(actor, user, "重置密码");
  const password = await oneTimePassword(db, typeof typed === "string" ? typed : undefined, user);
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    await storePassword(tx, user, passwordHash, ONE_TIME);
    const { count: locks } = await tx.loginThrottle.deleteMany({ where: { key: lockoutKey(user.username) } });
    await recordAudit(tx, {
      actor,
      ip: context.ip,
      action: "user.password.reset",
      objectType: "User",
      objectId: user.id,
      before: { mustChangePassword: isOneTime(user.passwordChangedAt) },
      after: { mustChangePassword: true, sessionsEnded: true, ...(locks > 0 ? { lockCleared: true } : {}) },
      outcome: "SUCCESS",
    });
  });
  return { username: user.username, displayName: user.displayName, password };
}

/** 调整角色 (the security officer only). The account's sessions end: it signs in again as its new role. */
export async function changeAccountRole(db: Db, actor: Actor, userId: string, input: unknown, context: Context = {}): Promise<void> {
  authorize(actor, "account.giveRole");
  const data = parse(roleChangeSchema(ALL_ROLES).safeParse(input));
  await db.$transaction(async (tx) => {
    await lockAccounts(tx);
    const user = await findAccount(tx, userId);
    assertMayAssignRole(actor, user);
    const next = { role: data.role, ...(await placement(tx, data.role, data, user)) };
    const changed = (Object.keys(next) as (keyof typeof next)[]).filter((k) => next[k] !== user[k]);
    if (changed.length === 0) throw new AppError("CONFLICT", `“${user.displayName}”已经是${ROLE_LABELS[data.role]}，没有需要调整的内容。`);
    if (next.role !== user.role) await assertNotLastHolder(tx, user, "调整角色");
    await tx.user.update({ where: { id: user.id }, data: next });
    await revokeSessions(tx, user.id);
    const keys = [...new Set(["role", ...changed])] as (keyof typeof next)[];
    const pick = (source: Record<string, unknown>) => Object.fromEntries(keys.map((k) => [k, source[k] ?? null]));
    await recordAudit(tx, { actor, ip: context.ip, action: "user.role.change", objectType: "User", objectId: user.id, before: pick(user), after: { ...pick(next), sessionsEnded: true }, outcome: "SUCCESS" });
  });
}
