import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import type { UserGeneration } from '../widgets/base/types.ts';
import { apiGet, elementArgs, elementMeta, emptyStory, errorStory, expectShown, loadingStory, playOn, SLOW, textOf, themeStory } from './story-env.ts';

const tiles = (root: ShadowRoot) => [...root.querySelectorAll<HTMLElement>('[part~=item]')];
const loaded = (root: ShadowRoot) => waitFor(() => expect(tiles(root).length).toBeGreaterThan(0), SLOW);

/**
 * `<generation-history>` is seed 002's "Previous generations": what a visitor or a user generated,
 * newest first, as a grid of posters. A video previews (muted) while the pointer rests on it or the
 * keyboard is on it; a click, a tap or Enter opens the player (autoplay, full screen, Download,
 * ←/→, the prompt and details). Videos play through opaque `/video/…` links that hide the
 * provider; an expired link is renewed on its own. Generations still running show their progress
 * and update live. Put `anonymous` on it for visitors who have not signed in, and
 * `claim-on-sign-in` so their work moves to their account when the host signs them in.
 *
 * Every story reads the real genshelf API (see stories/story-env.ts): the full state is the sample
 * data's user, whose newest generations are still queued and processing.
 */
const meta: Meta = {
  title: 'Elements/generation-history',
  component: 'generation-history',
  ...elementMeta,
  argTypes: { ...elementMeta.argTypes, type: { control: 'inline-radio', options: ['video', 'image', 'all'] } },
  render: (args, context) => html`<generation-history
    style="--gs-generation-history-height: 560px"
    ${elementArgs(args, context)}
    type=${args.type ?? nothing}
    app=${args.app ?? nothing}
    heading=${args.heading ?? nothing}
    cta-href=${args['cta-href'] ?? nothing}
    poll-interval=${args['poll-interval'] ?? nothing}
    hover-delay=${args['hover-delay'] ?? nothing}
    ?claim-on-sign-in=${args['claim-on-sign-in']}
    @gs-create=${args.onGsCreate}
    @gs-claimed=${args.onGsClaimed}
    @gs-error=${args.onGsError}
    >${args.cta ? html`<a slot="cta" href="#generate">${args.cta}</a>` : nothing}</generation-history
  >`,
};
export default meta;
type Story = StoryObj;

/** Every control at hand, on the sample data's user. */
export const Playground: Story = {
  play: playOn('generation-history', async ({ root }) => {
    await loaded(root);
  }),
};

/** The user's videos, newest first, 20 at a time (seed 002's `limit`/`skip`): the same order as the API's. */
export const Full: Story = {
  name: 'Videos (full)',
  play: playOn('generation-history', async ({ root }) => {
    const page = await apiGet<{ generations: UserGeneration[]; total_count: number }>('/api/user-generations?type=all&kind=video&limit=20');
    await loaded(root);
    expect(textOf(root.querySelector('[part=title]'))).toBe('Previous generations');
    expect(textOf(root.querySelector('[part=count]'))).toBe(`${page.total_count} videos`);
    tiles(root).forEach((tile, i) => expect(tile.dataset.id).toBe(page.generations[i]!.id));
  }),
};

/** `type="image"`: the generations that made an image. */
export const Images: Story = {
  args: { type: 'image' },
  play: playOn('generation-history', async ({ root }) => {
    await loaded(root);
    expect(tiles(root).some((t) => t.dataset.kind === 'image')).toBe(true);
    expect(tiles(root).some((t) => t.dataset.kind === 'video')).toBe(false);
  }),
};

/** `type="all"`: every generation, copywriting too. */
export const All: Story = {
  args: { type: 'all' },
  play: playOn('generation-history', async ({ root }) => {
    await loaded(root);
    expect(textOf(root.querySelector('[part=count]'))).toMatch(/^\d+ generations$/);
  }),
};

/** Queued and processing generations first: their status and progress, polled every `poll-interval` ms while they run. */
export const InProgress: Story = {
  args: { 'poll-interval': 1000 },
  play: playOn('generation-history', async ({ root }) => {
    await loaded(root);
    const running = tiles(root).filter((t) => t.dataset.status === 'processing');
    expect(running.length).toBeGreaterThan(0);
    for (const tile of running) expect(tile.querySelector('[part=progress]')?.getAttribute('role')).toBe('progressbar');
    expect(tiles(root).find((t) => t.dataset.status === 'queued')?.querySelector('[part~=badge]')).toBeTruthy();
  }),
};

/** A video opened in the player: it plays, with full screen, Download, its prompt and details. */
export const Player: Story = {
  play: playOn('generation-history', async ({ root }) => {
    await loaded(root);
    await userEvent.click(tiles(root).find((t) => t.dataset.kind === 'video')!);
    const preview = root.querySelector('media-preview')!;
    await waitFor(() => expect(preview.shadowRoot!.querySelector('[part=video]')).toBeTruthy(), SLOW);
    expect(preview.shadowRoot!.querySelector('[part=download-button]')).toBeTruthy();
    expect(preview.shadowRoot!.querySelector('[part=fullscreen-button]')).toBeTruthy();
    expect(textOf(preview.shadowRoot!.querySelector('[part=info] .prompt'))).not.toBe('');
  }),
};

/** Before the first page arrives: skeleton tiles. */
export const Loading: Story = {
  ...loadingStory('generation-history', ({ root }) => {
    expect(root.querySelector('[role=status][aria-label]')?.getAttribute('aria-label')).toBe('Loading your generations');
    expect(root.querySelectorAll('.tile-skeleton').length).toBeGreaterThan(0);
  }),
};

/** A visitor with nothing yet (a fresh anonymous session): "No videos yet" and the call to action (`cta-href`, else `gs-create`). */
export const Empty: Story = {
  ...emptyStory(
    'generation-history',
    async ({ root }) => {
      await expectShown(root, '[part=empty]');
      expect(textOf(root.querySelector('[part=empty] h3'))).toBe('No videos yet');
      expect(root.querySelector('[part=cta]')?.getAttribute('href')).toBe('#create');
    },
    { 'cta-href': '#create' },
  ),
};

/** The same with the host's own call to action in the `cta` slot. */
export const EmptyWithSlot: Story = {
  ...emptyStory(
    'generation-history',
    async ({ el, root }) => {
      await expectShown(root, '[part=empty]');
      expect(root.querySelector<HTMLSlotElement>('slot[name=cta]')!.assignedElements()).toEqual([el.querySelector('[slot=cta]')]);
    },
    { cta: 'Describe your first video →' },
  ),
};

/** The API refused the token (401): a message and Retry. */
export const ErrorState: Story = {
  name: 'Error',
  ...errorStory('generation-history', async ({ root }) => {
    await expectShown(root, '[part=retry-button]');
    expect(textOf(root.querySelector('[part=error] span'))).toBe('Sign in to see your generations.');
  }),
};

/** `theme="light"`. */
export const Light: Story = { ...themeStory('light', 'generation-history', (root) => root.querySelector('[part=base]'), loaded) };

/** `theme="dark"`, the default. */
export const Dark: Story = { ...themeStory('dark', 'generation-history', (root) => root.querySelector('[part=base]'), loaded) };
