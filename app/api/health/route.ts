import { apiRoute } from "@/app/api-route";
import { health } from "@/lib/ops/health";

// Readiness, for the reverse proxy and the monitoring: 200 when this instance can serve (database
// reachable, migrations current, evidence directory writable, certificate valid when configured),
// else 503 with the reason of each failed check in Chinese. No session needed; nothing recorded.
export const GET = apiRoute({ session: false }, async () => {
  const result = await health();
  return Response.json(result, { status: result.status === "ready" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
});
