/**
 * The widgets' layering (the developers' guide): `widgets/` imports only *types* from `api/`, and
 * nothing from `stories/` or `.storybook/` — stories import the elements, never the other way.
 * Read from the sources with TypeScript's parser: static imports and re-exports, side-effect
 * imports and `import()` alike. And every package module the elements load is pre-bundled by
 * Storybook's Vite: one found mid-run makes Vite reload the story tests' page, and vitest then
 * fails the file with "failed to find the current suite".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { edgesOf, root, tsFilesUnder, type Edge } from './import-graph.ts';

const widgetFiles = tsFilesUnder('widgets');
const edges = widgetFiles.flatMap(edgesOf);
const into = (folder: string) => (e: Edge) => e.to === folder || e.to.startsWith(`${folder}/`);

describe('what widgets/ imports', () => {
  it('reads the sources (a parser that finds nothing would pass anything)', () => {
    expect(edges.filter(into('widgets/base')).length).toBeGreaterThan(20);
    // Both kinds are told apart: `import type { GsEventMap } from '../base/events.ts'` and `import { GsElement } from …`.
    expect(edges.some((e) => e.typeOnly && e.to === 'widgets/base/events.ts')).toBe(true);
    expect(edges.some((e) => !e.typeOnly && e.to === 'widgets/base/gs-element.ts')).toBe(true);
  });

  it('nothing from stories/ or .storybook/', () => {
    expect(edges.filter((e) => into('stories')(e) || into('.storybook')(e))).toEqual([]);
  });

  it('only types from api/', () => {
    expect(edges.filter((e) => into('api')(e) && !e.typeOnly)).toEqual([]);
  });

  it('every package module the elements load is in Storybook\'s optimizeDeps.include', () => {
    const include = /optimizeDeps:\s*\{\s*include:\s*\[([^\]]*)\]/.exec(readFileSync(join(root, '.storybook', 'main.ts'), 'utf8'))?.[1] ?? '';
    const prebundled = new Set([...include.matchAll(/'([^']+)'/g)].map((m) => m[1]));
    // widgets/react.ts (genshelf/react) is for React hosts; Storybook never loads it.
    const loaded = new Set(edges.filter((e) => e.bare && !e.typeOnly && !/\.test\.ts$|^widgets\/test\/|^widgets\/react\.ts$/.test(e.from)).map((e) => e.to));
    expect(loaded.size).toBeGreaterThan(3);
    expect([...loaded].filter((module) => !prebundled.has(module))).toEqual([]);
  });
});
