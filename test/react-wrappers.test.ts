/**
 * `genshelf/react` (widgets/react.ts) wraps every element and gives it an `onGs…` prop for each
 * event the element documents in the custom-elements manifest — no more, no fewer — and the
 * package exports every element's own entry by name; only those entries and the bundle have side
 * effects for a bundler (the class-only entry, the chunks and the pure React wrappers do not).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeElements, elementsByTag, root, type ManifestDeclaration } from '../scripts/custom-elements.ts';

const source = readFileSync(join(root, 'widgets', 'react.ts'), 'utf8');
/** tag → the events its wrapper maps (gs-claimed is added by `events()` for every element). */
const wrapped = new Map(
  [...source.matchAll(/wrap\('([\w-]+)', \w+, \/\* @__PURE__ \*\/ events\(([^)]*)\)/g)].map(([, tag, names]) => [tag!, [...names!.matchAll(/'(gs-[\w-]+)'/g)].map((m) => m[1]!).concat('gs-claimed').sort()]),
);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown>; sideEffects: string[] };
let byTag: Map<string, ManifestDeclaration>;

beforeAll(async () => {
  byTag = elementsByTag(await analyzeElements());
}, 60_000);

describe('genshelf/react and the package exports', () => {
  it('wrap every element of the manifest', () => {
    expect([...wrapped.keys()].sort()).toEqual([...byTag.keys()].sort());
  });

  it('give each element an event prop for exactly the events it fires', () => {
    for (const [tag, decl] of byTag) expect(wrapped.get(tag), tag).toEqual((decl.events ?? []).map((e) => e.name).sort());
  });

  it('export each element entry and mark exactly those and the bundle as having side effects', () => {
    const tags = [...byTag.keys()].sort();
    expect(Object.keys(pkg.exports).filter((k) => k.startsWith('./elements/')).sort()).toEqual(tags.map((t) => `./elements/${t}.js`));
    expect(pkg.sideEffects.filter((f) => f.startsWith('./dist/elements/')).sort()).toEqual(tags.map((t) => `./dist/elements/${t}.js`));
    expect(pkg.sideEffects).not.toContain('./dist/elements/index.js');
  });
});
