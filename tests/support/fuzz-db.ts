import type { Db } from "@/lib/db/client";

// What a refused request must leave untouched: every business and account table (not AuditEvent,
// which a refusal is expected to append to, nor RateLimit, which counts attempts by design).

export const KEY_TABLES = [
  "Department",
  "FiscalYear",
  "Unit",
  "Project",
  "Indicator",
  "MonthlyReport",
  "CheckIn",
  "Expenditure",
  "BudgetAdjustment",
  "Evidence",
  "SelfEvaluation",
  "SelfEvaluationItem",
  "User",
  "PasswordHistory",
  "LoginThrottle",
  "Setting",
] as const;
export type KeyTable = (typeof KEY_TABLES)[number];

/**
 * Per key table: the row count, the sum of the rows' xmin (the id of the transaction that wrote each
 * row version: any insert, update or delete moves it, even one that rewrites the same values) and,
 * when asked, an md5 over every row's text. xmin is cheap enough for every request; the md5 is for
 * batches. One round trip.
 */
export type TableState = Record<KeyTable, { rows: number; xmin: string; md5?: string }>;

const stateSql = (content: boolean) =>
  `SELECT ${KEY_TABLES.map((t, n) => `(SELECT json_build_object('rows', count(*), 'xmin', coalesce(sum(x.xmin::text::bigint), 0)::text${content ? `, 'md5', coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '')` : ""}) FROM "${t}" x) AS t${n}`).join(", ")}`;
const FAST = stateSql(false);
const FULL = stateSql(true);

export async function tableState(db: Db, options: { content?: boolean } = {}): Promise<TableState> {
  const [row] = await db.$queryRawUnsafe<Record<string, { rows: number; xmin: string; md5?: string }>[]>(options.content ? FULL : FAST);
  return Object.fromEntries(KEY_TABLES.map((t, n) => [t, row![`t${n}`]!])) as TableState;
}

/** The key tables' state and the last audit record's id, in one round trip (before a request). */
export async function checkpoint(db: Db): Promise<{ state: TableState; auditId: bigint }> {
  const [row] = await db.$queryRawUnsafe<Record<string, unknown>[]>(`${FAST}, (SELECT coalesce(max(id), 0)::text FROM "AuditEvent") AS audit`);
  return { state: Object.fromEntries(KEY_TABLES.map((t, n) => [t, row![`t${n}`]])) as TableState, auditId: BigInt(row!.audit as string) };
}

/** The key tables' state and the audit records written since `auditId`, in one round trip (after a request). */
export async function sinceCheckpoint(db: Db, auditId: bigint): Promise<{ state: TableState; records: AuditTail[] }> {
  const [row] = await db.$queryRawUnsafe<Record<string, unknown>[]>(
    `${FAST}, (SELECT coalesce(json_agg(json_build_object('id', a.id::text, 'userId', a."userId", 'username', a.username, 'ip', a.ip, 'action', a.action, 'outcome', a.outcome, 'objectId', a."objectId", 'detail', a.detail) ORDER BY a.id), '[]') FROM "AuditEvent" a WHERE a.id > $1) AS audit`,
    auditId,
  );
  const records = (row!.audit as (Omit<AuditTail, "id"> & { id: string })[]).map((r) => ({ ...r, id: BigInt(r.id) }));
  return { state: Object.fromEntries(KEY_TABLES.map((t, n) => [t, row![`t${n}`]])) as TableState, records };
}

/** The tables whose rows or contents differ between two states (empty when nothing changed). */
export function changedTables(before: TableState, after: TableState): string[] {
  return KEY_TABLES.filter((t) => before[t].rows !== after[t].rows || before[t].xmin !== after[t].xmin || before[t].md5 !== after[t].md5).map((t) => `${t}(${before[t].rows}→${after[t].rows})`);
}

export interface AuditTail {
  id: bigint;
  userId: string | null;
  username?: string | null;
  ip?: string | null;
  action: string;
  outcome: "SUCCESS" | "DENIED" | "FAILURE";
  objectId: string | null;
  detail: string | null;
}

export async function lastAuditId(db: Db): Promise<bigint> {
  return (await db.auditEvent.findFirst({ orderBy: { id: "desc" }, select: { id: true } }))?.id ?? 0n;
}

/** The audit records written after `since`. */
export function auditSince(db: Db, since: bigint): Promise<AuditTail[]> {
  return db.auditEvent.findMany({ where: { id: { gt: since } }, orderBy: { id: "asc" }, select: { id: true, userId: true, action: true, outcome: true, objectId: true, detail: true } });
}

/** A refusal is on the trail when a DENIED or FAILURE record, or an access.denied one, was written for this actor. */
export const recordsRefusal = (records: AuditTail[], actorId: string | null) =>
  records.some((r) => (r.outcome === "DENIED" || r.outcome === "FAILURE" || r.action === "access.denied") && (actorId === null || r.userId === actorId));
