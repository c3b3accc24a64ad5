import { describe, expect, it } from "vitest";
import { indicatorStatus, needsExplanation, projectStatus, type IndicatorStatus, type StatusCheckIn, type StatusIndicator } from "@/lib/progress/status";
import { parseTarget } from "@/lib/targets/parse-target";
import type { Category } from "@/lib/targets/types";

// Seed indicators (柳州市大数据发展局 2025, table 12), built through the real target parser.
function ind(category: Category, name: string, targetText: string): StatusIndicator {
  const target = parseTarget(targetText);
  if (!target) throw new Error(`bad target ${targetText}`);
  return { category, name, ...target };
}
const paper = ind("数量", "购买打印纸", "≥50箱");
const posts = ind("数量", "微信公众号推文数", "≥250个");
const users = ind("数量", "龙城市民云注册用户数", "=240万");
const dailyActive = ind("数量", "龙城市民云平均日活", "≥1.3%");
const faultFix = ind("质量", "龙城市民云故障排除率", "=100%");
const satisfaction = ind("满意度", "服务对象满意度", "≥90%");
const patrol = ind("数量", "机房巡检", "=1次/月");
const spending = ind("时效", "年内支出进度", "≥90%");
const stableYear = ind("可持续效益", "龙城市民云APP安全稳定运行", "=1年");
const responseTime = ind("时效", "用户问题响应时间", "不超过30分钟");
const complaints = ind("满意度", "全年用户投诉量", "不高于50个");
const budgetControl = ind("成本", "预算控制率", "≤100%");
const maintenanceCost = ind("成本", "龙城市民云APP维护费用", "≤100万元");
const accidents = ind("可持续效益", "重要系统安全事故数", "=0个");
const ranking = ind("可持续效益", "“中国柳州”门户网站绩效排名", "前10名");
const dueDecember = ind("时效", "各项工作任务完成时间", "=12月");
const startBy = ind("时效", "项目开工时间", "≤12月底");
const dueJune = ind("时效", "采购合同签订时间", "≤6月底");
const beforeJuly = ind("时效", "采购合同签订时间", "<7月");
const doneInYear = ind("时效", "年度内完成", "是");
const contractByJune = ind("时效", "2025年6月底前完成采购合同", "是");
const wrongYear = ind("时效", "各项工作在2024年12月底前完成", "是");
const warranty = ind("质量", "质保服务", "优");
const meetsStandard = ind("质量", "购买的耗材符合质量标准", "是");
const efficiency = ind("可持续效益", "维持局内正常运转，提高单位履职能力", "良好");
const acceptance = ind("质量", "项目验收结论", "合格");
const unknownScale = ind("社会效益", "群众获得感", "不低于上年");

const JUNE = "2025-06-30"; // 序时进度 181/365 = 49.59%
const LEAP_MID = "2024-07-01"; // 183/366 = 50.00% exactly: thresholds land on whole points
const at = (actualValue: string, extra: Partial<StatusCheckIn> = {}, asOfDate = JUNE): StatusCheckIn => ({ asOfDate, actualValue, likelihood: "CERTAIN", ...extra });
const said = (actualText: string, extra: Partial<StatusCheckIn> = {}, asOfDate = JUNE): StatusCheckIn => ({ asOfDate, actualText, likelihood: "CERTAIN", ...extra });
const status = (indicator: StatusIndicator, checkIn: StatusCheckIn | null, asOf = checkIn?.asOfDate ?? JUNE, year = Number(asOf.slice(0, 4))) =>
  indicatorStatus(indicator, checkIn, asOf, year);

describe("rule 1: not reported", () => {
  it("without a check-in, or without an actual, or with one that cannot be read", () => {
    expect(status(paper, null)).toEqual({ status: "NOT_REPORTED", reason: "尚未填报", completionPercent: null });
    expect(status(paper, { asOfDate: JUNE, actualValue: null, likelihood: "CERTAIN" }).status).toBe("NOT_REPORTED");
    expect(status(paper, at("  ")).status).toBe("NOT_REPORTED");
    expect(status(paper, said("三十箱")).reason).toContain("不是数字");
    expect(status(warranty, said("很满意")).reason).toBe("实际“很满意”不在评价等级（优/良/中/差）中，无法判断");
    expect(status(warranty, { asOfDate: JUNE }).status).toBe("NOT_REPORTED");
    expect(status(dueDecember, at("13")).status).toBe("NOT_REPORTED");
  });
});

