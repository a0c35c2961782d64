import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { readFileSync } from 'node:fs';
import type { Download } from 'playwright';
import type { BrowserCommand } from 'vitest/node';
import { defineConfig } from 'vitest/config';
import { chromiumPath } from './scripts/ensure-chromium.ts';

const chromium = chromiumPath();
/** Debian's Chromium as the browser projects launch it (headless, offline, no sandbox as root). */
const chromiumLaunch = {
  executablePath: chromium,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};
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

/** Media emulation for the widget tests (theme `auto`, reduced motion). */
const emulateMedia: BrowserCommand<[{ colorScheme?: 'light' | 'dark' | null; reducedMotion?: 'reduce' | 'no-preference' | null }]> = async (ctx, options) => {
  await ctx.page.emulateMedia(options);
};

/**
 * The bulk-download tests' real browser downloads. `watch` starts collecting the page's downloads
 * (call it before the first); `start` waits until the next one has begun (its file name); `cancel`
 * cancels the one begun last, as a user would; `end` waits until that one (or the next) has ended:
 * its bytes as base64, or why it failed.
 */
const downloadsOf = new WeakMap<object, { queue: Download[]; arrived?: () => void; current?: Download }>();
const waitForDownload: BrowserCommand<['watch' | 'start' | 'cancel' | 'end']> = async ({ page }, step) => {
  let state = downloadsOf.get(page);
  if (!state) {
    const created: { queue: Download[]; arrived?: () => void } = { queue: [] };
    page.on('download', (download) => {
      created.queue.push(download);
      created.arrived?.();
    });
    downloadsOf.set(page, (state = created));
  }
  if (step === 'watch') return null;
  if (step === 'start' || !state.current) {
    while (!state.queue.length) await new Promise<void>((resolve) => (state.arrived = resolve));
    state.current = state.queue.shift();
  }
  const download = state.current!;
  if (step === 'start') return { name: download.suggestedFilename() };
  if (step === 'cancel') {
    await download.cancel();
    return null;
  }
  state.current = undefined;
  const failure = await download.failure();
  const base64 = failure ? undefined : readFileSync(await download.path()).toString('base64');
  if (!failure) await download.delete();
  return { name: download.suggestedFilename(), failure, base64 };
};

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
      // The widgets in real Chromium (Debian's, via playwright-core) against the real API, which
      // widgets/test/global-setup.ts starts. Left out only when no Chromium exists (see scripts/ensure-chromium.ts).
      ...(chromium
        ? [
            {
              extends: true as const,
              plugins: [quietViteInfo],
              optimizeDeps: { include: ['lit', 'lit/decorators.js', 'lit/directives/style-map.js', 'lit/directives/repeat.js', 'lit/directives/guard.js', '@lit/task', '@lit/context', 'axe-core'] },
              test: {
                name: 'widgets',
                include: ['widgets/**/*.test.ts'],
                globalSetup: ['widgets/test/global-setup.ts'],
                setupFiles: ['widgets/test/setup.ts'],
                testTimeout: 20_000,
                hookTimeout: 60_000,
                browser: { ...inChromium(), commands: { emulateMedia, waitForDownload } },
              },
            },
            // Every story of .storybook/main.ts rendered in the same Chromium, its play function and axe
            // run: the stories read the real API, which .storybook/genshelf-api.ts starts in this
            // project's Vite server.
            ...(withStorybook ? [{
              extends: true as const,
              plugins: [quietViteInfo, storybookTest({ configDir: '.storybook' })],
              test: {
                name: 'storybook',
                // After the api and widgets projects, not beside them: two Chromiums on two cores would
                // starve the widget tests' timing-sensitive waits.
                sequence: { groupOrder: 1 },
                testTimeout: 30_000,
                hookTimeout: 60_000,
                browser: inChromium(),
              },
            }] : []),
          ]
        : []),
    ],
  },
});
