import { describe, expect, it } from "vitest";
import { CATEGORIES, LEVEL1_LABELS, categoryFromLabel, level1Of } from "@/lib/targets/categories";
import { direction, formatTarget, parseTarget, splitIndicatorText } from "@/lib/targets/parse-target";

describe("parseTarget", () => {
  it.each([
    ["≥50箱", ">=", "50", "箱"],
    ["≥５０箱", ">=", "50", "箱"],
    ["≥ 50 箱", ">=", "50", "箱"],
    [">=50箱", ">=", "50", "箱"],
    ["≧50箱", ">=", "50", "箱"],
    ["＞＝50箱", ">=", "50", "箱"],
    ["≤2.1587万元", "<=", "2.1587", "万元"],
    ["≤100%", "<=", "100", "%"],
    ["≥1.3%", ">=", "1.3", "%"],
    ["≥0.10", ">=", "0.10", ""],
    ["=1次/月", "=", "1", "次/月"],
    ["=240万", "=", "240", "万"],
    ["≥120万条", ">=", "120", "万条"],
    ["≤12月底", "<=", "12", "月底"],
    ["=12月", "=", "12", "月"],
    ["=0个", "=", "0", "个"],
    ["<5天", "<", "5", "天"],
    [">3", ">", "3", ""],
    ["≥1,000个", ">=", "1000", "个"],
    ["1,000个", "=", "1000", "个"],
    ["100%", "=", "100", "%"],
    ["不超过30分钟", "<=", "30", "分钟"],
    ["不高于50个", "<=", "50", "个"],
    ["不大于5天", "<=", "5", "天"],
    ["不低于3次", ">=", "3", "次"],
    ["不少于3次", ">=", "3", "次"],
    ["不小于3次", ">=", "3", "次"],
    ["大于2个", ">", "2", "个"],
    ["超过2个", ">", "2", "个"],
    ["高于2个", ">", "2", "个"],
    ["小于2个", "<", "2", "个"],
    ["低于2个", "<", "2", "个"],
    ["等于2个", "=", "2", "个"],
    ["前10名", "<=", "10", "名"],
    ["90%以上", ">=", "90", "%"],
    ["30分钟以内", "<=", "30", "分钟"],
  ])("%s → %s %s %s", (text, comparator, value, unit) => {
    expect(parseTarget(text)).toEqual({ comparator, value, unit });
  });

  it.each(["是", "良好", "优", "否", "良", "中", "合格", "达标", "不低于上年", "2024年12月底前"])(
    "qualitative %s",
    (text) => {
      expect(parseTarget(text)).toEqual({ comparator: "qualitative", value: text, unit: "" });
    },
  );

  it("normalises full-width letters in qualitative text but trims only the ends", () => {
    expect(parseTarget(" Ａ级 ")).toEqual({ comparator: "qualitative", value: "A级", unit: "" });
  });

  it.each(["", "   ", "abc(", "(≥5)", "≥", "≥良好", "≥1,00个", "≥50-60箱", "=2024年12月"])("rejects %j", (text) => {
    expect(parseTarget(text)).toBeNull();
  });
});

describe("formatTarget", () => {
  it.each([
    [{ comparator: ">=", value: "50", unit: "箱" }, "≥ 50 箱"],
    [{ comparator: "=", value: "100", unit: "%" }, "= 100%"],
    [{ comparator: "<=", value: "2.1587", unit: "万元" }, "≤ 2.1587 万元"],
    [{ comparator: "<=", value: "10", unit: "名" }, "≤ 10 名"],
    [{ comparator: ">", value: "3", unit: "" }, "> 3"],
    [{ comparator: "qualitative", value: "是", unit: "" }, "是"],
  ] as const)("%j → %s", (target, text) => {
    expect(formatTarget(target)).toBe(text);
  });
});

describe("direction", () => {
  it.each([
    [">=", "90", "forward"],
    [">", "1", "forward"],
    ["=", "100", "forward"],
    ["<=", "100", "reverse"],
    ["<", "5", "reverse"],
    ["=", "0", "reverse"],
    ["=", "0.00", "reverse"],
    ["qualitative", "是", null],
  ] as const)("%s %s → %s", (comparator, value, expected) => {
    expect(direction(comparator, value)).toBe(expected);
  });
});

