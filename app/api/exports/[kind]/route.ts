import type { NextRequest } from "next/server";
import { activeActor } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { exportBudget, exportOverview, exportUnitOverview } from "@/lib/dashboard/export-service";
import { exportMonitoring } from "@/lib/monitoring/export";
import { AppError } from "@/lib/errors";
import { attachment, auditForbidden, errorResponse, fail, heavyLimit } from "@/lib/http/responses";
import { clientIp } from "@/lib/http/same-origin";
import { readYear } from "@/lib/fiscal-years";

/**
 * GET /api/exports/overview|unit|budget|monitoring — leadership's pages as .xlsx, with the page's own
 * parameters: year, asOf, dept, drafts; unit=<id> for a unit page; project=<id> for one project's 监控表.
 */
export async function GET(request: NextRequest, { params }: { params: Promise<{ kind: string }> }) {
  const actor = await activeActor();
  if (!actor) return fail(401, "会话已过期，请重新登录。");
  const limited = await heavyLimit(actor, request);
  if (limited) return limited;
  const search = request.nextUrl.searchParams;
  const options = { asOf: search.get("asOf") || undefined, departmentId: search.get("dept") || undefined, drafts: search.get("drafts"), year: readYear(search.get("year")) };
  const context = { ip: clientIp(request.headers) };
  const { kind } = await params;
  try {
    const file =
      kind === "overview" ? await exportOverview(db(), actor, options, context)
      : kind === "unit" ? await exportUnitOverview(db(), actor, search.get("unit") ?? "", options, context)
      : kind === "budget" ? await exportBudget(db(), actor, options, context)
      : kind === "monitoring" ? await exportMonitoring(db(), actor, { ...options, projectId: search.get("project") ?? undefined }, context)
      : null;
    // An export that does not exist is answered like any other probe: 404, and recorded.
    if (!file) throw new AppError("NOT_FOUND", "没有这种导出。");
    return attachment(file.bytes, file.fileName);
  } catch (error) {
    await auditForbidden(error, actor, request);
    return errorResponse(error, `${kind} export`);
  }
}
