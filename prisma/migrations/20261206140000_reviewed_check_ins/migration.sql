-- Monitoring you can trust (lib/progress/reviewed.ts states the rule):
--  * ReviewedCheckIn: what the reviewer approved — a copy of each check-in of a month, taken when the
--    month is approved and replaced only by the next approval of that month. Leadership reads these by
--    default, so a reopened month keeps showing what was signed until it is approved again, and a
--    check-in cleared in a reopened month leaves its approved copy in place (checkInId becomes NULL).
--  * ReportEvent: every submit, return, approve and reopen of a month, with who, when and the comment
--    (and, for a submission, how complete the month was and the reporter's reason when it was not).
CREATE TYPE "ReportAction" AS ENUM ('SUBMIT', 'RETURN', 'APPROVE', 'REOPEN');

CREATE TABLE "ReviewedCheckIn" (
    "id" UUID NOT NULL,
    "checkInId" UUID,
    "indicatorId" UUID NOT NULL,
    "reportId" UUID NOT NULL,
    "asOfDate" DATE NOT NULL,
    "actualValue" DECIMAL(24,8),
    "actualText" TEXT,
    "forecastValue" DECIMAL(24,8),
    "forecastText" TEXT,
    "likelihood" "Likelihood",
    "deviationCause" "DeviationCause",
    "correctiveAction" TEXT,
    "note" TEXT,
    "createdById" UUID NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL,
    "approvedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ReviewedCheckIn_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "ReviewedCheckIn_indicatorId_reportId_key" ON "ReviewedCheckIn"("indicatorId", "reportId");
CREATE INDEX "ReviewedCheckIn_reportId_idx" ON "ReviewedCheckIn"("reportId");
CREATE INDEX "ReviewedCheckIn_checkInId_idx" ON "ReviewedCheckIn"("checkInId");
-- The latest reviewed check-in per indicator on or before a date: one index probe (as for CheckIn).
CREATE INDEX "ReviewedCheckIn_indicatorId_asOfDate_recordedAt_idx" ON "ReviewedCheckIn"("indicatorId", "asOfDate", "recordedAt");
ALTER TABLE "ReviewedCheckIn" ADD CONSTRAINT "ReviewedCheckIn_checkInId_fkey" FOREIGN KEY ("checkInId") REFERENCES "CheckIn"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "ReviewedCheckIn" ADD CONSTRAINT "ReviewedCheckIn_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ReviewedCheckIn" ADD CONSTRAINT "ReviewedCheckIn_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "MonthlyReport"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ReviewedCheckIn" ADD CONSTRAINT "ReviewedCheckIn_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "ReportEvent" (
    "id" UUID NOT NULL,
    "reportId" UUID NOT NULL,
    "action" "ReportAction" NOT NULL,
    "actorId" UUID NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "comment" TEXT,
    "filled" INTEGER,
    "expected" INTEGER,
    "missing" JSONB,
    CONSTRAINT "ReportEvent_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "ReportEvent_reportId_at_idx" ON "ReportEvent"("reportId", "at");
ALTER TABLE "ReportEvent" ADD CONSTRAINT "ReportEvent_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "MonthlyReport"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ReportEvent" ADD CONSTRAINT "ReportEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Months approved before this migration: their check-ins as they stand are what was approved
-- (an approved month cannot be edited).
INSERT INTO "ReviewedCheckIn" ("id", "checkInId", "indicatorId", "reportId", "asOfDate", "actualValue", "actualText", "forecastValue", "forecastText",
                               "likelihood", "deviationCause", "correctiveAction", "note", "createdById", "recordedAt", "approvedAt")
SELECT gen_random_uuid(), c."id", c."indicatorId", c."reportId", c."asOfDate", c."actualValue", c."actualText", c."forecastValue", c."forecastText",
       c."likelihood", c."deviationCause", c."correctiveAction", c."note", c."createdById", c."updatedAt", COALESCE(r."reviewedAt", CURRENT_TIMESTAMP)
FROM "CheckIn" c JOIN "MonthlyReport" r ON r."id" = c."reportId"
WHERE r."status" = 'APPROVED';

-- The history so far is on the audit trail: one event per successful workflow step.
INSERT INTO "ReportEvent" ("id", "reportId", "action", "actorId", "at", "comment")
SELECT gen_random_uuid(), r."id",
       (CASE a."action" WHEN 'report.submit' THEN 'SUBMIT' WHEN 'report.return' THEN 'RETURN' WHEN 'report.approve' THEN 'APPROVE' ELSE 'REOPEN' END)::"ReportAction",
       a."userId", a."occurredAt", NULLIF(a."after" ->> 'comment', '')
FROM "AuditEvent" a
JOIN "MonthlyReport" r ON r."id"::text = a."objectId"
JOIN "User" u ON u."id" = a."userId"
WHERE a."objectType" = 'MonthlyReport' AND a."outcome" = 'SUCCESS'
  AND a."action" IN ('report.submit', 'report.return', 'report.approve', 'report.reopen');
