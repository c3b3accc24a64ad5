-- Found by the city-scale benchmark (issue 9): lookups that scanned whole tables.
-- A payment's reversals (project and budget pages): 69 ms → 0.4 ms on 100k payments.
CREATE INDEX "Expenditure_reversalOfId_idx" ON "Expenditure"("reversalOfId");
-- A monthly report's check-ins (submit, review, counts): a full scan of the city's check-ins.
CREATE INDEX "CheckIn_reportId_idx" ON "CheckIn"("reportId");
-- Evidence by its check-in or payment.
CREATE INDEX "Evidence_checkInId_idx" ON "Evidence"("checkInId");
CREATE INDEX "Evidence_expenditureId_idx" ON "Evidence"("expenditureId");
