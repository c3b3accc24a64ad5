import { activeActor } from "@/lib/auth/session";
import { recordExpenditure } from "@/lib/budget/records";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { clientIp, isSameOrigin } from "@/lib/http/same-origin";
import { auditForbidden, errorResponse, fail } from "@/lib/http/responses";

// POST JSON { date, amount (元, text), payee, description?, voucherNo?, economicClass?, confirmed? }
// — one payment on a project of the reporter's unit, by the same rules as the budget page
// (lib/budget/records.ts): 201 { id }; 409 { message, needsConfirmation } when a warning must be
// accepted first (send again with confirmed: true; nothing was written); 422 { message, errors }.

const MAX_BYTES = 64 * 1024;

type Params = { params: Promise<{ id: string }> };

export async function POST(request: Request, { params }: Params) {
  if (!isSameOrigin(request.headers)) return fail(403, "拒绝跨站请求。");
  const actor = await activeActor();
  if (!actor) return fail(401, "会话已过期，请重新登录。");
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BYTES) return fail(413, "请求过大。");
  const { id } = await params;
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return fail(400, "请求内容不是有效的 JSON。");
  }
  try {
    const result = await recordExpenditure(db(), actor, id, body, { ip: clientIp(request.headers) });
    if (result.needsConfirmation) return Response.json({ message: "请确认以下提示后重新提交（confirmed: true），本次未保存。", needsConfirmation: result.needsConfirmation }, { status: 409 });
    return Response.json({ id: result.id }, { status: 201 });
  } catch (error) {
    await auditForbidden(error, actor, request); // every refusal is recorded in the audit trail
    if (error instanceof AppError && Object.keys(error.fieldErrors).length > 0) return Response.json({ message: error.message, errors: error.fieldErrors }, { status: 422 });
    return errorResponse(error, "expenditures api");
  }
}
