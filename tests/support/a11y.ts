import type { Db } from "@/lib/db/client";

/** Projects other browser tests read or change: data the accessibility tests make stays off them. */
const TAKEN = ["日常办公耗材购置", "柳州市政务新媒体内容监测", "第一书记驻村工作经费", "保密机房维护费", "大数据行业发展工作经费", "法律顾问费"];

/** A 309001 project with quantitative indicators that no other browser test touches, with its indicators in order. */
export function freeProject(db: Db) {
  return db.project.findFirstOrThrow({
    where: { unit: { code: "309001" }, name: { notIn: TAKEN }, indicators: { some: { comparator: { not: "QUALITATIVE" } } } },
    orderBy: { name: "asc" },
    include: { indicators: { orderBy: { sortOrder: "asc" } } },
  });
}
