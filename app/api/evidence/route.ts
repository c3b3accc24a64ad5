import { NextResponse, type NextRequest } from "next/server";
import { activeActor } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { auditForbidden, denied, errorResponse, heavyLimit } from "@/lib/http/responses";
import { clientIp, isSameOrigin } from "@/lib/http/same-origin";
import { evidenceMaxMb, listEvidence, uploadEvidence } from "@/lib/progress/evidence";

// Evidence (佐证材料): POST uploads one file to a check-in or a payment (multipart: `checkInId` or
// `expenditureId`, + `file`); GET lists
// a check-in's (?checkInId=) or an indicator's (?indicatorId=) files. A Route Handler rather than a
// Server Action, so the declared size is refused before the body is read.

const fail = (status: number, message: string, fieldErrors?: Record<string, string>) => NextResponse.json({ message, fieldErrors }, { status });

export async function POST(request: NextRequest) {
  if (!isSameOrigin(request.headers)) return fail(403, "拒绝跨站请求。");
  const actor = await activeActor();
  if (!actor) return fail(401, "会话已过期，请重新登录。");
  const limited = await heavyLimit(actor, request);
  if (limited) return limited;
  // lib/ decides who may upload; refusing other roles here only spares reading their body.
  if (actor.role !== "REPORTER") return denied(actor, request, "只有本单位的填报人可以上传佐证材料。");
  const length = Number(request.headers.get("content-length") ?? "");
  if (!length) return fail(411, "请求缺少长度信息，请用页面上的表单上传。");
  const limitMb = evidenceMaxMb();
  // The multipart envelope (boundaries, the checkInId field) is small: 64 KiB of slack is plenty.
  if (length > limitMb * 1024 * 1024 + 64 * 1024) return fail(413, `文件过大：上限 ${limitMb} MB，本次约 ${(length / 1024 / 1024).toFixed(1)} MB。`);

  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return fail(400, "无法读取上传的内容，请重新选择文件。");
  }
  const checkInId = form.get("checkInId");
  const expenditureId = form.get("expenditureId");
  const file = form.get("file");
  const target = typeof expenditureId === "string" && expenditureId ? { expenditureId } : typeof checkInId === "string" && checkInId ? { checkInId } : null;
  if (!target) return fail(422, "缺少填报或支出记录，请先保存再上传佐证材料。", { checkInId: "请先保存填报" });
  if (!(file instanceof File)) return fail(422, "请选择要上传的文件。", { file: "请选择文件" });

  try {
    const meta = await uploadEvidence(db(), actor, { ...target, fileName: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, { ip: clientIp(request.headers) });
    return NextResponse.json(meta, { status: 201 });
  } catch (error) {
    await auditForbidden(error, actor, request);
    return errorResponse(error, "evidence upload", { fallback: "上传失败，请稍后重试。", fieldErrors: true });
  }
}

export async function GET(request: NextRequest) {
  const actor = await activeActor();
  if (!actor) return fail(401, "会话已过期，请重新登录。");
  const params = request.nextUrl.searchParams;
  const checkInId = params.get("checkInId");
  const indicatorId = params.get("indicatorId");
  if (!checkInId && !indicatorId) return fail(422, "请指定 checkInId 或 indicatorId。");
  try {
    const items = await listEvidence(db(), actor, checkInId ?? { indicatorId: indicatorId! });
    return NextResponse.json({ items }, { headers: { "Cache-Control": "private, no-store" } });
  } catch (error) {
    await auditForbidden(error, actor, request);
    return errorResponse(error, "evidence list", { fallback: "读取佐证材料失败，请稍后重试。" });
  }
}
