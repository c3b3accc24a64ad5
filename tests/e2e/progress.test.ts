import { describe, expect, it } from "vitest";
import { hasChromium, SCREENSHOT_DIR, signIn, setupBrowser } from "../support/browser";

const browser = setupBrowser();
const shot = (name: string) => ({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true });
const MONTH = "/progress?year=2025&month=6";
const field = (name: string, column: string) => `[aria-label="${name} ${column}"]`;

describe.runIf(hasChromium())("progress: check-ins, review, statuses", () => {
  it("a 309002 reporter records June, the reviewer returns it, the reporter fixes and resubmits, the reviewer approves, the leader sees the statuses", async () => {
    const reporter = await signIn(browser(), "REPORTER", { unitCode: "309002" });
    await reporter.goto(MONTH);
    expect(await reporter.locator("#report-status").textContent()).toBe("草稿");
    await reporter.fill(field("龙城市民云注册用户数", "本月累计实际"), "125");
    await reporter.fill(field("龙城市民云平均日活", "本月累计实际"), "1.5");
    await reporter.fill(field("龙城市民云故障排除率", "本月累计实际"), "250");
    // Enter moves down the column, like a spreadsheet.
    await reporter.press(field("龙城市民云故障排除率", "本月累计实际"), "Enter");
    expect(await reporter.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("龙城市民云技术维护完成率 本月累计实际");
    await reporter.fill(field("全年用户投诉量", "本月累计实际"), "12");
    await reporter.getByRole("button", { name: "保存填报" }).click();
    await expect.poll(() => reporter.locator("#grid-message").textContent()).toContain("请按红字提示修改");
    expect(await reporter.locator(`[data-error-for$=":actual"]`).first().textContent()).toBe("实际完成值是百分比，不能超过 100");
    await reporter.screenshot(shot("progress-reporter-bad-percentage"));

    await reporter.fill(field("龙城市民云故障排除率", "本月累计实际"), "100");
    // The connection drops as the reporter saves: the form says so and keeps what was typed.
    await reporter.context().setOffline(true);
    await reporter.getByRole("button", { name: "保存填报" }).click();
    await expect.poll(() => reporter.locator("#grid-message").textContent()).toContain("网络连接中断");
    expect(await reporter.inputValue(field("龙城市民云故障排除率", "本月累计实际"))).toBe("100");
    expect(await reporter.locator("[data-field-error]").count()).toBe(0);
    await reporter.screenshot(shot("progress-reporter-offline"));
    await reporter.context().setOffline(false);
    await reporter.getByRole("button", { name: "保存填报" }).click();
    await expect.poll(() => reporter.locator("#grid-message").textContent()).toBe("已保存 4 项。");

    // Evidence for the registered-users figure, from the indicator's page; a renamed web page is refused.
    const evidence = await browser().newPage({ baseURL: reporter.url(), storageState: await reporter.context().storageState() });
    await evidence.goto(await reporter.locator('a', { hasText: "龙城市民云注册用户数" }).first().getAttribute("href") ?? "/");
    await evidence.setInputFiles("[data-evidence-input]", { name: "统计.pdf", mimeType: "application/pdf", buffer: Buffer.from("<html><script>alert(1)</script></html>") });
    await expect.poll(() => evidence.locator("[data-evidence-error]").textContent()).toContain("不支持的文件类型");
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    await evidence.setInputFiles("[data-evidence-input]", { name: "6月注册用户统计.pdf", mimeType: "application/pdf", buffer: pdf });
    await expect.poll(() => evidence.getByRole("link", { name: "6月注册用户统计.pdf" }).count()).toBe(1);
    const download = await evidence.request.get((await evidence.getByRole("link", { name: "6月注册用户统计.pdf" }).getAttribute("href"))!);
    expect(Buffer.from(await download.body()).equals(pdf)).toBe(true);
    await evidence.screenshot(shot("progress-reporter-evidence"));
    await evidence.close();

    // 4 of 74 filled: the month lists what is missing and asks why before it goes.
    await reporter.getByRole("button", { name: "提交审核" }).click();
    await expect.poll(() => reporter.locator("#submit-check h2").textContent()).toContain("已填 4/74");
    await reporter.fill("#submit-reason", "其余指标按季度统计");
    await reporter.getByRole("button", { name: "确认提交" }).click();
    await expect.poll(() => reporter.locator("#report-status").textContent()).toBe("已提交待审核");
    await reporter.screenshot(shot("progress-reporter-submitted"));

    const reviewer = await signIn(browser(), "REVIEWER", { unitCode: "309002" });
    await reviewer.goto("/progress");
    await reviewer.getByRole("link", { name: /2025 年 6 月/ }).click();
    await reviewer.waitForURL(/month=6/);
    await expect.poll(() => reviewer.inputValue(field("龙城市民云注册用户数", "本月累计实际"))).toBe("125");
    expect(await reviewer.locator("tbody tr[data-indicator]").count()).toBe(4);
    await reviewer.getByRole("button", { name: "退回修改" }).click();
    await expect.poll(() => reviewer.locator("#review-error").textContent()).toContain("退回原因");
    await reviewer.fill("#review-comment", "注册用户数请附统计截图");
    await reviewer.getByRole("button", { name: "退回修改" }).click();
    await expect.poll(() => reviewer.locator("#report-status").textContent()).toBe("已退回");
    await reviewer.screenshot(shot("progress-reviewer-returned"));

    await reporter.reload();
    expect(await reporter.locator("main").textContent()).toContain("审核意见：注册用户数请附统计截图");
    await reporter.fill(field("龙城市民云注册用户数", "本月累计实际"), "126");
    await reporter.getByRole("button", { name: "保存填报" }).click();
    await expect.poll(() => reporter.locator("#grid-message").textContent()).toBe("已保存 1 项。");
    await reporter.getByRole("button", { name: "提交审核" }).click();
    await reporter.fill("#submit-reason", "其余指标按季度统计");
    await reporter.getByRole("button", { name: "确认提交" }).click();
    await expect.poll(() => reporter.locator("#report-status").textContent()).toBe("已提交待审核");

    await reviewer.reload();
    await reviewer.check("#confirm-incomplete");
    await reviewer.getByRole("button", { name: "审核通过" }).click();
    await expect.poll(() => reviewer.locator("#report-status").textContent()).toBe("已审核通过");
    await reviewer.screenshot(shot("progress-reviewer-approved"));
    await reporter.reload();
    expect(await reporter.locator(field("全年用户投诉量", "本月累计实际")).isDisabled()).toBe(true);

    const leader = await signIn(browser(), "LEADER");
    await leader.goto("/projects");
    await leader.getByRole("link", { name: "龙城市民云APP运维费" }).click();
    await leader.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    const row = (name: string) => leader.locator("tr", { hasText: name }).first();
    expect(await row("龙城市民云故障排除率").textContent()).toContain("100");
    expect(await row("全年用户投诉量").textContent()).toContain("12");
    expect(await row("龙城市民云APP安全稳定运行").textContent()).toContain("未填报");
    await leader.screenshot(shot("progress-leader-project"));
    await leader.getByRole("table").getByRole("link", { name: "龙城市民云注册用户数" }).first().click();
    await leader.waitForURL(/\/indicators\//);
    expect(await leader.locator("svg[role=img] circle").count()).toBe(1);
    expect(await leader.locator("main table").textContent()).toContain("126");
    await leader.screenshot(shot("progress-leader-indicator-history"));
    const admin = await signIn(browser(), "ADMIN");
    await admin.goto("/admin/reports");
    const june = admin.locator("tr", { hasText: "2025 年 6 月" }).filter({ hasText: "309002" });
    await june.getByRole("button", { name: "重新打开" }).click();
    await expect.poll(() => june.textContent()).toContain("请填写原因");
    await june.getByPlaceholder("重新打开的原因").fill("财政局要求更正注册用户数口径");
    await june.getByRole("button", { name: "重新打开" }).click();
    await expect.poll(() => june.textContent()).toContain("已退回");
    await admin.screenshot(shot("progress-admin-reopened"));
    for (const page of [reporter, reviewer, leader, admin]) await page.close();
  });
});
