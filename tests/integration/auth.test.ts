import { describe, expect, it, vi } from "vitest";
import { authenticate, loadActor } from "@/lib/auth/login";
import { authOptions } from "@/lib/auth/options";
import { changeAccountRole, resetAccountPassword, setAccountStatus } from "@/lib/accounts/write";
import { totpCode } from "@/lib/security/totp";
import { accountSecurity, changeOwnPassword } from "@/lib/security/account";
import { counting, setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";

const db = setupTestDb();
// The sign-out event reaches the database through the process-wide db().
vi.mock("@/lib/db/client", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/lib/db/client")>()), db: () => db() }));
const policy = { maxFailures: 5, lockMinutes: 30 };

describe("sign-in", () => {
  it("locks a name after 5 failures for 30 minutes, even with the right password, then lets it in", async () => {
    const { actor, password } = await makeUser(db(), "LEADER");
    const t0 = new Date("2025-06-01T08:00:00Z");
    for (let i = 1; i <= 4; i++) {
      expect(await authenticate(db(), { username: actor.username, password: "wrong" }, policy, t0)).toEqual({ ok: false, reason: "INVALID" });
    }
    expect(await authenticate(db(), { username: actor.username, password: "wrong" }, policy, t0)).toEqual({ ok: false, reason: "LOCKED" });
    const during = new Date(t0.getTime() + 29 * 60_000);
    expect(await authenticate(db(), { username: actor.username, password }, policy, during)).toEqual({ ok: false, reason: "LOCKED" });
    const after = new Date(t0.getTime() + 31 * 60_000);
    expect((await authenticate(db(), { username: actor.username, password }, policy, after)).ok).toBe(true);

    const events = await db().auditEvent.findMany({ where: { username: actor.username, action: "auth.login" }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.outcome)).toEqual(["FAILURE", "FAILURE", "FAILURE", "FAILURE", "FAILURE", "DENIED", "SUCCESS"]);
  });

  it("answers an unknown name exactly like a wrong password, lockout included", async () => {
    const t0 = new Date("2025-06-01T08:00:00Z");
    const name = `nobody_${Date.now()}`;
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await authenticate(db(), { username: name, password: "x" }, policy, t0));
    expect(answers.map((a) => (a.ok ? "ok" : a.reason))).toEqual(["INVALID", "INVALID", "INVALID", "INVALID", "LOCKED", "LOCKED"]);
  });

  it("refuses a disabled account with the same answer", async () => {
    const { actor, password } = await makeUser(db(), "LEADER");
    const { actor: admin } = await makeUser(db(), "ADMIN");
    await setAccountStatus(db(), admin, actor.id, "DISABLED");
    expect(await authenticate(db(), { username: actor.username, password })).toEqual({ ok: false, reason: "INVALID" });
  });
});

describe("lockout under parallel guesses", () => {
  // Each attempt is counted before its password is checked, in one statement: however many arrive at
  // once, exactly `maxFailures` passwords are checked and the name locks at that count.
  it.each([5, 3])("20 parallel wrong passwords lock the name at exactly the policy's count (%i), and the right one is then refused", async (maxFailures) => {
    const { actor, password } = await makeUser(db(), "LEADER");
    const lockout = { maxFailures, lockMinutes: 30 };
    const t0 = new Date("2025-07-01T08:00:00Z");
    const answers = await Promise.all(Array.from({ length: 20 }, () => authenticate(db(), { username: actor.username, password: "Wrong#Guess-2031" }, lockout, t0)));
    const reasons = answers.map((a) => (a.ok ? "ok" : a.reason));
    expect(reasons.filter((r) => r === "INVALID")).toHaveLength(maxFailures - 1);
    expect(reasons.filter((r) => r === "LOCKED")).toHaveLength(20 - (maxFailures - 1));

    const events = await db().auditEvent.findMany({ where: { username: actor.username, action: "auth.login" } });
    // Exactly maxFailures passwords were checked (FAILURE); the rest were refused unseen (DENIED).
    expect(events.filter((e) => e.outcome === "FAILURE")).toHaveLength(maxFailures);
    expect(events.filter((e) => e.outcome === "DENIED")).toHaveLength(20 - maxFailures);
    expect(events.filter((e) => e.detail === `连续 ${maxFailures} 次失败，锁定 30 分钟`)).toHaveLength(1);
    expect(await db().loginThrottle.findUniqueOrThrow({ where: { key: `user:${actor.username}` } })).toMatchObject({ failures: 20, lockedUntil: new Date(t0.getTime() + 30 * 60_000) });

    // Past the rate limit's window, inside the lock: the right password is refused too.
    expect(await authenticate(db(), { username: actor.username, password }, lockout, new Date(t0.getTime() + 6 * 60_000))).toEqual({ ok: false, reason: "LOCKED" });
    expect((await authenticate(db(), { username: actor.username, password }, lockout, new Date(t0.getTime() + 31 * 60_000))).ok).toBe(true);
  });

  it("counts wrong dynamic codes on the same counter, and a right password awaiting its code neither counts nor resets", async () => {
    const { actor, password } = await makeUser(db(), "ADMIN");
    const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    await db().user.update({ where: { id: actor.id }, data: { totpSecret: secret, totpEnabledAt: new Date() } });
    const t0 = new Date("2025-07-02T08:00:00Z");
    for (let i = 0; i < 3; i++) expect(await authenticate(db(), { username: actor.username, password: "Wrong#Guess-2031" }, policy, t0)).toEqual({ ok: false, reason: "INVALID" });
    expect(await authenticate(db(), { username: actor.username, password }, policy, t0)).toEqual({ ok: false, reason: "TOTP_REQUIRED" });
    expect(await db().loginThrottle.findUniqueOrThrow({ where: { key: `user:${actor.username}` } })).toMatchObject({ failures: 3, lockedUntil: null });
    expect(await authenticate(db(), { username: actor.username, password, totp: "000000" }, policy, t0)).toEqual({ ok: false, reason: "TOTP_INVALID" });
    // The fifth failure, a wrong code after the right password, locks the name.
    expect(await authenticate(db(), { username: actor.username, password, totp: "000001" }, policy, t0)).toEqual({ ok: false, reason: "LOCKED" });
    expect(await authenticate(db(), { username: actor.username, password, totp: totpCode(secret, t0) }, policy, t0)).toEqual({ ok: false, reason: "LOCKED" });
  });

  it("a right password awaiting its code at the last place lifts the lock that place set", async () => {
    const { actor, password } = await makeUser(db(), "AUDITOR");
    await db().user.update({ where: { id: actor.id }, data: { totpSecret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", totpEnabledAt: new Date() } });
    const t0 = new Date("2025-07-03T08:00:00Z");
    for (let i = 0; i < 4; i++) await authenticate(db(), { username: actor.username, password: "Wrong#Guess-2031" }, policy, t0);
    expect(await authenticate(db(), { username: actor.username, password }, policy, t0)).toEqual({ ok: false, reason: "TOTP_REQUIRED" });
    expect(await db().loginThrottle.findUniqueOrThrow({ where: { key: `user:${actor.username}` } })).toMatchObject({ failures: 4, lockedUntil: null });
  });
});

describe("sign-out", () => {
  it("ends the session for good: the token's sessionVersion is refused, the record names the user name and address", async () => {
    const { actor, password } = await makeUser(db(), "LEADER");
    const login = await authenticate(db(), { username: actor.username, password });
    if (!login.ok) throw new Error("login failed");
    const token = { uid: actor.id, name: actor.displayName, sv: login.actor.sessionVersion };
    await authOptions({ ip: "198.51.100.23" }).events!.signOut!({ token, session: {} as never });
    expect(await loadActor(db(), actor.id, login.actor.sessionVersion)).toBeNull();
    expect(await db().auditEvent.findFirstOrThrow({ where: { userId: actor.id, action: "auth.logout" } })).toMatchObject({ username: actor.username, ip: "198.51.100.23", outcome: "SUCCESS", detail: null });

    // Signing out again with the same (now dead) cookie ends nothing more: a fresh session survives it.
    const again = await authenticate(db(), { username: actor.username, password });
    if (!again.ok) throw new Error("login failed");
    await authOptions({ ip: "198.51.100.23" }).events!.signOut!({ token, session: {} as never });
    expect(await loadActor(db(), actor.id, again.actor.sessionVersion)).toMatchObject({ id: actor.id });
    expect(await db().auditEvent.count({ where: { userId: actor.id, action: "auth.logout", detail: "会话此前已失效" } })).toBe(1);
  });
});

describe("the account page's facts", () => {
  it("come from the row the session check read with the actor, without reading it again; any other actor has it read", async () => {
    const { actor, password } = await makeUser(db(), "LEADER");
    const login = await authenticate(db(), { username: actor.username, password });
    if (!login.ok) throw new Error("login failed");
    const checked = await loadActor(db(), actor.id, login.actor.sessionVersion);
    if (!checked) throw new Error("no actor");
    await accountSecurity(db(), actor); // the policy cached, so that only the row's reads are counted
    const reused = counting(db());
    const fromSession = await accountSecurity(reused.client, checked);
    expect(reused.count()).toBe(0);
    const read = counting(db());
    const fromRow = await accountSecurity(read.client, { ...actor });
    expect(read.count()).toBe(1);
    expect(fromSession).toEqual(fromRow);
    const row = await db().user.findUniqueOrThrow({ where: { id: actor.id } });
    expect(fromSession).toMatchObject({ passwordChangedAt: row.passwordChangedAt, totpEnabled: false, pending: null });
  });
});

describe("session revocation", () => {
  it("ends every session of a user whose password changes", async () => {
    const { actor, password } = await makeUser(db(), "REPORTER", "309001");
    const login = await authenticate(db(), { username: actor.username, password });
    if (!login.ok) throw new Error("login failed");
    expect(await loadActor(db(), actor.id, login.actor.sessionVersion)).toMatchObject({ id: actor.id, role: "REPORTER" });
    await changeOwnPassword(db(), actor, { currentPassword: password, newPassword: "N3w-Ledger-2025", confirmPassword: "N3w-Ledger-2025" });
    expect(await loadActor(db(), actor.id, login.actor.sessionVersion)).toBeNull();
    // The new password works; the old one does not.
    expect((await authenticate(db(), { username: actor.username, password })).ok).toBe(false);
    const again = await authenticate(db(), { username: actor.username, password: "N3w-Ledger-2025" });
    expect(again.ok && (await loadActor(db(), actor.id, again.actor.sessionVersion))).toMatchObject({ id: actor.id });
  });

  it("ends sessions when the security officer changes a role, and only the security officer may", async () => {
    const { actor } = await makeUser(db(), "REPORTER", "309001");
    const { actor: admin } = await makeUser(db(), "ADMIN");
    const { actor: security } = await makeUser(db(), "SECURITY_OFFICER");
    const before = (await db().user.findUniqueOrThrow({ where: { id: actor.id } })).sessionVersion;
    await expect(changeAccountRole(db(), admin, actor.id, { role: "REVIEWER" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(changeAccountRole(db(), security, security.id, { role: "ADMIN" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await changeAccountRole(db(), security, actor.id, { role: "REVIEWER" });
    expect(await loadActor(db(), actor.id, before)).toBeNull();
    expect(await loadActor(db(), actor.id, before + 1)).toMatchObject({ role: "REVIEWER" });
  });

  it("does not let a user change someone else's password", async () => {
    const { actor: a } = await makeUser(db(), "REPORTER", "309001");
    const { actor: b } = await makeUser(db(), "REPORTER", "309002");
    await expect(resetAccountPassword(db(), a, b.id, "Whatever-2025!")).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("audit trail", () => {
  it("is append-only in the database and chained by hash", async () => {
    await makeUser(db(), "LEADER");
    const events = await db().auditEvent.findMany({ orderBy: { id: "asc" }, take: 5 });
    expect(events.length).toBeGreaterThan(1);
    for (let i = 1; i < events.length; i++) expect(events[i]!.prevHash).toBe(events[i - 1]!.hash);
    await expect(db().auditEvent.updateMany({ data: { detail: "tampered" } })).rejects.toThrow();
    await expect(db().auditEvent.deleteMany({})).rejects.toThrow();
  });
});
