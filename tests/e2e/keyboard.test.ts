import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import type { Actor } from "@/lib/auth/roles";
import { createPrismaClient } from "@/lib/db/client";
import { createIndicator } from "@/lib/targets/indicators";
import { account, hasChromium, nextTotpCode, SCREENSHOT_DIR, setupBrowser } from "../support/browser";
import { evaluationProject, freeProject } from "../support/a11y";

// The main tasks done with the keyboard alone — no click anywhere — counting the keys pressed:
// navigation keys (Tab, Enter, arrows, Space, Ctrl+Enter) apart from the characters typed. 309001,
// April 2025 (no other browser test uses it), on a project no other browser test touches; the
// self-evaluation on a second such project. After each action that takes its button away, focus is
// on what says what happened — never on <body>.

const browser = setupBrowser();
const shot = (name: string) => ({ path: `${SCREENSHOT_DIR}/keyboard-${name}.png`, fullPage: false });

/** A page driven by key presses only, counting them. */
function keyboard(page: Page) {
  const count = { keys: 0, typed: 0 };
  const active = () => page.evaluate(() => ({ id: document.activeElement?.id ?? "", name: (document.activeElement?.getAttribute("aria-label") || document.activeElement?.textContent || "").trim(), tag: document.activeElement?.tagName ?? "" }));
  return {
    count,
    active,
    press: async (key: string) => {
      count.keys += 1;
      await page.keyboard.press(key);
    },
    type: async (text: string) => {
      count.typed += [...text].length;
      await page.keyboard.type(text);
    },
    /** The focused element's data-outcome (a form's status region) or id: where focus is after an action. */
    focusedOutcome: () => page.evaluate(() => (document.activeElement === document.body ? "<body>" : document.activeElement?.getAttribute("data-outcome") ?? document.activeElement?.id ?? "")),
    /** Tabs until the focused element matches; the number of Tabs. */
    tabTo: async (matches: (a: { id: string; name: string; tag: string }) => boolean, max = 200): Promise<number> => {
      for (let n = 1; n <= max; n++) {
        count.keys += 1;
        await page.keyboard.press("Tab");
        if (matches(await active())) return n;
      }
      throw new Error(`not reached in ${max} Tabs`);
    },
  };
}

/** Signs in by keyboard: the user name field has focus when the page opens; the code field when it is asked for. */
async function signInByKeyboard(page: Page, username: string, password: string) {
  const k = keyboard(page);
  await page.goto("/login");
  expect((await k.active()).id).toBe("username");
  await k.type(username);
  await k.press("Tab");
  await k.type(password);
  await k.press("Enter");
  await page.waitForFunction(() => !location.pathname.startsWith("/login") || document.activeElement?.id === "totp", null, { timeout: 30_000 });
  if (new URL(page.url()).pathname.startsWith("/login")) {
    await k.type(await nextTotpCode(username));
    await k.press("Enter");
  }
  await page.waitForURL((u) => !u.pathname.startsWith("/login"), { timeout: 30_000 });
  return k.count;
}

