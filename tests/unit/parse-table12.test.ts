import { readFileSync } from "node:fs";
import { rng } from "../support/random";
import { describe, expect, it } from "vitest";
import { parseBudget, parseTable12 } from "@/lib/targets/parse-table12";
import { direction } from "@/lib/targets/parse-target";
import type { ParsedIndicator, ParsedProject, ParseResult } from "@/lib/targets/types";

const SEED = readFileSync(new URL("../../prisma/seed-data/liuzhou-309-2025-budget-disclosure.txt", import.meta.url), "utf8");
const TABLE12 = SEED.slice(SEED.lastIndexOf("项目绩效目标公开表"));
// Table 12's full header: every column of the layout (a header lacking one is refused, lib/targets/import/columns.ts).
const HEADER = ["序号", "单位代码", "单位名称", "项目名称", "预算资金总额", "年度绩效目标", "数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标", "生态效益指标", "可持续效益指标", "服务对象满意度指标"].join("\t");

const fen = (wan: string): number => {
  expect(wan).toMatch(/^\d+\.\d{2}$/);
  return Number(wan.replace(".", ""));
};
const sumFen = (projects: ParsedProject[]): number => projects.reduce((s, p) => s + fen(p.budgetWan), 0);
const errors = (r: ParseResult) => r.problems.filter((p) => p.severity === "error");
const find = (r: ParseResult, name: string): ParsedIndicator => {
  const hit = r.projects.flatMap((p) => p.indicators).find((i) => i.name === name);
  if (!hit) throw new Error(`missing indicator ${name}`);
  return hit;
};

