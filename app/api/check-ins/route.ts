import type { NextRequest } from "next/server";
import { activeActor } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { clientIp, isSameOrigin } from "@/lib/http/same-origin";
import { auditForbidden, errorResponse, fail } from "@/lib/http/responses";
import { saveCheckIns } from "@/lib/progress/check-ins";
import { checkInRows, readMonth } from "@/lib/progress/month-view";

// The JSON API of a unit's month, for clients that read, change and write back.
//
// GET ?year=2025&month=11[&unitId=…][&drafts=0|1] — { year, month, unitId, status, rows: [...] }: one
// row per indicator of the reporter's (or reviewer's) unit, filled or not; a leader names a unit of
// the department with unitId and reads what was reviewed unless drafts=1 (lib/progress/reviewed.ts).
// Each row: { indicatorId, actual, forecast, likelihood, deviationCause, correctiveAction, note,
// version, projectName, name, target, hint, status, updatedAt } — unfilled fields are null.
//
// POST JSON { year, month, rows: [{ indicatorId, actual?, forecast?, likelihood?, deviationCause?,
// correctiveAction?, note?, version? }] } — a month's check-ins for the reporter's unit, all or
// nothing, by the same rules as the progress grid (lib/progress/check-ins.ts). In a row, a value
// sets the field, an explicit null (or "") clears it, and an absent key leaves it as saved; a
// check-in left with nothing in it is removed. `version` is the one GET answered (required to change
// a saved check-in). Answers 200 { saved, cleared }, 422 { message, errors } (by indicator id and
// field), 409 { message, conflicts } (edited meanwhile).

const MAX_BYTES = 1024 * 1024;

export async function GET(request: NextRequest) {
  const actor = await activeActor();
  if (!actor) return fail(401, "会话已过期，请重新登录。");
  const query = request.nextUrl.searchParams;
  const year = Number(query.get("year"));
  const month = Number(query.get("month"));
  try {
    const view = await readMonth(db(), actor, { year, month, unitId: query.get("unitId"), drafts: query.get("drafts") });
    return Response.json(checkInRows(view), { headers: { "Cache-Control": "private, no-store" } });
  } catch (error) {
    await auditForbidden(error, actor, request);
    return errorResponse(error, "check-ins api read");
  }
}

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
    return Response.json({ saved: result.saved, cleared: result.cleared });
  } catch (error) {
    await auditForbidden(error, actor, request); // a refusal is recorded
    if (error instanceof AppError && Object.keys(error.fieldErrors).length > 0) return Response.json({ message: error.message, errors: error.fieldErrors }, { status: 422 });
    return errorResponse(error, "check-ins api");
  }
}
