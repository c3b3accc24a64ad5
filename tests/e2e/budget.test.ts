import { describe, expect, it } from "vitest";
import { hasChromium, SCREENSHOT_DIR, signIn, setupBrowser } from "../support/browser";

const browser = setupBrowser();
const shot = (name: string) => ({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true });

describe.runIf(hasChromium())("budget execution", () => {
  it("a reporter records a payment (caught typing 万元), the leader sees the execution rate and its explanation", async () => {
    const reporter = await signIn(browser(), "REPORTER", { unitCode: "309002" });
    await reporter.goto("/projects"); // a reporter with something to do lands on the 待办
    await reporter.getByRole("link", { name: "柳州市电子政务信息系统安全等级保护工作" }).click();
    await reporter.getByRole("main").getByRole("link", { name: "预算执行" }).click();
    await reporter.waitForURL(/\/projects\/[0-9a-f-]{36}\/budget/);
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
    await leader.goto("/projects");
    await leader.getByRole("link", { name: "柳州市电子政务信息系统安全等级保护工作" }).click();
    await leader.getByRole("main").getByRole("link", { name: "预算执行" }).click();
    await leader.waitForURL(/\/projects\/[0-9a-f-]{36}\/budget/);
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

describe.runIf(hasChromium())("budget: import from a finance-system export", () => {
  it("a reporter imports June's payments, fixes two bad rows, imports; the leader's rate and warning change", async () => {
    const ExcelJS = (await import("exceljs")).default;
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("明细账");
    sheet.addRow(["支出明细账"]);
    sheet.addRow(["凭证日期", "凭证号", "摘要", "收款单位", "借方金额"]);
    sheet.addRow(["2025-06-05", "记-0605", "门户网站运维", "某网络公司", 400000]);
    sheet.addRow(["2025-06-12", "记-0612", "绩效评估服务", "某咨询公司", "150,000.005"]);
    sheet.addRow(["2024-06-20", "记-0620", "系统运维", "某软件公司", 200000]);
    sheet.addRow(["合计", "", "", "", 750000]);
    const file = Buffer.from(await book.xlsx.writeBuffer());

    const leader = await signIn(browser(), "LEADER");
    await leader.goto("/projects");
    await leader.getByRole("link", { name: /软件售后经费/ }).click();
    await leader.getByRole("main").getByRole("link", { name: "预算执行" }).click();
    await leader.waitForURL(/\/projects\/[0-9a-f-]{36}\/budget/);
    const budgetUrl = `${leader.url().split("?")[0]}?asOf=2025-06-30`;
    await leader.goto(budgetUrl);
    expect(await leader.locator("[data-figure=rate]").textContent()).toContain("0.00");
    expect(await leader.locator("#budget-warning").textContent()).toBe("滞后");

    const reporter = await signIn(browser(), "REPORTER", { unitCode: "309002" });
    await reporter.goto(budgetUrl);
    await reporter.locator("summary", { hasText: "从财务系统导出文件导入支出" }).click();
    await reporter.setInputFiles("#expenditure-file", { name: "6月支出.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: file });
    await expect.poll(() => reporter.getByRole("button", { name: /检查并导入 3 笔/ }).count()).toBe(1);
    await reporter.getByRole("button", { name: /检查并导入/ }).click();
    await expect.poll(() => reporter.locator("#import-message").textContent()).toContain("有 2 行需要修改");
    await reporter.screenshot(shot("budget-import-bad-rows"));
    await reporter.getByLabel("第4行 金额（元）").fill("150000.00");
    await reporter.getByLabel("第5行 支付日期").fill("2025-06-20");
    await reporter.getByRole("button", { name: /检查并导入/ }).click();
    await expect.poll(() => reporter.locator("#import-message").textContent()).toBe("已导入 3 笔支出。");
    await reporter.close();

    // 750,000.00 ÷ 1,525,100.00 = 49.18%; 49.59 − 49.18 = 0.41 points behind: 正常.
    await leader.goto(budgetUrl);
    expect(await leader.locator("[data-figure=rate]").textContent()).toContain("49.18");
    expect(await leader.locator("#budget-warning").textContent()).toBe("正常");
    await leader.screenshot(shot("budget-leader-after-import"));
    await leader.close();
  });
});