describe("parseTable12 on the Liuzhou 309 disclosure", () => {
  const result = parseTable12(SEED);

  it("reads 16 projects with 122 indicators and no errors", () => {
    expect(errors(result)).toEqual([]);
    expect(result.projects).toHaveLength(16);
    expect(result.projects.reduce((n, p) => n + p.indicators.length, 0)).toBe(122);
  });

  it("reads every project's indicator count", () => {
    expect(result.projects.map((p) => [p.unitCode, p.name, p.indicators.length])).toEqual([
      ["309001", "日常办公耗材购置", 6],
      ["309001", "柳州市智慧城市专项资金", 6],
      ["309001", "第一书记驻村工作经费", 6],
      ["309001", "法律顾问费", 6],
      ["309001", "大数据行业发展工作经费", 6],
      ["309001", "保密机房维护费", 6],
      ["309001", "柳州市政务新媒体内容监测", 6],
      ["309001", "县区安全攻防演练", 6],
      ["309002", "办公设备购置", 10],
      ["309002", "信息化项目建设管理工作经费", 6],
      ["309002", "柳州市政府网站安全管理工作", 7],
      ["309002", "柳州市电子政务信息系统安全等级保护工作", 7],
      ["309002", "硬件设备维修、更换(包括:门户网站、电子政务、信息数据中心等)", 7],
      ["309002", "软件售后经费(电子政务、CA认证系统、电子印章、信息数据中心)", 17],
      ["309002", "1.网络租金(柳州门户网站网络线路;电子政务短信平台、VPN;应急联动平台等)", 7],
      ["309002", "龙城市民云APP运维费", 13],
    ]);
  });

  it("keeps budgets exact and sums them in fen", () => {
    expect(result.projects[1]?.budgetWan).toBe("5000.00");
    expect(result.projects[0]?.budgetWan).toBe("3.00");
    expect(sumFen(result.projects)).toBe(542006);
    const of = (code: string) => result.projects.filter((p) => p.unitCode === code);
    expect([of("309001").length, sumFen(of("309001"))]).toEqual([8, 505659]);
    expect([of("309002").length, sumFen(of("309002"))]).toEqual([8, 36347]);
  });

  it.each([
    ["购买打印纸", "数量", ">=", "50", "箱"],
    ["活动演练范围(县区数量)", "数量", ">=", "9", "个"],
    ["办公设备购置费", "成本", "<=", "2.1587", "万元"],
    ["用户问题响应时间", "时效", "<=", "30", "分钟"],
    ["全年用户投诉量", "满意度", "<=", "50", "个"],
    ["“中国柳州”门户网站绩效排名", "可持续效益", "<=", "10", "名"],
    ["电子政务系统安全稳定运行", "可持续效益", ">=", "99", "%"],
    ["龙城市民云注册用户数", "数量", "=", "240", "万"],
    ["机房巡检", "数量", "=", "1", "次/月"],
    ["各项工作在2024年12月底前完成", "时效", "qualitative", "是", ""],
    ["质保服务", "质量", "qualitative", "优", ""],
    ["重要系统安全事故数", "可持续效益", "=", "0", "个"],
  ])("%s → %s %s %s %s", (name, category, comparator, value, unit) => {
    expect(find(result, name)).toMatchObject({ category, comparator, value, unit });
  });

  it("keeps the published text in raw and flags zero targets as reverse", () => {
    expect(find(result, "购买打印纸").raw).toBe("数量指标：购买打印纸(≥50箱)");
    const accidents = find(result, "重要系统安全事故数");
    expect(direction(accidents.comparator, accidents.value)).toBe("reverse");
  });

  it("classifies row 16's shifted cells by prefix and warns once per shifted cell", () => {
    const software = result.projects.find((p) => p.name.startsWith("软件售后经费"));
    expect(software?.indicators.filter((i) => i.category === "生态效益")).toEqual([]);
    expect(software?.indicators.filter((i) => i.category === "满意度").map((i) => i.name)).toEqual(["市直机关、企事业单位满意度"]);
    expect(result.problems.map((p) => p.location)).toEqual(["第526行 第13列", "第526行 第14列"]);
  });

  it("parses table 12 alone exactly like the whole disclosure", () => {
    const alone = parseTable12(TABLE12);
    expect(alone.projects).toEqual(result.projects);
    expect(alone.problems.map((p) => p.message)).toEqual(result.problems.map((p) => p.message));
  });

  it("maps columns by header text, so reordered columns still parse; a dropped column, even an empty one, is refused by name", () => {
    const header = TABLE12.split("\n").find((l) => l.startsWith("序号"))?.split("\t") ?? [];
    const columns = (dropped: Set<string>) => {
      const keep = header.map((_, i) => i).filter((i) => !dropped.has(header[i] ?? "")).reverse();
      return TABLE12.split("\n")
        .map((line) => (line.includes("\t") ? keep.map((i) => line.split("\t")[i] ?? "").join("\t") : line))
        .join("\n");
    };
    const reordered = parseTable12(columns(new Set()));
    expect(errors(reordered)).toEqual([]);
    const key = (i: ParsedIndicator) => `${i.category}|${i.name}|${i.raw}`;
    const norm = (r: ParseResult) => r.projects.map((p) => ({ ...p, indicators: p.indicators.map(key).sort() }));
    expect(norm(reordered)).toEqual(norm(result));
    // 经济效益 and 社会效益 are empty in the seed, but a table without the columns cannot say so.
    const dropped = parseTable12(columns(new Set(["经济效益指标", "社会效益指标"])));
    expect(dropped.projects).toEqual([]);
    expect(errors(dropped)).toEqual([{ severity: "error", fatal: true, location: "第7行", message: expect.stringContaining("表头缺少“经济效益指标”、“社会效益指标”列") }]); // said once, at the first of three headers
  });
});

