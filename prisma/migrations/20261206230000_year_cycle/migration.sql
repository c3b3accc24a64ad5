-- The year closes and the next one opens.
--
-- 1. The self-evaluation report's narrative (工作开展情况, 经验做法, 存在问题, 改进建议, 结果应用) is
--    stored with the self-evaluation and goes through its workflow; approval freezes it in the
--    snapshot like the rest of the record (lib/evaluation/narrative.ts).
ALTER TABLE "SelfEvaluation" ADD COLUMN "workText" TEXT NOT NULL DEFAULT '';
ALTER TABLE "SelfEvaluation" ADD COLUMN "practiceText" TEXT NOT NULL DEFAULT '';
ALTER TABLE "SelfEvaluation" ADD COLUMN "problemText" TEXT NOT NULL DEFAULT '';
ALTER TABLE "SelfEvaluation" ADD COLUMN "improvementText" TEXT NOT NULL DEFAULT '';
ALTER TABLE "SelfEvaluation" ADD COLUMN "resultUseText" TEXT NOT NULL DEFAULT '';

-- 2. Next year's targets drafted from this year's: a continuing project and each copied indicator
--    name the one they were copied from, so the draft shows this year's target, actual and score
--    beside each indicator and the review compares them (lib/targets/next-year.ts). Deleting the
--    source keeps the copy.
ALTER TABLE "FiscalYear" ADD COLUMN "draftedFromYear" INTEGER;
ALTER TABLE "Project" ADD COLUMN "previousId" UUID;
ALTER TABLE "Indicator" ADD COLUMN "previousId" UUID;
ALTER TABLE "Project" ADD CONSTRAINT "Project_previousId_fkey" FOREIGN KEY ("previousId") REFERENCES "Project"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Indicator" ADD CONSTRAINT "Indicator_previousId_fkey" FOREIGN KEY ("previousId") REFERENCES "Indicator"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE INDEX "Project_previousId_idx" ON "Project"("previousId");
CREATE INDEX "Indicator_previousId_idx" ON "Indicator"("previousId");

-- 3. A closed fiscal year is read-only: no row of its projects, indicators, check-ins (and their
--    reviewed copies), monthly reports (and their workflow events), spending, budget adjustments,
--    evidence or self-evaluations may be added, changed or removed, whatever code path tries
--    (lib/fiscal-years.ts says the rule and turns this error into the user's message). Only the year itself may change (an admin reopens it, audited).
CREATE FUNCTION "jixiao_closed_year_guard"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row_data JSONB := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
  closed_year INTEGER;
BEGIN
  IF TG_TABLE_NAME IN ('Project', 'MonthlyReport') THEN
    SELECT y."year" INTO closed_year FROM "FiscalYear" y WHERE y."id" = (row_data->>'fiscalYearId')::uuid AND y."closedAt" IS NOT NULL;
  ELSIF TG_TABLE_NAME = 'ReportEvent' THEN
    SELECT y."year" INTO closed_year FROM "MonthlyReport" r JOIN "FiscalYear" y ON y."id" = r."fiscalYearId"
    WHERE r."id" = (row_data->>'reportId')::uuid AND y."closedAt" IS NOT NULL;
  ELSIF TG_TABLE_NAME IN ('Indicator', 'Expenditure', 'BudgetAdjustment', 'Evidence', 'SelfEvaluation') THEN
    SELECT y."year" INTO closed_year FROM "Project" p JOIN "FiscalYear" y ON y."id" = p."fiscalYearId"
    WHERE p."id" = (row_data->>'projectId')::uuid AND y."closedAt" IS NOT NULL;
  ELSIF TG_TABLE_NAME IN ('CheckIn', 'ReviewedCheckIn') THEN
    SELECT y."year" INTO closed_year FROM "Indicator" i JOIN "Project" p ON p."id" = i."projectId" JOIN "FiscalYear" y ON y."id" = p."fiscalYearId"
    WHERE i."id" = (row_data->>'indicatorId')::uuid AND y."closedAt" IS NOT NULL;
  ELSIF TG_TABLE_NAME = 'SelfEvaluationItem' THEN
    SELECT y."year" INTO closed_year FROM "SelfEvaluation" e JOIN "Project" p ON p."id" = e."projectId" JOIN "FiscalYear" y ON y."id" = p."fiscalYearId"
    WHERE e."id" = (row_data->>'selfEvaluationId')::uuid AND y."closedAt" IS NOT NULL;
  END IF;
  IF closed_year IS NOT NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'JX001', MESSAGE = closed_year || ' 年度已关闭，只能查看，不能修改。如确需更正，请系统管理员说明原因重新打开该年度。';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;

CREATE TRIGGER "Project_closed_year" BEFORE INSERT OR UPDATE OR DELETE ON "Project" FOR EACH ROW EXECUTE FUNCTION "jixiao_closed_year_guard"();
CREATE TRIGGER "MonthlyReport_closed_year" BEFORE INSERT OR UPDATE OR DELETE ON "MonthlyReport" FOR EACH ROW EXECUTE FUNCTION "jixiao_closed_year_guard"();
CREATE TRIGGER "Indicator_closed_year" BEFORE INSERT OR UPDATE OR DELETE ON "Indicator" FOR EACH ROW EXECUTE FUNCTION "jixiao_closed_year_guard"();
CREATE TRIGGER "Expenditure_closed_year" BEFORE INSERT OR UPDATE OR DELETE ON "Expenditure" FOR EACH ROW EXECUTE FUNCTION "jixiao_closed_year_guard"();
CREATE TRIGGER "BudgetAdjustment_closed_year" BEFORE INSERT OR UPDATE OR DELETE ON "BudgetAdjustment" FOR EACH ROW EXECUTE FUNCTION "jixiao_closed_year_guard"();
CREATE TRIGGER "Evidence_closed_year" BEFORE INSERT OR UPDATE OR DELETE ON "Evidence" FOR EACH ROW EXECUTE FUNCTION "jixiao_closed_year_guard"();
CREATE TRIGGER "SelfEvaluation_closed_year" BEFORE INSERT OR UPDATE OR DELETE ON "SelfEvaluation" FOR EACH ROW EXECUTE FUNCTION "jixiao_closed_year_guard"();
CREATE TRIGGER "CheckIn_closed_year" BEFORE INSERT OR UPDATE OR DELETE ON "CheckIn" FOR EACH ROW EXECUTE FUNCTION "jixiao_closed_year_guard"();
CREATE TRIGGER "SelfEvaluationItem_closed_year" BEFORE INSERT OR UPDATE OR DELETE ON "SelfEvaluationItem" FOR EACH ROW EXECUTE FUNCTION "jixiao_closed_year_guard"();
CREATE TRIGGER "ReviewedCheckIn_closed_year" BEFORE INSERT OR UPDATE OR DELETE ON "ReviewedCheckIn" FOR EACH ROW EXECUTE FUNCTION "jixiao_closed_year_guard"();
CREATE TRIGGER "ReportEvent_closed_year" BEFORE INSERT OR UPDATE OR DELETE ON "ReportEvent" FOR EACH ROW EXECUTE FUNCTION "jixiao_closed_year_guard"();
