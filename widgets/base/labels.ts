const merged = new WeakMap<object, WeakMap<object, object>>();

/**
 * An element's English `defaults` with the host's `overrides` (its `strings` property) on top —
 * the same object while neither changes, since render paths ask for it once per item. A host sets
 * a new `strings` object to change labels (as Lit needs, to re-render at all).
 */
export function labels<T extends object>(defaults: T, overrides: Partial<T>): T {
  let byOverrides = merged.get(defaults);
  if (!byOverrides) merged.set(defaults, (byOverrides = new WeakMap()));
  let result = byOverrides.get(overrides) as T | undefined;
  if (!result) byOverrides.set(overrides, (result = { ...defaults, ...overrides }));
  return result;
}
