import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { styleMap } from '../base/style-map.ts';
import { ApiError } from '../base/api-client.ts';
import { appIconStyles } from '../base/app-icon.ts';
import { AppRegistry } from '../base/app-registry.ts';
import { BulkActionsController, bulkActionStyles, type TrashApi } from '../base/bulk-actions-controller.ts';
import { DebounceController } from '../base/debounce-controller.ts';
import { errorState } from '../base/error-state.ts';
import { formatNumber, plural, type Plural } from '../base/format.ts';
import { GridWindow } from '../base/grid-window.ts';
import { GsElement } from '../base/gs-element.ts';
import { gridIcon, listIcon } from '../base/icons.ts';
import { offsetEndpoint, type ListEndpoint } from '../base/list-endpoint.ts';
import { isFiltered, type ListFilter } from '../base/list-filter.ts';
import { PagedListController } from '../base/paged-list-controller.ts';
import { RovingFocusController } from '../base/roving-focus-controller.ts';
import { controlStyles, errorStateStyles } from '../base/shared.styles.ts';
import { tokenStyles } from '../base/tokens.styles.ts';
import type { Project } from '../base/types.ts';
import { folderIcon, renderProject, typeLabel } from './project-card.ts';
import { styles } from './project-list.styles.ts';
import { defaultStrings } from './project-list.strings.ts';

/** What the toolbar filters by (the API's own parameters). */
export type ProjectFilters = Pick<ListFilter, 'q' | 'type'> & { status?: '' | 'active' | 'archived'; sort?: 'recent' | 'newest' | 'oldest' | 'name' | '-name' };

/** A grid card's text lines under its square thumbnail (title, meta, counts, footer; px). */
const GRID_TEXT_PX = 108;
/** A list row (a phone's has three text lines beside its picture and the actions two by two). */
const LIST_ROW_PX = 92;
const projects = offsetEndpoint<Project>('/api/v1/projects', 'projects');
const path = (p: { id: string }) => `/api/v1/projects/${encodeURIComponent(p.id)}`;

/** Projects go to the trash one by one (each with its jobs and assets) and come back the same way. */
const projectsTrash: TrashApi = {
  trash: async (client, ids) => {
    for (const id of ids) await client.request(path({ id }), { method: 'DELETE' });
    return ids;
  },
  restore: async (client, ids) => {
    for (const id of ids) await client.request(`${path({ id })}/restore`, { method: 'POST' });
    return ids.length;
  },
};

/**
 * @tag project-list
 * @summary The user's projects: search, filter by status and type, sort, open, rename, archive, duplicate, delete with Undo.
 *
 * Reads `GET /api/v1/projects` page by page as the grid scrolls (or with "Load more"); only the
 * rows in view are in the DOM. Each project shows its thumbnail (its own, else its newest image),
 * name, app, type, status, how many jobs and assets it holds and when it was last active. The
 * search is debounced; status, type and sort reload the list. Actions: open (`gs-open`, or a link
 * with `href-template`), rename in place (Enter saves, Escape cancels; the API's reasons show at
 * the field), archive / unarchive, duplicate (the copy comes first, focused and announced) and
 * delete after a confirmation naming the jobs and assets going to the trash, with Undo.
 * Keyboard: arrows, Home/End, PageUp/PageDown move between projects; Enter opens; Tab reaches a
 * project's actions.
 *
 * @fires gs-open - A project was opened (click, Enter). `detail: {id, project, href}`; cancelable (stops the `href-template` link).
 * @fires gs-error - Loading or an action failed; `detail.error` is an `ApiError`.
 *
 * @slot empty - Shown when there are no projects yet (e.g. a call to action); default: a short sentence.
 *
 * @csspart base - The wrapper.
 * @csspart toolbar - Search, filters, sort and view.
 * @csspart search - The search field.
 * @csspart scroller - The scrolling area.
 * @csspart grid - The projects' grid.
 * @csspart item - One project.
 * @csspart thumbnail - A project's picture (or its app's icon).
 * @csspart name - A project's name (a link or a button).
 * @csspart meta - A project's app and type.
 * @csspart counts - A project's jobs and assets.
 * @csspart status - A project's status (active or archived).
 * @csspart load-more - The "Load more" button.
 * @csspart toast - The Undo toast.
 * @csspart empty - The empty state.
 * @csspart error - The error state.
 * @csspart retry-button - The error's retry button.
 *
 * @cssprop --gs-project-list-height - Height of the scrolling area (default 70vh; a phone scrolls the page).
 * @cssprop --gs-project-list-cell-width - Smallest grid cell width (default 14rem).
 * @cssprop --gs-color-surface - Background.
 */