describe.runIf(hasChromium())("keyboard only: the main tasks, with the keys they take", () => {
  it("sign in; fill two rows of April and save with Ctrl+Enter; submit it; the reviewer approves it; record a payment; create an account", async () => {
    const db = createPrismaClient(inject("appDatabaseUrl"), 1);
    const project = await freeProject(db);
    await db.$disconnect();
    // Two "at least" targets, each reported as met: nothing asks for a deviation cause.
    const numeric = project.indicators.filter((i) => i.comparator === "GTE").slice(0, 2);
    expect(numeric).toHaveLength(2);
    const counts: Record<string, string> = {};

    // Sign in.
    const reporter = await browser().newPage({ viewport: { width: 1280, height: 900 }, baseURL: inject("baseUrl") });
    const me = account("REPORTER", "309001");
    const signIn = await signInByKeyboard(reporter, me.username, me.password);
    counts["登录"] = `${signIn.keys} 键 + ${signIn.typed} 字`;

    // The skip link is the first stop, and takes focus past the header into the page.
    await reporter.goto("/progress?year=2025&month=4");
    const k = keyboard(reporter);
    expect(await k.tabTo((a) => a.name === "跳到正文", 1)).toBe(1);
    await k.press("Enter");
    const toFirstCell = await k.tabTo((a) => a.name.endsWith("本月累计实际"), 60);
    counts["到第一个单元格"] = `${toFirstCell + 2} 次 Tab/Enter（改进前 24 次 Tab）`;
    // Only the cells that need input are Tab stops: one per row, so the project's rows are as many Tabs away as rows before them.
    const first = numeric[0]!;
    await k.tabTo((a) => a.name === `${first.name} 本月累计实际`, 150);
    await k.type(String(Number(first.targetValue)));
    await k.tabTo((a) => a.name === `${numeric[1]!.name} 本月累计实际`, 5);
    await k.type(String(Number(numeric[1]!.targetValue)));
    // → moves along the row from the end of the text: the 全年预计 cell of the same row.
    await k.press("ArrowRight");
    expect((await k.active()).name).toBe(`${numeric[1]!.name} 全年预计`);
    await k.press("Control+Enter");
    await expect.poll(() => reporter.locator("#grid-message").textContent()).toBe("已保存 2 项。");
    await reporter.screenshot(shot("grid-saved"));
    const beforeSubmit = k.count.keys;
    // 跳到保存 then on to 提交审核.
    await k.press("Shift+Tab");
    await k.tabTo((a) => a.id === "submit-report", 200);
    const tabsToSubmit = k.count.keys - beforeSubmit;
    await k.press("Enter");
    expect((await k.active()).id).toBe("submit-reason"); // the incomplete month asks why, with focus in the field
    await k.type("其余指标按季度统计");
    await k.tabTo((a) => a.name === "确认提交", 3);
    await k.press("Enter");
    await expect.poll(() => reporter.locator("#report-status").textContent()).toBe("已提交待审核");
    // The submit panel is gone with its buttons: focus is on the status it changed.
    await expect.poll(() => k.focusedOutcome()).toBe("report-status");
    counts["填两行、保存并提交"] = `${k.count.keys} 键 + ${k.count.typed} 字（其中从保存到“提交审核” ${tabsToSubmit} 键；改进前到“保存填报”需 24 + 287 次 Tab）`;
    await reporter.screenshot(shot("month-submitted"));

    // The reviewer approves it.
    const reviewerPage = await browser().newPage({ viewport: { width: 1280, height: 900 }, baseURL: inject("baseUrl") });
    const reviewer = account("REVIEWER", "309001");
    await signInByKeyboard(reviewerPage, reviewer.username, reviewer.password);
    await reviewerPage.goto("/progress?year=2025&month=4");
    const r = keyboard(reviewerPage);
    await r.tabTo((a) => a.name === "跳到正文", 1);
    await r.press("Enter");
    await r.tabTo((a) => a.id === "confirm-incomplete", 200);
    await r.press("Space");
    await r.tabTo((a) => a.name === "审核通过", 3);
    await r.press("Enter");
    await expect.poll(() => reviewerPage.locator("#report-status").textContent()).toBe("已审核通过");
    await expect.poll(() => r.focusedOutcome()).toBe("report-status");
    counts["审核通过"] = `${r.count.keys} 键`;
    await reviewerPage.screenshot(shot("approved"));
    await reviewerPage.close();

    // A payment.
    await reporter.goto(`/projects/${project.id}/budget`);
    const p = keyboard(reporter);
    await p.tabTo((a) => a.name === "跳到正文", 1);
    await p.press("Enter");
    await p.tabTo((a) => a.id === "e-amount", 80);
    await p.type("860.50");
    await p.press("Tab");
    await p.type("KB-0412");
    await p.press("Tab");
    await p.type("柳州市某文印店");
    await p.press("Enter");
    await expect.poll(() => reporter.locator("#expenditure-message").textContent()).toBe("已录入。");
    counts["录入一笔支出"] = `${p.count.keys} 键 + ${p.count.typed} 字`;
    await reporter.screenshot(shot("payment"));
    await reporter.close();

    // The administrator creates an account.
    const admin = await browser().newPage({ viewport: { width: 1280, height: 900 }, baseURL: inject("baseUrl") });
    const adminAccount = account("ADMIN");
    const adminSignIn = await signInByKeyboard(admin, adminAccount.username, adminAccount.password);
    counts["登录（含动态验证码）"] = `${adminSignIn.keys} 键 + ${adminSignIn.typed} 字`;
    await admin.goto("/admin/users");
    const a = keyboard(admin);
    await a.tabTo((x) => x.name === "跳到正文", 1);
    await a.press("Enter");
    await a.tabTo((x) => x.id === "n-name", 80);
    await a.type("韦小键");
    await a.press("Tab");
    await a.type("kb.weixiaojian");
    await a.press("Tab"); // 角色: 填报人, as it is
    await a.press("Tab");
    expect((await a.active()).id).toBe("n-place");
    await a.press("ArrowDown"); // the first unit
    await a.press("Tab");
    await a.press("Enter"); // from the password field (left empty: one is generated)
    await expect.poll(() => admin.getByText("已创建账户“韦小键”（kb.weixiaojian）").count()).toBeGreaterThan(0);
    counts["新建账户"] = `${a.count.keys} 键 + ${a.count.typed} 字`;
    await admin.screenshot(shot("account-created"));
    // 停用 the new account from its row: confirmed in the dialog, focus comes back to the row's next action, 启用.
    const d = keyboard(admin);
    await d.tabTo((x) => x.name === "停用 韦小键", 200);
    await d.press("Enter");
    await d.tabTo((x) => x.name === "确认停用", 3);
    await d.press("Enter");
    await expect.poll(() => admin.locator("tr", { hasText: "kb.weixiaojian" }).getByRole("status").textContent()).toContain("已停用");
    await expect.poll(async () => (await d.active()).name).toBe("启用 韦小键");
    await admin.close();

    console.log(`键盘操作次数：\n${Object.entries(counts).map(([task, n]) => `  ${task}：${n}`).join("\n")}`);
    expect(toFirstCell).toBeLessThan(24);
  }, 300_000);

  it("fill and submit a self-evaluation (refused once for a missing deviation analysis, fixed from the summary); delete a target row", async () => {
    const TEMPORARY = "键盘测试临时指标";
    const db = createPrismaClient(inject("appDatabaseUrl"), 1);
    const project = await evaluationProject(db);
    try {
      const user = await db.user.findFirstOrThrow({ where: { role: "REPORTER", unit: { code: "309001" } }, include: { unit: true } });
      const actor: Actor = { id: user.id, username: user.username, displayName: user.displayName, role: user.role, unitId: user.unitId, departmentId: user.unit!.departmentId };
      await createIndicator(db, actor, project.id, { category: "数量", name: TEMPORARY, comparator: ">=", value: "1", unit: "次", reason: "e2e：键盘删除一行" });
    } finally {
      await db.$disconnect();
    }
    const counts: Record<string, string> = {};
    const page = await browser().newPage({ viewport: { width: 1280, height: 900 }, baseURL: inject("baseUrl") });
    const me = account("REPORTER", "309001");
    await signInByKeyboard(page, me.username, me.password);

    // Delete a row of the targets editor: the row and its buttons go, focus goes to the sentence that says so.
    await page.goto(`/projects/${project.id}/targets`);
    const t = keyboard(page);
    await t.tabTo((a) => a.name === "跳到正文", 1);
    await t.press("Enter");
    await t.tabTo((a) => a.name === `删除 ${TEMPORARY}`, 120);
    await t.press("Enter");
    // A year whose targets are approved asks for the reason, in the field that has focus.
    if ((await t.active()).tag === "TEXTAREA") await t.type("键盘测试：删除临时指标");
    await t.tabTo((a) => a.name === "确认删除", 4);
    await t.press("Enter");
    await expect.poll(() => page.locator("[data-outcome=indicator-message]").textContent()).toContain(`已删除指标“${TEMPORARY}”`);
    await expect.poll(() => t.focusedOutcome()).toBe("indicator-message");
    counts["删除一行指标"] = `${t.count.keys} 键 + ${t.count.typed} 字`;

    // The self-evaluation: the year's result for each line (one short of its target), then submit from the field.
    await page.goto(`/projects/${project.id}/evaluation`);
    await page.locator("#line-0-actual").waitFor();
    const headings = await page.locator("[data-line] h3").allTextContents();
    const indicators = headings.map((h) => project.indicators.find((i) => h.endsWith(i.name))!);
    expect(indicators.every(Boolean)).toBe(true);
    const missed = indicators.findLastIndex((i) => i.comparator === "GTE");
    expect(missed).toBeGreaterThan(-1);
    const e = keyboard(page);
    /** Shift+Tabs from the focused field back up to 提交审核: the way to submit without the shortcut. */
    const backToSubmit = () =>
      page.evaluate(() => {
        const stops = [...document.querySelectorAll<HTMLElement>("a[href], button, input, select, textarea, summary, [tabindex]")].filter((x) => x.tabIndex >= 0 && !x.matches(":disabled") && x.getClientRects().length > 0);
        const submit = stops.findIndex((x) => x.textContent?.trim() === "提交审核");
        return stops.indexOf(document.activeElement as HTMLElement) - submit;
      });
    let withoutShortcuts = 0;
    await e.tabTo((a) => a.name === "跳到正文", 1);
    await e.press("Enter");
    await e.tabTo((a) => a.id === "achievementText", 30);
    await e.type("全年支持信息化建设项目 30 个，均按期开工、验收合格。");
    for (const [n, indicator] of indicators.entries()) {
      await e.tabTo((a) => a.id === `line-${n}-actual`, 12);
      if ((await page.inputValue(`#line-${n}-actual`)) !== "") await e.press("Control+a");
      const met = indicator.targetText ?? String(Number(indicator.targetValue));
      await e.type(n === missed ? String(Number(indicator.targetValue) - 5) : met);
    }
    withoutShortcuts += await backToSubmit();
    await e.press("Control+Shift+Enter");
    await expect.poll(() => page.locator("#evaluation-message").textContent()).toBe("还不能提交，请补全标出的项目。");
    // Focus is on the summary; its one link leads to the field that needs the analysis.
    expect(await e.focusedOutcome()).toBe("evaluation-message");
    expect(await page.locator("[data-outcome=evaluation-message] li").allTextContents()).toEqual([`${indicators[missed]!.name} · 偏差原因分析及改进措施：未完全达成的指标须填写偏差原因分析及改进措施`]);
    await page.screenshot(shot("evaluation-refused"));
    await e.tabTo((a) => a.tag === "A" && a.name.endsWith("偏差原因分析及改进措施"), 2);
    await e.press("Enter");
    expect((await e.active()).id).toBe(`line-${missed}-deviation`);
    await e.type("部分单位未回收问卷；明年改为线上回访。");
    withoutShortcuts += await backToSubmit();
    await e.press("Control+Shift+Enter");
    await expect.poll(() => page.locator("#evaluation-message").textContent()).toContain("已提交审核：总分");
    await expect.poll(() => page.locator("#evaluation-status").textContent()).toBe("已提交待审核");
    // The form is read-only now, its buttons gone: focus is on the sentence that says it was submitted.
    await expect.poll(() => e.focusedOutcome()).toBe("evaluation-message");
    await page.screenshot(shot("evaluation-submitted"));
    counts["填写并提交自评"] = `${e.count.keys} 键 + ${e.count.typed} 字（${indicators.length} 行；不用 Ctrl+Shift+Enter 而用 Shift+Tab 回到“提交审核”再按 Enter，则为 ${e.count.keys + withoutShortcuts} 键）`;
    await page.close();
    console.log(`键盘操作次数：\n${Object.entries(counts).map(([task, n]) => `  ${task}：${n}`).join("\n")}`);
  }, 300_000);
});
