/**
 * One string instance per distinct key. Thousands of subscriptions mostly build the same few keys
 * (operation, group), and each would otherwise keep its own copy for its whole life. The pool is
 * bounded: past `max` distinct keys it starts over (a key then simply gets a new instance).
 */
export function interned(pool: Map<string, string>, key: string, max = 1000): string {
  const existing = pool.get(key);
  if (existing !== undefined) return existing;
  if (pool.size >= max) pool.clear();
  pool.set(key, key);
  return key;
}
