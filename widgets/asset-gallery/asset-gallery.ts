import { Task } from '@lit/task';
import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import { styleMap } from '../base/style-map.ts';
import { ApiError } from '../base/api-client.ts';
import { AppRegistry } from '../base/app-registry.ts';
import { copyText, shareLink } from '../base/asset-link.ts';
import { assetsTrash, BulkActionsController, bulkActionStyles, listUpdates } from '../base/bulk-actions-controller.ts';
import { DebounceController } from '../base/debounce-controller.ts';
import { errorState } from '../base/error-state.ts';
import { formatDateTime, plural, type Plural } from '../base/format.ts';
import { GridWindow } from '../base/grid-window.ts';
import { GsElement } from '../base/gs-element.ts';
import { HoverPlayController } from '../base/hover-play-controller.ts';
import { galleryIcon, plusIcon } from '../base/icons.ts';
import { assetsEndpoint, jobsEndpoint } from '../base/list-endpoint.ts';
import { assetDownloadFilter, isFiltered, type ListFilter } from '../base/list-filter.ts';
import { PagedListController, type ListMerge } from '../base/paged-list-controller.ts';
import { RovingFocusController } from '../base/roving-focus-controller.ts';
import { saveAsset } from '../base/save-url.ts';
import { emptyStateStyles, listStyles } from '../base/list.styles.ts';
import { renderSelectionBar } from '../base/selection-bar.ts';
import { SelectionController } from '../base/selection-controller.ts';
import { statusBadgeStyles } from '../base/status.ts';
import { statusKey, tokenStyles } from '../base/tokens.styles.ts';
import type { Asset, Job, JobStatsData } from '../base/types.ts';
import { usageRecorder } from '../base/usage-events.ts';
import { definePreview } from '../media-preview/embed.ts';
import type { MediaPreview } from '../media-preview/media-preview.ts';
import { jobContext } from '../media-preview/preview-info.ts';
import { assetName, renderTile } from './asset-tile.ts';
import { defaultStrings } from './asset-gallery.strings.ts';
import { styles } from './asset-gallery.styles.ts';
import { renderFlatFilters, renderHeader, renderJobFilters, renderLoadMore } from './gallery-bars.ts';
import { jobName, renderJobCard } from './job-card.ts';
import { ExpandedJobsController } from './expanded-jobs-controller.ts';
import { JobAssetsController } from './job-assets-controller.ts';

/** How the gallery groups assets: by the job that made them (seed 001), or not at all (seed 004). */
export type GroupBy = 'job' | 'none';

/** A job card's height while collapsed, with the gap to the next (px; the card's CSS height is this minus the gap). */
const JOB_ROW_PX = 148;
/** Under a flat tile's square artwork: its title line and its action bar (px). */
const TILE_TEXT_PX = 76;

/** The rows of a flat gallery: none is a job (one array, so the grid window sees no change). */
const NO_JOBS: Job[] = [];
const inProgress = (j: Job) => j.status === 'queued' || j.status === 'processing';

/** While flinging: a card's or tile's shape only (the items render once scrolling settles). */
const placeholder = (kind: 'job' | 'tile') => (index: number, col: number) => html`<div class="${kind} placeholder" role="gridcell" aria-colindex=${col + 1} data-index=${index}></div>`;

