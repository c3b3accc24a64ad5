import { createHash } from "node:crypto";
import type { Db } from "@/lib/db/client";

// The audit trail's hash chain (等保 2.0 安全审计: records protected against change): every record carries
// hash = sha256(prevHash + "|" + canonicalJson(content)), prevHash being the hash of the record
// before it. A verifier reads the rows back and recomputes every hash, so the content must
// serialise to the same bytes after a trip through PostgreSQL. JSON.stringify does not: JSONB keeps
// object keys in its own order (shorter keys first), not in insertion order. Hence a canonical form.
//
// The serialisation is RFC 8785 (JSON Canonicalization Scheme) for the values we store: keys sorted
// by UTF-16 code unit (JavaScript's default sort; this equals code point order except when one key
// has an astral character where the other has U+E000–U+FFFF at the same position), strings escaped
// and numbers written exactly as JSON.stringify does. Being a published scheme, an auditor can
// re-check an exported trail with any JCS library instead of this code.
//
// Changing anything here changes every hash: records already written would no longer verify.

/** A JSON value as read back from a JSONB column. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * Deterministic JSON: object keys sorted recursively, arrays in order, no whitespace. Follows
 * JSON.stringify's rules otherwise (toJSON is called, undefined/function/symbol members are dropped
 * and become null in arrays, non-finite numbers become null, BigInt and cycles throw), so that
 * canonicalJson(x) === canonicalJson(JSON.parse(JSON.stringify(x))).
 */
export function canonicalJson(value: unknown): string {
  const out = write(value, "", new Set());
  if (out === undefined) throw new TypeError("canonicalJson: the value has no JSON form");
  return out;
}

function write(input: unknown, key: string, ancestors: Set<object>): string | undefined {
  let value = input;
  if (typeof value === "object" && value !== null && typeof (value as { toJSON?: unknown }).toJSON === "function") {
    value = (value as { toJSON(key: string): unknown }).toJSON(key);
  }
  // Boxed primitives serialise as their primitive, as in JSON.stringify.
  if (value instanceof Number || value instanceof String || value instanceof Boolean) value = value.valueOf();
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      // JSON.stringify gives ECMAScript's shortest round-trip form ("1e+21", "0.1", -0 as "0"),
      // which is also RFC 8785's; NaN and ±Infinity have no JSON form and become null.
      return Number.isFinite(value) ? JSON.stringify(value) : "null";
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      throw new TypeError("canonicalJson: BigInt has no JSON form");
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
  }
  if (value === null) return "null";
  const object = value as object;
  if (ancestors.has(object)) throw new TypeError("canonicalJson: circular structure");
  ancestors.add(object);
  let out: string;
  if (Array.isArray(object)) {
    out = `[${object.map((item, i) => write(item, String(i), ancestors) ?? "null").join(",")}]`;
  } else {
    const record = object as Record<string, unknown>;
    const members: string[] = [];
    for (const name of Object.keys(record).sort()) {
      const member = write(record[name], name, ancestors);
      if (member !== undefined) members.push(`${JSON.stringify(name)}:${member}`);
    }
    out = `{${members.join(",")}}`;
  }
  ancestors.delete(object);
  return out;
}

/** The hashed fields of a record, in the shape of an AuditEvent row (a row may be passed as is). */
export interface AuditContent {
  occurredAt: Date;
  userId: string | null;
  username: string | null;
  ip: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  before: unknown;
  after: unknown;
  outcome: string;
  detail: string | null;
}

/** sha256 hex of prevHash + "|" + canonicalJson(content); prevHash is "" for the first record. */
export function auditHash(prevHash: string, record: AuditContent): string {
  const content = {
    // The column is timestamptz(3): milliseconds, as toISOString writes them, survive the round trip.
    occurredAt: record.occurredAt.toISOString(),
    userId: record.userId ?? null,
    username: record.username ?? null,
    ip: record.ip ?? null,
    action: record.action,
    objectType: record.objectType ?? null,
    objectId: record.objectId ?? null,
    before: record.before ?? null,
    after: record.after ?? null,
    outcome: record.outcome,
    detail: record.detail ?? null,
  };
  return createHash("sha256").update(`${prevHash}|${canonicalJson(content)}`, "utf8").digest("hex");
}

