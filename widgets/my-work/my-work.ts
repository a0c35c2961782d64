import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import { ApiError, type ApiClient } from '../base/api-client.ts';
import { bulkDownload, BulkDownloadError } from '../base/bulk-download.ts';
import { ConfirmController } from '../base/confirm-controller.ts';
import { formatBytes, formatDateTime, formatNumber, formatRelativeTime } from '../base/format.ts';
import { GsElement } from '../base/gs-element.ts';
import { checkIcon, downloadIcon, eyeIcon, redoIcon } from '../base/icons.ts';
import { labels } from '../base/labels.ts';
import { PollingController } from '../base/polling-controller.ts';
import { saveUrl } from '../base/save-url.ts';
import { usageRecorder } from '../base/usage-events.ts';
import { ToastController } from '../base/toast-controller.ts';
import { statusBadge, statusBadgeStyles } from '../base/status.ts';
import { appColor, statusKey, tokenStyles } from '../base/tokens.styles.ts';
import type { AppInfo, Asset, Job, JobsPage, JobStatsData } from '../base/types.ts';
import { MediaPreview } from '../media-preview/media-preview.ts';
import { GridWindow } from './grid-window.ts';
import { defaultStrings } from './my-work.strings.ts';
import { styles } from './my-work.styles.ts';


const STATUSES = ['completed', 'processing', 'queued', 'failed', 'partial'] as const;
const KINDS = ['video', 'image', 'text'] as const;
const PAGE = 50;
const DELETE_CHUNK = 500;
/** `POST /api/v1/downloads` takes at most this many jobs (ids, or a filter matching as many). */
const DOWNLOAD_MAX_JOBS = 500;

export interface MyWorkFilters {
  app: string;
  status: string;
  /** Jobs with an output of this kind: `video`, `image`, `text` ('' for all). */
  kind: '' | 'video' | 'image' | 'text';
  q: string;
  sort: 'newest' | 'oldest';
}

interface PollValue {
  stats: JobStatsData;
  /** Loaded items queued or processing. */
  inProgress: number;
}

/** Polled while anything is queued or processing: loaded, or (per the stats) anywhere, e.g. a job started a moment ago. */
const pollable = (v: PollValue) => v.inProgress > 0 || v.stats.queued + v.stats.processing > 0;

