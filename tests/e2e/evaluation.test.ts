import { readFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import { describe, expect, inject, it } from "vitest";
import type { Actor } from "@/lib/auth/roles";
import { createPrismaClient } from "@/lib/db/client";
import { createIndicator, deleteIndicator } from "@/lib/targets/indicators";
import { hasChromium, SCREENSHOT_DIR, signIn, setupBrowser } from "../support/browser";

const browser = setupBrowser();
const shot = (name: string) => ({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true });
const PROJECT = "保密机房维护费"; // 309001, 1.92 万元; no other e2e test spends, reports or edits targets on it

describe.runIf(hasChromium())("year-end self-evaluation", () => {
  it("a reporter fills in and submits the form (refused first without a deviation analysis); the reviewer approves and exports it", async () => {
    const reporter = await signIn(browser(), "REPORTER", { unitCode: "309001" });
    await reporter.goto("/projects"); // a reporter with something to do lands on the 待办
    await reporter.getByRole("link", { name: PROJECT }).click();
    await reporter.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    const projectUrl = reporter.url();
    await reporter.getByRole("main").getByRole("link", { name: "绩效自评", exact: true }).click();
    await reporter.waitForURL(/\/evaluation$/);
    await reporter.locator("#line-0-actual").waitFor();
    // 机房 1 个 (=1), 正常运转 是, 12 个月运转 是, 控制率 100 (≤100%), 保障保密工作 否 (target 是), 满意度 95.
    const actuals = ["1", "是", "是", "100", "否", "95"];
    for (const [n, value] of actuals.entries()) await reporter.fill(`#line-${n}-actual`, value);
    // Nothing spent: 执行率 0 → 0 of 10; 产出 4 × 12.5 = 50; 效益 否 → 未达成, default 30% × 30 = 9; 满意度 10 → 69.00, 中.
    await expect.poll(() => reporter.locator("#evaluation-total").textContent()).toBe("69.00");
    expect(await reporter.locator("#evaluation-grade").textContent()).toBe("中");
    await reporter.fill("#achievementText", "保密机房全年正常运转，但保密检查发现两项整改问题。");
    // An adjusted score without a reason is flagged beside the reason field while typing, before any save.
    await reporter.locator("[data-line='0'] summary").click();
    await reporter.fill("#line-0-overrideScore", "10");
    await expect.poll(() => reporter.locator("#line-0-overrideReason").getAttribute("aria-invalid")).toBe("true");
    expect(await reporter.locator("#line-0-overrideReason-error").textContent()).toContain("调整得分必须说明理由");
    expect(await reporter.locator("#line-0-overrideReason").getAttribute("aria-describedby")).toContain("line-0-overrideReason-error");
    await reporter.screenshot(shot("evaluation-override-reason-live"));
    await reporter.fill("#line-0-overrideScore", "");
    await expect.poll(() => reporter.locator("#line-0-overrideReason-error").count()).toBe(0);
    await expect.poll(() => reporter.locator("#evaluation-total").textContent()).toBe("69.00");
    await reporter.getByRole("button", { name: "提交审核" }).click();
    await expect.poll(() => reporter.locator("#evaluation-message").textContent()).toBe("还不能提交，请补全标出的项目。");
    expect(await reporter.locator("[data-line='4']").textContent()).toContain("未完全达成的指标须填写偏差原因分析及改进措施");
    await reporter.screenshot(shot("evaluation-reporter-missing-deviation"));
    await reporter.fill("#line-4-deviation", "保密检查发现两项问题未及时整改；明年每季度自查。");
    await reporter.getByRole("button", { name: "提交审核" }).click();
    await expect.poll(() => reporter.locator("#evaluation-message").textContent()).toContain("已提交审核：总分 69.00，等级“中”");
    await reporter.close();

    const reviewer = await signIn(browser(), "REVIEWER", { unitCode: "309001" });
    await reviewer.goto(`${new URL(projectUrl).pathname}/evaluation`);
    expect(await reviewer.locator("#evaluation-status").textContent()).toBe("已提交待审核");
    await reviewer.getByRole("button", { name: "审核通过" }).click();
    await expect.poll(() => reviewer.locator("#evaluation-status").textContent()).toBe("已审核通过");
    await reviewer.screenshot(shot("evaluation-reviewer-approved"));
    const [download] = await Promise.all([reviewer.waitForEvent("download"), reviewer.getByRole("link", { name: "导出 Excel" }).click()]);
    expect(download.suggestedFilename()).toBe(`2025年度项目支出绩效自评表-${PROJECT}.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    const cells = book.worksheets[0]!.getSheetValues().flat().map((v) => String(v ?? ""));
    expect(cells).toContain(PROJECT);
    expect(cells).toContain("69"); // 总分
    expect(cells).toContain("中"); // 自评等级
    expect(cells).toContain("9"); // 未达成 30% of 30
    expect(cells).toContain("保密检查发现两项问题未及时整改；明年每季度自查。");

    await reviewer.getByRole("link", { name: "打印 / PDF" }).click();
    await reviewer.waitForURL(/\/evaluation\/print$/);
    expect(await reviewer.locator("[data-print=total]").textContent()).toBe("69.00");
    expect(await reviewer.locator("[data-print=grade]").textContent()).toBe("中");
    await reviewer.emulateMedia({ media: "print" });
    await reviewer.screenshot(shot("evaluation-print"));
    const pdf = await reviewer.pdf({ format: "A4" });
    expect(pdf.subarray(0, 4).toString()).toBe("%PDF");
    await reviewer.close();
  });

  it("the department summary lists every project's total and grade; a leader sees the projection on the overview", async () => {
    const leader = await signIn(browser(), "LEADER");
    await leader.goto("/evaluations");
    expect(await leader.locator("tbody tr").count()).toBe(16);
    expect(await leader.locator("tbody").textContent()).toContain("已审核通过");
    await leader.screenshot(shot("evaluation-summary"));
    await leader.goto("/dashboard?asOf=2025-07-15");
    expect(await leader.locator("#projection-heading").textContent()).toContain("年度自评");
    expect(await leader.locator("#evaluation-kinds").textContent()).toContain("预测");
    await leader.close();
  });

  it("a target added after saving marks the evaluation 需要复核: the form shows why and waits for a resave", async () => {
    const STALE_PROJECT = "大数据行业发展工作经费"; // 309001; no other e2e test touches it
    const reporter = await signIn(browser(), "REPORTER", { unitCode: "309001" });
    await reporter.goto("/projects"); // a reporter with something to do lands on the 待办
    await reporter.getByRole("link", { name: STALE_PROJECT }).click();
    await reporter.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    const projectId = new URL(reporter.url()).pathname.split("/").pop()!;
    await reporter.goto(`/projects/${projectId}/evaluation`);
    await reporter.locator("#line-0-actual").waitFor();
    await reporter.getByRole("button", { name: "保存草稿" }).click();
    await expect.poll(() => reporter.locator("#evaluation-message").textContent()).toContain("已保存");

    // The unit adds a target afterwards (through lib/, as the indicator editor does).
    const db = createPrismaClient(inject("appDatabaseUrl"), 1);
    try {
      const user = await db.user.findFirstOrThrow({ where: { role: "REPORTER", unit: { code: "309001" } }, include: { unit: true } });
      const actor: Actor = { id: user.id, username: user.username, displayName: user.displayName, role: user.role, unitId: user.unitId, departmentId: user.unit!.departmentId };
      const added = await createIndicator(db, actor, projectId, { category: "数量", name: "新增培训场次", comparator: ">=", value: "4", unit: "场", reason: "e2e：自评保存后新增指标" });
      try {
        await reporter.reload();
        await reporter.locator("#evaluation-review").waitFor();
        expect(await reporter.locator("#evaluation-review").textContent()).toContain("保存后新增了指标「新增培训场次」");
        expect(await reporter.getByRole("button", { name: "提交审核" }).isDisabled()).toBe(true);
        await reporter.screenshot(shot("evaluation-needs-review"));
        await reporter.setViewportSize({ width: 375, height: 800 });
        await reporter.screenshot(shot("evaluation-needs-review-375"));
        // Saved again by the unit, it is an ordinary draft.
        await reporter.setViewportSize({ width: 1280, height: 900 });
        await reporter.getByRole("button", { name: "保存草稿" }).click();
        await expect.poll(() => reporter.locator("#evaluation-review").count()).toBe(0);
        expect(await reporter.getByRole("button", { name: "提交审核" }).isDisabled()).toBe(false);
      } finally {
        const row = await db.indicator.findUniqueOrThrow({ where: { id: added.id } });
        await deleteIndicator(db, actor, added.id, { version: row.version, reason: "e2e：恢复" });
      }
    } finally {
      await db.$disconnect();
      await reporter.close();
    }
  });
});
