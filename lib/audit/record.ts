import { createHash } from "node:crypto";
import type { Prisma } from "@/lib/db/generated/client";
import type { AuditOutcome } from "@/lib/db/generated/enums";
import type { Actor } from "@/lib/auth/roles";

export interface AuditInput {
  actor?: Pick<Actor, "id" | "username"> | null;
  /** For sign-in attempts, where there is no actor yet. */
  username?: string | null;
  ip?: string | null;
  action: string;
  objectType?: string;
  objectId?: string;
  before?: Prisma.InputJsonValue;
  after?: Prisma.InputJsonValue;
  outcome: AuditOutcome;
  detail?: string;
}

type Tx = Pick<Prisma.TransactionClient, "auditEvent" | "$executeRaw">;

// Key of the advisory lock that serialises appends, so each record's prevHash is its real predecessor.
const CHAIN_LOCK = 4_207_301;

/**
 * Appends one record to the audit trail inside the caller's transaction (so a change and its audit
 * record commit together or not at all). Records are chained: hash = sha256(prevHash | content).
 */
export async function recordAudit(tx: Tx, input: AuditInput): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`;
  const last = await tx.auditEvent.findFirst({ orderBy: { id: "desc" }, select: { hash: true } });
  const prevHash = last?.hash ?? "";
  const occurredAt = new Date();
  const content = {
    occurredAt: occurredAt.toISOString(),
    userId: input.actor?.id ?? null,
    username: input.actor?.username ?? input.username ?? null,
    ip: input.ip ?? null,
    action: input.action,
    objectType: input.objectType ?? null,
    objectId: input.objectId ?? null,
    before: input.before ?? null,
    after: input.after ?? null,
    outcome: input.outcome,
    detail: input.detail ?? null,
  };
  const hash = createHash("sha256").update(prevHash).update("|").update(JSON.stringify(content)).digest("hex");
  await tx.auditEvent.create({
    data: {
      ...content,
      occurredAt,
      before: input.before,
      after: input.after,
      prevHash: prevHash || null,
      hash,
    },
  });
}
