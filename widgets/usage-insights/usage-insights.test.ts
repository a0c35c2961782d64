import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import { formatBytes, formatNumber } from '../base/format.ts';
import type { InsightChart, InsightStats, TopAsset } from '../base/types.ts';
import type { MediaPreview } from '../media-preview/media-preview.ts';
import { apiGet, chooseOption, env, eventually, finishedJob, makeUser, press, shadow, text, type User, userClick, userHover } from '../test/fixtures.ts';
import './define.ts';
import type { UsageInsights } from './usage-insights.ts';

const DAY = 86_400_000;
const $ = <T extends Element = HTMLElement>(el: UsageInsights, selector: string) => shadow(el).querySelector<T>(selector)!;
const $$ = (el: UsageInsights, selector: string) => [...shadow(el).querySelectorAll<HTMLElement>(selector)];
const tile = (el: UsageInsights, name: string) => $(el, `[data-tile=${name}]`);
const tileValue = (el: UsageInsights, name: string) => text(tile(el, name).querySelector('.value'));
const trend = (el: UsageInsights, name: string) => tile(el, name).querySelector<HTMLElement>('[part=change]')!.dataset.trend;
const shownChange = (el: UsageInsights, name: string) => text(tile(el, name).querySelector('[part=change] span[aria-hidden=true]'));
const points = (el: UsageInsights) => $$(el, '[part=point]');
const loaded = (el: UsageInsights) =>
  eventually(() => {
    expect($(el, '[part=base]').getAttribute('aria-busy')).to.equal('false');
    expect(points(el).length + $$(el, '[part=table]').length).to.be.above(0);
  });
const tz = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const num = (n: number, o?: Intl.NumberFormatOptions) => formatNumber(n, 'en', o);
const pct = (n: number) => num(Math.abs(n), { style: 'percent', maximumFractionDigits: 1 });

