import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import { ApiError, type ApiClient } from '../base/api-client.ts';
import { formatNumber } from '../base/format.ts';
import { errorState } from '../base/error-state.ts';
import { GsElement } from '../base/gs-element.ts';
import { PollingController } from '../base/polling-controller.ts';
import { tokenStyles } from '../base/tokens.styles.ts';
import type { JobStatsData } from '../base/types.ts';
import { defaultStrings } from './job-stats.strings.ts';
import { styles } from './job-stats.styles.ts';

const cards = ['total', 'completed', 'processing', 'queued', 'failed', 'partial'] as const;
type Card = (typeof cards)[number];

/**
 * @tag job-stats
 * @summary Your jobs at a glance: total, completed, processing, queued, failed and partial, live.
 *
 * Reads `GET /api/v1/jobs/stats` and polls it every `poll-interval` ms (2 s) while anything is
 * queued or processing; polling pauses while the tab is hidden and stops once all jobs are finished.
 * Changes are announced to screen readers.
 *
 * @fires gs-error - Loading failed; `detail.error` is an `ApiError` (status 401: no or expired token).
 *
 * @csspart base - The wrapper.
 * @csspart cards - The list of cards (a `<dl>`).
 * @csspart card - Each card; also `card-total`, `card-completed`, `card-processing`, `card-queued`, `card-failed`, `card-partial`.
 * @csspart label - A card's label.
 * @csspart value - A card's number.
 * @csspart error - The error message shown when loading failed.
 * @csspart retry-button - The error's retry button.
 *
 * @cssprop --gs-job-stats-min-card-width - Narrowest a card gets before the grid wraps (default 8.5rem).
 * @cssprop --gs-color-surface - Card background.
 * @cssprop --gs-color-border - Card border.
 * @cssprop --gs-color-text-muted - Card labels.
 * @cssprop --gs-status-completed - Signal colour per status (also processing, queued, failed, partial).
 */
export class JobStats extends GsElement {
  static override styles = [tokenStyles, styles];

  /** Milliseconds between polls while jobs are in progress. */
  @property({ type: Number, attribute: 'poll-interval' }) pollInterval = 2000;

  /** Overrides any label, over the locale's (the keys of `<tag>.strings.ts`; a nested group is replaced whole). */
  @property({ attribute: false }) strings: Partial<typeof defaultStrings> = {};

  private readonly poller = new PollingController<JobStatsData, readonly [ApiClient]>(this, {
    args: () => [this.client] as const,
    // A delete or restore by another element on this client (or this one) shows at once.
    changes: () => this.client,
    fetch: async ([client], signal) => {
      try {
        return (await client.get<JobStatsData>('/api/v1/jobs/stats', { signal })).data;
      } catch (err) {
        if (!signal.aborted && err instanceof ApiError) this.emit('gs-error', { error: err });
        throw err;
      }
    },
    active: (s) => s.queued + s.processing > 0,
    interval: () => this.pollInterval,
  });

  private shown?: JobStatsData;
  private announcement = '';

  private get text() {
    return this.localize('job-stats', defaultStrings, this.strings);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const stats = this.poller.task.value;
    if (stats && stats !== this.shown) {
      if (this.shown) {
        const t = this.text;
        const changedCards = cards.filter((c) => c !== 'total' && stats[c] !== this.shown![c]);
        if (changedCards.length) this.announcement = t.updated(changedCards.map((c) => t.cardCount(formatNumber(stats[c], this.resolvedLocale), t[c])).join(', '));
      }
      this.shown = stats;
    }
  }

  /** Loads the numbers again now (e.g. after the host started a job). */
  refresh(): Promise<void> {
    return this.poller.refresh();
  }

  override render() {
    const t = this.text;
    const { task } = this.poller;
    const stats = task.value;
    const error = stats ? undefined : (task.error as ApiError | undefined);
    return html`
      <div part="base" class="base" role="group" aria-label=${t.label} aria-busy=${stats || error ? 'false' : 'true'}>
        <dl part="cards" class="cards">
          ${cards.map((card) => this.renderCard(card, stats, !!error))}
        </dl>
        ${error
          ? errorState(error, t, () => this.poller.refresh())
          : nothing}
        <div class="visually-hidden" role="status">${stats ? this.announcement : error ? '' : t.loading}</div>
      </div>
    `;
  }

  private renderCard(card: Card, stats: JobStatsData | undefined, failed: boolean) {
    const value = stats
      ? html`${formatNumber(stats[card], this.resolvedLocale)}`
      : failed
        ? html`<span aria-label="—">–</span>`
        : html`<span class="skeleton value-skeleton" aria-hidden="true"></span>`;
    return html`
      <div part="card card-${card}" class="card" data-card=${card} ?data-active=${!!stats && stats[card] > 0}>
        <dt part="label" class="label"><span class="dot" aria-hidden="true"></span>${this.text[card]}</dt>
        <dd part="value" class="value">${value}</dd>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'job-stats': JobStats;
  }
}
