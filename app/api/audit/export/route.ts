import type { NextRequest } from "next/server";
import { exportAuditEvents, parseAuditFilters } from "@/lib/audit/queries";
import { activeActor } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { attachment, auditForbidden, errorResponse, fail, heavyLimit } from "@/lib/http/responses";
import { clientIp } from "@/lib/http/same-origin";

/** GET ?from&to&user&action&outcome&object&ip — the matching audit records as .xlsx (auditor only, audited). */
export async function GET(request: NextRequest) {
  const actor = await activeActor();
  if (!actor) return fail(401, "会话已过期，请重新登录。");
  const limited = await heavyLimit(actor, request);
  if (limited) return limited;
  try {
    const filters = parseAuditFilters(Object.fromEntries(request.nextUrl.searchParams));
    const file = await exportAuditEvents(db(), actor, { ...filters, before: undefined }, { ip: clientIp(request.headers) });
    return attachment(file.bytes, file.fileName);
  } catch (error) {
    await auditForbidden(error, actor, request);
    return errorResponse(error, "audit export");
  }
}
