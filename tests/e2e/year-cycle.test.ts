import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Actor } from "@/lib/auth/roles";
import { createUser } from "@/lib/accounts/write";
import { generatePassword } from "@/lib/auth/password";
import { createPrismaClient } from "@/lib/db/client";
import { SEED_FILE, seedDepartment } from "@/lib/db/seed";
import { hasChromium, SCREENSHOT_DIR, setupBrowser, signIn } from "../support/browser";
import { docxParts, paragraphs } from "../support/docx";
import { approveEvaluation, fillDecember, spend } from "../support/fill-year";

// The year closes and the next one opens, in Chromium. A department of its own (柳北区, the seed's
// table under other codes) so closing its 2025 and drafting its 2026 change nothing another test reads.
// The evaluator writes the narrative (refused first with a section emptied), the reviewer approves,
// the department's report downloads and is converted to PDF by LibreOffice (pages saved as PNG to
// look at); the admin closes 2025 and drafts 2026; the switcher shows 2025 read-only beside the draft.

const browser = setupBrowser();
const shot = (name: string, fullPage = true) => ({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage });
const RESULTS = "test-results/year-cycle";
const LEGAL = "法律顾问费";
const db = () => database!;
let database: ReturnType<typeof createPrismaClient> | undefined;
const people: Record<"reporter" | "reviewer" | "leader", { actor: Actor; password: string }> = {} as never;
let departmentId = "";
let legalId = "";

/** The seed's table 12 as another department's: 柳北区, codes 409…, the same projects and targets. */
const otherDepartment = (text: string) =>
  text.replaceAll("309001", "409001").replaceAll("309002", "409002").replaceAll("309柳州", "409柳州").replaceAll("\t309\t", "\t409\t").replaceAll("柳州市大数据发展局", "柳北区大数据发展局").replaceAll("柳州市信息化建设管理中心", "柳北区信息化建设管理中心");

async function signInAs(b: Browser, who: keyof typeof people, width = 1280): Promise<Page> {
  const page = await b.newPage({ viewport: { width, height: 900 }, baseURL: inject("baseUrl") });
  await page.goto("/login");
  await page.fill("#username", people[who].actor.username);
  await page.fill("#password", people[who].password);
  await page.click("button[type=submit]");
  await page.waitForURL((url) => !url.pathname.startsWith("/login"), { timeout: 30_000 });
  return page;
}

beforeAll(async () => {
  if (!hasChromium()) return;
  mkdirSync(RESULTS, { recursive: true });
  database = createPrismaClient(inject("appDatabaseUrl"), 2);
  const seeded = await seedDepartment(db(), otherDepartment(readFileSync(SEED_FILE, "utf8")));
  departmentId = seeded.departmentId;
  const unit = async (code: string) => (await db().unit.findUniqueOrThrow({ where: { code } })).id;
  for (const [key, role, unitCode] of [["reporter", "REPORTER", "409001"], ["reviewer", "REVIEWER", "409001"], ["leader", "LEADER", null]] as const) {
    const password = generatePassword();
    const user = await createUser(db(), null, { username: `e2e_${key}_409`, displayName: `柳北区${key === "reporter" ? "填报人" : key === "reviewer" ? "审核人" : "局领导"}`, password, role, unitId: unitCode ? await unit(unitCode) : null, departmentId });
    people[key] = { actor: { id: user.id, username: user.username, displayName: user.displayName, role: user.role, unitId: user.unitId, departmentId: user.departmentId }, password };
  }
  const reporter2 = await createUser(db(), null, { username: "e2e_reporter_409002", displayName: "柳北区信息中心填报人", password: generatePassword(), role: "REPORTER", unitId: await unit("409002"), departmentId });
  const reviewer2 = await createUser(db(), null, { username: "e2e_reviewer_409002", displayName: "柳北区信息中心审核人", password: generatePassword(), role: "REVIEWER", unitId: await unit("409002"), departmentId });
  const [r2, v2] = [reporter2, reviewer2].map((u) => ({ id: u.id, username: u.username, displayName: u.displayName, role: u.role, unitId: u.unitId, departmentId: u.departmentId }));
  // 2025 as the units lived it: December reported and approved (two lines missed), the year's spending.
  const misses = { 年内召开法律讲座次数: { actual: "1" }, 组织项目验收数量: { actual: "4" } };
  await fillDecember(db(), people.reporter.actor, people.reviewer.actor, 2025, misses);
  await fillDecember(db(), r2!, v2!, 2025, misses);
  await spend(db(), people.reporter.actor, 2025, (name) => (name === "第一书记驻村工作经费" ? 60 : 92));
  await spend(db(), r2!, 2025, () => 100);
  // Every evaluation approved as pre-filled, except 法律顾问费, which the evaluator writes in the browser.
  const projects = await db().project.findMany({ where: { unit: { departmentId } }, include: { unit: true }, orderBy: { seq: "asc" } });
  for (const p of projects) {
    if (p.name === LEGAL) legalId = p.id;
    else if (p.unit.code === "409001") await approveEvaluation(db(), people.reporter.actor, people.reviewer.actor, p.id);
    else await approveEvaluation(db(), r2!, v2!, p.id);
  }
}, 600_000);