describe("splitIndicatorText", () => {
  it("splits glued prefixed items and keeps the prefix in raw", () => {
    const items = splitIndicatorText("数量指标：碎纸机(=4台)数量指标：书柜(=2张)", "数量");
    expect(items).toEqual([
      { category: "数量", prefixed: true, name: "碎纸机", targetText: "=4台", raw: "数量指标：碎纸机(=4台)" },
      { category: "数量", prefixed: true, name: "书柜", targetText: "=2张", raw: "数量指标：书柜(=2张)" },
    ]);
  });

  it("splits space-separated items with ASCII colons", () => {
    const items = splitIndicatorText("数量指标:A(=240万) 数量指标:B(≥1.3%)", "数量");
    expect(items.map((i) => [i.name, i.targetText])).toEqual([["A", "=240万"], ["B", "≥1.3%"]]);
  });

  it("lets the prefix, not the column, decide the category", () => {
    const [item] = splitIndicatorText("可持续效益指标:“中国柳州”门户网站绩效排名(前10名)", "生态效益");
    expect(item).toMatchObject({ category: "可持续效益", prefixed: true, name: "“中国柳州”门户网站绩效排名" });
    expect(splitIndicatorText("服务对象满意度指标：x(≥90%)", "数量")[0]?.category).toBe("满意度");
    expect(splitIndicatorText("可持续影响指标：x(是)", "数量")[0]?.category).toBe("可持续效益");
  });

  it("gives unprefixed items the column category and splits them on clear targets or separators", () => {
    expect(splitIndicatorText("碎纸机(=4台)书柜(=2张)", "数量").map((i) => [i.category, i.prefixed, i.name])).toEqual([
      ["数量", false, "碎纸机"],
      ["数量", false, "书柜"],
    ]);
    expect(splitIndicatorText("A(是)；B(否)", "质量").map((i) => i.name)).toEqual(["A", "B"]);
  });

  it("takes the LAST parenthesised group as the target", () => {
    expect(splitIndicatorText("数量指标：活动演练范围(县区数量)(≥9个)", "数量")[0]).toMatchObject({
      name: "活动演练范围(县区数量)",
      targetText: "≥9个",
    });
    expect(splitIndicatorText("服务(含运维)满意度(≥90%)", "满意度").map((i) => i.name)).toEqual(["服务(含运维)满意度"]);
    // PDF extraction may put spaces between the groups; a following "(" still means "same item".
    expect(splitIndicatorText("活动演练范围 (县区数量) (≥9个)", "数量").map((i) => [i.name, i.targetText])).toEqual([
      ["活动演练范围 (县区数量)", "≥9个"],
    ]);
  });

  it("accepts full-width parentheses and colons", () => {
    const [item] = splitIndicatorText("质量指标：合格率（＝100％）", "质量");
    expect(item).toMatchObject({ name: "合格率", targetText: "＝100％" });
    expect(parseTarget(item?.targetText ?? "")).toEqual({ comparator: "=", value: "100", unit: "%" });
  });

  it("reports items without a target group instead of dropping them", () => {
    expect(splitIndicatorText("abc(", "数量")).toEqual([
      { category: "数量", prefixed: false, name: "abc(", targetText: null, raw: "abc(" },
    ]);
    expect(splitIndicatorText("数量指标：购买打印纸", "数量")[0]?.targetText).toBeNull();
    expect(splitIndicatorText("x)", "数量")[0]?.targetText).toBeNull();
  });

  it("treats placeholders as empty cells", () => {
    expect(splitIndicatorText("无", "数量")).toEqual([]);
    expect(splitIndicatorText("  ", "数量")).toEqual([]);
  });
});

describe("categories", () => {
  it("lists the nine categories in form order", () => {
    expect(CATEGORIES).toEqual(["数量", "质量", "时效", "成本", "经济效益", "社会效益", "生态效益", "可持续效益", "满意度"]);
  });

  it.each([
    ["数量指标", "数量"],
    ["质量指标：", "质量"],
    ["时效指标:", "时效"],
    ["成本指标", "成本"],
    ["经济效益指标", "经济效益"],
    ["社会效益指标", "社会效益"],
    ["生态效益指标", "生态效益"],
    ["可持续效益指标", "可持续效益"],
    ["可持续影响指标", "可持续效益"],
    ["服务对象满意度指标", "满意度"],
    ["满意度指标", "满意度"],
    ["项目名称", null],
  ] as const)("%s → %s", (label, category) => {
    expect(categoryFromLabel(label)).toBe(category);
  });

  it("maps categories to level 1 with 成本 under 产出", () => {
    expect(CATEGORIES.map(level1Of)).toEqual(["产出", "产出", "产出", "产出", "效益", "效益", "效益", "效益", "满意度"]);
    expect(LEVEL1_LABELS).toEqual({ 产出: "产出指标", 效益: "效益指标", 满意度: "满意度指标" });
  });
});
