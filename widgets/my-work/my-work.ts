import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { styleMap } from '../base/style-map.ts';
import { ApiError } from '../base/api-client.ts';
import { appIconStyles } from '../base/app-icon.ts';
import { AppRegistry, appHref } from '../base/app-registry.ts';
import { BulkActionsController, bulkActionStyles, listUpdates } from '../base/bulk-actions-controller.ts';
import { DebounceController } from '../base/debounce-controller.ts';
import { formatNumber, plural, type Plural } from '../base/format.ts';
import { GridWindow } from '../base/grid-window.ts';
import { errorState } from '../base/error-state.ts';
import { GsElement } from '../base/gs-element.ts';
import { jobsEndpoint } from '../base/list-endpoint.ts';
import { downloadFilter, isFiltered, type ListFilter } from '../base/list-filter.ts';
import { PagedListController, type ListMerge } from '../base/paged-list-controller.ts';
import { RovingFocusController } from '../base/roving-focus-controller.ts';
import { SelectionController } from '../base/selection-controller.ts';
import { statusBadgeStyles } from '../base/status.ts';
import { statusKey, tokenStyles } from '../base/tokens.styles.ts';
import type { Job, JobStatsData } from '../base/types.ts';
import { definePreview, previewFor } from '../media-preview/embed.ts';
import type { MediaPreview } from '../media-preview/media-preview.ts';
import { downloadMainOutput, previewItemsOf } from './job-assets.ts';
import { JobTexts } from './job-texts.ts';
import { renderJob } from './my-work-item.ts';
import { defaultStrings } from './my-work.strings.ts';
import { styles } from './my-work.styles.ts';
import { renderStats, renderToolbar } from './my-work-bars.ts';
import { renderSelectionBar } from '../base/selection-bar.ts';
import { listStyles } from '../base/list.styles.ts';

/** The filters `<my-work>` takes: the list elements' one vocabulary (`status`, `app`, `kind`, `q`, `sort`). */
export type MyWorkFilters = ListFilter;

/** A card's text lines and paddings (my-work.styles.ts); the tile takes the rest of the row, about square. */
const GRID_TEXT_PX = 96;
const inProgress = (j: Job) => j.status === 'queued' || j.status === 'processing';

/**
 * @tag my-work
 * @summary The whole "My work" page: stats, filters, search, sort, a virtualised grid or list of
 * every job with selection, bulk delete with undo, bulk download as a ZIP, preview and regenerate.
 *
 * Lists `GET /api/v1/jobs` page by page as the user scrolls; only the rows in view are in the
 * DOM, so 10,000 items stay smooth. Polls every `poll-interval` ms while anything is queued or
 * processing (shown, or per the stats); jobs started meanwhile appear on top (`refresh()` looks
 * at once). Selection: click (one), ctrl/cmd-click or the checkbox (toggle), shift-click (range),
 * Space, shift+arrows, "select all N matching" (on the server). Keyboard: arrows, Home/End
 * (ctrl: first/last), PageUp/PageDown, Enter previews, Escape clears the selection.
 *
 * Uses `<media-preview>` for previews (registered under that name when it is not yet).
 *
 * @fires gs-regenerate - "Regenerate" on a job: `detail: {id, job, prompt, params, app_id}`. Cancelable: unless a listener calls `preventDefault()`, a job whose app has an `href_template` opens in its app in a new tab.
 * @fires gs-error - Loading or an action failed; `detail.error` is an `ApiError`.
 *
 * @slot empty - Shown when the user has nothing yet (a call to action); default: a short sentence.
 *
 * @csspart base - The wrapper.
 * @csspart stats - The stats strip.
 * @csspart stat - One figure in it.
 * @csspart toolbar - Filters, search, sort and view.
 * @csspart search - The search field.
 * @csspart selection-bar - Appears while something is selected.
 * @csspart scroller - The scrolling area.
 * @csspart grid - The items' grid.
 * @csspart item - One job.
 * @csspart checkbox - An item's selection mark.
 * @csspart thumbnail - An item's tile: its thumbnail, a text card, or the app's icon on its colour.
 * @csspart title - An item's project name (or its app's name).
 * @csspart prompt - An item's prompt: two lines, all of it in the tooltip.
 * @csspart error-message - A failed item's error message.
 * @csspart meta - An item's app and time.
 * @csspart prompt - An item's prompt (two lines; all of it in the tooltip).
 * @csspart error-message - A failed job's error.
 * @csspart progress - The progress bar of a queued or processing item.
 * @csspart badge - A status badge.
 * @csspart toast - The undo / download toast.
 * @csspart empty - The empty state.
 * @csspart error - The error state.
 * @csspart retry-button - The error's retry button.
 *
 * @cssprop --gs-my-work-height - Height of the scrolling area (default 70vh).
 * @cssprop --gs-my-work-cell-width - Smallest grid cell width (default 13rem).
 * @cssprop --gs-color-surface - Background.
 */
