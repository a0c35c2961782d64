/**
 * The smallest list element built on the base list controllers, as the README's code tour shows
 * one: the controller tests drive it in Chromium against the real API (jobs by default; any
 * endpoint through `endpoint`).
 */
import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import { BulkActionsController, bulkActionStyles, bulkStrings } from '../base/bulk-actions-controller.ts';
import { GridWindow } from '../base/grid-window.ts';
import { GsElement } from '../base/gs-element.ts';
import { jobsEndpoint, type ListEndpoint } from '../base/list-endpoint.ts';
import { downloadFilter, type ListFilter } from '../base/list-filter.ts';
import { PagedListController, type ListMerge } from '../base/paged-list-controller.ts';
import { RovingFocusController } from '../base/roving-focus-controller.ts';
import { SelectionController } from '../base/selection-controller.ts';

type Item = { id: string; status?: string; project_name?: string | null; name?: string };

export class ListHost extends GsElement {
  static override styles = [bulkActionStyles];

  @property({ attribute: false }) filter: ListFilter = {};
  @property({ attribute: false }) endpoint: ListEndpoint<Item> = jobsEndpoint as ListEndpoint<Item>;
  @property({ type: Number }) interval = 100;
  /** Load the next page when the window nears the end (off: tests call `loadMore()`). */
  @property({ type: Boolean, attribute: 'auto-load' }) autoLoad = false;

  merges: ListMerge<Item>[] = [];
  errors: unknown[] = [];
  announced: string[] = [];

  readonly list = new PagedListController<Item>(this, {
    endpoint: { page: (...a) => this.endpoint.page(...a), one: (...a) => this.endpoint.one?.(...a) ?? Promise.resolve(null) },
    client: () => this.client,
    filter: () => this.filter,
    key: (item) => item.id,
    pageSize: 10,
    inProgress: (item) => item.status === 'queued' || item.status === 'processing',
    interval: () => this.interval,
    onMerge: (merge) => this.merges.push(merge),
    onError: (error) => this.errors.push(error),
  });

  readonly selection = new SelectionController<Item>(this, {
    items: () => this.list.items,
    key: (item) => item.id,
    total: () => this.list.total,
    scope: () => this.list.scope,
  });

  readonly viewport = new GridWindow(this, {
    scroller: () => this.renderRoot.querySelector<HTMLElement>('.scroller'),
    grid: () => this.renderRoot.querySelector<HTMLElement>('.grid'),
    probe: () => this.renderRoot.querySelector<HTMLElement>('.probe'),
    count: () => this.list.items.length,
    list: () => false,
    nearEnd: () => this.autoLoad && this.list.loadMore(),
    textHeight: 0,
  });

  readonly roving = new RovingFocusController(this, {
    count: () => this.list.items.length,
    columns: () => this.viewport.columns,
    element: (i) => this.renderRoot.querySelector<HTMLElement>(`[data-index="${i}"]`),
    reveal: (i) => this.viewport.scrollToIndex(i),
    onMove: (i, event) => event.shiftKey && this.selection.extendTo(i),
    onActivate: (i) => (this.activated = this.list.items[i]!.id),
  });

  readonly bulk = new BulkActionsController(this, {
    client: () => this.client,
    strings: () => bulkStrings,
    locale: () => 'en',
    onDeleted: (ids) => {
      this.list.remove(ids);
      this.selection.forget(ids);
    },
    onRestored: () => void this.list.reload(),
    announce: (message) => this.announced.push(message),
  });

  activated?: string;

  /** Delete / download the selection, "all matching" resolved with the list's own filter. */
  deleteSelected = () => this.bulk.delete(this.selection.count, () => this.selection.keys(() => this.list.allKeys()));
  downloadSelected = () =>
    this.bulk.downloadZip(this.selection.count, this.selection.allMatching ? { filter: downloadFilter(this.filter) } : { job_ids: this.selection.loadedKeys });

  override render() {
    const { items } = this.list;
    const { first, last, columns, rowHeight } = this.viewport;
    const shown = items.slice(first, last);
    return html`<div class="scroller" style="height: 300px; overflow: auto; position: relative">
        <div class="probe" style="position: absolute; width: 100px; height: 0; visibility: hidden"></div>
        <div
          class="grid"
          role="grid"
          aria-label="Items"
          aria-multiselectable="true"
          style="position: relative; height: ${Math.ceil(items.length / columns) * rowHeight}px"
          @keydown=${(e: KeyboardEvent) => this.roving.handleKeyDown(e) || this.selection.handleKeyDown(e)}
          @focusin=${this.roving.handleFocusIn}
        >
          ${repeat(
            shown,
            (item) => item.id,
            (item, k) => {
              const i = first + k;
              return html`<div
                role="gridcell"
                data-index=${i}
                data-id=${item.id}
                tabindex=${this.roving.tabIndex(i, first, last)}
                aria-selected=${this.selection.has(item) ? 'true' : 'false'}
                style="position: absolute; box-sizing: border-box; width: ${100 / columns}%; height: ${rowHeight}px; top: ${Math.floor(i / columns) * rowHeight}px; left: ${(i % columns) * (100 / columns)}%"
                @click=${(e: MouseEvent) => this.selection.handleClick(e, i)}
              >
                <span data-select="toggle" class="check">☐</span> ${item.project_name ?? item.name ?? item.id}
              </div>`;
            },
          )}
        </div>
      </div>
      ${this.list.loading ? html`<p class="loading">Loading</p>` : nothing} ${this.bulk.render()}`;
  }

}
customElements.define('list-host', ListHost);

declare global {
  interface HTMLElementTagNameMap {
    'list-host': ListHost;
  }
}
