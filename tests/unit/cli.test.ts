import { execFileSync, spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const SEED = "prisma/seed-data/liuzhou-309-2025-budget-disclosure.txt";

describe("npm run cli -- targets parse", () => {
  it("prints the parse of table 12 as JSON in the agreed shape", () => {
    const out = execFileSync("npx", ["tsx", "scripts/cli.ts", "targets", "parse", SEED, "--json"], { encoding: "utf8" });
    const result = JSON.parse(out) as { projects: { unitCode: string; budgetWan: string; indicators: Record<string, string>[] }[]; problems: unknown[] };
    expect(result.projects).toHaveLength(16);
    expect(result.projects.flatMap((p) => p.indicators)).toHaveLength(122);
    expect(Object.keys(result.projects[0]!).sort()).toEqual(["annualGoal", "budgetWan", "indicators", "name", "unitCode", "unitName"]);
    expect(result.projects[0]!.indicators[0]).toEqual({
      category: "数量",
      name: "购买打印纸",
      comparator: ">=",
      value: "50",
      unit: "箱",
      raw: "数量指标：购买打印纸(≥50箱)",
    });
    expect(result.projects[1]!.budgetWan).toBe("5000.00");
  }, 30_000);

  it("says in Chinese when the file cannot be read, and exits non-zero", () => {
    const run = spawnSync("npx", ["tsx", "scripts/cli.ts", "targets", "parse", "no-such-file.txt"], { encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("无法读取文件 no-such-file.txt");
  }, 30_000);
});

describe("npm run cli -- targets parse/review on other formats", () => {
  it("parses an .xlsx of the same table to the same 16 projects, detecting the layout", async () => {
    const { table12Xlsx } = await import("../fixtures/targets-import");
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const dir = mkdtempSync("/tmp/jixiao-cli-");
    writeFileSync(`${dir}/表12.xlsx`, await table12Xlsx());
    const out = execFileSync("npx", ["tsx", "scripts/cli.ts", "targets", "parse", `${dir}/表12.xlsx`, "--layout", "auto", "--json"], { encoding: "utf8" });
    const result = JSON.parse(out) as { projects: { indicators: unknown[] }[] };
    expect(result.projects).toHaveLength(16);
    expect(result.projects.flatMap((p) => p.indicators)).toHaveLength(122);
  }, 30_000);

  it("reviews the seed and reports the 2024 deadline", () => {
    const out = execFileSync("npx", ["tsx", "scripts/cli.ts", "targets", "review", SEED, "--year", "2025", "--json"], { encoding: "utf8" });
    const { findings } = JSON.parse(out) as { findings: { ruleId: string; projectIndex: number }[] };
    expect(findings.filter((f) => f.ruleId === "deadline-wrong-year").map((f) => f.projectIndex)).toEqual([7]);
    expect(findings.some((f) => f.ruleId === "unit-budget-mismatch")).toBe(false);
  }, 30_000);
});

describe("npm run cli -- targets parse on the corpus of published layouts", () => {
  const DIR = "tests/fixtures/targets";
  const cli = (...args: string[]) => spawnSync("npx", ["tsx", "scripts/cli.ts", "targets", ...args], { encoding: "utf8" });

  it("reads every fixture with the expected counts and spot values, in one run", async () => {
    const { readdirSync } = await import("node:fs");
    const { FIXTURES } = await import("../fixtures/targets/expected");
    const files = readdirSync(DIR).filter((f) => /\.(?:txt|csv|tsv|xlsx)$/.test(f)).sort();
    const run = cli("parse", ...files.map((f) => `${DIR}/${f}`), "--json");
    // Some fixtures hold a cell that cannot be read: the exit code says so.
    expect(run.status).toBe(1);
    const results = JSON.parse(run.stdout) as { file: string; layout: string | null; format: string; projects: { name: string; budgetWan: string; indicators: { name: string; comparator: string; value: string; unit: string }[] }[]; problems: unknown[] }[];
    expect(results.map((r) => r.file)).toEqual(files.map((f) => `${DIR}/${f}`));
    for (const result of results) {
      const expected = FIXTURES.find((f) => `${DIR}/${f.file}` === result.file && !f.mapping)!;
      expect([result.file, result.layout, result.format, result.problems.length]).toEqual([result.file, expected.layout, expected.format, expected.problems.length]);
      expect(result.projects.map((p) => [p.name, p.budgetWan, p.indicators.length])).toEqual(expected.projects.map((p) => [p.name, p.budgetWan, p.indicators]));
      for (const s of expected.spots) expect(result.projects[s.project]!.indicators[s.indicator]).toMatchObject({ name: s.name, comparator: s.comparator, value: s.value, unit: s.unit });
    }
  }, 60_000);

  it("reads the fixture no layout knows with --mapping", () => {
    const run = cli("parse", `${DIR}/15-needs-mapping.csv`, "--mapping", `${DIR}/15-needs-mapping.map.json`);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("433015 图书馆免费开放  88.00 万元  5 个指标");
    expect(run.stdout).toContain("逗号分隔（CSV），逐项目的目标表，按指定的列对应关系：共 2 个项目，8 个指标，2 个问题；文件标明 2025 年度。");
    const broken = cli("parse", `${DIR}/15-needs-mapping.csv`, "--mapping", `${DIR}/expected.ts`);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain("不是有效的 JSON");
  }, 30_000);
});

describe("npm run cli -- targets review", () => {
  const cli = (...args: string[]) => spawnSync("npx", ["tsx", "scripts/cli.ts", "targets", "review", ...args], { encoding: "utf8" });

  it("does not review a file it could not read: says what it found and needs, and exits 1", () => {
    const run = cli("tests/fixtures/targets/16-not-a-table.txt");
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("解析问题 1 处（先于审核列出）");
    expect(run.stdout).toContain("读到：4 行文字");
    expect(run.stdout).toContain("需要：逐项目的“项目支出绩效目标表”需要");
    expect(run.stdout).toContain("文件未能读取（原因见上方解析问题），没有进行目标审核。");
    expect(run.stdout).not.toContain("审核发现");
    const json = cli("tests/fixtures/targets/16-not-a-table.txt", "--json");
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ readable: false, findings: [] });
  }, 30_000);

  it("prints parse problems before the findings, names rules in Chinese, and exits 1 when a part was not read", () => {
    const run = cli("tests/fixtures/targets/12-excel-date-serial.csv", "--year", "2025");
    expect(run.status).toBe(1);
    const problems = run.stdout.indexOf("解析问题 1 处");
    const review = run.stdout.indexOf("目标审核（2025 年度，所填）");
    expect(problems).toBeGreaterThan(-1);
    expect(review).toBeGreaterThan(problems);
    expect(run.stdout).toContain("看起来是 Excel 日期 2025-12-31");
    expect(run.stdout).toContain("另有 1 处内容未能读取（见上方解析问题），审核不包括这些内容。");
    expect(run.stdout).not.toMatch(/[a-z]+-[a-z]+-[a-z]+/); // no rule ids such as cost-sum-mismatch
  }, 30_000);

  it("reviews a clean file with the year it names and exits 0", () => {
    const run = cli("tests/fixtures/targets/14-table12-pipe.txt", "--json");
    expect(run.status).toBe(0);
    const { findings } = JSON.parse(run.stdout) as { findings: { ruleId: string; rule: string }[] };
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) expect(f.rule).toMatch(/[\u4e00-\u9fff]/);
  }, 30_000);
});
