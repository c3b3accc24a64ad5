import { describe, expect, it } from "vitest";
import { authenticate, loadActor } from "@/lib/auth/login";
import { changeRoleOrStatus } from "@/lib/auth/users";
import { changeOwnPassword, resetPassword } from "@/lib/security/account";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";

const db = setupTestDb();
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
    const { actor: security } = await makeUser(db(), "SECURITY_OFFICER");
    await changeRoleOrStatus(db(), security, actor.id, { status: "DISABLED" });
    expect(await authenticate(db(), { username: actor.username, password })).toEqual({ ok: false, reason: "INVALID" });
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
    await expect(changeRoleOrStatus(db(), admin, actor.id, { role: "REVIEWER" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(changeRoleOrStatus(db(), security, security.id, { role: "ADMIN" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await changeRoleOrStatus(db(), security, actor.id, { role: "REVIEWER" });
    expect(await loadActor(db(), actor.id, before)).toBeNull();
    expect(await loadActor(db(), actor.id, before + 1)).toMatchObject({ role: "REVIEWER" });
  });

  it("does not let a user change someone else's password", async () => {
    const { actor: a } = await makeUser(db(), "REPORTER", "309001");
    const { actor: b } = await makeUser(db(), "REPORTER", "309002");
    await expect(resetPassword(db(), a, b.id, "Whatever-2025!")).rejects.toMatchObject({ code: "FORBIDDEN" });
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
