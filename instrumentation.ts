// Runs once per server process before any request is handled (Next.js instrumentation hook).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { stampPeerAddress } = await import("./lib/http/peer-stamp");
  stampPeerAddress();
}