export class MyWork extends GsElement {
  static override styles = [tokenStyles, statusBadgeStyles, appIconStyles, bulkActionStyles, listStyles, styles];

  /** `grid` or `list`. */
  @property({ reflect: true }) view: 'grid' | 'list' = 'grid';

  /** Milliseconds between polls while something is in progress. */
  @property({ type: Number, attribute: 'poll-interval' }) pollInterval = 2000;

  /** A project's id: only its jobs (and their stats) are shown — a host's project page. */
  @property() project?: string;

  /** Milliseconds the search waits after the last keystroke. */
  @property({ type: Number, attribute: 'search-delay' }) searchDelay = 300;

  /** Overrides any label, over the locale's (the keys of `<tag>.strings.ts`; a nested group is replaced whole). */
  @property({ attribute: false }) strings: Partial<typeof defaultStrings> = {};

  /** The filters in effect (set to start filtered). */
  @property({ attribute: false }) filters: MyWorkFilters = { sort: 'newest' };

  @state() private announcement = '';
  @state() private searchText = '';
  @state() private filtersOpen = false;

  @query('media-preview') private preview?: MediaPreview;

  private readonly apps = new AppRegistry(this, () => this.client);
  private readonly search = new DebounceController(this, () => this.searchDelay);

  private readonly list = new PagedListController<Job, JobStatsData>(this, {
    endpoint: jobsEndpoint,
    client: () => this.client,
    filter: () => this.listFilter,
    key: (j) => j.id,
    inProgress,
    interval: () => this.pollInterval,
    // The stats strip; a job started anywhere (even filtered out) keeps the list polling.
    extra: {
      fetch: async (client, signal) => (await client.get<JobStatsData>(`/api/v1/jobs/stats${this.project ? `?project_id=${encodeURIComponent(this.project)}` : ''}`, { signal })).data,
      active: (s) => s.queued + s.processing > 0,
    },
    onMerge: (merge) => this.announceMerge(merge),
    onError: (error) => error instanceof ApiError && this.emit('gs-error', { error }),
  });

  private readonly selection = new SelectionController<Job>(this, {
    items: () => this.list.items,
    key: (j) => j.id,
    total: () => this.list.total,
    scope: () => this.list.scope,
    onChange: (count, all) => (this.announcement = all ? this.plural(this.text.allMatchingSelected, count) : this.plural(this.text.selected, count)),
  });

  private readonly viewport = new GridWindow(this, {
    count: () => this.list.items.length,
    list: () => this.view === 'list',
    nearEnd: () => this.list.loadMore(),
    textHeight: GRID_TEXT_PX,
    // --gs-my-work-cell-width's default (15rem), so the window computed before the first render is the real one.
    cellWidth: 240,
  });

  private readonly texts = new JobTexts(this, () => this.client);

  private readonly roving = new RovingFocusController(this, {
    count: () => this.list.items.length,
    columns: () => this.viewport.columns,
    element: (i) => this.renderRoot.querySelector<HTMLElement>(`[data-index="${i}"]`),
    reveal: (i) => this.viewport.scrollToIndex(i),
    onMove: (i, event) => event.shiftKey && this.selection.extendTo(i),
    onActivate: (i) => void this.openPreview(this.list.items[i]!),
  });

  private readonly bulk = new BulkActionsController(this, {
    client: () => this.client,
    strings: () => this.text,
    locale: () => this.resolvedLocale,
    ...listUpdates(this.list, this.selection),
    announce: (message) => (this.announcement = message),
    onError: (error) => this.emit('gs-error', { error }),
  });

