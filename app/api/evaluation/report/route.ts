import type { NextRequest } from "next/server";
import { db } from "@/lib/db/client";
import { reportTarget } from "@/lib/evaluation/report/target";
import { exportEvaluationReport } from "@/lib/evaluation/report/service";
import { DOCX, download } from "../../download";

/** GET ?project= | ?unit=&year= | [?dept=&year=] [&public=1] — the 项目支出绩效自评报告 as .docx. */
export async function GET(request: NextRequest) {
  return download(request, "evaluation report export", (actor, search, ip) => exportEvaluationReport(db(), actor, reportTarget(Object.fromEntries(search)), { public: search.get("public") === "1", ip }), DOCX);
}
