import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import { formatBytes, formatNumber } from '../widgets/base/format.ts';
import type { InsightChart, InsightStats } from '../widgets/base/types.ts';
import type { UsageInsights } from '../widgets/usage-insights/usage-insights.ts';
import { apiGet, elementArgs, elementMeta, emptyStory, errorStory, expectShown, loadingStory, playOn, pressKey, SLOW, textOf, themeStory } from './story-env.ts';

const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
const points = (root: ShadowRoot) => [...root.querySelectorAll<SVGElement>('[part=point]')];
const tileValue = (root: ShadowRoot, tile: string) => textOf(root.querySelector(`[data-tile=${tile}] .value`));
const firstTile = (root: ShadowRoot) => root.querySelector('[part~=tile]');
/** Until the numbers and the chart are in. */
const loaded = (root: ShadowRoot) =>
  waitFor(() => {
    expect(root.querySelector('[part=base]')?.getAttribute('aria-busy')).toBe('false');
    expect(points(root).length + root.querySelectorAll('[part=table]').length).toBeGreaterThan(0);
  }, SLOW);
/** The locale the element formats with (its `locale`, else the nearest `lang`, else the browser's). */
const localeOf = (el: HTMLElement & { locale?: string }) => el.locale || el.closest('[lang]')?.getAttribute('lang') || undefined;

