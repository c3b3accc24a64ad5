import type { Browser, Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { snapshotApproval } from "@/lib/progress/reviewed";
import { axeViolations, freeProject } from "../support/a11y";
import { hasChromium, SCREENSHOT_DIR, signIn, setupBrowser } from "../support/browser";

// WCAG 2.1 A and AA (GB/T 37668-2019 takes its requirements from it): axe-core on every page, for every
// role that reaches it, at 1280 px and on a 375 px phone, over data that fills the pages — approved
// months (charts, sparklines), a month waiting for the reviewer (the review panel), a draft (the
// evidence upload), a payment (the execution chart). 309001, July–September 2025, on a project no
// other browser test touches.

const browser = setupBrowser();
const WIDTHS = [1280, 375] as const;
interface Seeded { projectId: string; unitId: string; indicatorId: string }

/** Approved July, submitted August, draft September for one project of 309001, and a payment. */
async function seed(): Promise<Seeded> {
  const db = createPrismaClient(inject("appDatabaseUrl"), 1);
  try {
    const project = await freeProject(db);
    const reporter = await db.user.findFirstOrThrow({ where: { role: "REPORTER", unitId: project.unitId } });
    const numeric = project.indicators.filter((i) => i.targetValue !== null);
    const reportOf = async (month: number, status: "APPROVED" | "SUBMITTED" | "DRAFT") =>
      db.monthlyReport.upsert({
        where: { unitId_fiscalYearId_month: { unitId: project.unitId, fiscalYearId: project.fiscalYearId, month } },
        create: { unitId: project.unitId, fiscalYearId: project.fiscalYearId, month, status, submittedAt: status === "DRAFT" ? null : new Date(`2025-${month + 1}-02`), submittedById: status === "DRAFT" ? null : reporter.id },
        update: {},
      });
    const months = [[7, "APPROVED", 0.5], [8, "SUBMITTED", 0.6], [9, "DRAFT", 0.7]] as const;
    for (const [month, status, share] of months) {
      const report = await reportOf(month, status);
      const asOfDate = new Date(Date.UTC(2025, month, 0));
      for (const i of numeric) {
        const actual = (Number(i.targetValue) * share).toFixed(2);
        await db.checkIn.upsert({
          where: { indicatorId_reportId: { indicatorId: i.id, reportId: report.id } },
          create: { indicatorId: i.id, reportId: report.id, asOfDate, actualValue: actual, forecastValue: String(i.targetValue), likelihood: "CERTAIN", createdById: reporter.id },
          update: {},
        });
      }
      if (status === "APPROVED") await snapshotApproval(db, [report.id]);
    }
    const paid = await db.expenditure.count({ where: { projectId: project.id, voucherNo: "e2e-a11y" } });
    if (paid === 0) await db.expenditure.create({ data: { projectId: project.id, date: new Date("2025-07-20"), amount: "1200.00", payee: "柳州市某信息技术有限公司", voucherNo: "e2e-a11y", createdById: reporter.id } });
    return { projectId: project.id, unitId: project.unitId, indicatorId: numeric[0]!.id };
  } finally {
    await db.$disconnect();
  }
}

/** The pages each role reaches (its navigation, and the pages those lead to). */
function pagesOf(role: Role, s: Seeded): string[] {
  const project = [`/projects/${s.projectId}`, `/projects/${s.projectId}/budget`, `/projects/${s.projectId}/evaluation`, `/projects/${s.projectId}/evaluation/print`, `/indicators/${s.indicatorId}`];
  const common = ["/dashboard?asOf=2025-09-30", `/units/${s.unitId}?asOf=2025-09-30`, "/projects?asOf=2025-09-30", "/indicators?asOf=2025-09-30", "/budget?asOf=2025-09-30", "/evaluations", "/targets/review", ...project, "/account"];
  // Targets are edited by the unit's reporter and the administrator only.
  const targets = `/projects/${s.projectId}/targets`;
  switch (role) {
    case "REPORTER":
      return ["/progress?year=2025&month=9", ...common, targets];
    case "REVIEWER":
      return ["/progress?year=2025&month=8", "/progress?year=2025&month=9", ...common];
    case "LEADER":
      return common;
    case "ADMIN":
      return [...common, targets, "/admin/import", "/admin/reports", "/admin/users", "/admin/users/import"];
    case "SECURITY_OFFICER":
      return ["/security/users", "/security/policy", "/account"];
    case "AUDITOR":
      return ["/audit", "/account"];
  }
}

/** axe-core on the page as it stands: every violation (any impact) as "rule (impact): target — summary" lines. */
async function violations(page: Page): Promise<string[]> {
  return (await axeViolations(page)).flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(" ")} — ${(n.failureSummary ?? "").split("\n").slice(1, 2).join("").trim()}`));
}

/**
 * WCAG 2.1 1.4.10 (reflow) as the page stands: the page itself never scrolls sideways (a wide table may
 * scroll inside its own box), no table cell is removed with display:none (a stacked table's header row
 * excepted: each cell carries its column's name), and no text is cut short with an ellipsis.
 */
async function reflowProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > window.innerWidth + 1) problems.push(`the page scrolls sideways (${root.scrollWidth} px in ${window.innerWidth} px)`);
    const describe = (e: Element) => `${e.tagName.toLowerCase()} “${(e.textContent ?? "").trim().slice(0, 30)}”`;
    for (const cell of document.querySelectorAll("main table :is(th, td)")) {
      const stackedHeader = cell.closest("thead")?.parentElement?.classList.contains("stack-table");
      if (!stackedHeader && (cell.textContent ?? "").trim() !== "" && (getComputedStyle(cell).display === "none" || getComputedStyle(cell.parentElement!).display === "none")) problems.push(`hidden cell: ${describe(cell)}`);
    }
    for (const e of document.querySelectorAll("main *")) {
      const style = getComputedStyle(e);
      if (style.textOverflow === "ellipsis" && e.scrollWidth > e.clientWidth + 1) problems.push(`text cut short: ${describe(e)}`);
      // A closed disclosure or dialog hides its content by design: opening it is the way to it.
      if (style.display === "none" && e.closest("td, th") && (e.textContent ?? "").trim() !== "" && !e.closest("details:not([open]), dialog:not([open])")) problems.push(`text hidden in a cell: ${describe(e)}`);
    }
    return problems;
  });
}

const shotName = (path: string) => path.replace(/\?.*$/, "").replace(/[0-9a-f-]{36}/g, "id").replace(/^\//, "").replaceAll("/", "-") || "home";

/** Opens a page and waits for what it draws after loading (charts). */
async function open(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(400);
  await page.waitForLoadState("networkidle").catch(() => undefined);
  if ((await page.locator("[data-chart]").count()) > 0) await page.locator("[data-chart] svg").first().waitFor({ timeout: 15_000 });
}

/** Opens a page and runs axe and the reflow checks: the violations, each headed by where. */
async function audit(page: Page, path: string, width: number): Promise<string[]> {
  await open(page, path);
  const found = [...(await violations(page)), ...(await reflowProblems(page))];
  await page.screenshot({ path: `${SCREENSHOT_DIR}/a11y-${shotName(path)}-${width}.png`, fullPage: true });
  return found.map((v) => `${path} @${width}: ${v}`);
}

/**
 * Every error message shown next to a field — marked as one (data-field-error), or any red text in a
 * form outside its summary, labels and badges — is named by a control's aria-describedby; and every control
 * marked invalid names a message that says why.
 */
async function untiedErrors(page: Page): Promise<{ shown: number; untied: string[]; unexplained: string[] }> {
  return page.evaluate(() => {
    const visible = (e: Element) => e.getClientRects().length > 0 && (e.textContent ?? "").trim() !== "";
    const marked = [...document.querySelectorAll("[data-field-error]")];
    const red = [...document.querySelectorAll("form [class*='text-red-']")].filter((e) => !e.closest("[role=status], [role=alert], label, button, a, summary, th, h2, h3, [class*='bg-']") && !e.querySelector("[data-field-error]"));
    const shown = [...new Set([...marked, ...red])].filter(visible);
    const described = new Set([...document.querySelectorAll("input, select, textarea, fieldset")].flatMap((c) => (c.getAttribute("aria-describedby") ?? "").split(/\s+/)).filter(Boolean));
    const untied = shown.filter((e) => !e.id || !described.has(e.id)).map((e) => e.textContent ?? "");
    const unexplained = [...document.querySelectorAll("[aria-invalid=true]")]
      .filter((c) => !(c.getAttribute("aria-describedby") ?? "").split(/\s+/).some((id) => (document.getElementById(id)?.textContent ?? "").trim() !== ""))
      .map((c) => c.id || c.outerHTML.slice(0, 80));
    return { shown: shown.length, untied, unexplained };
  });
}

/** The element with focus: its id and text, or its own summary's (a refusal's focus is on the summary). */
const focused = (page: Page) => page.evaluate(() => ({ id: document.activeElement?.id ?? "", text: document.activeElement?.textContent ?? "", label: document.activeElement?.getAttribute("aria-label") ?? "" }));

async function auditRole(b: Browser, role: Role, s: Seeded): Promise<string[]> {
  const found: string[] = [];
  for (const width of WIDTHS) {
    const page = await signIn(b, role, { unitCode: role === "REPORTER" || role === "REVIEWER" ? "309001" : undefined, width });
    for (const path of pagesOf(role, s)) found.push(...(await audit(page, path, width)));
    await page.close();
  }
  return found;
}

describe.runIf(hasChromium())("accessibility: axe (WCAG 2.1 A/AA) on every page × role, 1280 and 375 px", () => {
  let seeded: Seeded;
  const ready = async () => (seeded ??= await seed());

  it("the sign-in page, a refused sign-in, and a page that does not exist", async () => {
    const found: string[] = [];
    for (const width of WIDTHS) {
      const page = await browser().newPage({ viewport: { width, height: 900 }, baseURL: inject("baseUrl") });
      found.push(...(await audit(page, "/login", width)));
      await page.click("button[type=submit]"); // empty: both fields refused
      await page.locator("#username-error").waitFor();
      found.push(...(await violations(page)).map((v) => `/login (refused) @${width}: ${v}`));
      await page.close();
    }
    expect(found).toEqual([]);
  });

  it("every form: each error shown next to a field is in that field's aria-describedby, and a refused submit puts focus on its summary", async () => {
    const s = await ready();
    const checks: string[] = [];
    const check = async (page: Page, form: string, summary: string | null) => {
      const r = await untiedErrors(page);
      if (r.shown === 0) checks.push(`${form}: no error shown`);
      checks.push(...r.untied.map((t) => `${form}: untied error “${t}”`), ...r.unexplained.map((id) => `${form}: invalid without a reason: ${id}`));
      if (summary !== null) {
        const f = await focused(page);
        if (!f.text.includes(summary)) checks.push(`${form}: focus on “${f.id}” (${f.text.slice(0, 40)}), not the summary “${summary}”`);
      }
      expect((await violations(page)).map((v) => `${form}: ${v}`)).toEqual([]);
      await page.screenshot({ path: `${SCREENSHOT_DIR}/a11y-errors-${form}-${page.viewportSize()?.width}.png`, fullPage: true });
    };

    for (const width of WIDTHS) {
      const login = await browser().newPage({ viewport: { width, height: 900 }, baseURL: inject("baseUrl") });
      await login.goto("/login");
      await login.click("button[type=submit]");
      await login.locator("#username-error").waitFor();
      await check(login, "login", "请按提示填写后再登录");
      await login.close();

      const reporter = await signIn(browser(), "REPORTER", { unitCode: "309001", width });
      await reporter.goto(`/projects/${s.projectId}/budget`);
      await reporter.fill("#e-amount", "12.345");
      await reporter.getByRole("button", { name: "录入支出" }).click();
      await reporter.locator("#e-amount-error").waitFor();
      await check(reporter, "expenditure", "未录入");
      await reporter.getByRole("button", { name: "录入预算调整" }).click();
      await reporter.locator("#a-amount-error").waitFor();
      await check(reporter, "adjustment", "未录入");

      // The reason dialog: an empty reason is refused in the dialog, focus back in the field.
      await reporter.getByRole("button", { name: /^冲销/ }).first().click();
      const dialog = reporter.getByRole("dialog", { name: "冲销支出" });
      await dialog.getByRole("button", { name: "确认冲销" }).click();
      await dialog.locator("[data-field-error]").waitFor();
      await check(reporter, "reason-dialog", null);
      expect((await focused(reporter)).id).toMatch(/-reason$/);
      await dialog.getByRole("button", { name: "取消" }).click();

      // The finance-system import: every row wrong, so nothing is imported; each message is tied to its cell.
      await reporter.locator("summary", { hasText: "从财务系统导出文件导入支出" }).click();
      await reporter.setInputFiles("#expenditure-file", { name: "支出.csv", mimeType: "text/csv", buffer: Buffer.from("支付日期,凭证号,收款单位,金额\n2025-07-05,A11Y-1,某公司,abc\n2025-07-06,A11Y-2,某公司,12.345\n") });
      await reporter.getByRole("button", { name: /检查并导入 2 笔/ }).click();
      await reporter.locator("#x-3-amount-error").waitFor();
      await check(reporter, "expenditure-import", "需要修改");

      // The project's goal.
      await reporter.goto(`/projects/${s.projectId}`);
      await reporter.fill("#annualGoal", "短");
      await reporter.getByRole("button", { name: "保存目标" }).click();
      await reporter.locator("#annualGoal-error").waitFor();
      await check(reporter, "annual-goal", "未保存");

      // Evidence: a web page renamed .pdf is refused under the file field, which gets focus back.
      await reporter.goto(`/indicators/${s.indicatorId}`);
      await reporter.setInputFiles("[data-evidence-input]", { name: "统计.pdf", mimeType: "application/pdf", buffer: Buffer.from("<html><body>not a pdf</body></html>") });
      await reporter.locator("[data-evidence-error] [data-field-error]").waitFor();
      await check(reporter, "evidence", null);
      expect((await focused(reporter)).id).toMatch(/^evidence-file-/);

      // The month's Excel template, uploaded without a file.
      await reporter.goto("/progress?year=2025&month=9");
      await reporter.locator("summary", { hasText: "用 Excel 填报" }).click();
      await reporter.getByRole("button", { name: "上传并预览" }).click();
      await reporter.locator("#template-file-error").waitFor();
      await check(reporter, "template-upload", "请选择填好的模板文件");

      await reporter.goto(`/projects/${s.projectId}/targets`);
      await reporter.getByRole("button", { name: "新增指标" }).click();
      expect((await focused(reporter)).id).toBe("indicator-form-title");
      await reporter.fill("#f-value", "若干");
      await reporter.getByRole("button", { name: "保存", exact: true }).click();
      await reporter.locator("#f-value-error").waitFor();
      await check(reporter, "indicator", "未保存");
      await reporter.getByRole("button", { name: "取消" }).click();
      expect((await focused(reporter)).id).toBe("add-indicator");

      await reporter.goto(`/projects/${s.projectId}/evaluation`);
      await reporter.fill("#line-0-weight", "abc");
      await reporter.getByRole("button", { name: "保存草稿" }).click();
      await reporter.locator("#evaluation-message").waitFor();
      await check(reporter, "evaluation", await reporter.locator("#evaluation-message").textContent() ?? "");

      await reporter.goto("/progress?year=2025&month=9");
      const cell = reporter.locator("tr[data-indicator] input[inputmode=decimal]").first();
      const name = (await cell.getAttribute("aria-label"))!;
      await cell.fill("很多");
      await reporter.getByRole("button", { name: "保存填报" }).click();
      await reporter.locator("[data-error-for]").first().waitFor();
      // The grid puts focus on the first wrong cell (its message is read with it); the summary stays in view.
      await check(reporter, "check-in-grid", null);
      expect((await focused(reporter)).label).toBe(name);
      await reporter.close();

      const leader = await signIn(browser(), "LEADER", { width });
      await leader.goto("/account");
      await leader.getByRole("button", { name: "修改密码" }).click();
      await leader.locator("#currentPassword-error").waitFor();
      await check(leader, "change-password", "未修改");
      await leader.close();

      const admin = await signIn(browser(), "ADMIN", { width });
      await admin.goto("/admin/users");
      await admin.getByRole("button", { name: "创建账户" }).click();
      await admin.locator("#n-name-error").waitFor();
      await check(admin, "new-account", null);

      // Reopening an approved month: the reason is refused empty, focus back in its field.
      await admin.goto("/admin/reports");
      const approved = admin.locator("tr", { hasText: "2025 年 7 月" }).filter({ hasText: "309001" });
      await approved.getByRole("button", { name: "重新打开" }).click();
      await approved.locator("[data-field-error]").waitFor();
      await check(admin, "reopen", null);
      expect((await focused(admin)).id).toMatch(/^reason-/);

      await admin.goto("/admin/users/import");
      await admin.getByRole("button", { name: "预览" }).click();
      await admin.locator("#account-file-error").waitFor();
      await check(admin, "accounts-import", "账户表未能处理");

      await admin.goto("/admin/import");
      await admin.fill("#departmentCode", "30x");
      await admin.fill("#year", "1999");
      await admin.getByRole("button", { name: "预览" }).click();
      await admin.locator("#year-error").waitFor();
      await check(admin, "targets-import", "未生成导入计划");
      await admin.close();

      const security = await signIn(browser(), "SECURITY_OFFICER", { width });
      await security.goto("/security/policy");
      await security.fill("#minLength", "6");
      await security.getByRole("button", { name: "保存策略" }).click();
      await security.locator("#minLength-error").waitFor();
      await check(security, "security-policy", await security.locator("#policy-message").textContent() ?? "");
      await security.close();
    }
    expect(checks).toEqual([]);
  }, 600_000);

  for (const role of ["REPORTER", "REVIEWER", "LEADER", "ADMIN", "SECURITY_OFFICER", "AUDITOR"] as const) {
    it(`every page a ${role} reaches`, async () => {
      expect(await auditRole(browser(), role, await ready())).toEqual([]);
    }, 600_000);
  }

  // 200 % zoom of a 1280 px window: a 640 CSS px viewport drawn at twice the pixel density.
  for (const role of ["REPORTER", "REVIEWER", "LEADER", "ADMIN", "SECURITY_OFFICER", "AUDITOR"] as const) {
    it(`200 % zoom: every page a ${role} reaches reflows — no sideways scrolling, no column or text removed`, async () => {
      const s = await ready();
      const page = await signIn(browser(), role, { unitCode: role === "REPORTER" || role === "REVIEWER" ? "309001" : undefined, width: 640, scale: 2 });
      const found: string[] = [];
      for (const path of pagesOf(role, s)) {
        await open(page, path);
        found.push(...(await reflowProblems(page)).map((p) => `${path} @200%: ${p}`));
        await page.screenshot({ path: `${SCREENSHOT_DIR}/zoom200-${role.toLowerCase()}-${shotName(path)}.png`, fullPage: true });
      }
      await page.close();
      expect(found).toEqual([]);
    }, 600_000);
  }
});
