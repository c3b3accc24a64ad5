import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { createPrismaClient } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { snapshotApproval } from "@/lib/progress/reviewed";
import { freeProject } from "../support/a11y";
import { hasChromium, SCREENSHOT_DIR, signIn, setupBrowser } from "../support/browser";

// WCAG 2.1 A and AA (GB/T 37668-2019 takes its requirements from it): axe-core on every page, for every
// role that reaches it, at 1280 px and on a 375 px phone, over data that fills the pages — approved
// months (charts, sparklines), a month waiting for the reviewer (the review panel), a draft (the
// evidence upload), a payment (the execution chart). 309001, July–September 2025, on a project no
// other browser test touches.

const browser = setupBrowser();
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
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
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[]; failureSummary?: string }[] }[] }> } }).axe;
    return axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
  }, TAGS);
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(" ")} — ${(n.failureSummary ?? "").split("\n").slice(1, 2).join("").trim()}`));
}

/** Opens a page, waits for what it draws after loading (charts), and runs axe: the violations, each headed by where. */
async function audit(page: Page, path: string, width: number): Promise<string[]> {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(400);
  await page.waitForLoadState("networkidle").catch(() => undefined);
  if ((await page.locator("[data-chart]").count()) > 0) await page.locator("[data-chart] svg").first().waitFor({ timeout: 15_000 });
  const found = await violations(page);
  const name = path.replace(/\?.*$/, "").replace(/[0-9a-f-]{36}/g, "id").replace(/^\//, "").replaceAll("/", "-") || "home";
  await page.screenshot({ path: `${SCREENSHOT_DIR}/a11y-${name}-${width}.png`, fullPage: true });
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
});
