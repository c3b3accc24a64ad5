import { metricsRefusal } from "@/lib/ops/metrics-access";
import { renderMetrics } from "@/lib/ops/metrics";

// Prometheus text format, for the monitoring the bureau already runs; only from METRICS_ALLOW.
export async function GET(request: Request) {
  const refused = await metricsRefusal(request.headers);
  if (refused) return new Response(`${refused}\n`, { status: 403, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  const { body, contentType } = await renderMetrics();
  return new Response(body, { headers: { "Content-Type": contentType, "Cache-Control": "no-store" } });
}
