import type { Prisma } from "@/lib/db/generated/client";
import type { AuditOutcome } from "@/lib/db/generated/enums";
import type { Actor } from "@/lib/auth/roles";
import { auditHash, type JsonValue } from "./chain";
import type { AuditAction } from "./catalogue";

export interface AuditInput {
  actor?: Pick<Actor, "id" | "username"> | null;
  /** For sign-in attempts, where there is no actor yet. */
  username?: string | null;
  ip?: string | null;
  /** An event type of the catalogue (lib/audit/catalogue.ts): every event the trail holds has a Chinese name. */
  action: AuditAction;
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

// The hash must be computed over the values exactly as PostgreSQL will return them to the verifier
// (lib/audit/chain.ts), so the few conversions on the way in are made here, before hashing:

/**
 * Text goes over the wire as UTF-8, where a lone surrogate becomes U+FFFD; do that first. PostgreSQL
 * stores no NUL (in text or JSON): a refused request naming one must still be recorded, so it too
 * becomes U+FFFD.
 */
const wellFormed = (text: string): string => text.replace(/\p{Cs}|\u0000/gu, "\uFFFD");
const text = (value: string | null | undefined): string | null => (value == null ? null : wellFormed(value));

/** PostgreSQL's uuid type answers in lower case with hyphens whatever form it was given. */
function uuid(value: string | null | undefined): string | null {
  if (value == null) return null;
  const hex = value.replace(/^\{|\}$/g, "").replaceAll("-", "");
  return /^[0-9a-f]{32}$/i.test(hex) ? hex.toLowerCase().replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5") : value;
}

/**
 * Prisma sends JSON as JSON.stringify writes it (toJSON applied, undefined members dropped, NaN as
 * null); JSONB then reorders keys, which canonicalJson ignores, and keeps numbers as decimals that
 * read back as the same doubles. Returns null for "no value": stored as SQL NULL, read back as null.
 */
function json(value: Prisma.InputJsonValue | undefined): JsonValue {
  const written = JSON.stringify(value, (_key, v: unknown) => (typeof v === "string" ? wellFormed(v) : v));
  return written === undefined ? null : (JSON.parse(written) as JsonValue);
}

/**
 * Appends one record to the audit trail inside the caller's transaction (so a change and its audit
 * record commit together or not at all). Records are chained: hash = sha256(prevHash | content),
 * see auditHash; `npm run cli -- audit verify` recomputes the chain.
 */
export async function recordAudit(tx: Tx, input: AuditInput): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`;
  const last = await tx.auditEvent.findFirst({ orderBy: { id: "desc" }, select: { hash: true } });
  const prevHash = last?.hash ?? "";
  const content = {
    occurredAt: new Date(),
    userId: uuid(input.actor?.id),
    username: text(input.actor?.username ?? input.username),
    ip: text(input.ip),
    action: wellFormed(input.action),
    objectType: text(input.objectType),
    objectId: text(input.objectId),
    before: json(input.before),
    after: json(input.after),
    outcome: input.outcome,
    detail: text(input.detail),
  };
  const hash = auditHash(prevHash, content);
  await tx.auditEvent.create({
    data: {
      ...content,
      // A JSON null would be ambiguous to Prisma; "no value" is SQL NULL, which also reads back as null.
      before: content.before === null ? undefined : (content.before as Prisma.InputJsonValue),
      after: content.after === null ? undefined : (content.after as Prisma.InputJsonValue),
      prevHash: prevHash || null,
      hash,
    },
  });
}
