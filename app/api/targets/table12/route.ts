import { apiRoute } from "@/app/api-route";
import { attachment } from "@/app/http/responses";
import { db } from "@/lib/db/client";
import { readYear } from "@/lib/fiscal-years";
import { exportTable12 } from "@/lib/targets/table12-export";

/** GET [?dept=&year=] — a department's year as 项目绩效目标公开表 (表12) .xlsx, review errors on a first sheet. */
export const GET = apiRoute({ heavy: true }, async ({ actor, search, ip }) => {
  const file = await exportTable12(db(), actor, { departmentId: search.get("dept") ?? undefined, year: readYear(search.get("year")), ip });
  return attachment(file.bytes, file.fileName);
});
