import { recordDeniedCapped } from "@/lib/audit/denied";
import { currentActor } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { denied } from "@/lib/http/responses";
import { clientIp } from "@/lib/http/same-origin";
import { metricsRefusal } from "@/lib/ops/metrics-access";
import { renderMetrics } from "@/lib/ops/metrics";

// Prometheus text format, for the monitoring the bureau already runs; only from METRICS_ALLOW. A
// refusal is recorded like any other: under the caller's name when signed in, else capped per address.
export async function GET(request: Request) {
  const ip = clientIp(request.headers);
  const refused = metricsRefusal(ip);
  if (refused) {
    const actor = await currentActor().catch(() => null);
    if (actor) return denied(actor, request, refused);
    await recordDeniedCapped(db(), null, "/metrics", refused, ip);
    return Response.json({ message: refused }, { status: 403, headers: { "Cache-Control": "no-store" } });
  }
  const { body, contentType } = await renderMetrics();
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
}
