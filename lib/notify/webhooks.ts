import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import type { WebhookFormat } from "@/lib/db/generated/enums";
import { recordAudit } from "@/lib/audit/record";
import { AppError } from "@/lib/errors";
import { requireDepartmentAdmin } from "@/lib/deadlines/settings";
import { testMessage } from "./messages";
import { enqueueNotification } from "./outbox";
import { webhookSchema } from "./webhook-schema";

// A department's webhook settings (the 系统管理员's "填报期限与通知" page). Saving checks the address
// and writes; it never calls it (outbox.ts rule 1) — "发送测试消息" queues a message whose outcome the
// page shows once the worker has tried it. The secret is never sent back to the browser: the form
// shows whether one is set and keeps it unless a new one is typed or it is cleared.


export interface WebhookView {
  url: string;
  format: WebhookFormat;
  hasSecret: boolean;
  enabled: boolean;
  digestHour: number;
  lastSuccessAt: Date | null;
  lastErrorAt: Date | null;
  lastError: string | null;
  /** The last error is newer than the last success: the webhook is failing now. */
  failing: boolean;
  pending: number;
  deliveries: { id: string; event: string; status: string; attempts: number; createdAt: Date; sentAt: Date | null; lastError: string | null; title: string }[];
}

/** The actor's department's webhook and its latest messages, or null when none is set up. */
export async function webhookView(db: Db, actor: Actor): Promise<WebhookView | null> {
  const departmentId = requireDepartmentAdmin(actor);
  const webhook = await db.webhook.findUnique({ where: { departmentId } });
  if (!webhook) return null;
  const [deliveries, pending] = await Promise.all([
    db.webhookDelivery.findMany({ where: { webhookId: webhook.id }, orderBy: { createdAt: "desc" }, take: 20 }),
    db.webhookDelivery.count({ where: { webhookId: webhook.id, status: "PENDING" } }),
  ]);
  return {
    url: webhook.url,
    format: webhook.format,
    hasSecret: !!webhook.secret,
    enabled: webhook.enabled,
    digestHour: webhook.digestHour,
    lastSuccessAt: webhook.lastSuccessAt,
    lastErrorAt: webhook.lastErrorAt,
    lastError: webhook.lastError,
    failing: !!webhook.lastErrorAt && (!webhook.lastSuccessAt || webhook.lastErrorAt > webhook.lastSuccessAt),
    pending,
    deliveries: deliveries.map((d) => ({ id: d.id, event: d.event, status: d.status, attempts: d.attempts, createdAt: d.createdAt, sentAt: d.sentAt, lastError: d.lastError, title: String((d.message as { title?: unknown }).title ?? "") })),
  };
}

/** Saves the department's webhook (bad input refused field by field, nothing written); audited without the secret. */
export async function saveWebhook(db: Db, actor: Actor, input: unknown, context: { ip?: string | null } = {}): Promise<void> {
  const departmentId = requireDepartmentAdmin(actor);
  const parsed = webhookSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("VALIDATION", "通知设置有误，请检查标出的项目。", Object.fromEntries(parsed.error.issues.map((i) => [i.path.join(".") || "form", i.message])));
  }
  const v = parsed.data;
  const before = await db.webhook.findUnique({ where: { departmentId } });
  const secret = v.clearSecret ? null : v.secret || before?.secret || null;
  const data = { url: v.url, format: v.format, secret, enabled: v.enabled, digestHour: v.digestHour };
  const shown = (w: { url: string; format: WebhookFormat; secret: string | null; enabled: boolean; digestHour: number } | null) =>
    w ? { url: w.url, format: w.format, secret: w.secret ? "已设置" : "未设置", enabled: w.enabled, digestHour: w.digestHour } : undefined;
  await db.$transaction(async (tx) => {
    await tx.webhook.upsert({ where: { departmentId }, create: { departmentId, ...data }, update: data });
    await recordAudit(tx, { actor, ip: context.ip, action: "webhook.change", objectType: "Department", objectId: departmentId, before: shown(before), after: shown(data), outcome: "SUCCESS" });
  });
}

/** Queues a test message (sent by the worker within seconds); refused when no enabled webhook is saved. */
export async function queueTestMessage(db: Db, actor: Actor, context: { ip?: string | null } = {}): Promise<void> {
  const departmentId = requireDepartmentAdmin(actor);
  const department = await db.department.findUniqueOrThrow({ where: { id: departmentId }, select: { code: true, name: true } });
  await db.$transaction(async (tx) => {
    const id = await enqueueNotification(tx, departmentId, "test", testMessage(department, actor.displayName));
    if (!id) throw new AppError("VALIDATION", "请先保存并启用 Webhook 地址，再发送测试消息。");
    await recordAudit(tx, { actor, ip: context.ip, action: "webhook.test", objectType: "WebhookDelivery", objectId: id, outcome: "SUCCESS" });
  });
}
