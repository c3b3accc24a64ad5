import { readFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import type { Actor } from "@/lib/auth/roles";
import { createPrismaClient, type Db } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { decideEvaluation, evaluationView, saveEvaluation, type EvaluationView } from "@/lib/evaluation/service";
import { CATEGORY_NAMES } from "@/lib/targets/codes";
import { updateIndicator } from "@/lib/targets/indicators";
import { HEADER, table12Sheet, toDelimited } from "@/tests/fixtures/targets-import";
import { hasChromium, SCREENSHOT_DIR, signIn, setupBrowser } from "../support/browser";

// Records that stay as they were approved, and imports that cannot silently lose or change anything,
// seen in Chromium by each role at 1280 and 375 px.

const browser = setupBrowser();
const shot = (name: string) => ({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true });
const EVALUATED = "柳州市政务新媒体内容监测"; // 309001; no other e2e test touches it
const SPENT_ON = "第一书记驻村工作经费"; // 309001; no other e2e test touches it

/** The seed's table 12 as department 317 would publish it, one row per spreadsheet row. */
const rows317 = () => table12Sheet().map((r) => r.map((c) => c.replaceAll("309001", "317001").replaceAll("309002", "317002").replace(/^309$/, "317")));
const csv = (rows: string[][]) => Buffer.from(toDelimited(rows, ","), "utf8");
const gbk = (rows: string[][]) => iconv.encode(toDelimited(rows, ","), "gbk");
async function xlsx(rows: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("表12");
  // Excel wraps long cells: a line break inside 龙城市民云's annual goal.
  for (const row of rows) sheet.addRow(row.map((c, i) => (row[0] === "18" && i === 5 ? c.replace("工作，", "工作，\n") : c)));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Chooses the file and previews it, returning once its answer is on the screen (not the previous one's). */
async function upload(page: Page, name: string, buffer: Buffer): Promise<void> {
  await page.setInputFiles("#file", { name, mimeType: name.endsWith(".csv") ? "text/csv" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer });
  await Promise.all([page.waitForResponse((r) => r.url().endsWith("/api/targets/import")), page.getByRole("button", { name: "预览" }).click()]);
  await page.getByRole("button", { name: "预览" }).waitFor();
}

async function actorOf(db: Db, role: Role): Promise<Actor> {
  const user = await db.user.findFirstOrThrow({ where: { role, ...(role === "REPORTER" || role === "REVIEWER" ? { unit: { code: "309001" } } : {}) }, include: { unit: true } });
  return { id: user.id, username: user.username, displayName: user.displayName, role: user.role, unitId: user.unitId, departmentId: user.departmentId ?? user.unit?.departmentId ?? null };
}

// 监测数 ≥4次, 质保服务 优, 年度内完成 是, 预算控制率 ≤100%, 合规率 是, 满意度 ≥90%: each met.
const ACTUALS = ["4", "优", "是", "100", "是", "95"];
function formOf(view: EvaluationView) {
  const result = view.outcome.ok ? view.outcome.result : null;
  const lines = view.lines.map((line, n) => {
    const given = view.input.indicators[n]!;
    return { indicatorId: line.id, weight: given.weight ?? result!.indicators[n]!.weight, actual: ACTUALS[n] ?? "", band: given.band ?? "", bandPercent: given.bandPercent ?? "", overrideScore: "", overrideReason: "", deviation: "" };
  });
  return { version: view.version, achievementText: "全年监测政务新媒体，未被通报。", weightReason: "", lines };
}

describe.runIf(hasChromium())("records that stay as they were approved", () => {
  it("an import that cannot be read, or lacks a column, proposes nothing; one table in three formats is one table; deletions are confirmed", async () => {
    const page = await signIn(browser(), "ADMIN");
    await page.goto("/admin/import");
    await page.fill("#departmentCode", "317");
    await page.fill("#departmentName", "柳州市格式示例局");
    await page.fill("#year", "2025"); // a new department has no current year
    await upload(page, "表12.xlsx", await xlsx(rows317()));
    await expect.poll(() => page.locator("#plan-summary").textContent(), { timeout: 30_000 }).toContain("新增 16 个");
    expect(await page.locator("#plan-year").textContent()).toContain("2025 年度");
    await page.getByRole("button", { name: "确认导入" }).click();
    await expect.poll(() => page.locator("#plan-heading").textContent()).toContain("导入完成");

    // The same table as CSV and as GBK CSV: nothing to do, and the year is the department's.
    await page.fill("#year", "");
    for (const [name, bytes] of [["表12.csv", csv(rows317())], ["表12-GBK.csv", gbk(rows317())]] as const) {
      await upload(page, name, bytes);
      await expect.poll(() => page.locator("#plan-summary").textContent()).toContain("与系统中现有内容完全一致");
      expect(await page.locator("#plan-year").textContent()).toContain("本部门当前年度");
    }
    await page.screenshot(shot("import-same-table-gbk"));

    // 质量指标 deleted from the CSV: refused by name, no plan.
    const column = HEADER.indexOf("质量指标");
    await upload(page, "缺列.csv", csv(rows317().map((r) => r.filter((_, i) => i !== column))));
    await expect.poll(() => page.locator("#import-error").textContent()).toContain("表头缺少“质量指标”列");
    expect(await page.locator("#plan-heading").count()).toBe(0);
    expect(await page.getByRole("button", { name: "确认导入" }).isDisabled()).toBe(true);
    await page.screenshot(shot("import-missing-column"));
    await page.setViewportSize({ width: 375, height: 800 });
    await page.screenshot(shot("import-missing-column-375"));
    await page.setViewportSize({ width: 1280, height: 900 });

    // One project gone, one indicator gone and a goal rewritten: named, side by side, confirmed in words.
    const changed = rows317()
      .filter((r) => r[0] !== "8")
      .map((r) => (r[0] === "6" ? r.map((c, i) => (i === 5 ? "提升我局职工法律意识，规范合同审查" : c.replace("可持续效益指标：加强局内职工法律意识(良好)", ""))) : r));
    await upload(page, "表12-修订.csv", csv(changed));
    await expect.poll(() => page.locator("#plan-deletions").textContent()).toContain("将删除：1 个项目、7 个指标");
    expect(await page.locator("#plan-deletions").textContent()).toContain("保密机房维护费");
    expect(await page.locator("[data-change=年度绩效目标]").textContent()).toContain("提升我局职工法律意识，降低我局法律风险");
    const commit = page.getByRole("button", { name: "确认删除 1 个项目、7 个指标并导入" });
    expect(await commit.isDisabled()).toBe(true);
    await page.screenshot(shot("import-deletions-preview"));
    await page.setViewportSize({ width: 375, height: 800 });
    await page.screenshot(shot("import-deletions-preview-375"));
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.check("#confirm-deletions");
    await commit.click();
    await expect.poll(() => page.locator("#plan-heading").textContent()).toContain("导入完成");
    await page.close();
  });

  it("an approved evaluation keeps its numbers after a target change, marked 需要复核 everywhere; the public version lists the rest as 未完成自评", async () => {
    const db = createPrismaClient(inject("appDatabaseUrl"), 1);
    let projectId = "";
    let unapprovedId = "";
    let approvedTotal = "";
    try {
      const [reporter, reviewer, admin] = [await actorOf(db, "REPORTER"), await actorOf(db, "REVIEWER"), await actorOf(db, "ADMIN")];
      projectId = (await db.project.findFirstOrThrow({ where: { name: EVALUATED } })).id;
      // 80,000 of 90,000 spent: 88.89% → 8.889; every indicator met → 90: 98.89 优.
      await db.expenditure.create({ data: { projectId, date: new Date("2025-11-28"), amount: "80000.00", payee: "监测服务商", createdById: reporter.id } });
      await saveEvaluation(db, reporter, projectId, formOf(await evaluationView(db, reporter, projectId)), { submit: true });
      await decideEvaluation(db, reviewer, projectId, "approve", "");
      const approved = await evaluationView(db, admin, projectId);
      approvedTotal = approved.figure.total;
      expect([approvedTotal, approved.figure.grade]).toEqual(["98.89", "优"]);
      const indicator = await db.indicator.findFirstOrThrow({ where: { projectId, comparator: { not: "QUALITATIVE" } }, orderBy: { sortOrder: "asc" } });
      unapprovedId = (await db.project.findFirstOrThrow({ where: { name: SPENT_ON } })).id;
      await updateIndicator(db, admin, indicator.id, { category: CATEGORY_NAMES[indicator.category], name: indicator.name, comparator: ">=", value: "1", unit: indicator.unitOfMeasure, reason: "e2e：审核通过后调整目标" }, indicator.version);
    } finally {
      await db.$disconnect();
    }

    const leader = await signIn(browser(), "LEADER");
    await leader.goto("/evaluations");
    const row = leader.locator(`tr[data-project="${EVALUATED}"]`);
    expect(await row.locator("[data-cell=total]").textContent()).toBe(approvedTotal);
    expect(await row.textContent()).toContain("已审核");
    expect(await row.textContent()).toContain("需要复核");
    expect(await leader.locator("#public-warning").textContent()).toContain("列为“未完成自评”");
    await leader.screenshot(shot("evaluations-leader-public-warning"));
    await leader.setViewportSize({ width: 375, height: 800 });
    await leader.screenshot(shot("evaluations-leader-375"));
    await leader.setViewportSize({ width: 1280, height: 900 });

    const [download] = await Promise.all([leader.waitForEvent("download"), leader.getByRole("link", { name: "导出公开版" }).click()]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await readFile((await download.path())!)) as unknown as ArrayBuffer);
    const summary = book.getWorksheet("汇总")!;
    const rows = summary.getSheetValues().filter((r): r is ExcelJS.CellValue[] => Array.isArray(r) && typeof r[1] === "number");
    const unevaluated = rows.filter((r) => r[9] === "未完成自评");
    expect(unevaluated.length).toBeGreaterThan(0);
    for (const r of unevaluated) expect([r[8], r[9]]).toEqual(["—", "未完成自评"]); // never 0 分 / 差
    expect(rows.find((r) => r[3] === EVALUATED)?.slice(8, 11)).toEqual([Number(approvedTotal), expect.any(String), "已审核通过"]);
    expect(book.worksheets.map((w) => w.name)).toContain(EVALUATED);
    expect(book.worksheets).toHaveLength(1 + rows.length - unevaluated.length);

    await row.getByRole("link", { name: EVALUATED }).click();
    await leader.waitForURL(/\/evaluation$/);
    expect(await leader.locator("#evaluation-total").textContent()).toBe(approvedTotal);
    expect(await leader.locator("#evaluation-review").textContent()).toContain("审核通过后项目有以下变动");
    expect(await leader.locator("#evaluation-review").textContent()).toContain("年度指标值由");
    await leader.screenshot(shot("evaluation-approved-needs-review-leader"));
    await leader.setViewportSize({ width: 375, height: 800 });
    await leader.screenshot(shot("evaluation-approved-needs-review-375"));
    await leader.setViewportSize({ width: 1280, height: 900 });
    await leader.goto(`/projects/${projectId}`);
    expect(await leader.locator("#figure-total").textContent()).toBe(approvedTotal);
    expect(await leader.locator("#projection-heading").textContent()).toContain("需要复核");
    await leader.screenshot(shot("project-approved-needs-review"));
    await leader.goto("/dashboard");
    expect(await leader.locator("#evaluation-stale").textContent()).toContain(EVALUATED);
    await leader.screenshot(shot("dashboard-evaluation-summary"));
    // A project not approved has no public print: it says so instead of printing 0 分.
    await leader.goto(`/projects/${unapprovedId}/evaluation/print?public=1`);
    expect(await leader.locator("#print-unpublished").textContent()).toContain("未完成自评");
    await leader.screenshot(shot("print-public-unapproved"));
    await leader.close();

    for (const role of ["REPORTER", "REVIEWER", "ADMIN"] as const) {
      const page = await signIn(browser(), role, { unitCode: role === "ADMIN" ? undefined : "309001" });
      await page.goto(`/projects/${projectId}/evaluation`);
      expect(await page.locator("#evaluation-total").textContent()).toBe(approvedTotal);
      expect(await page.locator("#evaluation-review").count()).toBe(1);
      await page.screenshot(shot(`evaluation-approved-needs-review-${role.toLowerCase()}`));
      await page.close();
    }
  });

  it("reasons are asked in the page: reversing a payment refuses an empty reason, deleting an indicator asks to confirm", async () => {
    const db = createPrismaClient(inject("appDatabaseUrl"), 1);
    let projectId = "";
    try {
      const reporter = await actorOf(db, "REPORTER");
      const project = await db.project.findFirstOrThrow({ where: { name: SPENT_ON } });
      projectId = project.id;
      await db.expenditure.create({ data: { projectId, date: new Date("2025-05-08"), amount: "1200.00", payee: "驻村工作队", createdById: reporter.id } });
      await db.indicator.create({ data: { projectId, level1: "OUTPUT", category: "QUANTITY", name: "e2e 临时指标", comparator: "GTE", targetValue: "3", unitOfMeasure: "次", rawText: "数量指标：e2e 临时指标(≥3次)", sortOrder: 99 } });
    } finally {
      await db.$disconnect();
    }
    const page = await signIn(browser(), "REPORTER", { unitCode: "309001" });
    await page.goto(`/projects/${projectId}/budget`);
    await page.getByRole("button", { name: "冲销" }).first().click();
    const dialog = page.getByRole("dialog", { name: "冲销支出" });
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "确认冲销" }).click();
    await expect.poll(() => dialog.getByRole("alert").textContent()).toContain("请填写冲销原因");
    await page.screenshot(shot("reverse-dialog-empty-reason"));
    await page.setViewportSize({ width: 375, height: 800 });
    await page.screenshot(shot("reverse-dialog-375"));
    await page.setViewportSize({ width: 1280, height: 900 });
    await dialog.locator("textarea").fill("重复录入");
    await dialog.getByRole("button", { name: "确认冲销" }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expect.poll(() => page.locator("main").textContent()).toContain("-1,200.00");

    await page.goto(`/projects/${projectId}/targets`);
    await page.getByRole("row", { name: /e2e 临时指标/ }).getByRole("button", { name: "删除" }).click();
    const confirm = page.getByRole("dialog", { name: "删除指标“e2e 临时指标”" });
    await confirm.waitFor();
    await page.screenshot(shot("delete-indicator-dialog"));
    await confirm.getByRole("button", { name: "确认删除" }).click();
    await expect.poll(() => page.locator("main [role=status]").first().textContent()).toContain("已删除指标“e2e 临时指标”");
    // The message comes with the action's answer; the refreshed table may follow a moment later.
    await expect.poll(() => page.locator("tbody").textContent()).not.toContain("e2e 临时指标");
    await page.close();
  });
});
