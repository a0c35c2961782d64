import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { styleMap } from '../base/style-map.ts';
import { ApiError } from '../base/api-client.ts';
import { AppRegistry } from '../base/app-registry.ts';
import { errorState } from '../base/error-state.ts';
import { plural } from '../base/format.ts';
import { GridWindow } from '../base/grid-window.ts';
import { GsElement } from '../base/gs-element.ts';
import { HoverPlayController } from '../base/hover-play-controller.ts';
import { plusIcon, videoIcon } from '../base/icons.ts';
import { userGenerationsEndpoint } from '../base/list-endpoint.ts';
import type { ListFilter } from '../base/list-filter.ts';
import { emptyStateStyles, listStyles } from '../base/list.styles.ts';
import { PagedListController, type ListMerge } from '../base/paged-list-controller.ts';
import { RovingFocusController } from '../base/roving-focus-controller.ts';
import { statusBadgeStyles } from '../base/status.ts';
import { ToastController } from '../base/toast-controller.ts';
import { tokenStyles } from '../base/tokens.styles.ts';
import type { UserGeneration } from '../base/types.ts';
import { definePreview, previewFor } from '../media-preview/embed.ts';
import type { MediaPreview, PreviewItem } from '../media-preview/media-preview.ts';
import { refused } from '../media-preview/video-controller.ts';
import { defaultStrings, type HistoryStrings } from './generation-history.strings.ts';
import { styles } from './generation-history.styles.ts';
import { inProgress, promptOf, renderGeneration } from './generation-tile.ts';

/** Which generations: by their output (`all`: every one, texts too). */
export type HistoryType = 'video' | 'image' | 'all';

/** Seed 002's "limit" per page. */
const PAGE_SIZE = 20;
/** Under a tile's square artwork: two lines of prompt and the time (px; the CSS matches). */
const TILE_TEXT_PX = 72;

/** While flinging: a tile's shape only (the items render once scrolling settles). */
const placeholder = (index: number, col: number) => html`<div class="item placeholder" role="gridcell" aria-colindex=${col + 1} data-index=${index}></div>`;

/**
 * @tag generation-history
 * @summary Seed 002's "Previous generations": a visitor's or a user's history as a grid of posters that preview on hover and open in a player.
 *
 * Reads `GET /api/user-generations` (`type` picks videos, images or everything; `app` one app),
 * 20 at a time as the grid nears its end or "Load more" is pressed, newest first. Each tile shows
 * the poster, its status while not done (processing with its progress, live: polled every
 * `poll-interval` ms only while something is queued or processing; new generations appear on
 * top), its length, its prompt in two lines and when it was made. The pointer resting on a video
 * (or keyboard focus) plays a muted preview through its opaque `/video/…` link — never with
 * reduced motion; a click, a tap, Enter or Space opens `<media-preview>`, which autoplays and has
 * full screen, Download, ←/→ between generations, the prompt and details; Escape or a click
 * outside closes it. A link that has expired (the API answers 404 or 410) is renewed by reading
 * that generation again, and the video resumes where it was.
 *
 * With `anonymous`, a visitor's generations are kept under their anonymous session (in this
 * browser, across reloads); with `claim-on-sign-in` they move to the user's account when the host
 * signs them in (sets `token`), and the element says so. Arrows, Home/End, PageUp/PageDown move
 * between tiles. Under 40rem wide the page scrolls (no scroller inside it).
 *
 * @fires gs-create - The empty state's call to action when there is no `cta-href`; `detail.project` is null.
 * @fires gs-error - Loading failed, or renewing a link; `detail.error` is an `ApiError`.
 *
 * @slot cta - The empty state's call to action (replaces the default button).
 *
 * @csspart base - The wrapper.
 * @csspart header - Title and count.
 * @csspart title - The title.
 * @csspart count - How many generations there are.
 * @csspart scroller - The scrolling area.
 * @csspart grid - The grid of generations.
 * @csspart item - A generation's tile.
 * @csspart media - A tile's poster.
 * @csspart play - The play mark over a video's poster (shown on hover and focus).
 * @csspart duration - A video's length.
 * @csspart badge - The status of a generation not yet done (or failed).
 * @csspart progress - The progress bar of a generation being processed.
 * @csspart prompt - The prompt (two lines; all of it in the tooltip and the player).
 * @csspart time - When it was made (relative; the date in the tooltip).
 * @csspart load-more - The "Load more" button.
 * @csspart toast - Messages (a claim after sign-in, a generation that cannot open yet).
 * @csspart empty - The empty state.
 * @csspart cta - The empty state's call to action.
 * @csspart error - The error state.
 * @csspart retry-button - The error's retry button.
 *
 * @cssprop --gs-generation-history-height - Height of the scrolling area (default 70vh; on narrow screens the page scrolls instead).
 * @cssprop --gs-generation-history-tile-width - Smallest tile width (default 12rem; 9rem on narrow screens).
 * @cssprop --gs-color-surface - Background.
 * @cssprop --gs-color-primary - Accents (the play mark, the call to action).
 */
