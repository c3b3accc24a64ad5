import type { NextRequest } from "next/server";
import { activeActor } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { reportTarget } from "@/lib/evaluation/report/target";
import { exportEvaluationReport } from "@/lib/evaluation/report/service";
import { attachment, auditForbidden, errorResponse, fail, heavyLimit } from "@/lib/http/responses";
import { clientIp } from "@/lib/http/same-origin";

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/** GET ?project= | ?unit=&year= | [?dept=&year=] [&public=1] — the 项目支出绩效自评报告 as .docx. */
export async function GET(request: NextRequest) {
  const actor = await activeActor();
  if (!actor) return fail(401, "会话已过期，请重新登录。");
  const limited = await heavyLimit(actor, request);
  if (limited) return limited;
  const search = request.nextUrl.searchParams;
  try {
    const file = await exportEvaluationReport(db(), actor, reportTarget(Object.fromEntries(search)), { public: search.get("public") === "1", ip: clientIp(request.headers) });
    return attachment(file.bytes, file.fileName, DOCX);
  } catch (error) {
    await auditForbidden(error, actor, request);
    return errorResponse(error, "evaluation report export");
  }
}
