import { describe, expect, it } from "vitest";
import { place, textToGrid } from "@/lib/targets/import/grid";
import { cellText, numberText } from "@/lib/targets/import/xlsx";

describe("textToGrid", () => {
  it("reads RFC 4180 quoting: delimiters, line breaks and doubled quotes inside quotes", () => {
    const grid = textToGrid('a,"b,c","d""e"\r\n"f\r\ng",h\n\n"",x', ",");
    expect(grid.rows).toEqual([
      { row: 1, cells: ["a", "b,c", 'd"e'] },
      { row: 2, cells: ["f\ng", "h"] },
      { row: 3, cells: [""] },
      { row: 4, cells: ["", "x"] },
    ]);
    expect(grid.aligned).toBe(true);
  });

  it("treats quotes as text when they do not close a field, as PDF copies have them", () => {
    expect(textToGrid('"中国柳州"门户网站\t2\n"未闭合\t3', "\t").rows).toEqual([
      { row: 1, cells: ['"中国柳州"门户网站', "2"] },
      { row: 2, cells: ['"未闭合', "3"] },
    ]);
    expect(textToGrid("a\tb", "\t").aligned).toBe(false);
  });
});

describe("place", () => {
  it("names sheet, row and column", () => {
    expect(place("表12", 5, 7)).toBe("工作表“表12” 第5行 第7列");
    expect(place(null, 5, 7)).toBe("第5行 第7列");
    expect(place(null, 5)).toBe("第5行");
    expect(place(null)).toBe("全文");
  });
});

describe("xlsx cell text", () => {
  it.each([
    [5000, "", "5000"],
    [2.16, "", "2.16"],
    [152.51, "#,##0.00", "152.51"],
    [0.1 + 0.2, "", "0.3"],
    [1234567.891, "", "1234567.891"],
    [0.9, "0%", "90%"],
    [0.955, "0.0%", "95.5%"],
    [1, "0%", "100%"],
    [0.05, '0.00"%"', "0.05"], // a literal "%" in quotes is not a percent format
    [-0.125, "0.0%", "-12.5%"],
    [Number.NaN, "", ""],
  ])("number %s with format %j → %j", (n, fmt, text) => {
    expect(numberText(n, fmt)).toBe(text);
  });

  it("reads rich text, formulas, shared formulas, hyperlinks, errors, dates and booleans", () => {
    expect(cellText({ richText: [{ text: "数量" }, { text: "指标" }] })).toBe("数量指标");
    expect(cellText({ formula: "A1*2", result: 5000 })).toBe("5000");
    expect(cellText({ sharedFormula: "A1", result: "是" } as never)).toBe("是");
    expect(cellText({ formula: "A1", result: undefined } as never)).toBe("");
    expect(cellText({ text: "链接", hyperlink: "http://x" })).toBe("链接");
    expect(cellText({ error: "#N/A" } as never)).toBe("#N/A");
    expect(cellText(new Date(Date.UTC(2025, 11, 31)))).toBe("2025-12-31");
    expect(cellText(true)).toBe("TRUE");
    expect(cellText(null)).toBe("");
  });
});
