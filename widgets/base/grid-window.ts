import { html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from './style-map.ts';

export interface GridWindowOptions {
  /**
   * The scrolling element (absent while the list shows its empty or error state). When its CSS
   * lets it grow (`overflow-y: visible`, as on a phone), the page scrolls instead and the window
   * follows the viewport: no nested scroller.
   */
  scroller?: () => HTMLElement | null | undefined;
  /** The element holding the rows (its top is where row 0 starts). */
  grid?: () => HTMLElement | null | undefined;
  /** An invisible element as wide as the smallest grid cell (the host's cell-width property). */
  probe?: () => HTMLElement | null | undefined;
  /** How many items there are. */
  count: () => number;
  /** One item per row (a list view) instead of a grid. */
  list: () => boolean;
  /** Called when the window comes near the last item (load the next page). */
  nearEnd: () => void;
  /** The smallest cell's width before the probe can be measured (px; match the CSS default). */
  cellWidth?: number;
  /** A grid row's height beyond its square thumbnail: the text lines under it (px). */
  textHeight?: number;
  /** A list row's height (px). */
  listRowHeight?: number;
  /**
   * Rows taller than the others (an expanded card): row index → extra height in px. Give a new
   * map when it changes. Rows not in it are `rowHeight` tall; the window, the rows' positions and
   * `totalHeight` follow.
   */
  rowExtras?: () => ReadonlyMap<number, number>;
}

/** Rows rendered beyond the visible ones, so a short scroll shows no gap. */
const OVERSCAN_ROWS = 1;
/** A fling has ended when no scroll came for this long. */
const SETTLE_MS = 120;
/** Before anything is measured: the default cell width (13rem). */
const DEFAULT_CELL_PX = 208;

/**
 * The virtual window of a grid of equal rows: how many columns fit, how tall a row is, and which
 * items (`first` ≤ i < `last`) are in view plus a row either side. Only those are rendered, so
 * 10,000 items cost what a screenful does. Key rendered rows by `rowIndex % rowSlots`: a row
 * entering the view then takes over the DOM of one that left (bindings change, nothing is built).
 *
 * The window is computed before the first render (from the host's width and the viewport's
 * height, as the scroller does not exist yet), then measured for real once the scroller is in the
 * DOM, and again when it resizes or scrolls. The controller listens to the scroller's (or, when
 * the page scrolls, the window's) `scroll` itself, and lets go of everything in `hostDisconnected`.
 */
export class GridWindow implements ReactiveController {
  columns = 1;
  rowHeight: number;
  first = 0;
  last = 0;
  /** The page scrolls (the scroller grows with its rows). */
  pageScroll = false;
  /**
   * Scrolling so fast that each frame shows rows none of which were in view the frame before (a
   * fling): `renderRows` draws its cheap placeholders then, and the items once it slows or stops.
   */
  fast = false;

  private observed?: HTMLElement;
  /** The visible height and scroll position, kept from the last measure or scroll (reading them during an update would force a layout). */
  private height = 0;
  private top = 0;
  private readonly resize = new ResizeObserver(() => this.measure());
  private settle?: ReturnType<typeof setTimeout>;
  /** `rowExtras()` as sorted [row, extra px, extra px of the rows before it] (rebuilt when the map changes). */
  private extras: [number, number, number][] = [];
  private extrasOf?: ReadonlyMap<number, number>;

  private readonly options: GridWindowOptions & Required<Pick<GridWindowOptions, 'scroller' | 'grid' | 'probe'>>;

  /** `scroller`, `grid` and `probe` default to the host's `.scroller`, `.grid` and `.cell-probe` (list.styles.ts). */
  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement & { renderRoot?: ParentNode },
    options: GridWindowOptions,
  ) {
    const find = (selector: string) => () => host.renderRoot?.querySelector<HTMLElement>(selector);
    this.options = { scroller: find('.scroller'), grid: find('.grid'), probe: find('.cell-probe'), ...options };
    this.rowHeight = options.listRowHeight ?? 72;
    host.addController(this);
  }

  hostUpdate(): void {
    const reshaped = this.readExtras();
    if (!this.observed) this.estimate();
    else if (reshaped) this.setWindow(this.top, this.height || innerHeight, false);
    else this.clamp();
  }

  hostUpdated(): void {
    const scroller = this.options.scroller() ?? undefined;
    if (scroller === this.observed) return;
    this.detach();
    this.observed = scroller;
    if (scroller) {
      this.resize.observe(scroller);
      scroller.addEventListener('scroll', this.onScroll, { passive: true });
      this.measure();
    }
  }

  hostDisconnected(): void {
    clearTimeout(this.settle);
    this.fast = false;
    this.detach();
    this.observed = undefined;
    this.height = 0;
    this.top = 0;
  }

  /** Columns and row height from the scroller's width, then the window. */
  measure(): void {
    const scroller = this.observed;
    if (!scroller) return;
    const pageScroll = getComputedStyle(scroller).overflowY === 'visible';
    if (pageScroll !== this.pageScroll) {
      this.pageScroll = pageScroll;
      if (pageScroll) addEventListener('scroll', this.onScroll, { passive: true });
      else removeEventListener('scroll', this.onScroll);
    }
    this.height = pageScroll ? innerHeight : scroller.clientHeight;
    const [columns, rowHeight] = [this.columns, this.rowHeight];
    this.layout(scroller.clientWidth, this.options.probe()?.offsetWidth || (this.options.cellWidth ?? DEFAULT_CELL_PX));
    // Other rows: the grid's height and every row's place change even when the same items are in view.
    if (columns !== this.columns || rowHeight !== this.rowHeight) this.host.requestUpdate();
    this.update();
  }

  /** The window for the current scroll position. */
  update(): void {
    if (!this.observed) return;
    this.top = this.scrollTop();
    this.setWindow(this.top, this.height || innerHeight);
  }

  /**
   * More than the most rows a window can hold: `rowIndex % rowSlots` is unique inside any window,
   * so keying rows by it lets a row entering the view reuse the DOM of one that left.
   */
  get rowSlots(): number {
    return Math.ceil((this.height || innerHeight) / this.rowHeight) + 2 * OVERSCAN_ROWS + 2;
  }

  /** Rows the whole list spans. */
  rows(count: number): number {
    return Math.ceil(count / this.columns);
  }

  /** The grid's height for `count` items (`rows * rowHeight` plus any taller rows). */
  totalHeight(count: number): number {
    const rows = this.rows(count);
    return this.rowTop(rows);
  }

  /** Where row `row` starts (px from the grid's top). */
  rowTop(row: number): number {
    let extra = 0;
    for (const [r, px, before] of this.extras) {
      if (r >= row) break;
      extra = before + px;
    }
    return row * this.rowHeight + extra;
  }

  /** The row at `y` px from the grid's top. */
  private rowAt(y: number): number {
    let before = 0;
    for (const [r, px, above] of this.extras) {
      const top = r * this.rowHeight + above;
      if (y < top) break;
      if (y < top + this.rowHeight + px) return r;
      before = above + px;
    }
    return Math.max(0, Math.floor((y - before) / this.rowHeight));
  }

  private extraOf(row: number): number {
    return this.extrasOf?.get(row) ?? 0;
  }

  /** Reads `rowExtras()`; true when it changed. */
  private readExtras(): boolean {
    const map = this.options.rowExtras?.();
    if (map === this.extrasOf) return false;
    this.extrasOf = map;
    let before = 0;
    this.extras = [...(map ?? [])]
      .filter(([, px]) => px > 0)
      .sort((a, b) => a[0] - b[0])
      .map(([r, px]) => {
        const entry: [number, number, number] = [r, px, before];
        before += px;
        return entry;
      });
    return true;
  }

  /**
   * The rows in the window as `role="row"` elements (`.row`, placed with a transform), each item
   * through `item(item, index, column)`. Keyed by slot: a row that stays in view keeps its DOM
   * (and its loaded images); one that enters takes over the DOM of one that left, so scrolling
   * updates bindings instead of building rows.
   */
  renderRows<T>(items: readonly T[], item: (item: T, index: number, column: number) => TemplateResult, placeholder?: (index: number, column: number) => TemplateResult): unknown {
    const cell = this.fast && placeholder ? (_it: T, index: number, column: number) => placeholder(index, column) : item;
    const cols = this.columns;
    const first = Math.min(this.first, items.length);
    const last = Math.max(first, Math.min(this.last, items.length));
    const firstRow = Math.floor(first / cols);
    const slots = this.rowSlots;
    const rows: number[] = [];
    for (let r = firstRow; r * cols < last; r++) rows.push(r);
    return repeat(
      rows,
      (r) => r % slots,
      (r) => html`<div role="row" class="row" aria-rowindex=${r + 1} style=${styleMap({ transform: `translateY(${this.rowTop(r)}px)`, height: this.extraOf(r) ? `${this.rowHeight + this.extraOf(r)}px` : undefined })}>
        ${items.slice(r * cols, Math.min((r + 1) * cols, last)).map((it, c) => cell(it, r * cols + c, c))}
      </div>`,
    );
  }

  /** Scrolls the least needed for item `index` to be in view (and moves the window there). */
  scrollToIndex(index: number): void {
    const scroller = this.observed;
    if (!scroller) return;
    const row = Math.floor(index / this.columns);
    const top = this.rowTop(row);
    const bottom = top + this.rowHeight + this.extraOf(row);
    const view = this.scrollTop();
    const delta = top < view ? top - view : bottom > view + this.height ? Math.min(top - view, bottom - view - this.height) : 0;
    if (delta && this.pageScroll) scrollBy(0, delta);
    else if (delta) scroller.scrollTop += delta;
    this.update();
  }

  /** Back to the top (a new list). */
  reset(): void {
    if (this.observed && !this.pageScroll) this.observed.scrollTop = 0;
    this.first = 0;
    this.top = 0;
  }

  /** How far the rows are scrolled: the scroller's scrollTop, or how far the grid's top is above the viewport. */
  private scrollTop(): number {
    if (!this.pageScroll) return this.observed!.scrollTop;
    const grid = this.options.grid();
    return grid ? Math.max(0, -grid.getBoundingClientRect().top) : 0;
  }

  private detach() {
    this.resize.disconnect();
    this.observed?.removeEventListener('scroll', this.onScroll);
    removeEventListener('scroll', this.onScroll);
    this.pageScroll = false;
  }

  private readonly onScroll = () => {
    const [first, last] = [this.first, this.last];
    this.update();
    // A window with nothing in common with the last one: a fling. Items again once it has settled.
    if (this.first === first && this.last === last) return;
    const jumped = this.first >= last || this.last <= first;
    if (jumped !== this.fast) {
      this.fast = jumped;
      this.host.requestUpdate();
    }
    clearTimeout(this.settle);
    if (this.fast)
      this.settle = setTimeout(() => {
        this.fast = false;
        this.host.requestUpdate();
      }, SETTLE_MS);
  };

  /** No scroller yet: assume it spans the host's width and at most the viewport's height. */
  private estimate() {
    this.layout(this.host.clientWidth || innerWidth, this.options.cellWidth ?? DEFAULT_CELL_PX);
    this.setWindow(0, innerHeight, false);
  }

  private layout(width: number, cell: number) {
    const list = this.options.list();
    this.columns = list ? 1 : Math.max(1, Math.floor(width / cell));
    this.rowHeight = list ? (this.options.listRowHeight ?? 72) : Math.round(width / this.columns) + (this.options.textHeight ?? 64);
  }

  /** Keeps the window inside the items after they changed (new page, deletions). */
  private clamp() {
    const count = this.options.count();
    if (this.first > count) this.first = Math.max(0, count - (count % this.columns));
    if (this.last > count || (this.last < count && this.last - this.first < this.visibleItems())) this.setWindow(this.top, this.height || innerHeight, false);
  }

  private visibleItems() {
    const height = this.height || innerHeight;
    return (Math.ceil(height / this.rowHeight) + OVERSCAN_ROWS) * this.columns;
  }

  private setWindow(scrollTop: number, height: number, notify = true) {
    const count = this.options.count();
    const firstRow = Math.max(0, this.rowAt(scrollTop) - OVERSCAN_ROWS);
    const lastRow = this.rowAt(scrollTop + height) + 1 + OVERSCAN_ROWS;
    const first = Math.min(count, firstRow * this.columns);
    const last = Math.min(count, lastRow * this.columns);
    if (first !== this.first || last !== this.last) {
      this.first = first;
      this.last = last;
      if (notify) this.host.requestUpdate();
    }
    // Only from a measured scroller: before it exists the layout is a guess (the host's width may
    // still be 0, so more columns than there will be), and a guess near the end fetched a page
    // nobody had scrolled to. A short first page is measured, and asks, once the scroller exists.
    if (this.observed && last >= count - this.columns * 2) this.options.nearEnd();
  }
}
