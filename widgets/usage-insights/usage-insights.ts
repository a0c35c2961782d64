import { Task } from '@lit/task';
import { html, nothing, svg, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { styleMap } from '../base/style-map.ts';
import { ApiError, type ApiClient } from '../base/api-client.ts';
import { AppRegistry } from '../base/app-registry.ts';
import { errorState } from '../base/error-state.ts';
import { dateFormat, formatBytes, formatNumber, plural } from '../base/format.ts';
import { GsElement } from '../base/gs-element.ts';
import { icon } from '../base/icons.ts';
import { RovingFocusController } from '../base/roving-focus-controller.ts';
import { appColor, tokenStyles } from '../base/tokens.styles.ts';
import type { ChartMetric, InsightChart, InsightStats, InsightTotals, JobStatus, TopAsset } from '../base/types.ts';
import { definePreview, previewFor } from '../media-preview/embed.ts';
import type { MediaPreview } from '../media-preview/media-preview.ts';
import { chartBody, layout, tickIndexes } from './chart.ts';
import { styles } from './usage-insights.styles.ts';
import { defaultStrings } from './usage-insights.strings.ts';

type Tile = keyof InsightStats['change'];
const tiles: Tile[] = ['views', 'clicks', 'ctr', 'downloads', 'shares', 'conversions', 'conversion_rate', 'generations', 'credits_used', 'storage_used'];
const chartMetrics: ChartMetric[] = ['views', 'clicks', 'downloads', 'shares', 'conversions', 'generations', 'credits_used'];
const topMetrics = ['views', 'downloads', 'conversions'] as const;
const statuses: JobStatus[] = ['completed', 'processing', 'queued', 'failed', 'partial'];
const presets = [7, 30, 90] as const;
/** The longest custom period the API takes. */
const MAX_DAYS = 366;
const CHART_HEIGHT = 240;

const upIcon = icon('M10 15V5M5.5 9.5L10 5l4.5 4.5', 14);
const downIcon = icon('M10 5v10M5.5 10.5L10 15l4.5-4.5', 14);
const flatIcon = icon('M5 10h10', 14);

let browserZone: string | undefined;
/** The browser's IANA time zone, read once: each read makes an `Intl.DateTimeFormat`, and every update asks for it several times. */
const browserTimeZone = () => (browserZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');

/** YYYY-MM-DD of a local (browser-zone) date. */
const isoDate = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
/** A YYYY-MM-DD as the UTC midnight that formats back to the same calendar date with timeZone UTC. */
const dateOf = (day: string) => new Date(`${day}T00:00:00Z`);
const dayCount = (from: string, to: string) => Math.round((dateOf(to).getTime() - dateOf(from).getTime()) / 86_400_000) + 1;

/** What the element shows: the last `days` days, or `from`–`to` (local dates, both included). */
interface Period {
  days?: number;
  from?: string;
  to?: string;
}

/**
 * @tag usage-insights
 * @summary How the user's generated assets perform: totals with their change, a daily chart, top assets and generations.
 *
 * Reads `GET /api/v1/insights/stats`, `/charts` and `/top-assets` for the last 7, 30 or 90 days or
 * a custom from–to, in the browser's IANA time zone (sent as `tz`, so days are the user's days).
 * Ten tiles show views, clicks, CTR, downloads, shares, conversions, conversion rate,
 * generations, credits used and storage with the change against the previous period of the same
 * length (an arrow, the percentage and its colour — "New" when the previous period had none). The
 * daily chart is SVG drawn here: pick the metric, move along the days with ←/→/Home/End (each day is
 * focusable and shows its tooltip, as on hover), or show the same numbers as a table. Top assets
 * (all time) open in `<media-preview>`; generations by app and status are bars.
 *
 * @fires gs-error - Loading failed; `detail.error` is an `ApiError` (status 401: no or expired token).
 *
 * @csspart base - The wrapper.
 * @csspart toolbar - The period picker and its note.
 * @csspart period-button - Each period choice (7, 30, 90 days, Custom).
 * @csspart date-input - The custom period's From and To.
 * @csspart tiles - The list of stat tiles.
 * @csspart tile - Each tile; also `tile-views`, `tile-ctr`, … by metric.
 * @csspart change - A tile's change against the previous period.
 * @csspart quota - Under the storage figure: the owner's storage quota, when there is one.
 * @csspart chart - The chart's card.
 * @csspart metric-select - The chart's metric picker.
 * @csspart table-toggle - "Show as table" / "Show as chart".
 * @csspart point - Each day's point on the chart.
 * @csspart tooltip - The tooltip of the day under the pointer or focus.
 * @csspart table - The chart's numbers as a table.
 * @csspart top-assets - The top assets card.
 * @csspart asset - Each top asset (a button opening the preview).
 * @csspart bars - Generations by app and by status.
 * @csspart bar - Each bar.
 * @csspart error - The error message shown when loading failed.
 * @csspart retry-button - The error's retry button.
 *
 * @cssprop --gs-usage-insights-chart-color - The chart's line and fill (default the primary colour).
 * @cssprop --gs-color-surface - Card background.
 * @cssprop --gs-status-completed - Rises are drawn in it (falls in --gs-status-failed).
 */
export class UsageInsights extends GsElement {
  static override styles = [tokenStyles, styles];

  /** The period: `7`, `30` (default) or `90` days ending today, or `custom` (with `from` and `to`). */
  @property() period: '7' | '30' | '90' | 'custom' = '30';

  /** The custom period's first day, YYYY-MM-DD. */
  @property() from?: string;

  /** The custom period's last day (included), YYYY-MM-DD. */
  @property() to?: string;

  /** The chart's metric: views (default), clicks, downloads, shares, conversions, generations, credits_used. */
  @property() metric: ChartMetric = 'views';

  /** The IANA time zone days are counted in; default the browser's. */
  @property({ attribute: 'time-zone' }) timeZone?: string;

  /** Overrides any label, over the locale's (the keys of `<tag>.strings.ts`; a nested group is replaced whole). */
  @property({ attribute: false }) strings: Partial<typeof defaultStrings> = {};

  @state() private asTable = false;
  @state() private hovered?: number;
  @state() private focused = false;
  @state() private width = 0;
  @state() private rangeError = false;

  @query('media-preview') private preview?: MediaPreview;

  private readonly apps = new AppRegistry(this, () => this.client);
  private readonly resize = new ResizeObserver(([entry]) => (this.width = Math.round(entry!.contentRect.width)));
  private observed?: Element;

  private readonly stats = new Task(this, {
    args: () => [this.client, this.query()] as const,
    task: ([client, q], { signal }) => this.load<InsightStats>(client, `/api/v1/insights/stats?${q}`, signal),
  });

  private readonly chart = new Task(this, {
    args: () => [this.client, this.query(), this.metric] as const,
    task: ([client, q, metric], { signal }) => this.load<InsightChart>(client, `/api/v1/insights/charts?metric=${metric}&${q}`, signal),
  });

  /** All time, so one read per client. */
  private readonly top = new Task(this, {
    args: () => [this.client] as const,
    task: ([client], { signal }) =>
      Promise.all(topMetrics.map((m) => this.load<{ assets: TopAsset[] }>(client, `/api/v1/insights/top-assets?metric=${m}&limit=5`, signal).then((r) => r.assets))),
  });

  private readonly points = new RovingFocusController(this, {
    count: () => this.chart.value?.series.length ?? 0,
    columns: () => 1,
    pageRows: 7,
    element: (i) => this.renderRoot.querySelector<SVGElement>(`[part=point][data-index="${i}"]`),
  });

  private get text() {
    return this.localize('usage-insights', defaultStrings, this.strings);
  }

  private get tz(): string {
    return this.timeZone || browserTimeZone();
  }

  /** The period asked for (a custom one only when both ends are valid). */
  private get range(): Period {
    if (this.period === 'custom' && this.from && this.to) return { from: this.from, to: this.to };
    return { days: Number(this.period) || 30 };
  }

  /** The period's query: `days` or `start_date`/`end_date`, and the time zone. */
  private query(): string {
    const r = this.range;
    const q = new URLSearchParams(r.days ? { days: String(r.days) } : { start_date: r.from!, end_date: r.to! });
    q.set('tz', this.tz);
    return q.toString();
  }

  private async load<T>(client: ApiClient, path: string, signal: AbortSignal): Promise<T> {
    try {
      return (await client.get<T>(path, { signal })).data;
    } catch (err) {
      if (!signal.aborted && err instanceof ApiError) this.emit('gs-error', { error: err });
      throw err;
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    definePreview();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize.disconnect();
    this.observed = undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const box = this.renderRoot.querySelector('.plot');
    if (box !== this.observed) {
      if (this.observed) this.resize.unobserve(this.observed);
      if (box) this.resize.observe(box);
      this.observed = box ?? undefined;
      // Its width now, not at the observer's first report a frame later: the chart is drawn once, at its size.
      if (box) this.width = Math.round(box.getBoundingClientRect().width);
    }
  }

  /** Loads everything again. */
  async refresh(): Promise<void> {
    await Promise.all([this.stats.run(), this.chart.run(), this.top.run()]);
  }

  private num(n: number, options?: Intl.NumberFormatOptions) {
    return formatNumber(n, this.resolvedLocale, options);
  }

  /** A number as its tile shows it. */
  private value(tile: Tile, t: InsightTotals): string {
    if (tile === 'storage_used') return formatBytes(t.storage_used, this.resolvedLocale);
    if (tile === 'ctr' || tile === 'conversion_rate') return t[tile] === null ? '–' : this.num(t[tile]!, { style: 'percent', maximumFractionDigits: 1 });
    if (tile === 'generations') return this.num(t.generations.total);
    return this.num(t[tile], { maximumFractionDigits: 2 });
  }

  private pick(period: UsageInsights['period']) {
    if (period === 'custom' && !(this.from && this.to)) {
      // Start from the days shown now.
      const days = this.chart.value?.series;
      const today = new Date();
      this.to = days?.at(-1)?.date ?? isoDate(today);
      this.from = days?.[0]?.date ?? isoDate(new Date(today.getFullYear(), today.getMonth(), today.getDate() - 29));
    }
    this.rangeError = false;
    this.period = period;
  }

  private pickDate(which: 'from' | 'to', value: string) {
    const from = which === 'from' ? value : this.from;
    const to = which === 'to' ? value : this.to;
    this.rangeError = !from || !to || dayCount(from, to) < 1 || dayCount(from, to) > MAX_DAYS;
    if (!this.rangeError) [this.from, this.to] = [from, to];
  }

  private openAsset(list: TopAsset[], index: number) {
    this.preview?.show(
      index,
      list.map((a) => ({ id: a.id, kind: a.kind, url: a.url, title: a.title })),
    );
  }

  override render() {
    const t = this.text;
    const stats = this.stats.value;
    const error = stats ? undefined : (this.stats.error as ApiError | undefined);
    return html`<div part="base" class="base" aria-busy=${stats || error ? 'false' : 'true'}>
      ${this.renderToolbar(stats)}
      ${error
        ? errorState(error, t, () => void this.refresh())
        : html`${this.renderTiles(stats)} ${this.renderChart()}
            <div class="row">${this.renderTopAssets()} ${this.renderBars(stats)}</div>`}
      <div class="visually-hidden" role="status">${stats || error ? '' : t.loading}</div>
      ${previewFor(this)}
    </div>`;
  }

  private renderToolbar(stats: InsightStats | undefined) {
    const t = this.text;
    const locale = this.resolvedLocale;
    let note: string = t.timeZone(this.tz);
    if (stats) {
      // The previous period ends where this one starts (exclusive): show its last day.
      const fmt = dateFormat(locale, { month: 'short', day: 'numeric', timeZone: this.tz });
      const prev = stats.previous_period;
      note = `${t.comparedWith(fmt.formatRange(new Date(prev.from), new Date(Date.parse(prev.to) - 1)))} · ${note}`;
    }
    return html`<div part="toolbar" class="toolbar">
      <div class="periods" role="group" aria-label=${t.period}>
        ${[...presets.map(String), 'custom'].map(
          (p) => html`<button part="period-button" type="button" aria-pressed=${this.period === p ? 'true' : 'false'} title=${p === 'custom' ? nothing : plural(t.lastDaysLong, Number(p), this.resolvedLocale)} @click=${() => this.pick(p as UsageInsights['period'])}>
            ${p === 'custom' ? t.custom : plural(t.lastDays, Number(p), this.resolvedLocale)}
          </button>`,
        )}
      </div>
      ${this.period === 'custom'
        ? html`<div class="dates">
            <label>${t.from} <input part="date-input" class="control" type="date" .value=${this.from ?? ''} max=${this.to ?? nothing} aria-invalid=${this.rangeError ? 'true' : 'false'} aria-describedby="range-error" @change=${(e: Event) => this.pickDate('from', (e.target as HTMLInputElement).value)} /></label>
            <label>${t.to} <input part="date-input" class="control" type="date" .value=${this.to ?? ''} min=${this.from ?? nothing} aria-invalid=${this.rangeError ? 'true' : 'false'} aria-describedby="range-error" @change=${(e: Event) => this.pickDate('to', (e.target as HTMLInputElement).value)} /></label>
            <span id="range-error" class="range-error" role="alert">${this.rangeError ? plural(t.badRange, MAX_DAYS, this.resolvedLocale) : ''}</span>
          </div>`
        : nothing}
      <p class="note">${note}</p>
    </div>`;
  }

  private renderTiles(stats: InsightStats | undefined) {
    const t = this.text;
    return html`<dl part="tiles" class="tiles">
      ${tiles.map((tile) => {
        const label = t.metrics[tile];
        if (!stats) return html`<div part="tile" class="card tile"><dt>${label}</dt><dd class="skeleton"></dd></div>`;
        const change = stats.change[tile];
        const now = this.value(tile, stats.current);
        const before = this.value(tile, stats.previous);
        const hasNow = tile === 'generations' ? stats.current.generations.total > 0 : Number(stats.current[tile as keyof InsightTotals] ?? 0) > 0;
        let trend: 'up' | 'down' | 'flat' | 'new' | 'none' = 'none';
        let shown = '–';
        let spoken = t.noData;
        if (change !== null) {
          trend = change > 0 ? 'up' : change < 0 ? 'down' : 'flat';
          const pct = this.num(Math.abs(change), { style: 'percent', maximumFractionDigits: 1 });
          shown = `${change > 0 ? '+' : change < 0 ? '−' : ''}${pct}`;
          spoken = change > 0 ? t.up(pct) : change < 0 ? t.down(pct) : t.unchanged;
        } else if (hasNow) {
          trend = 'new';
          shown = t.isNew;
          spoken = t.newHint;
        }
        return html`<div part="tile tile-${tile}" class="card tile" data-tile=${tile}>
          <dt>${label}</dt>
          <dd class="value">${now}</dd>
          <dd part="change" class="change" data-trend=${trend} title=${t.previousWas(before)}>
            ${trend === 'up' ? upIcon : trend === 'down' ? downIcon : trend === 'flat' ? flatIcon : nothing}<span aria-hidden="true">${shown}</span
            ><span class="visually-hidden">${spoken}, ${t.previousWas(before)}</span>
          </dd>
          ${tile === 'storage_used' && stats.quota.quota_bytes !== null
            ? html`<dd part="quota" class="quota">${t.ofQuota(formatBytes(stats.quota.quota_bytes, this.resolvedLocale))}</dd>`
            : nothing}
        </div>`;
      })}
    </dl>`;
  }

  private renderChart() {
    const t = this.text;
    const chart = this.chart.value;
    const metric = t.metricInText(t.metrics[this.metric]);
    const series = chart?.metric === this.metric ? chart.series : undefined;
    const dayFmt = dateFormat(this.resolvedLocale, { month: 'short', day: 'numeric', timeZone: 'UTC' });
    const longFmt = dateFormat(this.resolvedLocale, { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
    const fmtValue = (v: number) => this.num(v, { maximumFractionDigits: 2 });
    let body;
    if (!series) {
      // The skeleton stands where the chart will be, so its width is known before the days arrive (drawn once, at its size).
      body = this.chart.error ? errorState(this.chart.error, t, () => void this.chart.run()) : html`<div class="plot"><div class="skeleton"></div></div>`;
    } else if (this.asTable) {
      body = html`<table part="table">
        <caption class="visually-hidden">${t.chartOf(metric)}</caption>
        <thead><tr><th scope="col">${t.date}</th><th scope="col">${t.metrics[this.metric]}</th></tr></thead>
        <tbody>${series.map((d) => html`<tr><th scope="row">${longFmt.format(dateOf(d.date))}</th><td>${fmtValue(d.value)}</td></tr>`)}</tbody>
      </table>`;
    } else {
      const values = series.map((d) => d.value);
      const g = layout(values, this.width || 600, CHART_HEIGHT);
      const ticks = tickIndexes(values.length, g.plotW).map((index) => ({ index, label: dayFmt.format(dateOf(series[index]!.date)) }));
      const shown = this.hovered ?? (this.focused ? this.points.active : undefined);
      const tip = shown !== undefined ? series[shown] : undefined;
      const empty = values.every((v) => v === 0);
      body = html`<div class="plot" @mouseleave=${() => (this.hovered = undefined)}>
        <svg width="100%" height=${CHART_HEIGHT} tabindex="-1" role="group" aria-label=${t.chartOf(metric)} @keydown=${this.points.handleKeyDown} @focusin=${(e: FocusEvent) => (this.points.handleFocusIn(e), (this.focused = true))} @focusout=${() => (this.focused = false)}>
          ${chartBody(values, g, (v) => this.num(v, { notation: 'compact', maximumFractionDigits: 1 }), ticks)}
          ${values.map(
            (v, i) => svg`<g part="point" class="point" data-index=${i} tabindex=${this.points.tabIndex(i, 0, values.length)} role="img" aria-label=${t.point(longFmt.format(dateOf(series[i]!.date)), fmtValue(v), metric)} ?data-active=${i === shown} @mouseenter=${() => (this.hovered = i)}>
              <rect x=${g.x(i) - g.col / 2} y=${g.y(g.top)} width=${g.col} height=${g.plotH} />
              <circle cx=${g.x(i)} cy=${g.y(v)} r=${values.length > 45 ? 2 : 3.5} />
            </g>`,
          )}
        </svg>
        ${tip
          ? html`<div part="tooltip" class="tooltip" aria-hidden="true" style=${styleMap({ left: `${Math.min(Math.max(g.x(shown!), 70), (this.width || 600) - 70)}px`, top: `${Math.max(0, g.y(tip.value) - 64)}px` })}>
              <div class="muted">${longFmt.format(dateOf(tip.date))}</div>
              <strong>${fmtValue(tip.value)}</strong> ${metric}
            </div>`
          : nothing}
        ${empty ? html`<p class="empty-note muted">${t.nothingInPeriod(metric)}</p>` : nothing}
      </div>`;
    }
    return html`<section part="chart" class="card chart" aria-labelledby="chart-title">
      <header class="card-header">
        <h2 id="chart-title">${t.chartOf(metric)}</h2>
        <label class="metric">
          <span class="visually-hidden">${t.chartMetric}</span>
          <select part="metric-select" class="control" @change=${(e: Event) => (this.metric = (e.target as HTMLSelectElement).value as ChartMetric)}>
            ${chartMetrics.map((m) => html`<option value=${m} ?selected=${m === this.metric}>${t.metrics[m]}</option>`)}
          </select>
        </label>
        <button part="table-toggle" type="button" aria-pressed=${this.asTable ? 'true' : 'false'} @click=${() => (this.asTable = !this.asTable)}>${this.asTable ? t.showChart : t.showTable}</button>
      </header>
      ${body}
    </section>`;
  }

  private renderTopAssets() {
    const t = this.text;
    const lists = this.top.value;
    return html`<section part="top-assets" class="card top" aria-labelledby="top-title">
      <header class="card-header"><h2 id="top-title">${t.topAssets}</h2><span class="muted">${t.allTime}</span></header>
      ${lists?.every((l) => !l.length)
        ? html`<p class="muted">${t.noTopAssets}</p>`
        : html`<div class="top-lists">
            ${topMetrics.map(
              (m, k) => html`<div>
                <h3 id="top-${m}">${t.top[m]}</h3>
                <ol aria-labelledby="top-${m}">
                  ${lists
                    ? lists[k]!.map((a, i) => {
                        const name = a.title || a.app_name || t.untitled;
                        return html`<li>
                          <button part="asset" type="button" class="asset" title=${t.open(name)} @click=${() => this.openAsset(lists[k]!, i)}>
                            <span class="thumb" style=${styleMap({ '--_app': appColor(a.app_color ?? '') })}>${a.thumbnail_url ? html`<img src=${a.thumbnail_url} alt="" loading="lazy" />` : a.kind === 'text' ? 'Aa' : nothing}</span>
                            <span class="asset-name"><span class="asset-title">${name}</span><span class="muted"> ${a.app_name ?? a.app_id}</span></span>
                            <span class="asset-value">${this.num(a.value)}<span class="visually-hidden"> ${t.metrics[m].toLowerCase()}</span></span>
                          </button>
                        </li>`;
                      })
                    : [0, 1, 2].map(() => html`<li class="skeleton"></li>`)}
                </ol>
              </div>`,
            )}
          </div>`}
    </section>`;
  }

  private renderBars(stats: InsightStats | undefined) {
    const t = this.text;
    const gens = stats?.current.generations;
    const byApp = Object.entries(gens?.by_app ?? {}).sort((a, b) => b[1] - a[1]);
    const byStatus = statuses.map((s) => [s, gens?.by_status[s] ?? 0] as const).filter(([, n]) => n > 0);
    const bars = (title: string, rows: { key: string; label: string; value: number; color: string }[]) => {
      const max = Math.max(1, ...rows.map((r) => r.value));
      return html`<h3>${title}</h3>
        <ul class="bar-list">
          ${rows.map(
            (r) => html`<li part="bar" class="bar" data-key=${r.key}>
              <span class="bar-label">${r.label}</span>
              <span class="bar-track" aria-hidden="true"><span style=${styleMap({ width: `${(r.value / max) * 100}%`, background: r.color })}></span></span>
              <span class="bar-value">${this.num(r.value)}</span>
            </li>`,
          )}
        </ul>`;
    };
    return html`<section part="bars" class="card bars" aria-labelledby="bars-title">
      <header class="card-header"><h2 id="bars-title">${t.metrics.generations}</h2><span class="muted">${t.thisPeriod}</span></header>
      ${!stats
        ? html`<div class="skeleton"></div>`
        : gens!.total === 0
          ? html`<p class="muted">${t.noGenerations}</p>`
          : html`${bars(
              t.byApp,
              byApp.map(([id, n]) => {
                const app = this.apps.find(id);
                return { key: id, label: app?.name ?? id, value: n, color: appColor(app?.color ?? '') };
              }),
            )}
            ${bars(
              t.byStatus,
              byStatus.map(([s, n]) => ({ key: s, label: t[s], value: n, color: `var(--_status-${s})` })),
            )}`}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'usage-insights': UsageInsights;
  }
}