describe("rule 2: likelihood and forecast", () => {
  it("完全不可能 → BEHIND, even on pace and even without an actual", () => {
    const r = status(posts, at("200", { likelihood: "IMPOSSIBLE" }));
    expect(r.status).toBe("BEHIND");
    expect(r.reason).toContain("完全不可能");
    expect(status(posts, { asOfDate: JUNE, likelihood: "IMPOSSIBLE" }).status).toBe("BEHIND");
  });
  it("有可能 → at most AT_RISK; a worse status stays", () => {
    expect(status(posts, at("200", { likelihood: "POSSIBLE" })).status).toBe("AT_RISK");
    expect(status(posts, at("50", { likelihood: "POSSIBLE" })).status).toBe("BEHIND");
    expect(status(posts, at("200", { likelihood: null })).status).toBe("ON_TRACK");
  });
  it("a forecast that misses the target → at most AT_RISK", () => {
    expect(status(paper, at("30", { forecastValue: "45" })).status).toBe("AT_RISK");
    expect(status(paper, at("30", { forecastValue: "60" })).status).toBe("ON_TRACK");
    expect(status(complaints, at("10", { forecastValue: "55" })).status).toBe("AT_RISK");
    expect(status(warranty, said("优", { forecastText: "良" })).status).toBe("AT_RISK");
    expect(status(dueDecember, at("0", { forecastValue: "12" })).status).toBe("ON_TRACK");
    expect(status(dueJune, at("0", { forecastText: "否" }, "2025-05-31")).status).toBe("AT_RISK");
    expect(status(dueJune, at("0", { forecastValue: "7" }, "2025-05-31")).reason).toContain("全年预计完成值达不到目标");
  });
  it("neither touches what is already COMPLETED", () => {
    expect(status(paper, at("50", { likelihood: "IMPOSSIBLE", forecastValue: "40" })).status).toBe("COMPLETED");
  });
});

describe("rules 3–4: forward quantities against 序时进度", () => {
  it("met → COMPLETED, with completion actual ÷ target", () => {
    expect(status(paper, at("50"))).toMatchObject({ status: "COMPLETED", completionPercent: "100.00" });
    // = is met when the actual equals or exceeds it (财预〔2020〕10号 as in docs/domain.md)
    expect(status(users, at("245"))).toMatchObject({ status: "COMPLETED", completionPercent: "102.08" });
    expect(status(ind("数量", "年度开展监测数", ">4次"), at("4")).status).not.toBe("COMPLETED");
    expect(status(ind("数量", "年度开展监测数", ">4次"), at("5")).status).toBe("COMPLETED");
  });
  it("explains the pace with its numbers", () => {
    expect(status(posts, at("100"))).toEqual({
      status: "ON_TRACK",
      reason: "实际 100 个，目标 ≥ 250 个，完成 40.00%，序时进度 49.59%，落后 9.59 个百分点",
      completionPercent: "40.00",
    });
    expect(status(paper, at("30")).reason).toBe("实际 30 箱，目标 ≥ 50 箱，完成 60.00%，序时进度 49.59%，领先 10.41 个百分点");
  });
  it.each([
    ["100", "40.00", "ON_TRACK"], // 10.00 points behind: still 正常
    ["99", "39.60", "AT_RISK"], // 10.40
    ["75", "30.00", "AT_RISK"], // 20.00: still 有风险
    ["74", "29.60", "BEHIND"], // 20.40
  ])("推文数 %s of 250 on 2024-07-01 (50.00%%) → %s%% done, %s", (actual, completion, expected) => {
    expect(status(posts, at(actual, {}, LEAP_MID))).toMatchObject({ status: expected, completionPercent: completion });
  });
  it("uses the leap year: the same completion on 1 July is 正常 in 2025 and 有风险 in 2024", () => {
    expect(status(posts, at("99.75", {}, "2025-07-01")).status).toBe("ON_TRACK"); // 49.86 − 39.90 = 9.96
    expect(status(posts, at("99.75", {}, LEAP_MID)).status).toBe("AT_RISK"); // 50.00 − 39.90 = 10.10
  });
  it("measures pace at asOf, so a stale report falls behind", () => {
    expect(indicatorStatus(posts, at("100"), "2025-09-30", 2025).status).toBe("BEHIND");
  });
  it("accepts other thresholds and refuses inconsistent ones", () => {
    expect(indicatorStatus(posts, at("100"), JUNE, 2025, { warnPoints: 5, behindPoints: 15 }).status).toBe("AT_RISK");
    expect(() => indicatorStatus(posts, at("100"), JUNE, 2025, { warnPoints: 30, behindPoints: 20 })).toThrow();
  });
  it("a percentage of progress (年内支出进度) accumulates", () => {
    expect(status(spending, at("45")).status).toBe("ON_TRACK"); // 50.00% of 90, time 49.59
    expect(status(spending, at("90", {}, "2025-12-31")).status).toBe("COMPLETED");
  });
  it("a whole-year duration (=1年) is only complete at the year-end check-in", () => {
    expect(status(stableYear, at("0.5")).status).toBe("ON_TRACK");
    expect(status(stableYear, at("1")).status).toBe("ON_TRACK");
    expect(status(stableYear, at("1", {}, "2025-12-31")).status).toBe("COMPLETED");
  });
});

