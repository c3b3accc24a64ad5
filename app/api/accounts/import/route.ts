import { NextResponse, type NextRequest } from "next/server";
import { BULK_MAX_BYTES, importAccounts, planAccounts } from "@/lib/accounts/bulk";
import { activeActor } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { auditForbidden, denied, errorResponse, heavyLimit } from "@/lib/http/responses";
import { clientIp, isSameOrigin } from "@/lib/http/same-origin";

// Bulk account creation from an .xlsx (multipart: `mode` preview|commit and `file`). A Route Handler,
// so the size is checked before the body is read. The answer to a commit carries the one-time
// passwords: never cached.

const answer = (body: object, status = 200) => NextResponse.json(body, { status, headers: { "Cache-Control": "private, no-store" } });
const fail = (status: number, message: string, fieldErrors?: Record<string, string>) => answer({ message, fieldErrors }, status);

export async function POST(request: NextRequest) {
  if (!isSameOrigin(request.headers)) return fail(403, "拒绝跨站请求。");
  const actor = await activeActor();
  if (!actor) return fail(401, "会话已过期，请重新登录。");
  const limited = await heavyLimit(actor, request);
  if (limited) return limited;
  if (actor.role !== "ADMIN") return denied(actor, request, "只有系统管理员可以批量创建账户。");
  const length = Number(request.headers.get("content-length") ?? "");
  if (!length) return fail(411, "请求缺少长度信息，请用页面上的表单上传。");
  if (length > BULK_MAX_BYTES + 64 * 1024) return fail(413, `文件过大：上限 2 MB，本次约 ${(length / 1024 / 1024).toFixed(1)} MB。`);
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return fail(400, "无法读取上传的内容，请重新选择文件。");
  }
  const mode = form.get("mode");
  if (mode !== "preview" && mode !== "commit") return fail(422, "请先预览，再确认创建。");
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return fail(422, "请选择 .xlsx 文件。", { file: "请选择文件" });
  const bytes = new Uint8Array(await file.arrayBuffer());
  const fileName = file.name.slice(0, 200);
  try {
    if (mode === "preview") return answer({ plan: await planAccounts(db(), actor, bytes, fileName), committed: false });
    const { plan, created } = await importAccounts(db(), actor, bytes, fileName, { ip: clientIp(request.headers) });
    return answer({ plan, created, committed: created.length > 0 });
  } catch (error) {
    await auditForbidden(error, actor, request);
    return errorResponse(error, "accounts import", { fallback: "批量创建失败，请稍后重试。" });
  }
}