export class GenerationHistory extends GsElement {
  static override styles = [tokenStyles, statusBadgeStyles, listStyles, emptyStateStyles, styles];

  /** `video` (default): generations that made a video; `image`: an image; `all`: every one. Those still running show in each. */
  @property({ reflect: true }) type: HistoryType = 'video';

  /** One app's generations (seed 002's generation type, e.g. `text-to-video`); default: every app's. */
  @property() app?: string;

  /** The title (default "Previous generations"). */
  @property() heading?: string;

  /** Where the empty state's call to action links to; without it, it fires `gs-create`. */
  @property({ attribute: 'cta-href' }) ctaHref?: string;

  /** Milliseconds between polls while a generation is queued or processing. */
  @property({ type: Number, attribute: 'poll-interval' }) pollInterval = 2000;

  /** Milliseconds the pointer rests on a video before its muted preview plays. */
  @property({ type: Number, attribute: 'hover-delay' }) hoverDelay = 400;

  /** Overrides any label, over the locale's (the keys of `<tag>.strings.ts`; a nested group is replaced whole). */
  @property({ attribute: false }) strings: Partial<HistoryStrings> = {};

  @state() private announcement = '';

  @query('media-preview') private preview?: MediaPreview;

  private madeFilter?: { type: HistoryType; app: string | undefined; filter: ListFilter };
  /** Generations being read again for a fresh link, by id (one request each, however many ask). */
  private readonly renewing = new Map<string, Promise<UserGeneration | null>>();
  /** Tile previews renewed after an error, by generation and URL (again only once one played). */
  private readonly renewedTiles = new Set<string>();

  private readonly apps = new AppRegistry(this, () => this.client);
  private readonly hover = new HoverPlayController(this, () => this.hoverDelay);
  private readonly toast = new ToastController<{ message: string; claim?: boolean }>(this, (message) => (this.announcement = message));

  private readonly list = new PagedListController<UserGeneration>(this, {
    endpoint: userGenerationsEndpoint,
    client: () => this.client,
    filter: () => this.listFilter,
    key: (g) => g.id,
    pageSize: PAGE_SIZE,
    inProgress,
    interval: () => this.pollInterval,
    onMerge: (merge) => this.announceMerge(merge),
    onError: (error) => error instanceof ApiError && this.emit('gs-error', { error }),
  });

  private readonly viewport = new GridWindow(this, {
    count: () => this.list.items.length,
    list: () => false,
    nearEnd: () => this.list.loadMore(),
    // --gs-generation-history-tile-width's default (12rem), before the probe can be measured.
    cellWidth: 192,
    textHeight: TILE_TEXT_PX,
  });

  private readonly roving = new RovingFocusController(this, {
    count: () => this.list.items.length,
    columns: () => this.viewport.columns,
    element: (i) => this.renderRoot.querySelector<HTMLElement>(`[data-index="${i}"]`),
    reveal: (i) => this.viewport.scrollToIndex(i),
    onActivate: (i) => this.open(i),
  });

  private get text(): HistoryStrings {
    return this.localize('generation-history', defaultStrings, this.strings);
  }

  /** The filter the list reads: the same object while `type` and `app` do not change. */
  private get listFilter(): ListFilter {
    const made = this.madeFilter;
    if (made && made.type === this.type && made.app === this.app) return made.filter;
    const filter: ListFilter = { type: this.app || 'all', ...(this.type === 'all' ? {} : { kind: this.type }) };
    this.madeFilter = { type: this.type, app: this.app, filter };
    return filter;
  }

