/**
 * Builds `genshelf/server` for the package: api/server.ts (runtime-agnostic) and api/server-node.ts
 * (libSQL file + disk, and `main`, what `npm start` runs) as ES modules in `dist/server/`, sharing
 * chunks, with every dependency left as an import (the host's installer provides them), and
 * `dist/server/cli.js`, the `genshelf` bin. Type declarations come from api/tsconfig.types.json.
 */
import { build } from 'esbuild';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_FLAGS } from '../api/node-flags.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildServer(dist = join(root, 'dist')): Promise<void> {
  const out = join(dist, 'server');
  rmSync(out, { recursive: true, force: true });
  await build({
    entryPoints: { index: join(root, 'api', 'server.ts'), node: join(root, 'api', 'server-node.ts') },
    outdir: out,
    bundle: true,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    format: 'esm',
    // Neutral: `./server` runs on Workers too; only server-node's chunk imports node: modules.
    platform: 'neutral',
    target: 'es2022',
    packages: 'external',
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'warning',
  });
  const cli = join(out, 'cli.js');
  // `env -S` splits the line, so the bin starts Node with genshelf's flags as `npm start` does.
  writeFileSync(cli, `#!/usr/bin/env -S node ${NODE_FLAGS.join(' ')}\n` + "// `npx genshelf`: what `npm start` runs (the API, the demo host app and the widgets, on a libSQL file).\nimport { main } from './node.js';\n\nawait main();\n");
  chmodSync(cli, 0o755);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await buildServer();
