import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { expect, fn, userEvent, waitFor } from 'storybook/test';
import { apiGet, callToActionStory, elementArgs, elementMeta, emptyStory, errorStory, expectShown, loadingStory, playOn, SLOW, textOf, themeStory } from './story-env.ts';
import type { GenerationItem } from '../widgets/base/types.ts';

const rows = (root: ShadowRoot) => [...root.querySelectorAll<HTMLElement>('[part=item]')];
/** Until the five latest are listed. */
const loaded = (root: ShadowRoot) => waitFor(() => expect(rows(root)).toHaveLength(5), SLOW);
const base = (root: ShadowRoot) => root.querySelector('[part=base]');

/**
 * `<recent-work>` lists the user's five latest generations across every app — app colour and
 * icon (or the thumbnail), project, status, time — with a quick download for finished work, and
 * fires `gs-open` when one is opened (or follows `href-template`). Put it on a dashboard; fill the
 * `empty` slot with your own call to action.
 *
 * Every story reads the real genshelf API (see .storybook/story-env.ts): the full state is the
 * sample data's user, whose newest jobs are still queued and processing.
 */
const meta: Meta = {
  title: 'Elements/recent-work',
  component: 'recent-work',
  ...elementMeta,
  render: (args, context) => html`<recent-work
    ${elementArgs(args, context)}
    href-template=${args['href-template'] ?? nothing}
    poll-interval=${args['poll-interval'] ?? nothing}
    @gs-open=${args.onGsOpen}
    @gs-error=${args.onGsError}
    >${args.empty ? html`<div slot="empty">${args.empty}</div>` : nothing}</recent-work
  >`,
};
export default meta;
type Story = StoryObj;

/** Every control at hand, on the sample data's user. */
export const Playground: Story = {
  play: playOn('recent-work', async ({ root }) => {
    await loaded(root);
  }),
};

/** The five latest, in the API's order, each with its app, project, status and — when finished — a download button. */
export const Full: Story = {
  play: playOn('recent-work', async ({ root }) => {
    const { generations } = await apiGet<{ generations: GenerationItem[] }>('/api/generations/recent');
    await loaded(root);
    rows(root).forEach((row, i) => {
      const g = generations[i]!;
      expect(row.dataset.id).toBe(g.id);
      expect(textOf(row.querySelector('[part=open]'))).toBe(g.projectName);
      expect(textOf(row.querySelector('[part=meta]'))).toContain(g.appName);
      expect(!!row.querySelector('[part=download-button]')).toBe((g.status === 'completed' || g.status === 'partial') && g.fileCount > 0);
    });
  }),
};

/** Before the first answer: five placeholder rows, `aria-busy`. */
export const Loading: Story = {
  ...loadingStory('recent-work', ({ root }) => {
    expect(root.querySelector('[part=list]')?.getAttribute('aria-busy')).toBe('true');
    expect(root.querySelectorAll('.placeholder')).toHaveLength(5);
    expect(textOf(root.querySelector('[role=status]'))).toBe('Loading recent work');
  }),
};

/** Nothing generated yet (a fresh anonymous session): the default sentence. */
export const Empty: Story = {
  ...emptyStory('recent-work', async ({ root }) => {
    expect(textOf(await expectShown(root, '[part=empty]'))).toBe('Nothing generated yet. Your latest generations will show up here.');
  }),
};

/** The same, with the host's call to action in the `empty` slot. */
export const EmptyWithCallToAction: Story = { ...callToActionStory('recent-work', 'Make your first video in Video Mixer →') };

/** The API refused the token (401): a message and a retry button; `gs-error` tells the host. */
export const ErrorState: Story = {
  name: 'Error',
  ...errorStory(
    'recent-work',
    async ({ root }, { args }) => {
      await expectShown(root, '[part=retry-button]');
      expect(textOf(root.querySelector('[part=error] span'))).toBe('Sign in to see your work.');
      expect(args.onGsError).toHaveBeenCalled();
    },
    { onGsError: fn() },
  ),
};

/** The newest generations are still running: processing and queued badges, no download yet; the element polls until they finish. */
export const InProgress: Story = {
  args: { 'poll-interval': 1000 },
  play: playOn('recent-work', async ({ root }) => {
    await loaded(root);
    const running = rows(root).filter((row) => row.querySelector('[part~=badge-processing], [part~=badge-queued]'));
    expect(running.length).toBeGreaterThan(0);
    for (const row of running) expect(row.querySelector('[part=download-button]')).toBeNull();
  }),
};

/** With `href-template` each project is a link; `gs-open` fires first and can cancel it. */
export const Links: Story = {
  args: { 'href-template': '#/work/{id}', onGsOpen: fn((e: Event) => e.preventDefault()) },
  play: playOn('recent-work', async ({ root }, { args }) => {
    await loaded(root);
    const link = rows(root)[0]!.querySelector<HTMLAnchorElement>('a[part=open]')!;
    expect(link.getAttribute('href')).toBe(`#/work/${rows(root)[0]!.dataset.id}`);
    await userEvent.click(link);
    expect(args.onGsOpen).toHaveBeenCalledTimes(1);
  }),
};

/** `theme="light"`. */
export const Light: Story = { ...themeStory('light', 'recent-work', base, loaded) };

/** `theme="dark"`, the default. */
export const Dark: Story = { ...themeStory('dark', 'recent-work', base, loaded) };
