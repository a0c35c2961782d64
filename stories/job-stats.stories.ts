import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { expect, waitFor } from 'storybook/test';
import { apiGet, elementArgs, elementMeta, emptyStory, errorStory, expectShown, loadingStory, playOn, SLOW, textOf, themeStory } from './story-env.ts';
import type { JobStatsData } from '../widgets/base/types.ts';

const cards = ['total', 'completed', 'processing', 'queued', 'failed', 'partial'] as const;
const valueOf = (root: ShadowRoot, card: string) => textOf(root.querySelector(`[data-card=${card}] [part=value]`));
const cardOf = (root: ShadowRoot) => root.querySelector('[part~=card]');

/**
 * `<job-stats>` shows the signed-in user's jobs by status and keeps them live while anything is
 * queued or processing. Give it the user's token (`token`, or `tokenProvider` to renew it); set
 * `api` when the genshelf API is on another origin.
 *
 * Every story reads the real genshelf API (see .storybook/story-env.ts): the full state is the
 * sample data's user.
 */
const meta: Meta = {
  title: 'Elements/job-stats',
  component: 'job-stats',
  ...elementMeta,
  render: (args, context) => html`<job-stats
    ${elementArgs(args, context)}
    poll-interval=${args['poll-interval'] ?? nothing}
    @gs-error=${args.onGsError}
  ></job-stats>`,
};
export default meta;
type Story = StoryObj;

/** Every control at hand, on the sample data's user. */
export const Playground: Story = {
  play: playOn('job-stats', async ({ root }) => {
    await waitFor(() => expect(valueOf(root, 'total')).toMatch(/^\d+$/), SLOW);
  }),
};

/** The numbers the API reports, one card per status. */
export const Full: Story = {
  play: playOn('job-stats', async ({ root }) => {
    const expected = await apiGet<JobStatsData>('/api/v1/jobs/stats');
    expect(expected.total).toBeGreaterThan(0);
    await waitFor(() => expect(valueOf(root, 'total')).toBe(String(expected.total)), SLOW);
    for (const card of cards) expect(valueOf(root, card), card).toBe(String(expected[card]));
  }),
};

/** Before the first answer: skeleton numbers, `aria-busy`, and "Loading job statistics" for screen readers. */
export const Loading: Story = {
  ...loadingStory('job-stats', ({ root }) => {
    expect(root.querySelector('[part=base]')?.getAttribute('aria-busy')).toBe('true');
    expect(root.querySelectorAll('.value-skeleton')).toHaveLength(cards.length);
    expect(textOf(root.querySelector('[role=status]'))).toBe('Loading job statistics');
  }),
};

/** A user with no jobs yet (here a fresh anonymous session): every card at 0. */
export const Empty: Story = {
  ...emptyStory('job-stats', async ({ root }) => {
    await waitFor(() => expect(valueOf(root, 'total')).toBe('0'), SLOW);
    for (const card of cards) expect(valueOf(root, card), card).toBe('0');
  }),
};

/** The API refused the token (401): a message, a retry button, and a `gs-error` event for the host. */
export const ErrorState: Story = {
  name: 'Error',
  ...errorStory('job-stats', async ({ root }) => {
    const error = await expectShown(root, '[part=error]');
    expect(textOf(error.querySelector('span'))).toBe('Sign in to see your jobs.');
    expect(root.querySelector('[part=retry-button]')?.textContent).toBe('Retry');
    expect(valueOf(root, 'total')).toBe('–');
  }),
};

/** Jobs still queued or processing: their cards are lit, and the element polls every `poll-interval` ms until they finish. */
export const InProgress: Story = {
  args: { 'poll-interval': 1000 },
  play: playOn('job-stats', async ({ root }) => {
    await waitFor(() => expect(Number(valueOf(root, 'processing'))).toBeGreaterThan(0), SLOW);
    expect(Number(valueOf(root, 'queued'))).toBeGreaterThan(0);
    expect(root.querySelector('[data-card=processing]')?.hasAttribute('data-active')).toBe(true);
  }),
};

/** `theme="light"`. */
export const Light: Story = { ...themeStory('light', 'job-stats', cardOf) };

/** `theme="dark"`, the default. */
export const Dark: Story = { ...themeStory('dark', 'job-stats', cardOf) };

/** A host's own look through the documented custom properties and parts, and Arabic numerals from `locale`. */
export const Themed: Story = {
  args: { locale: 'ar-EG' },
  decorators: [
    (story) => html`<style>
        .themed job-stats {
          --gs-job-stats-min-card-width: 11rem;
          --gs-color-surface: #20143a;
        }
        .themed job-stats::part(value) {
          font-style: italic;
        }
      </style>
      <div class="themed">${story()}</div>`,
  ],
  play: playOn('job-stats', async ({ root }) => {
    await waitFor(() => expect(valueOf(root, 'total')).toMatch(/^[٠-٩]+$/), SLOW);
    const card = root.querySelector('[part~=card]')!;
    expect(getComputedStyle(card).backgroundColor).toBe('rgb(32, 20, 58)');
    expect(getComputedStyle(root.querySelector('[part=value]')!).fontStyle).toBe('italic');
  }),
};
