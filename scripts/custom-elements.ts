/**
 * The custom-elements manifest computed in-process, exactly as `npm run analyze` (`cem analyze`
 * with custom-elements-manifest.config.mjs) writes it to dist/custom-elements.json, without
 * writing anything: for Storybook (.storybook/custom-elements.ts) and test/custom-elements.test.ts.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const manifestConfig = join(root, 'custom-elements-manifest.config.mjs');

/** The parts of the schema (custom-elements-manifest 2.x) that genshelf's checks and stories read. */
export interface ManifestEntry {
  name: string;
  description?: string;
  type?: { text: string };
  default?: string;
}
export interface ManifestDeclaration {
  kind: string;
  name: string;
  customElement?: boolean;
  tagName?: string;
  summary?: string;
  description?: string;
  attributes?: (ManifestEntry & { fieldName?: string })[];
  members?: (ManifestEntry & { kind: string; privacy?: string; static?: boolean; attribute?: string })[];
  events?: ManifestEntry[];
  slots?: ManifestEntry[];
  cssParts?: ManifestEntry[];
  cssProperties?: ManifestEntry[];
}
export interface Manifest {
  schemaVersion: string;
  modules: { kind: string; path: string; declarations?: ManifestDeclaration[] }[];
}

type Cli = (opts: { argv: string[]; cwd: string; noWrite: boolean }) => Promise<Manifest>;

export async function analyzeElements(): Promise<Manifest> {
  // The analyzer's CLI module is plain JS without types; a computed specifier keeps tsc out of it.
  const specifier = '@custom-elements-manifest/analyzer/cli.js';
  const { cli } = (await import(specifier)) as { cli: Cli };
  return cli({ argv: ['analyze', '--config', manifestConfig, '--quiet'], cwd: root, noWrite: true });
}

/** The declarations that are elements with a tag, by tag. */
export function elementsByTag(manifest: Manifest): Map<string, ManifestDeclaration> {
  const byTag = new Map<string, ManifestDeclaration>();
  for (const mod of manifest.modules) for (const d of mod.declarations ?? []) if (d.customElement && d.tagName) byTag.set(d.tagName, d);
  return byTag;
}
