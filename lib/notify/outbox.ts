import type { Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import type { WebhookDelivery } from "@/lib/db/generated/client";
import { jsonColumn } from "@/lib/db/json";
import { hourInChina, todayInChina } from "@/lib/calendar";
import { departmentLateness } from "@/lib/deadlines/lateness";
import { networkError, renderRequest, responseError, type NotifyMessage } from "./format";
import { digestMessage } from "./messages";

// The outbox of work-chat messages. The rules:
//  1. A message is queued — one row — in the transaction of what caused it (a return, an approval, a
//     reminder), and only when the department has an enabled webhook. Queuing is all a user action
//     does: nothing waits for the network, and a failing webhook never fails or slows the action.
//  2. A background worker in each app process claims due messages with FOR UPDATE SKIP LOCKED and
//     moves them LEASE_MS ahead in the same statement, so several instances never send one message
//     twice at once; a process that dies mid-send leaves the message to be retried when its lease ends.
//  3. Each attempt posts once with a TIMEOUT_MS limit. Refused (not 2xx, or the robot's errcode ≠ 0),
//     unanswered or unreachable, it is retried after RETRY_DELAYS_S[attempt − 1] seconds; after
//     MAX_ATTEMPTS it is given up (FAILED). Every attempt's outcome is kept on the message, and the
//     webhook keeps its last success and its last error, shown on the settings page.
//  4. The daily digest of overdue items is queued once per department and day (China time), from the
//     webhook's digest hour on, under a dedupe key, so several instances queue it once; a day with
//     nothing overdue sends nothing.

export const LEASE_MS = 60_000;
export const TIMEOUT_MS = 10_000;
export const RETRY_DELAYS_S = [30, 120, 600, 1800, 7200] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_S.length + 1;

type Tx = Pick<Db, "webhook" | "webhookDelivery">;

/** Rule 1: queues `message` for the department's webhook, if it has an enabled one; the delivery's id, or null. */
export async function enqueueNotification(tx: Tx, departmentId: string, event: string, message: NotifyMessage, options: { dedupeKey?: string; at?: Date } = {}): Promise<string | null> {
  const webhook = await tx.webhook.findFirst({ where: { departmentId, enabled: true }, select: { id: true } });
  if (!webhook) return null;
  const data = { webhookId: webhook.id, event, message: jsonColumn(message), dedupeKey: options.dedupeKey ?? null, ...(options.at ? { nextAttemptAt: options.at } : {}) };
  if (options.dedupeKey) {
    const { count } = await tx.webhookDelivery.createMany({ data: [data], skipDuplicates: true });
    return count > 0 ? options.dedupeKey : null;
  }
  return (await tx.webhookDelivery.create({ data, select: { id: true } })).id;
}

/** Rule 2: claims up to `limit` due messages for this process, oldest first. */
export async function claimDue(db: Db, now: Date, limit = 20): Promise<WebhookDelivery[]> {
  const lease = new Date(now.getTime() + LEASE_MS);
  return db.$queryRaw<WebhookDelivery[]>`
    UPDATE "WebhookDelivery" d SET "attempts" = d."attempts" + 1, "nextAttemptAt" = ${lease}
    WHERE d."id" IN (
      SELECT "id" FROM "WebhookDelivery" WHERE "status" = 'PENDING' AND "nextAttemptAt" <= ${now}
      ORDER BY "nextAttemptAt" LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING d.*`;
}

export interface SendOptions {
  now?: () => Date;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** Rule 3: one attempt at a claimed message; records its outcome on the message and the webhook. */
export async function deliver(db: Db, delivery: WebhookDelivery, options: SendOptions = {}): Promise<"SENT" | "RETRY" | "FAILED"> {
  const now = options.now ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
  const webhook = await db.webhook.findUnique({ where: { id: delivery.webhookId } });
  let error: string | null;
  let body: Prisma.InputJsonValue | undefined;
  if (!webhook || !webhook.enabled) {
    error = "通知已停用，未发送";
  } else {
    const request = renderRequest(webhook.format, webhook.url, webhook.secret, delivery.message as unknown as NotifyMessage, now());
    body = JSON.parse(request.body) as Prisma.InputJsonValue;
    try {
      const response = await (options.fetch ?? fetch)(request.url, { method: "POST", headers: request.headers, body: request.body, signal: AbortSignal.timeout(timeoutMs), redirect: "manual" });
      error = responseError(webhook.format, response.status, await response.text());
    } catch (caught) {
      error = networkError(caught, timeoutMs);
    }
  }
  const at = now();
  if (error === null) {
    await db.$transaction([
      db.webhookDelivery.update({ where: { id: delivery.id }, data: { status: "SENT", sentAt: at, body, lastError: null } }),
      db.webhook.update({ where: { id: delivery.webhookId }, data: { lastSuccessAt: at } }),
    ]);
    return "SENT";
  }
  const giveUp = !webhook?.enabled || delivery.attempts >= MAX_ATTEMPTS;
  const delay = RETRY_DELAYS_S[Math.min(delivery.attempts, RETRY_DELAYS_S.length) - 1] ?? RETRY_DELAYS_S[0];
  const message = `第 ${delivery.attempts} 次发送失败：${error}${giveUp ? "（已放弃）" : `，${delay} 秒后重试`}`;
  await db.$transaction([
    db.webhookDelivery.update({ where: { id: delivery.id }, data: { status: giveUp ? "FAILED" : "PENDING", nextAttemptAt: giveUp ? at : new Date(at.getTime() + delay * 1000), body, lastError: message } }),
    ...(webhook ? [db.webhook.update({ where: { id: webhook.id }, data: { lastErrorAt: at, lastError: message } })] : []),
  ]);
  return giveUp ? "FAILED" : "RETRY";
}

// Departments whose digest this process already considered today (rule 4: a day with nothing overdue
// sends nothing, and is not looked at again every few seconds).
const considered = new Map<string, string>();

/** Rule 4: queues today's digest of every department whose digest hour has come. */
export async function enqueueDigests(db: Db, now: Date): Promise<number> {
  const today = todayInChina(now);
  const hour = hourInChina(now);
  const webhooks = await db.webhook.findMany({ where: { enabled: true, digestHour: { lte: hour } }, select: { departmentId: true, department: { select: { code: true, name: true } } } });
  let queued = 0;
  for (const w of webhooks) {
    const key = `digest:${w.departmentId}:${today}`;
    if (considered.get(w.departmentId) === today) continue;
    if (await db.webhookDelivery.findUnique({ where: { dedupeKey: key }, select: { id: true } })) {
      considered.set(w.departmentId, today);
      continue;
    }
    const message = digestMessage(w.department, await departmentLateness(db, w.departmentId, now));
    if (message && (await enqueueNotification(db, w.departmentId, "digest", message, { dedupeKey: key, at: now }))) queued += 1;
    considered.set(w.departmentId, today);
  }
  return queued;
}

/** One pass of the worker: today's digests, then every due message. */
export async function runNotifications(db: Db, options: SendOptions & { limit?: number; digests?: boolean } = {}): Promise<{ queued: number; sent: number; retried: number; failed: number }> {
  const now = options.now ?? (() => new Date());
  const queued = options.digests === false ? 0 : await enqueueDigests(db, now());
  const counts = { queued, sent: 0, retried: 0, failed: 0 };
  const claimed = await claimDue(db, now(), options.limit);
  for (const delivery of claimed) {
    const outcome = await deliver(db, delivery, options);
    if (outcome === "SENT") counts.sent += 1;
    else if (outcome === "RETRY") counts.retried += 1;
    else counts.failed += 1;
  }
  return counts;
}

/** Forget which digests were considered (tests move the clock back and forth). */
export function forgetDigests(): void {
  considered.clear();
}
