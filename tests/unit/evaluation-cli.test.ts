import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const dir = mkdtempSync("/tmp/jixiao-evaluation-cli-");
let files = 0;
function run(input: unknown, ...flags: string[]) {
  const file = `${dir}/input-${++files}.json`;
  writeFileSync(file, typeof input === "string" ? input : JSON.stringify(input));
  return spawnSync("npx", ["tsx", "scripts/cli.ts", "evaluation", "score", file, ...flags], { encoding: "utf8" });
}

// 309001 日常办公耗材购置 with plausible actuals, scored by hand in evaluation-score.test.ts.
const INPUT = {
  budgetWan: "3.00",
  spentWan: "2.91",
  indicators: [
    { level1: "产出", category: "数量", name: "购买打印纸", comparator: "≥", target: "50", unit: "箱", actual: "45" },
    { level1: "产出", category: "质量", name: "购买的耗材符合质量标准", comparator: "定性", target: "是", unit: "", actual: "是" },
    { level1: "产出", category: "时效", name: "2025年12月底前完成采购合同", comparator: "qualitative", target: "是", unit: "", band: "达成" },
    { level1: "产出", category: "成本", name: "预算控制率", comparator: "<=", target: "100", unit: "%", actual: "97%" },
    { level1: "效益", category: "可持续效益", name: "维持局内正常运转，提高单位履职能力", comparator: "定性", target: "良好", band: "部分达成", bandPercent: "75" },
    { level1: "满意度", category: "满意度", name: "局内各业务科室满意度", comparator: ">=", target: "90", unit: "%", actual: "85.5" },
  ],
};

describe("npm run cli -- evaluation score", () => {
  it("prints the scores as JSON numbers with 2 decimals, indicators in input order", () => {
    const out = run(INPUT, "--json");
    expect(out.status).toBe(0);
    const result = JSON.parse(out.stdout) as { executionRate: number; executionScore: number; indicators: { name: string; weight: number; score: number; explanation: string }[]; total: number; grade: string };
    expect([result.executionRate, result.executionScore, result.total, result.grade]).toEqual([97, 9.7, 90.45, "优"]);
    expect(result.indicators.map((i) => [i.name, i.weight, i.score])).toEqual([
      ["购买打印纸", 12.5, 11.25],
      ["购买的耗材符合质量标准", 12.5, 12.5],
      ["2025年12月底前完成采购合同", 12.5, 12.5],
      ["预算控制率", 12.5, 12.5],
      ["维持局内正常运转，提高单位履职能力", 30, 22.5],
      ["局内各业务科室满意度", 10, 9.5],
    ]);
    expect(result.indicators[0]!.explanation).toBe("正向指标未达成：实际 45 箱 ÷ 目标 50 箱 × 分值 12.5 = 11.25");
  }, 30_000);

  it("prints a readable table without --json", () => {
    const out = run(INPUT);
    expect(out.status).toBe(0);
    expect(out.stdout).toContain("预算执行率  分值 10.00  执行率 97.00%  得分 9.70");
    expect(out.stdout).toContain("[数量] 购买打印纸  目标 ≥ 50 箱  实际 45  分值 12.50  得分 11.25  需填写偏差原因分析及改进措施");
    expect(out.stdout).toContain("总分 90.45  自评等级 优");
  }, 30_000);

  it("prints input errors in Chinese to stderr and exits 1", () => {
    const bad = { ...INPUT, indicators: [{ ...INPUT.indicators[0], actual: "四十五箱", weight: 12.5 }] };
    const out = run(bad, "--json");
    expect(out.status).toBe(1);
    expect(out.stdout).toBe("");
    expect(out.stderr).toContain("indicators[0].weight：分值（weight）应写成带引号的数字文本");
  }, 30_000);

  it("exits 1 on an actual of the wrong type and on a file that is not JSON", () => {
    const wrongType = run({ ...INPUT, indicators: [{ ...INPUT.indicators[0], actual: "四十五箱" }] });
    expect(wrongType.status).toBe(1);
    expect(wrongType.stderr).toContain("indicators[0].actual：指标“购买打印纸”：实际完成值“四十五箱”不是数字");
    const notJson = run("{ budgetWan: 3 }");
    expect(notJson.status).toBe(1);
    expect(notJson.stderr).toContain("不是有效的 JSON");
  }, 30_000);

  it("exits 2 with the usage on a usage error", () => {
    const out = spawnSync("npx", ["tsx", "scripts/cli.ts", "evaluation", "rank"], { encoding: "utf8" });
    expect(out.status).toBe(2);
    expect(out.stderr).toContain("evaluation score <输入.json> [--json]");
  }, 30_000);
});
