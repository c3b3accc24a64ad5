import { describe, expect, it } from "vitest";
import { hasChromium, SCREENSHOT_DIR, signIn, setupBrowser } from "../support/browser";

const browser = setupBrowser();
const shot = (name: string) => ({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true });

describe.runIf(hasChromium())("budget execution", () => {
  it("a reporter records a payment (caught typing 万元), the leader sees the execution rate and its explanation", async () => {
    const reporter = await signIn(browser(), "REPORTER", { unitCode: "309002" });
    await reporter.getByRole("link", { name: "柳州市电子政务信息系统安全等级保护工作" }).click();
    await reporter.getByRole("link", { name: "预算执行" }).click();
    await reporter.waitForURL(/\/budget/);
    await reporter.fill("#e-date", "2025-06-20");
    await reporter.fill("#e-amount", "12.345");
    await reporter.fill("#e-payee", "等保测评机构");
    await reporter.getByRole("button", { name: "录入支出" }).click();
    await expect.poll(() => reporter.locator("#e-amount-error").textContent()).toBe("金额最多两位小数（精确到分）");
    await reporter.fill("#e-amount", "22");
    await reporter.getByRole("button", { name: "录入支出" }).click();
    await expect.poll(() => reporter.locator("#expenditure-warnings").textContent()).toContain("是否按万元填写了");
    await reporter.screenshot(shot("budget-reporter-wan-warning"));
    await reporter.fill("#e-amount", "220000");
    await reporter.getByRole("button", { name: "录入支出" }).click();
    await expect.poll(() => reporter.locator("[data-figure=spent]").textContent()).toContain("22.00");
    await reporter.close();

    const leader = await signIn(browser(), "LEADER");
    await leader.getByRole("link", { name: "柳州市电子政务信息系统安全等级保护工作" }).click();
    await leader.getByRole("link", { name: "预算执行" }).click();
    await leader.waitForURL(/\/budget/);
    await leader.goto(`${leader.url()}?asOf=2025-06-30`);
    // 220,000.00 ÷ 440,000.00 = 50.00%; 30 June 2025 is day 181 of 365 = 49.59%: ahead, so 正常.
    expect(await leader.locator("[data-figure=rate]").textContent()).toContain("50.00");
    expect(await leader.locator("[data-figure=time]").textContent()).toContain("49.59");
    expect(await leader.locator("#budget-warning").textContent()).toBe("正常");
    expect(await leader.locator("#budget-explanation").textContent()).toContain("22.00");
    expect(await leader.locator("form[aria-label=录入支出]").count()).toBe(0);
    await leader.screenshot(shot("budget-leader"));
    await leader.goto(leader.url().replace("2025-06-30", "2025-12-31"));
    expect(await leader.locator("#budget-warning").textContent()).toBe("滞后");
    await leader.goto("/budget?asOf=2025-06-30");
    const row = leader.locator("tr", { hasText: "柳州市电子政务信息系统安全等级保护工作" });
    expect(await row.textContent()).toContain("50.00%");
    expect(await leader.locator("#overview-explanation").textContent()).toContain("序时进度 49.59%");
    await leader.screenshot(shot("budget-overview-leader"));
    await row.getByRole("link").click();
    await leader.waitForURL(/\/budget\?asOf=2025-06-30/);
    await leader.setViewportSize({ width: 375, height: 800 });
    await leader.screenshot(shot("budget-leader-phone"));
    await leader.close();
  });
});
