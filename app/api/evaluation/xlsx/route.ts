import { apiRoute } from "@/app/api-route";
import { attachment } from "@/app/http/responses";
import { db } from "@/lib/db/client";
import { exportEvaluations } from "@/lib/evaluation/export-service";
import { readYear } from "@/lib/fiscal-years";

/** GET [?dept=&year=&public=1] — every visible project's self-evaluation in one workbook (汇总 + a sheet each). */
export const GET = apiRoute({ heavy: true }, async ({ actor, search, ip }) => {
  const file = await exportEvaluations(db(), actor, { departmentId: search.get("dept") ?? undefined, year: readYear(search.get("year")) }, { public: search.get("public") === "1", ip });
  return attachment(file.bytes, file.fileName);
});