export class ProjectList extends GsElement {
  static override styles = [tokenStyles, appIconStyles, bulkActionStyles, controlStyles, errorStateStyles, styles];

  /** `grid` or `list`. */
  @property({ reflect: true }) view: 'grid' | 'list' = 'grid';

  /** Makes each name a link: `{id}`, `{appId}` and `{type}` are replaced, e.g. `/projects/{id}`. */
  @property({ attribute: 'href-template' }) hrefTemplate?: string;

  /** Milliseconds the search waits after the last keystroke. */
  @property({ type: Number, attribute: 'search-delay' }) searchDelay = 300;

  /** Overrides any label, over the locale's (the keys of `<tag>.strings.ts`; a nested group is replaced whole). */
  @property({ attribute: false }) strings: Partial<typeof defaultStrings> = {};

  /** The filters in effect (set to start filtered). */
  @property({ attribute: false }) filters: ProjectFilters = { sort: 'recent' };

  @state() private announcement = '';
  @state() private searchText = '';
  @state() private renaming?: { id: string; value: string; error?: string; saving: boolean };
  @state() private busy = new Set<string>();
  /** Every type among the user's projects (the list's `types`). */
  @state() private types: string[] = [];

  private readonly apps = new AppRegistry(this, () => this.client);
  private readonly search = new DebounceController(this, () => this.searchDelay);

  private readonly list = new PagedListController<Project>(this, {
    endpoint: {
      page: async (...args: Parameters<ListEndpoint<Project>['page']>) => {
        const page = await projects.page(...args);
        if (Array.isArray(page.body?.types)) this.types = page.body.types as string[];
        return page;
      },
    },
    client: () => this.client,
    filter: () => this.filters,
    key: (p) => p.id,
    pageSize: 30,
    onError: (error) => error instanceof ApiError && this.emit('gs-error', { error }),
  });

  private readonly viewport = new GridWindow(this, {
    scroller: () => this.renderRoot?.querySelector<HTMLElement>('.scroller'),
    grid: () => this.renderRoot?.querySelector<HTMLElement>('.grid'),
    probe: () => this.renderRoot?.querySelector<HTMLElement>('.cell-probe'),
    count: () => this.list.items.length,
    list: () => this.view === 'list',
    nearEnd: () => this.list.loadMore(),
    cellWidth: 224,
    textHeight: GRID_TEXT_PX,
    listRowHeight: LIST_ROW_PX,
  });

  private readonly roving = new RovingFocusController(this, {
    count: () => this.list.items.length,
    columns: () => this.viewport.columns,
    element: (i) => this.renderRoot.querySelector<HTMLElement>(`[part=item][data-index="${i}"]`),
    reveal: (i) => this.viewport.scrollToIndex(i),
    onActivate: (i, event) => this.open(this.list.items[i]!, event),
  });

  private readonly bulk = new BulkActionsController(this, {
    client: () => this.client,
    strings: () => this.text,
    locale: () => this.resolvedLocale,
    trashApi: projectsTrash,
    onDeleted: (ids) => this.list.remove(ids),
    onRestored: () => void this.list.reload(),
    announce: (message) => (this.announcement = message),
    onError: (error) => this.emit('gs-error', { error }),
  });

  private get text() {
    return this.localize('project-list', defaultStrings, this.strings);
  }

  private num(n: number) {
    return formatNumber(n, this.resolvedLocale);
  }

  private plural(forms: Plural, n: number, values?: Record<string, string>) {
    return plural(forms, n, this.resolvedLocale, values);
  }

  /** The projects loaded so far, in order (settable, e.g. with fixtures). */
  get items(): Project[] {
    return this.list.items;
  }
  set items(items: Project[]) {
    this.list.setItems(items);
  }

