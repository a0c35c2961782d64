import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import { apiGet, callToActionStory, elementArgs, elementMeta, emptyStory, errorStory, expectShown, loadingStory, playOn, SLOW, textOf, themeStory } from './story-env.ts';
import type { JobsPage } from '../widgets/base/types.ts';
import type { MyWorkFilters } from '../widgets/my-work/my-work.ts';

const items = (root: ShadowRoot) => [...root.querySelectorAll<HTMLElement>('[part~=item]')];
const firstItem = (root: ShadowRoot) => items(root)[0] ?? null;
const stat = (root: ShadowRoot, key: string) => textOf(root.querySelector(`[part=stat][data-status=${key}] .stat-value`));
/** Until some jobs are listed. */
const loaded = (root: ShadowRoot) => waitFor(() => expect(items(root).length).toBeGreaterThan(0), SLOW);
const selected = (root: ShadowRoot) => items(root).filter((i) => i.getAttribute('aria-selected') === 'true');
const filters = (f: Partial<MyWorkFilters>): MyWorkFilters => ({ app: '', status: '', kind: '', q: '', sort: 'newest', ...f });

/**
 * A browser "disk" that writes 32 KB a second and keeps nothing: `showSaveFilePicker` answers
 * with it, so the bulk download below stays in progress long enough to see, and saves no file.
 * (The API, the manifest and the files it streams are real.)
 */
function slowDisk() {
  const original = Object.getOwnPropertyDescriptor(window, 'showSaveFilePicker');
  const handle = {
    createWritable: async () => new WritableStream<Uint8Array>({ write: (chunk) => new Promise((done) => setTimeout(done, (chunk.byteLength / 32_768) * 1000)) }),
    remove: async () => {},
  };
  Object.defineProperty(window, 'showSaveFilePicker', { configurable: true, writable: true, value: async () => handle });
  return () => {
    if (original) Object.defineProperty(window, 'showSaveFilePicker', original);
    else delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
  };
}

/**
 * `<my-work>` is the whole "My work" page: every job the user made in any app, with stats,
 * filters, search, sort, grid or list, selection, bulk delete with undo, bulk download as one ZIP,
 * a preview and regenerate (`gs-regenerate` — start the job again in your app). It scrolls
 * through thousands of jobs with only the rows in view in the DOM; give it a height with
 * `--gs-my-work-height`.
 *
 * Every story reads the real genshelf API (see .storybook/story-env.ts): the full state is the
 * sample data's user, about 60 jobs in every status.
 */
const meta: Meta = {
  title: 'Elements/my-work',
  component: 'my-work',
  ...elementMeta,
  argTypes: { ...elementMeta.argTypes, view: { control: 'inline-radio', options: ['grid', 'list'] } },
  render: (args, context) => html`<my-work
    style="--gs-my-work-height: 560px"
    ${elementArgs(args, context)}
    view=${args.view ?? nothing}
    poll-interval=${args['poll-interval'] ?? nothing}
    search-delay=${args['search-delay'] ?? nothing}
    .filters=${args.filters ?? filters({})}
    @gs-regenerate=${args.onGsRegenerate}
    @gs-error=${args.onGsError}
    >${args.empty ? html`<div slot="empty">${args.empty}</div>` : nothing}</my-work
  >`,
};
export default meta;
type Story = StoryObj;

/** Every control at hand, on the sample data's user. */
export const Playground: Story = {
  play: playOn('my-work', async ({ root }) => {
    await loaded(root);
  }),
};

/** Newest first, as the API pages them; the stats strip counts them all. */
export const Full: Story = {
  play: playOn('my-work', async ({ root }) => {
    const page = await apiGet<JobsPage>('/api/v1/jobs?limit=50');
    await waitFor(() => expect(stat(root, 'total')).toBe(String(page.total)), SLOW);
    await waitFor(() => expect(items(root).length).toBeGreaterThan(3), SLOW);
    items(root).forEach((item, i) => {
      expect(item.dataset.id).toBe(page.jobs[i]!.id);
      expect(item.querySelector('[part~=badge]')?.getAttribute('data-status')).toBe(page.jobs[i]!.status);
    });
  }),
};

/** Before the first page arrives. */
export const Loading: Story = {
  ...loadingStory('my-work', ({ root }) => {
    expect(textOf(root.querySelector('.loading'))).toBe('Loading your work');
    expect(stat(root, 'total')).toBe('–');
    expect(items(root)).toHaveLength(0);
  }),
};