/** YYYY-MM-DD of the local day `daysAgo` days before today. */
function localDay(daysAgo: number): string {
  const d = new Date();
  d.setDate(d.getDate() - daysAgo);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * The tiles show the API's totals for the same period (`query`: `days=…` or `start_date…`, in the
 * browser's time zone) and the chart one point per day of the API's series.
 */
const matchesApi = (query: string, days: number) =>
  playOn<UsageInsights>('usage-insights', async ({ el, root }) => {
    const q = `${query}&tz=${encodeURIComponent(tz)}`;
    const [stats, chart] = await Promise.all([apiGet<InsightStats>(`/api/v1/insights/stats?${q}`), apiGet<InsightChart>(`/api/v1/insights/charts?metric=views&${q}`)]);
    expect(chart.series).toHaveLength(days);
    await loaded(root);
    await waitFor(() => expect(points(root)).toHaveLength(days), SLOW);
    const locale = localeOf(el);
    const c = stats.current;
    expect({
      views: tileValue(root, 'views'),
      clicks: tileValue(root, 'clicks'),
      downloads: tileValue(root, 'downloads'),
      generations: tileValue(root, 'generations'),
      storage_used: tileValue(root, 'storage_used'),
    }).toEqual({
      views: formatNumber(c.views, locale, { maximumFractionDigits: 2 }),
      clicks: formatNumber(c.clicks, locale, { maximumFractionDigits: 2 }),
      downloads: formatNumber(c.downloads, locale, { maximumFractionDigits: 2 }),
      generations: formatNumber(c.generations.total, locale),
      storage_used: formatBytes(c.storage_used, locale),
    });
    // The demo user's two months of events: every period changes against the one before.
    expect(root.querySelector('[data-tile=views] [part=change]')?.getAttribute('data-trend')).toMatch(/^(up|down|flat|new)$/);
    points(root).forEach((p, i) => expect(p.getAttribute('aria-label')).toContain(`: ${formatNumber(chart.series[i]!.value, locale, { maximumFractionDigits: 2 })} views`));
  });

/**
 * `<usage-insights>` is the user's Insights page (seed 004): how their generated assets do with
 * other people over the last 7, 30 or 90 days or a custom from–to, counted in the browser's time
 * zone. Ten tiles with their change against the previous period, a daily chart drawn as SVG (a
 * metric picker, every day focusable with its tooltip, "Show as table"), the top assets (opening
 * `<media-preview>`) and generations by app and status.
 *
 * Every story reads the real genshelf API (see stories/story-env.ts): the full states are the
 * sample data's user, with two months of views, clicks, downloads, shares and conversions.
 */
const meta: Meta = {
  title: 'Elements/usage-insights',
  component: 'usage-insights',
  ...elementMeta,
  argTypes: {
    ...elementMeta.argTypes,
    period: { control: 'inline-radio', options: ['7', '30', '90', 'custom'] },
    metric: { control: 'select', options: ['views', 'clicks', 'downloads', 'shares', 'conversions', 'generations', 'credits_used'] },
  },
  render: (args, context) => html`<usage-insights
    ${elementArgs(args, context)}
    period=${args.period ?? nothing}
    from=${args.from ?? nothing}
    to=${args.to ?? nothing}
    metric=${args.metric ?? nothing}
    time-zone=${args['time-zone'] ?? nothing}
    @gs-error=${args.onGsError}
  ></usage-insights>`,
};
export default meta;
type Story = StoryObj;

/** Every control at hand, on the sample data's user. */
export const Playground: Story = {
  play: playOn('usage-insights', async ({ root }) => {
    await loaded(root);
  }),
};

/** The last 7 days (today included), against the 7 before. */
export const Last7Days: Story = {
  name: 'Last 7 days',
  args: { period: '7' },
  play: matchesApi('days=7', 7),
};

/** The last 30 days, the default. */
export const Last30Days: Story = {
  name: 'Last 30 days (full)',
  args: { period: '30' },
  play: matchesApi('days=30', 30),
};

/** The last 90 days: the points get smaller, the ticks sparser. */
export const Last90Days: Story = {
  name: 'Last 90 days',
  args: { period: '90' },
  play: matchesApi('days=90', 90),
};

const customFrom = localDay(44);
const customTo = localDay(15);

/** `period="custom"` with `from` and `to` (local days, both included): here 30 days ending a fortnight ago. */
export const Custom: Story = {
  name: 'Custom from–to',
  args: { period: 'custom', from: customFrom, to: customTo },
  play: async (context) => {
    await matchesApi(`start_date=${customFrom}&end_date=${customTo}`, 30)(context);
    const root = context.canvasElement.querySelector('usage-insights')!.shadowRoot!;
    expect([...root.querySelectorAll<HTMLInputElement>('[part=date-input]')].map((i) => i.value)).toEqual([customFrom, customTo]);
    expect(root.querySelector('[part=period-button][aria-pressed=true]')?.textContent?.trim()).toBe('Custom');
  },
};

/** Another metric (`metric="downloads"`), shown as a table: the same numbers as the chart, for screen readers and for reading. */
export const AsTable: Story = {
  name: 'Downloads as a table',
  args: { metric: 'downloads' },
  play: playOn<UsageInsights>('usage-insights', async ({ el, root }) => {
    const chart = await apiGet<InsightChart>(`/api/v1/insights/charts?metric=downloads&days=30&tz=${encodeURIComponent(tz)}`);
    await loaded(root);
    await userEvent.click(root.querySelector<HTMLButtonElement>('[part=table-toggle]')!);
    await waitFor(() => expect(root.querySelector('[part=table]')).toBeTruthy(), SLOW);
    const cells = [...root.querySelectorAll('[part=table] tbody td')].map((td) => textOf(td));
    expect(cells).toEqual(chart.series.map((d) => formatNumber(d.value, localeOf(el), { maximumFractionDigits: 2 })));
    expect(textOf(root.querySelector('[part=table-toggle]'))).toBe('Show as chart');
  }),
};

/** A day focused by keyboard shows its tooltip, as on hover (←/→, Home/End, PageUp/PageDown move). */
export const FocusedDay: Story = {
  name: 'A day focused',
  play: playOn('usage-insights', async ({ root }) => {
    await loaded(root);
    const tabbable = points(root).filter((p) => p.getAttribute('tabindex') === '0');
    expect(tabbable).toHaveLength(1);
    tabbable[0]!.focus();
    pressKey(tabbable[0]!, 'End');
    const last = points(root).at(-1)!;
    await waitFor(() => expect(last.hasAttribute('data-active')).toBe(true), SLOW);
    expect(root.activeElement).toBe(last);
    const tooltip = await expectShown(root, '[part=tooltip]');
    expect(textOf(tooltip)).toContain(' views');
    expect(last.getAttribute('aria-label')).toContain(textOf(tooltip.querySelector('strong')));
  }),
};

/** Before the first answer: skeleton tiles and chart, `aria-busy`, and "Loading insights" for screen readers. */
export const Loading: Story = {
  ...loadingStory('usage-insights', ({ root }) => {
    expect(root.querySelector('[part=base]')?.getAttribute('aria-busy')).toBe('true');
    expect(root.querySelectorAll('[part~=tile] .skeleton')).toHaveLength(10);
    expect(textOf(root.querySelector('[part=base] > [role=status]'))).toBe('Loading insights');
  }),
};

/** Nothing yet (a fresh anonymous session): zeros, a chart on its baseline with a note, and empty lists that say why. */
export const Empty: Story = {
  ...emptyStory('usage-insights', async ({ root }) => {
    await loaded(root);
    expect(textOf(root.querySelector('.empty-note'))).toBe('No views in this period yet.');
    expect(tileValue(root, 'views')).toBe('0');
    expect(root.querySelector('[data-tile=views] [part=change]')?.getAttribute('data-trend')).toBe('none');
    await waitFor(() => expect(textOf(root.querySelector('[part=top-assets] p'))).toBe('Nothing yet: assets show up here once people view, download or buy through them.'), SLOW);
    expect(textOf(root.querySelector('[part=bars] p'))).toBe('No generations in this period.');
  }),
};

/** The API refused the token (401): a message and Retry. */
export const ErrorState: Story = {
  name: 'Error',
  ...errorStory('usage-insights', async ({ root }) => {
    await expectShown(root, '[part=retry-button]');
    expect(textOf(root.querySelector('[part=error] span'))).toBe('Sign in to see your insights.');
  }),
};

/** `theme="light"`. */
export const Light: Story = { ...themeStory('light', 'usage-insights', firstTile, loaded) };

/** `theme="dark"`, the default. */
export const Dark: Story = { ...themeStory('dark', 'usage-insights', firstTile, loaded) };
