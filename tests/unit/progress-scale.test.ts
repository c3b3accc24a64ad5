import { describe, expect, it } from "vitest";
import { isDoneStatement, meetsQualitative, qualitativeScale, qualitativeShortfall } from "@/lib/progress/scale";

describe("qualitativeScale", () => {
  it.each([
    ["是", ["是", "否"]],
    ["否", ["否", "是"]],
    ["完成", ["完成", "未完成"]],
    ["已完成", ["完成", "未完成"]],
    ["达标", ["达标", "不达标"]],
    ["优", ["优", "良", "中", "差"]],
    ["良", ["优", "良", "中", "差"]],
    ["中", ["优", "良", "中", "差"]],
    ["良好", ["良好", "较好", "一般", "较差"]],
    ["较好", ["良好", "较好", "一般", "较差"]],
    ["一般", ["良好", "较好", "一般", "较差"]],
    ["优秀", ["优秀", "良好", "合格", "不合格"]],
    ["合格", ["优秀", "良好", "合格", "不合格"]],
    ["不低于上年", ["不低于上年", "未达到"]],
    ["有效提升", ["有效提升", "未达到"]],
  ])("target %s is judged on %j", (target, options) => {
    expect(qualitativeScale(target).options).toEqual(options);
  });

  it("ranks the options best first and accepts the usual other spellings", () => {
    const grade = qualitativeScale("优");
    expect(["优", "良", "中", "差"].map((v) => grade.rank(v))).toEqual([0, 1, 2, 3]);
    expect(grade.rank("优秀")).toBe(0);
    expect(grade.rank("良好")).toBe(1);
    expect(grade.rank("不合格")).toBe(3);
    expect(grade.rank("很好")).toBeNull();
    expect(grade.rank(" 优。")).toBe(0);
    expect(grade.rank("优")).toBe(0);
    const yesNo = qualitativeScale("是");
    expect(yesNo.rank("已完成")).toBe(0);
    expect(yesNo.rank("未完成")).toBe(1);
    expect(yesNo.rank("良好")).toBeNull();
  });

  it("normalises full-width and spaced target text", () => {
    expect(qualitativeScale(" 良好 ").options).toEqual(["良好", "较好", "一般", "较差"]);
  });
});

describe("meetsQualitative", () => {
  it.each([
    // 是/否: 购买的耗材符合质量标准(是), 年度内完成(是)
    ["是", "是", true],
    ["是", "已完成", true],
    ["是", "否", false],
    ["否", "否", true],
    ["否", "是", false],
    // 完成/未完成, 达标/不达标
    ["完成", "已完成", true],
    ["完成", "未完成", false],
    ["达标", "达标", true],
    ["达标", "不达标", false],
    // 优/良/中/差: 质保服务(优)
    ["优", "优", true],
    ["优", "优秀", true],
    ["优", "良", false],
    ["良", "优", true],
    ["良", "中", false],
    // 良好/较好/一般/较差: 提高工作效率(良好)
    ["良好", "良好", true],
    ["良好", "优秀", true],
    ["良好", "较好", false],
    ["良好", "一般", false],
    ["较好", "良好", true],
    // 优秀/良好/合格/不合格
    ["优秀", "良好", false],
    ["合格", "优秀", true],
    ["合格", "合格", true],
    ["合格", "不合格", false],
    // anything else: target / 未达到
    ["不低于上年", "不低于上年", true],
    ["不低于上年", "未达到", false],
  ])("target %s, actual %s → %s", (target, actual, met) => {
    expect(meetsQualitative(target, actual)).toBe(met);
  });

  it("is null when the actual is not on the target's scale", () => {
    expect(meetsQualitative("是", "良好")).toBeNull();
    expect(meetsQualitative("优", "满意")).toBeNull();
    expect(meetsQualitative("不低于上年", "高于上年")).toBeNull();
  });
});

describe("qualitativeShortfall", () => {
  it("counts levels short and marks the scale's last level as a failure", () => {
    expect(qualitativeShortfall("优", "良")).toEqual({ steps: 1, worst: false });
    expect(qualitativeShortfall("优", "中")).toEqual({ steps: 2, worst: false });
    expect(qualitativeShortfall("优", "差")).toEqual({ steps: 3, worst: true });
    expect(qualitativeShortfall("是", "否")).toEqual({ steps: 1, worst: true });
    expect(qualitativeShortfall("合格", "不合格")).toEqual({ steps: 1, worst: true });
    expect(qualitativeShortfall("良", "优")).toEqual({ steps: -1, worst: false });
    expect(qualitativeShortfall("是", "满意")).toBeNull();
  });
});

describe("isDoneStatement", () => {
  it.each([
    ["是", true],
    ["完成", true],
    ["已完成", true],
    ["达标", true],
    ["否", false],
    ["良好", false],
    ["优", false],
    ["不低于上年", false],
  ])("%s → %s", (target, done) => {
    expect(isDoneStatement(target)).toBe(done);
  });
});
