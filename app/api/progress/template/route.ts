import { apiRoute } from "@/app/api-route";
import { attachment } from "@/app/http/responses";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { downloadMonthlyTemplate, previewMonthlyTemplate } from "@/lib/progress/template-service";

/** GET ?year=&month= — the unit's month as a pre-filled .xlsx. */
export const GET = apiRoute({ heavy: true, fallback: "模板生成失败，请稍后重试。" }, async ({ actor, search, ip }) => {
  const { bytes, fileName } = await downloadMonthlyTemplate(db(), actor, Number(search.get("year")), Number(search.get("month")), { ip });
  return attachment(bytes, fileName);
});

/** POST multipart (file, year, month) — reads a filled template and previews it; writes nothing. */
export const POST = apiRoute(
  { heavy: true, maxBytes: 5 * 1024 * 1024, tooLarge: "文件过大：填报模板上限 5 MB。", body: "form", fallback: "读取模板失败，请稍后重试。" },
  async ({ actor, body: form }) => {
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) throw new AppError("VALIDATION", "请选择填好的模板文件。");
    return Response.json(await previewMonthlyTemplate(db(), actor, Number(form.get("year")), Number(form.get("month")), new Uint8Array(await file.arrayBuffer())));
  },
);
