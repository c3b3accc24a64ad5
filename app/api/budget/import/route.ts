import { apiRoute } from "@/app/api-route";
import { previewExpenditureFile } from "@/lib/budget/expenditure-import-service";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/** POST multipart (projectId, file, mapping?) — reads a finance-system export and maps its rows; writes nothing. */
export const POST = apiRoute(
  { heavy: true, may: "expenditure.import", maxBytes: 5 * 1024 * 1024, tooLarge: "文件过大：支出导入文件上限 5 MB。", body: "form", fallback: "读取文件失败，请稍后重试。" },
  async ({ actor, body: form }) => {
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) throw new AppError("VALIDATION", "请选择财务系统导出的 .xlsx 或 .csv 文件。");
    const preview = await previewExpenditureFile(db(), actor, String(form.get("projectId") ?? ""), new Uint8Array(await file.arrayBuffer()), mappingField(form.get("mapping")));
    return Response.json(preview);
  },
);

/** The column mapping the reporter chose (JSON), if any. */
function mappingField(text: FormDataEntryValue | null): Record<string, string> | undefined {
  if (typeof text !== "string" || !text) return undefined;
  try {
    return JSON.parse(text) as Record<string, string>;
  } catch {
    throw new AppError("VALIDATION", "列对应关系格式有误。");
  }
}
