import type { Db } from "@/lib/db/client";
import type { Actor } from "@/lib/auth/roles";
import { forbidden } from "@/lib/errors";

export interface AuditRow {
  id: string;
  occurredAt: Date;
  username: string | null;
  ip: string | null;
  action: string;
  object: string | null;
  outcome: "SUCCESS" | "DENIED" | "FAILURE";
  detail: string | null;
}

/** The latest audit records; only the auditor reads the trail (等保 2.0 安全审计, 三权分立). */
export async function listAuditEvents(db: Db, actor: Actor, options: { limit?: number } = {}): Promise<AuditRow[]> {
  if (actor.role !== "AUDITOR") throw forbidden("只有审计管理员可以查看审计日志。");
  const rows = await db.auditEvent.findMany({ orderBy: { id: "desc" }, take: Math.min(options.limit ?? 200, 1000) });
  return rows.map((r) => ({
    id: r.id.toString(),
    occurredAt: r.occurredAt,
    username: r.username,
    ip: r.ip,
    action: r.action,
    object: r.objectType ? `${r.objectType}${r.objectId ? `:${r.objectId.slice(0, 8)}` : ""}` : null,
    outcome: r.outcome,
    detail: r.detail,
  }));
}