  /** The generations loaded so far, newest first. */
  get items(): UserGeneration[] {
    return this.list.items;
  }

  /** How many generations match on the server. */
  get total(): number {
    return this.list.total;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    definePreview();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('type') || changed.has('app')) this.viewport.reset();
  }

  /** Looks for new and changed generations now (call it after the host page started one). */
  refresh(): Promise<void> {
    return this.list.refresh();
  }

  /** Loads the history again from the first page. */
  reload(): Promise<void> {
    return this.list.reload();
  }

  /** Opens generation `index` (of `items`) in the player; one still running or failed says so instead. */
  open(index: number): void {
    const g = this.list.items[index];
    if (!g) return;
    const t = this.text;
    if (!g.media) {
      this.toast.show({ message: inProgress(g) ? t.notReady : g.status === 'failed' ? t.failedOpen(g.error_message || t.failed) : t.noOutput }, 6000);
      return;
    }
    this.hover.leave();
    const playable = this.list.items.filter((x) => x.media);
    this.preview?.show(playable.indexOf(g), playable.map((x) => this.previewItem(x)));
  }

  protected override announceClaim(message: string): boolean {
    this.toast.show({ message, claim: true });
    return true;
  }

  private previewItem(g: UserGeneration): PreviewItem {
    const m = g.media!;
    return {
      id: m.asset_id,
      kind: m.kind,
      url: m.url,
      download_url: m.download_url,
      mime: m.mime,
      duration: m.duration,
      width: m.width,
      height: m.height,
      title: promptOf(g, this.text),
      created_at: g.created_at,
      context: { prompt: g.prompt, app: this.apps.find(g.generation_type)?.name ?? g.generation_type, params: g.generation_params, created_at: g.created_at, completed_at: g.completed_at },
    };
  }

  /** Reads generation `id` again (a fresh `/video/…` link) and shows it; null when it is gone. */
  private renew(id: string): Promise<UserGeneration | null> {
    let pending = this.renewing.get(id);
    if (!pending) {
      pending = userGenerationsEndpoint.one!(this.client, id)
        .then((fresh) => {
          if (fresh) this.list.replace(fresh);
          return fresh;
        })
        .catch((err: unknown) => {
          if (err instanceof ApiError) this.emit('gs-error', { error: err });
          return null;
        })
        .finally(() => this.renewing.delete(id));
      this.renewing.set(id, pending);
    }
    return pending;
  }

  /** The player's fresh URL for an item whose link expired. */
  private readonly freshUrl = async (item: PreviewItem): Promise<string | null> => {
    const g = this.list.items.find((x) => x.media?.asset_id === item.id);
    return g ? ((await this.renew(g.id))?.media?.url ?? null) : null;
  };

  /** A tile's preview failed: if its link expired, read the generation again and pick up where it was. */
  private async recoverTile(g: UserGeneration, event: Event) {
    const video = event.target as HTMLVideoElement;
    const failed = video.currentSrc || video.getAttribute('src') || '';
    const key = `${g.id} ${failed}`;
    if (this.renewedTiles.has(key) || !(await refused(failed))) return;
    this.renewedTiles.add(key);
    const fresh = await this.renew(g.id);
    if (!fresh?.media) return;
    await this.updateComplete;
    // A link renewed in place keeps its URL: load it again.
    if (video.error) video.load();
    video.addEventListener('loadeddata', () => this.renewedTiles.delete(key), { once: true });
    if (this.hover.current === video) void video.play().catch(() => undefined);
  }

  private announceMerge({ added, changed }: ListMerge<UserGeneration>) {
    const t = this.text;
    const moved = changed.filter((c) => c.before.status !== c.after.status).map((c) => t.nowStatus(promptOf(c.after, t), t[c.after.status] ?? c.after.status));
    // Items that arrive while a claim is being announced are the visitor's own, moved, not new.
    const fresh = this.toast.current?.claim ? 0 : added.length;
    const parts = [...(fresh ? [plural(t.added, fresh, this.resolvedLocale)] : []), ...moved];
    if (parts.length) this.announcement = parts.join('. ');
  }

  private handleKeyDown(event: KeyboardEvent) {
    if (this.roving.handleKeyDown(event)) return;
    const index = (event.composedPath()[0] as HTMLElement).dataset?.index;
    if (event.key === ' ' && index !== undefined) {
      event.preventDefault();
      this.open(Number(index));
    }
  }

  private create() {
    this.emit('gs-create', { project: null });
  }

  override render() {
    const t = this.text;
    const { items, loaded, total } = this.list;
    return html`<div part="base" class="base">
      <div part="header" class="header">
        <h2 part="title" class="title">${this.heading ?? t.heading}</h2>
        ${loaded && items.length ? html`<span part="count" class="count">${plural(t.count[this.type] ?? t.count.all!, total, this.resolvedLocale)}</span>` : nothing}
      </div>
      ${this.renderBody()}
      ${this.toast.current ? html`<div part="toast" class="toast"><span>${this.toast.current.message}</span></div>` : nothing}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
      ${previewFor(this, this.freshUrl)}
    </div>`;
  }

  /** The scroller is there in every state, so the grid's columns are measured before the first items arrive. */
  private renderBody() {
    const t = this.text;
    const list = this.list;
    const { items } = list;
    const content =
      list.error && !items.length ? errorState(list.error, t, () => void this.reload()) : !items.length && !list.loaded ? this.renderSkeleton() : !items.length ? this.renderEmpty() : undefined;
    return html`<div part="scroller" class="scroller ${content ? 'idle' : ''}">
      <div class="cell-probe" aria-hidden="true"></div>
      ${content ?? this.renderGrid()}
    </div>`;
  }

  private renderGrid() {
    const t = this.text;
    const list = this.list;
    const { items, loading } = list;
    const { columns: cols, rowHeight } = this.viewport;
    const first = Math.min(this.viewport.first, items.length);
    const last = Math.min(this.viewport.last, items.length);
    return html`<div
        part="grid"
        class="grid"
        role="grid"
        aria-label=${t.gridLabel}
        aria-rowcount=${list.hasMore ? -1 : this.viewport.rows(items.length)}
        aria-colcount=${cols}
        aria-busy=${loading ? 'true' : 'false'}
        style=${styleMap({ height: `${this.viewport.totalHeight(items.length)}px`, '--_cols': String(cols), '--_row': `${rowHeight}px` })}
        @keydown=${this.handleKeyDown}
        @focusin=${this.roving.handleFocusIn}
      >
        ${this.viewport.renderRows(items, (g, index, col) => this.renderTile(g, index, col, first, last), placeholder)}
      </div>
      ${list.hasMore || (loading && items.length)
        ? html`<div class="more">
            <button part="load-more" type="button" class="load-more" ?disabled=${loading} @click=${() => list.loadMore()}>${loading ? t.loadingMore : t.loadMore}</button>
          </div>`
        : nothing}`;
  }

  private renderTile(g: UserGeneration, index: number, col: number, first: number, last: number) {
    return renderGeneration(g, {
      index,
      col,
      tabIndex: this.roving.tabIndex(index, first, last),
      app: this.apps.find(g.generation_type),
      text: this.text,
      locale: this.resolvedLocale,
      onClick: () => this.open(index),
      onPointerEnter: this.hover.enter,
      onPointerLeave: this.hover.leave,
      onFocusIn: this.hover.focus,
      onFocusOut: this.hover.blur,
      onVideoError: (event) => void this.recoverTile(g, event),
    });
  }

  private renderSkeleton() {
    return html`<div class="skeletons" role="status" aria-label=${this.text.loading}>
      ${Array.from({ length: 8 }, () => html`<div class="tile-skeleton skeleton"></div>`)}
    </div>`;
  }

  private renderEmpty() {
    const t = this.text;
    const cta = t.cta[this.type] ?? t.cta.all;
    return html`<div part="empty" class="empty">
      <span class="empty-icon" aria-hidden="true">${videoIcon}</span>
      <h3 class="empty-title">${t.empty[this.type] ?? t.empty.all}</h3>
      <p class="empty-hint">${this.client.signedIn ? t.emptyHintSignedIn : t.emptyHint}</p>
      <slot name="cta">
        ${this.ctaHref
          ? html`<a part="cta" class="cta" href=${this.ctaHref}>${plusIcon}<span>${cta}</span></a>`
          : html`<button part="cta" class="cta" type="button" @click=${() => this.create()}>${plusIcon}<span>${cta}</span></button>`}
      </slot>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'generation-history': GenerationHistory;
  }
}
