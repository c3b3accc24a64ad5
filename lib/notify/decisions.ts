import type { Db } from "@/lib/db/client";
import { evaluationDecisionMessage, reportDecisionMessage } from "./messages";
import { enqueueNotification } from "./outbox";

// Returns and approvals go to the department's work chat (outbox.ts rule 1: queued in the deciding
// transaction, sent later, never in the way of the decision).

type Tx = Pick<Db, "unit" | "webhook" | "webhookDelivery">;

async function unitOf(tx: Tx, unitId: string) {
  return tx.unit.findUniqueOrThrow({ where: { id: unitId }, select: { code: true, name: true, department: { select: { id: true, code: true, name: true } } } });
}

export async function notifyReportDecision(tx: Tx, report: { unitId: string; month: number; fiscalYear: { year: number } }, decision: "return" | "approve", by: string, comment: string | null): Promise<void> {
  const unit = await unitOf(tx, report.unitId);
  await enqueueNotification(tx, unit.department.id, `report.${decision}`, reportDecisionMessage(unit.department, unit, report.fiscalYear.year, report.month, decision, by, comment));
}

export async function notifyEvaluationDecision(tx: Tx, project: { id: string; name: string; unitId: string }, decision: "return" | "approve", by: string, comment: string | null, figures?: { total: string; grade: string }): Promise<void> {
  const unit = await unitOf(tx, project.unitId);
  await enqueueNotification(tx, unit.department.id, `selfEvaluation.${decision}`, evaluationDecisionMessage(unit.department, unit, project, decision, by, comment, figures));
}
