import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseUnitProjectTotals } from "@/lib/targets/parse-unit-totals";

const SEED = readFileSync(new URL("../../prisma/seed-data/liuzhou-309-2025-budget-disclosure.txt", import.meta.url), "utf8");
const TABLE3 = SEED.slice(SEED.indexOf("\n部门支出总体情况表") + 1, SEED.indexOf("\n财政拨款收支总体情况表"));

const row = (...cells: string[]) => cells.join("\t");
const HEADER = row("科目编码", "部门(单位)代码", "部门名称(单位)(功能分类科目名称)", "合计", "基本支出", "项目支出", "结转下年支出");
const table = (...rows: string[]) => ["部门支出总体情况表", "", "部门名称：999测试局", "", "单位：万元", "", HEADER, ...rows].join("\n");

describe("parseUnitProjectTotals", () => {
  it("reads table 3 of the Liuzhou 309 disclosure", () => {
    expect(parseUnitProjectTotals(SEED)).toEqual({ totals: { "309001": "5056.59", "309002": "363.47" }, problems: [] });
  });

  it("reads table 3 on its own, with CRLF line ends", () => {
    expect(TABLE3.startsWith("部门支出总体情况表")).toBe(true);
    expect(parseUnitProjectTotals(TABLE3.replace(/\n/g, "\r\n")).totals).toEqual({ "309001": "5056.59", "309002": "363.47" });
  });

  it("does not take the table of contents entry or table 5 for table 3", () => {
    const withoutTable3 = SEED.replace(TABLE3, "");
    const result = parseUnitProjectTotals(withoutTable3);
    expect(result.totals).toEqual({});
    expect(result.problems).toEqual([expect.objectContaining({ severity: "error", location: "全文" })]);
    expect(result.problems[0]?.message).toContain("未找到“部门支出总体情况表”");
  });

  it("keeps every published decimal and removes separators", () => {
    const text = table(row("", "999", "测试局", "1,234.50", "0.00", "1,234.5", "0.00"), row("", "999001", "测试局本级", "1,234.50", "0.00", "1,234.5", "0.00"));
    expect(parseUnitProjectTotals(text)).toEqual({ totals: { "999001": "1234.50" }, problems: [] });
  });

  it("follows a column order that differs from the seed", () => {
    const header = row("部门(单位)代码", "科目编码", "名称", "项目支出", "基本支出", "合计");
    const text = ["部门支出总体情况表", header, row("999001", "", "测试局", "12.30", "1.00", "13.30"), row("", "2010101", "行政运行", "0.00", "1.00", "1.00")].join("\n");
    expect(parseUnitProjectTotals(text)).toEqual({ totals: { "999001": "12.30" }, problems: [] });
  });

  it("warns when the units do not add up to the department row", () => {
    const text = table(row("", "999", "测试局", "", "", "10.00", ""), row("", "999001", "测试局本级", "", "", "9.00", ""));
    const result = parseUnitProjectTotals(text);
    expect(result.totals).toEqual({ "999001": "9.00" });
    expect(result.problems).toEqual([expect.objectContaining({ severity: "warning", location: "第8行" })]);
    expect(result.problems[0]?.message).toContain("9.00万元");
  });

  it("reports an unreadable amount with its position and keeps the other units", () => {
    const text = table(row("", "999001", "甲", "", "", "abc", ""), row("", "999002", "乙", "", "", "2.00", ""));
    const result = parseUnitProjectTotals(text);
    expect(result.totals).toEqual({ "999002": "2.00" });
    expect(result.problems).toEqual([expect.objectContaining({ severity: "error", location: "第8行 第6列" })]);
    expect(result.problems[0]?.message).toContain("999001");
  });

  it("reports a header without unit rows", () => {
    const result = parseUnitProjectTotals(table(row("合计", "", "", "1.00", "0.00", "1.00", "0.00")));
    expect(result.totals).toEqual({});
    expect(result.problems[0]?.severity).toBe("error");
    expect(result.problems[0]?.message).toContain("没有单位行");
  });

  it("reports a title without a header", () => {
    const result = parseUnitProjectTotals("部门支出总体情况表\n\n单位：万元\n\n财政拨款收支总体情况表\n" + HEADER);
    expect(result.totals).toEqual({});
    expect(result.problems[0]?.message).toContain("其后没有包含");
  });

  it.each([[""], ["   \n\n"], ["garbage\twithout\ttables"], ["\u0000\u0001"], [undefined as unknown as string], [null as unknown as string], [42 as unknown as string]])(
    "never throws on %j",
    (input) => {
      const result = parseUnitProjectTotals(input);
      expect(result.totals).toEqual({});
      expect(result.problems.length).toBeGreaterThan(0);
      expect(result.problems.every((p) => p.severity === "error")).toBe(true);
    },
  );
});
