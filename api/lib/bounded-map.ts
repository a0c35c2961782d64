/**
 * Sets `key` in a Map used as a bounded cache. The key moves to the end (a Map keeps insertion
 * order, so a cache that sets again what it uses keeps the least recently used first), and past
 * `max` entries the first one is dropped.
 */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  if (map.size >= max) map.delete(map.keys().next().value as K);
  map.set(key, value);
}
