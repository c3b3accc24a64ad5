import { NextResponse, type NextRequest } from "next/server";
import { activeActor } from "@/lib/auth/session";
import { previewExpenditureFile } from "@/lib/budget/expenditure-import-service";
import { db } from "@/lib/db/client";
import { auditForbidden, denied, errorResponse, heavyLimit } from "@/lib/http/responses";
import { isSameOrigin } from "@/lib/http/same-origin";

const MAX_BYTES = 5 * 1024 * 1024;
const fail = (status: number, message: string) => NextResponse.json({ message }, { status });

/** POST multipart (projectId, file, mapping?) — reads a finance-system export and maps its rows; writes nothing. */
export async function POST(request: NextRequest) {
  if (!isSameOrigin(request.headers)) return fail(403, "拒绝跨站请求。");
  const actor = await activeActor();
  if (!actor) return fail(401, "会话已过期，请重新登录。");
  const limited = await heavyLimit(actor, request);
  if (limited) return limited;
  if (actor.role !== "REPORTER") return denied(actor, request, "只有本单位的填报人可以导入支出。");
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BYTES + 64 * 1024) return fail(413, "文件过大：支出导入文件上限 5 MB。");
  const form = await request.formData().catch(() => null);
  if (!form) return fail(400, "无法读取上传的内容，请重新选择文件。");
  try {
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) return fail(422, "请选择财务系统导出的 .xlsx 或 .csv 文件。");
    const mappingText = form.get("mapping");
    const mapping = typeof mappingText === "string" && mappingText ? (JSON.parse(mappingText) as Record<string, string>) : undefined;
    const preview = await previewExpenditureFile(db(), actor, String(form.get("projectId") ?? ""), new Uint8Array(await file.arrayBuffer()), mapping);
    return NextResponse.json(preview);
  } catch (error) {
    await auditForbidden(error, actor, request);
    if (error instanceof SyntaxError) return fail(422, "列对应关系格式有误。");
    return errorResponse(error, "expenditure import preview", { fallback: "读取文件失败，请稍后重试。" });
  }
}
