import { z } from "zod";
import { apiRoute } from "@/app/api-route";
import { recordExpenditure } from "@/lib/budget/records";
import { db } from "@/lib/db/client";

// POST JSON { date, amount (元, text), payee, description?, voucherNo?, economicClass?, confirmed? }
// — one payment on a project of the reporter's unit, by the same rules as the budget page
// (lib/budget/records.ts, which checks the body): 201 { id }; 409 { message, needsConfirmation } when
// a warning must be accepted first (send again with confirmed: true; nothing was written);
// 422 { message, errors }.

export const POST = apiRoute({ maxBytes: 64 * 1024, body: z.unknown(), fieldErrors: "errors" }, async ({ actor, params, body, ip }) => {
  const result = await recordExpenditure(db(), actor, params.id ?? "", body, { ip });
  if (result.needsConfirmation) return Response.json({ message: "请确认以下提示后重新提交（confirmed: true），本次未保存。", needsConfirmation: result.needsConfirmation }, { status: 409 });
  return Response.json({ id: result.id }, { status: 201 });
});
