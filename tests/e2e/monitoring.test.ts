import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { hasChromium, SCREENSHOT_DIR, signIn, setupBrowser } from "../support/browser";

// Monitoring you can trust, in Chromium: a value typed into the wrong row is cleared; a wrong input is
// found for the reporter; an incomplete month goes only with a reason; the reviewer sees how complete
// it is and confirms; the leader's figures move only when the month is approved. 309002, October and
// November of 2025 (other files use June), on the project 信息化项目建设管理工作经费.

const browser = setupBrowser();
const shot = (name: string, fullPage = true) => ({ path: `${SCREENSHOT_DIR}/monitoring-${name}.png`, fullPage });
const OCTOBER = "/progress?year=2025&month=10";
const NOVEMBER = "/progress?year=2025&month=11";
const field = (name: string, column: string) => `[aria-label="${name} ${column}"]`;
const ACTUAL = "本月累计实际";

/** The five indicator counts of the overview, from the links' accessible names ("指标正常 3 个…"). */
async function indicatorCounts(page: Page): Promise<Record<string, number>> {
  const labels = await page.locator('a[aria-label^="指标"]').evaluateAll((links) => links.map((a) => a.getAttribute("aria-label") ?? ""));
  return Object.fromEntries(labels.map((l) => /^指标(\S+?) (\d+) 个/.exec(l)).filter((m) => m !== null).map((m) => [m![1]!, Number(m![2])]));
}

