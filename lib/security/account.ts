import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { authorize } from "@/lib/auth/policy";
import { recordAudit } from "@/lib/audit/record";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { AppError, forbidden, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { revokeSessions } from "@/lib/auth/revoke";
import { credentialsReadWith } from "@/lib/auth/login";
import type { Prisma } from "@/lib/db/generated/client";
import { claimAttempt, clearAttempts, lockoutKey, lockoutPolicy } from "./lockout";
import { checkPasswordStrength, reusesRecentPassword } from "./password-policy";
import { cachedPolicy } from "./policy-store";
import QRCode from "qrcode";
import { generateSecret, otpauthUri, verifyTotp } from "./totp";

// A person's own credentials (password, two-factor) and the security officer's levers over them. Every change
// is audited; a password change ends every session of that account (sessionVersion).

type Context = { ip?: string | null; now?: Date };
const HISTORY_KEPT = 24; // the policy's largest historyCount

/** Refuses a new password that breaks the policy or repeats one of the last N (field errors for the form). */
async function checkNewPassword(db: Db, user: { id: string; username: string; displayName: string; passwordHash: string }, password: string): Promise<void> {
  const policy = await cachedPolicy(db);
  const problems = checkPasswordStrength(password, { username: user.username, displayName: user.displayName, policy });
  if (problems.length > 0) throw new AppError("VALIDATION", problems[0]!, { newPassword: problems.join("；") });
  const history = await db.passwordHistory.findMany({ where: { userId: user.id }, orderBy: { createdAt: "desc" }, take: policy.historyCount, select: { hash: true } });
  // The current password counts as the newest of the last N.
  const hashes = [user.passwordHash, ...history.map((h) => h.hash)];
  if (await reusesRecentPassword(password, hashes, (hash, candidate) => verifyPassword(hash, candidate), policy)) {
    throw new AppError("VALIDATION", `新密码不能与最近 ${policy.historyCount} 次使用过的密码相同。`, { newPassword: `不能与最近 ${policy.historyCount} 次使用过的密码相同` });
  }
}

/** A one-time password (an initial one, or a reset) is dated at the epoch: expired, so its owner must choose their own at sign-in. */
export const ONE_TIME = new Date(0);
export const isOneTime = (passwordChangedAt: Date): boolean => passwordChangedAt.getTime() === 0;

/**
 * Replaces a password inside the caller's transaction: the old hash goes to the history (the last
 * HISTORY_KEPT kept), and every session of the account ends. The caller records why.
 */
export async function storePassword(tx: Prisma.TransactionClient, user: { id: string; passwordHash: string }, passwordHash: string, changedAt: Date): Promise<void> {
  await tx.passwordHistory.create({ data: { userId: user.id, hash: user.passwordHash } });
  const old = await tx.passwordHistory.findMany({ where: { userId: user.id }, orderBy: { createdAt: "desc" }, skip: HISTORY_KEPT, select: { id: true } });
  if (old.length > 0) await tx.passwordHistory.deleteMany({ where: { id: { in: old.map((o) => o.id) } } });
  await tx.user.update({ where: { id: user.id }, data: { passwordHash, passwordChangedAt: changedAt } });
  await revokeSessions(tx, user.id);
}

/**
 * Changes one's own password: the current one, the policy, no reuse. Ends every session, this one too.
 * A wrong current password is a failed sign-in attempt like any other (lib/security/lockout.ts): with
 * a stolen session nobody may guess the real password outside the lockout. The attempt that locks the
 * name also ends every session of the account.
 */
export async function changeOwnPassword(db: Db, actor: Actor, input: { currentPassword: string; newPassword: string; confirmPassword: string }, context: Context = {}): Promise<void> {
  const now = context.now ?? new Date();
  const lockout = await lockoutPolicy(db);
  const audit = (tx: Prisma.TransactionClient, outcome: "DENIED" | "FAILURE", detail: string) => recordAudit(tx, { actor, ip: context.ip, action: "user.password.change", objectType: "User", objectId: actor.id, outcome, detail });
  const attempt = await claimAttempt(db, actor.username, lockout, now);
  if (attempt.refused) {
    await db.$transaction((tx) => audit(tx, "DENIED", "账户锁定期间尝试修改密码"));
    const minutes = Math.max(1, Math.ceil((attempt.lockedUntil.getTime() - now.getTime()) / 60_000));
    throw new AppError("VALIDATION", `密码连续输错次数过多，账户已锁定，请 ${minutes} 分钟后再试，或联系安全管理员解锁。`, { currentPassword: "账户已锁定" });
  }
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.id }, omit: { passwordHash: false } });
  if (!(await verifyPassword(user.passwordHash, input.currentPassword ?? ""))) {
    if (attempt.locks) {
      await db.$transaction(async (tx) => {
        await revokeSessions(tx, actor.id);
        await audit(tx, "FAILURE", `当前密码错误；连续 ${attempt.place} 次失败，锁定 ${lockout.lockMinutes} 分钟，已结束该账户的全部会话`);
      });
      throw new AppError("VALIDATION", `当前密码连续输错 ${attempt.place} 次，账户已锁定 ${lockout.lockMinutes} 分钟，本次会话已结束。`, { currentPassword: "当前密码不正确" });
    }
    await db.$transaction((tx) => audit(tx, "FAILURE", `当前密码错误；第 ${attempt.place} 次失败`));
    const left = lockout.maxFailures - attempt.place;
    throw new AppError("VALIDATION", `当前密码不正确。再输错 ${left} 次，账户将被锁定 ${lockout.lockMinutes} 分钟。`, { currentPassword: "当前密码不正确" });
  }
  await clearAttempts(db, attempt.key);
  if (input.newPassword !== input.confirmPassword) throw new AppError("VALIDATION", "两次输入的新密码不一致。", { confirmPassword: "两次输入的新密码不一致" });
  await checkNewPassword(db, user, input.newPassword);
  const passwordHash = await hashPassword(input.newPassword);
  await db.$transaction(async (tx) => {
    await storePassword(tx, user, passwordHash, now);
    await recordAudit(tx, { actor, ip: context.ip, action: "user.password.change", objectType: "User", objectId: user.id, before: { mustChangePassword: isOneTime(user.passwordChangedAt) }, after: { mustChangePassword: false, sessionsEnded: true }, outcome: "SUCCESS" });
  });
}

