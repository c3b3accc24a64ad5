import { readRows, type Db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";

/**
 * Overviews are read far more often than the data under them changes (leaders open the dashboard
 * many times a day; a department's figures move a few times an hour), and computing one costs tens
 * of milliseconds of SQL and arithmetic at city size. So each process keeps the most recent ones
 * and serves one again while nothing it shows has changed — known from the *change counters*:
 *  1. Every transaction that writes what the dashboards read moves, at its commit, the counter of
 *     each project it touched, of their departments, and — for people's names and the list of
 *     departments — the counter of everything (the nil uuid). Database triggers do it
 *     (prisma/migrations/20261206220000_change_counters), so imports, the CLI, a script or a
 *     restore count as much as the screens, and no writer can forget.
 *  2. A computed overview keeps the counters it was computed under, read in the same statement as
 *     its department and projects and before any figure (facts.ts), so a write that commits in
 *     between can only make the figures newer than their counters, never older.
 *  3. A request reads two counters — its department's and everything's — in one statement and is
 *     served while both are unchanged. Writes in other departments do not touch them.
 *  4. When one moved, the department is read again (one statement), and of its projects only those
 *     whose own counter moved; the rest of the facts, and the statuses and projections built from
 *     them, are kept (overview.ts).
 * Every instance checks on every read, so none serves figures older than the database's.
 */

/** The counter of what every overview reads (people's names, the list of departments). */
export const EVERYWHERE = "00000000-0000-0000-0000-000000000000";

/** The counters of these ids ("version:txid"; "0" for one that never moved): one statement. */
export async function changeVersions(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const rows = await readRows<{ id: string; version: string }>(db, Prisma.sql`
    SELECT "id", "version" || ':' || "txid" AS "version" FROM "ChangeCounter" WHERE "id" = ANY(${[...ids]}::uuid[])`);
  const found = new Map(rows.map((r) => [r.id, r.version]));
  return new Map(ids.map((id) => [id, found.get(id) ?? "0"]));
}

/** The token a department's overviews are checked against: its counter and everything's. */
export async function departmentToken(db: Db, departmentId: string): Promise<string> {
  const versions = await changeVersions(db, [departmentId, EVERYWHERE]);
  return `${versions.get(departmentId)}|${versions.get(EVERYWHERE)}`;
}

/** What a cache entry keeps: whose department, under which token, and anything else the computation needs next time. */
export interface Checked {
  departmentId: string;
  token: string;
}

interface Entry<S> {
  /** When the computation began, on this cache's clock. */
  began: number;
  state: Promise<S | null>;
}

/**
 * `compute` behind a bounded, counter-checked cache: the most recently used `limit` keys are kept.
 * `compute` gets the state it replaces (null at first), to keep what did not change. A state
 * computed after a request began is fresh for it without a check; concurrent requests that find
 * the same stale state share one recomputation (20 leaders opening the dashboard after a change
 * cost one). A null answer (nothing to show) and a failed computation are not kept.
 */
export function departmentCache<S extends Checked>(limit: number) {
  const entries = new Map<string, Entry<S>>();
  let clock = 0;

  function start(key: string, compute: () => Promise<S | null>): Promise<S | null> {
    const entry: Entry<S> = { began: ++clock, state: compute() };
    entries.delete(key);
    entries.set(key, entry);
    if (entries.size > limit) entries.delete(entries.keys().next().value as string);
    const drop = () => {
      if (entries.get(key) === entry) entries.delete(key);
    };
    entry.state.then((s) => (s === null ? drop() : undefined), drop);
    return entry.state;
  }

  return async function cached(db: Db, key: string, compute: (previous: S | null) => Promise<S | null>): Promise<S | null> {
    const began = ++clock;
    for (;;) {
      const entry = entries.get(key);
      if (!entry) return start(key, () => compute(null));
      const state = await entry.state;
      if (state === null || entry.began > began) return state;
      if ((await departmentToken(db, state.departmentId)) === state.token) {
        if (entries.get(key) === entry) {
          entries.delete(key); // most recently used last
          entries.set(key, entry);
        }
        return state;
      }
      // Stale: recompute from it — unless another request already started that (then wait for it).
      if (entries.get(key) === entry) return start(key, () => compute(state));
    }
  };
}
