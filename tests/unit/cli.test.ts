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
