import type { Db } from "@/lib/db/client";

/**
 * Overviews are read far more often than the data under them changes (leaders open the dashboard
 * many times a day; a department's figures move a few times an hour), and one costs tens of
 * milliseconds of SQL and arithmetic at city size (issue 9). So each process keeps the most recent
 * overviews, each stamped with the *change token* it was computed under, and serves one again only
 * while the token is unchanged.
 *
 * The token is PostgreSQL's current snapshot (`xmin:xmax:in-progress ids`). Any transaction that
 * writes anything gets an id, so a committed write since the last read has either moved `xmax`
 * (it began later) or left the in-progress list (it was running) — the text differs. Reads assign
 * no id and leave it alone. It needs no discipline from the writers (imports, the CLI, a restore
 * all count), and the token is read *before* the data, so a write that commits in between makes
 * the cached value newer than its token, never older: the next read sees another token and
 * recomputes. Writes anywhere on the server (sign-in throttles, other databases) only cost a
 * recomputation. Several app instances each check the token on every read, so none serves
 * figures older than the database's.
 */
export async function changeToken(db: Db): Promise<string> {
  const [row] = await db.$queryRaw<{ token: string }[]>`SELECT pg_current_snapshot()::text AS "token"`;
  return row!.token;
}

interface Entry<V> {
  token: string;
  value: Promise<V>;
}

/**
 * `compute` behind a bounded, token-checked cache: the most recently used `limit` keys are kept.
 * Concurrent misses of one key share one computation (20 leaders opening the dashboard after a
 * change cost one recomputation, not 20). A failed computation is not kept.
 */
export function tokenCache<V>(limit: number) {
  const entries = new Map<string, Entry<V>>();
  return async function cached(db: Db, key: string, compute: () => Promise<V>): Promise<V> {
    const token = await changeToken(db);
    const hit = entries.get(key);
    entries.delete(key);
    if (hit && hit.token === token) {
      entries.set(key, hit);
      return hit.value;
    }
    const value = compute();
    const entry = { token, value };
    entries.set(key, entry);
    if (entries.size > limit) entries.delete(entries.keys().next().value as string);
    value.catch(() => {
      if (entries.get(key) === entry) entries.delete(key);
    });
    return value;
  };
}
