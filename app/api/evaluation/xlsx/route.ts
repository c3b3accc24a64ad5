import type { NextRequest } from "next/server";
import { activeActor } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { exportEvaluations } from "@/lib/evaluation/export-service";
import { attachment, auditForbidden, errorResponse, fail, heavyLimit } from "@/lib/http/responses";
import { clientIp } from "@/lib/http/same-origin";
import { readYear } from "@/lib/fiscal-years";


/** GET [?dept=&year=&public=1] — every visible project's self-evaluation in one workbook (汇总 + a sheet each). */
export async function GET(request: NextRequest) {
  const actor = await activeActor();
  if (!actor) return fail(401, "会话已过期，请重新登录。");
  const limited = await heavyLimit(actor, request);
  if (limited) return limited;
  const search = request.nextUrl.searchParams;
  try {
    const file = await exportEvaluations(db(), actor, { departmentId: search.get("dept") ?? undefined, year: readYear(search.get("year")) }, { public: search.get("public") === "1", ip: clientIp(request.headers) });
    return attachment(file.bytes, file.fileName);
  } catch (error) {
    await auditForbidden(error, actor, request);
    return errorResponse(error, "evaluation workbook export");
  }
}
