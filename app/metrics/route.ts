import { apiRoute } from "@/app/api-route";
import { denied, fail } from "@/app/http/responses";
import { currentActor } from "@/app/session";
import { recordDeniedCapped } from "@/lib/audit/denied";
import { db } from "@/lib/db/client";
import { metricsRefusal } from "@/lib/ops/metrics-access";
import { renderMetrics } from "@/lib/ops/metrics";

// Prometheus text format, for the monitoring the bureau already runs; only from METRICS_ALLOW. A
// refusal is recorded like any other: under the caller's name when signed in, else capped per address.
export const GET = apiRoute({ session: false }, async ({ request, ip }) => {
  const refused = metricsRefusal(ip);
  if (refused) {
    const actor = await currentActor().catch(() => null);
    if (actor) return denied(actor, request, refused);
    await recordDeniedCapped(db(), null, "/metrics", refused, ip);
    return fail(403, refused, {}, { "Cache-Control": "no-store" });
  }
  const { body, contentType } = await renderMetrics();
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
});
