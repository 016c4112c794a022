// Growing arrays without copying them: `target.push(...items)` overflows the call stack for large
// lists (150k include entries), and `map.set(k, [...map.get(k), v])` copies on every push.

export function appendAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * `record[key]` for a key taken from user text, own properties only: `constructor` or `__proto__`
 * must not find Object.prototype's members.
 */
export function own<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
