/**
 * The custom-elements manifest (`npm run analyze`, read by Storybook and IDEs) against the
 * elements' source: every element has its tag, and every attribute it declares, every `gs-` event
 * it fires, every part it renders, every component custom property its styles read and every
 * named slot is documented — so the JSDoc cannot quietly fall behind the code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeElements, elementsByTag, root, type ManifestDeclaration } from '../scripts/custom-elements.ts';

const elements = ['asset-gallery', 'generation-history', 'job-stats', 'recent-work', 'my-work', 'media-preview', 'project-list', 'usage-insights', 'user-settings'] as const;
const shared = ['api', 'token', 'anonymous', 'claim-on-sign-in', 'theme', 'locale'];
/** Fired by GsElement itself (the claim after sign-in), so every element documents it. */
const sharedEvents = ['gs-claimed'];
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const names = (entries: { name: string }[] | undefined) => (entries ?? []).map((e) => e.name).sort();
const undocumented = (entries: { name: string; description?: string }[] | undefined) => (entries ?? []).filter((e) => !e.description?.trim()).map((e) => e.name);

/** What the source declares, read with regular expressions (independent of the analyzer). */
function fromSource(tag: string) {
  const source = read(`widgets/${tag}/${tag}.ts`);
  // Parts and slots may be rendered by the element's other modules (its cards, bars, tiles).
  const rendered = readdirSync(join(root, 'widgets', tag))
    .filter((f) => f.endsWith('.ts') && !/\.(test|stories|styles|strings)\.ts$/.test(f) && f !== 'define.ts')
    .map((f) => read(`widgets/${tag}/${f}`))
    .join('\n');
  const styles = read(`widgets/${tag}/${tag}.styles.ts`);
  const attributes = [...source.matchAll(/@property\(([^)]*)\)\s+(?:override\s+)?(\w+)/g)]
    .filter(([, options]) => !/attribute:\s*false/.test(options!))
    .map(([, options, field]) => /attribute:\s*'([\w-]+)'/.exec(options!)?.[1] ?? field!.toLowerCase());
  const events = [...source.matchAll(/this\.emit\(\s*'([^']+)'/g)].map((m) => m[1]!);
  // GsElement's regenerateJob() fires gs-regenerate for the element that calls it.
  if (/this\.regenerateJob\(/.test(source)) events.push('gs-regenerate');
  // Static part names (`part="card card-${card}"` gives `card`); statusBadge() renders `badge`.
  const parts = [...rendered.matchAll(/\bpart="([^"]*)"/g)].flatMap((m) => m[1]!.split(/\s+/)).filter((p) => p && !p.includes('$'));
  if (/\bstatusBadge\(/.test(rendered)) parts.push('badge');
  const slots = [...rendered.matchAll(/<slot\s+name="([\w-]+)"/g)].map((m) => m[1]!);
  const cssProps = [...styles.matchAll(new RegExp(`(--gs-${tag}-[\\w-]+)`, 'g'))].map((m) => m[1]!);
  const definedAs = /\.define\('([\w-]+)'\)/.exec(read(`widgets/${tag}/define.ts`))?.[1];
  const className = /export class (\w+) extends GsElement/.exec(source)?.[1];
  return { attributes, events, parts: [...new Set(parts)], slots, cssProps: [...new Set(cssProps)], definedAs, className };
}

let byTag: Map<string, ManifestDeclaration>;
let gsEvents: Set<string>;

beforeAll(async () => {
  byTag = elementsByTag(await analyzeElements());
  gsEvents = new Set([...read('widgets/base/events.ts').matchAll(/^\s*'(gs-[a-z-]+)':/gm)].map((m) => m[1]!));
}, 60_000);

it('package.json points at the manifest npm run analyze writes', () => {
  const pkg = JSON.parse(read('package.json')) as { customElements?: string; scripts: Record<string, string> };
  expect(pkg.customElements).toBe('dist/custom-elements.json');
  expect(pkg.scripts.analyze).toContain('custom-elements-manifest.config.mjs');
});

it('lists exactly the elements, each under the tag its define.ts registers', () => {
  expect([...byTag.keys()].sort()).toEqual([...elements].sort());
  for (const tag of elements) {
    const { definedAs, className } = fromSource(tag);
    expect(definedAs, tag).toBe(tag);
    expect(byTag.get(tag)!.name, tag).toBe(className);
  }
});

describe.each(elements)('<%s>', (tag) => {
  const decl = () => byTag.get(tag)!;
  const src = () => fromSource(tag);

  it('has a one-paragraph summary and a description', () => {
    expect(decl().summary?.trim()).toBeTruthy();
    expect(decl().summary).not.toContain('\n');
    expect(decl().description?.trim()).toBeTruthy();
  });

  it('documents every attribute, its own and the shared ones, with a type', () => {
    const attrs = decl().attributes ?? [];
    expect(names(attrs)).toEqual([...new Set([...shared, ...src().attributes])].sort());
    expect(undocumented(attrs)).toEqual([]);
    expect(attrs.filter((a) => !a.type?.text).map((a) => a.name)).toEqual([]);
  });

  it('documents every event it fires: gs- prefixed, kebab-case, typed from GsEventMap', () => {
    const events = decl().events ?? [];
    expect(src().events.length).toBeGreaterThan(0);
    expect(names(events)).toEqual([...new Set([...sharedEvents, ...src().events])].sort());
    for (const e of events) {
      expect(e.name).toMatch(/^gs-[a-z]+(-[a-z]+)*$/);
      expect(gsEvents.has(e.name), `${e.name} in GsEventMap`).toBe(true);
      expect(e.type?.text, e.name).toMatch(/^CustomEvent</);
    }
    expect(undocumented(events)).toEqual([]);
  });

  it('documents every part it renders', () => {
    const documented = names(decl().cssParts);
    expect(src().parts.filter((p) => !documented.includes(p))).toEqual([]);
    expect(undocumented(decl().cssParts)).toEqual([]);
  });

  it('documents its custom properties (every --gs-<tag>-* its styles read)', () => {
    const documented = names(decl().cssProperties);
    expect(documented.length).toBeGreaterThan(0);
    expect(src().cssProps.filter((p) => !documented.includes(p))).toEqual([]);
    expect(documented.filter((p) => !p.startsWith('--gs-'))).toEqual([]);
    expect(undocumented(decl().cssProperties)).toEqual([]);
  });

  it('documents its named slots', () => {
    expect(names(decl().slots)).toEqual([...new Set(src().slots)].sort());
    expect(undocumented(decl().slots)).toEqual([]);
  });
});
