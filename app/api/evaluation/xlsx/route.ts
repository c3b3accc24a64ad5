import type { NextRequest } from "next/server";
import { db } from "@/lib/db/client";
import { exportEvaluations } from "@/lib/evaluation/export-service";
import { readYear } from "@/lib/fiscal-years";
import { download } from "../../download";

/** GET [?dept=&year=&public=1] — every visible project's self-evaluation in one workbook (汇总 + a sheet each). */
export async function GET(request: NextRequest) {
  return download(request, "evaluation workbook export", (actor, search, ip) => exportEvaluations(db(), actor, { departmentId: search.get("dept") ?? undefined, year: readYear(search.get("year")) }, { public: search.get("public") === "1", ip }));
}