describe("rule 5: forward rates", () => {
  it("met → ON_TRACK during the year, COMPLETED at a December check-in", () => {
    expect(status(faultFix, at("100")).status).toBe("ON_TRACK");
    expect(status(faultFix, at("100", {}, "2025-12-31")).status).toBe("COMPLETED");
    expect(status(satisfaction, at("95", {}, "2025-12-01")).status).toBe("COMPLETED");
    expect(status(patrol, at("1")).status).toBe("ON_TRACK");
  });
  it.each([
    { indicator: faultFix, actual: "90", expected: "AT_RISK", completion: "90.00" }, // 10.00 short
    { indicator: faultFix, actual: "89.99", expected: "BEHIND", completion: "89.99" },
    { indicator: satisfaction, actual: "81", expected: "AT_RISK", completion: "90.00" },
    { indicator: satisfaction, actual: "80", expected: "BEHIND", completion: "88.89" },
    { indicator: dailyActive, actual: "1.2", expected: "AT_RISK", completion: "92.31" },
    { indicator: dailyActive, actual: "0.5", expected: "BEHIND", completion: "38.46" }, // 0.8 points, but 61.54% short
    { indicator: patrol, actual: "0.8", expected: "BEHIND", completion: "80.00" },
  ])("$indicator.name target $indicator.value $indicator.unit, actual $actual → $expected", ({ indicator, actual, expected, completion }) => {
    expect(status(indicator, at(actual))).toMatchObject({ status: expected, completionPercent: completion });
  });
  it("says how far below", () => {
    expect(status(satisfaction, at("85")).reason).toBe("实际 85%，目标 ≥ 90%，完成 94.44%，距目标差 5.56 个百分点");
  });
});

