import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { hasChromium, SCREENSHOT_DIR, signIn, setupBrowser } from "../support/browser";
import { hasPoppler, inspectPdf, type PdfWord } from "../support/pdf";

// Print what leadership looks at: the 绩效运行监控表's print page and its PDF (A4 landscape, header rows
// on every page, sign-off line), and the dashboard's and a project page's PDF with the whole execution
// chart inside the page — checked by the bounding boxes of the chart's own labels in the PDF (pdftotext
// -bbox), and rendered to PNG (pdftoppm) to look at.

const browser = setupBrowser();
const shot = (name: string, fullPage = true) => ({ path: `${SCREENSHOT_DIR}/print-${name}.png`, fullPage });
const word = (words: PdfWord[], text: string) => words.filter((w) => w.text === text);

/** The chart's box in print layout, the box that holds it, and the printable column's. */
async function chartInColumn(page: Page) {
  return page.evaluate(() => {
    const svg = document.querySelector("[data-chart] svg")!.getBoundingClientRect();
    const holder = document.querySelector("[data-chart]")!.getBoundingClientRect();
    const main = document.querySelector("main")!.getBoundingClientRect();
    return { svg: { left: svg.left, right: svg.right, top: svg.top, bottom: svg.bottom }, holder: { top: holder.top, bottom: holder.bottom }, main: { left: main.left, right: main.right } };
  });
}
const A4_WIDTH = 595.3; // points
/** Words that are the chart's month labels ("1月" … "12月"). */
const monthLabels = (words: PdfWord[]) => words.filter((w) => /^\d{1,2}月$/.test(w.text)).sort((a, b) => a.page - b.page || a.xMin - b.xMin);

