import { randomBytes } from "node:crypto";
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { hasChromium, SCREENSHOT_DIR, signIn, setupBrowser } from "../support/browser";

// A bureau runs its accounts by itself, seen in Chromium at 1280 and 375 px: the admin creates a
// reporter and hands over the one-time password; the reporter must change it at first sign-in; the
// admin disables the account and the reporter's open session ends; the auditor finds all of it by
// its Chinese event name and reads the before/after table. Also: the security officer's page, bulk
// creation with wrong rows, the confirmations for 停用账户, 结束会话 and 批复并锁定.

const browser = setupBrowser();
const shot = (name: string) => ({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true });
const suffix = randomBytes(3).toString("hex");
const USERNAME = `liufang_${suffix}`;
const NAME = "刘芳";
const NEW_PASSWORD = "Liuzhou#Ledger-2031";

async function both(page: Page, name: string): Promise<void> {
  await page.screenshot(shot(`${name}-1280`));
  await page.setViewportSize({ width: 375, height: 800 });
  await page.screenshot(shot(`${name}-375`));
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function freshPage(): Promise<Page> {
  return browser().newPage({ baseURL: inject("baseUrl"), viewport: { width: 1280, height: 900 } });
}

async function signInWith(page: Page, username: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.fill("#username", username);
  await page.fill("#password", password);
  await page.click("button[type=submit]");
  await page.waitForURL((u) => !u.pathname.startsWith("/login"), { timeout: 30_000 });
}

const row = (page: Page, username: string) => page.locator(`tr[data-username="${username}"]`);

describe.runIf(hasChromium())("a bureau runs its accounts by itself", () => {
  let admin: Page;
  let reporter: Page;
  let initialPassword = "";

  it("the admin creates a reporter — a taken user name is refused — and gets a one-time password to hand over", async () => {
    admin = await signIn(browser(), "ADMIN");
    await admin.goto("/admin/users");
    await admin.getByRole("heading", { name: "账户管理" }).waitFor();
    // The header names the person and the role once; the site has its icon.
    expect((await admin.locator("header").textContent())!.match(/系统管理员/g)).toHaveLength(1);
    const icon = await admin.locator("link[rel=icon]").first().getAttribute("href");
    expect(icon).toMatch(/^\/favicon\.ico/);
    const answer = await admin.request.get(icon!);
    expect([answer.status(), answer.headers()["content-type"]]).toEqual([200, "image/x-icon"]);

    const form = admin.getByRole("form", { name: "新建账户" });
    await form.locator("#n-name").fill("重名测试");
    await form.locator("#n-username").fill("Reporter309001");
    await form.locator("#n-place").selectOption({ label: "309001 柳州市大数据发展局" });
    await form.getByRole("button", { name: "创建账户" }).click();
    await expect.poll(() => form.getByRole("alert").textContent()).toContain("用户名“Reporter309001”已被");
    expect(await form.locator("#n-username-error").textContent()).toBe("用户名已被使用");
    await both(admin, "accounts-admin-create-refused");

    await form.locator("#n-name").fill(NAME);
    await form.locator("#n-username").fill(USERNAME);
    await form.getByRole("button", { name: "创建账户" }).click();
    const sheet = admin.getByRole("region", { name: "初始密码单" });
    await sheet.waitFor();
    initialPassword = (await sheet.locator("[data-password]").textContent())!.trim();
    expect(initialPassword).toMatch(/^\S{16,}$/);
    expect(await sheet.textContent()).toContain("只显示这一次");
    await expect.poll(() => row(admin, USERNAME).textContent()).toContain("待修改初始密码");
    await both(admin, "accounts-admin-created");
  });

  it("the reporter signs in with it and must change it before anything else", async () => {
    reporter = await freshPage();
    await signInWith(reporter, USERNAME, initialPassword);
    await reporter.waitForURL((u) => u.pathname === "/account");
    expect(await reporter.getByRole("alert").first().textContent()).toContain("一次性初始密码");
    expect((await reporter.goto("/projects"))?.url()).toMatch(/\/account$/); // nothing else until changed
    await both(reporter, "accounts-reporter-must-change");
    await reporter.fill("#currentPassword", initialPassword);
    await reporter.fill("#newPassword", NEW_PASSWORD);
    await reporter.fill("#confirmPassword", NEW_PASSWORD);
    await reporter.getByRole("button", { name: "修改密码" }).click();
    await reporter.waitForURL((u) => u.pathname === "/login" && u.searchParams.get("changed") === "1");
    expect(await reporter.locator("#login-message").getAttribute("role")).toBe("status");
    await signInWith(reporter, USERNAME, NEW_PASSWORD);
    await reporter.goto("/projects");
    await reporter.getByRole("heading", { name: /项目/ }).first().waitFor();
    expect(new URL(reporter.url()).pathname).toBe("/projects");
  });

  it("the admin disables the account after an in-page confirmation, and the reporter's open session ends", async () => {
    await admin.goto(`/admin/users?q=${USERNAME}`);
    // 编辑: name and unit in a dialog; a wrong input is said under its field.
    await row(admin, USERNAME).getByRole("button", { name: "编辑" }).click();
    const edit = admin.getByRole("dialog", { name: `修改账户信息：${NAME}` });
    await edit.locator("input").first().fill("");
    await edit.getByRole("button", { name: "保存" }).click();
    await expect.poll(() => edit.textContent()).toContain("请填写姓名");
    await both(admin, "accounts-admin-edit-refused");
    await edit.getByRole("button", { name: "取消" }).click();
    await row(admin, USERNAME).getByRole("button", { name: "停用" }).click();
    const dialog = admin.getByRole("dialog", { name: `停用账户“${NAME}”（${USERNAME}）` });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("正在使用的会话立即结束");
    await both(admin, "accounts-admin-disable-confirm");
    await dialog.getByRole("button", { name: "确认停用" }).click();
    await expect.poll(() => row(admin, USERNAME).getByRole("status").textContent()).toContain("已停用，其全部会话已结束");
    await expect.poll(() => row(admin, USERNAME).textContent()).toContain("已停用");
    await both(admin, "accounts-admin-disabled");

    // The reporter's next click finds the session gone.
    await reporter.goto("/projects");
    await reporter.waitForURL((u) => u.pathname === "/login");
    expect(await reporter.locator("#login-message").textContent()).toContain("会话已过期或已失效");
    await both(reporter, "accounts-reporter-session-ended");
    await reporter.fill("#username", USERNAME);
    await reporter.fill("#password", NEW_PASSWORD);
    await reporter.click("button[type=submit]");
    await expect.poll(() => reporter.locator("#login-message").textContent()).toContain("用户名或密码错误");
    await reporter.screenshot(shot("accounts-reporter-disabled-refused-1280"));
    await reporter.close();
  });

  it("bulk creation shows each wrong row and creates nothing until all are right", async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("账户");
    sheet.addRow(["姓名", "用户名", "角色", "单位"]);
    sheet.addRow(["黄一", `huangyi_${suffix}`, "填报人", "309001"]);
    sheet.addRow(["黄二", USERNAME, "单位审核人", "309002"]);
    sheet.addRow(["黄三", `huangsan_${suffix}`, "科员", "309001"]);
    sheet.addRow(["黄四", `huangsi_${suffix}`, "审计管理员", "309"]);
    await admin.goto("/admin/users/import");
    await admin.setInputFiles("input[type=file]", { name: "账户.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: Buffer.from(await book.xlsx.writeBuffer()) });
    await admin.getByRole("button", { name: "预览" }).click();
    const preview = admin.getByRole("region", { name: "预览" });
    await expect.poll(() => preview.textContent()).toContain("4 行中有 3 行有误");
    expect(await preview.textContent()).toContain(`用户名“${USERNAME}”已被“${NAME}”使用`);
    expect(await preview.textContent()).toContain("角色“科员”不存在");
    expect(await preview.getByRole("button", { name: /确认创建/ }).count()).toBe(0);
    await both(admin, "accounts-bulk-preview-errors");
  });

  it("the security officer's page: roles, locks and sessions, with a confirmation before 结束会话", async () => {
    const security = await signIn(browser(), "SECURITY_OFFICER");
    await security.goto(`/security/users?q=${USERNAME}`);
    await row(security, USERNAME).getByRole("button", { name: "结束会话" }).click();
    const dialog = security.getByRole("dialog", { name: `结束“${NAME}”（${USERNAME}）的全部会话` });
    await dialog.waitFor();
    await security.screenshot(shot("accounts-security-end-sessions-confirm-1280"));
    await dialog.getByRole("button", { name: "确认结束会话" }).click();
    await expect.poll(() => row(security, USERNAME).getByRole("status").textContent()).toContain("已结束该账户的全部会话");
    await row(security, USERNAME).getByRole("button", { name: "调整角色" }).click();
    const roleDialog = security.getByRole("dialog", { name: `调整角色：${NAME}` });
    await roleDialog.locator("select").first().selectOption({ label: "单位审核人" });
    await roleDialog.locator("select").nth(1).selectOption("");
    await roleDialog.getByRole("button", { name: "确认调整" }).click();
    await expect.poll(() => roleDialog.getByRole("alert").textContent()).toContain("单位审核人必须属于一个单位");
    await both(security, "accounts-security-role-refused");
    await roleDialog.getByRole("button", { name: "取消" }).click();
    await security.goto("/security/users");
    await both(security, "accounts-security-list");
    await security.close();
  });

  it("the admin's 批复并锁定 asks first, in the page", async () => {
    await admin.goto("/targets/review");
    await admin.getByRole("button", { name: "批复并锁定本年度目标" }).click();
    const dialog = admin.getByRole("dialog", { name: /批复并锁定 \d{4} 年度目标/ });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("须填写调整原因");
    await admin.screenshot({ path: `${SCREENSHOT_DIR}/targets-lock-confirm-1280.png` });
    await dialog.getByRole("button", { name: "取消" }).click(); // other browser tests edit the year's targets freely
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await admin.close();
  });

  it("the auditor finds all of it by Chinese event name and reads the before/after table", async () => {
    const auditor = await signIn(browser(), "AUDITOR");
    await auditor.goto("/audit");
    const filter = auditor.getByRole("form", { name: "筛选审计记录" });
    // The event list speaks Chinese, grouped; no code, no command in the page.
    const options = await filter.locator("select[name=action] option").allTextContents();
    expect(options).toContain("创建账户");
    expect(options).toContain("账户与权限（全部）");
    expect(options.some((o) => /^[a-z]+\./.test(o))).toBe(false);
    expect(await auditor.locator("main").textContent()).not.toMatch(/npm run|cli --/);

    const find = async (event: string) => {
      await filter.locator("select[name=action]").selectOption({ label: event });
      await filter.locator("input[name=object]").fill(USERNAME);
      const before = auditor.url();
      await filter.getByRole("button", { name: "查询" }).click();
      await auditor.waitForURL((u) => u.href !== before);
      return auditor.locator("table.stack-table > tbody > tr");
    };
    const created = await find("创建账户");
    await expect.poll(() => created.count()).toBe(1);
    expect(await created.first().textContent()).toContain(`${NAME}（${USERNAME}）`);
    expect(await (await find("修改密码")).first().textContent()).toContain(USERNAME);
    const disabled = await find("停用账户");
    await expect.poll(() => disabled.count()).toBe(1);
    await disabled.first().locator("summary").click();
    const table = disabled.first().locator("details table");
    await table.waitFor();
    const status = table.locator("tr[data-changed]", { hasText: "状态" });
    expect(await status.textContent()).toMatch(/状态.*正常.*已停用/);
    expect(await table.textContent()).not.toMatch(/ACTIVE|DISABLED|"status"/);
    await both(auditor, "accounts-auditor-disable-before-after");

    // The chain check, from the screen.
    await auditor.getByRole("button", { name: "校验哈希链" }).click();
    await expect.poll(() => auditor.getByRole("region", { name: "完整性校验" }).textContent(), { timeout: 60_000 }).toContain("哈希链完整");
    expect(await auditor.getByRole("region", { name: "完整性校验" }).textContent()).toMatch(/最后一条记录哈希[0-9a-f]{64}/);
    await both(auditor, "audit-chain-verified");
    await auditor.close();
  });
});
