/**
 * Builds the widgets with esbuild:
 * - `dist/genshelf.js`: one minified, self-registering ES module (every element) a host loads with
 *   one `<script type="module">`;
 * - `dist/locales/<code>.js`: the translations other than English, which `genshelf.js` imports
 *   when an element speaks one (the split build below has its own copies among its chunks);
 * - `dist/elements/<tag>.js`: one self-registering entry per element, and `index.js` with the
 *   classes only, and `react.js` (`genshelf/react`: the React wrappers, React and @lit/react left to
 *   the host), sharing chunks (lit, the base) so a host importing two pays for lit once;
 * - `dist/download-sw.js`, `dist/download-frame.js`, `dist/download-frame.html` and
 *   `dist/download-client.js`: the bulk download's service worker, the frame that registers it on the
 *   API's origin, and the widget side the bundle imports from the API when it first needs it
 *   (widgets/base/download-sw/; not in the bundle, so not in the sizes).
 * Prints each file's size minified and min+gzip, and writes them to `dist/widgets-sizes.json`.
 *
 * `--if-stale` (used by `npm start`) builds only when the bundle is missing or older than a source.
 */
import { build, type Metafile, type Plugin } from 'esbuild';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'widgets');
const defaultDist = join(root, 'dist');
const elements = ['asset-gallery', 'generation-history', 'job-stats', 'media-preview', 'my-work', 'project-list', 'recent-work', 'usage-insights', 'user-settings'];

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, entry.name === 'test' ? 0 : newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** The translations shipped besides English (widgets/base/locale.ts loads them). */
const locales = ['es', 'de', 'ja', 'pt-BR', 'ar'];

/**
 * Keeps the single-file bundle one file: a translation's dynamic import points at the built
 * `locales/<code>.js` beside it instead of being inlined (or split into chunks that would share
 * esbuild's helpers with the bundle).
 */
const localesBeside: Plugin = {
  name: 'locales-beside',
  setup(b) {
    b.onResolve({ filter: /\/locales\/[\w-]+\.ts$/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: `./locales/${basename(args.path, '.ts')}.js`, external: true } : undefined,
    );
  },
};

/** The page the widgets load in a hidden iframe from the API for service-worker downloads (api/node.ts adds its CSP). */
const downloadFrameHtml = '<!doctype html>\n<meta charset="utf-8">\n<title>genshelf download</title>\n<script src="download-frame.js"></script>\n';

/** Builds into `dist` (default `dist/`; the widget tests build into their own temp directory). */
export async function buildWidgets(dist = defaultDist): Promise<{ file: string; min: number; gzip: number }[]> {
  const bundle = join(dist, 'genshelf.js');
  const common = {
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    tsconfig: join(src, 'tsconfig.json'),
    metafile: true,
    logLevel: 'warning',
  } as const;
  rmSync(join(dist, 'elements'), { recursive: true, force: true });
  rmSync(join(dist, 'locales'), { recursive: true, force: true });
  const [split, single, translations, , react] = await Promise.all([
    build({
      ...common,
      entryPoints: { ...Object.fromEntries(elements.map((e) => [e, join(src, e, 'define.ts')])), index: join(src, 'index.ts') },
      outdir: join(dist, 'elements'),
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
    }),
    // One file for every element; the translations other than English stay out of it, in
    // `locales/<code>.js` beside it (built below), imported by the elements that speak them.
    build({ ...common, entryPoints: [join(src, 'genshelf.ts')], outfile: bundle, plugins: [localesBeside] }),
    // Text as it is (not \u-escaped): a third of the size before gzip for Arabic or Japanese.
    build({ ...common, charset: 'utf8', entryPoints: Object.fromEntries(locales.map((l) => [`locales/${l}`, join(src, 'locales', `${l}.ts`)])), outdir: dist }),
    // The service-worker download (widgets/base/download-sw/): the worker and the frame's script run on
    // the API's origin, as classic scripts (module service workers are not everywhere yet).
    build({
      ...common,
      format: 'iife',
      entryPoints: { 'download-sw': join(src, 'base', 'download-sw', 'sw.ts'), 'download-frame': join(src, 'base', 'download-sw', 'frame.ts') },
      outdir: dist,
    }),
    // genshelf/react: the wrappers over the class-only entry (an import of ./index.js), React and
    // @lit/react left to the host. Not minified: whitespace minification drops the `@__PURE__` marks
    // that let the host's bundler leave out the wrappers (and elements) it does not use.
    build({
      ...common,
      minify: false,
      entryPoints: { react: join(src, 'react.ts') },
      outdir: join(dist, 'elements'),
      external: ['react', '@lit/react'],
      plugins: [{ name: 'genshelf:class-entry', setup: (b) => b.onResolve({ filter: /^\.\/index\.ts$/ }, () => ({ path: './index.js', external: true })) }],
    }),
    // Its widget-side client, which the bundle imports at run time from the API.
    build({ ...common, entryPoints: { 'download-client': join(src, 'base', 'download-sw', 'client.ts') }, outdir: dist }),
  ]);
  writeFileSync(join(dist, 'download-frame.html'), downloadFrameHtml);

  // An entry's cost is its own file plus every chunk it imports (what a host downloads for it).
  const outputs = { ...split.metafile.outputs, ...single.metafile.outputs, ...translations.metafile.outputs, ...react.metafile.outputs };
  const closure = (file: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(file)) return seen;
    seen.add(file);
    for (const imp of (outputs as Metafile['outputs'])[file]?.imports ?? []) if (imp.kind === 'import-statement' && !imp.external) closure(imp.path, seen);
    return seen;
  };
  const sizes = Object.entries(outputs)
    // The translations count once, as `locales/<code>.js` (the split build's copies are the same text).
    .filter(([file, out]) => file.endsWith('.js') && out.entryPoint && !file.includes('/chunks/'))
    .map(([file]) => {
      const code = Buffer.concat([...closure(file)].map((f) => readFileSync(join(root, f))));
      return { file: relative(dist, join(root, file)), min: code.length, gzip: gzipSync(code, { level: 9 }).length };
    })
    .sort((a, b) => a.file.localeCompare(b.file));
  writeFileSync(join(dist, 'widgets-sizes.json'), JSON.stringify(sizes, null, 2) + '\n');
  return sizes;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const bundle = join(defaultDist, 'genshelf.js');
  if (process.argv.includes('--if-stale') && existsSync(bundle) && statSync(bundle).mtimeMs >= newestSource(src)) process.exit(0);
  const started = performance.now();
  const sizes = await buildWidgets();
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`widgets built in ${Math.round(performance.now() - started)} ms (with the chunks each entry imports):`);
  for (const s of sizes) console.log(`  dist/${s.file.padEnd(28)} ${kib(s.min).padStart(10)} min  ${kib(s.gzip).padStart(9)} min+gzip`);
}