describe.runIf(hasChromium() && hasPoppler())("print and PDF", () => {
  it("the dashboard's PDF holds the whole year's chart inside the A4 page", async () => {
    const leader = await signIn(browser(), "LEADER");
    await leader.goto("/dashboard?asOf=2025-12-31");
    await leader.locator("[data-chart] svg").first().waitFor({ timeout: 15_000 });
    expect(await leader.locator("[data-chart] svg").first().getAttribute("viewBox")).toMatch(/^0 0 1\d{3} 240$/);
    // Printed from a wide screen, as a leader would: the chart was drawn 1,200 px wide, and is redrawn
    // for the paper's column.
    await leader.emulateMedia({ media: "print" });
    await expect.poll(() => leader.locator("[data-chart] svg").first().getAttribute("viewBox")).toBe("0 0 660 240");
    const box = await chartInColumn(leader);
    // Inside the column, drawn (a real height), and not clipped by the box that holds it.
    expect(box.svg.left).toBeGreaterThanOrEqual(box.main.left - 0.5);
    expect(box.svg.right).toBeLessThanOrEqual(box.main.right + 0.5);
    expect(box.svg.bottom - box.svg.top).toBeGreaterThan(100);
    expect(box.holder.bottom).toBeGreaterThanOrEqual(box.svg.bottom - 0.5);
    await leader.screenshot(shot("dashboard-print-layout"));
    const pdf = inspectPdf("dashboard", await leader.pdf({ format: "A4", printBackground: true }));
    const page = pdf.pages[0]!;
    expect(Math.abs(page.width - A4_WIDTH)).toBeLessThan(1.5); // A4 portrait
    const labels = monthLabels(pdf.words);
    expect(labels.map((l) => l.text)).toEqual(["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"]);
    // All on one line, left to right, inside the page's margins (12 mm = 34 pt): December — the month
    // cut off before — included.
    expect(new Set(labels.map((l) => l.page)).size).toBe(1);
    for (let n = 1; n < labels.length; n += 1) expect(labels[n]!.xMin).toBeGreaterThan(labels[n - 1]!.xMax);
    for (const l of labels) expect(l.xMin, l.text).toBeGreaterThanOrEqual(30);
    for (const l of labels) expect(l.xMax, l.text).toBeLessThanOrEqual(page.width - 30);
    // Printed at a readable size: the labels (11 px on screen) are at least 7 pt high on paper.
    for (const l of labels) expect(l.yMax - l.yMin, l.text).toBeGreaterThan(7);
    console.log(`dashboard PDF: ${pdf.pages.length} pages, month labels from x ${labels[0]!.xMin.toFixed(1)} to ${labels[11]!.xMax.toFixed(1)} of ${page.width} pt; PNG ${pdf.pngs.join(", ")}`);
    await leader.close();
  });

  it("a project page's PDF keeps its chart in the column too", async () => {
    const leader = await signIn(browser(), "LEADER");
    await leader.goto("/projects");
    await leader.getByRole("link", { name: "信息化项目建设管理工作经费" }).first().click();
    await leader.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    await leader.locator("[data-chart] svg").first().waitFor({ timeout: 15_000 });
    await leader.emulateMedia({ media: "print" });
    const pdf = inspectPdf("project", await leader.pdf({ format: "A4", printBackground: true }));
    const width = pdf.pages[0]!.width;
    const labels = monthLabels(pdf.words);
    expect(labels.map((l) => l.text).at(-1)).toBe("12月");
    for (const l of labels) expect(l.xMax, l.text).toBeLessThanOrEqual(width - 30);
    await leader.close();
  });

  it("the monitoring table: missing items listed before export, the workbook, the print page on A4 landscape with header rows on every page", async () => {
    const leader = await signIn(browser(), "LEADER");
    await leader.goto("/monitoring");
    expect(await leader.locator("h1").textContent()).toBe("绩效运行监控表");
    expect(await leader.locator("#monitoring-basis").textContent()).toContain("只用审核通过的填报");
    expect(await leader.locator("#monitoring-missing").textContent()).toMatch(/导出前请核对：\d+ 个指标缺少监控表要填的内容/);
    expect(await leader.locator("#asOf").inputValue()).toBe("2025-07-31");
    await leader.screenshot(shot("monitoring-leader-1280"));

    const download = await leader.request.get((await leader.locator("#monitoring-xlsx").getAttribute("href"))!);
    expect(download.status()).toBe(200);
    expect(download.headers()["content-disposition"]).toContain(encodeURIComponent("2025年1–7月项目支出绩效目标执行监控表"));
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await download.body()) as unknown as ArrayBuffer);
    expect(book.worksheets[0]!.name).toBe("汇总");
    expect(book.worksheets).toHaveLength(17);

    // A date outside the year: said in words, nothing generated.
    await leader.goto("/monitoring?asOf=2024-07-31");
    expect(await leader.locator("#asOf-error").textContent()).toBe("截至日期 2024-07-31 不在 2025 年度内，请选择 2025-01-01 至 2025-12-31 之间的日期。");
    expect(await leader.locator("#monitoring-summary").count()).toBe(0);
    // The usual periods stay one click away.
    expect(await leader.getByRole("link", { name: "1–7 月" }).getAttribute("href")).toBe("?asOf=2025-07-31");
    await leader.screenshot(shot("monitoring-wrong-date"));

    await leader.goto("/monitoring/print?asOf=2025-07-31");
    expect(await leader.locator("article.monitoring-sheet").count()).toBe(17);
    await leader.emulateMedia({ media: "print" });
    await leader.screenshot(shot("monitoring-print-layout"));
    const pdf = inspectPdf("monitoring", await leader.pdf({ preferCSSPageSize: true, printBackground: true }));
    const first = pdf.pages[0]!;
    // A4 landscape: 842 × 595 pt.
    expect([Math.round(first.width), Math.round(first.height)]).toEqual([842, 595]);
    expect(pdf.pages.length).toBeGreaterThanOrEqual(17);
    // Every word inside the page: no column of the form runs off its right edge.
    const outside = pdf.words.filter((w) => w.xMax > first.width - 20 || w.xMin < 20);
    expect(outside.map((w) => `${w.page}:${w.text}`)).toEqual([]);
    // Each project's table starts on a page of its own; every page with indicator rows has the header rows.
    const titles = word(pdf.words, "项目支出绩效目标执行监控表");
    expect(new Set(titles.map((t) => t.page)).size).toBe(16);
    const pagesWith = (text: string, words = pdf.words) => new Set(words.filter((w) => w.text === text).map((w) => w.page));
    const headerPages = pagesWith("偏差原因分析");
    for (const p of pagesWith("产出指标")) expect(headerPages.has(p), `page ${p} has indicator rows but no header`).toBe(true);
    expect(word(pdf.words, "单位负责人：＿＿＿＿＿＿").length).toBeGreaterThanOrEqual(17);
    console.log(`monitoring PDF: ${pdf.pages.length} pages; PNG ${pdf.pngs.slice(0, 3).join(", ")} …`);

    // Printed larger (as a browser's zoom or a larger default font would), the tables run over several
    // pages: every page a table continues on starts with its header rows.
    await leader.addStyleTag({ content: "@media print { html { font-size: 24px !important; } }" });
    const large = inspectPdf("monitoring-large", await leader.pdf({ preferCSSPageSize: true, printBackground: true }));
    const titled = pagesWith("项目支出绩效目标执行监控表", large.words);
    const firstProject = Math.min(...titled);
    // Summary pages with project rows: they hold amounts ("5,000.00").
    const summaryRows = [...new Set(large.words.filter((w) => w.page < firstProject && /^[\d,]+\.\d{2}$/.test(w.text)).map((w) => w.page))];
    expect(summaryRows.length, "the summary runs over more than one page").toBeGreaterThan(1);
    for (const p of summaryRows) expect(pagesWith("项目名称", large.words).has(p), `summary page ${p} without its header`).toBe(true);
    // A page after the first project's that has no title and is not just the sign-off line continues a table.
    const signOffOnly = (p: number) => large.words.filter((w) => w.page === p).every((w) => /^(填报人|审核人|单位负责人|填报日期)|^[＿年月日：]+$/.test(w.text));
    const continued = large.pages.map((_, n) => n + 1).filter((p) => p > firstProject && !titled.has(p) && !signOffOnly(p));
    expect(continued.length, "some project's table continues on another page").toBeGreaterThan(0);
    const largeHeaders = pagesWith("偏差原因分析", large.words);
    for (const p of continued) expect(largeHeaders.has(p), `page ${p} continues a table without its header`).toBe(true);
    console.log(`monitoring PDF printed larger: ${large.pages.length} pages, tables continued on pages ${continued.join(", ")}`);

    const phone = await signIn(browser(), "LEADER", { width: 375 });
    await phone.goto("/monitoring");
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await phone.screenshot(shot("monitoring-leader-375"));
    const reporter = await signIn(browser(), "REPORTER", { unitCode: "309002" });
    await reporter.goto("/monitoring");
    expect(await reporter.locator("#monitoring-summary tbody tr").count()).toBeLessThan(16);
    await reporter.screenshot(shot("monitoring-reporter-1280"));
    for (const page of [leader, phone, reporter]) await page.close();
  });

  it("the overview, a unit page and the budget page offer their .xlsx; the file carries the page's date", async () => {
    const leader = await signIn(browser(), "LEADER");
    for (const url of ["/dashboard?asOf=2025-06-30", "/budget?asOf=2025-06-30"]) {
      await leader.goto(url);
      const href = (await leader.locator("[data-export]").getAttribute("href"))!;
      const response = await leader.request.get(href);
      expect(response.status(), url).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(Buffer.from(await response.body()) as unknown as ArrayBuffer);
      expect(String(book.worksheets[0]!.getCell("A1").value), url).toContain("（截至 2025-06-30）");
    }
    await leader.goto("/dashboard?asOf=2025-06-30");
    await leader.locator("table th a").first().click();
    await leader.waitForURL(/\/units\//);
    const response = await leader.request.get((await leader.locator("[data-export]").getAttribute("href"))!);
    expect(response.status()).toBe(200);
    await leader.screenshot(shot("unit-with-export"));
    await leader.close();
  });
});
