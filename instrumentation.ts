// Runs once per server process before any request is handled (Next.js instrumentation hook).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { stampPeerAddress } = await import("./app/http/peer-stamp");
  stampPeerAddress();
  const { timeRequests } = await import("./lib/ops/request-timer");
  timeRequests();
  // Work-chat messages are queued by user actions and sent from here, in the background (lib/notify/outbox.ts).
  const { startNotificationWorker } = await import("./lib/notify/worker");
  startNotificationWorker();
}

/** Every error Next.js could not hand to an error page of ours, counted for /metrics (the details go to the log as before). */
export async function onRequestError(_error: unknown, _request: unknown, context: { routePath?: string; routeType?: string }) {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { countUnhandledError } = await import("./lib/ops/metrics");
  countUnhandledError(context.routePath ?? "other", context.routeType ?? "other");
}