describe("parseTable12 on constructed tables", () => {
  it("joins continuation lines, skips repeated headers and blank lines, reads full-width text", () => {
    const text = [
      "项目绩效目标公开表",
      HEADER,
      "1\t\t合计\t\t1,236.50\t\t\t\t",
      "2\t101001\t某单位\t测试项目\t1,234.50\t完成年度任务\t数量指标：购买（≥５０箱）\t质量指标：合格率(=10",
      "",
      HEADER,
      "0%)\t\t\t\t\t\t\t满意度指标：满意度(≥ 90 %)",
      "3\t101001\t某单位\t另一项目\t2\t\t数量指标：会议（不少于3次）\t\t",
    ].join("\n");
    const r = parseTable12(text);
    expect(r.problems).toEqual([]);
    expect(r.projects.map((p) => [p.name, p.budgetWan, p.annualGoal])).toEqual([
      ["测试项目", "1234.50", "完成年度任务"],
      ["另一项目", "2.00", ""],
    ]);
    expect(r.projects[0]?.indicators.map((i) => [i.category, i.name, i.comparator, i.value, i.unit])).toEqual([
      ["数量", "购买", ">=", "50", "箱"],
      ["质量", "合格率", "=", "100", "%"],
      ["满意度", "满意度", ">=", "90", "%"],
    ]);
    expect(r.projects[0]?.indicators[0]?.raw).toBe("数量指标：购买（≥５０箱）");
  });

  it("reports a non-numeric budget with its line and column and skips that project only", () => {
    const text = [HEADER, "1\t1\t甲\t项目甲\t待定\t\t数量指标：a(=1个)", "2\t1\t甲\t项目乙\t5.5\t\t数量指标：b(=2个)"].join("\n");
    const r = parseTable12(text);
    expect(r.projects.map((p) => [p.name, p.budgetWan])).toEqual([["项目乙", "5.50"]]);
    expect(errors(r)).toEqual([{ severity: "error", location: "第2行 第5列", message: expect.stringContaining("待定") }]);
  });

  it("reports items without a readable target and keeps the rest", () => {
    const text = [HEADER, "1\t1\t甲\t项目甲\t1.00\t\t数量指标：a数量指标：b(≥很多个)数量指标：c(=3个)\t\t"].join("\n");
    const r = parseTable12(text);
    expect(r.projects[0]?.indicators.map((i) => i.name)).toEqual(["c"]);
    expect(errors(r).map((p) => p.location)).toEqual(["第2行 第7列", "第2行 第7列"]);
    expect(errors(r)[0]?.message).toContain("缺少括号中的目标值");
  });

  it("reports a missing header, empty input, orphan lines and a header without a budget column", () => {
    expect(parseTable12("随便\t一些\t文字\n1\t2\t3").problems).toEqual([
      { severity: "error", fatal: true, location: "全文", message: expect.stringContaining("未找到表头") },
    ]);
    expect(errors(parseTable12(""))).toHaveLength(1);
    expect(errors(parseTable12(" \n\n\t")).map((p) => p.message)).toEqual(["输入为空，没有可解析的内容"]);
    expect(errors(parseTable12(`${HEADER}\n孤立的续行`))[0]?.location).toBe("第2行");
    const noBudget = HEADER.replace("预算资金总额", "备注");
    expect(errors(parseTable12(`${noBudget}\n1\t1\t甲\t项目\t1\t\t`))[0]?.message).toContain("预算资金总额");
  });

  it("stops at a note or the next table's title", () => {
    const text = [HEADER, "1\t1\t甲\t项目甲\t1.00\t\t数量指标：a(=1个)", "注：以上为预算数。", "1\t2\t3\t4\t5"].join("\n");
    expect(parseTable12(text).projects.map((p) => p.name)).toEqual(["项目甲"]);
  });

  it("parses budgets exactly", () => {
    expect(["5,000.00", "3", "0.5", "1,234,567.891", " 12 .00", "1,00", "abc", "-1"].map(parseBudget)).toEqual([
      "5000.00", "3.00", "0.50", "1234567.891", "12.00", null, null, null,
    ]);
  });
});


describe("parseTable12 robustness", () => {
  const pieces = ["\t", "\n", "\r\n", "(", ")", "（", "）", "：", ":", "≥", "≤", "=", "数量指标：", "5", ",", "序号", "项目名称", "x", " ", "前", "名", "\uFEFF", "表"];

  it("never throws on 500 mutated or random inputs and always returns well-formed values", () => {
    const random = rng(20250101);
    const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
    for (let n = 0; n < 500; n++) {
      let text = n % 10 === 0 ? "" : TABLE12;
      for (let k = 1 + Math.floor(random() * 6); k > 0; k--) {
        const at = Math.floor(random() * (text.length + 1));
        const op = Math.floor(random() * 4);
        if (op === 0) text = text.slice(0, at) + text.slice(at + Math.floor(random() * 200));
        else if (op === 1) text = text.slice(0, at) + Array.from({ length: 1 + Math.floor(random() * 8) }, () => pick(pieces)).join("") + text.slice(at);
        else if (op === 2) text = text.slice(0, at);
        else text = text.split("\n").sort(() => random() - 0.5).join("\n");
      }
      const r = parseTable12(text);
      for (const p of r.problems) {
        // The catch-all in parseTable12 would hide a crash, so an internal-error problem counts as a failure.
        expect(p.message).not.toContain("内部错误");
        expect(["error", "warning"]).toContain(p.severity);
        expect(p.location.length * p.message.length).toBeGreaterThan(0);
      }
      for (const project of r.projects) {
        expect(project.budgetWan).toMatch(/^\d+\.\d{2,}$/);
        for (const i of project.indicators) {
          if (i.comparator === "qualitative") expect(i.value).not.toBe("");
          else expect(i.value).toMatch(/^-?\d+(\.\d+)?$/);
        }
      }
    }
  });
});