  /** The filters, and the project when the element is scoped to one. */
  private get listFilter(): MyWorkFilters {
    return this.project ? { ...this.filters, project_id: this.project } : this.filters;
  }

  private get text() {
    return this.localize('my-work', defaultStrings, this.strings);
  }

  private num(n: number) {
    return formatNumber(n, this.resolvedLocale);
  }

  private plural(forms: Plural, n: number) {
    return plural(forms, n, this.resolvedLocale);
  }

  /** The jobs loaded so far, in order (settable, e.g. with fixtures). */
  get items(): Job[] {
    return this.list.items;
  }
  set items(items: Job[]) {
    this.list.setItems(items);
  }

  /** Matching jobs on the server. */
  get total(): number {
    return this.list.total;
  }

  /** Every job matching the filters is selected (on the server). */
  get allMatching(): boolean {
    return this.selection.allMatching;
  }

  /** How many are selected (all matching counts the server's total). */
  get selectedCount(): number {
    return this.selection.count;
  }

  /** The ids selected among the loaded items (every loaded one when all matching). */
  get selectedIds(): string[] {
    return this.selection.loadedKeys;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    definePreview();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('filters')) this.searchText = this.filters.q ?? '';
    if (changed.has('filters') || changed.has('project')) this.viewport.reset();
    if (changed.has('view')) this.viewport.measure();
  }

  /** Loads the list again from the first page. */
  reload(): Promise<void> {
    return this.list.reload();
  }

  /**
   * Looks for new and changed jobs now — call it right after the host page started a job. (Polling
   * finds them by itself while anything is in progress, and once when the tab is shown again.)
   */
  refresh(): Promise<void> {
    return this.list.refresh();
  }

  /** Changes one filter (the list reloads; the search is debounced by the input handler). */
  setFilter<K extends keyof MyWorkFilters>(key: K, value: MyWorkFilters[K]): void {
    this.filters = { ...this.filters, [key]: value };
  }

  private handleSearch(event: Event) {
    this.searchText = (event.target as HTMLInputElement).value;
    this.search.call(() => this.searchText !== (this.filters.q ?? '') && this.setFilter('q', this.searchText));
  }

  private announceMerge({ added, changed }: ListMerge<Job>) {
    const t = this.text;
    const moved = changed.filter((c) => c.before.status !== c.after.status).map((c) => t.nowStatus(this.nameOf(c.after), t[statusKey(c.after.status)]));
    const parts = [...(added.length ? [this.plural(t.added, added.length)] : []), ...moved];
    if (parts.length) this.announcement = parts.join('. ');
  }

  private nameOf(job: Job): string {
    return job.project_name || this.apps.find(job.app_id)?.name || this.text.untitled;
  }

  /** Opens the preview over a job's outputs, with the job's details; says so when it has none. */
  async openPreview(job: Job): Promise<void> {
    const t = this.text;
    try {
      const items = await previewItemsOf(this.client, job, this.apps.find(job.app_id));
      if (items.length) this.preview?.show(0, items);
      else this.bulk.notify(job.status === 'failed' ? t.failedNothing(job.error_message || t.failedNoReason) : t.nothingToPreview);
    } catch (err) {
      if (err instanceof ApiError) this.emit('gs-error', { error: err });
    }
  }

  /** Downloads a job's main output from its signed URL. */
  async quickDownload(job: Job): Promise<void> {
    try {
      if (!(await downloadMainOutput(this.client, job))) this.bulk.notify(this.text.nothingToPreview);
    } catch (err) {
      this.announcement = this.text.downloadFailed;
      if (err instanceof ApiError) this.emit('gs-error', { error: err });
    }
  }

  /** Asks, then moves the selection to the trash, with an Undo toast. */
  deleteSelected(): Promise<void> {
    return this.bulk.delete(this.selection.count, () => this.selection.keys(() => this.list.allKeys()));
  }

  /** Downloads the selection as one ZIP streamed in the browser (progress and Cancel shown). */
  downloadSelected(): Promise<void> {
    // All matching: the server resolves the same filter the list sends.
    const body = this.selection.allMatching ? { filter: downloadFilter(this.listFilter) } : { job_ids: this.selection.loadedKeys };
    return this.bulk.downloadZip(this.selection.count, body);
  }

  override render() {
    const t = this.text;
    const count = this.selection.count;
    // Scrolling re-renders only the grid: the bars are guarded by what they show.
    return html`<div part="base" class="base">
      ${guard([t, this.list.extra, this.resolvedLocale], () => renderStats(t, this.list.extra, (n) => this.num(n)))}
      ${guard([t, this.filters, this.apps.apps, this.view, this.searchText, this.filtersOpen], () => renderToolbar({
        text: t,
        filters: this.filters,
        apps: this.apps.apps,
        view: this.view,
        searchText: this.searchText,
        filtersOpen: this.filtersOpen,
        onFiltersOpen: (open) => (this.filtersOpen = open),
        onSearch: (e) => this.handleSearch(e),
        onFilter: (key, value) => this.setFilter(key, value as never),
        onView: (view) => (this.view = view),
      }))}
      ${count || this.selection.confirmingAll
        ? renderSelectionBar({
            text: t,
            selection: this.selection,
            total: this.list.total,
            downloading: !!this.bulk.download,
            locale: this.resolvedLocale,
            onDownload: () => this.downloadSelected(),
            onDelete: () => this.deleteSelected(),
          })
        : nothing}
      ${this.renderBody()} ${this.bulk.render()}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      ${previewFor(this)}
    </div>`;
  }

  private renderBody() {
    const t = this.text;
    const { items, loading } = this.list;
    const error = this.list.error;
    if (error && !items.length) return errorState(error, t, () => this.reload());
    if (!loading && !items.length) {
      return isFiltered(this.filters)
        ? html`<div part="empty" class="empty">
            <p>${t.noMatch}</p>
            <button type="button" class="clear-filters" @click=${() => (this.filters = { sort: this.filters.sort })}>${t.clearFilters}</button>
          </div>`
        : html`<div part="empty" class="empty"><slot name="empty">${t.empty}</slot></div>`;
    }
    const { columns: cols, rowHeight } = this.viewport;
    const rows = this.viewport.rows(items.length);
    const first = Math.min(this.viewport.first, items.length);
    const last = Math.min(this.viewport.last, items.length);
    return html`<div part="scroller" class="scroller">
      <div class="cell-probe" aria-hidden="true"></div>
      <div
        part="grid"
        class="grid ${this.view} ${this.selection.count ? 'selecting' : ''}"
        role="grid"
        aria-label=${t.label}
        aria-multiselectable="true"
        aria-rowcount=${this.list.hasMore ? -1 : rows}
        aria-colcount=${cols}
        aria-busy=${loading ? 'true' : 'false'}
        style=${styleMap({ height: `${rows * rowHeight}px`, '--_cols': String(cols), '--_row': `${rowHeight}px` })}
        @keydown=${(e: KeyboardEvent) => this.roving.handleKeyDown(e) || this.selection.handleKeyDown(e)}
        @focusin=${this.roving.handleFocusIn}
      >
        ${this.viewport.renderRows(
          items,
          (job, index, col) => this.renderItem(job, index, col, first, last),
          (index, col) => html`<div class="item placeholder" role="gridcell" aria-colindex=${col + 1} data-index=${index}></div>`,
        )}
      </div>
      ${loading ? html`<p class="loading">${items.length ? t.loadingMore : t.loading}</p>` : nothing}
    </div>`;
  }

  private renderItem(job: Job, index: number, col: number, first: number, last: number) {
    return renderJob(job, {
      index,
      col,
      tabIndex: this.roving.tabIndex(index, first, last),
      selected: this.selection.has(job),
      name: this.nameOf(job),
      app: this.apps.find(job.app_id),
      strings: this.text,
      // Texts as text cards: under the Texts filter, and for finished jobs without a picture.
      text: this.filters.kind === 'text' || (!job.thumbnail_url && (job.status === 'completed' || job.status === 'partial')) ? this.texts.text(job) : undefined,
      locale: this.resolvedLocale,
      onClick: (e) => this.selection.handleClick(e, index),
      onOpen: () => void this.openPreview(job),
      onDownload: () => void this.quickDownload(job),
      onRegenerate: () => this.regenerateJob(job, appHref(this.apps.find(job.app_id), job)),
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'my-work': MyWork;
  }
}