export interface ChainReport {
  ok: boolean;
  /** Records checked, the bad one included. */
  checked: number;
  firstBadId?: bigint;
  problem?: string;
  /** The newest record checked when all were sound: worth keeping outside the database (see verifyAuditChain). */
  lastId?: bigint;
  lastHash?: string;
}

const contentMismatch = (id: bigint) => `第 ${id} 条记录的内容与哈希不符（可能被篡改）`;
const linkMismatch = (id: bigint, previous: bigint) => `第 ${id} 条记录的前序哈希与第 ${previous} 条不符（链条断裂或记录被删除）`;
const orphanHead = (id: bigint) => `第 ${id} 条记录之前已没有记录，但它的前序哈希不为空（更早的记录可能被删除）`;

/**
 * Walks the trail in id order, batchSize rows at a time (keyset pagination on the primary key, so
 * memory stays flat however long the trail is), recomputing each hash from the row as stored and
 * checking that each prevHash is the hash of the row before it. Stops at the first problem.
 *
 * Gaps in ids are not reported: ids come from a sequence, and a transaction that inserted a record
 * and then rolled back still used its id up, so gaps happen in honest trails. Nothing is lost by
 * ignoring them: a record that really existed and was deleted leaves its successor's prevHash
 * pointing at a hash no remaining row has, which the link check catches.
 *
 * What a chain cannot show on its own: that records were removed from the end (or the whole table
 * emptied, e.g. with TRUNCATE, which row triggers do not see), or that someone who knows this scheme
 * rewrote a suffix and recomputed every hash after it. Against those, lastId/lastHash from an
 * earlier run, kept outside the database, is the anchor to compare with.
 *
 * With `from`, checking starts at that id, linked to the hash of the row just before it (not
 * itself checked). `onProgress` hears the count checked after each full batch (the audit screen's bar).
 */
export async function verifyAuditChain(db: Pick<Db, "auditEvent">, options: { from?: bigint; batchSize?: number; onProgress?: (checked: number) => void | Promise<void> } = {}): Promise<ChainReport> {
  const batchSize = options.batchSize ?? 1000;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError("batchSize must be a positive integer");
  let previous: { id: bigint; hash: string } | null = null;
  let after: bigint | undefined;
  if (options.from !== undefined) {
    after = options.from - 1n;
    const before = await db.auditEvent.findFirst({ where: { id: { lt: options.from } }, orderBy: { id: "desc" }, select: { id: true, hash: true } });
    if (before) previous = { id: before.id, hash: before.hash ?? "" };
  }
  let newest: { id: bigint; hash: string } | null = null;
  let checked = 0;
  for (;;) {
    const rows = await db.auditEvent.findMany({
      where: after === undefined ? undefined : { id: { gt: after } },
      orderBy: { id: "asc" },
      take: batchSize,
    });
    for (const row of rows) {
      checked++;
      const prevHash = row.prevHash ?? "";
      const bad = (problem: string): ChainReport => ({ ok: false, checked, firstBadId: row.id, problem });
      // The content first: a changed record is reported as itself, not as its successor's broken link.
      if (!row.hash || auditHash(prevHash, row) !== row.hash) return bad(contentMismatch(row.id));
      if (previous ? prevHash !== previous.hash : prevHash !== "") return bad(previous ? linkMismatch(row.id, previous.id) : orphanHead(row.id));
      previous = newest = { id: row.id, hash: row.hash };
    }
    if (rows.length < batchSize) break;
    await options.onProgress?.(checked);
    after = rows[rows.length - 1]!.id;
  }
  return { ok: true, checked, ...(newest ? { lastId: newest.id, lastHash: newest.hash } : {}) };
}
