const merged = new WeakMap<object, WeakMap<object, WeakMap<object, object>>>();
const none = {};

/**
 * An element's labels: its English `defaults`, the shipped `translation` for its locale on top
 * (when there is one), and the host's `overrides` (its `strings` property) over both — the same
 * object while none of them changes, since render paths ask for it once per item. A host sets a
 * new `strings` object to change labels (as Lit needs, to re-render at all); a nested group
 * (`kinds`, `metrics`, …) is replaced whole.
 */
export function labels<T extends object>(defaults: T, overrides: Partial<T>, translation?: T): T {
  let byTranslation = merged.get(defaults);
  if (!byTranslation) merged.set(defaults, (byTranslation = new WeakMap()));
  let byOverrides = byTranslation.get(translation ?? none);
  if (!byOverrides) byTranslation.set(translation ?? none, (byOverrides = new WeakMap()));
  let result = byOverrides.get(overrides) as T | undefined;
  if (!result) byOverrides.set(overrides, (result = { ...defaults, ...translation, ...overrides }));
  return result;
}
