import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import type { Db } from "@/lib/db/client";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
/** WCAG 2.1 levels A and AA. */
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

export interface AxeViolation {
  id: string;
  impact: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/** axe-core's WCAG 2.1 A/AA violations on the page as it stands. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // After a click the address changes before Next has put in the new page's <title> (it streams the
  // metadata): the page is judged once it is all there, as a screen reader announces it.
  await page.waitForFunction(() => document.title !== "", null, { timeout: 15_000 });
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    return axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
  }, TAGS);
  return result.violations;
}

/** Projects other browser tests read or change: data the accessibility tests make stays off them. */
const TAKEN = ["日常办公耗材购置", "柳州市政务新媒体内容监测", "第一书记驻村工作经费", "保密机房维护费", "大数据行业发展工作经费", "法律顾问费"];

/** The 309001 projects with quantitative indicators that no other browser test touches, by name, with their indicators in order. */
function freeProjects(db: Db) {
  return db.project.findMany({
    where: { unit: { code: "309001" }, name: { notIn: TAKEN }, indicators: { some: { comparator: { not: "QUALITATIVE" } } } },
    orderBy: { name: "asc" },
    include: { indicators: { orderBy: { sortOrder: "asc" } } },
  });
}

/** The first free project: the accessibility pass fills its months and payments, the keyboard test its April. */
export async function freeProject(db: Db) {
  const [first] = await freeProjects(db);
  if (!first) throw new Error("no free 309001 project in the seed");
  return first;
}

/**
 * The second free project, whose self-evaluation the keyboard test submits: the accessibility pass
 * refuses a draft of the first one's and must find it still open.
 */
export async function evaluationProject(db: Db) {
  const [, second] = await freeProjects(db);
  if (!second) throw new Error("no second free 309001 project in the seed");
  return second;
}