/**
 * @tag asset-gallery
 * @summary Every generated asset: job cards with expandable asset grids (seed 001's "My Assets"),
 * or one virtualised gallery of images, videos and texts with search, favourites and bulk actions
 * (seed 004).
 *
 * `group-by="job"` (default): a header, filters by status and asset type, Refresh, and a card per
 * job (`GET /api/v1/jobs`, 20 per page) with its status, type, progress, time, prompt and error;
 * its disclosure button shows the job's assets (`GET /api/v1/jobs/:id/assets`). Polls every
 * `poll-interval` ms while a loaded job is queued or processing.
 *
 * `group-by="none"`: every asset (`GET /api/v1/assets`) in a windowed grid (only the rows in view
 * are in the DOM, so 10,000 stay smooth): tabs All / Images / Videos / Texts, debounced search over
 * prompts, titles and text, sort, Favourites; selection (checkbox, ctrl/cmd-click, shift-click,
 * Space, "select all N matching") with bulk download as one ZIP and bulk delete with Undo.
 *
 * Each asset: click or Enter opens `<media-preview>` (registered under that name when it is not
 * yet); its actions — favourite, download, copy link (the public link, else a signed URL, and the
 * toast says until when it works), public/private (saved at once, undone if the API refuses) —
 * appear on hover or focus, always on touch screens. Videos play muted while hovered (never with
 * reduced motion). Keyboard: arrows, Home/End, PageUp/PageDown between cards or tiles; Enter
 * opens (a card: shows its assets); Space selects; Escape clears the selection or leaves a job's
 * assets. `project` narrows both to one project.
 *
 * @fires gs-create - The empty state's "Generate your first asset" when there is no `cta-href`; `detail.project`.
 * @fires gs-asset-change - An asset was made public/private or (un)favourited and saved; `detail: {asset, change}`.
 * @fires gs-error - Loading or an action failed; `detail.error` is an `ApiError`.
 *
 * @slot header - Replaces the title, subtitle and icon.
 * @slot empty - Replaces the empty state ("No assets yet" and its call to action).
 *
 * @csspart base - The wrapper.
 * @csspart header - The header (title, subtitle, icon).
 * @csspart title - The title.
 * @csspart subtitle - The subtitle.
 * @csspart toolbar - The filters (status, type, Refresh; or tabs, search, sort, Favourites).
 * @csspart tabs - The All / Images / Videos / Texts tabs.
 * @csspart tab - One tab.
 * @csspart tab-selected - The selected tab.
 * @csspart search - The search field.
 * @csspart refresh-button - Refresh.
 * @csspart favourites-button - The Favourites filter.
 * @csspart selection-bar - Appears while something is selected.
 * @csspart scroller - The scrolling area.
 * @csspart grid - The jobs' or the assets' grid.
 * @csspart job - A job card.
 * @csspart job-thumbnail - A job's picture (its thumbnail, else its type's icon).
 * @csspart asset-type - A job's asset type.
 * @csspart time - A job's relative creation time.
 * @csspart prompt - A job's prompt.
 * @csspart progress - The progress bar of a queued or processing job.
 * @csspart error-message - A failed job's error.
 * @csspart disclosure - A job's show/hide assets button.
 * @csspart job-assets - A job's expanded assets.
 * @csspart badge - A status badge.
 * @csspart asset - An asset tile.
 * @csspart asset-selected - A selected asset tile.
 * @csspart media - A tile's artwork.
 * @csspart asset-title - A tile's title.
 * @csspart actions - A tile's action buttons.
 * @csspart checkbox - A tile's selection mark.
 * @csspart load-more - The "Load more" button.
 * @csspart toast - Messages (copied, deleted with Undo, download progress).
 * @csspart empty - The empty state.
 * @csspart cta - The empty state's call to action.
 * @csspart error - The error state.
 * @csspart retry-button - The error's retry button.
 *
 * @cssprop --gs-asset-gallery-height - Height of the scrolling area (default 70vh; on narrow screens the page scrolls instead).
 * @cssprop --gs-asset-gallery-tile-width - Smallest tile width (default 11rem).
 * @cssprop --gs-color-surface - Background.
 * @cssprop --gs-color-primary - Accents (selection, the call to action).
 */
export class AssetGallery extends GsElement {
  static override styles = [tokenStyles, statusBadgeStyles, bulkActionStyles, listStyles, emptyStateStyles, styles];

  /** `job` (default): job cards with their assets; `none`: every asset in one gallery. */
  @property({ attribute: 'group-by', reflect: true }) groupBy: GroupBy = 'job';

