import { db } from "@/lib/db/client";
import { runNotifications } from "./outbox";

// The outbox's background worker (outbox.ts rule 2), one per app process, started by
// instrumentation.ts. Every INTERVAL_MS it queues the day's digests and sends what is due; a pass
// never overlaps the previous one, and a failure (the database restarting, say) is logged once and
// tried again at the next pass. The timer does not keep the process alive.

const INTERVAL_MS = 15_000;
const STARTED = Symbol.for("jixiao.notifyWorker");
type Global = typeof globalThis & { [STARTED]?: { kick: () => void } };

export function startNotificationWorker(): void {
  const g = globalThis as Global;
  if (g[STARTED]) return;
  let running = false;
  let lastError = "";
  const pass = async () => {
    if (running) return;
    running = true;
    try {
      await runNotifications(db());
      lastError = "";
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      if (text !== lastError) console.error("通知发送失败（稍后重试）：", text);
      lastError = text;
    } finally {
      running = false;
    }
  };
  setInterval(() => void pass(), INTERVAL_MS).unref();
  g[STARTED] = { kick: () => void pass() };
}

/** Runs a pass soon (after a test message is queued), without waiting for it: the caller returns at once. */
export function kickNotificationWorker(): void {
  const worker = (globalThis as Global)[STARTED];
  if (worker) setTimeout(worker.kick, 0).unref();
}
