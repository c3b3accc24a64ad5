import { apiRoute } from "@/app/api-route";
import { verifyTrail } from "@/lib/audit/verify";
import { db } from "@/lib/db/client";

/**
 * POST — verifies the audit trail's hash chain (auditor only, recorded), answering one JSON object per
 * line as it goes: {kind:"progress", checked, total}…, then {kind:"done", ok, checked, lastId, lastHash…}.
 * A refusal comes from the opening, before the stream starts: a 403 of its own, never a line of a 200.
 */
export const POST = apiRoute({ heavy: true, may: "audit.verify" }, ({ actor, ip }) => {
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
});
