import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { importAccounts, planAccounts } from "@/lib/accounts/bulk";
import { listAccounts } from "@/lib/accounts/list";
import { changeAccountRole, createAccount, resetAccountPassword, setAccountStatus, updateAccount } from "@/lib/accounts/write";
import { authenticate, loadActor } from "@/lib/auth/login";
import type { Actor } from "@/lib/auth/roles";
import { recordExpenditure } from "@/lib/budget/records";
import { createIndicator } from "@/lib/targets/indicators";
import { checkPasswordStrength, DEFAULT_POLICY } from "@/lib/security/password-policy";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";

// The account rules (三权分立): the admin creates and keeps business accounts, the security officer
// gives roles and keeps the privileged accounts, nobody touches their own role or status, the last
// holder of a privileged role keeps it. Every change is one audit record with before and after; every
// refusal writes nothing.

const db = setupTestDb();
const IP = "198.51.100.20";

async function unit(code = "309001") {
  return db().unit.findUniqueOrThrow({ where: { code } });
}

/** Users and audit records now, to show that a refusal wrote nothing. */
async function state() {
  const [users, audits, maxUpdated] = await Promise.all([db().user.count(), db().auditEvent.count(), db().user.aggregate({ _max: { updatedAt: true } })]);
  return { users, audits, maxUpdated: maxUpdated._max.updatedAt?.getTime() ?? 0 };
}

async function recordsOf(objectId: string, action?: string) {
  return db().auditEvent.findMany({ where: { objectId, ...(action ? { action } : {}) }, orderBy: { id: "asc" } });
}

async function refusedWritingNothing(work: () => Promise<unknown>, expected: { code: string; message?: RegExp }) {
  const before = await state();
  const error = await work().then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "expected a refusal").toMatchObject({ code: expected.code });
  if (expected.message) expect((error as Error).message).toMatch(expected.message);
  expect(await state()).toEqual(before);
  return error as Error & { fieldErrors: Record<string, string> };
}

async function signIn(username: string, password: string) {
  const login = await authenticate(db(), { username, password });
  if (!login.ok) throw new Error(`sign-in failed: ${login.reason}`);
  return login.actor;
}

