import type { NextRequest } from "next/server";
import { db } from "@/lib/db/client";
import { exportEvaluations } from "@/lib/evaluation/export-service";
import { download } from "../../../download";

/** GET [?public=1] — one project's 项目支出绩效自评表 as .xlsx. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return download(request, "evaluation export", (actor, search, ip) => exportEvaluations(db(), actor, { projectId }, { public: search.get("public") === "1", ip }));
}
