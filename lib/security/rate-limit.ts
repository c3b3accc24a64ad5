import type { Db } from "@/lib/db/client";

// Fixed-window rate limits kept in PostgreSQL, so they hold across several app instances. One atomic statement per hit: a new window starts at 1, otherwise the
// count goes up; the answer says whether this hit is within the limit.

export interface Limit {
  /** Hits allowed per window. */
  max: number;
  windowSeconds: number;
}

/**
 * Per address and per account; generous for people, tight for scripts. An office behind one NAT
 * address signs in together at nine, so the address limit is wide; wrong passwords are the
 * lockout's business (5 in a row), these stop volume.
 */
export const LIMITS = {
  loginPerIp: { max: 100, windowSeconds: 300 },
  loginPerAccount: { max: 20, windowSeconds: 300 },
  // Exports, imports, templates, uploads: two a second sustained is far beyond a person at work.
  heavyPerIp: { max: 600, windowSeconds: 60 },
  heavyPerAccount: { max: 120, windowSeconds: 60 },
  // Audit records of refusals nobody needs to sign in for (cross-site requests): one a second on
  // average is plenty of evidence; beyond it, one record says the rest went unrecorded.
  refusalRecordsPerIp: { max: 60, windowSeconds: 60 },
} as const satisfies Record<string, Limit>;

export interface RateResult {
  allowed: boolean;
  count: number;
  /** Seconds until the window ends. */
  retryAfter: number;
}

export async function hit(db: Db, key: string, limit: Limit, now = new Date()): Promise<RateResult> {
  const windowMs = limit.windowSeconds * 1000;
  const rows = await db.$queryRaw<{ count: number; windowStart: Date }[]>`
    INSERT INTO "RateLimit" ("key", "windowStart", "count") VALUES (${key}, ${now}, 1)
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimit"."windowStart" <= ${new Date(now.getTime() - windowMs)} THEN 1 ELSE "RateLimit"."count" + 1 END,
      "windowStart" = CASE WHEN "RateLimit"."windowStart" <= ${new Date(now.getTime() - windowMs)} THEN ${now} ELSE "RateLimit"."windowStart" END
    RETURNING "count", "windowStart"`;
  const row = rows[0]!;
  return { allowed: row.count <= limit.max, count: row.count, retryAfter: Math.max(1, Math.ceil((row.windowStart.getTime() + windowMs - now.getTime()) / 1000)) };
}

/** Hits every key; allowed only when all are within their limits (every counter still counts). */
export async function hitAll(db: Db, hits: { key: string; limit: Limit }[], now = new Date()): Promise<RateResult> {
  const results = await Promise.all(hits.map((h) => hit(db, h.key, h.limit, now)));
  const refused = results.filter((r) => !r.allowed);
  return refused.length === 0 ? { allowed: true, count: Math.max(...results.map((r) => r.count)), retryAfter: 0 } : { allowed: false, count: Math.max(...refused.map((r) => r.count)), retryAfter: Math.max(...refused.map((r) => r.retryAfter)) };
}
