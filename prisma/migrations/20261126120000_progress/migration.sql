-- Progress (运行监控): one check-in per indicator per monthly report; a unit's report of a month
-- is what the reviewer approves or returns.
CREATE UNIQUE INDEX "CheckIn_indicatorId_reportId_key" ON "CheckIn"("indicatorId", "reportId");
