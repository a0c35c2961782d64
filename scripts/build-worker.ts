/**
 * Bundles the Worker (api/worker.ts) with esbuild the way wrangler does: ESM, neutral platform,
 * the `workerd`/`worker`/`browser` export conditions (so @libsql/client resolves to its web build).
 * with wrangler.toml's `[alias]`. Used by the workerd tests and by `npm run build:worker`; `wrangler
 * deploy` bundles by itself (test/worker-bundle.test.ts keeps the two the same).
 */
import { build, type Plugin } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** wrangler.toml's `[alias]`, which wrangler applies to any import with exactly this specifier. */
export const workerAliases: Record<string, string> = { '../locales/index.js': './api/worker-zod-locales.ts' };

const aliases: Plugin = {
  name: 'wrangler-alias',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => (workerAliases[args.path] ? { path: join(root, workerAliases[args.path]!) } : undefined));
  },
};

export async function buildWorker(outfile = join(root, 'dist', 'worker.js'), minify = false): Promise<string> {
  await build({
    entryPoints: [join(root, 'api', 'worker.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    minify,
    plugins: [aliases],
    sourcemap: false,
    logLevel: 'silent',
  });
  return outfile;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const out = await buildWorker(undefined, process.argv.includes('--minify'));
  console.log(`built ${out}`);
}
