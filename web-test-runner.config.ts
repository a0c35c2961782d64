/**
 * The element suites (`widgets/**\/*.test.ts`) on @web/test-runner, in Debian's Chromium driven by
 * playwright, against the real API (test/wtr/genshelf-api.ts starts it once per run). Mocha with
 * @open-wc/testing's chai in the page; TypeScript through esbuild with the project's tsconfig
 * (Lit's decorators). Run by `npm test` (scripts/test.ts); all of them alone with
 * `npm run test:elements`, one suite with `npm run test:elements -- widgets/job-stats/job-stats.test.ts`.
 *
 * Node 20 cannot import this file itself: the npm scripts start WTR with tsx's ESM loader
 * (`node --import tsx/esm`; plain `tsx` breaks koa's CommonJS dependencies).
 */
import { esbuildPlugin } from '@web/dev-server-esbuild';
import type { TestRunnerConfig } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { chromiumArgs, chromiumPath } from './scripts/ensure-chromium.ts';
import { browserCommands } from './test/wtr/browser-commands.ts';
import { genshelfApi } from './test/wtr/genshelf-api.ts';
import { quietReporter } from './test/wtr/quiet-reporter.ts';
import { summaryReporter } from './test/wtr/summary-reporter.ts';

/** Where .ci/run wants the totals (scripts/test.ts sets it). */
const summaryFile = process.env.GENSHELF_WTR_SUMMARY;

const config: TestRunnerConfig = {
  files: ['widgets/**/*.test.ts'],
  nodeResolve: true,
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'tsconfig.json' }), genshelfApi(), browserCommands()],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: {
        executablePath: chromiumPath(),
        headless: true,
        args: chromiumArgs,
      },
    }),
  ],
  // One page at a time on 2 shared cores: the suites' polling and render waits stay unhurried.
  concurrency: 1,
  // A loaded CI machine: a poll or a render can take a while without anything being wrong.
  testFramework: { config: { timeout: 20_000 } },
  testsStartTimeout: 120_000,
  testsFinishTimeout: 600_000,
  browserStartTimeout: 120_000,
  reporters: [quietReporter(), ...(summaryFile ? [summaryReporter(summaryFile)] : [])],
};

export default config;