  /** The title (default "My Assets"; "Gallery" when not grouped). */
  @property() heading?: string;

  /** The line under the title. */
  @property() subheading?: string;

  /** Where the empty state's "Generate your first asset" links to; without it, it fires `gs-create`. */
  @property({ attribute: 'cta-href' }) ctaHref?: string;

  /** A project id: only its jobs and assets. */
  @property() project?: string;

  /** Milliseconds between polls while a job is queued or processing. */
  @property({ type: Number, attribute: 'poll-interval' }) pollInterval = 2000;

  /** Milliseconds the search waits after the last keystroke. */
  @property({ type: Number, attribute: 'search-delay' }) searchDelay = 300;

  /** Milliseconds the pointer rests on a video before its muted preview plays. */
  @property({ type: Number, attribute: 'hover-delay' }) hoverDelay = 400;

  /** Overrides any label, over the locale's (the keys of `<tag>.strings.ts`; a nested group is replaced whole). */
  @property({ attribute: false }) strings: Partial<typeof defaultStrings> = {};

  /** The filters in effect: `status`, `asset_type` (by job); `kind`, `q`, `sort`, `favorite` (not grouped). */
  @property({ attribute: false }) filters: ListFilter = { sort: 'newest' };

  @state() private announcement = '';
  @state() private searchText = '';
  /** The asset the pointer or focus is on: its tile renders all its actions. */
  @state() private hot?: string;
  /** The job whose asset grid has (or last had) focus. */
  @state() private activePanel?: string;

  @query('media-preview') private preview?: MediaPreview;

  /** With a mouse, actions show on hover/focus only (and render only then); on touch they always show. */
  private readonly finePointer = matchMedia('(hover: hover) and (pointer: fine)');
  /** Asset ids with a change on its way (a second click waits for the first). */
  private readonly pending = new Set<string>();
  private madeFilter?: { from: ListFilter; groupBy: GroupBy; project: string | undefined; filter: ListFilter };

  private readonly apps = new AppRegistry(this, () => this.client);
  private readonly search = new DebounceController(this, () => this.searchDelay);
  private readonly hover = new HoverPlayController(this, () => this.hoverDelay);

  private readonly jobs = new PagedListController<Job>(this, {
    endpoint: jobsEndpoint,
    client: () => this.client,
    filter: () => this.listFilter,
    key: (j) => j.id,
    pageSize: 20,
    inProgress,
    interval: () => this.pollInterval,
    onMerge: (merge) => this.announceMerge(merge),
    onError: (error) => error instanceof ApiError && this.emit('gs-error', { error }),
    active: () => this.groupBy === 'job',
  });

  private readonly assets = new PagedListController<Asset, JobStatsData>(this, {
    endpoint: assetsEndpoint,
    client: () => this.client,
    filter: () => this.listFilter,
    key: (a) => a.id,
    interval: () => this.pollInterval,
    // Assets have no status: poll while any job runs, so its outputs appear on top when it finishes.
    extra: { fetch: async (client, signal) => (await client.get<JobStatsData>('/api/v1/jobs/stats', { signal })).data, active: (s) => s.queued + s.processing > 0 },
    onError: (error) => error instanceof ApiError && this.emit('gs-error', { error }),
    active: () => this.groupBy === 'none',
  });

  /** Every asset type among the user's jobs, for the type filter. */
  private readonly facets = new Task(this, {
    args: () => [this.client, this.groupBy === 'job'] as const,
    task: async ([client, byJob], { signal }) => (byJob ? (await client.get<{ asset_types: string[] }>('/api/v1/jobs/facets', { signal })).data.asset_types : []),
  });

  private readonly expanded = new ExpandedJobsController(this);
  private readonly jobAssets = new JobAssetsController(this, { client: () => this.client, onError: (error) => this.emit('gs-error', { error }) });

