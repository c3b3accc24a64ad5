/**
 * A bounded memo for pure functions whose inputs serialise to a short key: the most recently used
 * `limit` results are kept (a Map keeps insertion order, so re-inserting on a hit makes it LRU).
 * Safe because the function is pure — the same inputs always give the same answer — so there is
 * nothing to invalidate when data changes: changed data is a different key.
 */
export function memoize<A extends unknown[], V>(limit: number, key: (...args: A) => string, compute: (...args: A) => V): (...args: A) => V {
  const cache = new Map<string, V>();
  return (...args: A) => {
    const k = key(...args);
    const hit = cache.get(k);
    if (hit !== undefined || cache.has(k)) {
      cache.delete(k);
      cache.set(k, hit as V);
      return hit as V;
    }
    const value = compute(...args);
    cache.set(k, value);
    if (cache.size > limit) cache.delete(cache.keys().next().value as string);
    return value;
  };
}
