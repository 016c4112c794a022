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
