import type { NextRequest } from "next/server";
import { activeActor } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { readYear } from "@/lib/fiscal-years";
import { attachment, auditForbidden, errorResponse, fail, heavyLimit } from "@/lib/http/responses";
import { clientIp } from "@/lib/http/same-origin";
import { exportTable12 } from "@/lib/targets/table12-export";

/** GET [?dept=&year=] — a department's year as 项目绩效目标公开表 (表12) .xlsx, review errors on a first sheet. */
export async function GET(request: NextRequest) {
  const actor = await activeActor();
  if (!actor) return fail(401, "会话已过期，请重新登录。");
  const limited = await heavyLimit(actor, request);
  if (limited) return limited;
  const search = request.nextUrl.searchParams;
  try {
    const file = await exportTable12(db(), actor, { departmentId: search.get("dept") ?? undefined, year: readYear(search.get("year")), ip: clientIp(request.headers) });
    return attachment(file.bytes, file.fileName);
  } catch (error) {
    await auditForbidden(error, actor, request);
    return errorResponse(error, "table 12 export");
  }
}
