/**
 * The element suites' own browser commands (Node side), on the page playwright drives: what
 * @web/test-runner-commands has no command for. widgets/test/fixtures.ts calls them.
 *
 * - `user-click` / `user-hover` `{selector, modifiers?}`: playwright's own click and hover on the
 *   element (scrolled into view, waited for until it is visible, stable and receives the
 *   pointer — as a user's click), with Shift/Control/Meta held when asked.
 * - `wait-for-download` `'watch' | 'start' | 'cancel' | 'end'`: the bulk download tests' real
 *   browser downloads. `watch` starts collecting the page's downloads (call it before the first);
 *   `start` waits until the next one has begun (its file name); `cancel` cancels the one begun
 *   last, as a user would; `end` waits until that one (or the next) has ended: its bytes as
 *   base64, or why it failed.
 */
import type { TestRunnerPlugin } from '@web/test-runner';
import type { PlaywrightLauncher } from '@web/test-runner-playwright';
import { readFileSync } from 'node:fs';
import type { Download, Page } from 'playwright';

type Session = Parameters<NonNullable<TestRunnerPlugin['executeCommand']>>[0]['session'];
type Modifier = 'Shift' | 'Control' | 'Meta' | 'Alt';
interface Target {
  selector: string;
  modifiers?: Modifier[];
}

const pageOf = (session: Session): Page => (session.browser as PlaywrightLauncher).getPage(session.id);

const downloadsOf = new WeakMap<Page, { queue: Download[]; arrived?: () => void; current?: Download }>();

async function waitForDownload(page: Page, step: 'watch' | 'start' | 'cancel' | 'end') {
  let state = downloadsOf.get(page);
  if (!state) {
    const created: { queue: Download[]; arrived?: () => void } = { queue: [] };
    page.on('download', (download) => {
      created.queue.push(download);
      created.arrived?.();
    });
    downloadsOf.set(page, (state = created));
  }
  // WTR reads null and undefined as "no plugin handled this command": the steps without an answer say true.
  if (step === 'watch') return true;
  if (step === 'start' || !state.current) {
    while (!state.queue.length) await new Promise<void>((resolve) => (state.arrived = resolve));
    state.current = state.queue.shift();
  }
  const download = state.current!;
  if (step === 'start') return { name: download.suggestedFilename() };
  if (step === 'cancel') {
    await download.cancel();
    return true;
  }
  state.current = undefined;
  const failure = await download.failure();
  const base64 = failure ? undefined : readFileSync(await download.path()).toString('base64');
  if (!failure) await download.delete();
  return { name: download.suggestedFilename(), failure, base64 };
}

export function browserCommands(): TestRunnerPlugin {
  return {
    name: 'genshelf:browser-commands',
    async executeCommand({ command, payload, session }) {
      switch (command) {
        case 'user-click': {
          const { selector, modifiers } = payload as Target;
          await pageOf(session).locator(selector).click({ modifiers });
          return true;
        }
        case 'user-hover':
          await pageOf(session).locator((payload as Target).selector).hover();
          return true;
        case 'wait-for-download':
          return waitForDownload(pageOf(session), payload as 'watch' | 'start' | 'cancel' | 'end');
        default:
          return undefined;
      }
    },
  };
}
