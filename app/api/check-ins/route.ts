import { activeActor } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { clientIp, isSameOrigin } from "@/lib/http/same-origin";
import { auditForbidden, errorResponse, fail } from "@/lib/http/responses";
import { saveCheckIns } from "@/lib/progress/check-ins";

// POST JSON { year, month, rows: [{ indicatorId, actual, forecast?, likelihood, deviationCause?,
// correctiveAction?, note?, version? }] } — a month's check-ins for the reporter's unit, all or
// nothing, by the same rules as the progress grid (lib/progress/check-ins.ts). Answers 200 { saved },
// 422 { message, errors } (by indicator id and field), 409 { message, conflicts } (edited meanwhile).

const MAX_BYTES = 1024 * 1024;

export async function POST(request: Request) {
  if (!isSameOrigin(request.headers)) return fail(403, "拒绝跨站请求。");
  const actor = await activeActor();
  if (!actor) return fail(401, "会话已过期，请重新登录。");
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BYTES) return fail(413, "请求过大：一次最多提交 1 MB 的填报内容。");
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return fail(400, "请求内容不是有效的 JSON。");
  }
  const { year, month, rows } = (body ?? {}) as { year?: unknown; month?: unknown; rows?: unknown };
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Array.isArray(rows)) {
    return fail(422, "请求格式有误：应为 { year: 年度, month: 月份, rows: [填报行……] }。");
  }
  if (rows.length === 0) return fail(422, "没有要保存的填报。");
  try {
    const result = await saveCheckIns(db(), actor, { year: year as number, month: month as number, rows }, { ip: clientIp(request.headers) });
    if (Object.keys(result.errors).length > 0) return Response.json({ message: "部分填报有误，未保存任何内容，请按提示修改。", errors: result.errors }, { status: 422 });
    if (result.conflicts.length > 0) return Response.json({ message: "部分指标已被他人修改，未保存任何内容，请刷新后再保存。", conflicts: result.conflicts }, { status: 409 });
    return Response.json({ saved: result.saved });
  } catch (error) {
    await auditForbidden(error, actor, request); // a refusal is recorded (issue 8 §3)
    if (error instanceof AppError && Object.keys(error.fieldErrors).length > 0) return Response.json({ message: error.message, errors: error.fieldErrors }, { status: 422 });
    return errorResponse(error, "check-ins api");
  }
}
