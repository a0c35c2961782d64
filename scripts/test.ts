/**
 * `npm test`: every suite, one runner after another, so two Chromiums never share the 2 cores —
 * vitest for the API (`test/`) and, after it, the Storybook stories (project `storybook`, through
 * `@storybook/addon-vitest`), then the element suites on @web/test-runner
 * (`web-test-runner.config.ts`). Every runner runs even when one before it failed; the exit code is
 * non-zero when any did. Without Chromium (scripts/ensure-chromium.ts said why, before this) the
 * browser parts are left out, with a line saying so.
 *
 * Arguments go to vitest (`npm test -- --reporter=json --outputFile=…`), except
 * `--wtr-summary=<file>`: WTR writes its totals there as JSON (.ci/run adds them up).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { chromiumPath } from './ensure-chromium.ts';

const bin = (path: string) => join(import.meta.dirname, '..', 'node_modules', path);
const args = process.argv.slice(2);
const summary = args.find((a) => a.startsWith('--wtr-summary='))?.slice('--wtr-summary='.length);
const vitestArgs = args.filter((a) => !a.startsWith('--wtr-summary='));

/** Runs `node …argv` in the foreground; whether it passed. */
const run = (argv: string[], env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, argv, { stdio: 'inherit', env: { ...process.env, ...env } }).status === 0;

const results = [run([bin('vitest/vitest.mjs'), 'run', ...vitestArgs])];
if (chromiumPath()) {
  // Node 20 cannot load the TypeScript config itself; tsx's ESM loader does (its CommonJS hook breaks koa's dependencies).
  results.push(run(['--import', 'tsx/esm', bin('@web/test-runner/dist/bin.js'), '--config', 'web-test-runner.config.ts'], summary ? { GENSHELF_WTR_SUMMARY: summary } : {}));
} else {
  console.error('No Chromium: the element suites (@web/test-runner) and the story tests were left out.');
}
process.exit(results.every(Boolean) ? 0 : 1);
