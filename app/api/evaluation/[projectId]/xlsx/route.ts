import { apiRoute } from "@/app/api-route";
import { attachment } from "@/app/http/responses";
import { db } from "@/lib/db/client";
import { exportEvaluations } from "@/lib/evaluation/export-service";

/** GET [?public=1] — one project's 项目支出绩效自评表 as .xlsx. */
export const GET = apiRoute({ heavy: true }, async ({ actor, params, search, ip }) => {
  const file = await exportEvaluations(db(), actor, { projectId: params.projectId ?? "" }, { public: search.get("public") === "1", ip });
  return attachment(file.bytes, file.fileName);
});