/** Sets a date input as a date picker does (its value, then `change`). */
async function pickDate(input: HTMLInputElement, value: string) {
  input.focus();
  input.value = value;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/** POST /api/v1/events as `user` (what a host records), answering how many were recorded. */
async function record(user: User, events: { asset_id: string; type: string; at?: string }[]) {
  for (let i = 0; i < events.length; i += 100) {
    const res = await fetch(`${env.api}/api/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ events: events.slice(i, i + 100) }),
    });
    expect(res.status, await res.clone().text()).to.equal(200);
  }
}

async function mount(user: User, attrs = '') {
  const el = await fixture<UsageInsights>(html`<usage-insights api=${env.api} token=${user.token} locale="en" style="width: 1100px" ${attrs}></usage-insights>`);
  await loaded(el);
  return el;
}

/** Every tile's number as the API gives it, formatted as the tile shows it. */
function expectTilesMatch(el: UsageInsights, stats: InsightStats) {
  const c = stats.current;
  const rate = (r: number | null) => (r === null ? '–' : num(r, { style: 'percent', maximumFractionDigits: 1 }));
  expect({
    views: tileValue(el, 'views'),
    clicks: tileValue(el, 'clicks'),
    ctr: tileValue(el, 'ctr'),
    downloads: tileValue(el, 'downloads'),
    shares: tileValue(el, 'shares'),
    conversions: tileValue(el, 'conversions'),
    conversion_rate: tileValue(el, 'conversion_rate'),
    generations: tileValue(el, 'generations'),
    credits_used: tileValue(el, 'credits_used'),
    storage_used: tileValue(el, 'storage_used'),
  }).to.deep.equal({
    views: num(c.views),
    clicks: num(c.clicks),
    ctr: rate(c.ctr),
    downloads: num(c.downloads),
    shares: num(c.shares),
    conversions: num(c.conversions),
    conversion_rate: rate(c.conversion_rate),
    generations: num(c.generations.total),
    credits_used: num(c.credits_used, { maximumFractionDigits: 2 }),
    storage_used: formatBytes(c.storage_used, 'en'),
  });
  for (const [key, change] of Object.entries(stats.change)) {
    if (change === null) continue;
    expect(shownChange(el, key), key).to.equal(`${change > 0 ? '+' : change < 0 ? '−' : ''}${pct(change)}`);
    expect(trend(el, key), key).to.equal(change > 0 ? 'up' : change < 0 ? 'down' : 'flat');
  }
}

/** The chart's points, as their labels read: the value of each day. */
const pointValues = (el: UsageInsights) => points(el).map((p) => Number(/: ([\d,.]+) /.exec(p.getAttribute('aria-label')!)![1]!.replaceAll(',', '')));

describe('<usage-insights>', () => {
  let user: User;
  let assets: string[];
  const now = Date.now();

  before(async () => {
    // A user whose assets were seen over the last two months, as a host records it.
    user = await makeUser();
    const a = await finishedJob(user, [{ title: 'Mug banner' }, { text: 'Sip slowly.', title: 'Mug copy' }], { app_id: 'product-studio' });
    const b = await finishedJob(user, [{ title: 'Reel cover' }], { app_id: 'video-mixer' });
    assets = [...a.assetIds, ...b.assetIds];
    const events: { asset_id: string; type: string; at?: string }[] = [];
    const at = (daysAgo: number, hour = 3) => new Date(now - daysAgo * DAY - hour * 3_600_000).toISOString();
    for (let d = 0; d < 60; d++) {
      const views = d < 30 ? 5 + (d % 4) : 2 + (d % 3);
      for (let i = 0; i < views; i++) events.push({ asset_id: assets[i % 3]!, type: 'view', at: at(d) });
      if (d % 3 === 0) events.push({ asset_id: assets[0]!, type: 'click', at: at(d) });
      if (d % 10 === 0) events.push({ asset_id: assets[2]!, type: 'download', at: at(d) });
      if (d < 30 && d % 15 === 0) events.push({ asset_id: assets[0]!, type: 'conversion', at: at(d) });
    }
    // Shares only in the previous 30 days: a fall to zero.
    events.push({ asset_id: assets[1]!, type: 'share', at: at(40) }, { asset_id: assets[1]!, type: 'share', at: at(45) });
    await record(user, events);
  });

  // The API’s numbers for the last 30 days in the browser’s time zone, with their change.
  it('renders', async () => {
    const el = await mount(user);
    const stats = await apiGet<InsightStats>(`/api/v1/insights/stats?days=30&tz=${encodeURIComponent(tz())}`, user.token);
    expectTilesMatch(el, stats);
    expect(stats.current.views).to.be.above(stats.previous.views);
    expect(trend(el, 'views')).to.equal('up');
    expect(trend(el, 'shares')).to.equal('down');
    expect(shownChange(el, 'shares')).to.equal('−100%');
    expect(trend(el, 'conversions')).to.equal('new');
    expect(shownChange(el, 'conversions')).to.equal('New');
    const chart = await apiGet<InsightChart>(`/api/v1/insights/charts?metric=views&days=30&tz=${encodeURIComponent(tz())}`, user.token);
    expect(pointValues(el)).to.deep.equal(chart.series.map((d) => d.value));
    expect(text($(el, '.note'))).to.include(`Days in ${tz()}`);
  });

  // Full, as a table, with a custom period, and loading.
  it('is accessible', async () => {
    const el = await mount(user);
    await expect(el).to.be.accessible();
    await userClick($(el, '[part=table-toggle]'));
    await expect(el).to.be.accessible();
    await userClick($$(el, '[part=period-button]').at(-1)!);
    await loaded(el);
    await expect(el).to.be.accessible();
    const loading = await fixture<UsageInsights>(html`<usage-insights api=${env.api} .tokenProvider=${() => new Promise<string>(() => {})}></usage-insights>`);
    expect($(loading, '[part=base]').getAttribute('aria-busy')).to.equal('true');
    expect(text($(loading, '[role=status]'))).to.equal('Loading insights');
    await expect(loading).to.be.accessible();
  });

  for (const days of [7, 30, 90]) it(`the ${days}-day period shows the API’s numbers for the same days`, async () => {
    const el = await mount(user);
    const sent: string[] = [];
    const realFetch = globalThis.fetch;
    const spy = sinon.stub(globalThis, 'fetch').callsFake((input, init) => (sent.push(String(input)), realFetch(input, init)));
    try {
      await userClick($$(el, '[part=period-button]').find((b) => text(b) === `${days} days`)!);
      await eventually(() => expect(points(el)).to.have.length(days));
    } finally {
      spy.restore();
    }
    if (days !== 30) expect(sent.some((u) => u.includes(`/api/v1/insights/stats?days=${days}&tz=${encodeURIComponent(tz())}`))).to.equal(true);
    await eventually(async () => expectTilesMatch(el, await apiGet<InsightStats>(`/api/v1/insights/stats?days=${days}&tz=${encodeURIComponent(tz())}`, user.token)));
    const chart = await apiGet<InsightChart>(`/api/v1/insights/charts?metric=views&days=${days}&tz=${encodeURIComponent(tz())}`, user.token);
    expect(pointValues(el)).to.deep.equal(chart.series.map((d) => d.value));
    expect($$(el, '[part=period-button]').find((b) => b.getAttribute('aria-pressed') === 'true')).to.equal($$(el, '[part=period-button]').find((b) => text(b) === `${days} days`));
  });

  it('a custom from–to shows the API’s numbers for those days; an impossible range is refused at the inputs', async () => {
    const el = await mount(user);
    await userClick($$(el, '[part=period-button]').at(-1)!);
    const [from, to] = $$(el, '[part=date-input]') as HTMLInputElement[];
    const day = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString().slice(0, 10);
    await pickDate(from!, day(20));
    await pickDate(to!, day(10));
    await eventually(() => expect(points(el)).to.have.length(11));
    const q = `start_date=${day(20)}&end_date=${day(10)}&tz=${encodeURIComponent(tz())}`;
    await eventually(async () => expectTilesMatch(el, await apiGet<InsightStats>(`/api/v1/insights/stats?${q}`, user.token)));
    const chart = await apiGet<InsightChart>(`/api/v1/insights/charts?metric=views&${q}`, user.token);
    expect(pointValues(el)).to.deep.equal(chart.series.map((d) => d.value));
    expect(el.from).to.equal(day(20));

    await pickDate(from!, day(5));
    expect(text($(el, '#range-error'))).to.match(/^Choose a start on or before the end/);
    expect(from!.getAttribute('aria-invalid')).to.equal('true');
    expect(el.from).to.equal(day(20));
  });

  it('the metric switcher redraws the chart from the API', async () => {
    const el = await mount(user);
    const select = $<HTMLSelectElement>(el, '[part=metric-select]');
    await chooseOption(select, 'clicks');
    await eventually(() => expect(text($(el, '#chart-title'))).to.equal('Daily clicks'));
    const chart = await apiGet<InsightChart>(`/api/v1/insights/charts?metric=clicks&days=30&tz=${encodeURIComponent(tz())}`, user.token);
    await eventually(() => expect(pointValues(el)).to.deep.equal(chart.series.map((d) => d.value)));
  });

  it('every point has its tooltip on keyboard focus and on hover', async () => {
    const el = await mount(user);
    const chart = await apiGet<InsightChart>(`/api/v1/insights/charts?metric=views&days=30&tz=${encodeURIComponent(tz())}`, user.token);
    const tip = () => text($(el, '[part=tooltip]'));
    const long = (date: string) => new Intl.DateTimeFormat('en', { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
    expect($(el, '[part=tooltip]')).to.equal(null);
    // Tab into the chart: one point is in the tab order.
    $(el, '[part=metric-select]').focus();
    await press('Tab', 'Tab');
    expect(shadow(el).activeElement).to.equal(points(el)[0]);
    await eventually(() => expect(tip()).to.equal(`${long(chart.series[0]!.date)} ${num(chart.series[0]!.value)} views`));
    await press('End');
    expect(shadow(el).activeElement).to.equal(points(el).at(-1));
    await eventually(() => expect(tip()).to.equal(`${long(chart.series.at(-1)!.date)} ${num(chart.series.at(-1)!.value)} views`));
    await press('ArrowLeft', 'ArrowLeft');
    expect(shadow(el).activeElement).to.equal(points(el).at(-3));
    await press('PageUp');
    expect(shadow(el).activeElement).to.equal(points(el).at(-10));
    await press('Home');
    expect(shadow(el).activeElement).to.equal(points(el)[0]);
    // Every point: its label and its tooltip.
    for (let i = 0; i < chart.series.length; i++) {
      const d = chart.series[i]!;
      expect(points(el)[i]!.getAttribute('aria-label')).to.equal(`${long(d.date)}: ${num(d.value)} views`);
      if (i) await press('ArrowRight');
      await eventually(() => expect(tip()).to.equal(`${long(d.date)} ${num(d.value)} views`));
    }
    (shadow(el).activeElement as HTMLElement).blur();
    await userHover(points(el)[4]!.querySelector('rect')!);
    await eventually(() => expect(tip()).to.equal(`${long(chart.series[4]!.date)} ${num(chart.series[4]!.value)} views`));
  });

  it('"Show as table" carries the same numbers', async () => {
    const el = await mount(user);
    const chart = await apiGet<InsightChart>(`/api/v1/insights/charts?metric=views&days=30&tz=${encodeURIComponent(tz())}`, user.token);
    const toggle = $(el, '[part=table-toggle]');
    toggle.focus();
    await press('Enter');
    expect(toggle.getAttribute('aria-pressed')).to.equal('true');
    const rows = $$(el, '[part=table] tbody tr');
    expect(rows.map((r) => text(r.querySelector('td')))).to.deep.equal(chart.series.map((d) => num(d.value)));
    expect($$(el, '[part=table] thead th').map((th) => text(th))).to.deep.equal(['Date', 'Views']);
    await press('Enter');
    expect(points(el)).to.have.length(30);
  });

  it('a user with nothing yet: zero-filled chart on its baseline, "–" changes, empty lists', async () => {
    const el = await mount(await makeUser());
    expect(pointValues(el)).to.deep.equal(Array(30).fill(0));
    const ys = new Set(points(el).map((p) => p.querySelector('circle')!.getAttribute('cy')));
    expect(ys.size).to.equal(1);
    expect(text($(el, '.empty-note'))).to.equal('No views in this period yet.');
    expect(tileValue(el, 'views')).to.equal('0');
    expect(tileValue(el, 'ctr')).to.equal('–');
    expect(shownChange(el, 'views')).to.equal('–');
    expect(trend(el, 'views')).to.equal('none');
    await eventually(() => expect(text($(el, '[part=top-assets] p'))).to.match(/^Nothing yet/));
    expect(text($(el, '[part=bars] p'))).to.equal('No generations in this period.');
    await expect(el).to.be.accessible();
  });

  it('top assets are the API’s and open in <media-preview>', async () => {
    const el = await mount(user);
    const top = await apiGet<{ assets: TopAsset[] }>('/api/v1/insights/top-assets?metric=views&limit=5', user.token);
    await eventually(() => expect($$(el, '[part=asset]').length).to.be.above(0));
    const viewed = $$(el, '[aria-labelledby=top-views] [part=asset]');
    expect(viewed.map((b) => text(b.querySelector('.asset-value')))).to.deep.equal(top.assets.map((a) => `${num(a.value)} views`));
    viewed[0]!.focus();
    await press('Enter');
    const preview = $<MediaPreview>(el, 'media-preview');
    await eventually(() => expect(preview.open).to.equal(true));
    expect(preview.items.map((i) => i.id)).to.deep.equal(top.assets.map((a) => a.id));
    await press('Escape');
    await eventually(() => expect(preview.open).to.equal(false));
  });

  it('generations by app and by status are the API’s', async () => {
    const el = await mount(user);
    const stats = await apiGet<InsightStats>(`/api/v1/insights/stats?days=30&tz=${encodeURIComponent(tz())}`, user.token);
    const bars = Object.fromEntries($$(el, '[part=bar]').map((b) => [b.dataset.key, text(b.querySelector('.bar-value'))]));
    const expected = { ...stats.current.generations.by_app, ...Object.fromEntries(Object.entries(stats.current.generations.by_status).filter(([, n]) => n > 0)) };
    expect(bars).to.deep.equal(Object.fromEntries(Object.entries(expected).map(([k, n]) => [k, num(n)])));
  });

  it('counts days in the time zone it is given', async () => {
    const el = await mount(user, '');
    el.timeZone = 'Pacific/Kiritimati';
    await eventually(async () => {
      const chart = await apiGet<InsightChart>('/api/v1/insights/charts?metric=views&days=30&tz=Pacific%2FKiritimati', user.token);
      expect(pointValues(el)).to.deep.equal(chart.series.map((d) => d.value));
      expectTilesMatch(el, await apiGet<InsightStats>('/api/v1/insights/stats?days=30&tz=Pacific%2FKiritimati', user.token));
    });
  });

  it('shows the storage quota under the storage figure when the owner has one', async () => {
    // Users have none by default; anonymous sessions have QUOTA_BYTES_ANON.
    const el = await mount(user);
    expect(tile(el, 'storage_used').querySelector('[part=quota]')).to.equal(null);
    const anon = await fixture<UsageInsights>(html`<usage-insights api=${env.api} anonymous locale="en"></usage-insights>`);
    await loaded(anon);
    const { token } = JSON.parse(localStorage.getItem(`genshelf.anonymous-session:${env.api}`)!) as { token: string };
    const usage = await apiGet<{ quota_bytes: number | null }>('/api/v1/usage', token);
    expect(usage.quota_bytes).to.be.a('number');
    expect(text(tile(anon, 'storage_used').querySelector('[part=quota]'))).to.equal(`of ${formatBytes(usage.quota_bytes!, 'en')}`);
  });

  it('shows an error with Retry', async () => {
    const el = await fixture<UsageInsights>(html`<usage-insights api=${env.api} token="not-a-token"></usage-insights>`);
    await eventually(() => expect($(el, '[part=error]')).not.to.equal(null));
    expect(text($(el, '[part=error]'))).to.equal('Sign in to see your insights. Retry');
    await expect(el).to.be.accessible();
    el.token = user.token;
    await loaded(el);
  });
});
