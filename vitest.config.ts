import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';
import { chromiumArgs, chromiumPath } from './scripts/ensure-chromium.ts';

const chromium = chromiumPath();
/** Debian's Chromium as the browser projects launch it (headless, offline, no sandbox as root). */
const chromiumLaunch = { executablePath: chromium, args: chromiumArgs };
/** A browser project's `browser` settings: that Chromium, headless, through playwright. */
const inChromium = () => ({
  enabled: true,
  headless: true,
  screenshotFailures: false,
  provider: playwright({ launchOptions: chromiumLaunch }),
  instances: [{ browser: 'chromium' as const }],
});
/**
 * The projects named with `--project` (none: all of them). Loading Storybook's presets for the
 * storybook project costs about 2 s, which a run that leaves that project out does not pay.
 */
const namedProjects = process.argv.flatMap((arg, i, all) => (arg === '--project' ? [all[i + 1] ?? ''] : arg.startsWith('--project=') ? [arg.slice('--project='.length)] : []));
const withStorybook = !namedProjects.length || namedProjects.some((name) => /storybook|\*/.test(name));
/**
 * Tests print nothing on success: the browser project's Vite server would log its dependency
 * optimizer at info level on a cold cache. Its level comes from VITEST_BROWSER_DEBUG, but any
 * value there also switches on the test pages' debug output, so the info channel is muted here.
 */
const quietViteInfo = { name: 'genshelf:quiet-vite-info', configResolved: (config: { logger: { info: (...args: unknown[]) => void } }) => void (config.logger.info = () => {}) };

export default defineConfig({
  test: {
    // Two cores on CI: one worker per core keeps miniflare/workerd start-ups from starving each other.
    maxWorkers: 2,
    silent: 'passed-only',
    projects: [
      {
        extends: true as const,
        test: {
          name: 'api',
          include: ['test/**/*.test.ts'],
          environment: 'node',
          pool: 'forks',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      // Every story of .storybook/main.ts rendered in Debian's Chromium, its play function and axe run:
      // the stories read the real API, which .storybook/genshelf-api.ts starts in this project's Vite
      // server. Left out only when no Chromium exists (see scripts/ensure-chromium.ts). The element
      // suites run on @web/test-runner instead (web-test-runner.config.ts; scripts/test.ts runs both).
      ...(chromium && withStorybook
        ? [
            {
              extends: true as const,
              plugins: [quietViteInfo, storybookTest({ configDir: '.storybook' })],
              test: {
                name: 'storybook',
                // After the api project, not beside it: the API suite's miniflare/workerd start-ups would
                // starve the stories' waits on two cores.
                sequence: { groupOrder: 1 },
                testTimeout: 30_000,
                hookTimeout: 60_000,
                browser: inChromium(),
              },
            },
          ]
        : []),
    ],
  },
});