  private readonly selection = new SelectionController<Asset>(this, {
    items: () => this.assets.items,
    key: (a) => a.id,
    total: () => this.assets.total,
    scope: () => this.assets.scope,
    onChange: (count, all) => (this.announcement = all ? this.plural(this.text.allMatchingSelected, count) : this.plural(this.text.selected, count)),
  });

  private readonly viewport = new GridWindow(this, {
    count: () => this.list.items.length,
    list: () => this.groupBy === 'job',
    nearEnd: () => this.list.loadMore(),
    // --gs-asset-gallery-tile-width's default (11rem), before the probe can be measured.
    cellWidth: 176,
    textHeight: TILE_TEXT_PX,
    listRowHeight: JOB_ROW_PX,
    rowExtras: () => this.expanded.rowExtras(this.groupBy === 'job' ? this.jobs.items : NO_JOBS),
  });

  private readonly roving = new RovingFocusController(this, {
    count: () => this.list.items.length,
    columns: () => this.viewport.columns,
    element: (i) => this.renderRoot.querySelector<HTMLElement>(`[data-index="${i}"]`),
    reveal: (i) => this.viewport.scrollToIndex(i),
    onMove: (i, event) => this.groupBy === 'none' && event.shiftKey && this.selection.extendTo(i),
    onActivate: (i) => (this.groupBy === 'job' ? this.toggle(this.jobs.items[i]!) : this.openPreview(this.assets.items, i)),
  });

  /** Focus among the tiles of the expanded job that has it. */
  private readonly tileFocus = new RovingFocusController(this, {
    attribute: 'tile',
    count: () => this.panelAssets(this.activePanel).length,
    columns: () => this.expanded.columns(this.activePanel),
    element: (i) => this.expanded.panel(this.activePanel)?.querySelector<HTMLElement>(`[data-tile="${i}"]`),
    onActivate: (i) => this.openPreview(this.panelAssets(this.activePanel), i, this.jobs.items.find((j) => j.id === this.activePanel)),
  });

  private readonly bulk = new BulkActionsController(this, {
    client: () => this.client,
    strings: () => this.text,
    locale: () => this.resolvedLocale,
    trashApi: assetsTrash,
    ...listUpdates(this.assets, this.selection),
    announce: (message) => (this.announcement = message),
    onError: (error) => this.emit('gs-error', { error }),
  });

  private get text() {
    return this.localize('asset-gallery', defaultStrings, this.strings);
  }

  private plural(forms: Plural, n: number) {
    return plural(forms, n, this.resolvedLocale);
  }

  /** The list shown: jobs, or assets. */
  private get list(): PagedListController<Job> | PagedListController<Asset, JobStatsData> {
    return this.groupBy === 'job' ? this.jobs : this.assets;
  }

  /**
   * The one filter both the list and "all matching" use, built from `filters` for the grouping
   * shown — the same object while they do not change (the list keys it once per object).
   */
  private get listFilter(): ListFilter {
    const f = this.filters;
    const made = this.madeFilter;
    if (made && made.from === f && made.groupBy === this.groupBy && made.project === this.project) return made.filter;
    const project_id = this.project || undefined;
    const filter: ListFilter =
      this.groupBy === 'job'
        ? { status: f.status, asset_type: f.asset_type, project_id, sort: 'newest' }
        : { kind: f.kind, q: f.q, favorite: f.favorite || undefined, project_id, sort: f.sort ?? 'newest' };
    this.madeFilter = { from: f, groupBy: this.groupBy, project: this.project, filter };
    return filter;
  }

  /** The items loaded so far: jobs (by job) or assets (not grouped). Settable, e.g. with fixtures. */
  get items(): Job[] | Asset[] {
    return this.list.items;
  }
  set items(items: Job[] | Asset[]) {
    if (this.groupBy === 'job') this.jobs.setItems(items as Job[]);
    else this.assets.setItems(items as Asset[]);
  }

  /** How many jobs or assets match on the server. */
  get total(): number {
    return this.list.total;
  }