describe("rule 6: reverse targets", () => {
  it("cumulative counts (全年用户投诉量) run against the limit pro rata", () => {
    expect(status(complaints, at("20"))).toMatchObject({ status: "ON_TRACK", completionPercent: "100.00" });
    expect(status(complaints, at("30", {}, LEAP_MID)).status).toBe("ON_TRACK"); // used 60.00 = 50.00 + 10.00
    expect(status(complaints, at("31", {}, LEAP_MID)).status).toBe("AT_RISK"); // 62.00
    expect(status(complaints, at("35", {}, LEAP_MID)).status).toBe("AT_RISK"); // 70.00 = 50.00 + 20.00
    expect(status(complaints, at("36", {}, LEAP_MID)).status).toBe("BEHIND"); // 72.00
    expect(status(complaints, at("30", {}, LEAP_MID)).reason).toBe("实际 30 个，目标 ≤ 50 个，已用 60.00%，序时进度 50.00%，超出序时 10.00 个百分点");
  });
  it("at the limit: pro rata mid-year, COMPLETED at the year end; beyond it BEHIND", () => {
    expect(status(complaints, at("50")).status).toBe("BEHIND");
    expect(status(complaints, at("50", {}, "2025-12-31"))).toMatchObject({ status: "COMPLETED", completionPercent: "100.00" });
    expect(status(complaints, at("51", {}, "2025-12-31"))).toMatchObject({ status: "BEHIND", completionPercent: "98.04" });
    expect(status(responseTime, at("30"))).toMatchObject({ status: "ON_TRACK", completionPercent: "100.00" });
    expect(status(responseTime, at("35"))).toMatchObject({ status: "BEHIND", completionPercent: "85.71" });
    expect(status(ind("时效", "响应时间", "<30分钟"), at("30")).status).toBe("BEHIND");
  });
  it("non-accumulating limits (%, 万元, 分钟, 名) are ON_TRACK within the limit whatever the date", () => {
    expect(status(budgetControl, at("60")).status).toBe("ON_TRACK");
    expect(status(maintenanceCost, at("80")).status).toBe("ON_TRACK");
    expect(status(maintenanceCost, at("100.01")).status).toBe("BEHIND");
    expect(status(responseTime, at("25", {}, "2025-12-31")).status).toBe("COMPLETED");
    expect(status(ranking, at("8")).status).toBe("ON_TRACK");
    expect(status(ranking, at("12")).status).toBe("BEHIND");
  });
  it("=0 accidents: 0 is fine, 1 is BEHIND and scores nothing", () => {
    expect(status(accidents, at("0"))).toMatchObject({ status: "ON_TRACK", completionPercent: "100.00" });
    expect(status(accidents, at("0", {}, "2025-12-31")).status).toBe("COMPLETED");
    expect(status(accidents, at("1"))).toMatchObject({ status: "BEHIND", completionPercent: "0.00", reason: "实际 1 个，目标 = 0 个，已超出目标" });
  });
});

describe("rule 7: deadlines", () => {
  it("=12月 / ≤12月底: done by the month → COMPLETED; not yet → by the calendar", () => {
    expect(status(dueDecember, at("6")).status).toBe("COMPLETED");
    expect(status(dueDecember, at("0")).status).toBe("ON_TRACK");
    expect(status(dueDecember, at("0", {}, "2025-12-15")).status).toBe("AT_RISK");
    expect(indicatorStatus(dueDecember, at("0", {}, "2025-12-31"), "2026-01-10", 2025).status).toBe("BEHIND");
    expect(status(startBy, said("是")).status).toBe("COMPLETED");
    expect(status(startBy, at("12月", {}, "2025-12-31")).status).toBe("COMPLETED");
  });
  it.each([
    { indicator: dueJune, actual: "0", date: "2025-05-31", expected: "ON_TRACK" },
    { indicator: dueJune, actual: "0", date: "2025-06-01", expected: "AT_RISK" },
    { indicator: dueJune, actual: "0", date: "2025-06-30", expected: "AT_RISK" },
    { indicator: dueJune, actual: "0", date: "2025-07-01", expected: "BEHIND" },
    { indicator: dueJune, actual: "6", date: "2025-07-31", expected: "COMPLETED" },
    { indicator: dueJune, actual: "7", date: "2025-07-31", expected: "BEHIND" },
    { indicator: beforeJuly, actual: "6", date: "2025-07-31", expected: "COMPLETED" },
    { indicator: beforeJuly, actual: "7", date: "2025-07-31", expected: "BEHIND" },
  ])("$indicator.name $indicator.comparator $indicator.value $indicator.unit, actual $actual on $date → $expected", ({ indicator, actual, date, expected }) => {
    expect(status(indicator, at(actual, {}, date)).status).toBe(expected);
  });
  it("explains the deadline", () => {
    expect(status(dueJune, at("0", {}, "2025-07-01")).reason).toBe("目标 ≤ 6 月底，截止 2025-06-30，截至 2025-07-01 尚未完成，已过截止时间");
    expect(status(dueJune, at("7", {}, "2025-07-31")).reason).toBe("目标 ≤ 6 月底，截止 2025-06-30，7 月才完成，晚于截止时间");
  });
  it("yes/no timeliness statements: 否 means not yet, until the deadline named or December", () => {
    expect(status(doneInYear, said("否")).status).toBe("ON_TRACK");
    expect(status(doneInYear, said("是")).status).toBe("COMPLETED");
    expect(status(doneInYear, said("否", {}, "2025-12-31")).status).toBe("AT_RISK");
    expect(status(contractByJune, said("否", {}, "2025-05-31")).status).toBe("ON_TRACK");
    expect(status(contractByJune, said("否", {}, "2025-07-01")).status).toBe("BEHIND");
    // The wrong year in the name is target review's business; the month still counts.
    expect(status(wrongYear, said("否")).status).toBe("ON_TRACK");
  });
});

