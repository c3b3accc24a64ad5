-- A self-evaluation keeps the record as it was last saved, submitted and approved: the scored
-- lines, weights, targets, actuals, spending and total exactly as shown (lib/evaluation/snapshot.ts).
-- Once approved, every reader shows this snapshot; a later change to the project's targets or
-- spending marks it 需要复核 and never alters it (docs/decisions/003-approved-records.md).
ALTER TABLE "SelfEvaluation" ADD COLUMN "snapshot" JSONB;
ALTER TABLE "SelfEvaluation" ADD COLUMN "snapshotAt" TIMESTAMPTZ(3);
