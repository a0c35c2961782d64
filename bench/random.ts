/**
 * Deterministic randomness for the bench: the same seed gives the same datasets and the same
 * sequence of ranges for every server.
 */

/** A small seeded PRNG (mulberry32): numbers in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks from `items` with the given weights: a uniform `r` in [0, 1) → an item (binary search over the cumulative weights). */
export function weighted<T>(items: readonly T[], weights: readonly number[]): (r: number) => T {
  const cum: number[] = [];
  let total = 0;
  for (const w of weights) cum.push((total += w));
  return (r: number): T => {
    const x = r * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo]!;
  };
}

/** Zipf(s) weights: the first entries are very common, the tail is rare. */
export const zipf = <T>(items: readonly T[], s = 1.05) =>
  weighted(
    items,
    items.map((_, i) => 1 / Math.pow(i + 1, s)),
  );