  /** The ids of the expanded jobs. */
  get expandedJobs(): string[] {
    return this.expanded.ids;
  }

  /** How many assets are selected (all matching counts the server's total). */
  get selectedCount(): number {
    return this.selection.count;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    definePreview();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('groupBy') && changed.get('groupBy') !== undefined) {
      // Each grouping has its own filters; the other's would mean nothing here.
      this.filters = { sort: 'newest' };
      this.expanded.clear();
    }
    if (changed.has('filters') || changed.has('groupBy') || changed.has('project')) {
      this.searchText = this.filters.q ?? '';
      this.viewport.reset();
    }
    if (changed.has('groupBy')) this.viewport.measure();
  }

  /** Looks for new and changed items now (call it after the host page started a job). */
  refresh(): Promise<void> {
    if (this.groupBy === 'job') void this.facets.run();
    return this.list.refresh();
  }

  /** Loads the list again from the first page. */
  reload(): Promise<void> {
    return this.list.reload();
  }

  /** Shows or hides a job's assets. */
  toggle(job: Job | string): void {
    const id = typeof job === 'string' ? job : job.id;
    const open = this.expanded.toggle(id);
    const name = typeof job === 'string' ? id : jobName(job, this.apps.find(job.app_id), this.text);
    this.announcement = open ? this.text.assetsOf(name) : '';
  }

  /** Changes one filter (the list reloads; the search is debounced by its field). */
  setFilter<K extends keyof ListFilter>(key: K, value: ListFilter[K]): void {
    this.filters = { ...this.filters, [key]: value };
  }

  /** Asks, then moves the selected assets to the trash, with an Undo toast. */
  deleteSelected(): Promise<void> {
    return this.bulk.delete(this.selection.count, () => this.selection.keys(() => this.assets.allKeys()));
  }

  /** Downloads the selected assets as one ZIP streamed in the browser (progress and Cancel shown). */
  downloadSelected(): Promise<void> {
    // All matching: the server resolves the same filter the list sends.
    const body = this.selection.allMatching ? { asset_filter: assetDownloadFilter(this.listFilter) } : { asset_ids: this.selection.loadedKeys };
    return this.bulk.downloadZip(this.selection.count, body);
  }

  private handleSearch(event: Event) {
    this.searchText = (event.target as HTMLInputElement).value;
    this.search.call(() => this.searchText !== (this.filters.q ?? '') && this.setFilter('q', this.searchText));
  }

  private announceMerge({ added, changed }: ListMerge<Job>) {
    const t = this.text;
    const moved = changed.filter((c) => c.before.status !== c.after.status).map((c) => t.nowStatus(jobName(c.after, this.apps.find(c.after.app_id), t), t[statusKey(c.after.status)]));
    const parts = [...(added.length ? [this.plural(t.added, added.length)] : []), ...moved];
    if (parts.length) this.announcement = parts.join('. ');
  }

  private panelAssets(jobId: string | undefined): Asset[] {
    const job = jobId ? this.jobs.items.find((j) => j.id === jobId) : undefined;
    return (job && this.jobAssets.assets(job)) ?? [];
  }

  private handlePanelKeyDown(job: Job, event: KeyboardEvent) {
    this.activePanel = job.id;
    if (this.tileFocus.handleKeyDown(event)) {
      event.stopPropagation();
    } else if (event.key === 'Escape') {
      // Out of the job's assets, back to its card.
      event.stopPropagation();
      const index = this.jobs.items.indexOf(job);
      if (index >= 0) void this.roving.focus(index);
    }
  }

  private handlePanelFocusIn(job: Job, event: FocusEvent) {
    if (this.activePanel !== job.id) this.activePanel = job.id;
    this.tileFocus.handleFocusIn(event);
  }

  /** Opens the preview over `assets` at `index` (with its job's details when they are a job's). */
  openPreview(assets: Asset[], index: number, job?: Job): void {
    if (!assets[index]) return;
    const context = job && jobContext(job, this.apps.find(job.app_id));
    this.preview?.show(index, context ? assets.map((a) => ({ ...a, context })) : assets);
  }

  private clickTile(event: MouseEvent, assets: Asset[], index: number, selectable: boolean, job?: Job) {
    const toggle = event.composedPath().some((node) => node instanceof HTMLElement && node.dataset.select === 'toggle');
    // While something is selected, a click selects too (as in photo libraries); else it opens.
    if (selectable && (toggle || event.shiftKey || event.ctrlKey || event.metaKey || this.selection.count)) this.selection.handleClick(event, index);
    else this.openPreview(assets, index, job);
  }

  private async copyLink(asset: Asset) {
    const t = this.text;
    const link = shareLink(asset);
    if (!link) return;
    if (!(await copyText(link.href))) return this.bulk.notify(t.copyFailed);
    usageRecorder(this.client).record([asset.id], 'share');
    this.bulk.notify(link.expires ? t.linkCopied(formatDateTime(link.expires, this.resolvedLocale)) : t.publicLinkCopied, 8000);
  }

  private async copyAssetText(asset: Asset) {
    const t = this.text;
    this.bulk.notify((await copyText(asset.text ?? '')) ? t.textCopied : t.copyFailed);
  }

  private replaceAsset(asset: Asset) {
    this.assets.replace(asset);
    this.jobAssets.replace(asset);
  }

  /**
   * Shows a change at once, then saves it; the API's answer replaces it, and a refusal puts the
   * asset back as it was (and says so).
   */
  private async change(asset: Asset, kind: 'visibility' | 'favorite') {
    if (this.pending.has(asset.id)) return;
    this.pending.add(asset.id);
    const t = this.text;
    const name = assetName(asset, t);
    const path = `/api/v1/assets/${encodeURIComponent(asset.id)}`;
    const optimistic = kind === 'visibility' ? { ...asset, is_public: !asset.is_public, public_url: null } : { ...asset, favorite: !asset.favorite };
    this.replaceAsset(optimistic);
    try {
      const { data } =
        kind === 'visibility'
          ? await this.client.request<Asset>(`${path}/visibility`, { method: 'PUT', body: { is_public: optimistic.is_public } })
          : await this.client.request<Asset>(path, { method: 'PATCH', body: { favorite: optimistic.favorite } });
      this.replaceAsset(data);
      if (kind === 'visibility') this.announcement = data.is_public ? t.nowPublic(name) : t.nowPrivate(name);
      this.emit('gs-asset-change', { asset: data, change: kind });
    } catch (err) {
      this.replaceAsset(asset);
      this.bulk.notify(t.changeFailed);
      if (err instanceof ApiError) this.emit('gs-error', { error: err });
    } finally {
      this.pending.delete(asset.id);
    }
  }

  /** The pointer and focus have left asset `id`'s tile: back to its marks only. */
  private cool(id: string) {
    if (this.hot === id) this.hot = undefined;
  }

  private create() {
    this.emit('gs-create', { project: this.project || null });
  }

  override render() {
    const t = this.text;
    const byJob = this.groupBy === 'job';
    const count = this.selection.count;
    return html`<div part="base" class="base ${byJob ? 'by-job' : 'flat'} ${count ? 'selecting' : ''}">
      ${guard([t, byJob, this.heading, this.subheading], () => renderHeader(this.heading ?? (byJob ? t.heading : t.flatHeading), this.subheading ?? (byJob ? t.subheading : t.flatSubheading)))}
      ${guard([t, byJob, this.filters, this.facets.value, this.jobs.polling, this.searchText], () => this.renderFilters(t, byJob))}
      ${!byJob && (count || this.selection.confirmingAll)
        ? renderSelectionBar({
            text: t,
            selection: this.selection,
            total: this.assets.total,
            downloading: !!this.bulk.download,
            locale: this.resolvedLocale,
            onDownload: () => void this.downloadSelected(),
            onDelete: () => void this.deleteSelected(),
          })
        : nothing}
      <div id="gallery-body" class="body" role=${byJob ? nothing : 'tabpanel'} aria-label=${byJob ? nothing : t.tabs[this.filters.kind ?? '']}>${this.renderBody()}</div>
      ${this.bulk.render()}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      <media-preview .tokenProvider=${this.tokenProvider} api=${this.api ?? nothing} token=${this.token ?? nothing} ?anonymous=${this.anonymous} theme=${this.theme} locale=${this.locale ?? nothing}></media-preview>
    </div>`;
  }

  /**
   * The scroller is there in every state (idle: as tall as its content), so the grid's columns are
   * measured before the first items arrive and they render once, in place.
   */
  private renderFilters(t: typeof defaultStrings, byJob: boolean) {
    return byJob
      ? renderJobFilters({
          text: t,
          filters: this.filters,
          types: this.facets.value ?? [],
          refreshing: this.jobs.polling,
          onFilter: (key, value) => this.setFilter(key, value),
          onRefresh: () => void this.refresh(),
        })
      : renderFlatFilters({
          text: t,
          filters: this.filters,
          searchText: this.searchText,
          panel: 'gallery-body',
          onKind: (kind) => this.setFilter('kind', kind),
          onSearch: (e) => this.handleSearch(e),
          onSort: (sort) => this.setFilter('sort', sort),
          onFavourites: () => this.setFilter('favorite', !this.filters.favorite),
        });
  }

  private renderBody() {
    const t = this.text;
    const list = this.list;
    const { items } = list;
    const error = list.error;
    const content =
      error && !items.length ? errorState(error, t, () => void this.reload()) : !items.length && !list.loaded ? this.renderSkeleton() : !items.length ? this.renderEmpty() : undefined;
    return html`<div part="scroller" class="scroller ${content ? 'idle' : ''}">
      <div class="cell-probe" aria-hidden="true"></div>
      ${content ?? this.renderGrid()}
    </div>`;
  }

  private renderGrid() {
    const t = this.text;
    const list = this.list;
    const { items, loading } = list;
    const byJob = this.groupBy === 'job';
    const { columns: cols, rowHeight } = this.viewport;
    const first = Math.min(this.viewport.first, items.length);
    const last = Math.min(this.viewport.last, items.length);
    return html`<div
        part="grid"
        class="grid ${byJob ? 'jobs' : 'tiles'}"
        role="grid"
        aria-label=${byJob ? t.jobsLabel : t.assetsLabel}
        aria-multiselectable=${byJob ? nothing : 'true'}
        aria-rowcount=${list.hasMore ? -1 : this.viewport.rows(items.length)}
        aria-colcount=${cols}
        aria-busy=${loading ? 'true' : 'false'}
        style=${styleMap({ height: `${this.viewport.totalHeight(items.length)}px`, '--_cols': String(cols), '--_row': `${rowHeight}px` })}
        @keydown=${(e: KeyboardEvent) => this.roving.handleKeyDown(e) || (!byJob && this.selection.handleKeyDown(e))}
        @focusin=${this.roving.handleFocusIn}
      >
        ${byJob
          ? this.viewport.renderRows(this.jobs.items, (job, index) => this.renderJob(job, index, first, last), placeholder('job'))
          : this.viewport.renderRows(this.assets.items, (asset, index, col) => this.renderFlatTile(asset, index, col, first, last), placeholder('tile'))}
      </div>
      ${renderLoadMore(t, loading && items.length > 0, list.hasMore, () => list.loadMore())}`;
  }

  private renderJob(job: Job, index: number, first: number, last: number) {
    const expanded = this.expanded.has(job.id);
    const assets = expanded ? this.jobAssets.assets(job) : undefined;
    const poster = assets?.find((a) => a.asset_type === 'thumbnail' && a.kind === 'image' && a.url)?.url;
    return renderJobCard(job, {
      index,
      tabIndex: this.roving.tabIndex(index, first, last),
      expanded,
      assets,
      failed: expanded && !!this.jobAssets.error(job.id),
      app: this.apps.find(job.app_id),
      text: this.text,
      locale: this.resolvedLocale,
      onToggle: () => this.toggle(job),
      onRetry: () => this.jobAssets.retry(job.id),
      onPanelKeyDown: (e) => this.handlePanelKeyDown(job, e),
      onPanelFocusIn: (e) => this.handlePanelFocusIn(job, e),
      tile: (asset, i) =>
        this.tile(asset, assets!, i, {
          attribute: 'tile',
          tabIndex: this.activePanel === job.id ? this.tileFocus.tabIndex(i, 0, assets!.length) : i === 0 ? 0 : -1,
          selectable: false,
          poster,
          job,
        }),
    });
  }

  private renderFlatTile(asset: Asset, index: number, col: number, first: number, last: number) {
    return this.tile(asset, this.assets.items, index, { attribute: 'index', col, tabIndex: this.roving.tabIndex(index, first, last), selectable: true });
  }

  private tile(asset: Asset, all: Asset[], index: number, o: { attribute: 'index' | 'tile'; col?: number; tabIndex: 0 | -1; selectable: boolean; poster?: string | null; job?: Job }) {
    return renderTile(asset, {
      ...o,
      index,
      selected: o.selectable && this.selection.has(asset),
      text: this.text,
      locale: this.resolvedLocale,
      onClick: (e) => this.clickTile(e, all, index, o.selectable, o.job),
      onDownload: () => saveAsset(this.client, asset),
      onCopyLink: () => void this.copyLink(asset),
      onCopyText: () => void this.copyAssetText(asset),
      onToggleVisibility: () => void this.change(asset, 'visibility'),
      onToggleFavourite: () => void this.change(asset, 'favorite'),
      actions: this.hot === asset.id || !this.finePointer.matches,
      onPointerEnter: (e) => {
        this.hot = asset.id;
        this.hover.enter(e);
      },
      onPointerLeave: (e) => {
        this.hover.leave();
        if (!(e.currentTarget as HTMLElement).matches(':focus-within')) this.cool(asset.id);
      },
      onFocusIn: () => (this.hot = asset.id),
      onFocusOut: (e) => {
        const tile = e.currentTarget as HTMLElement;
        if (!tile.contains(e.relatedTarget as Node | null) && !tile.matches(':hover')) this.cool(asset.id);
      },
    });
  }

  private renderSkeleton() {
    const t = this.text;
    const byJob = this.groupBy === 'job';
    return html`<div class="skeletons ${byJob ? 'jobs' : 'tiles'}" role="status" aria-label=${t.loading}>
      ${Array.from({ length: byJob ? 4 : 10 }, () => (byJob ? html`<div class="job-skeleton skeleton"></div>` : html`<div class="tile-skeleton skeleton"></div>`))}
    </div>`;
  }

  private renderEmpty() {
    const t = this.text;
    if (isFiltered({ ...this.listFilter, project_id: undefined })) {
      return html`<div part="empty" class="empty">
        <p>${t.noMatch}</p>
        <button type="button" class="clear-filters" @click=${() => (this.filters = { sort: this.filters.sort })}>${t.clearFilters}</button>
      </div>`;
    }
    return html`<div part="empty" class="empty">
      <slot name="empty">
        <span class="empty-icon" aria-hidden="true">${galleryIcon}</span>
        <h3 class="empty-title">${t.empty}</h3>
        <p class="empty-hint">${t.emptyHint}</p>
        ${this.ctaHref
          ? html`<a part="cta" class="cta" href=${this.ctaHref}>${plusIcon}<span>${t.cta}</span></a>`
          : html`<button part="cta" class="cta" type="button" @click=${() => this.create()}>${plusIcon}<span>${t.cta}</span></button>`}
      </slot>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'asset-gallery': AssetGallery;
  }
}
