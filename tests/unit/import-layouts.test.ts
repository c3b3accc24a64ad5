import { describe, expect, it } from "vitest";
import { parseTargetsFile, parseTargetsText } from "@/lib/targets/import";
import { readAmount, splitUnit, excelDate } from "@/lib/targets/import/cells";
import { CATEGORY_NAMES, COMPARATOR_CELLS, INDICATOR_COLUMNS, PROJECT_LABELS, categoryName, indicatorColumn, projectField } from "@/lib/targets/import/labels";
import { missingMappingFields, readMapping, suggestMapping } from "@/lib/targets/import/mapping";
import { textAs } from "@/lib/targets/import/shapes";

// The pieces of layout recognition one at a time; the corpus (import-corpus.test.ts) reads whole files.
const form = (...rows: string[][]) => rows.map((r) => r.join("\t")).join("\n");
const targets = (text: string) => parseTargetsText(text).projects[0]?.indicators.map((i) => [i.name, i.comparator, i.value, i.unit]);
const HEAD = [["项目名称", "测试项目"], ["实施单位", "433001测试单位"], ["年度资金总额", "10"], ["年度目标", "完成测试"]];

describe("the synonym table", () => {
  it("notes a source for every spelling and maps each to one field", () => {
    for (const list of [PROJECT_LABELS, INDICATOR_COLUMNS, CATEGORY_NAMES, COMPARATOR_CELLS] as const) {
      for (const s of list) expect(s.source, s.text).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(["项目支出名称", "项 目 名 称：", "年度本级预算金额", "预算金额（万元）", "本年度绩效目标", "项目绩效目标", "预算单位", "填报单位（盖章）", "预算部门"].map(projectField)).toEqual([
      "name", "name", "budget", "budget", "goal", "goal", "unitName", "unitName", "department",
    ]);
    // An amount in 元 is never read as 万元.
    expect(projectField("预算金额（元）")).toBe("budgetYuan");
    expect(["指标值及单位", "指标内容", "二级指标（年度）", "三级指标(长期)", "中长期指标值", "指标值（包含数字及文字描述）", "指标值类型", "指标方向"].map(indicatorColumn)).toEqual([
      { column: "value" }, { column: "l3" }, { column: "l2", term: "annual" }, { column: "l3", term: "long" }, { column: "value", term: "long" }, { column: "value" }, { column: "comparator" }, { column: "comparator" },
    ]);
    expect(["社会公众或服务对象满意度指标", "可持续影响指标", "满意度指标："].map(categoryName)).toEqual(["满意度", "可持续效益", "满意度"]);
  });
});

describe("cells", () => {
  it("reads amounts with their unit, in 元 only when told", () => {
    expect(["250万", "250万元", "1,234.5", "86.5", "待定", "250元"].map((t) => readAmount(t))).toEqual(["250.00", "250.00", "1234.50", "86.50", null, null]);
    expect([readAmount("123456.78", true), readAmount("250000元", true)]).toEqual(["12.345678", "25.00"]);
  });

  it("splits unit codes written in front, behind or in brackets", () => {
    expect(["(433001)乌海市数据中心", "【433001】乌海市数据中心", "433001-乌海市数据中心", "乌海市数据中心（433001）", "乌海市数据中心"].map(splitUnit)).toEqual([
      ["433001", "乌海市数据中心"], ["433001", "乌海市数据中心"], ["433001", "乌海市数据中心"], ["433001", "乌海市数据中心"], ["", "乌海市数据中心"],
    ]);
  });

  it("knows Excel date serials of 2000–2050 and nothing else", () => {
    expect(["44561", "36526", "55153", "36525", "55154", "4456", "44561.0", "445610"].map(excelDate)).toEqual(["2021-12-31", "2000-01-01", "2050-12-31", null, null, null, "2021-12-31", null]);
  });
});

describe("comparator and unit columns", () => {
  const header = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "计量单位"];
  it("honours the comparator column: ≤ 70 万元 is ≤, 反向 is ≤, 定量 leaves the value's own", () => {
    expect(targets(form(...HEAD, header, ["产出指标", "成本指标", "运维费", "≤", "70", "万元"], ["", "数量指标", "巡检", "反向", "3", "次"], ["", "", "设备", "定量", "≥5", "台"], ["", "质量指标", "质量", "定性", "良好", ""]))).toEqual([
      ["运维费", "<=", "70", "万元"], ["巡检", "<=", "3", "次"], ["设备", ">=", "5", "台"], ["质量", "qualitative", "良好", ""],
    ]);
  });

  it("refuses, with row and column, a comparator it does not know or one the value contradicts, and a unit the value contradicts", () => {
    const r = parseTargetsText(form(...HEAD, header, ["产出指标", "数量指标", "甲", "大约", "5", "个"], ["", "", "乙", "≤", "≥5", "个"], ["", "", "丙", "≥", "5箱", "个"], ["", "", "丁", "≥", "良好", ""], ["", "", "戊", "≥", "5", "个"]));
    expect(r.projects[0]?.indicators.map((i) => i.name)).toEqual(["戊"]);
    expect(r.problems.map((p) => `${p.location} ${p.message}`)).toEqual([
      "第6行 第4列 指标“甲”的比较符“大约”无法识别（应为 ≥、≤、=、>、<、正向、反向、定量或定性），未导入",
      "第7行 第4列 指标“乙”的指标值“≥5”与比较符“≤”不一致，未导入",
      "第8行 第6列 指标“丙”的指标值“5箱”自带单位“箱”，与计量单位列的“个”不同，未导入",
      "第9行 第5列 指标“丁”的比较符为“≥”，但指标值“良好”不是数值，未导入",
    ]);
  });

  it("keeps what the cells said in raw: comparator, value and unit", () => {
    const r = parseTargetsText(form(...HEAD, header, ["产出指标", "成本指标", "运维费", "≤", "70", "万元"]));
    expect(r.projects[0]?.indicators[0]?.raw).toBe("成本指标：运维费(≤70万元)");
  });
});