describe("the admin creates business accounts", () => {
  it("with a one-time password shown once, which passes the policy and must be changed at first sign-in; audited once with after", async () => {
    const { actor: admin } = await makeUser(db(), "ADMIN");
    const u = await unit();
    const created = await createAccount(db(), admin, { displayName: "刘芳", username: "liufang", role: "REPORTER", unitId: u.id }, { ip: IP });
    expect(checkPasswordStrength(created.password, { username: "liufang", displayName: "刘芳", policy: DEFAULT_POLICY })).toEqual([]);
    const session = await signIn("liufang", created.password);
    expect((await loadActor(db(), created.id, session.sessionVersion))?.pending).toBe("PASSWORD_EXPIRED");
    const records = await recordsOf(created.id);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ action: "user.create", outcome: "SUCCESS", username: admin.username, ip: IP, before: null });
    expect(records[0]!.after).toEqual({ username: "liufang", displayName: "刘芳", role: "REPORTER", unitId: u.id, departmentId: u.departmentId, status: "ACTIVE", mustChangePassword: true });

    // A typed initial password is held to the policy too, and is one-time all the same.
    const typed = await createAccount(db(), admin, { displayName: "局长", username: "juzhang", role: "LEADER", departmentId: u.departmentId, password: "Liuzhou#Ledger-2031" });
    expect(typed.password).toBe("Liuzhou#Ledger-2031");
    expect(await db().user.findUniqueOrThrow({ where: { id: typed.id } })).toMatchObject({ role: "LEADER", unitId: null, departmentId: u.departmentId, passwordChangedAt: new Date(0) });
  });

  it("refuses, with a specific message and writing nothing: a taken user name in any case, a unit that does not exist, a role the admin may not give, a password that breaks the policy", async () => {
    const { actor: admin } = await makeUser(db(), "ADMIN");
    const u = await unit();
    await createAccount(db(), admin, { displayName: "张伟", username: "zhangwei", role: "REVIEWER", unitId: u.id });
    const taken = await refusedWritingNothing(() => createAccount(db(), admin, { displayName: "张伟二", username: "ZhangWei", role: "REPORTER", unitId: u.id }), { code: "VALIDATION", message: /用户名“ZhangWei”已被“张伟”使用/ });
    expect(taken.fieldErrors).toEqual({ username: "用户名已被使用" });
    await refusedWritingNothing(() => createAccount(db(), admin, { displayName: "王强", username: "wangqiang", role: "REPORTER", unitId: "7b0c6f3e-0000-4000-8000-000000000000" }), { code: "VALIDATION", message: /所选单位不存在/ });
    await refusedWritingNothing(() => createAccount(db(), admin, { displayName: "王强", username: "wangqiang", role: "REPORTER" }), { code: "VALIDATION", message: /填报人必须属于一个单位/ });
    await refusedWritingNothing(() => createAccount(db(), admin, { displayName: "王强", username: "wangqiang", role: "AUDITOR", departmentId: u.departmentId }), { code: "FORBIDDEN", message: /审计管理员角色由安全管理员授予/ });
    await refusedWritingNothing(() => createAccount(db(), admin, { displayName: "王强", username: "wangqiang", role: "ADMIN" }), { code: "FORBIDDEN" });
    const weak = await refusedWritingNothing(() => createAccount(db(), admin, { displayName: "王强", username: "wangqiang", role: "REPORTER", unitId: u.id, password: "Aa1!Aa1!Aa1!" }), { code: "VALIDATION", message: /初始密码不符合密码策略/ });
    expect(weak.fieldErrors.password).toBeTruthy();
    await refusedWritingNothing(() => createAccount(db(), admin, { displayName: "", username: "x", role: "REPORTER", unitId: u.id }), { code: "VALIDATION", message: /请填写姓名/ });
    await refusedWritingNothing(() => createAccount(db(), admin, { displayName: "王强", username: "王强", role: "REPORTER", unitId: u.id }), { code: "VALIDATION", message: /用户名为 3–32 位字母/ });
    await refusedWritingNothing(() => createAccount(db(), admin, { displayName: "王强", username: "wangqiang", role: "BOSS", unitId: u.id }), { code: "VALIDATION", message: /请选择角色/ });
  });
});

