import type { NextRequest } from "next/server";
import { db } from "@/lib/db/client";
import { readYear } from "@/lib/fiscal-years";
import { exportTable12 } from "@/lib/targets/table12-export";
import { download } from "../../download";

/** GET [?dept=&year=] — a department's year as 项目绩效目标公开表 (表12) .xlsx, review errors on a first sheet. */
export async function GET(request: NextRequest) {
  return download(request, "table 12 export", (actor, search, ip) => exportTable12(db(), actor, { departmentId: search.get("dept") ?? undefined, year: readYear(search.get("year")), ip }));
}
