import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Db } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { createUser } from "@/lib/accounts/write";
import { generatePassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/audit/record";
import { wanToYuan } from "@/lib/money";
import { level1Of } from "@/lib/targets/categories";
import { CATEGORY_CODES, COMPARATOR_CODES, DIRECTION_CODES, LEVEL1_CODES } from "@/lib/targets/codes";
import { direction } from "@/lib/targets/parse-target";
import { parseTable12 } from "@/lib/targets/parse-table12";
import type { ParseResult } from "@/lib/targets/types";

export const SEED_FILE = path.join(process.cwd(), "prisma", "seed-data", "liuzhou-309-2025-budget-disclosure.txt");

export interface DisclosureHeader {
  departmentCode: string;
  departmentName: string;
  year: number;
}

/** `部门名称：309柳州市大数据发展局` and the `2025年部门预算` title of a disclosure. */
export function parseDisclosureHeader(text: string): DisclosureHeader | null {
  const dept = /部门名称[:：]\s*(\d{3,})\s*([^\s\t]+)/.exec(text);
  const year = /(\d{4})\s*年\s*部门预算/.exec(text);
  if (!dept || !year) return null;
  return { departmentCode: dept[1]!, departmentName: dept[2]!, year: Number(year[1]) };
}

export interface SeedResult {
  created: boolean;
  departmentId: string;
  projects: number;
  indicators: number;
  parse: ParseResult;
}

/**
 * Loads a department's published table 12 (its units, projects and indicators) with the product's
 * own parser, in one transaction. Seeds once: a department/year that already has projects is left
 * as it is.
 */
export async function seedDepartment(db: Db, text: string): Promise<SeedResult> {
  const header = parseDisclosureHeader(text);
  if (!header) throw new Error("无法从公开文件中识别部门名称和预算年度。");
  const parse = parseTable12(text);
  const errors = parse.problems.filter((p) => p.severity === "error");
  if (errors.length > 0) {
    throw new Error(`表12解析有 ${errors.length} 个错误：\n${errors.map((e) => `${e.location} ${e.message}`).join("\n")}`);
  }
  return db.$transaction(
    async (tx) => {
      const department = await tx.department.upsert({
        where: { code: header.departmentCode },
        create: { code: header.departmentCode, name: header.departmentName },
        update: {},
      });
      const fiscalYear = await tx.fiscalYear.upsert({
        where: { departmentId_year: { departmentId: department.id, year: header.year } },
        create: { departmentId: department.id, year: header.year },
        update: {},
      });
      const existing = await tx.project.count({ where: { fiscalYearId: fiscalYear.id } });
      if (existing > 0) {
        const indicators = await tx.indicator.count({ where: { project: { fiscalYearId: fiscalYear.id } } });
        return { created: false, departmentId: department.id, projects: existing, indicators, parse };
      }
      const unitIds = new Map<string, string>();
      for (const p of parse.projects) {
        if (unitIds.has(p.unitCode)) continue;
        const unit = await tx.unit.upsert({
          where: { code: p.unitCode },
          create: { code: p.unitCode, name: p.unitName, departmentId: department.id },
          update: {},
        });
        unitIds.set(p.unitCode, unit.id);
      }
      let indicators = 0;
      for (const [index, p] of parse.projects.entries()) {
        const project = await tx.project.create({
          data: {
            unitId: unitIds.get(p.unitCode)!,
            fiscalYearId: fiscalYear.id,
            seq: index + 1,
            name: p.name,
            budget: wanToYuan(p.budgetWan),
            annualGoal: p.annualGoal,
          },
        });
        await tx.indicator.createMany({
          data: p.indicators.map((i, sortOrder) => {
            const qualitative = i.comparator === "qualitative";
            const dir = direction(i.comparator, i.value);
            return {
              projectId: project.id,
              level1: LEVEL1_CODES[level1Of(i.category)],
              category: CATEGORY_CODES[i.category],
              name: i.name,
              comparator: COMPARATOR_CODES[i.comparator],
              targetValue: qualitative ? null : i.value,
              targetText: qualitative ? i.value : null,
              unitOfMeasure: i.unit,
              direction: dir ? DIRECTION_CODES[dir] : null,
              rawText: i.raw,
              sortOrder,
            };
          }),
        });
        indicators += p.indicators.length;
      }
      await recordAudit(tx, {
        action: "seed.department",
        objectType: "Department",
        objectId: department.id,
        after: { code: department.code, year: header.year, projects: parse.projects.length, indicators },
        outcome: "SUCCESS",
      });
      return { created: true, departmentId: department.id, projects: parse.projects.length, indicators, parse };
    },
    { timeout: 60_000 },
  );
}

export async function seedLiuzhou(db: Db): Promise<SeedResult> {
  return seedDepartment(db, await readFile(SEED_FILE, "utf8"));
}

export interface DemoAccount {
  username: string;
  password: string;
  role: Role;
  displayName: string;
}

/**
 * One account per role (and a reporter and reviewer for each unit), each with a freshly generated
 * password that is returned once and never stored in clear. No fixed password ever works.
 */
export async function createDemoUsers(db: Db, departmentId: string, options: { roles?: readonly Role[]; changePasswordAtFirstSignIn?: boolean } = {}): Promise<DemoAccount[]> {
  const units = await db.unit.findMany({ where: { departmentId }, orderBy: { code: "asc" } });
  const accounts: DemoAccount[] = [];
  const plan: { username: string; displayName: string; role: Role; unitId?: string }[] = [
    ...units.flatMap((u) => [
      { username: `reporter${u.code}`, displayName: `${u.name}填报人`, role: "REPORTER" as Role, unitId: u.id },
      { username: `reviewer${u.code}`, displayName: `${u.name}审核人`, role: "REVIEWER" as Role, unitId: u.id },
    ]),
    { username: "leader", displayName: "局领导", role: "LEADER" },
    { username: "admin", displayName: "系统管理员", role: "ADMIN" },
    { username: "security", displayName: "安全管理员", role: "SECURITY_OFFICER" },
    { username: "auditor", displayName: "审计管理员", role: "AUDITOR" },
  ];
  for (const p of plan) {
    if (options.roles && !options.roles.includes(p.role)) continue;
    if (await db.user.findUnique({ where: { username: p.username }, select: { id: true } })) continue;
    const password = generatePassword();
    const user = await createUser(db, null, { ...p, password, departmentId });
    // A password printed on the installer's console is known to two people: its owner replaces it at first sign-in.
    if (options.changePasswordAtFirstSignIn) await db.user.update({ where: { id: user.id }, data: { passwordChangedAt: new Date(0) } });
    accounts.push({ username: p.username, password, role: p.role, displayName: p.displayName });
  }
  return accounts;
}