describe("three-way separation (三权分立)", () => {
  it("the admin gives no role and keeps no privileged account; the security officer creates nothing and keeps no business account; the auditor changes no account; nobody changes their own role or status", async () => {
    const { actor: admin } = await makeUser(db(), "ADMIN");
    const { actor: security } = await makeUser(db(), "SECURITY_OFFICER");
    const { actor: auditor } = await makeUser(db(), "AUDITOR");
    const { actor: reporter } = await makeUser(db(), "REPORTER", "309001");
    const u = await unit();
    const project = await db().project.findFirstOrThrow({ where: { unitId: u.id } });

    // The admin cannot create an auditor, nor make anyone one.
    await refusedWritingNothing(() => createAccount(db(), admin, { displayName: "赵审计", username: "zhaoshenji", role: "AUDITOR", departmentId: u.departmentId }), { code: "FORBIDDEN" });
    await refusedWritingNothing(() => changeAccountRole(db(), admin, reporter.id, { role: "AUDITOR" }), { code: "FORBIDDEN", message: /只有安全管理员可以调整角色/ });
    // …nor disable, rename or reset an account of the three.
    await refusedWritingNothing(() => setAccountStatus(db(), admin, auditor.id, "DISABLED"), { code: "FORBIDDEN", message: /审计管理员账户由安全管理员管理/ });
    await refusedWritingNothing(() => resetAccountPassword(db(), admin, security.id), { code: "FORBIDDEN" });
    await refusedWritingNothing(() => updateAccount(db(), admin, security.id, { displayName: "改名" }), { code: "FORBIDDEN" });
    // The security officer creates no account and no business data, and does not keep business accounts.
    await refusedWritingNothing(() => createAccount(db(), security, { displayName: "钱七", username: "qianqi", role: "REPORTER", unitId: u.id }), { code: "FORBIDDEN" });
    await refusedWritingNothing(() => recordExpenditure(db(), security, project.id, { date: "2025-05-06", amount: "100.00", payee: "某公司", confirmed: true }), { code: "FORBIDDEN" });
    await refusedWritingNothing(() => createIndicator(db(), security, project.id, { category: "数量", name: "新增指标", comparator: ">=", value: "1", unit: "个" }), { code: "FORBIDDEN" });
    await refusedWritingNothing(() => setAccountStatus(db(), security, reporter.id, "DISABLED"), { code: "FORBIDDEN", message: /业务账户由系统管理员管理/ });
    await refusedWritingNothing(() => resetAccountPassword(db(), security, reporter.id), { code: "FORBIDDEN" });
    // The auditor touches no account.
    for (const work of [() => createAccount(db(), auditor, { displayName: "孙八", username: "sunba", role: "REPORTER", unitId: u.id }), () => setAccountStatus(db(), auditor, reporter.id, "DISABLED"), () => changeAccountRole(db(), auditor, reporter.id, { role: "REVIEWER", unitId: u.id }), () => resetAccountPassword(db(), auditor, reporter.id)]) {
      await refusedWritingNothing(work, { code: "FORBIDDEN" });
    }
    // Nobody changes their own role or status, or resets their own password here.
    await refusedWritingNothing(() => changeAccountRole(db(), security, security.id, { role: "ADMIN" }), { code: "FORBIDDEN", message: /不能调整自己的角色/ });
    await refusedWritingNothing(() => setAccountStatus(db(), admin, admin.id, "DISABLED"), { code: "FORBIDDEN", message: /不能由本人停用账户/ });
    await refusedWritingNothing(() => setAccountStatus(db(), security, security.id, "DISABLED"), { code: "FORBIDDEN" });
    await refusedWritingNothing(() => resetAccountPassword(db(), admin, admin.id), { code: "FORBIDDEN", message: /账户安全/ });
    for (const role of ["REPORTER", "REVIEWER", "LEADER"] as const) {
      const { actor } = await makeUser(db(), role, role === "LEADER" ? undefined : "309001");
      await refusedWritingNothing(() => changeAccountRole(db(), actor, actor.id, { role: "ADMIN" }), { code: "FORBIDDEN" });
      await refusedWritingNothing(() => createAccount(db(), actor, { displayName: "周九", username: `zhoujiu_${role.toLowerCase()}`, role: "REPORTER", unitId: u.id }), { code: "FORBIDDEN" });
    }
  });

  it("the security officer gives roles, privileged or not; the account's sessions end and it signs in as its new role; audited once with before and after", async () => {
    const { actor: security } = await makeUser(db(), "SECURITY_OFFICER");
    const { actor: target, password } = await makeUser(db(), "REPORTER", "309001");
    const u = await unit();
    const session = await signIn(target.username, password);
    await changeAccountRole(db(), security, target.id, { role: "AUDITOR" }, { ip: IP });
    expect(await loadActor(db(), target.id, session.sessionVersion)).toBeNull();
    expect(await db().user.findUniqueOrThrow({ where: { id: target.id } })).toMatchObject({ role: "AUDITOR", unitId: null, departmentId: u.departmentId });
    const [record] = await recordsOf(target.id, "user.role.change");
    expect(record).toMatchObject({ username: security.username, ip: IP, before: { role: "REPORTER", unitId: u.id }, after: { role: "AUDITOR", unitId: null, sessionsEnded: true } });
    expect(await recordsOf(target.id, "user.role.change")).toHaveLength(1);
    // Back to a unit role: a unit is needed, and must exist.
    await refusedWritingNothing(() => changeAccountRole(db(), security, target.id, { role: "REVIEWER" }), { code: "VALIDATION", message: /单位审核人必须属于一个单位/ });
    await refusedWritingNothing(() => changeAccountRole(db(), security, target.id, { role: "REVIEWER", unitId: "7b0c6f3e-0000-4000-8000-000000000001" }), { code: "VALIDATION", message: /所选单位不存在/ });
    await changeAccountRole(db(), security, target.id, { role: "REVIEWER", unitId: (await unit("309002")).id });
    await refusedWritingNothing(() => changeAccountRole(db(), security, target.id, { role: "REVIEWER" }), { code: "CONFLICT", message: /没有需要调整的内容/ });
  });

  it("keeps the last active security officer, admin and auditor: two officers removing each other at once leave one", async () => {
    const { actor: a } = await makeUser(db(), "SECURITY_OFFICER");
    const { actor: b } = await makeUser(db(), "SECURITY_OFFICER");
    // Only these two are security officers in this test's world.
    await db().user.updateMany({ where: { role: "SECURITY_OFFICER", id: { notIn: [a.id, b.id] } }, data: { status: "DISABLED" } });
    const results = await Promise.allSettled([changeAccountRole(db(), a, b.id, { role: "LEADER" }), changeAccountRole(db(), b, a.id, { role: "LEADER" })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "CONFLICT" });
    expect((refused.reason as Error).message).toMatch(/是最后一个在用的安全管理员账户，不能调整角色/);
    expect(await db().user.count({ where: { role: "SECURITY_OFFICER", status: "ACTIVE" } })).toBe(1);

    const remaining: Actor = results[0]!.status === "fulfilled" ? a : b;
    const { actor: auditor } = await makeUser(db(), "AUDITOR");
    await db().user.updateMany({ where: { role: "AUDITOR", id: { not: auditor.id } }, data: { status: "DISABLED" } });
    await refusedWritingNothing(() => setAccountStatus(db(), remaining, auditor.id, "DISABLED"), { code: "CONFLICT", message: /最后一个在用的审计管理员账户，不能停用/ });
    await refusedWritingNothing(() => changeAccountRole(db(), remaining, auditor.id, { role: "LEADER" }), { code: "CONFLICT" });
    // With a second auditor, the first may go.
    const { actor: second } = await makeUser(db(), "AUDITOR");
    await setAccountStatus(db(), remaining, auditor.id, "DISABLED");
    expect((await db().user.findUniqueOrThrow({ where: { id: second.id } })).status).toBe("ACTIVE");
  });
});

