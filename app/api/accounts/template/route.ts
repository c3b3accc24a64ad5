import type { NextRequest } from "next/server";
import { accountTemplate } from "@/lib/accounts/template";
import { activeActor } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { attachment, denied, errorResponse, fail, heavyLimit } from "@/lib/http/responses";

/** GET — the blank .xlsx for bulk account creation (admin only), with the units' codes and names beside it. */
export async function GET(request: NextRequest) {
  const actor = await activeActor();
  if (!actor) return fail(401, "会话已过期，请重新登录。");
  const limited = await heavyLimit(actor, request);
  if (limited) return limited;
  if (actor.role !== "ADMIN") return denied(actor, request, "只有系统管理员可以下载账户模板。");
  try {
    return attachment(await accountTemplate(db()), "批量创建账户模板.xlsx");
  } catch (error) {
    return errorResponse(error, "accounts template");
  }
}
