import { readFileSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { SEED_FILE } from "@/lib/db/seed";
import { hasChromium, SCREENSHOT_DIR, signIn, setupBrowser } from "../support/browser";

const browser = setupBrowser();
const shot = (name: string) => ({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true });
const seed = readFileSync(SEED_FILE, "utf8");
// The bureau's table 12 as another department (code 316) would publish it.
const table = seed
  .slice(seed.lastIndexOf("项目绩效目标公开表"))
  .replaceAll("309001", "316001")
  .replaceAll("309002", "316002")
  .replaceAll("\t309\t", "\t316\t");

describe.runIf(hasChromium())("targets: import, review, edit", () => {
  it("an admin imports a table into a new department, sees preview and findings, commits, and re-imports with no change", async () => {
    const page = await signIn(browser(), "ADMIN");
    await page.goto("/admin/import");
    await page.fill("#departmentCode", "316");
    await page.fill("#departmentName", "柳州市示例局");
    await page.fill("#year", "2025");
    await page.fill("#text", table);
    await page.getByRole("button", { name: "预览" }).click();
    await expect.poll(() => page.locator("#plan-summary").textContent(), { timeout: 30_000 }).toContain("共 16 个项目、122 个指标、预算 5,420.06 万元");
    expect(await page.locator("#plan-summary").textContent()).toContain("新增 16 个");
    expect(await page.locator("#plan-findings").textContent()).toContain("2024");
    await page.screenshot(shot("admin-import-preview"));

    await page.getByRole("button", { name: "确认导入" }).click();
    await expect.poll(() => page.locator("#plan-heading").textContent()).toContain("导入完成");
    await page.getByRole("button", { name: "预览" }).click();
    await expect.poll(() => page.locator("#plan-summary").textContent()).toContain("与系统中现有内容完全一致");
    expect(await page.getByRole("button", { name: "确认导入" }).isDisabled()).toBe(true);
    await page.screenshot(shot("admin-import-no-change"));

    // A picture renamed .xlsx is refused by content, with nothing written.
    await page.fill("#text", "");
    await page.setInputFiles("#file", { name: "目标表.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: Buffer.from("89504e470d0a1a0a0000000d49484452", "hex") });
    await page.getByRole("button", { name: "预览" }).click();
    await expect.poll(() => page.locator("#import-error").textContent()).toMatch(/未生成导入计划.*(图片|PNG)/);
    expect(await page.locator("#plan-heading").count()).toBe(0); // no plan at all, not a plan to delete everything
    expect(await page.getByRole("button", { name: "确认导入" }).isDisabled()).toBe(true);
    await page.screenshot(shot("admin-import-picture"));

    // A 50 MB upload is refused by its declared size before the body is read.
    const big = await page.request.post("/api/targets/import", {
      headers: { origin: inject("baseUrl") },
      multipart: { mode: "preview", departmentCode: "316", year: "2025", file: { name: "大文件.xlsx", mimeType: "application/octet-stream", buffer: Buffer.alloc(50 * 1024 * 1024, 0x41) } },
    });
    expect(big.status()).toBe(413);
    expect(((await big.json()) as { message: string }).message).toContain("上限 10 MB");
    await page.close();
  });

  it("shows the department's review findings, linked to the indicator", async () => {
    const page = await signIn(browser(), "LEADER");
    await page.goto("/targets/review");
    const text = await page.locator("main").textContent();
    expect(text).toContain("县区安全攻防演练");
    expect(text).toContain("2024");
    await page.screenshot(shot("leader-review"));
    await page.getByRole("link", { name: "各项工作在2024年12月底前完成" }).click();
    await page.waitForURL(/#indicator-/);
    await page.close();
  });

  it("a reporter cannot reach the import screen; they edit their own targets with field messages", async () => {
    const page = await signIn(browser(), "REPORTER", { unitCode: "309001" });
    expect((await page.goto("/admin/import"))?.status()).toBe(403);
    const api = await page.request.post("/api/targets/import", { multipart: { mode: "preview", departmentCode: "309", year: "2025", text: "x" }, headers: { origin: inject("baseUrl") } });
    expect(api.status()).toBe(403);

    await page.goto("/projects");
    await page.getByRole("link", { name: "法律顾问费" }).click();
    await page.getByRole("link", { name: "编辑绩效指标" }).click();
    await page.getByRole("button", { name: "新增指标" }).click();
    await page.fill("#f-name", "法律咨询次数");
    await page.fill("#f-value", "若干");
    await page.getByRole("button", { name: "保存" }).click();
    await expect.poll(() => page.locator("#f-value-error").textContent()).toContain("必须是数字");
    await page.screenshot(shot("reporter-indicator-bad-value"));
    await page.fill("#f-value", "１２");
    await page.fill("#f-unit", "次");
    await page.getByRole("button", { name: "保存" }).click();
    await expect.poll(() => page.locator("tbody").textContent()).toContain("≥ 12 次");
    await page.goto(page.url().replace(/\/targets$/, ""));
    expect(await page.locator("main").textContent()).toContain("新增指标");
    await page.screenshot(shot("reporter-project-history"));
    await page.close();
  });
});
