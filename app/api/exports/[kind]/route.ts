import { apiRoute } from "@/app/api-route";
import { attachment } from "@/app/http/responses";
import { db } from "@/lib/db/client";
import { exportBudget, exportOverview, exportUnitOverview } from "@/lib/dashboard/export-service";
import { AppError } from "@/lib/errors";
import { readYear } from "@/lib/fiscal-years";
import { exportMonitoring } from "@/lib/monitoring/export";

/**
 * GET /api/exports/overview|unit|budget|monitoring — leadership's pages as .xlsx, with the page's own
 * parameters: year, asOf, dept, drafts; unit=<id> for a unit page; project=<id> for one project's 监控表.
 */
export const GET = apiRoute({ heavy: true }, async ({ actor, params, search, ip }) => {
  const options = { asOf: search.get("asOf") || undefined, departmentId: search.get("dept") || undefined, drafts: search.get("drafts"), year: readYear(search.get("year")) };
  const context = { ip };
  const { kind } = params;
  const file =
    kind === "overview" ? await exportOverview(db(), actor, options, context)
    : kind === "unit" ? await exportUnitOverview(db(), actor, search.get("unit") ?? "", options, context)
    : kind === "budget" ? await exportBudget(db(), actor, options, context)
    : kind === "monitoring" ? await exportMonitoring(db(), actor, { ...options, projectId: search.get("project") ?? undefined }, context)
    : null;
  // An export that does not exist is answered like any other probe: 404, and recorded.
  if (!file) throw new AppError("NOT_FOUND", "没有这种导出。");
  return attachment(file.bytes, file.fileName);
});