describe("labels and their values", () => {
  it("says which amount it took when the budget is a part of a total with others below", () => {
    const r = parseTargetsText(form(["项目名称", "甲"], ["实施单位", "433001测试单位"], ["年度资金总额", "金额（万元）"], ["（一）财政拨款小计", "4.00"], ["（二）其他资金", "2.00"], ["年度目标", "完成"], ["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "数量指标", "巡检", "≥1次"]));
    expect(r.projects[0]?.budgetWan).toBe("4.00");
    expect(r.problems).toEqual([{ severity: "warning", location: "第5行 第2列", message: "年度资金总额取自第4行 第2列“（一）财政拨款小计”的 4.00；其下还列有 2.00，如年度资金总额应为各项合计，请在表中写明总额后重新导入" }]);
  });

  it("converts a budget labelled in 元, saying so", () => {
    const r = parseTargetsText(form(["项目名称", "甲"], ["实施单位", "433001测试单位"], ["预算金额（元）", "86500"], ["年度目标", "完成"], ["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "数量指标", "巡检", "≥1次"]));
    expect(r.projects[0]?.budgetWan).toBe("8.65");
    expect(r.problems.map((p) => p.message)).toEqual(["项目“甲”的预算金额以元填写（86500 元），已换算为 8.65 万元"]);
  });

  it("never leaves a goal or a unit empty without saying so", () => {
    const onlyLong = parseTargetsText(form(["项目名称", "甲"], ["年度资金总额", "3"], ["长期目标", "五年建成"], ["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "数量指标", "巡检", "≥1次"]));
    expect(onlyLong.projects[0]?.annualGoal).toBe("");
    expect(onlyLong.problems.map((p) => p.message)).toEqual([
      "项目“甲”未找到实施单位（需要“实施单位”“预算单位”或“填报单位”一栏，或单位代码），导入时须能对应到本部门的单位",
      "项目“甲”未找到年度绩效目标（需要“年度绩效目标”“年度目标”“本年度绩效目标”或“项目绩效目标”一栏），年度绩效目标为空",
    ]);
    const emptyGoal = parseTargetsFile(new TextEncoder().encode(["项目名称,甲", "实施单位,433001测试单位", "年度资金总额,3", "年度目标,", "一级指标,二级指标,三级指标,指标值", "产出指标,数量指标,巡检,≥1次"].join("\n")));
    return emptyGoal.then((r) => expect(r.problems).toEqual([{ severity: "warning", location: "第4行 第1列", message: "项目“甲”的年度绩效目标一栏为空" }]));
  });

  it("reads a goal written under its label once, not twice", async () => {
    const csv = ["项目名称,甲", "实施单位,433001测试单位", "年度资金总额,3", "年度绩效目标,", "完成巡检", "一级指标,二级指标,三级指标,指标值", "产出指标,数量指标,巡检,≥1次"].join("\n");
    const r = await parseTargetsFile(new TextEncoder().encode(csv));
    expect([r.projects[0]?.annualGoal, r.problems]).toEqual(["完成巡检", []]);
  });

  it("reads a goal that goes on over the rows below it in its column", async () => {
    const csv = ["项目名称,甲", "实施单位,433001测试单位", "年度资金总额,3", "年度绩效目标,目标1：完成巡检", ",目标2：保障运行", "一级指标,二级指标,三级指标,指标值", "产出指标,数量指标,巡检,≥1次"].join("\n");
    const r = await parseTargetsFile(new TextEncoder().encode(csv));
    expect(r.projects[0]?.annualGoal).toBe("目标1：完成巡检\n目标2：保障运行");
  });
});

describe("长期/年度 column pairs", () => {
  it("refuses two unmarked halves rather than guess which is the year's", () => {
    const r = parseTargetsText(form(...HEAD, ["一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"], ["产出指标", "数量指标", "甲", "≥5个", "数量指标", "甲", "≥1个"]));
    expect(r.projects).toEqual([]);
    expect(r.problems[0]?.message).toContain("表头有 2 个“二级指标”列（第2、5列），未标明哪一个是年度指标");
  });

  it("takes the half a row above marks as 年度目标", () => {
    const r = parseTargetsText(form(...HEAD, ["", "中长期目标", "", "", "年度目标"], ["一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"], ["产出指标", "数量指标", "甲", "≥5个", "数量指标", "甲", "≥1个"]));
    expect(r.projects[0]?.indicators.map((i) => `${i.name}${i.comparator}${i.value}`)).toEqual(["甲>=1"]);
  });
});

describe("text shapes", () => {
  it("reads a `|` table whose merged rows lost cells, and a space-separated one whose empty cells vanished", () => {
    const pipe = ["| 项目名称 | 甲 |", "| 实施单位 | 433001测试单位 |", "| 年度资金总额 | 3 |", "| 年度目标 | 完成 |", "| 一级指标 | 二级指标 | 三级指标 | 指标值 | 计量单位 |", "| 产出指标 | 数量指标 | 巡检 | ≥1 | 次 |", "| 维修 | ≥2 | 次 |", "| 质量指标 | 合格率 | 100 | % |"].join("\n");
    expect(targets(pipe)).toEqual([["巡检", ">=", "1", "次"], ["维修", ">=", "2", "次"], ["合格率", "=", "100", "%"]]);
    const spaces = pipe.split("\n").map((line) => line.replace(/ *\| */g, "   ").trim()).join("\n");
    expect(targets(spaces)).toEqual([["巡检", ">=", "1", "次"], ["维修", ">=", "2", "次"], ["合格率", "=", "100", "%"]]);
  });

  it("gathers one-cell-per-line indicators with a comparator and a unit of their own", () => {
    const lines = ["项目名称", "甲", "实施单位", "433001测试单位", "年度资金总额", "3", "年度目标", "完成", "一级指标", "二级指标", "三级指标", "比较符", "指标值", "计量单位", "产出指标", "成本指标", "运维费", "≤", "3", "万元", "巡检费", "0.5", "万元", "满意度指标", "服务对象满意度指标", "满意度", "≥", "90", "%"].join("\n");
    expect(targets(lines)).toEqual([["运维费", "<=", "3", "万元"], ["巡检费", "=", "0.5", "万元"], ["满意度", ">=", "90", "%"]]);
  });

  it("reads a tree written without indentation by its level names", () => {
    const tree = ["项目名称：甲", "实施单位：433001测试单位", "预算金额：3万元", "年度绩效目标：完成", "绩效指标", "产出指标", "数量指标", "巡检次数：≥4次", "满意度指标", "服务对象满意度指标", "满意度 ≥90%"].join("\n");
    const r = parseTargetsText(tree);
    expect([r.format, r.problems]).toEqual(["tree", []]);
    expect(r.projects[0]?.indicators.map((i) => `${i.category}:${i.name}:${i.comparator}${i.value}${i.unit}`)).toEqual(["数量:巡检次数:>=4次", "满意度:满意度:>=90%"]);
  });
});

describe("the column mapping", () => {
  const csv = new TextEncoder().encode(["考核项目,经费,分项,要点,目标", "甲,3,数量指标,巡检,≥4次", ",,满意度指标,满意度,≥90%"].join("\n"));
  const mapping = { columns: { name: "考核项目", budget: "经费", l2: "分项", l3: "要点", value: "目标" }, labels: {}, values: { unit: "433001测试单位" } };

  it("reads a file no layout knows, and is remembered: tried when recognition fails", async () => {
    const unread = await parseTargetsFile(csv);
    expect(unread.layout).toBeNull();
    expect(unread.suggested).toEqual({ columns: {}, labels: {}, values: {}, headerRow: 1 });
    expect(unread.sample?.rows[0]).toEqual({ row: 1, cells: ["考核项目", "经费", "分项", "要点", "目标"] });
    const remembered = await parseTargetsFile(csv, { remembered: mapping });
    expect(remembered.mapping?.source).toBe("remembered");
    expect(remembered.projects.map((p) => [p.name, p.unitCode, p.budgetWan, p.indicators.length])).toEqual([["甲", "433001", "3.00", 2]]);
    // A file the synonyms read is read by them, whatever the department remembered.
    const known = await parseTargetsFile(new TextEncoder().encode(["项目名称,乙", "实施单位,433001测试单位", "年度资金总额,3", "年度目标,完成", "一级指标,二级指标,三级指标,指标值", "产出指标,数量指标,巡检,≥1次"].join("\n")), { remembered: mapping });
    expect([known.mapping, known.projects[0]?.name]).toEqual([null, "乙"]);
  });

  it("names columns by position where the header is empty, and reads labels the admin pointed at", async () => {
    const text = new TextEncoder().encode(["考核单位：433001测试单位", "项目：甲", "资金：3", "分项,,目标,", "数量指标,巡检,≥4,次"].join("\n"));
    const r = await parseTargetsFile(text, { mapping: { columns: { l2: "分项", l3: "第2列", value: "目标", measure: "第4列" }, labels: { name: "项目", budget: "资金", unit: "考核单位" }, values: {} } });
    expect(r.problems).toEqual([{ severity: "warning", location: "第2行 第1列", message: "项目“甲”未找到年度绩效目标（需要“年度绩效目标”“年度目标”“本年度绩效目标”或“项目绩效目标”一栏），年度绩效目标为空" }]);
    expect(r.projects.map((p) => [p.name, p.unitCode, p.budgetWan, p.indicators.map((i) => `${i.comparator}${i.value}${i.unit}`)])).toEqual([["甲", "433001", "3.00", [">=4次"]]]);
  });

  it("says what a mapping lacks, or where its header was not found, and reads nothing", async () => {
    const lacking = await parseTargetsFile(csv, { mapping: { columns: { l3: "要点" }, labels: {}, values: {} } });
    expect(lacking.problems[0]?.message).toBe("列的对应关系缺少：项目名称（一列、一个标签或直接填写）、预算金额（一列、一个标签或直接填写）、一级指标或二级指标、指标值");
    const elsewhere = await parseTargetsFile(csv, { mapping: { ...mapping, columns: { ...mapping.columns, value: "目标值" } } });
    expect(elsewhere.problems[0]?.message).toBe("按列的对应关系找不到表头行：需要一行同时含“考核项目”“经费”“分项”“要点”“目标值”，请重新指定列的对应关系");
    expect([lacking.projects, elsewhere.projects]).toEqual([[], []]);
    expect(missingMappingFields({ columns: { name: "a", budget: "b", l1: "c", l3: "d", value: "e" }, labels: {}, values: {} })).toEqual([]);
  });

  it("validates mappings from outside, in Chinese", () => {
    expect(readMapping({ columns: { l9: "x" } })).toEqual({ error: expect.stringContaining("列的对应关系格式有误") });
    expect(readMapping({ columns: {}, extra: 1 })).toEqual({ error: expect.stringContaining("有不认识的项") });
    expect(readMapping({ columns: { l3: "要点" } })).toEqual({ mapping: { columns: { l3: "要点" }, labels: {}, values: {} } });
  });

  it("suggests the columns the synonyms know on the most header-like row", () => {
    const grid = textAs(["标题", "项目名称,一级指标,考核要点,指标值,口径", "甲,产出指标,巡检,4,≥"].join("\n"), "comma");
    expect(suggestMapping(grid)).toEqual({ columns: { name: "项目名称", l1: "一级指标", value: "指标值" }, labels: {}, values: {}, headerRow: 2 });
  });
});