describe("the admin keeps business accounts", () => {
  it("edits name and unit: one record with only what changed, before and after; an unchanged save writes nothing", async () => {
    const { actor: admin } = await makeUser(db(), "ADMIN");
    const { actor: target } = await makeUser(db(), "REPORTER", "309001");
    const [u1, u2] = [await unit("309001"), await unit("309002")];
    expect(await updateAccount(db(), admin, target.id, { displayName: "陈静", unitId: u2.id }, { ip: IP })).toEqual({ changed: true });
    const records = await recordsOf(target.id, "user.update");
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ before: { displayName: target.displayName, unitId: u1.id }, after: { displayName: "陈静", unitId: u2.id }, ip: IP, username: admin.username });
    const before = await state();
    expect(await updateAccount(db(), admin, target.id, { displayName: " 陈静 ", unitId: u2.id })).toEqual({ changed: false });
    expect(await state()).toEqual(before);
    await refusedWritingNothing(() => updateAccount(db(), admin, target.id, { displayName: "陈静", unitId: "nonsense" }), { code: "VALIDATION", message: /所选单位不存在/ });
    // A unit chosen away in the form is refused, never quietly kept.
    await refusedWritingNothing(() => updateAccount(db(), admin, target.id, { displayName: "陈静", unitId: "" }), { code: "VALIDATION", message: /填报人必须属于一个单位/ });
  });

  it("disables an account: it cannot sign in and its open sessions end; enabling lets it in again; never deleted; each audited once", async () => {
    const { actor: admin } = await makeUser(db(), "ADMIN");
    const { actor: target, password } = await makeUser(db(), "REVIEWER", "309001");
    const session = await signIn(target.username, password);
    await setAccountStatus(db(), admin, target.id, "DISABLED", { ip: IP });
    expect(await loadActor(db(), target.id, session.sessionVersion)).toBeNull();
    expect(await authenticate(db(), { username: target.username, password })).toEqual({ ok: false, reason: "INVALID" });
    await refusedWritingNothing(() => setAccountStatus(db(), admin, target.id, "DISABLED"), { code: "CONFLICT", message: /已经是停用状态/ });
    await setAccountStatus(db(), admin, target.id, "ACTIVE");
    expect((await authenticate(db(), { username: target.username, password })).ok).toBe(true);
    const records = await db().auditEvent.findMany({ where: { objectId: target.id, action: { in: ["user.disable", "user.enable"] } }, orderBy: { id: "asc" } });
    expect(records.map((r) => [r.action, r.before, r.after])).toEqual([
      ["user.disable", { status: "ACTIVE" }, { status: "DISABLED", sessionsEnded: true }],
      ["user.enable", { status: "DISABLED" }, { status: "ACTIVE" }],
    ]);
    await refusedWritingNothing(() => setAccountStatus(db(), admin, target.id, "DELETED"), { code: "VALIDATION" });
  });

  it("resets a forgotten password: a new one-time password, every session ended, the sign-in lock lifted; audited once", async () => {
    const { actor: admin } = await makeUser(db(), "ADMIN");
    const { actor: target, password } = await makeUser(db(), "REPORTER", "309002");
    const session = await signIn(target.username, password);
    for (let i = 0; i < 5; i++) await authenticate(db(), { username: target.username, password: "Wrong#Guess-2031" });
    expect(await authenticate(db(), { username: target.username, password })).toEqual({ ok: false, reason: "LOCKED" });
    const reset = await resetAccountPassword(db(), admin, target.id, undefined, { ip: IP });
    expect(reset.password).not.toBe(password);
    expect(await loadActor(db(), target.id, session.sessionVersion)).toBeNull();
    const again = await signIn(target.username, reset.password);
    expect((await loadActor(db(), target.id, again.sessionVersion))?.pending).toBe("PASSWORD_EXPIRED");
    const records = await recordsOf(target.id, "user.password.reset");
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ before: { mustChangePassword: false }, after: { mustChangePassword: true, sessionsEnded: true, lockCleared: true }, username: admin.username, ip: IP });
    await refusedWritingNothing(() => resetAccountPassword(db(), admin, target.id, "short"), { code: "VALIDATION", message: /密码至少 12 位/ });
  });
});