describe("rule 8: qualitative targets on their scale", () => {
  it("质保服务(优) on 优/良/中/差", () => {
    expect(status(warranty, said("优")).status).toBe("ON_TRACK");
    expect(status(warranty, said("优秀")).status).toBe("ON_TRACK");
    expect(status(warranty, said("优", {}, "2025-12-31")).status).toBe("COMPLETED");
    expect(status(warranty, said("良"))).toMatchObject({ status: "AT_RISK", reason: "实际 良，目标 优（等级：优/良/中/差），低于目标 1 级", completionPercent: null });
    expect(status(warranty, said("中")).status).toBe("BEHIND");
    expect(status(warranty, said("差")).status).toBe("BEHIND");
  });
  it("yes/no statements (是) are COMPLETED once 是; 否 is BEHIND", () => {
    expect(status(meetsStandard, said("是")).status).toBe("COMPLETED");
    expect(status(meetsStandard, said("否")).status).toBe("BEHIND");
  });
  it("良好 on 良好/较好/一般/较差", () => {
    expect(status(efficiency, said("良好")).status).toBe("ON_TRACK");
    expect(status(efficiency, said("优秀")).status).toBe("ON_TRACK");
    expect(status(efficiency, said("较好")).status).toBe("AT_RISK");
    expect(status(efficiency, said("一般")).status).toBe("BEHIND");
    expect(status(efficiency, said("良好", {}, "2025-12-31")).status).toBe("COMPLETED");
  });
  it("合格 on 优秀/良好/合格/不合格: 不合格 is a failure, not a shortfall", () => {
    expect(status(acceptance, said("优秀")).status).toBe("ON_TRACK");
    expect(status(acceptance, said("不合格")).status).toBe("BEHIND");
  });
  it("an unknown target text on target / 未达到", () => {
    expect(status(unknownScale, said("不低于上年")).status).toBe("ON_TRACK");
    expect(status(unknownScale, said("未达到")).status).toBe("BEHIND");
  });
});

describe("projectStatus (rule 10)", () => {
  it.each<[IndicatorStatus[], IndicatorStatus]>([
    [[], "NOT_REPORTED"],
    [["COMPLETED", "COMPLETED"], "COMPLETED"],
    [["COMPLETED", "ON_TRACK"], "ON_TRACK"],
    [["ON_TRACK", "NOT_REPORTED", "COMPLETED"], "NOT_REPORTED"],
    [["NOT_REPORTED", "AT_RISK", "ON_TRACK"], "AT_RISK"],
    [["AT_RISK", "BEHIND", "NOT_REPORTED"], "BEHIND"],
    [["BEHIND", "COMPLETED"], "BEHIND"],
  ])("%j → %s", (statuses, expected) => {
    expect(projectStatus(statuses)).toBe(expected);
  });
});

describe("needsExplanation (rule 11)", () => {
  const r = (s: IndicatorStatus) => ({ status: s, reason: "", completionPercent: null });
  it.each<[IndicatorStatus, StatusCheckIn["likelihood"], boolean]>([
    ["BEHIND", "CERTAIN", true],
    ["AT_RISK", "CERTAIN", true],
    ["ON_TRACK", "CERTAIN", false],
    ["ON_TRACK", "POSSIBLE", true],
    ["ON_TRACK", "IMPOSSIBLE", true],
    ["NOT_REPORTED", null, false],
    ["NOT_REPORTED", "POSSIBLE", true],
    ["COMPLETED", "POSSIBLE", false],
    ["ON_TRACK", undefined, false],
  ])("%s with likelihood %s → %s", (s, likelihood, expected) => {
    expect(needsExplanation(r(s), likelihood)).toBe(expected);
  });
});
