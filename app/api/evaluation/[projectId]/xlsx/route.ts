import type { NextRequest } from "next/server";
import { activeActor } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { exportEvaluations } from "@/lib/evaluation/export-service";
import { attachment, auditForbidden, errorResponse, fail, heavyLimit } from "@/lib/http/responses";
import { clientIp } from "@/lib/http/same-origin";


/** GET [?public=1] — one project's 项目支出绩效自评表 as .xlsx. */
export async function GET(request: NextRequest, { params }: { params: Promise<{ projectId: string }> }) {
  const actor = await activeActor();
  if (!actor) return fail(401, "会话已过期，请重新登录。");
  const limited = await heavyLimit(actor, request);
  if (limited) return limited;
  const { projectId } = await params;
  try {
    const file = await exportEvaluations(db(), actor, { projectId }, { public: request.nextUrl.searchParams.get("public") === "1", ip: clientIp(request.headers) });
    return attachment(file.bytes, file.fileName);
  } catch (error) {
    await auditForbidden(error, actor, request);
    return errorResponse(error, "evaluation export");
  }
}