  /** Matching projects on the server. */
  get total(): number {
    return this.list.total;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('filters')) {
      this.searchText = this.filters.q ?? '';
      this.viewport.reset();
    }
    if (changed.has('view')) this.viewport.measure();
  }

  /** Loads the list again from the first page. */
  reload(): Promise<void> {
    return this.list.reload();
  }

  /** Changes one filter (the list reloads). */
  setFilter<K extends keyof ProjectFilters>(key: K, value: ProjectFilters[K]): void {
    this.filters = { ...this.filters, [key]: value };
  }

  private hrefFor(p: Project): string | undefined {
    return this.hrefTemplate
      ?.replaceAll('{id}', encodeURIComponent(p.id))
      .replaceAll('{appId}', encodeURIComponent(p.app_id ?? ''))
      .replaceAll('{type}', encodeURIComponent(p.type));
  }

  /** Fires `gs-open`; a link follows unless it is cancelled (or opened in a new tab by the browser). */
  private open(p: Project, event: MouseEvent | KeyboardEvent) {
    if (event instanceof MouseEvent && (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0)) return;
    const href = this.hrefFor(p);
    const opened = this.emit('gs-open', { id: p.id, project: p, href }, { cancelable: true });
    if (opened.defaultPrevented) event.preventDefault();
    else if (href && event instanceof KeyboardEvent) location.assign(href);
  }

  /** Runs an action on one project, the card busy meanwhile; failures go to `gs-error` and the live region. */
  private async act(p: Project, run: () => Promise<void>) {
    if (this.busy.has(p.id)) return;
    this.busy = new Set(this.busy).add(p.id);
    try {
      await run();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      this.announcement = err.message;
      this.emit('gs-error', { error: err });
    } finally {
      const rest = new Set(this.busy);
      rest.delete(p.id);
      this.busy = rest;
    }
  }

  /** Writes a project and puts the API's answer in the list. */
  private async patch(p: Project, body: Partial<Pick<Project, 'name' | 'status'>>): Promise<Project> {
    const { data } = await this.client.request<Project>(path(p), { method: 'PATCH', body });
    this.list.replace(data);
    return data;
  }

  private startRename(p: Project) {
    this.renaming = { id: p.id, value: p.name, saving: false };
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('.rename')?.select());
  }

  private async saveRename(p: Project) {
    const r = this.renaming;
    if (!r || r.id !== p.id || r.saving) return;
    if (r.value.trim() === p.name) return this.stopRename(p);
    this.renaming = { ...r, saving: true, error: undefined };
    try {
      const saved = await this.patch(p, { name: r.value });
      this.renaming = undefined;
      this.announcement = this.text.renamed(saved.name);
      await this.focusItem(saved.id);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      // 422 (a name too long or blank) and 409 (the name is taken): the API's words at the field.
      const error = err.details?.map((d) => d.message).join('; ') || err.message;
      this.renaming = { ...r, saving: false, error };
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('.rename')?.focus();
    }
  }

  private stopRename(p: Project) {
    this.renaming = undefined;
    void this.focusItem(p.id);
  }

  private handleRenameKey(p: Project, event: KeyboardEvent) {
    if (event.key === 'Enter') {
      event.preventDefault();
      void this.saveRename(p);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.stopRename(p);
    }
  }

  private archive(p: Project) {
    return this.act(p, async () => {
      const saved = await this.patch(p, { status: p.status === 'archived' ? 'active' : 'archived' });
      this.announcement = saved.status === 'archived' ? this.text.nowArchived(saved.name) : this.text.nowActive(saved.name);
    });
  }

  /** Copies a project: the copy comes first in the list, focused, and is announced. */
  private duplicate(p: Project) {
    return this.act(p, async () => {
      const { data: copy } = await this.client.request<Project>(`${path(p)}/duplicate`, { method: 'POST' });
      // Newest first (the default order) the server's first page has it on top; in another order it
      // may be pages away, and is shown first here all the same.
      await this.list.refresh();
      this.list.replace(copy, 0);
      this.announcement = this.text.duplicated(copy.name);
      await this.focusItem(copy.id);
    });
  }

  private delete(p: Project) {
    const t = this.text;
    return this.bulk.delete(1, async () => [p.id], {
      question: t.confirmDeleteProject(p.name, this.plural(t.jobs, p.job_count), this.plural(t.assets, p.asset_count)),
      done: t.projectDeleted(p.name),
    });
  }

  private async focusItem(id: string) {
    const index = this.list.items.findIndex((x) => x.id === id);
    if (index >= 0) await this.roving.focus(index);
  }

  private handleSearch(event: Event) {
    this.searchText = (event.target as HTMLInputElement).value;
    this.search.call(() => this.searchText !== (this.filters.q ?? '') && this.setFilter('q', this.searchText));
  }

  override render() {
    return html`<div part="base" class="base">
      ${this.renderToolbar()} ${this.renderBody()} ${this.bulk.render()}
      <div class="visually-hidden" role="status" aria-live="polite">${this.announcement}</div>
    </div>`;
  }

  private renderToolbar() {
    const t = this.text;
    const f = this.filters;
    const select = <K extends 'status' | 'type' | 'sort'>(key: K, label: string, options: [string, string][]) =>
      html`<select class="control" aria-label=${label} data-filter=${key} @change=${(e: Event) => this.setFilter(key, (e.target as HTMLSelectElement).value as ProjectFilters[K])}>
        ${options.map(([v, name]) => html`<option value=${v} ?selected=${(f[key] ?? (key === 'sort' ? 'recent' : '')) === v}>${name}</option>`)}
      </select>`;
    const types = [...new Set([...this.types, ...(f.type ? [f.type] : [])])];
    return html`<div part="toolbar" class="toolbar" role="search">
      <input part="search" class="control search" type="search" aria-label=${t.search} placeholder=${t.search} .value=${this.searchText} @input=${this.handleSearch} />
      ${select('status', t.status, [['', t.allStatuses], ['active', t.active], ['archived', t.archived]])}
      ${select('type', t.type, [['', t.allTypes], ...types.map((ty): [string, string] => [ty, typeLabel(ty, this.apps.find(ty), t)])])}
      ${select('sort', t.sort, Object.entries(t.sorts))}
      <div class="view-toggle" role="group" aria-label=${t.view}>
        ${(['grid', 'list'] as const).map(
          (v) => html`<button type="button" aria-pressed=${this.view === v ? 'true' : 'false'} aria-label=${t[v]} title=${t[v]} @click=${() => (this.view = v)}>${v === 'grid' ? gridIcon : listIcon}</button>`,
        )}
      </div>
    </div>`;
  }

  private renderBody() {
    const t = this.text;
    const { items, loading, hasMore } = this.list;
    const error = this.list.error;
    if (error && !items.length) return errorState(error, t, () => void this.reload());
    if (!loading && !items.length) {
      return isFiltered(this.filters)
        ? html`<div part="empty" class="empty">
            <p>${t.noMatch}</p>
            <button type="button" class="control" @click=${() => (this.filters = { sort: this.filters.sort })}>${t.clearFilters}</button>
          </div>`
        : html`<div part="empty" class="empty">
            <slot name="empty">
              <span class="empty-icon" aria-hidden="true">${folderIcon}</span>
              <h3 class="empty-title">${t.empty}</h3>
              <p>${t.emptyHint}</p>
            </slot>
          </div>`;
    }
    const { columns: cols, rowHeight } = this.viewport;
    const rows = this.viewport.rows(items.length);
    const first = Math.min(this.viewport.first, items.length);
    const last = Math.min(this.viewport.last, items.length);
    // The skeletons are drawn in the scroller the projects will fill: the grid window measures it
    // while the first page is on its way, and draws exactly the cards in view when it lands.
    if (!items.length) {
      return html`<div part="scroller" class="scroller loading">
        <div class="cell-probe" aria-hidden="true"></div>
        <div class="skeletons" aria-busy="true">${[0, 1, 2, 3, 4, 5].map(() => html`<span class="skeleton"></span>`)}</div>
        <span class="visually-hidden" role="status">${t.loading}</span>
      </div>`;
    }
    return html`<div part="scroller" class="scroller">
        <div class="cell-probe" aria-hidden="true"></div>
        <div
          part="grid"
          class="grid ${this.view}"
          role="grid"
          aria-label=${t.label}
          aria-rowcount=${hasMore ? -1 : rows}
          aria-colcount=${cols}
          aria-busy=${loading ? 'true' : 'false'}
          style=${styleMap({ height: `${rows * rowHeight}px`, '--_cols': String(cols), '--_row': `${rowHeight}px` })}
          @keydown=${this.roving.handleKeyDown}
          @focusin=${this.roving.handleFocusIn}
        >
          ${this.viewport.renderRows(items, (p, index, col) =>
            renderProject(p, {
              index,
              col,
              tabIndex: this.roving.tabIndex(index, first, last),
              app: p.app_id ? this.apps.find(p.app_id) : undefined,
              href: this.hrefFor(p),
              rename: this.renaming?.id === p.id ? this.renaming : undefined,
              busy: this.busy.has(p.id),
              strings: t,
              locale: this.resolvedLocale,
              onOpen: (e) => this.open(p, e),
              onRename: () => this.startRename(p),
              onRenameInput: (value) => this.renaming && (this.renaming = { ...this.renaming, value, error: undefined }),
              onRenameKey: (e) => this.handleRenameKey(p, e),
              onRenameBlur: () => void this.saveRename(p),
              onArchive: () => void this.archive(p),
              onDuplicate: () => void this.duplicate(p),
              onDelete: () => void this.delete(p),
            }),
          )}
        </div>
      </div>
      <div class="more">
        <span>${this.plural(t.shown, this.list.total, { shown: this.num(items.length) })}</span>
        ${loading
          ? html`<span role="status">${items.length ? t.loadingMore : t.loading}</span>`
          : hasMore
            ? html`<button part="load-more" type="button" class="control" @click=${() => this.list.loadMore()}>${t.loadMore}</button>`
            : nothing}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'project-list': ProjectList;
  }
}