afterAll(async () => {
  await database?.$disconnect();
});

describe.runIf(hasChromium())("the year closes and the next one opens", () => {
  it("the evaluator writes the report's narrative (a section emptied is refused), the reviewer approves, the department's report downloads and converts to PDF", async () => {
    const reporter = await signInAs(browser(), "reporter");
    await reporter.goto(`/projects/${legalId}/evaluation`);
    await reporter.locator("#narrative-workText").waitFor();
    // Pre-filled with the factual draft: the project's own numbers.
    expect(await reporter.locator("#narrative-drafted").textContent()).toContain("系统按本项目的资金、指标、完成值、得分和偏差分析起草");
    expect(await reporter.locator("#narrative-workText").inputValue()).toContain("全年执行数 4.60 万元，预算执行率 92.00%");
    expect(await reporter.locator("#narrative-problemText").inputValue()).toContain("“年内召开法律讲座次数”（目标 ≥ 2 次，实际 1 次，得分 6.25/12.50）");
    await reporter.fill("#achievementText", "全年聘请法律顾问，出具法律意见书 12 份，召开法律讲座 1 次。");
    await reporter.fill("#line-0-deviation", "讲座安排在第四季度，因集中整改只召开了 1 次；明年上下半年各安排一次。");
    await reporter.fill("#narrative-workText", "局办公室牵头，对照年初设定的 6 个指标逐项核实，收集意见书、签到表等佐证材料。");
    await reporter.fill("#narrative-problemText", "");
    await reporter.getByRole("button", { name: "提交审核" }).click();
    await expect.poll(() => reporter.locator("#evaluation-message").textContent()).toBe("还不能提交，请补全标出的项目。");
    // Said under the field, tied to it by aria-describedby, and again in the summary that links to it.
    expect(await reporter.locator("#narrative-problemText-error").textContent()).toBe("提交前请填写“存在问题”（没有可写的内容时写“无”）");
    expect(await reporter.locator("#narrative-problemText").getAttribute("aria-describedby")).toContain("narrative-problemText-error");
    expect(await reporter.getByText("提交前请填写“存在问题”（没有可写的内容时写“无”）").count()).toBe(2);
    await reporter.locator("#narrative-heading").scrollIntoViewIfNeeded();
    await reporter.screenshot(shot("year-narrative-missing-section"));
    await reporter.fill("#narrative-problemText", "全年只召开 1 次法律讲座，少于目标 2 次。");
    await reporter.fill("#narrative-improvementText", "2026 年上下半年各安排一次讲座，列入年初工作计划。");
    await reporter.getByRole("button", { name: "提交审核" }).click();
    await expect.poll(() => reporter.locator("#evaluation-message").textContent()).toContain("已提交审核：总分 92.95，等级“优”");
    // Submitted, not approved: its report is a draft, said at the top of the page and of the document.
    await reporter.getByRole("link", { name: "自评报告（Word）" }).click();
    await reporter.waitForURL(/\/evaluations\/report\?project=/);
    expect(await reporter.locator("[data-page-mark]").textContent()).toBe("草稿 · 尚未审核通过，不得对外报送");
    expect(await reporter.locator("[data-report-note]").textContent()).toContain("尚未审核通过（当前：已提交待审核）");
    await reporter.screenshot(shot("year-report-project-draft"));
    await reporter.close();

    const phone = await signInAs(browser(), "reporter", 375);
    await phone.goto(`/projects/${legalId}/evaluation`);
    await phone.locator("#narrative-heading").scrollIntoViewIfNeeded();
    await phone.screenshot(shot("year-narrative-phone"));
    await phone.close();

    const reviewer = await signInAs(browser(), "reviewer");
    await reviewer.goto(`/projects/${legalId}/evaluation`);
    expect(await reviewer.locator("#narrative-problemText").inputValue()).toBe("全年只召开 1 次法律讲座，少于目标 2 次。");
    expect(await reviewer.locator("#narrative-problemText").getAttribute("readonly")).not.toBeNull();
    await reviewer.getByRole("button", { name: "审核通过" }).click();
    await expect.poll(() => reviewer.locator("#evaluation-status").textContent()).toBe("已审核通过");
    await reviewer.screenshot(shot("year-narrative-approved"));
    await reviewer.close();

    const leader = await signInAs(browser(), "leader");
    await leader.goto("/evaluations");
    await leader.getByRole("link", { name: "柳北区大数据发展局（部门）" }).click();
    await leader.waitForURL(/\/evaluations\/report\?/);
    expect(await leader.locator("#report-status").textContent()).toBe("16 个项目 · 已审核通过 16 个");
    expect(await leader.locator("[data-page-mark]").textContent()).toBe("内部版 · 含内部说明，不得对外报送");
    expect(await leader.locator("#report-preview").textContent()).toContain("全年只召开 1 次法律讲座，少于目标 2 次。");
    await leader.screenshot(shot("year-report-department-preview", false));
    const [download] = await Promise.all([leader.waitForEvent("download"), leader.getByRole("link", { name: "下载 Word（公开版）" }).click()]);
    expect(download.suggestedFilename()).toBe("2025年度项目支出绩效自评报告-柳北区大数据发展局（公开版）.docx");
    const docx = path.resolve(RESULTS, "department-report.docx");
    writeFileSync(docx, await readFile((await download.path())!));
    const text = paragraphs(docxParts(readFileSync(docx)).document);
    expect(text[0]).toBe("柳北区大数据发展局2025年度项目支出绩效自评报告");
    expect(text).toContain("全年只召开 1 次法律讲座，少于目标 2 次。");
    expect(text.join("\n")).not.toContain("内部说明");
    await leader.setViewportSize({ width: 375, height: 900 });
    // On a phone the sheet fits the screen; only its wide tables scroll sideways.
    const wider = await leader.evaluate(() => [...document.querySelectorAll("#report-preview p, #report-preview h2, #report-preview h3")].filter((e) => e.getBoundingClientRect().right > window.innerWidth).map((e) => `${e.tagName} ${Math.round(e.getBoundingClientRect().width)} ${e.textContent?.slice(0, 20)}`));
    expect(wider).toEqual([]);
    expect(await leader.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await leader.screenshot(shot("year-report-department-phone", false));
    await leader.close();

    // LibreOffice (Debian's libreoffice-writer, installed by .ci/run) lays it out: page numbers and the
    // contents' page references filled, every page rendered to PNG for a person to look at.
    const soffice = spawnSync("soffice", ["--version"], { encoding: "utf8" });
    if (soffice.status !== 0) {
      if (process.env.CI) throw new Error("CI 须安装 libreoffice-writer 以把自评报告转换为 PDF 查看");
      return;
    }
    execFileSync("soffice", ["--headless", "--norestore", `-env:UserInstallation=file://${path.resolve(RESULTS, "lo-profile")}`, "--convert-to", "pdf", "--outdir", path.resolve(RESULTS), docx], { timeout: 180_000 });
    const pdf = path.resolve(RESULTS, "department-report.pdf");
    for (const old of readdirSync(SCREENSHOT_DIR).filter((f) => f.startsWith("year-report-pdf"))) rmSync(path.join(SCREENSHOT_DIR, old));
    const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(pages).toBeGreaterThan(20);
    const pdfText = execFileSync("pdftotext", ["-layout", "-f", "1", "-l", "2", pdf, "-"], { encoding: "utf8" });
    expect(pdfText).toMatch(/一、基本情况\s*\.+\s*\d+/); // the contents' page numbers, filled by the layout
    expect(pdfText).toContain(`第 1 页，共 ${pages} 页`);
    execFileSync("pdftoppm", ["-r", "60", "-png", "-f", "1", "-l", "3", pdf, `${SCREENSHOT_DIR}/year-report-pdf`]);
    execFileSync("pdftoppm", ["-r", "60", "-png", "-f", String(pages - 1), "-l", String(pages), pdf, `${SCREENSHOT_DIR}/year-report-pdf-annex`]);
    expect(readdirSync(SCREENSHOT_DIR).filter((f) => f.startsWith("year-report-pdf")).length).toBe(5);
  });

  it("the admin closes 2025 and drafts 2026; the switcher shows 2025 read-only beside the draft; drafting again is refused with a link", async () => {
    const admin = await signIn(browser(), "ADMIN");
    await admin.goto(`/admin/years?dept=${departmentId}`);
    await admin.locator("#years").waitFor();
    await admin.screenshot(shot("year-admin-open"));
    await admin.locator("tr[data-year='2025']").getByRole("button", { name: "关闭年度" }).click();
    expect(await admin.locator("dialog[open]").textContent()).toContain("全部 16 个项目的自评已审核通过");
    await admin.getByRole("button", { name: "确认关闭" }).click();
    await expect.poll(() => admin.locator("tr[data-year='2025']").textContent()).toContain("已关闭（只读）");
    // 2026 from 2025, without the one-off purchase.
    await admin.getByLabel(/办公设备购置/).uncheck();
    await admin.getByRole("button", { name: "起草 2026 年度目标" }).click();
    await admin.waitForURL(/\/targets\/review\?dept=.*&year=2026/, { timeout: 30_000 });
    expect(await admin.locator("#year-note").textContent()).toContain("2026 年度绩效目标为草案（由 2025 年度起草）");
    expect(await admin.locator("main").textContent()).toContain("上年未达成的指标原样照搬");
    await admin.screenshot(shot("year-review-draft-2026"));
    // Drafting 2026 again: the page says it exists and links to it.
    await admin.goto(`/admin/years?dept=${departmentId}&from=2025`);
    expect(await admin.locator("#draft-exists").textContent()).toBe("2026 年度已存在，不能重复起草。打开 2026 年度");
    await admin.screenshot(shot("year-admin-draft-exists"));
    // The table-12 export of the draft, uploaded to the import page: the same as the system holds.
    await admin.goto(`/targets/review?dept=${departmentId}&year=2026`);
    const [table12] = await Promise.all([admin.waitForEvent("download"), admin.getByRole("link", { name: "导出表12（.xlsx）" }).click()]);
    expect(table12.suggestedFilename()).toMatch(/^2026年项目绩效目标公开表-柳北区大数据发展局（含\d+处审核错误）\.xlsx$/);
    await admin.goto("/admin/import");
    await admin.fill("#departmentCode", "409");
    await admin.setInputFiles("#file", { name: table12.suggestedFilename(), mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: await readFile((await table12.path())!) });
    await admin.getByRole("button", { name: "预览" }).click();
    await expect.poll(() => admin.locator("#plan-summary").textContent(), { timeout: 30_000 }).toContain("与系统中现有内容完全一致，无需导入。");
    await admin.screenshot(shot("year-table12-reimported"));
    await admin.close();

    const leader = await signInAs(browser(), "leader");
    await leader.goto("/dashboard?year=2025");
    const switcher = leader.getByRole("navigation", { name: "预算年度" });
    expect(await switcher.textContent()).toBe("预算年度2026草案2025已关闭");
    expect(await switcher.locator("[aria-current=page]").textContent()).toBe("2025已关闭");
    expect(await leader.locator("#year-note").textContent()).toContain("2025 年度已关闭，只能查看，不能修改。");
    await leader.screenshot(shot("year-dashboard-2025-closed"));
    await switcher.getByRole("link", { name: /2026/ }).click();
    await leader.waitForURL(/year=2026/);
    expect(await leader.locator("#year-comparison").textContent()).toContain("2025 年同期");
    await leader.screenshot(shot("year-dashboard-2026-draft"));
    await leader.setViewportSize({ width: 375, height: 900 });
    await leader.screenshot(shot("year-dashboard-2026-phone"));
    await leader.close();

    // The evaluator: 2025 read-only with its approved record; 2026's editor beside 2025's results.
    const reporter = await signInAs(browser(), "reporter");
    await reporter.goto(`/projects/${legalId}/evaluation`);
    expect(await reporter.locator("#year-note").textContent()).toContain("2025 年度已关闭");
    expect(await reporter.getByRole("button", { name: "保存草稿" }).count()).toBe(0);
    expect(await reporter.locator("#narrative-problemText").inputValue()).toBe("全年只召开 1 次法律讲座，少于目标 2 次。");
    await reporter.goto("/progress?year=2025&month=12");
    expect(await reporter.getByRole("button", { name: /保存/ }).count()).toBe(0);
    const legal2026 = await db().project.findFirstOrThrow({ where: { name: LEGAL, fiscalYear: { year: 2026, departmentId } } });
    await reporter.goto(`/projects/${legal2026.id}/targets`);
    expect(await reporter.locator("[data-previous='年内召开法律讲座次数']").textContent()).toBe("≥ 2 次 · 1 次 · 6.25/12.50未完全达成");
    expect(await reporter.locator("#previous-summary").textContent()).toContain("2025 年度该项目自评 92.95 分、等级“优”（已审核）");
    await reporter.screenshot(shot("year-editor-beside-2025"));
    await reporter.setViewportSize({ width: 375, height: 900 });
    await reporter.screenshot(shot("year-editor-beside-2025-phone"));
    await reporter.close();
  });
});
