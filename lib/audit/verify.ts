import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { authorize } from "@/lib/auth/policy";
import { verifyAuditChain, type ChainReport } from "./chain";
import { recordAudit } from "./record";

// 校验审计日志 from the auditor's screen: the very check `npm run cli -- audit verify` runs
// (verifyAuditChain), with progress for the screen, and itself recorded — with the last record's id
// and hash, the anchor an auditor writes down to compare with next time.

export type VerifyProgress = { kind: "progress"; checked: number; total: number };
export type VerifyResult = { kind: "done"; ok: boolean; checked: number; total: number; lastId: string | null; lastHash: string | null; firstBadId: string | null; problem: string | null };

export async function verifyTrail(db: Db, actor: Actor, onProgress: (p: VerifyProgress) => void | Promise<void>, context: { ip?: string | null; batchSize?: number } = {}): Promise<VerifyResult> {
  authorize(actor, "audit.verify");
  const total = await db.auditEvent.count();
  await onProgress({ kind: "progress", checked: 0, total });
  const report: ChainReport = await verifyAuditChain(db, { batchSize: context.batchSize ?? 1000, onProgress: (checked) => onProgress({ kind: "progress", checked, total }) });
  const result: VerifyResult = {
    kind: "done",
    ok: report.ok,
    checked: report.checked,
    total,
    lastId: report.lastId?.toString() ?? null,
    lastHash: report.lastHash ?? null,
    firstBadId: report.firstBadId?.toString() ?? null,
    problem: report.problem ?? null,
  };
  const recorded = { ok: result.ok, checked: result.checked, lastId: result.lastId, lastHash: result.lastHash, firstBadId: result.firstBadId, problem: result.problem };
  await db.$transaction((tx) => recordAudit(tx, { actor, ip: context.ip, action: "audit.verify", objectType: "AuditEvent", after: recorded, outcome: report.ok ? "SUCCESS" : "FAILURE", ...(report.problem ? { detail: report.problem } : {}) }));
  return result;
}
