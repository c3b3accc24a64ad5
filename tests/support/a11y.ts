import type { Db } from "@/lib/db/client";

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
