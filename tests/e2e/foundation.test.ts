import { describe, expect, it } from "vitest";
import { account, hasChromium, SCREENSHOT_DIR, signIn, setupBrowser } from "../support/browser";
import { inject } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { createPrismaClient } from "@/lib/db/client";

const browser = setupBrowser();
const shot = (name: string) => ({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true });

describe.runIf(hasChromium())("sign-in, project list, detail and sign-out in Chromium", () => {
  it("shows a Chinese message for a wrong password and does not sign in", async () => {
    const page = await browser().newPage({ baseURL: inject("baseUrl") });
    await page.goto("/projects");
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.fill("#username", account("LEADER").username);
    await page.fill("#password", "not-the-password");
    await page.click("button[type=submit]");
    await expect.poll(() => page.locator("#login-message").textContent()).toContain("用户名或密码错误");
    await page.screenshot(shot("login-wrong-password"));
    await page.fill("#username", "");
    await page.fill("#password", "");
    await page.click("button[type=submit]");
    // Said under the field, and listed in the summary that takes focus.
    await expect.poll(() => page.locator("#username-error").textContent()).toBe("请输入用户名");
    expect(await page.locator("[role=status]:has(#login-message) li").allTextContents()).toEqual(["用户名：请输入用户名", "密码：请输入密码"]);
    await page.close();
  });

  it("a leader sees all 16 projects and 5,420.06 万元, opens one, and signs out", async () => {
    const page = await signIn(browser(), "LEADER");
    expect(new URL(page.url()).pathname).toBe("/dashboard");
    await page.goto("/projects");
    await expect.poll(() => page.locator("tbody tr").count()).toBe(16);
    expect(await page.locator("tfoot").textContent()).toContain("5,420.06");
    await page.screenshot(shot("leader-projects"));

    await page.getByRole("link", { name: "龙城市民云APP运维费" }).click();
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.locator("h1").textContent()).toBe("龙城市民云APP运维费");
    const text = await page.locator("main").textContent();
    expect(text).toContain("100.00");
    expect(text).toContain("≤ 50 个");
    expect(text).toContain("≥ 250 个");
    expect(text).toContain("= 100%");
    // Leaders read; they do not edit.
    expect(await page.locator("textarea").count()).toBe(0);
    await page.screenshot(shot("leader-project-detail"));

    await page.getByRole("button", { name: "退出" }).click();
    await page.waitForURL(/\/login/);
    await page.goto("/projects");
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.close();
  });

  it("a 309001 reporter sees only their 8 projects and gets 404 for a 309002 project by URL", async () => {
    const leader = await signIn(browser(), "LEADER");
    await leader.goto("/projects");
    await leader.getByRole("link", { name: "龙城市民云APP运维费" }).click();
    await leader.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    const otherUnitUrl = new URL(leader.url()).pathname;
    await leader.close();

    const page = await signIn(browser(), "REPORTER", { unitCode: "309001" });
    await page.goto("/projects"); // a reporter with something to do lands on the 待办
    await expect.poll(() => page.locator("tbody tr").count()).toBe(8);
    expect(await page.locator("tfoot").textContent()).toContain("5,056.59");
    const response = await page.goto(otherUnitUrl);
    expect(response?.status()).toBe(404);
    expect(await page.locator("main").textContent()).toContain("页面不存在，或您无权查看");
    expect(await page.content()).not.toContain("龙城市民云APP运维费");
    await page.screenshot(shot("reporter-other-unit-404"));
    await page.close();
  });

  it("a reporter edits their project's goal; a too-short goal gets a message next to the field", async () => {
    const page = await signIn(browser(), "REPORTER", { unitCode: "309002" });
    await page.goto("/projects"); // a reporter with something to do lands on the 待办
    await page.getByRole("link", { name: "办公设备购置" }).click();
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    await page.fill("#annualGoal", "短");
    await page.getByRole("button", { name: "保存目标" }).click();
    await expect.poll(() => page.locator("#annualGoal-error").textContent()).toBe("年度绩效目标至少 4 个字");
    await page.screenshot(shot("reporter-goal-too-short"));
    await page.fill("#annualGoal", "配齐配全单位的办公设备，提高工作效率（2025 年）。");
    await page.getByRole("button", { name: "保存目标" }).click();
    await expect.poll(() => page.locator("[role=status]").textContent()).toBe("已保存。");
    await page.reload();
    await expect.poll(() => page.inputValue("#annualGoal")).toBe("配齐配全单位的办公设备，提高工作效率（2025 年）。");
    await page.close();
  });

  it("every role signs in and lands on its own home; phone width works", async () => {
    const homes = { REPORTER: "/projects", REVIEWER: "/projects", LEADER: "/dashboard", ADMIN: "/dashboard", SECURITY_OFFICER: "/security/users", AUDITOR: "/audit" } as const;
    for (const [role, home] of Object.entries(homes) as [keyof typeof homes, string][]) {
      const unitRole = role === "REPORTER" || role === "REVIEWER";
      const page = await signIn(browser(), role, { unitCode: unitRole ? "309001" : undefined });
      // A unit's people with something to do (a month past its deadline, a return, a reminder) see their 待办 first.
      await page.waitForURL((u) => u.pathname === home || (unitRole && u.pathname === "/todo"));
      if (unitRole) expect(new URL(page.url()).pathname, role).toBe(Number(await page.locator("#header-todo").getAttribute("data-count")) > 0 ? "/todo" : home);
      const status = (await page.reload())?.status();
      expect(status, role).toBe(200);
      await page.screenshot(shot(`home-${role.toLowerCase()}`));
      if (role === "AUDITOR" || role === "SECURITY_OFFICER") {
        expect((await page.goto("/projects"))?.status(), role).toBe(403);
      }
      await page.close();
    }
    const phone = await signIn(browser(), "LEADER", { width: 375 });
    await phone.goto("/projects");
    await phone.screenshot(shot("leader-projects-phone"));
    const scrollWidth = await phone.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(375);
    await phone.getByRole("link", { name: "龙城市民云APP运维费" }).click();
    await phone.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    await phone.screenshot(shot("leader-project-detail-phone"));
    await phone.close();
  });

  it("ends a signed-in session when the password changes elsewhere", async () => {
    const page = await signIn(browser(), "REVIEWER", { unitCode: "309002" });
    const { username, password } = account("REVIEWER", "309002");
    const db = createPrismaClient(inject("appDatabaseUrl"), 1);
    try {
      // As a password change elsewhere does: a new hash and the next sessionVersion (lib/security/account.ts).
      const user = await db.user.findUniqueOrThrow({ where: { username }, omit: { passwordHash: false } });
      await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(`${password}x`), sessionVersion: { increment: 1 } } });
      await page.goto("/projects");
      expect(new URL(page.url()).pathname).toBe("/login");
      expect(await page.locator("#login-message").textContent()).toContain("会话已过期或已失效");
      await page.screenshot(shot("session-revoked"));
      await db.user.update({ where: { id: user.id }, data: { passwordHash: user.passwordHash } }); // leave the account as the other tests expect it
    } finally {
      await db.$disconnect();
      await page.close();
    }
  });
});
