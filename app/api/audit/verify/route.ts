import type { NextRequest } from "next/server";
import { verifyTrail } from "@/lib/audit/verify";
import { activeActor } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { denied, fail, heavyLimit } from "@/lib/http/responses";
import { clientIp } from "@/lib/http/same-origin";

/**
 * POST — verifies the audit trail's hash chain (auditor only, recorded), answering one JSON object per
 * line as it goes: {kind:"progress", checked, total}…, then {kind:"done", ok, checked, lastId, lastHash…}.
 */
export async function POST(request: NextRequest) {
  const actor = await activeActor();
  if (!actor) return fail(401, "会话已过期，请重新登录。");
  const limited = await heavyLimit(actor, request);
  if (limited) return limited;
  // Refused before the stream starts: a refusal is a 403 of its own, never a line of a 200.
  if (actor.role !== "AUDITOR") return denied(actor, request, "只有审计管理员可以校验审计日志。");
  const ip = clientIp(request.headers);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (line: object) => controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
      try {
        send(await verifyTrail(db(), actor, send, { ip }));
      } catch (error) {
        console.error("audit verify", error);
        send({ kind: "error", message: "校验中断，请稍后重试。" });
      }
      controller.close();
    },
  });
  return new Response(body, { headers: { "Content-Type": "application/x-ndjson; charset=utf-8", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" } });
}