describe.runIf(hasChromium())("monitoring you can trust", () => {
  it("clears a value typed into the wrong row, points at a wrong input, submits an incomplete month with a reason; the reviewer confirms n/m; the leader's dashboard moves only on approval", async () => {
    const leader = await signIn(browser(), "LEADER");
    await leader.goto("/dashboard?asOf=2025-10-31");
    expect(await leader.locator("#data-basis").textContent()).toContain("已审核数据");
    const before = await indicatorCounts(leader);
    expect(Object.keys(before)).toEqual(["已完成", "正常", "有风险", "滞后", "未填报"]);

    // A value in the wrong row, saved, then cleared and saved: gone.
    const reporter = await signIn(browser(), "REPORTER", { unitCode: "309002" });
    await reporter.goto(OCTOBER);
    const expected = Number(/已填 0\/(\d+)/.exec((await reporter.locator("#report-completeness").textContent()) ?? "")?.[1]);
    expect(expected).toBeGreaterThan(40);
    expect(await reporter.locator("tr[data-indicator='各项工作任务完成时间']").first().textContent()).toContain("填完成的月份数字 1–12");
    await reporter.fill(field("项目管理经费", ACTUAL), "3");
    await reporter.getByRole("button", { name: "保存填报" }).click();
    await expect.poll(() => reporter.locator("#grid-message").textContent()).toBe("已保存 1 项。");
    await expect.poll(() => reporter.locator("#report-completeness").textContent()).toBe(`已填 1/${expected}`);
    await reporter.locator(field("项目管理经费", ACTUAL)).scrollIntoViewIfNeeded();
    await reporter.screenshot(shot("reporter-wrong-row", false));
    await reporter.fill(field("项目管理经费", ACTUAL), "");
    await reporter.getByRole("button", { name: "保存填报" }).click();
    await expect.poll(() => reporter.locator("#grid-message").textContent()).toBe("已保存 1 项（其中 1 项已全部清空，删除了该填报）。");
    await reporter.reload();
    expect(await reporter.inputValue(field("项目管理经费", ACTUAL))).toBe("");
    expect(await reporter.locator("#report-completeness").textContent()).toBe(`已填 0/${expected}`);
    await reporter.locator(field("项目管理经费", ACTUAL)).scrollIntoViewIfNeeded();
    await reporter.screenshot(shot("reporter-cleared", false));

    // A wrong input far down the grid: the summary stays in view, links to it, and focus goes there.
    await reporter.fill(field("组织项目验收数量", ACTUAL), "五个");
    await reporter.fill(field("验收通过率", ACTUAL), "100");
    await reporter.getByRole("button", { name: "保存填报" }).click();
    await expect.poll(() => reporter.locator("#grid-errors").textContent()).toContain("组织项目验收数量 · 本月累计实际：实际完成值必须是数字（单位：个），例如 30");
    await expect.poll(() => reporter.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("组织项目验收数量 本月累计实际");
    expect(await reporter.locator(`[data-error-for$=":actual"]`).first().textContent()).toBe("实际完成值必须是数字（单位：个），例如 30");
    const summaryTop = await reporter.locator("#grid-message").evaluate((e) => e.getBoundingClientRect().top);
    expect(summaryTop).toBeGreaterThanOrEqual(0);
    expect(summaryTop).toBeLessThan(900);
    await reporter.screenshot(shot("reporter-wrong-input", false));
    await reporter.fill(field("组织项目验收数量", ACTUAL), "5");
    await reporter.getByRole("button", { name: "保存填报" }).click();
    await expect.poll(() => reporter.locator("#grid-message").textContent()).toBe("已保存 2 项。");

    // Drafts move nothing a leader sees by default; with the switch, they are there and marked.
    await leader.reload();
    expect(await indicatorCounts(leader)).toEqual(before);
    await leader.getByRole("switch", { name: "含未审核填报" }).click();
    await leader.waitForURL(/drafts=1/);
    expect(await leader.locator("#data-basis").textContent()).toContain("已计入未审核的填报");
    await expect.poll(() => leader.locator("[data-draft-mark]").count()).toBeGreaterThan(0);
    await leader.screenshot(shot("leader-with-drafts"));

    // Submitting an incomplete month: the list of what is missing, and a reason.
    await reporter.getByRole("button", { name: "提交审核" }).click();
    await expect.poll(() => reporter.locator("#submit-check h2").textContent()).toBe(`本月填报不完整：已填 2/${expected}，${expected - 2} 项未填实际完成值`);
    expect(await reporter.locator("#submit-check").textContent()).toContain("项目管理经费");
    await reporter.getByRole("button", { name: "确认提交" }).click();
    await expect.poll(() => reporter.locator("#submit-error").textContent()).toBe("请说明未填完就提交的原因，审核人会看到");
    await reporter.fill("#submit-reason", "其余项目 10 月无新进展，11 月一并填报");
    await reporter.locator("#submit-check").scrollIntoViewIfNeeded();
    await reporter.screenshot(shot("reporter-submit-incomplete", false));
    await reporter.getByRole("button", { name: "确认提交" }).click();
    await expect.poll(() => reporter.locator("#report-status").textContent()).toBe("已提交待审核");
    await leader.goto("/dashboard?asOf=2025-10-31");
    expect(await indicatorCounts(leader)).toEqual(before);

    // The reviewer sees n/m, what is missing and why, and confirms approving it.
    const reviewer = await signIn(browser(), "REVIEWER", { unitCode: "309002" });
    await reviewer.goto("/progress");
    const queued = reviewer.locator("section[aria-labelledby=queue-heading] li", { hasText: "2025 年 10 月" });
    expect(await queued.textContent()).toContain(`已填 2/${expected}`);
    expect(await queued.textContent()).toContain("提交原因：其余项目 10 月无新进展，11 月一并填报");
    await queued.getByRole("link").click();
    await reviewer.waitForURL(/month=10/);
    expect(await reviewer.locator("#review-completeness").textContent()).toContain(`已填 2/${expected}`);
    expect(await reviewer.locator("#review-completeness").textContent()).toContain("项目管理经费");
    await reviewer.getByRole("button", { name: "审核通过" }).click();
    await expect.poll(() => reviewer.locator("#review-error").textContent()).toContain("请勾选确认");
    await reviewer.screenshot(shot("reviewer-incomplete"));
    await reviewer.check("#confirm-incomplete");
    await reviewer.getByRole("button", { name: "审核通过" }).click();
    await expect.poll(() => reviewer.locator("#report-status").textContent()).toBe("已审核通过");
    const history = await reviewer.locator("#report-history").textContent();
    expect(history).toMatch(/提交审核.*已填 2\/\d+.*提交原因：其余项目 10 月无新进展.*审核通过/s);
    await reviewer.screenshot(shot("reviewer-approved"));

    // Now the leader's figures move: two indicators reported and approved.
    await leader.goto("/dashboard?asOf=2025-10-31");
    const after = await indicatorCounts(leader);
    expect(after["未填报"]).toBe(before["未填报"]! - 2);
    expect(await leader.locator("#data-basis").textContent()).toContain("10 月");
    await leader.screenshot(shot("leader-after-approval"));

    // Phones: the indicator column stays in view when the grid scrolls sideways; nothing else scrolls the page.
    const phone = await signIn(browser(), "REPORTER", { unitCode: "309002", width: 375 });
    await phone.goto(NOVEMBER);
    const grid = phone.locator("form .overflow-x-auto").first();
    await grid.evaluate((e) => e.scrollTo({ left: 500 }));
    const nameCell = phone.locator("tr[data-indicator='组织项目验收数量'] th").first();
    const box = await nameCell.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x).toBeLessThan(20);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await phone.screenshot(shot("reporter-phone-scrolled", false));
    await phone.fill(field("组织项目验收数量", ACTUAL), "很多");
    await phone.getByRole("button", { name: "保存填报" }).click();
    await expect.poll(() => phone.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe("组织项目验收数量 本月累计实际");
    await phone.screenshot(shot("reporter-phone-wrong-input", false));
    const reviewerPhone = await signIn(browser(), "REVIEWER", { unitCode: "309002", width: 375 });
    await reviewerPhone.goto(OCTOBER);
    expect(await reviewerPhone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await reviewerPhone.screenshot(shot("reviewer-phone"));
    const leaderPhone = await signIn(browser(), "LEADER", { width: 375 });
    await leaderPhone.goto("/dashboard?asOf=2025-10-31&drafts=1");
    expect(await leaderPhone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await leaderPhone.screenshot(shot("leader-phone-drafts"));
    await leaderPhone.goto("/projects?asOf=2025-10-31&drafts=1&status=NOT_REPORTED");
    expect(await leaderPhone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await leaderPhone.screenshot(shot("leader-phone-projects-drafts"));
    for (const page of [leader, reporter, reviewer, phone, reviewerPhone, leaderPhone]) await page.close();
  });

  it("an Excel import shows in the grid at once; the template uploaded unchanged changes nothing", async () => {
    const reporter = await signIn(browser(), "REPORTER", { unitCode: "309002" });
    await reporter.goto(NOVEMBER);
    await reporter.getByText("用 Excel 填报").click();
    const download = await reporter.request.get("/api/progress/template?year=2025&month=11");
    expect(download.status()).toBe(200);
    const bytes = Buffer.from(await download.body());
    const upload = async (buffer: Buffer) => {
      await reporter.setInputFiles("#template-file", { name: "11月.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer });
      await reporter.getByRole("button", { name: "上传并预览" }).click();
    };
    await upload(bytes);
    await expect.poll(() => reporter.locator("#template-message").textContent()).toBe("模板与已保存的填报完全一致，没有需要导入的变化。");

    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = book.getWorksheet("月度填报")!;
    sheet.eachRow((row) => {
      if (row.getCell(4).value === "组织项目验收数量") row.getCell(7).value = 5;
      if (row.getCell(4).value === "验收通过率") row.getCell(7).value = 100;
    });
    await upload(Buffer.from(await book.xlsx.writeBuffer()));
    await reporter.getByRole("button", { name: "确认导入 2 项变化" }).click();
    await expect.poll(() => reporter.locator("#template-message").textContent()).toBe("已从模板导入 2 项，表格已更新。");
    await expect.poll(() => reporter.inputValue(field("组织项目验收数量", ACTUAL))).toBe("5");
    expect(await reporter.inputValue(field("验收通过率", ACTUAL))).toBe("100");
    await reporter.locator(field("组织项目验收数量", ACTUAL)).scrollIntoViewIfNeeded();
    await reporter.screenshot(shot("reporter-imported", false));
    await reporter.close();
  });

  it("every screen that reads progress says which data it shows, for each role, at 1280 and 375 px", async () => {
    const db = createPrismaClient(inject("appDatabaseUrl"), 1);
    const project = await db.project.findFirstOrThrow({ where: { name: "信息化项目建设管理工作经费" }, include: { indicators: { where: { name: "组织项目验收数量" } } } });
    await db.$disconnect();
    const pages = [
      ["dashboard", "/dashboard?asOf=2025-10-31"],
      ["unit", `/units/${project.unitId}?asOf=2025-10-31`],
      ["projects", "/projects?asOf=2025-10-31"],
      ["indicators", "/indicators?asOf=2025-10-31&status=COMPLETED"],
      ["project", `/projects/${project.id}`],
      ["indicator", `/indicators/${project.indicators[0]!.id}`],
    ] as const;
    for (const [role, unitCode, label] of [["LEADER", undefined, "leader"], ["REPORTER", "309002", "reporter"], ["REVIEWER", "309002", "reviewer"]] as const) {
      for (const width of [1280, 375]) {
        const page = await signIn(browser(), role, { unitCode, width });
        for (const [name, url] of pages) {
          await page.goto(url);
          // Leaders read reviewed data by default; the unit's people their drafts, marked.
          expect(await page.locator("#data-basis").textContent(), `${label} ${name}`).toContain(role === "LEADER" ? "已审核数据" : "已计入未审核的填报");
          if (width === 375) expect(await page.evaluate(() => document.documentElement.scrollWidth), `${label} ${name} 375`).toBeLessThanOrEqual(375);
          await page.screenshot(shot(`${label}-${name}-${width}`));
        }
        await page.close();
      }
    }
  });
});