/**
 * @tag my-work
 * @summary The whole "My work" page: stats, filters, search, sort, a virtualised grid or list of
 * every job with selection, bulk delete with undo, bulk download as a ZIP, preview and regenerate.
 *
 * Lists `GET /api/v1/jobs` page by page with its cursor as the user scrolls; only the rows in view
 * (plus a few) are in the DOM, so 10,000 items stay smooth. Polls every `poll-interval` ms while
 * anything is queued or processing (shown, or per the stats); jobs started meanwhile appear on top
 * (`refresh()` looks at once). Selection: click (one), ctrl/cmd-click or the checkbox (toggle),
 * shift-click (range), Space; "select all N matching" selects every job the filters
 * match on the server. Keyboard: arrows, Home/End between items, Enter opens the preview, Space
 * selects, Escape clears the selection.
 *
 * Uses `<media-preview>` for previews (registered under that name when it is not yet).
 *
 * @fires gs-regenerate - "Regenerate" on a job: `detail: {id, job, prompt, params, app_id}`.
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
 * @csspart thumbnail - An item's app-coloured tile or thumbnail.
 * @csspart title - An item's project name or prompt.
 * @csspart meta - An item's app and time.
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
  static override styles = [tokenStyles, statusBadgeStyles, styles];

  /** `grid` or `list`. */
  @property({ reflect: true }) view: 'grid' | 'list' = 'grid';

  /** Milliseconds between polls while something is in progress. */
  @property({ type: Number, attribute: 'poll-interval' }) pollInterval = 2000;

  /** Milliseconds the search waits after the last keystroke. */
  @property({ type: Number, attribute: 'search-delay' }) searchDelay = 300;

  /** Labels, for another language. */
  @property({ attribute: false }) strings: Partial<typeof defaultStrings> = {};

  /** The filters in effect (set to start filtered). */
  @property({ attribute: false }) filters: MyWorkFilters = { app: '', status: '', kind: '', q: '', sort: 'newest' };

  /** The jobs loaded so far, in order. */
  @state() items: Job[] = [];
  /** Matching jobs on the server (`total`). */
  @state() total = 0;
  @state() private hasMore = false;
  @state() private loading = true;
  @state() private loadError?: ApiError;
  @state() private apps: AppInfo[] = [];
  @state() private selected = new Set<string>();
  /** Every job matching the filters is selected (on the server). */
  @state() allMatching = false;
  @state() private confirmingAll = false;
  @state() private download?: { files: number; totalFiles: number; bytes: number; totalBytes: number; abort: AbortController };
  @state() private announcement = '';
  @state() private active = 0;
  @state() private searchText = '';

  @query('media-preview') private preview?: MediaPreview;

  private cursor: string | null = null;
  private anchor = -1;
  private listAbort?: AbortController;
  private searchTimer?: ReturnType<typeof setTimeout>;
  private readonly confirm = new ConfirmController(this);
  private readonly toast = new ToastController<{ message: string; undo?: string[] }>(this, (message) => (this.announcement = message));
  private generation = 0;
  /** The stats of the last poll, to tell when they change. */
  private seenStats?: JobStatsData;

  private readonly viewport = new GridWindow(this, {
    scroller: () => this.renderRoot?.querySelector<HTMLElement>('.scroller'),
    probe: () => this.renderRoot?.querySelector<HTMLElement>('.cell-probe'),
    count: () => this.items.length,
    list: () => this.view === 'list',
    nearEnd: () => {
      if (this.hasMore && !this.loading) void this.loadMore();
    },
  });

  private readonly poller = new PollingController<PollValue, readonly [ApiClient, string]>(this, {
    args: () => [this.client, JSON.stringify(this.filters)] as const,
    // A delete or restore by another element on this client (or this one) shows at once.
    changes: () => this.client,
    fetch: ([client], signal) => this.poll(client, signal),
    active: pollable,
    interval: () => this.pollInterval,
  });

  private get text() {
    return labels(defaultStrings, this.strings);
  }

  private get num() {
    return (n: number) => formatNumber(n, this.resolvedLocale);
  }

  /** How many are selected (all matching counts the server's total). */
  get selectedCount(): number {
    return this.allMatching ? this.total : this.selected.size;
  }

  /** The ids selected among the loaded items (all loaded when all matching). */
  get selectedIds(): string[] {
    return this.allMatching ? this.items.map((j) => j.id) : [...this.selected];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!customElements.get('media-preview')) MediaPreview.define('media-preview');
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.listAbort?.abort();
    this.download?.abort.abort();
    clearTimeout(this.searchTimer);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('filters') || changed.has('api') || changed.has('token') || changed.has('tokenProvider') || changed.has('anonymous')) {
      if (changed.has('filters')) this.searchText = this.filters.q;
      void this.reload();
    }
    if (changed.has('view')) this.viewport.measure();
  }

  protected override firstUpdated(): void {
    void this.client.apps().then(
      (apps) => (this.apps = apps),
      () => undefined,
    );
  }

  /** Loads the list again from the first page. */
  async reload(): Promise<void> {
    this.listAbort?.abort();
    this.items = [];
    this.cursor = null;
    this.hasMore = false;
    this.total = 0;
    this.loadError = undefined;
    this.allMatching = false;
    this.confirmingAll = false;
    this.selected = new Set();
    this.anchor = -1;
    this.active = 0;
    this.viewport.reset();
    await this.loadMore();
  }

  /**
   * Looks for new and changed jobs now — call it right after the host page started a job. (Polling
   * finds them by itself while anything is in progress, and once when the tab is shown again.)
   */
  refresh(): Promise<void> {
    return this.poller.refresh();
  }

  private query(extra: Record<string, string> = {}): string {
    const f = this.filters;
    const p = new URLSearchParams({ limit: String(PAGE), sort: f.sort });
    if (f.app) p.set('app', f.app);
    if (f.status) p.set('status', f.status);
    if (f.kind) p.set('kind', f.kind);
    if (f.q.trim()) p.set('q', f.q.trim());
    for (const [k, v] of Object.entries(extra)) p.set(k, v);
    return p.toString();
  }

  /** Loads the next page (the first when nothing is loaded). */
  async loadMore(): Promise<void> {
    if (this.items.length && !this.hasMore) return;
    if (this.listAbort && !this.listAbort.signal.aborted && this.loading && this.items.length) return;
    const abort = new AbortController();
    this.listAbort = abort;
    const generation = ++this.generation;
    this.loading = true;
    try {
      const { data } = await this.client.get<JobsPage>(`/api/v1/jobs?${this.query(this.cursor ? { cursor: this.cursor } : {})}`, { signal: abort.signal });
      if (generation !== this.generation) return;
      const known = new Set(this.items.map((j) => j.id));
      this.items = [...this.items, ...data.jobs.filter((j) => !known.has(j.id))];
      this.total = data.total;
      this.cursor = data.next_cursor;
      this.hasMore = data.has_more && !!data.next_cursor;
      this.loadError = undefined;
      // Something new may be in progress: poll.
      if (data.jobs.some(inProgress) && !this.poller.scheduled) void this.poller.refresh();
    } catch (err) {
      if (abort.signal.aborted || generation !== this.generation) return;
      if (err instanceof ApiError) {
        this.loadError = err;
        this.emit('gs-error', { error: err });
      } else throw err;
    } finally {
      if (generation === this.generation) this.loading = false;
    }
    await this.updateComplete;
    this.viewport.update();
  }

  /**
   * Stats; when they changed (not a 304), jobs new since the list loaded; and fresh copies of the
   * loaded jobs that are in progress.
   */
  private async poll(client: ApiClient, signal: AbortSignal): Promise<PollValue> {
    const { data: stats } = await client.get<JobStatsData>('/api/v1/jobs/stats', { signal });
    const seen = this.seenStats;
    this.seenStats = stats;
    if (seen && seen !== stats && this.items.length) await this.addNewJobs(client, signal);
    const watched = this.items.filter(inProgress);
    let updates: Job[] = [];
    if (watched.length) {
      // The newest 100 in progress in one request; the ones that left it (finished) one by one, 20 per poll at most.
      const p = new URLSearchParams({ status: 'queued,processing', limit: '100' });
      const { data } = await client.get<JobsPage>(`/api/v1/jobs?${p}`, { signal });
      const still = new Set(data.jobs.map((j) => j.id));
      const done = data.has_more ? [] : watched.filter((j) => !still.has(j.id)).slice(0, 20);
      const fresh = await Promise.all(done.map((j) => client.get<Job>(`/api/v1/jobs/${encodeURIComponent(j.id)}`, { signal }).then((r) => r.data, () => undefined)));
      updates = [...data.jobs, ...fresh.filter((j): j is Job => !!j)];
      this.merge(updates);
    }
    return { stats, inProgress: this.items.filter(inProgress).length };
  }

  /**
   * Jobs created after the newest loaded one that match the filters: on top (newest first), or at
   * the end when sorted oldest first and the end is loaded (else paging reaches them).
   */
  private async addNewJobs(client: ApiClient, signal: AbortSignal) {
    const generation = this.generation;
    const newest = this.items.reduce((max, j) => (j.created_at > max ? j.created_at : max), '');
    const { data } = await client.get<JobsPage>(`/api/v1/jobs?${this.query({ sort: 'newest' })}`, { signal });
    if (generation !== this.generation) return;
    const known = new Set(this.items.map((j) => j.id));
    const fresh = data.jobs.filter((j) => !known.has(j.id) && j.created_at >= newest);
    this.total = data.total;
    if (!fresh.length) return;
    if (this.filters.sort === 'newest') {
      this.items = [...fresh, ...this.items];
      // Keeps the keyboard position and the shift-click anchor on the same jobs.
      this.active += fresh.length;
      if (this.anchor >= 0) this.anchor += fresh.length;
    } else if (!this.hasMore) {
      this.items = [...this.items, ...fresh.reverse()];
    }
    this.announcement = this.text.added(this.num(fresh.length));
  }

  private merge(updates: Job[]) {
    const byId = new Map(updates.map((j) => [j.id, j]));
    const t = this.text;
    const moved: string[] = [];
    let changed = false;
    const next = this.items.map((j) => {
      const u = byId.get(j.id);
      if (!u || (u.status === j.status && u.progress === j.progress && u.thumbnail_url === j.thumbnail_url)) return j;
      changed = true;
      if (u.status !== j.status) moved.push(t.nowStatus(this.nameOf(u), t[statusKey(u.status)]));
      return u;
    });
    if (changed) this.items = next;
    if (moved.length) this.announcement = moved.join('. ');
  }

  private nameOf(j: Job): string {
    return j.project_name || j.prompt || this.text.untitled;
  }

  // ---- keyboard focus ----------------------------------------------------------------------------

  private async focusIndex(index: number) {
    const i = Math.max(0, Math.min(this.items.length - 1, index));
    this.active = i;
    this.viewport.scrollToIndex(i);
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`[data-index="${i}"]`)?.focus();
    if (i >= this.items.length - this.viewport.columns && this.hasMore) void this.loadMore();
  }

  // ---- filters ---------------------------------------------------------------------------------

  /** Changes one filter (the list reloads; the search is debounced by the input handler). */
  setFilter<K extends keyof MyWorkFilters>(key: K, value: MyWorkFilters[K]): void {
    this.filters = { ...this.filters, [key]: value };
  }

  private handleSearch(event: Event) {
    this.searchText = (event.target as HTMLInputElement).value;
    clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => {
      if (this.searchText !== this.filters.q) this.setFilter('q', this.searchText);
    }, this.searchDelay);
  }

  private get filtered(): boolean {
    const f = this.filters;
    return !!(f.app || f.status || f.kind || f.q);
  }

  // ---- selection -------------------------------------------------------------------------------

  /** Selects by a click's modifiers: plain (only this), ctrl/cmd (toggle), shift (range from the last one). */
  selectIndex(index: number, mode: 'only' | 'toggle' | 'range' = 'only'): void {
    const job = this.items[index];
    if (!job) return;
    const selected = this.allMatching ? new Set(this.items.map((j) => j.id)) : new Set(this.selected);
    this.allMatching = false;
    this.confirmingAll = false;
    if (mode === 'range' && this.anchor >= 0) {
      const [a, b] = [Math.min(this.anchor, index), Math.max(this.anchor, index)];
      for (let i = a; i <= b; i++) selected.add(this.items[i]!.id);
    } else if (mode === 'toggle') {
      if (selected.has(job.id)) selected.delete(job.id);
      else selected.add(job.id);
      this.anchor = index;
    } else {
      selected.clear();
      selected.add(job.id);
      this.anchor = index;
    }
    this.selected = selected;
    this.active = index;
    this.announcement = this.text.selected(this.num(this.selectedCount));
  }

  /** Clears the selection. */
  clearSelection(): void {
    if (!this.selected.size && !this.allMatching) return;
    this.selected = new Set();
    this.allMatching = false;
    this.confirmingAll = false;
    this.anchor = -1;
    this.announcement = this.text.selected('0');
  }

  /** Selects every job matching the filters (on the server), after `confirmingAll`. */
  selectAllMatching(): void {
    this.allMatching = true;
    this.confirmingAll = false;
    this.announcement = this.text.allMatchingSelected(this.num(this.total));
  }

  private isSelected(job: Job): boolean {
    return this.allMatching || this.selected.has(job.id);
  }

  private handleItemClick(event: MouseEvent, index: number) {
    // The checkbox adds to (or takes from) the selection, as in any photo or mail app; the rest of the item selects only it.
    const onCheckbox = event.composedPath().some((node) => node instanceof HTMLElement && node.classList.contains('checkbox'));
    const mode = event.shiftKey ? 'range' : event.ctrlKey || event.metaKey || onCheckbox ? 'toggle' : 'only';
    this.selectIndex(index, mode);
  }

  private handleKeyDown(event: KeyboardEvent) {
    const origin = event.composedPath()[0] as HTMLElement;
    const cell = origin.closest?.('[data-index]') as HTMLElement | null;
    if (event.key === 'Escape') {
      if (this.selectedCount) {
        event.preventDefault();
        this.clearSelection();
      }
      return;
    }
    if (!cell || origin !== cell) return;
    const index = Number(cell.dataset.index);
    const cols = this.viewport.columns;
    const moves: Record<string, number> = {
      ArrowRight: index + 1,
      ArrowLeft: index - 1,
      ArrowDown: index + cols,
      ArrowUp: index - cols,
      Home: event.ctrlKey ? 0 : index - (index % cols),
      End: event.ctrlKey ? this.items.length - 1 : Math.min(this.items.length - 1, index - (index % cols) + cols - 1),
      PageDown: index + cols * 4,
      PageUp: index - cols * 4,
    };
    if (this.view === 'list') {
      moves.Home = 0;
      moves.End = this.items.length - 1;
    }
    if (event.key in moves) {
      event.preventDefault();
      const target = Math.max(0, Math.min(this.items.length - 1, moves[event.key]!));
      void this.focusIndex(target).then(() => {
        if (event.shiftKey) this.selectIndex(target, 'range');
      });
    } else if (event.key === ' ') {
      event.preventDefault();
      this.selectIndex(index, event.shiftKey ? 'range' : 'toggle');
    } else if (event.key === 'Enter') {
      event.preventDefault();
      void this.openPreview(this.items[index]!);
    } else if ((event.key === 'a' || event.key === 'A') && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      this.selected = new Set(this.items.map((j) => j.id));
      this.announcement = this.text.selected(this.num(this.selectedCount));
    }
  }

  // ---- actions ---------------------------------------------------------------------------------

  private async assetsOf(job: Job): Promise<Asset[]> {
    // Newest first from the API; the job's outputs read oldest first.
    const { data } = await this.client.get<Asset[]>(`/api/v1/jobs/${encodeURIComponent(job.id)}/assets`);
    return [...data].reverse();
  }

  /** Opens the preview over a job's assets. */
  async openPreview(job: Job): Promise<void> {
    try {
      const assets = (await this.assetsOf(job)).filter((a) => a.url || a.text);
      if (!assets.length) {
        this.announcement = this.text.nothingToPreview;
        return;
      }
      this.preview?.show(0, assets);
    } catch (err) {
      if (err instanceof ApiError) this.emit('gs-error', { error: err });
    }
  }

  /** Downloads a job's first output from its signed URL. */
  async quickDownload(job: Job): Promise<void> {
    try {
      const files = (await this.assetsOf(job)).filter((a) => a.download_url);
      const first = files.find((a) => a.asset_type !== 'thumbnail') ?? files[0];
      if (first?.download_url) {
        saveUrl(first.download_url);
        usageRecorder(this.client).record([first.id], 'download');
      }
    } catch (err) {
      this.announcement = this.text.downloadFailed;
      if (err instanceof ApiError) this.emit('gs-error', { error: err });
    }
  }

  private regenerate(job: Job) {
    this.emit('gs-regenerate', { id: job.id, job, prompt: job.prompt, params: job.params, app_id: job.app_id });
  }

  /** Every id matching the filters, read from the server page by page. */
  private async allMatchingIds(): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const { data }: { data: JobsPage } = await this.client.get<JobsPage>(`/api/v1/jobs?${this.query(cursor ? { limit: '100', cursor } : { limit: '100' })}`);
      ids.push(...data.jobs.map((j) => j.id));
      cursor = data.has_more ? data.next_cursor : null;
    } while (cursor);
    return ids;
  }

  /** Asks, then moves the selection to the trash, with an Undo toast. */
  async deleteSelected(): Promise<void> {
    const t = this.text;
    const count = this.selectedCount;
    if (!count) return;
    if (!(await this.confirm.ask(t.confirmDelete(this.num(count)), t.delete))) return;
    try {
      const ids = this.allMatching ? await this.allMatchingIds() : this.selectedIds;
      const trashed: string[] = [];
      for (let i = 0; i < ids.length; i += DELETE_CHUNK) {
        const { data } = await this.client.request<{ ids: string[] }>('/api/v1/jobs/bulk-delete', { method: 'POST', body: { ids: ids.slice(i, i + DELETE_CHUNK) } });
        trashed.push(...data.ids);
      }
      const gone = new Set(trashed);
      this.items = this.items.filter((j) => !gone.has(j.id));
      this.total = Math.max(0, this.total - gone.size);
      this.selected = new Set();
      this.allMatching = false;
      this.active = Math.min(this.active, Math.max(0, this.items.length - 1));
      // The stats (here and in the other elements on this client) follow through the client's `change`.
      this.toast.show({ message: t.deleted(this.num(gone.size)), undo: trashed });
      if (this.items.length < PAGE && this.hasMore) void this.loadMore();
    } catch (err) {
      if (err instanceof ApiError) this.emit('gs-error', { error: err });
    }
  }

  /** Restores jobs deleted a moment ago. */
  async undoDelete(ids: string[]): Promise<void> {
    this.toast.dismiss();
    try {
      let count = 0;
      for (let i = 0; i < ids.length; i += DELETE_CHUNK) {
        const { data } = await this.client.request<{ count: number }>('/api/v1/jobs/restore', { method: 'POST', body: { ids: ids.slice(i, i + DELETE_CHUNK) } });
        count += data.count;
      }
      this.announcement = this.text.restored(this.num(count));
      await this.reload();
    } catch (err) {
      if (err instanceof ApiError) this.emit('gs-error', { error: err });
    }
  }

  /** Downloads the selection as one ZIP streamed in the browser (progress and Cancel shown). */
  async downloadSelected(): Promise<void> {
    const t = this.text;
    if (!this.selectedCount || this.download) return;
    if (this.selectedCount > DOWNLOAD_MAX_JOBS) {
      this.toast.show({ message: t.tooManyToDownload(this.num(DOWNLOAD_MAX_JOBS), this.num(this.selectedCount)) }, 8000);
      return;
    }
    const abort = new AbortController();
    this.download = { files: 0, totalFiles: 0, bytes: 0, totalBytes: 0, abort };
    try {
      const f = this.filters;
      // All matching: the server resolves the filters itself (the same ones the list sends).
      const body = this.allMatching
        ? { filter: { ...(f.status ? { status: [f.status] } : {}), ...(f.app ? { app: f.app } : {}), ...(f.kind ? { kind: f.kind } : {}), ...(f.q.trim() ? { q: f.q.trim() } : {}) } }
        : { job_ids: this.selectedIds };
      const result = await bulkDownload(this.client, {
        body,
        signal: abort.signal,
        onProgress: (p) => {
          if (this.download?.abort === abort) this.download = { ...p, abort };
        },
        confirm: (bytes, count) => this.confirm.ask(t.confirmLarge(formatBytes(bytes, this.resolvedLocale), this.num(count)), t.download),
      });
      this.toast.show({ message: t.downloaded(this.num(result.files)) }, 5000);
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') {
        // Cancelled in the browser's download UI, or the file dialog dismissed: nothing went wrong.
        if (!abort.signal.aborted) this.toast.show({ message: t.downloadCancelled }, 5000);
      } else if (!abort.signal.aborted) {
        // The API's reason (too many files, too large for this browser) says what to change.
        const reason = err instanceof BulkDownloadError ? [err.message, ...(err.details ?? []).map((d) => d.message)].join(': ') : '';
        this.toast.show({ message: reason ? `${t.downloadFailed}: ${reason}` : t.downloadFailed }, 8000);
        if (err instanceof ApiError) this.emit('gs-error', { error: err });
      }
    } finally {
      this.download = undefined;
    }
  }

  private cancelDownload() {
    this.download?.abort.abort();
    this.download = undefined;
  }

  // ---- render ----------------------------------------------------------------------------------

  override render() {
    const t = this.text;
    const stats = this.poller.task.value?.stats;
    return html`<div part="base" class="base">
      <div part="stats" class="stats" aria-label=${t.label}>
        ${(['total', ...STATUSES] as const).map(
          (key) => html`<div part="stat" class="stat" data-status=${key}>
            <span class="stat-value">${stats ? this.num(stats[key]) : '–'}</span>
            <span class="stat-label">${t[key]}</span>
          </div>`,
        )}
      </div>
      ${this.renderToolbar()} ${this.selectedCount || this.confirmingAll ? this.renderSelectionBar() : nothing} ${this.renderBody()}
      ${this.download ? this.renderDownload() : this.toast.current ? this.renderToast(this.toast.current) : nothing}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      ${this.confirm.render(t.cancel)}
      <media-preview .tokenProvider=${this.tokenProvider} api=${this.api ?? nothing} token=${this.token ?? nothing} ?anonymous=${this.anonymous} theme=${this.theme} locale=${this.locale ?? nothing}></media-preview>
    </div>`;
  }

  private renderToolbar() {
    const t = this.text;
    const f = this.filters;
    return html`<div part="toolbar" class="toolbar" role="search">
      <input part="search" class="search" type="search" aria-label=${t.search} placeholder=${t.search} .value=${this.searchText} @input=${this.handleSearch} />
      <select aria-label=${t.app} @change=${(e: Event) => this.setFilter('app', (e.target as HTMLSelectElement).value)}>
        <option value="" ?selected=${!f.app}>${t.allApps}</option>
        ${this.apps.map((a) => html`<option value=${a.id} ?selected=${f.app === a.id}>${a.icon} ${a.name}</option>`)}
      </select>
      <select aria-label=${t.status} @change=${(e: Event) => this.setFilter('status', (e.target as HTMLSelectElement).value)}>
        <option value="" ?selected=${!f.status}>${t.allStatuses}</option>
        ${STATUSES.map((s) => html`<option value=${s} ?selected=${f.status === s}>${t[s]}</option>`)}
      </select>
      <select aria-label=${t.kind} @change=${(e: Event) => this.setFilter('kind', (e.target as HTMLSelectElement).value as MyWorkFilters['kind'])}>
        <option value="" ?selected=${!f.kind}>${t.allKinds}</option>
        ${KINDS.map((k) => html`<option value=${k} ?selected=${f.kind === k}>${t.kinds[k]}</option>`)}
      </select>
      <select aria-label=${t.sort} @change=${(e: Event) => this.setFilter('sort', (e.target as HTMLSelectElement).value as 'newest' | 'oldest')}>
        <option value="newest" ?selected=${f.sort === 'newest'}>${t.newest}</option>
        <option value="oldest" ?selected=${f.sort === 'oldest'}>${t.oldest}</option>
      </select>
      <div class="view-toggle" role="group" aria-label=${t.view}>
        ${(['grid', 'list'] as const).map(
          (v) => html`<button type="button" class="view-${v}" aria-pressed=${this.view === v ? 'true' : 'false'} @click=${() => (this.view = v)}>${t[v]}</button>`,
        )}
      </div>
    </div>`;
  }

  private renderSelectionBar() {
    const t = this.text;
    const count = this.selectedCount;
    const canSelectAll = !this.allMatching && this.total > this.selected.size;
    return html`<div part="selection-bar" class="selection-bar">
      <span class="count">${this.allMatching ? t.allMatchingSelected(this.num(this.total)) : t.selected(this.num(count))}</span>
      ${this.confirmingAll
        ? html`<span class="confirm-all">${t.confirmSelectAll(this.num(this.total))}</span>
            <button type="button" class="confirm-all-ok" @click=${() => this.selectAllMatching()}>${t.confirm}</button>
            <button type="button" @click=${() => (this.confirmingAll = false)}>${t.cancel}</button>`
        : canSelectAll
          ? html`<button type="button" class="select-all" @click=${() => (this.confirmingAll = true)}>${t.selectAllMatching(this.num(this.total))}</button>`
          : nothing}
      <span class="spacer"></span>
      <button type="button" class="bulk-download" ?disabled=${!!this.download || !count} @click=${() => this.downloadSelected()}>${t.download}</button>
      <button type="button" class="bulk-delete danger" ?disabled=${!count} @click=${() => this.deleteSelected()}>${t.delete}</button>
      <button type="button" class="clear" @click=${() => this.clearSelection()}>${t.clearSelection}</button>
    </div>`;
  }

  private renderBody() {
    const t = this.text;
    if (this.loadError && !this.items.length) {
      return html`<div part="error" class="error" role="alert">
        <span>${this.loadError.status === 401 ? t.unauthorized : this.loadError.message}</span>
        <button part="retry-button" type="button" @click=${() => this.reload()}>${t.retry}</button>
      </div>`;
    }
    if (!this.loading && !this.items.length) {
      return this.filtered
        ? html`<div part="empty" class="empty">
            <p>${t.noMatch}</p>
            <button type="button" class="clear-filters" @click=${() => (this.filters = { app: '', status: '', kind: '', q: '', sort: this.filters.sort })}>${t.clearFilters}</button>
          </div>`
        : html`<div part="empty" class="empty"><slot name="empty">${t.empty}</slot></div>`;
    }
    const { columns: cols, rowHeight, rowSlots: slots } = this.viewport;
    const rows = Math.ceil(this.items.length / cols);
    const first = Math.min(this.viewport.first, this.items.length);
    const last = Math.max(first, Math.min(this.viewport.last, this.items.length));
    // The active item, or the first one rendered when it has scrolled away: Tab always gets into the grid.
    const tabbable = this.active >= first && this.active < last ? this.active : first;
    const windowRows: Job[][] = [];
    for (let i = first; i < last; i += cols) windowRows.push(this.items.slice(i, Math.min(i + cols, last)));
    return html`<div part="scroller" class="scroller" @scroll=${() => this.viewport.update()}>
      <div class="cell-probe" aria-hidden="true"></div>
      <div
        part="grid"
        class="grid ${this.view}"
        role="grid"
        aria-label=${t.label}
        aria-multiselectable="true"
        aria-rowcount=${this.hasMore ? -1 : rows}
        aria-colcount=${cols}
        aria-busy=${this.loading ? 'true' : 'false'}
        style=${styleMap({ height: `${rows * rowHeight}px`, '--_cols': String(cols), '--_row': `${rowHeight}px` })}
        @keydown=${this.handleKeyDown}
      >
        ${repeat(
          windowRows,
          // Keyed by slot: a row that stays in view keeps its DOM (and its loaded images); one that
          // enters takes over the DOM of one that left, so scrolling updates bindings instead of building rows.
          (_row, r) => (Math.floor(first / cols) + r) % slots,
          (row, r) => {
            const rowIndex = Math.floor(first / cols) + r;
            return html`<div role="row" class="row" aria-rowindex=${rowIndex + 1} style=${styleMap({ transform: `translateY(${rowIndex * rowHeight}px)` })}>
              ${row.map((job, c) => this.renderItem(job, rowIndex * cols + c, c, tabbable))}
            </div>`;
          },
        )}
      </div>
      ${this.loading ? html`<p class="loading">${this.items.length ? t.loadingMore : t.loading}</p>` : nothing}
    </div>`;
  }

  /** `tabbable`: the one item in the tab order (roving tabindex). */
  private renderItem(job: Job, index: number, col: number, tabbable: number) {
    const t = this.text;
    const name = this.nameOf(job);
    const selected = this.isSelected(job);
    const app = this.apps.find((a) => a.id === job.app_id);
    const locale = this.resolvedLocale;
    const isActive = index === tabbable;
    const tab = isActive ? 0 : -1;
    const done = job.status === 'completed' || job.status === 'partial';
    return html`<div
      part="item"
      class="item ${selected ? 'selected' : ''}"
      role="gridcell"
      aria-colindex=${col + 1}
      aria-selected=${selected ? 'true' : 'false'}
      tabindex=${tab}
      data-index=${index}
      data-id=${job.id}
      @click=${(e: MouseEvent) => this.handleItemClick(e, index)}
      @dblclick=${() => this.openPreview(job)}
      @focus=${() => (this.active = index)}
    >
      <span part="checkbox" class="checkbox" aria-hidden="true">${selected ? checkIcon : nothing}</span>
      <span part="thumbnail" class="thumb" style=${styleMap({ '--_app': appColor(app?.color ?? 'gray') })}>
        <span class="icon" aria-hidden="true">${app?.icon ?? '•'}</span>
        ${job.thumbnail_url ? html`<img src=${job.thumbnail_url} alt="" loading="lazy" decoding="async" @error=${(e: Event) => ((e.target as HTMLElement).hidden = true)} />` : nothing}
      </span>
      <span class="info">
        <span part="title" class="title">${name}</span>
        <span part="meta" class="meta">
          ${app?.name ?? job.app_id} ·
          <time datetime=${job.created_at} title=${formatDateTime(job.created_at, locale)}>${formatRelativeTime(job.created_at, locale)}</time>
        </span>
        ${job.status === 'processing' || job.status === 'queued'
          ? html`<span part="progress" class="progress" role="progressbar" aria-label=${t.progress(name)} aria-valuemin="0" aria-valuemax="100" aria-valuenow=${job.progress ?? 0}>
              <span style=${styleMap({ width: `${job.progress ?? 0}%` })}></span>
            </span>`
          : nothing}
      </span>
      ${statusBadge(job.status, t)}
      <span class="actions">
        <button type="button" class="open" tabindex=${tab} aria-label=${t.open(name)} title=${t.open(name)} @click=${(e: Event) => (e.stopPropagation(), this.openPreview(job))}>${eyeIcon}</button>
        ${done
          ? html`<button type="button" class="quick-download" tabindex=${tab} aria-label=${t.downloadOne(name)} title=${t.downloadOne(name)} @click=${(e: Event) => (e.stopPropagation(), this.quickDownload(job))}>${downloadIcon}</button>`
          : nothing}
        <button type="button" class="regenerate" tabindex=${tab} aria-label=${t.regenerate(name)} title=${t.regenerate(name)} @click=${(e: Event) => (e.stopPropagation(), this.regenerate(job))}>${redoIcon}</button>
      </span>
    </div>`;
  }

  private renderToast(toast: { message: string; undo?: string[] }) {
    return html`<div part="toast" class="toast">
      <span>${toast.message}</span>
      ${toast.undo ? html`<button type="button" class="undo" @click=${() => this.undoDelete(toast.undo!)}>${this.text.undo}</button>` : nothing}
    </div>`;
  }

  private renderDownload() {
    const d = this.download!;
    const locale = this.resolvedLocale;
    return html`<div part="toast" class="toast download-progress">
      <span>${this.text.downloading(this.num(d.files), this.num(d.totalFiles), formatBytes(d.bytes, locale), formatBytes(d.totalBytes, locale))}</span>
      <progress max=${d.totalBytes || 1} value=${d.bytes} aria-label=${this.text.download}></progress>
      <button type="button" class="cancel-download" @click=${() => this.cancelDownload()}>${this.text.cancel}</button>
    </div>`;
  }
}

const inProgress = (j: Job) => j.status === 'queued' || j.status === 'processing';


declare global {
  interface HTMLElementTagNameMap {
    'my-work': MyWork;
  }
}
