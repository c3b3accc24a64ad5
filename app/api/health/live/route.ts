import { apiRoute } from "@/app/api-route";

// Liveness: the process answers. A restart cures nothing a failed readiness check reports, so this
// checks nothing else (a monitor that restarts on "not ready" would restart a healthy app whose database is away).
export const GET = apiRoute({ session: false }, () => Response.json({ status: "live", uptimeSeconds: Math.round(process.uptime()) }, { headers: { "Cache-Control": "no-store" } }));
