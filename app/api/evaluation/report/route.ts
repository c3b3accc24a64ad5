import { apiRoute } from "@/app/api-route";
import { attachment, DOCX } from "@/app/http/responses";
import { db } from "@/lib/db/client";
import { reportTarget } from "@/lib/evaluation/report/target";
import { exportEvaluationReport } from "@/lib/evaluation/report/service";

/** GET ?project= | ?unit=&year= | [?dept=&year=] [&public=1] — the 项目支出绩效自评报告 as .docx. */
export const GET = apiRoute({ heavy: true }, async ({ actor, search, ip }) => {
  const file = await exportEvaluationReport(db(), actor, reportTarget(Object.fromEntries(search)), { public: search.get("public") === "1", ip });
  return attachment(file.bytes, file.fileName, { type: DOCX });
});
