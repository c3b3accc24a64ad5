import { describe, expect, it } from "vitest";
import { BUREAUS, bureauName } from "@/lib/demo/bureaus";
import { cityPlanOptions, CityOptionsError, expandLine, planCity, type CityPlan, type Placeholders } from "@/lib/demo/plan";
import { Random } from "@/lib/demo/random";
import { KINDS, SYSTEMS } from "@/lib/demo/vocabulary";
import { COMPARATORS } from "@/lib/targets/codes";
import { parseTarget, splitIndicatorText } from "@/lib/targets/parse-target";
import type { Category } from "@/lib/targets/types";

const placeholders = (r: Random): Placeholders => ({
  topic: "学生资助", short: "教育", sys: r.pick(SYSTEMS), item: "教育业务管理系统运维", name: "教育业务管理系统运维费", year: 2025, budgetWan: "26.80", city: "柳州市", fund: "学前教育发展专项资金",
});

/** What a plan looks like without its random ids: names, targets and amounts only. */
function content(plan: CityPlan) {
  return {
    departments: plan.departments.map((d) => `${d.code} ${d.name}`),
    units: plan.units.map((u) => `${u.code} ${u.name}`),
    users: plan.users.map((u) => `${u.username} ${u.displayName} ${u.role}`),
    projects: plan.projects.map((p) => `${p.seq} ${p.name} ${p.budget} ${p.annualGoal}`),
    indicators: plan.indicators.map((i) => `${i.sortOrder} ${i.rawText}`),
    reports: plan.reports.map((r) => `${r.month} ${r.status} ${r.reviewComment}`),
    checkIns: plan.checkIns.map((c) => `${c.asOfDate} ${c.actualValue ?? c.actualText} ${c.forecastValue ?? c.forecastText} ${c.likelihood} ${c.deviationCause}`),
    expenditures: plan.expenditures.map((e) => `${e.date} ${e.amount} ${e.voucherNo} ${e.payee} ${e.description}`),
    adjustments: plan.adjustments.map((a) => `${a.date} ${a.amount} ${a.reason}`),
  };
}

describe("the demo city's vocabulary", () => {
  it("writes every indicator line as a table-12 cell that the product's own parser reads back", () => {
    const r = new Random(5);
    let lines = 0;
    for (const kind of KINDS) {
      const pools = [kind.lines, ...kind.variants.map((v) => v.lines ?? {})];
      for (const pool of pools) {
        for (const [category, list] of Object.entries(pool) as [Category, readonly string[]][]) {
          for (const line of list) {
            for (let draw = 0; draw < 5; draw++) {
              const ex = expandLine(category, line, r, placeholders(r), draw % 2 ? ":" : "：");
              const items = splitIndicatorText(ex.rawText, category);
              expect(items, ex.rawText).toHaveLength(1);
              expect(items[0]!.name).toBe(ex.name);
              expect(items[0]!.category).toBe(category);
              expect(parseTarget(items[0]!.targetText!)).toEqual(ex.target);
              expect(ex.name).not.toMatch(/[{}|]/);
              lines++;
            }
          }
        }
      }
    }
    expect(lines).toBeGreaterThan(500);
  });

  it("names real-sounding bureaus of the city, and of its districts beyond the list", () => {
    expect(BUREAUS.length).toBeGreaterThanOrEqual(100);
    expect(BUREAUS.slice(0, 3).map((b) => bureauName(b.name, "柳州市"))).toEqual(["柳州市财政局", "柳州市教育局", "柳州市卫生健康委员会"]);
    expect(bureauName("中共{c}委宣传部", "柳江区")).toBe("中共柳江区委宣传部");
    for (const b of BUREAUS) expect(b.topics.length, b.name).toBeGreaterThan(0);
  });
});

