-- Nobody misses a deadline (lib/deadlines/rules.ts and lib/notify/outbox.ts state the rules):
--  * DeadlineSettings: a department's monthly reporting and review deadlines (days 1–28 of the next
--    month), the first month it asks for, and the self-evaluation deadline of the next year.
--  * Webhook and WebhookDelivery: a department's work-chat robot, and the outbox of messages for it,
--    queued in the transaction of what caused them and sent by a background worker with retries.
--  * Reminder and ReminderRead: in-app reminders (催办) sent to a unit, and who has read them.
CREATE TYPE "WebhookFormat" AS ENUM ('WECOM_TEXT', 'WECOM_MARKDOWN', 'DINGTALK_TEXT', 'DINGTALK_MARKDOWN', 'JSON');
CREATE TYPE "DeliveryStatus" AS ENUM ('PENDING', 'SENT', 'FAILED');

CREATE TABLE "DeadlineSettings" (
    "departmentId" UUID NOT NULL,
    "reportDueDay" INTEGER NOT NULL DEFAULT 5,
    "reviewDueDay" INTEGER NOT NULL DEFAULT 10,
    "firstMonth" INTEGER NOT NULL DEFAULT 1,
    "evaluationDueMonth" INTEGER NOT NULL DEFAULT 3,
    "evaluationDueDay" INTEGER NOT NULL DEFAULT 31,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "DeadlineSettings_pkey" PRIMARY KEY ("departmentId"),
    -- The same bounds as the form (lib/deadlines/rules.ts), so no other writer can store a deadline the rules cannot read.
    CONSTRAINT "DeadlineSettings_days_check" CHECK ("reportDueDay" BETWEEN 1 AND 28 AND "reviewDueDay" BETWEEN "reportDueDay" AND 28
        AND "firstMonth" BETWEEN 1 AND 12 AND "evaluationDueMonth" BETWEEN 1 AND 12 AND "evaluationDueDay" BETWEEN 1 AND 31)
);
ALTER TABLE "DeadlineSettings" ADD CONSTRAINT "DeadlineSettings_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "Webhook" (
    "id" UUID NOT NULL,
    "departmentId" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "format" "WebhookFormat" NOT NULL,
    "secret" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "digestHour" INTEGER NOT NULL DEFAULT 9,
    "lastSuccessAt" TIMESTAMPTZ(3),
    "lastErrorAt" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "Webhook_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Webhook_digestHour_check" CHECK ("digestHour" BETWEEN 0 AND 23)
);
CREATE UNIQUE INDEX "Webhook_departmentId_key" ON "Webhook"("departmentId");
ALTER TABLE "Webhook" ADD CONSTRAINT "Webhook_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "WebhookDelivery" (
    "id" UUID NOT NULL,
    "webhookId" UUID NOT NULL,
    "event" TEXT NOT NULL,
    "dedupeKey" TEXT,
    "message" JSONB NOT NULL,
    "body" JSONB,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMPTZ(3),
    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "WebhookDelivery_dedupeKey_key" ON "WebhookDelivery"("dedupeKey");
-- The worker's claim: due PENDING rows, oldest first.
CREATE INDEX "WebhookDelivery_status_nextAttemptAt_idx" ON "WebhookDelivery"("status", "nextAttemptAt");
CREATE INDEX "WebhookDelivery_webhookId_createdAt_idx" ON "WebhookDelivery"("webhookId", "createdAt");
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_webhookId_fkey" FOREIGN KEY ("webhookId") REFERENCES "Webhook"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "Reminder" (
    "id" UUID NOT NULL,
    "departmentId" UUID NOT NULL,
    "unitId" UUID NOT NULL,
    "senderId" UUID NOT NULL,
    "message" TEXT NOT NULL,
    "items" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Reminder_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "Reminder_unitId_createdAt_idx" ON "Reminder"("unitId", "createdAt");
CREATE INDEX "Reminder_departmentId_createdAt_idx" ON "Reminder"("departmentId", "createdAt");
ALTER TABLE "Reminder" ADD CONSTRAINT "Reminder_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Reminder" ADD CONSTRAINT "Reminder_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Reminder" ADD CONSTRAINT "Reminder_senderId_fkey" FOREIGN KEY ("senderId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "ReminderRead" (
    "reminderId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "readAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ReminderRead_pkey" PRIMARY KEY ("reminderId", "userId")
);
CREATE INDEX "ReminderRead_userId_idx" ON "ReminderRead"("userId");
ALTER TABLE "ReminderRead" ADD CONSTRAINT "ReminderRead_reminderId_fkey" FOREIGN KEY ("reminderId") REFERENCES "Reminder"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ReminderRead" ADD CONSTRAINT "ReminderRead_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
