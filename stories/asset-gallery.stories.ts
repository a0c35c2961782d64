import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import type { Asset, JobsPage } from '../widgets/base/types.ts';
import type { ListFilter } from '../widgets/base/list-filter.ts';
import { apiGet, callToActionStory, elementArgs, elementMeta, emptyStory, errorStory, expectShown, loadingStory, playOn, SLOW, textOf, themeStory } from './story-env.ts';

const cards = (root: ShadowRoot) => [...root.querySelectorAll<HTMLElement>('[part~=job]')];
const tiles = (root: ShadowRoot) => [...root.querySelectorAll<HTMLElement>('[part~=asset]')];
const loadedCards = (root: ShadowRoot) => waitFor(() => expect(cards(root).length).toBeGreaterThan(0), SLOW);
const loadedTiles = (root: ShadowRoot) => waitFor(() => expect(tiles(root).length).toBeGreaterThan(0), SLOW);
const flat = { 'group-by': 'none' } as const;

/**
 * `<asset-gallery>` shows everything a user generated. By job (the default, seed 001's "My
 * Assets" page): a card per job with its status, type, progress, prompt and error, and a button
 * that shows the job's files; each file can be downloaded, its link copied (it works without a
 * token) and made public or private. `group-by="none"` (seed 004's gallery): every image, video
 * and text in one windowed grid with tabs, search, favourites, selection, bulk download and
 * delete with Undo. Give it a height with `--gs-asset-gallery-height`; on a phone the page
 * scrolls instead.
 *
 * Every story reads the real genshelf API (see stories/story-env.ts): the full state is the
 * sample data's user, about 60 jobs and 115 files in every status.
 */
const meta: Meta = {
  title: 'Elements/asset-gallery',
  component: 'asset-gallery',
  ...elementMeta,
  argTypes: { ...elementMeta.argTypes, 'group-by': { control: 'inline-radio', options: ['job', 'none'] } },
  render: (args, context) => html`<asset-gallery
    style="--gs-asset-gallery-height: 560px"
    ${elementArgs(args, context)}
    group-by=${args['group-by'] ?? nothing}
    heading=${args.heading ?? nothing}
    subheading=${args.subheading ?? nothing}
    cta-href=${args['cta-href'] ?? nothing}
    project=${args.project ?? nothing}
    poll-interval=${args['poll-interval'] ?? nothing}
    .filters=${(args.filters as ListFilter | undefined) ?? { sort: 'newest' }}
    @gs-create=${args.onGsCreate}
    @gs-asset-change=${args.onGsAssetChange}
    @gs-error=${args.onGsError}
    >${args.empty ? html`<div slot="empty">${args.empty}</div>` : nothing}</asset-gallery
  >`,
};
export default meta;
type Story = StoryObj;

/** Every control at hand, on the sample data's user. */
export const Playground: Story = {
  play: playOn('asset-gallery', async ({ root }) => {
    await loadedCards(root);
  }),
};

/** By job, newest first: seed 001's "My Assets" page, 20 jobs a page. */
export const ByJob: Story = {
  name: 'By job (full)',
  play: playOn('asset-gallery', async ({ root }) => {
    const page = await apiGet<JobsPage>('/api/v1/jobs?limit=20');
    await loadedCards(root);
    expect(textOf(root.querySelector('[part=title]'))).toBe('My Assets');
    cards(root).forEach((card, i) => {
      expect(card.dataset.id).toBe(page.jobs[i]!.id);
      expect(card.querySelector('[part~=badge]')?.getAttribute('data-status')).toBe(page.jobs[i]!.status);
    });
  }),
};

/** A finished job opened with its disclosure button: its files in a grid, with their actions on hover or focus. */
export const Expanded: Story = {
  args: { filters: { status: 'completed' } },
  play: playOn('asset-gallery', async ({ root }) => {
    await loadedCards(root);
    const card = cards(root)[0]!;
    const button = card.querySelector<HTMLButtonElement>('[part=disclosure]')!;
    await userEvent.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    const assets = await apiGet<Asset[]>(`/api/v1/jobs/${card.dataset.id}/assets`);
    await waitFor(() => expect(card.querySelectorAll('[part~=asset]')).toHaveLength(assets.length), SLOW);
    // A tile's actions appear on hover or focus.
    card.querySelector<HTMLElement>('[part~=asset]')!.focus();
    await waitFor(() => expect(card.querySelector('[part~=asset] .copy-link')).toBeTruthy(), SLOW);
    expect(card.querySelector('[part~=asset] .visibility')).toBeTruthy();
  }),
};

/** Queued and processing jobs: their progress, polled every `poll-interval` ms while they run. */
export const InProgress: Story = {
  args: { 'poll-interval': 1000, filters: { status: 'processing' } },
  play: playOn('asset-gallery', async ({ root }) => {
    await loadedCards(root);
    for (const card of cards(root)) {
      expect(card.querySelector('[part~=badge]')?.getAttribute('data-status')).toBe('processing');
      expect(card.querySelector('[part=progress]')?.getAttribute('role')).toBe('progressbar');
    }
  }),
};

