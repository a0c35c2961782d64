/**
 * The Worker as `wrangler deploy` uploads it: SPEC §8 and issue 16 keep it under 250 KB gzip, and
 * the bundle the workerd suites run (scripts/build-worker.ts) takes the same aliases.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { workerAliases } from '../scripts/build-worker.ts';

const root = join(import.meta.dirname, '..');

describe('the deployed Worker bundle', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'genshelf-wrangler-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is at most 250 KB gzip as wrangler builds it (minified), with zod's locales cut to English", () => {
    execFileSync(process.execPath, [join(root, 'node_modules', 'wrangler', 'bin', 'wrangler.js'), 'deploy', '--dry-run', '--minify', '--outdir', dir], { cwd: root, stdio: 'pipe', env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1' } });
    const js = readFileSync(join(dir, 'worker.js'));
    expect(gzipSync(js, { level: 9 }).length).toBeLessThanOrEqual(250_000);
    // A language zod would otherwise bring along (its Indonesian messages) is not in it.
    expect(js.includes('Input tidak valid')).toBe(false);
  });

  it("scripts/build-worker.ts aliases exactly what wrangler.toml's [alias] does", () => {
    const toml = readFileSync(join(root, 'wrangler.toml'), 'utf8');
    const section = /^\[alias\]\n((?:"[^"\n]+" = "[^"\n]+"\n)+)/m.exec(toml)?.[1] ?? '';
    const declared = Object.fromEntries([...section.matchAll(/"([^"]+)" = "([^"]+)"/g)].map((m) => [m[1], m[2]]));
    expect(declared).toEqual(workerAliases);
  });
});
