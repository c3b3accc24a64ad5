import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { commitImport, previewImport, type ImportRequest } from "@/lib/targets/department-import";
import { parseTable12 } from "@/lib/targets/parse-table12";
import { seedLiuzhou, SEED_FILE } from "@/lib/db/seed";
import { setupTestDb } from "../support/db";
import { makeUser } from "../support/factories";

const db = setupTestDb();
const SEED = readFileSync(SEED_FILE, "utf8");
const table = SEED.slice(SEED.lastIndexOf("项目绩效目标公开表"));

/** The same published table as if another department (code `code`) had published it. */
function otherDepartment(code: string, text = table) {
  return text.replaceAll("309001", `${code}001`).replaceAll("309002", `${code}002`).replaceAll("\t309\t", `\t${code}\t`);
}

const request = (code: string, text: string, name = ""): ImportRequest => ({ department: { code, name }, year: 2025, parse: parseTable12(text) });

async function counts(code: string) {
  const where = { unit: { department: { code } } };
  return { projects: await db().project.count({ where }), indicators: await db().indicator.count({ where: { project: where } }) };
}

describe("importing a department's published targets", () => {
  it("re-importing the seeded table changes nothing and writes nothing", async () => {
    await seedLiuzhou(db());
    const { actor } = await makeUser(db(), "ADMIN");
    const plan = await previewImport(db(), actor, request("309", table));
    expect(plan.totals).toMatchObject({ projects: 16, indicators: 122, budgetWan: "5,420.06", unchanged: 16, added: 0, changed: 0, removed: 0 });
    expect(plan.canCommit).toBe(true);
    const audit = await db().auditEvent.count();
    const result = await commitImport(db(), actor, request("309", table));
    expect(result.changed).toBe(false);
    expect(await db().auditEvent.count()).toBe(audit);
    expect(await counts("309")).toEqual({ projects: 16, indicators: 122 });
  });

  it("imports into a new department (units created), then a re-import is a no-op", async () => {
    const { actor } = await makeUser(db(), "ADMIN");
    const text = otherDepartment("318");
    const unnamed = await previewImport(db(), actor, request("318", text));
    expect(unnamed.canCommit).toBe(false);
    expect(unnamed.problems.map((p) => p.message)).toContain("部门 318 尚不存在；导入到新部门时请填写部门名称。");

    const plan = await previewImport(db(), actor, request("318", text, "柳州市测试局"));
    expect(plan.totals).toMatchObject({ added: 16, unchanged: 0 });
    expect(plan.newUnits.map((u) => u.code)).toEqual(["318001", "318002"]);
    expect(plan.findings.some((f) => f.ruleId === "deadline-wrong-year" && f.projectName === "县区安全攻防演练")).toBe(true);

    const result = await commitImport(db(), actor, request("318", text, "柳州市测试局"));
    expect(result.changed).toBe(true);
    expect(await counts("318")).toEqual({ projects: 16, indicators: 122 });
    const [sum] = await db().$queryRaw<{ s: string }[]>`SELECT sum(p.budget)::text AS s FROM "Project" p JOIN "Unit" u ON u.id = p."unitId" WHERE u.code LIKE '318%'`;
    expect(sum!.s).toBe("54200600.00");

    const again = await previewImport(db(), actor, request("318", text));
    expect(again.totals).toMatchObject({ unchanged: 16, added: 0, changed: 0, removed: 0 });
    expect((await commitImport(db(), actor, request("318", text))).changed).toBe(false);
  });

  it("shows and applies changes: a budget, a target, a removed indicator, a new project", async () => {
    const { actor } = await makeUser(db(), "ADMIN");
    await commitImport(db(), actor, request("319", otherDepartment("319"), "变更测试局"));
    let text = otherDepartment("319")
      .replace("日常办公耗材购置\t3.00", "日常办公耗材购置\t3.50")
      .replace("购买打印纸(≥50箱)", "购买打印纸(≥60箱)")
      .replace("\t可持续效益指标：加强局内职工法律意识(良好)", "\t");
    const lines = text.split("\n");
    const last = lines.findLastIndex((l) => l.startsWith("18\t"));
    lines.splice(last + 1, 0, lines[last]!.replace(/^18\t/, "19\t").replace("龙城市民云APP运维费", "新增测试项目"));
    text = lines.join("\n");
    const plan = await previewImport(db(), actor, request("319", text));
    expect(plan.totals).toMatchObject({ added: 1, changed: 2, unchanged: 14, removed: 0 });
    const office = plan.projects.find((p) => p.name === "日常办公耗材购置")!;
    expect(office.changes).toEqual([
      { what: "预算资金总额", before: "3.00 万元", after: "3.50 万元" },
      { what: "指标“购买打印纸”", before: "数量指标：购买打印纸(≥50箱)", after: "数量指标：购买打印纸(≥60箱)" },
    ]);
    expect(plan.projects.find((p) => p.name === "法律顾问费")!.indicators).toEqual({ added: 0, changed: 0, unchanged: 5, removed: 1 });
    expect(plan.deletions).toEqual({ projects: [], indicators: [{ projectName: "法律顾问费", name: "加强局内职工法律意识", raw: "可持续效益指标：加强局内职工法律意识(良好)" }], indicatorCount: 1, confirmation: "确认删除 1 个指标" });

    // The deletion must be confirmed in the plan's own words; without them nothing is written.
    const audit = await db().auditEvent.count();
    await expect(commitImport(db(), actor, request("319", text))).rejects.toMatchObject({ code: "VALIDATION", message: expect.stringContaining("确认删除 1 个指标") });
    await expect(commitImport(db(), actor, { ...request("319", text), confirmDeletions: "确认删除 2 个指标" })).rejects.toMatchObject({ code: "VALIDATION" });
    expect([await counts("319"), await db().auditEvent.count()]).toEqual([{ projects: 16, indicators: 122 }, audit]);
    await commitImport(db(), actor, { ...request("319", text), confirmDeletions: "确认删除 1 个指标" });
    const paper = await db().indicator.findFirstOrThrow({ where: { name: "购买打印纸", project: { unit: { code: "319001" } } } });
    expect(paper.targetValue?.toString()).toBe("60");
    expect(await counts("319")).toEqual({ projects: 17, indicators: 122 - 1 + 13 });
  });

  it("refuses unknown unit codes and units of another department, writing nothing", async () => {
    await seedLiuzhou(db());
    const { actor } = await makeUser(db(), "ADMIN");
    const before = await counts("309");
    const audit = await db().auditEvent.count();
    const foreign = table.replace("\t309001\t柳州市大数据发展局\t日常办公耗材购置", "\t888001\t某单位\t日常办公耗材购置");
    const plan = await previewImport(db(), actor, request("309", foreign));
    expect(plan.canCommit).toBe(false);
    expect(plan.problems).toContainEqual({ severity: "error", location: "项目“日常办公耗材购置”", message: "单位代码 888001 在部门 309 中不存在（单位代码应以部门代码开头）。" });
    await expect(commitImport(db(), actor, request("309", foreign))).rejects.toMatchObject({ code: "VALIDATION" });

    const stolen = await previewImport(db(), actor, request("777", table, "另一个部门"));
    expect(stolen.problems.some((p) => p.message.includes("单位代码 309001 属于另一个部门"))).toBe(true);
    await expect(commitImport(db(), actor, request("777", table, "另一个部门"))).rejects.toMatchObject({ code: "VALIDATION" });
    expect(await db().department.count({ where: { code: "777" } })).toBe(0);
    expect(await counts("309")).toEqual(before);
    expect(await db().auditEvent.count()).toBe(audit);
  });

  it("lets only the 系统管理员 import, and not into a locked year", async () => {
    await seedLiuzhou(db());
    for (const role of ["LEADER", "REPORTER", "AUDITOR"] as const) {
      const { actor } = await makeUser(db(), role, role === "REPORTER" ? "309001" : undefined);
      await expect(previewImport(db(), actor, request("309", table))).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    const { actor } = await makeUser(db(), "ADMIN");
    await commitImport(db(), actor, request("320", otherDepartment("320"), "锁定测试局"));
    await db().fiscalYear.updateMany({ where: { department: { code: "320" } }, data: { targetsLockedAt: new Date() } });
    const plan = await previewImport(db(), actor, request("320", otherDepartment("320").replace("(≥50箱)", "(≥70箱)")));
    expect(plan.canCommit).toBe(false);
    expect(plan.problems.some((p) => p.severity === "error" && p.message.includes("已批复锁定"))).toBe(true);
  });
});

describe("per-project forms", () => {
  it("add or update the projects they hold and never remove the others", async () => {
    await seedLiuzhou(db());
    const { actor } = await makeUser(db(), "ADMIN");
    const form = [
      "项目支出绩效目标表（2025年度）",
      "项目名称\t新购服务器维护",
      "主管部门及代码\t309柳州市大数据发展局\t实施单位\t柳州市 大数据发展局",
      "项目资金（万元）\t年度资金总额\t8.00",
      "年度目标\t保障服务器正常运行",
      "绩效指标\t一级指标\t二级指标\t三级指标\t指标值",
      "\t产出指标\t数量指标\t维护服务器台数\t≥10台",
      "\t满意度指标\t服务对象满意度指标\t使用单位满意度\t≥90%",
    ].join("\n");
    const { parseTargetsText } = await import("@/lib/targets/import");
    const parse = parseTargetsText(form);
    expect(parse.layout).toBe("per-project");
    const plan = await previewImport(db(), actor, { department: { code: "309", name: "" }, year: 2025, parse, partial: true });
    expect(plan.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(plan.totals).toMatchObject({ added: 1, removed: 0 });
    await commitImport(db(), actor, { department: { code: "309", name: "" }, year: 2025, parse, partial: true });
    expect(await counts("309")).toEqual({ projects: 17, indicators: 124 });
    const added = await db().project.findFirstOrThrow({ where: { name: "新购服务器维护" }, include: { unit: true } });
    expect(added.unit.code).toBe("309001");
  });
});
