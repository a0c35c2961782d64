/**
 * Where the stories get their data: the real genshelf API on the Storybook origin (the elements'
 * default `api`). `genshelf-env.json`, next to the story frame, hands out the demo user's token —
 * answered by the in-process API in `npm run storybook` and the story tests (genshelf-api.ts), and
 * by `npm start` for the static build at /storybook/ (to requests from this machine only; else the
 * token is empty and the stories show the elements' "sign in" error).
 *
 * The states come from real requests too: empty is a fresh anonymous session (no jobs), error a
 * token the API rejects (401), loading a token that never arrives, in progress the demo user's
 * queued and processing jobs.
 */
import type { Args, StoryContext } from '@storybook/web-components-vite';
import type { Theme } from '../widgets/base/gs-element.ts';

interface StoryEnv {
  token: string;
}

let env: Promise<StoryEnv> | undefined;

export function storyEnv(): Promise<StoryEnv> {
  env ??= fetch(new URL('genshelf-env.json', document.baseURI), { cache: 'no-store' }).then(
    async (res) => (res.ok ? ((await res.json()) as StoryEnv) : { token: '' }),
    () => ({ token: '' }),
  );
  return env;
}

/** `tokenProvider` for the sample data's user (about 60 jobs in every status, two processing, two queued). */
export const demoUser = async (): Promise<string> => (await storyEnv()).token;

/** `tokenProvider` that never answers: the elements stay in their loading state. */
export const neverAnswers = (): Promise<string> => new Promise<string>(() => {});

/** A token the API refuses (401): the elements' error state. */
export const refusedToken = 'not-a-genshelf-token';

/** GET from the API as the demo user: for loaders, and to compare what an element shows with what the API says. */
export async function apiGet<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { authorization: `Bearer ${await demoUser()}` }, cache: 'no-store' });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
  return (await res.json()) as T;
}

/** The story's element of `tag`, once it has rendered, and its shadow root. */
export async function elementIn<T extends HTMLElement & { updateComplete: Promise<unknown> }>(canvasElement: HTMLElement, tag: string): Promise<{ el: T; root: ShadowRoot }> {
  const el = canvasElement.querySelector<T>(tag);
  if (!el) throw new Error(`no <${tag}> in the story`);
  await el.updateComplete;
  return { el, root: el.shadowRoot! };
}

/** Visible text, whitespace collapsed. */
export const textOf = (node: Element | ShadowRoot | null | undefined): string => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** The theme a story renders with: its own `theme` arg, else the toolbar's. */
export const themeOf = (args: Args, context: Pick<StoryContext, 'globals'>): Theme => ((args.theme as Theme | undefined) ?? (context.globals.theme as Theme | undefined) ?? 'dark');

/** The `theme` control: the three values, not free text. */
export const themeArgType = { control: 'inline-radio', options: ['dark', 'light', 'auto'] } as const;

/** Long enough for the first request, which starts the API and fills its sample data. */
export const SLOW = { timeout: 20_000 };

/** The palettes' card backgrounds (tokens.styles.ts `--gs-color-surface`), as computed styles give them. */
export const surface = { dark: 'rgb(26, 26, 36)', light: 'rgb(255, 255, 255)' } as const;