/** Failed jobs say why. */
export const Failed: Story = {
  args: { filters: { status: 'failed' } },
  play: playOn('asset-gallery', async ({ root }) => {
    await loadedCards(root);
    for (const card of cards(root)) expect(textOf(card.querySelector('[part=error-message]'))).not.toBe('');
  }),
};

/** Before the first page arrives: skeleton cards. */
export const Loading: Story = {
  ...loadingStory('asset-gallery', ({ root }) => {
    expect(root.querySelector('[role=status][aria-label]')?.getAttribute('aria-label')).toBe('Loading your assets');
    expect(root.querySelectorAll('.job-skeleton').length).toBeGreaterThan(0);
  }),
};

/** Nothing yet (a fresh anonymous session): "No assets yet" and the call to action (`cta-href`, else `gs-create`). */
export const Empty: Story = {
  ...emptyStory(
    'asset-gallery',
    async ({ root }) => {
      await expectShown(root, '[part=empty]');
      expect(textOf(root.querySelector('[part=empty] h3'))).toBe('No assets yet');
      expect(root.querySelector('[part=cta]')?.getAttribute('href')).toBe('#create');
    },
    { 'cta-href': '#create' },
  ),
};

/** The same with the host's own message in the `empty` slot. */
export const EmptyWithSlot: Story = { ...callToActionStory('asset-gallery', 'Start with a thumbnail in Brand Studio →') };

/** The API refused the token (401): a message and Retry. */
export const ErrorState: Story = {
  name: 'Error',
  ...errorStory('asset-gallery', async ({ root }) => {
    await expectShown(root, '[part=retry-button]');
    expect(textOf(root.querySelector('[part=error] span'))).toBe('Sign in to see your assets.');
  }),
};

/** `group-by="none"`: every file in one windowed grid, newest first (seed 004's gallery). */
export const Flat: Story = {
  name: 'Flat (full)',
  args: flat,
  play: playOn('asset-gallery', async ({ root }) => {
    const page = await apiGet<{ assets: Asset[] }>('/api/v1/assets?limit=50');
    await loadedTiles(root);
    expect(textOf(root.querySelector('[part=title]'))).toBe('Gallery');
    tiles(root).forEach((tile, i) => expect(tile.dataset.id).toBe(page.assets[i]!.id));
  }),
};

/** The Texts tab: copy as readable cards, with a copy button. */
export const FlatTexts: Story = {
  args: { ...flat, filters: { kind: 'text', sort: 'newest' } },
  play: playOn('asset-gallery', async ({ root }) => {
    await loadedTiles(root);
    for (const tile of tiles(root)) {
      expect(tile.dataset.kind).toBe('text');
      expect(textOf(tile.querySelector('.text-preview'))).not.toBe('');
    }
    tiles(root)[0]!.focus();
    await waitFor(() => expect(tiles(root)[0]!.querySelector('.copy-text')).toBeTruthy(), SLOW);
    expect(root.querySelector('[role=tab][aria-selected=true]')?.textContent?.trim()).toBe('Texts');
  }),
};

/** Checkbox, then shift-click: a range; the bar offers download, delete and "select all N matching". */
export const FlatSelection: Story = {
  args: flat,
  play: playOn('asset-gallery', async ({ root }) => {
    await waitFor(() => expect(tiles(root).length).toBeGreaterThan(4), SLOW);
    const user = userEvent.setup();
    await user.click(tiles(root)[0]!.querySelector<HTMLElement>('[data-select=toggle]')!);
    await user.keyboard('{Shift>}');
    await user.click(tiles(root)[3]!);
    await user.keyboard('{/Shift}');
    await waitFor(() => expect(textOf(root.querySelector('[part=selection-bar] .count'))).toBe('4 selected'), SLOW);
    expect(root.querySelector('[part=selection-bar] .select-all')).toBeTruthy();
  }),
};

const flatLoading = loadingStory('asset-gallery', ({ root }) => {
  expect(root.querySelectorAll('.skeletons.tiles .tile-skeleton').length).toBeGreaterThan(0);
});

/** Flat, before the first page: skeleton tiles. */
export const FlatLoading: Story = { ...flatLoading, args: { ...flatLoading.args, ...flat } };

/** Flat, nothing yet. */
export const FlatEmpty: Story = {
  ...emptyStory(
    'asset-gallery',
    async ({ root }) => {
      await expectShown(root, '[part=empty]');
      expect(textOf(root.querySelector('[part=cta]'))).toBe('Generate your first asset');
    },
    flat,
  ),
};

/** Flat, the API refused the token. */
export const FlatError: Story = {
  ...errorStory(
    'asset-gallery',
    async ({ root }) => {
      await expectShown(root, '[part=retry-button]');
    },
    flat,
  ),
};

/** `theme="light"`. */
export const Light: Story = { ...themeStory('light', 'asset-gallery', (root) => root.querySelector('[part=base]'), loadedCards) };

/** `theme="dark"`, the default. */
export const Dark: Story = { ...themeStory('dark', 'asset-gallery', (root) => root.querySelector('[part=base]'), loadedCards) };
