import { NextResponse, type NextRequest } from "next/server";
import { activeActor } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { auditForbidden, errorResponse, heavyLimit } from "@/lib/http/responses";
import { clientIp, isSameOrigin } from "@/lib/http/same-origin";
import { downloadMonthlyTemplate, previewMonthlyTemplate } from "@/lib/progress/template-service";

const MAX_BYTES = 5 * 1024 * 1024;
const fail = (status: number, message: string) => NextResponse.json({ message }, { status });

/** GET ?year=&month= — the unit's month as a pre-filled .xlsx. */
export async function GET(request: NextRequest) {
  const actor = await activeActor();
  if (!actor) return fail(401, "会话已过期，请重新登录。");
  const limited = await heavyLimit(actor, request);
  if (limited) return limited;
  const year = Number(request.nextUrl.searchParams.get("year"));
  const month = Number(request.nextUrl.searchParams.get("month"));
  try {
    const { bytes, fileName } = await downloadMonthlyTemplate(db(), actor, year, month, { ip: clientIp(request.headers) });
    return new NextResponse(Buffer.from(bytes), {
      headers: {
        "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (error) {
    await auditForbidden(error, actor, request);
    return errorResponse(error, "template download", { fallback: "模板生成失败，请稍后重试。" });
  }
}

/** POST multipart (file, year, month) — reads a filled template and previews it; writes nothing. */
export async function POST(request: NextRequest) {
  if (!isSameOrigin(request.headers)) return fail(403, "拒绝跨站请求。");
  const actor = await activeActor();
  if (!actor) return fail(401, "会话已过期，请重新登录。");
  const limited = await heavyLimit(actor, request);
  if (limited) return limited;
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BYTES + 64 * 1024) return fail(413, "文件过大：填报模板上限 5 MB。");
  const form = await request.formData().catch(() => null);
  if (!form) return fail(400, "无法读取上传的内容，请重新选择文件。");
  try {
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) return fail(422, "请选择填好的模板文件。");
    const preview = await previewMonthlyTemplate(db(), actor, Number(form.get("year")), Number(form.get("month")), new Uint8Array(await file.arrayBuffer()));
    return NextResponse.json(preview);
  } catch (error) {
    await auditForbidden(error, actor, request);
    return errorResponse(error, "template upload", { fallback: "读取模板失败，请稍后重试。" });
  }
}
