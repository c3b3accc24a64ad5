// Runs once per server process before any request is handled (Next.js instrumentation hook).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { stampPeerAddress } = await import("./lib/http/peer-stamp");
  stampPeerAddress();
  // Work-chat messages are queued by user actions and sent from here, in the background (lib/notify/outbox.ts).
  const { startNotificationWorker } = await import("./lib/notify/worker");
  startNotificationWorker();
}