/** Starts two-factor enrolment: a fresh secret, not yet in force until a code from it is confirmed. */
export async function startTotpEnrollment(db: Db, actor: Actor, context: Context = {}): Promise<{ secret: string; uri: string; qr: string }> {
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.id } });
  if (user.totpEnabledAt) throw new AppError("CONFLICT", "已绑定双因素认证；如需更换，请先解除绑定或联系安全管理员重置。");
  const secret = generateSecret();
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.id }, data: { totpSecret: secret, totpLastStep: null } });
    await recordAudit(tx, { actor, ip: context.ip, action: "user.totp.start", objectType: "User", objectId: actor.id, outcome: "SUCCESS" });
  });
  const uri = otpauthUri({ secret, account: user.username });
  // The QR code an authenticator app scans, drawn here (offline) as an SVG data URL for an <img>.
  const svg = await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { secret, uri, qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}` };
}

/** Confirms enrolment with a code from the authenticator app; from then on sign-in asks for a code. */
export async function confirmTotpEnrollment(db: Db, actor: Actor, code: string, context: Context = {}): Promise<void> {
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.id }, omit: { totpSecret: false } });
  if (user.totpEnabledAt) throw new AppError("CONFLICT", "已绑定双因素认证。");
  if (!user.totpSecret) throw new AppError("CONFLICT", "请先生成密钥。");
  const checked = verifyTotp(user.totpSecret, String(code ?? ""), context.now ?? new Date());
  if (!checked.ok) {
    await db.$transaction((tx) => recordAudit(tx, { actor, ip: context.ip, action: "user.totp.enable", objectType: "User", objectId: actor.id, outcome: "FAILURE", detail: "验证码错误" }));
    throw new AppError("VALIDATION", "验证码不正确，请核对手机时间后重试。", { code: "验证码不正确" });
  }
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.id }, data: { totpEnabledAt: context.now ?? new Date(), totpLastStep: BigInt(checked.step!) } });
    await recordAudit(tx, { actor, ip: context.ip, action: "user.totp.enable", objectType: "User", objectId: actor.id, before: { totpEnabled: false }, after: { totpEnabled: true }, outcome: "SUCCESS" });
  });
}

/** Removes a person's second factor: themselves (only where the policy does not require it), or the security officer (lost phone). Ends their sessions. */
export async function removeTotp(db: Db, actor: Actor, userId: string, context: Context = {}): Promise<void> {
  const policy = await cachedPolicy(db);
  const user = isUuid(userId) ? await db.user.findUnique({ where: { id: userId } }) : null;
  if (!user) throw notFound("账户");
  if (actor.id !== userId) authorize(actor, "totp.resetOther");
  else if (policy.totpRoles.includes(user.role)) throw forbidden("您的角色必须使用双因素认证，不能自行解除；换手机请联系安全管理员重置。");
  if (!user.totpEnabledAt) throw new AppError("CONFLICT", `账户“${user.displayName}”没有绑定双因素认证，无需重置。`);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { totpSecret: null, totpEnabledAt: null, totpLastStep: null } });
    await revokeSessions(tx, userId);
    await recordAudit(tx, { actor, ip: context.ip, action: "user.totp.remove", objectType: "User", objectId: userId, before: { totpEnabled: user.totpEnabledAt !== null }, after: { totpEnabled: false, sessionsEnded: true }, outcome: "SUCCESS" });
  });
}

/** The security officer ends every session of an account at once. */
export async function endSessions(db: Db, actor: Actor, userId: string, context: Context = {}): Promise<void> {
  authorize(actor, "session.endOther");
  const user = isUuid(userId) ? await db.user.findUnique({ where: { id: userId } }) : null;
  if (!user) throw notFound("账户");
  await db.$transaction(async (tx) => {
    await revokeSessions(tx, userId);
    await recordAudit(tx, { actor, ip: context.ip, action: "user.sessions.end", objectType: "User", objectId: userId, after: { sessionsEnded: true }, outcome: "SUCCESS" });
  });
}

/** Lifts a sign-in lock early (security officer only), audited. */
export async function unlockUser(db: Db, actor: Actor, username: string, context: Context = {}): Promise<void> {
  authorize(actor, "account.unlock");
  if (typeof username !== "string" || username.length > 64) throw notFound("账户");
  const user = await db.user.findFirst({ where: { username: { equals: username.trim(), mode: "insensitive" } }, select: { id: true, username: true } });
  await db.$transaction(async (tx) => {
    const { count } = await tx.loginThrottle.deleteMany({ where: { key: lockoutKey(username), lockedUntil: { gt: context.now ?? new Date() } } });
    if (count === 0) throw new AppError("CONFLICT", `账户“${username}”当前没有被锁定。`);
    await recordAudit(tx, { actor, ip: context.ip, action: "user.unlock", objectType: "User", objectId: user?.id ?? username, before: { status: "LOCKED" }, after: { status: "ACTIVE" }, outcome: "SUCCESS" });
  });
}

/** What the account page shows about one's own sign-in. */
export async function accountSecurity(db: Db, actor: Actor, now = new Date()) {
  // The session check of this request read these columns with the actor (its role is the row's: a
  // role change ends the session); an actor from elsewhere has the row read here.
  const read = credentialsReadWith(actor);
  const [user, policy] = await Promise.all([
    read ? { ...read, role: actor.role } : db.user.findUniqueOrThrow({ where: { id: actor.id }, select: { passwordChangedAt: true, totpEnabledAt: true, role: true } }),
    cachedPolicy(db),
  ]);
  // A one-time password has no expiry date to show: it must be changed now.
  const expires = policy.maxAgeDays === 0 || isOneTime(user.passwordChangedAt) ? null : new Date(user.passwordChangedAt.getTime() + policy.maxAgeDays * 86_400_000);
  return {
    pending: actor.pending ?? null,
    passwordChangedAt: user.passwordChangedAt.getTime() === 0 ? null : user.passwordChangedAt,
    passwordExpiresAt: expires,
    passwordExpired: isOneTime(user.passwordChangedAt) || (expires !== null && expires <= now),
    totpEnabled: user.totpEnabledAt !== null,
    totpRequired: policy.totpRoles.includes(user.role),
    policy,
  };
}