describe("planCity", () => {
  const options = cityPlanOptions({ departments: 6, projects: 90, months: 12, seed: 11 });
  const plan = planCity(options);

  it("is deterministic: the same seed gives the same city, another seed another", () => {
    expect(content(planCity(options))).toEqual(content(plan));
    const other = content(planCity({ ...options, seed: 12 }));
    expect(other.projects).not.toEqual(content(plan).projects);
    expect(other.expenditures).not.toEqual(content(plan).expenditures);
  });

  it("has the shape of the real tables: codes, 1–4 units, 6–9 indicators in every required category, budgets of 0.3–5,000 万元", () => {
    expect(plan.departments.map((d) => d.code)).toEqual(["401", "402", "403", "404", "405", "406"]);
    expect(plan.projects).toHaveLength(90);
    for (const d of plan.departments) {
      const units = plan.units.filter((u) => u.departmentId === d.id);
      expect(units.length).toBeGreaterThanOrEqual(1);
      expect(units.length).toBeLessThanOrEqual(4);
      expect(units.map((u) => u.code)).toEqual(units.map((_, i) => `${d.code}00${i + 1}`));
      expect(units[0]!.name).toBe(d.name);
    }
    for (const p of plan.projects) {
      const indicators = plan.indicators.filter((i) => i.projectId === p.id);
      expect(indicators.length, p.name).toBeGreaterThanOrEqual(6);
      expect(indicators.length, p.name).toBeLessThanOrEqual(9);
      expect(indicators.map((i) => i.sortOrder)).toEqual(indicators.map((_, n) => n));
      const categories = new Set(indicators.map((i) => i.category));
      for (const c of ["QUANTITY", "QUALITY", "TIMELINESS", "COST", "SATISFACTION"]) expect(categories, p.name).toContain(c);
      expect(indicators.some((i) => i.level1 === "BENEFIT"), p.name).toBe(true);
      expect(p.budget).toMatch(/^\d+00\.00$/); // 万元 with two decimals, as published
      expect(Number(p.budget)).toBeGreaterThanOrEqual(3_000);
      expect(Number(p.budget)).toBeLessThanOrEqual(50_000_000);
    }
    for (const u of plan.units) {
      const names = plan.projects.filter((p) => p.unitId === u.id).map((p) => p.name);
      expect(new Set(names).size).toBe(names.length);
    }
    // Targets as stored are what the parser makes of the published text.
    for (const i of plan.indicators) {
      const target = parseTarget(/\(([^()]*)\)$/.exec(i.rawText)![1]!)!;
      expect(COMPARATORS[i.comparator as keyof typeof COMPARATORS]).toBe(target.comparator);
      expect(i.targetValue ?? i.targetText).toBe(target.value);
    }
  });

  it("spends to the fen, 0–110 % of the adjusted budget, with voucher numbers unique per project", () => {
    for (const p of plan.projects) {
      const payments = plan.expenditures.filter((e) => e.projectId === p.id);
      for (const e of payments) expect(e.amount).toMatch(/^[1-9]\d*\.\d{2}$|^0\.(?:0[1-9]|[1-9]\d)$/);
      const fen = (yuan: string) => BigInt(yuan.replace(".", ""));
      const spent = payments.reduce((sum, e) => sum + fen(e.amount), 0n);
      const adjusted = plan.adjustments.filter((a) => a.projectId === p.id).reduce((sum, a) => sum + fen(a.amount), fen(p.budget));
      expect(spent * 100n).toBeLessThanOrEqual(adjusted * 110n);
      expect(new Set(payments.map((e) => e.voucherNo)).size).toBe(payments.length);
    }
    expect(plan.expenditures.length / (plan.projects.length * 12)).toBeGreaterThan(2);
  });

  it("reports through the year: past months mostly approved, check-ins for most indicators, explanations where behind", () => {
    expect(plan.reports).toHaveLength(plan.units.length * 12);
    const early = plan.reports.filter((r) => r.month <= 10);
    expect(early.filter((r) => r.status === "APPROVED").length / early.length).toBeGreaterThan(0.85);
    expect(plan.checkIns.length / (plan.indicators.length * 12)).toBeGreaterThan(0.9);
    expect(plan.checkIns.length / (plan.indicators.length * 12)).toBeLessThan(1);
    const explained = plan.checkIns.filter((c) => c.deviationCause);
    expect(explained.length).toBeGreaterThan(0);
    for (const c of explained) expect(c.correctiveAction).toBeTruthy();
    expect(plan.statuses.BEHIND + plan.statuses.AT_RISK).toBeGreaterThan(0);
    expect(plan.statuses.COMPLETED).toBeGreaterThan(0);
  });

  it("refuses options out of range with a Chinese message", () => {
    expect(() => cityPlanOptions({ departments: 0, projects: 10, months: 1 })).toThrow(CityOptionsError);
    expect(() => cityPlanOptions({ departments: 1, projects: 10, months: 13 })).toThrow("月数须为 1–12 之间的整数");
    expect(() => cityPlanOptions({ departments: 5, projects: 4, months: 1 })).toThrow("项目数（4）不能少于部门数（5）");
    expect(() => cityPlanOptions({ departments: 1, projects: 1, months: 1, usersPerUnit: 1 })).toThrow("每个单位的账户数");
  });
});
