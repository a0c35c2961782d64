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
import type { Args, StoryContext, StoryObj } from '@storybook/web-components-vite';
import { nothing } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';
import { expect, waitFor } from 'storybook/test';
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

/**
 * `tokenProvider` for a user of the story's own: a new anonymous session (no jobs, default
 * settings), then `setup(token)` — real requests, e.g. a PATCH of its settings — before the
 * element gets the token. One per call, so a story that saves something touches nobody else's data.
 */
export function ownUser(setup?: (token: string) => Promise<void>): () => Promise<string> {
  let token: Promise<string> | undefined;
  return () =>
    (token ??= (async () => {
      const res = await fetch('/api/v1/sessions/anonymous', { method: 'POST', cache: 'no-store' });
      if (!res.ok) throw new Error(`POST /api/v1/sessions/anonymous: ${res.status}`);
      const { token: t } = (await res.json()) as { token: string };
      await setup?.(t);
      return t;
    })());
}

/** A request to the API with `token` (for `ownUser` set-ups); throws on anything but 2xx. */
export async function apiSend(token: string, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? undefined : res.json();
}

/**
 * A network that holds the requests `matches` picks (they are never sent) until the story is
 * left: a story's `beforeEach`, for states that last only as long as a request is in flight
 * (Saving…). Returns the clean-up, which fails the held requests as aborted.
 */
export function holdRequests(matches: (url: URL, init: RequestInit | undefined) => boolean): () => void {
  const realFetch = globalThis.fetch;
  const held: ((reason: unknown) => void)[] = [];
  globalThis.fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input), document.baseURI);
    if (!matches(url, init)) return realFetch(input, init);
    return new Promise<Response>((_, reject) => held.push(reject));
  };
  return () => {
    globalThis.fetch = realFetch;
    for (const reject of held) reject(new DOMException('The story was left', 'AbortError'));
  };
}

/** A token the API refuses (401): the elements' error state. */
export const refusedToken = 'not-a-genshelf-token';

/** GET from the API as the demo user: for loaders, and to compare what an element shows with what the API says. */
export async function apiGet<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { authorization: `Bearer ${await demoUser()}` }, cache: 'no-store' });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
  return (await res.json()) as T;
}

type Rendered = HTMLElement & { updateComplete: Promise<unknown> };

/** The story's element of `tag`, once it has rendered, and its shadow root. */
export async function elementIn<T extends Rendered>(canvasElement: HTMLElement, tag: string): Promise<{ el: T; root: ShadowRoot }> {
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

// ---- the stories' shared shapes ----
// A story file spreads these into object literals (`export const Loading: Story = { ...loadingStory(…) }`)
// and keeps `title`, `component` and `name` written out: Storybook's indexer reads them from the
// file as written, and the story ids and names come from them.

/** Every element's meta but its title and component (which CSF reads from the file as written): the theme control, the demo user. */
export const elementMeta = { argTypes: { theme: themeArgType }, args: { tokenProvider: demoUser } } as const;

/**
 * What every genshelf element takes from the story's args, on the element in the story's
 * template (`<job-stats ${elementArgs(args, context)} …>`): the attributes `api`, `token`,
 * `anonymous`, `theme` (the toolbar's when the story sets none) and `locale`, and the property
 * `tokenProvider`. An arg that is not set leaves its attribute off.
 */
export const elementArgs = directive(
  class extends Directive {
    constructor(part: PartInfo) {
      super(part);
      if (part.type !== PartType.ELEMENT) throw new Error('elementArgs() goes on the element itself');
    }
    render(_args: Args, _context: Pick<StoryContext, 'globals'>) {
      return nothing;
    }
    override update(part: ElementPart, [args, context]: [Args, Pick<StoryContext, 'globals'>]) {
      const el = part.element as HTMLElement & { tokenProvider?: unknown };
      const attributes = { api: args.api, token: args.token, theme: themeOf(args, context), locale: args.locale };
      for (const [name, value] of Object.entries(attributes)) {
        if (value == null) el.removeAttribute(name);
        else if (el.getAttribute(name) !== String(value)) el.setAttribute(name, String(value));
      }
      el.toggleAttribute('anonymous', !!args.anonymous);
      if (el.tokenProvider !== args.tokenProvider) el.tokenProvider = args.tokenProvider;
      return nothing;
    }
  },
);

type Play = NonNullable<StoryObj['play']>;
type Check<T extends Rendered> = (found: { el: T; root: ShadowRoot }, context: Parameters<Play>[0]) => unknown;

/** A play function on the story's element of `tag`, once it has rendered. */
export const playOn =
  <T extends Rendered>(tag: string, check: Check<T>): Play =>
  async (context) => {
    await check(await elementIn<T>(context.canvasElement, tag), context);
  };

/**
 * Typing into a field inside an element's shadow root: `storybook/test`'s userEvent types only
 * into `document.activeElement`, which stops at the host. Focuses the field, sets its value and
 * fires `input` as typing would.
 */
export function fillIn(input: HTMLInputElement, value: string): void {
  input.focus();
  input.value = value;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: value }));
}

/** A key pressed on `target` (inside a shadow root, where userEvent's keyboard does not reach). */
export function pressKey(target: Element, key: string): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true, cancelable: true }));
}

/** Waits (as long as the first request may take) until `selector` is in `root`; the element. */
export async function expectShown(root: ShadowRoot, selector: string): Promise<Element> {
  await waitFor(() => expect(root.querySelector(selector)).toBeTruthy(), SLOW);
  return root.querySelector(selector)!;
}

/** Before the first answer (the token never arrives). */
export const loadingStory = <T extends Rendered>(tag: string, check: Check<T>): StoryObj => ({ args: { tokenProvider: neverAnswers }, play: playOn(tag, check) });

/** A user with nothing yet: a fresh anonymous session; `args` adds to it. */
export const emptyStory = <T extends Rendered>(tag: string, check: Check<T>, args: Args = {}): StoryObj => ({
  args: { tokenProvider: undefined, anonymous: true, ...args },
  play: playOn(tag, check),
});

/** The same with the host's call to action, `empty`, in the element's `empty` slot: the slot shows it. */
export const callToActionStory = (tag: string, empty: string): StoryObj =>
  emptyStory(
    tag,
    async ({ el, root }) => {
      await expectShown(root, '[part=empty]');
      expect(root.querySelector<HTMLSlotElement>('slot[name=empty]')!.assignedElements()).toEqual([el.querySelector('[slot=empty]')]);
    },
    { empty },
  );

/** The API refuses the token (401); `args` adds to it. */
export const errorStory = <T extends Rendered>(tag: string, check: Check<T>, args: Args = {}): StoryObj => ({
  args: { tokenProvider: undefined, token: refusedToken, ...args },
  play: playOn(tag, check),
});

/**
 * `theme="light"` or `"dark"`: the element has the attribute, and (once `ready`, when given)
 * `background` — its card — has that palette's surface.
 */
export const themeStory = (theme: 'light' | 'dark', tag: string, background: (root: ShadowRoot) => Element | null, ready?: (root: ShadowRoot) => Promise<unknown>): StoryObj => ({
  args: { theme },
  play: playOn(tag, async ({ el, root }) => {
    await ready?.(root);
    expect(el.getAttribute('theme')).toBe(theme);
    expect(getComputedStyle(background(root)!).backgroundColor).toBe(surface[theme]);
  }),
});