describe("the account lists", () => {
  it("show the admin business accounts and the security officer all, searchable by name, unit, role and state, with lock and last sign-in", async () => {
    const { actor: admin } = await makeUser(db(), "ADMIN");
    const { actor: security } = await makeUser(db(), "SECURITY_OFFICER");
    const created = await createAccount(db(), admin, { displayName: "搜索测试员", username: "search_me", role: "REPORTER", unitId: (await unit("309002")).id });
    for (let i = 0; i < 5; i++) await authenticate(db(), { username: "search_me", password: "Wrong#Guess-2031" });

    const adminView = await listAccounts(db(), admin);
    expect(adminView.rows.every((r) => ["REPORTER", "REVIEWER", "LEADER"].includes(r.role))).toBe(true);
    const securityView = await listAccounts(db(), security);
    expect(new Set(securityView.rows.map((r) => r.role))).toEqual(new Set(["REPORTER", "REVIEWER", "LEADER", "ADMIN", "SECURITY_OFFICER", "AUDITOR"]));
    expect((await listAccounts(db(), admin, { role: "AUDITOR" })).rows).toEqual([]);

    const [found] = (await listAccounts(db(), admin, { q: "搜索测试" })).rows;
    expect(found).toMatchObject({ id: created.id, unitName: "柳州市信息化建设管理中心", oneTimePassword: true, lastLoginAt: null, kept: true });
    expect(found!.lockedUntil).toBeInstanceOf(Date);
    expect((await listAccounts(db(), admin, { state: "LOCKED" })).rows.map((r) => r.id)).toEqual([created.id]);
    expect((await listAccounts(db(), admin, { unit: (await unit("309001")).id, q: "search_me" })).rows).toEqual([]);
    expect((await listAccounts(db(), security, { q: "search_me" })).rows[0]!.kept).toBe(false); // a business account: the admin's
    await expect(listAccounts(db(), (await makeUser(db(), "AUDITOR")).actor)).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

async function workbook(rows: string[][], header = ["姓名", "用户名", "角色", "单位"]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("账户");
  sheet.addRow(header);
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe("bulk creation from an .xlsx", () => {
  it("previews each row's errors and writes nothing while any row is wrong; then creates all, one-time passwords returned once, each audited", async () => {
    const { actor: admin } = await makeUser(db(), "ADMIN");
    await createAccount(db(), admin, { displayName: "已有人", username: "bulk_taken", role: "REPORTER", unitId: (await unit()).id });
    const wrong = await workbook([
      ["黄一", "bulk_huang", "填报人", "309001"],
      ["黄二", "bulk_taken", "填报人", "柳州市大数据发展局"],
      ["黄三", "bulk_huang", "审核人", "309002"],
      ["黄四", "bulk_four", "科员", "309001"],
      ["黄五", "bulk_five", "填报人", "309999"],
      ["黄六", "bulk_six", "审计管理员", "309"],
      ["黄七", "bulk_seven", "局领导", "309"],
    ]);
    const before = await state();
    const { plan, created } = await importAccounts(db(), admin, wrong, "黄.xlsx");
    expect(created).toEqual([]);
    expect(await state()).toEqual(before);
    expect(plan.ok).toBe(false);
    expect(plan.rows.map((r) => [r.row, r.errors])).toEqual([
      [2, []],
      [3, ["用户名“bulk_taken”已被“已有人”使用"]],
      [4, ["用户名“bulk_huang”与第 2 行重复"]],
      [5, ["角色“科员”不存在，应为 填报人、单位审核人 或 局领导"]],
      [6, ["单位“309999”不存在"]],
      [7, ["不能批量创建审计管理员：系统管理员只能创建填报人、单位审核人、局领导账户，审计管理员角色由安全管理员授予"]],
      [8, []],
    ]);
    expect(plan.rows[6]).toMatchObject({ role: "LEADER", placeName: "柳州市大数据发展局", unitId: null });

    const right = await workbook([
      ["黄一", "bulk_huang", "填报人", "309001"],
      ["黄二", "bulk_huang2", "单位审核人", "柳州市信息化建设管理中心"],
      ["黄七", "bulk_seven", "局领导", "309"],
    ]);
    expect((await planAccounts(db(), admin, right, "黄.xlsx")).ok).toBe(true);
    const done = await importAccounts(db(), admin, right, "黄.xlsx", { ip: IP });
    expect(done.created.map((c) => [c.row, c.username, c.role, c.placeName])).toEqual([
      [2, "bulk_huang", "REPORTER", "柳州市大数据发展局"],
      [3, "bulk_huang2", "REVIEWER", "柳州市信息化建设管理中心"],
      [4, "bulk_seven", "LEADER", "柳州市大数据发展局"],
    ]);
    for (const c of done.created) {
      expect(checkPasswordStrength(c.password, { username: c.username, displayName: c.displayName, policy: DEFAULT_POLICY })).toEqual([]);
      const user = await db().user.findUniqueOrThrow({ where: { username: c.username } });
      expect(user.passwordChangedAt).toEqual(new Date(0));
      const records = await recordsOf(user.id);
      expect(records).toHaveLength(1);
      expect(records[0]).toMatchObject({ action: "user.create", detail: `批量创建：黄.xlsx 第 ${c.row} 行`, ip: IP, after: { username: c.username, mustChangePassword: true } });
    }
    // The same file again: every name is now taken, nothing more is written.
    const again = await importAccounts(db(), admin, right, "黄.xlsx");
    expect(again.created).toEqual([]);
    expect(again.plan.rows.every((r) => r.errors.some((e) => e.includes("已被")))).toBe(true);
  });

  it("says what is wrong with a file it cannot use, writing nothing; only the admin may import", async () => {
    const { actor: admin } = await makeUser(db(), "ADMIN");
    const { actor: security } = await makeUser(db(), "SECURITY_OFFICER");
    const csv = new TextEncoder().encode("姓名,用户名,角色,单位\n李一,li_yi,填报人,309001\n");
    expect((await planAccounts(db(), admin, csv, "a.csv")).problems[0]).toMatch(/不是 Excel 工作簿/);
    expect((await planAccounts(db(), admin, await workbook([["李一", "li_yi", "填报人"]], ["姓名", "用户名", "角色"]), "a.xlsx")).problems[0]).toBe("工作表“账户”的表头缺少“单位”列：表头须含 姓名、用户名、角色、单位 四列。");
    expect((await planAccounts(db(), admin, await workbook([]), "a.xlsx")).problems[0]).toMatch(/表头下面没有账户/);
    expect((await planAccounts(db(), admin, new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3]), "a.xlsx")).problems[0]).toMatch(/文件不是有效的 Excel 工作簿/);
    await expect(planAccounts(db(), security, await workbook([["李一", "li_yi", "填报人", "309001"]]), "a.xlsx")).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
