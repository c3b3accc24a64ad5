-- Read paths measured by the city-scale benchmark (issue 9).
-- The latest check-in per indicator (dashboards, project page, evaluation) orders by date, then by
-- the time of the last change: with updatedAt in the index each lookup stops at its first entry
-- instead of sorting the indicator's check-ins. It replaces the two-column index it extends.
CREATE INDEX "CheckIn_indicatorId_asOfDate_updatedAt_idx" ON "CheckIn"("indicatorId", "asOfDate", "updatedAt");
DROP INDEX "CheckIn_indicatorId_asOfDate_idx";
-- A department's reports of one month (dashboards: reporting completeness), without a full scan.
CREATE INDEX "MonthlyReport_fiscalYearId_month_idx" ON "MonthlyReport"("fiscalYearId", "month");
-- A project's target history (lib/targets/indicators.ts targetChangesOf): the audit rows of its
-- indicators, found by the project named in before/after. Expression indexes, outside Prisma's
-- schema language (the schema-drift test leaves expression indexes aside). 470 ms → under 2 ms on
-- a million audit rows.
CREATE INDEX "AuditEvent_indicator_after_project_idx" ON "AuditEvent"(("after" #> '{projectId}')) WHERE "objectType" = 'Indicator';
CREATE INDEX "AuditEvent_indicator_before_project_idx" ON "AuditEvent"(("before" #> '{projectId}')) WHERE "objectType" = 'Indicator';
