import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import { snapshotApproval } from "@/lib/progress/reviewed";
import { axeViolations } from "../support/a11y";
import { hasChromium, SCREENSHOT_DIR, signIn, setupBrowser } from "../support/browser";

const browser = setupBrowser();
const shot = (name: string) => ({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true });
const PROJECT = "日常办公耗材购置"; // 309001; 数量指标 购买打印纸 ≥ 50 箱

/** 5 of 50 boxes by 30 June (10% against 49.59% of the year), approved, and one payment: a project 滞后. */
async function recordBehindProject() {
  const db = createPrismaClient(inject("appDatabaseUrl"), 1);
  try {
    const project = await db.project.findFirstOrThrow({ where: { name: PROJECT }, include: { indicators: true } });
    const paper = project.indicators.find((i) => i.name.includes("打印纸"))!;
    const reporter = await db.user.findFirstOrThrow({ where: { role: "REPORTER", unitId: project.unitId } });
    const report = await db.monthlyReport.upsert({
      where: { unitId_fiscalYearId_month: { unitId: project.unitId, fiscalYearId: project.fiscalYearId, month: 6 } },
      create: { unitId: project.unitId, fiscalYearId: project.fiscalYearId, month: 6, status: "APPROVED" },
      update: { status: "APPROVED" },
    });
    await db.checkIn.upsert({
      where: { indicatorId_reportId: { indicatorId: paper.id, reportId: report.id } },
      create: { indicatorId: paper.id, reportId: report.id, asOfDate: new Date("2025-06-30"), actualValue: "5", likelihood: "POSSIBLE", deviationCause: "OTHER", correctiveAction: "下半年集中采购", createdById: reporter.id },
      update: { actualValue: "5" },
    });
    await snapshotApproval(db, [report.id]); // leaders read what was approved (lib/progress/reviewed.ts)
    await db.expenditure.create({ data: { projectId: project.id, date: new Date("2025-05-20"), amount: "3200.00", payee: "文具店", voucherNo: "e2e-dashboard", createdById: reporter.id } });
  } finally {
    await db.$disconnect();
  }
}

/** axe-core on the page as it stands: the serious and critical violations, as "rule: target" lines. */
async function seriousViolations(page: Page): Promise<string[]> {
  const found = await axeViolations(page);
  return found.filter((v) => v.impact === "serious" || v.impact === "critical").flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")}`));
}

describe.runIf(hasChromium())("dashboards", () => {
  it("a leader opens the overview, clicks 滞后, lands on those projects, opens one and sees its indicators and spending", async () => {
    await recordBehindProject();
    const leader = await signIn(browser(), "LEADER");
    expect(new URL(leader.url()).pathname).toBe("/dashboard");
    await leader.goto("/dashboard?asOf=2025-06-30");
    expect(await leader.locator("#overview-explanation").textContent()).toContain("序时进度 49.59%");
    await leader.locator("[data-chart] svg").first().waitFor({ timeout: 15_000 }); // ECharts drew the line
    expect(await seriousViolations(leader)).toEqual([]);
    await leader.screenshot(shot("dashboard-leader"));
    // A4 print: no navigation, nothing wider than the page.
    await leader.emulateMedia({ media: "print" });
    expect(await leader.locator("header.no-print").isVisible()).toBe(false);
    const pdf = await leader.pdf({ format: "A4" });
    expect(pdf.subarray(0, 4).toString()).toBe("%PDF");
    await leader.screenshot(shot("dashboard-leader-print"));
    await leader.emulateMedia({ media: "screen" });

    await leader.getByRole("link", { name: /^项目滞后 \d+ 个$/ }).click();
    await leader.waitForURL(/\/projects\?.*status=BEHIND/);
    const rows = leader.locator("tbody tr");
    expect(await rows.count()).toBeGreaterThanOrEqual(1);
    expect(await leader.locator("tbody").textContent()).toContain(PROJECT);
    for (const text of await rows.allTextContents()) expect(text).toContain("滞后");
    await leader.screenshot(shot("dashboard-projects-behind"));

    await leader.getByRole("link", { name: PROJECT }).click();
    await leader.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    expect(await leader.locator("main").textContent()).toContain("购买打印纸");
    expect(await leader.locator("#execution-explanation").textContent()).toContain("已支出");
    expect(await leader.getByRole("heading", { name: "支出进度" }).count()).toBe(1);
    expect(await leader.getByRole("heading", { name: "最近填报" }).count()).toBe(1);
    expect(await seriousViolations(leader)).toEqual([]);
    await leader.screenshot(shot("dashboard-project-leader"));
    await leader.close();
  });

  it("works on a 375 px phone: no sideways scrolling, the same drill-down", async () => {
    const phone = await signIn(browser(), "LEADER", { width: 375 });
    await phone.goto("/dashboard?asOf=2025-06-30");
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await phone.screenshot(shot("dashboard-leader-phone"));
    await phone.getByRole("link", { name: /^项目滞后 \d+ 个$/ }).click();
    await phone.waitForURL(/status=BEHIND/);
    await phone.getByRole("link", { name: PROJECT }).click();
    await phone.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await phone.screenshot(shot("dashboard-project-phone"));
    await phone.close();
  });

  it("a unit page and a filtered indicator list; a date outside the year falls back to the year", async () => {
    const leader = await signIn(browser(), "LEADER");
    await leader.goto("/dashboard?asOf=2025-06-30");
    await leader.locator("table th a").first().click();
    await leader.waitForURL(/\/units\/[0-9a-f-]{36}/);
    expect(await leader.locator("h1").textContent()).toBeTruthy();
    expect(await seriousViolations(leader)).toEqual([]);
    await leader.screenshot(shot("dashboard-unit"));
    await leader.goto("/indicators?status=BEHIND&asOf=2025-06-30");
    expect(await leader.locator("tbody").textContent()).toContain("购买打印纸");
    await leader.goto("/dashboard?asOf=2031-02-30");
    expect(await leader.locator("main").textContent()).toContain("截至 2025-");
    await leader.screenshot(shot("dashboard-bad-date"));
    await leader.close();
  });
});
