import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { hasChromium, SCREENSHOT_DIR, signIn, setupBrowser } from "../support/browser";
import { closedAddress, setupWebhookReceiver } from "../support/webhook-receiver";

// Nobody misses a deadline, in Chromium: the reviewer's header counts what waits for them, a returned
// month greets the reporter at sign-in with the reviewer's comment, leaders see which units are late
// and remind one, and the admin's deadline and webhook settings refuse bad input and show a failing
// webhook's last error. 309001's March, on 法律顾问费 (no other e2e test reports on it).

const browser = setupBrowser();
const shot = (name: string, fullPage = true) => ({ path: `${SCREENSHOT_DIR}/deadlines-${name}.png`, fullPage });
const field = (name: string, column: string) => `[aria-label="${name} ${column}"]`;
const MARCH = "/progress?year=2025&month=3";
const count = async (page: Page) => Number(await page.locator("#header-todo").getAttribute("data-count"));
const noSideways = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);

// A local receiver for the webhook (never an outside address).
const receiver = setupWebhookReceiver();
const { received } = receiver;

describe.runIf(hasChromium())("deadlines, 待办 and reminders", () => {
  it("the reviewer's header counts what waits; a returned month greets the reporter at sign-in with the comment", async () => {
    const reporter = await signIn(browser(), "REPORTER", { unitCode: "309001" });
    // Every month of 2025 is past its deadline today: the reporter lands on the 待办.
    expect(new URL(reporter.url()).pathname).toBe("/todo");
    await reporter.goto(MARCH);
    await reporter.fill(field("年内召开法律讲座次数", "本月累计实际"), "1");
    await reporter.getByRole("button", { name: "保存填报" }).click();
    await expect.poll(() => reporter.locator("#grid-message").textContent()).toBe("已保存 1 项。");
    await reporter.getByRole("button", { name: "提交审核" }).click();
    await reporter.fill("#submit-reason", "其余项目 3 月无进展");
    await reporter.getByRole("button", { name: "确认提交" }).click();
    await expect.poll(() => reporter.locator("#report-status").textContent()).toBe("已提交待审核");

    const reviewer = await signIn(browser(), "REVIEWER", { unitCode: "309001" });
    expect(new URL(reviewer.url()).pathname).toBe("/todo");
    const waiting = await count(reviewer);
    expect(waiting).toBeGreaterThanOrEqual(1);
    expect(await reviewer.locator("#header-todo").getAttribute("aria-label")).toMatch(new RegExp(`^待办 ${waiting} 项，其中 \\d+ 项已逾期$`));
    expect(await reviewer.locator("#todo-list > li").count()).toBe(waiting);
    const item = reviewer.locator("#todo-list > li", { hasText: "审核 2025 年 3 月填报" });
    expect(await item.textContent()).toContain("已逾期");
    await reviewer.screenshot(shot("reviewer-todo-1280"));
    await reviewer.locator("header").screenshot({ path: `${SCREENSHOT_DIR}/deadlines-reviewer-header.png` });

    await item.getByRole("link").click();
    await reviewer.waitForURL(/month=3/);
    await reviewer.fill("#review-comment", "3 月法律讲座请附签到表后重新提交");
    await reviewer.getByRole("button", { name: "退回修改" }).click();
    await expect.poll(() => reviewer.locator("#report-status").textContent()).toBe("已退回");
    await reviewer.goto("/todo");
    expect(await count(reviewer)).toBe(waiting - 1);
    expect(await reviewer.locator("#todo-list").textContent().catch(() => "")).not.toContain("审核 2025 年 3 月填报");

    const reviewerPhone = await signIn(browser(), "REVIEWER", { unitCode: "309001", width: 375 });
    await reviewerPhone.goto("/todo");
    await noSideways(reviewerPhone);
    await reviewerPhone.screenshot(shot("reviewer-todo-375"));

    // The reporter signs in again: the returned month is first, with the comment and who returned it.
    for (const width of [1280, 375]) {
      const page = await signIn(browser(), "REPORTER", { unitCode: "309001", width });
      expect(new URL(page.url()).pathname).toBe("/todo");
      const first = page.locator("#todo-list > li").first();
      expect(await first.getAttribute("data-kind")).toBe("RETURNED");
      expect(await first.textContent()).toContain("2025 年 3 月填报被退回，请修改后重新提交");
      expect(await first.locator("[data-comment]").textContent()).toBe("审核意见（柳州市大数据发展局审核人）：3 月法律讲座请附签到表后重新提交");
      if (width === 375) await noSideways(page);
      await page.screenshot(shot(`reporter-signin-returned-${width}`));
      await first.getByRole("link").click();
      await page.waitForURL(/month=3/);
      expect(await page.locator("main").textContent()).toContain("审核意见：3 月法律讲座请附签到表后重新提交");
      await page.close();
    }
    for (const page of [reporter, reviewer, reviewerPhone]) await page.close();
  });

  it("leaders see which units are late and send one a reminder; its people see it at the top of their 待办", async () => {
    const leader = await signIn(browser(), "LEADER");
    await leader.goto("/dashboard");
    expect(await leader.locator("#late-units-summary").textContent()).toMatch(/逾期：2 个单位/);
    await leader.goto("/todo");
    const unit = leader.locator("#late-units > li", { hasText: "309001 柳州市大数据发展局" });
    expect(await unit.textContent()).toContain("2025 年 3 月进展被退回后未提交");
    await leader.screenshot(shot("leader-todo-1280"));
    await unit.getByLabel("催办内容").fill("请本周内补报 3 月起的月度进展。");
    await unit.getByRole("button", { name: /发送催办/ }).click();
    await expect.poll(() => unit.locator("[role=status]").textContent()).toBe("已向柳州市大数据发展局发送催办。");
    await expect.poll(() => leader.locator("#sent-heading + ul").textContent()).toContain("请本周内补报 3 月起的月度进展。");
    // An empty reminder would say nothing: the default text lists the overdue items; too long is refused.
    await unit.getByLabel("催办内容").fill("催".repeat(520));
    await unit.getByRole("button", { name: /发送催办/ }).click();
    await expect.poll(() => unit.locator("[role=status]").textContent()).toBe("催办内容不能超过 500 字。");
    await leader.screenshot(shot("leader-reminder-too-long", false));

    const phone = await signIn(browser(), "LEADER", { width: 375 });
    await phone.goto("/todo");
    await noSideways(phone);
    await phone.screenshot(shot("leader-todo-375"));

    const reporter = await signIn(browser(), "REPORTER", { unitCode: "309001" });
    const first = reporter.locator("#todo-list > li").first();
    expect(await first.getAttribute("data-kind")).toBe("REMINDER");
    expect(await first.textContent()).toContain("请本周内补报 3 月起的月度进展。");
    const before = await count(reporter);
    await reporter.screenshot(shot("reporter-reminder"));
    await first.getByRole("button", { name: "知道了" }).click();
    await expect.poll(() => count(reporter)).toBe(before - 1);
    for (const page of [leader, phone, reporter]) await page.close();
  });

  it("the admin's deadlines refuse a day outside 1–28; a failing webhook shows its last error and never breaks saving; a test message reaches the receiver", async () => {
    const admin = await signIn(browser(), "ADMIN");
    await admin.goto("/admin/notifications");
    await admin.fill("#reportDueDay", "31");
    await admin.getByRole("button", { name: "保存期限" }).click();
    await expect.poll(() => admin.locator("#reportDueDay-error").textContent()).toBe("填报截止日应为 1–28 的整数（每个月都有的日子，29–31 日不是每个月都有）");
    await admin.screenshot(shot("admin-deadline-wrong"));
    await admin.fill("#reportDueDay", "5");
    await admin.getByRole("button", { name: "保存期限" }).click();
    await expect.poll(() => admin.locator("#deadline-message").textContent()).toBe("已保存，各人的待办按新期限计算。");

    // Not http(s): refused in words.
    await admin.fill("#url", "ftp://10.0.0.8/robot");
    await admin.getByRole("button", { name: "保存通知设置" }).click();
    await expect.poll(() => admin.locator("#url-error").textContent()).toBe("地址须以 http:// 或 https:// 开头（现为 ftp:）");
    await admin.screenshot(shot("admin-webhook-wrong", false));

    // A port nobody listens on: saving succeeds, the test message fails, and the page says why.
    await admin.fill("#url", `${await closedAddress()}/robot/send?key=e2e`);
    await admin.selectOption("#format", "WECOM_MARKDOWN");
    await admin.getByRole("button", { name: "保存通知设置" }).click();
    await expect.poll(() => admin.locator("#webhook-message").textContent()).toBe("已保存。");
    await admin.getByRole("button", { name: "发送测试消息" }).click();
    await expect.poll(() => admin.locator("#webhook-message").textContent()).toContain("已加入发送队列");
    await expect.poll(async () => {
      await admin.reload();
      return admin.locator("#webhook-last-error").textContent().catch(() => "");
    }, { timeout: 40_000, interval: 2_000 }).toContain("连接被拒绝：该地址和端口上没有服务");
    expect(await admin.locator("#webhook-status").textContent()).toContain("最近一次发送失败");
    await admin.screenshot(shot("admin-webhook-failing"));

    // The local receiver: the worker posts the test message within seconds.
    await admin.fill("#url", `${receiver.base()}/robot/send?key=e2e`);
    await admin.getByRole("button", { name: "保存通知设置" }).click();
    await expect.poll(() => admin.locator("#webhook-message").textContent()).toBe("已保存。");
    await admin.getByRole("button", { name: "发送测试消息" }).click();
    await expect.poll(() => received.length, { timeout: 40_000, interval: 500 }).toBeGreaterThan(0);
    const test = received.map((r) => JSON.parse(r.body) as { msgtype: string; markdown: { content: string } }).find((b) => b.markdown?.content.includes("测试消息"))!;
    expect(test.msgtype).toBe("markdown");
    expect(test.markdown.content).toContain("### 测试消息");
    await admin.reload();
    expect(await admin.locator("#webhook-deliveries tbody tr").first().getAttribute("data-status")).toBe("SENT");
    await admin.screenshot(shot("admin-webhook-sent"));
    const phone = await signIn(browser(), "ADMIN", { width: 375 });
    await phone.goto("/admin/notifications");
    await noSideways(phone);
    await phone.screenshot(shot("admin-notifications-375"));

    // Leave the shared app without a webhook, as the other files expect.
    await admin.uncheck("input[name=enabled]");
    await admin.getByRole("button", { name: "保存通知设置" }).click();
    await expect.poll(() => admin.locator("#webhook-message").textContent()).toBe("已保存。");
    const db = createPrismaClient(inject("appDatabaseUrl"), 1);
    expect((await db.webhook.findFirstOrThrow()).enabled).toBe(false);
    await db.$disconnect();
    for (const page of [admin, phone]) await page.close();
  });
});
