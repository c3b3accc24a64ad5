// Liveness: the process answers. A restart cures nothing a failed readiness check reports, so this
// checks nothing else (a monitor that restarts on "not ready" would restart a healthy app whose database is away).
export function GET() {
  return Response.json({ status: "live", uptimeSeconds: Math.round(process.uptime()) }, { headers: { "Cache-Control": "no-store" } });
}
