/**
 * Every way genshelf's Node server starts passes its V8 flags (api/node-flags.ts): they only work
 * on Node's command line, so a start command without them is a slower server, not an error.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE_FLAGS } from '../api/node-flags.ts';
import { buildServer } from '../scripts/build-server.ts';

const scripts = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> }).scripts;

describe('Node flags', () => {
  it.each(['start', 'dev'])('npm run %s passes them to Node before api/node.ts', (name) => {
    const words = scripts[name]!.split(/\s+/);
    const entry = words.indexOf('api/node.ts');
    expect(entry, scripts[name]).toBeGreaterThan(0);
    for (const flag of NODE_FLAGS) expect(words.slice(0, entry), scripts[name]).toContain(flag);
  });

  it('the genshelf bin starts Node with them', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'genshelf-flags-'));
    try {
      await buildServer(dist);
      const first = readFileSync(join(dist, 'server', 'cli.js'), 'utf8').split('\n')[0]!;
      expect(first).toBe(`#!/usr/bin/env -S node ${NODE_FLAGS.join(' ')}`);
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });
});
