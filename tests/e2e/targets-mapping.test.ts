import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { hasChromium, SCREENSHOT_DIR, signIn, setupBrowser } from "../support/browser";

// The column-mapping fallback in Chromium: a file no layout reads, its columns assigned by the admin,
// the preview, the commit, and the department's next file read by the remembered mapping.
const browser = setupBrowser();
const shot = (name: string) => ({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true });
const FILE = { name: "考核目标.csv", mimeType: "text/csv", buffer: readFileSync(new URL("../fixtures/targets/15-needs-mapping.csv", import.meta.url)) };
const COLUMNS: Array<[string, string]> = [
  ["第1列（考核项目）对应", "name"], ["第2列（经费（万元））对应", "budget"], ["第3列（类别）对应", "l1"], ["第4列（分项）对应", "l2"],
  ["第5列（考核要点）对应", "l3"], ["第6列（口径）对应", "comparator"], ["第8列（计量）对应", "measure"],
];

describe.runIf(hasChromium())("targets: the column-mapping fallback", () => {
  it("an admin assigns the columns of a file no layout reads, previews, commits, and the next file is read by itself", async () => {
    const page = await signIn(browser(), "ADMIN");
    await page.goto("/admin/import");
    await page.fill("#departmentCode", "433");
    await page.fill("#departmentName", "青山市文化广电和旅游局");
    await page.setInputFiles("#file", FILE);
    await page.getByRole("button", { name: "预览", exact: true }).click();
    // Not read: the grid as found, with what was found and what is needed.
    await expect.poll(() => page.locator("#column-mapping").textContent(), { timeout: 30_000 }).toContain("最像表头的是第2行");
    expect(await page.locator("#mapping-header-row").inputValue()).toBe("2");
    expect(await page.locator("#column-mapping tbody tr").count()).toBe(10);
    expect(await page.locator("#plan-heading").count()).toBe(0);
    await page.screenshot(shot("admin-import-mapping-screen"));

    // Wrong input: a mapping without 指标值 (and without 三级指标) cannot be previewed, and says why.
    for (const [label, field] of COLUMNS) await page.getByLabel(label).selectOption(field);
    await expect.poll(() => page.locator("#mapping-missing").textContent()).toBe("还需要指定：指标值。");
    expect(await page.getByRole("button", { name: "按此对应关系预览" }).isDisabled()).toBe(true);
    await page.screenshot(shot("admin-import-mapping-missing"));

    await page.getByLabel("第7列（目标）对应").selectOption("value");
    expect(await page.locator("#mapping-missing").count()).toBe(0);
    await page.fill("#mapping-value-unit", "433015青山市文化馆");
    await page.getByRole("button", { name: "按此对应关系预览" }).click();
    await expect.poll(() => page.locator("#plan-summary").textContent(), { timeout: 30_000 }).toContain("共 2 个项目、8 个指标、预算 114.00 万元");
    expect(await page.locator("#mapping-used").textContent()).toContain("已按指定的列对应关系读取");
    expect(await page.locator("#plan-year").textContent()).toContain("2025 年度");
    expect(await page.locator("#plan-summary").textContent()).toContain("将新建单位：433015 青山市文化馆");
    await page.screenshot(shot("admin-import-mapped-preview"));

    await page.getByRole("button", { name: "确认导入" }).click();
    await expect.poll(() => page.locator("#plan-heading").textContent(), { timeout: 30_000 }).toContain("导入完成");
    await page.screenshot(shot("admin-import-mapped-committed"));

    // The committed result, as the project page shows it.
    await page.goto("/projects");
    await page.getByRole("link", { name: "433 青山市文化广电和旅游局" }).click();
    await page.getByRole("link", { name: "图书馆免费开放" }).click();
    await expect.poll(() => page.locator("main").textContent()).toContain("年接待读者");
    const main = await page.locator("main").textContent();
    expect(main).toContain("≥ 30 万人次");
    expect(main).toContain("≤ 88 万元");
    await page.screenshot(shot("admin-import-mapped-project"));

    // The department's next file of this shape: read by the remembered mapping, nothing to change.
    await page.goto("/admin/import");
    await page.fill("#departmentCode", "433");
    await page.setInputFiles("#file", FILE);
    await page.getByRole("button", { name: "预览", exact: true }).click();
    await expect.poll(() => page.locator("#plan-summary").textContent(), { timeout: 30_000 }).toContain("与系统中现有内容完全一致");
    expect(await page.locator("#mapping-used").textContent()).toContain("已按本部门上次保存的列对应关系读取");
    expect(await page.locator("#column-mapping").count()).toBe(0);
    await page.screenshot(shot("admin-import-mapping-remembered"));
    await page.close();
  });

  it("the mapping screen works on a phone", async () => {
    const page = await signIn(browser(), "ADMIN", { width: 375 });
    await page.goto("/admin/import");
    await page.fill("#departmentCode", "434");
    await page.fill("#departmentName", "青山市示例局");
    await page.setInputFiles("#file", { ...FILE, buffer: Buffer.from(FILE.buffer.toString("utf8").replaceAll("考核项目", "任务")) });
    await page.getByRole("button", { name: "预览", exact: true }).click();
    await expect.poll(() => page.locator("#column-mapping").textContent(), { timeout: 30_000 }).toContain("指定列的对应关系");
    await page.screenshot(shot("admin-import-mapping-phone"));
    await page.close();
  });

  it("review findings name their rule in Chinese, for a unit's reporter too, on a phone", async () => {
    const page = await signIn(browser(), "REPORTER", { unitCode: "309002", width: 375 });
    await page.goto("/targets/review");
    const text = (await page.locator("main").textContent()) ?? "";
    expect(text).toContain("【数量指标使用“=”】");
    expect(text).not.toMatch(/equals-on-count|cost-sum-mismatch/);
    await page.screenshot(shot("reporter-review-phone"));
    await page.close();
  });
});
