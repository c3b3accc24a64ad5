import "server-only";
import type { NextRequest } from "next/server";
import type { Actor } from "@/lib/auth/roles";
import { activeActor } from "@/lib/auth/session";
import { attachment, auditForbidden, errorResponse, fail, heavyLimit } from "@/lib/http/responses";
import { clientIp } from "@/lib/http/same-origin";

export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/**
 * The one shape of an export route (the routes stay thin): the session, the heavy-endpoint rate
 * limit, lib/'s refusals recorded before they are answered, the file as an attachment.
 */
export async function download(request: NextRequest, what: string, produce: (actor: Actor, search: URLSearchParams, ip: string | null) => Promise<{ bytes: Uint8Array; fileName: string }>, type = XLSX): Promise<Response> {
  const actor = await activeActor();
  if (!actor) return fail(401, "会话已过期，请重新登录。");
  const limited = await heavyLimit(actor, request);
  if (limited) return limited;
  try {
    const file = await produce(actor, request.nextUrl.searchParams, clientIp(request.headers));
    return attachment(file.bytes, file.fileName, type);
  } catch (error) {
    await auditForbidden(error, actor, request);
    return errorResponse(error, what);
  }
}
