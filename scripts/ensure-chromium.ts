/**
 * `npm test` runs the element suites (@web/test-runner) and the story tests (vitest) in real
 * Chromium (Debian's package, driven by playwright; never `npx playwright install`). Before the
 * run: find the browser, else install it with apt when this machine allows (root, apt-get
 * present), else say clearly what is missing. Without a browser both are left out
 * (scripts/test.ts, vitest.config.ts) and the API suite still runs, except on CI, where a missing
 * browser fails the run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const chromiumPath = () => [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p): p is string => !!p && existsSync(p));

/** How every test runner starts it: headless, offline and quiet; as root it needs --no-sandbox. */
export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

if (process.argv[1]?.endsWith('ensure-chromium.ts') && !chromiumPath()) {
  const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (canApt) {
    console.error('Chromium is missing: installing Debian\'s chromium package for the element and story tests (about 30 s)…');
    try {
      execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'] });
      execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    } catch {
      /* reported below */
    }
  }
  if (!chromiumPath()) {
    console.error(
      [
        'The element suites and story tests need Chromium and none was found (looked at $CHROME_PATH, /usr/bin/chromium).',
        canApt ? 'Installing it with apt-get failed.' : 'Install it with `sudo apt-get install -y chromium` (Debian/Ubuntu) or set CHROME_PATH.',
        process.env.CI ? 'On CI this is an error.' : 'Running the rest of the suite without them.',
      ].join('\n'),
    );
    if (process.env.CI) process.exit(1);
  }
}