/** Nothing yet (a fresh anonymous session): the default sentence. */
export const Empty: Story = {
  ...emptyStory('my-work', async ({ root }) => {
    expect(textOf(await expectShown(root, '[part=empty]'))).toBe('Nothing generated yet. Everything you make in any app shows up here.');
  }),
};

/** The same, with the host's call to action in the `empty` slot. */
export const EmptyWithCallToAction: Story = { ...callToActionStory('my-work', 'Start with a video in Video Mixer →') };

/** The API refused the token (401): a message and a retry button. */
export const ErrorState: Story = {
  name: 'Error',
  ...errorStory('my-work', async ({ root }) => {
    await expectShown(root, '[part=retry-button]');
    expect(textOf(root.querySelector('[part=error] span'))).toBe('Sign in to see your work.');
  }),
};

/** Queued and processing jobs show their progress; the element polls every `poll-interval` ms while they run. */
export const InProgress: Story = {
  args: { 'poll-interval': 1000, filters: filters({ status: 'processing' }) },
  play: playOn('my-work', async ({ root }) => {
    await loaded(root);
    for (const item of items(root)) {
      expect(item.querySelector('[part~=badge]')?.getAttribute('data-status')).toBe('processing');
      expect(item.querySelector('[part=progress]')?.getAttribute('role')).toBe('progressbar');
    }
    await waitFor(() => expect(Number(stat(root, 'processing'))).toBeGreaterThan(0), SLOW);
  }),
};

/** Started filtered (`filters`): only the failed jobs, as many as the API counts. */
export const Filtered: Story = {
  args: { filters: filters({ status: 'failed' }) },
  play: playOn('my-work', async ({ root }) => {
    const page = await apiGet<JobsPage>('/api/v1/jobs?status=failed&limit=50');
    await waitFor(() => expect(items(root)).toHaveLength(page.jobs.length), SLOW);
    for (const item of items(root)) expect(item.querySelector('[part~=badge]')?.getAttribute('data-status')).toBe('failed');
  }),
};

/** `view="list"`: one job per row. */
export const ListView: Story = {
  args: { view: 'list' },
  play: playOn('my-work', async ({ el, root }) => {
    await waitFor(() => expect(items(root).length).toBeGreaterThan(1), SLOW);
    expect(el.getAttribute('view')).toBe('list');
    expect(root.querySelector('.view-list')?.getAttribute('aria-pressed')).toBe('true');
    const [a, b] = items(root);
    expect(b!.getBoundingClientRect().top).toBeGreaterThan(a!.getBoundingClientRect().top);
  }),
};

/** Click selects one, ctrl/cmd-click adds, shift-click a range; the bar offers download, delete and "select all N matching". */
export const Selection: Story = {
  play: playOn('my-work', async ({ root }) => {
    await waitFor(() => expect(items(root).length).toBeGreaterThan(4), SLOW);
    const user = userEvent.setup();
    const at = (i: number) => items(root)[i]!;
    await user.click(at(0));
    await user.keyboard('{Control>}');
    await user.click(at(2));
    await user.keyboard('{/Control}{Shift>}');
    await user.click(at(4));
    await user.keyboard('{/Shift}');
    await waitFor(() => expect(textOf(root.querySelector('[part=selection-bar] .count'))).toBe('4 selected'), SLOW);
    expect(selected(root).map((i) => i.dataset.index)).toEqual(['0', '2', '3', '4']);
    expect(root.querySelector('[part=selection-bar] .select-all')).toBeTruthy();
  }),
};

/** A bulk download as one ZIP under way: files and bytes so far, and Cancel. (Written to a slow stand-in disk.) */
export const Downloading: Story = {
  args: { filters: filters({ status: 'completed' }) },
  beforeEach: slowDisk,
  play: playOn('my-work', async ({ root }) => {
    await waitFor(() => expect(items(root).length).toBeGreaterThan(3), SLOW);
    const user = userEvent.setup();
    await user.click(items(root)[0]!);
    await user.keyboard('{Shift>}');
    await user.click(items(root)[3]!);
    await user.keyboard('{/Shift}');
    await user.click(root.querySelector<HTMLButtonElement>('.bulk-download')!);
    await waitFor(() => expect(textOf(root.querySelector('.download-progress span'))).toMatch(/^\d+ of \d+ files · .+ of .+$/), SLOW);
    expect(root.querySelector('.download-progress progress')).toBeTruthy();
    expect(root.querySelector('.cancel-download')?.textContent).toBe('Cancel');
  }),
};

/** `theme="light"`. */
export const Light: Story = { ...themeStory('light', 'my-work', firstItem, loaded) };

/** `theme="dark"`, the default. */
export const Dark: Story = { ...themeStory('dark', 'my-work', firstItem, loaded) };
