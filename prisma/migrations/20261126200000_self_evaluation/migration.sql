-- Self-evaluation (绩效自评) workflow: who submitted and reviewed it, and the reviewer's comment when
-- it is returned. A line's computed score keeps the engine's 4 decimals (the total is summed from
-- them and rounded once, lib/evaluation/score.ts rule 10).
ALTER TABLE "SelfEvaluation" ADD COLUMN "reviewComment" TEXT;
ALTER TABLE "SelfEvaluation" ADD COLUMN "submittedById" UUID;
ALTER TABLE "SelfEvaluation" ADD COLUMN "reviewedById" UUID;
ALTER TABLE "SelfEvaluationItem" ALTER COLUMN "computedScore" TYPE DECIMAL(8,4);
