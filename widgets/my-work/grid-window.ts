import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface GridWindowOptions {
  /** The scrolling element (absent while the list shows its empty or error state). */
  scroller: () => HTMLElement | null | undefined;
  /** An invisible element as wide as the smallest grid cell (`--gs-my-work-cell-width`). */
  probe: () => HTMLElement | null | undefined;
  /** How many items there are. */
  count: () => number;
  /** One item per row (the list view) instead of a grid. */
  list: () => boolean;
  /** Called when the window comes near the last item (load the next page). */
  nearEnd: () => void;
}

/** Rows rendered above and below the visible ones, so a short scroll shows no gap. */
const OVERSCAN_ROWS = 2;
/** Before anything is measured: the default cell width (13rem). */
const DEFAULT_CELL_PX = 208;
const LIST_ROW_PX = 72;
/** A grid row is a square thumbnail plus the title, meta and badge lines. */
const GRID_TEXT_PX = 64;

/**
 * The virtual window of a grid of equal rows: how many columns fit, how tall a row is, and which
 * items (`first` ≤ i < `last`) are in view plus {@link OVERSCAN_ROWS}. Only those are rendered, so
 * 10,000 items cost what a screenful does.
 *
 * The window is computed before the first render with items (from the host's width and the
 * viewport's height, as the scroller does not exist yet), then measured for real once the
 * scroller is in the DOM, and again whenever it resizes or scrolls. A scroller replaced by a
 * re-render (after the empty or error state) is observed anew.
 */
export class GridWindow implements ReactiveController {
  columns = 1;
  rowHeight = LIST_ROW_PX;
  first = 0;
  last = 0;

  private observed?: HTMLElement;
  /** The scroller's height, kept from the last measure (reading it during an update would force a layout). */
  private height = 0;
  private readonly resize = new ResizeObserver(() => this.measure());

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly options: GridWindowOptions,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    if (!this.observed) this.estimate();
    else this.clamp();
  }

  hostUpdated(): void {
    const scroller = this.options.scroller() ?? undefined;
    if (scroller === this.observed) return;
    this.resize.disconnect();
    this.observed = scroller;
    if (scroller) {
      this.resize.observe(scroller);
      this.measure();
    }
  }

  hostDisconnected(): void {
    this.resize.disconnect();
    this.observed = undefined;
    this.height = 0;
  }

  /** Columns and row height from the scroller's width, then the window. */
  measure(): void {
    const scroller = this.observed;
    if (!scroller) return;
    this.height = scroller.clientHeight;
    this.layout(scroller.clientWidth, this.options.probe()?.offsetWidth || DEFAULT_CELL_PX);
    this.update();
  }

  /** The window for the scroller's position (on scroll). */
  update(): void {
    const scroller = this.observed;
    if (!scroller) return;
    this.setWindow(scroller.scrollTop, this.height || innerHeight);
  }

  /**
   * More than the most rows a window can hold: `rowIndex % rowSlots` is unique inside any window,
   * so keying rows by it lets a row entering the view reuse the DOM of one that left.
   */
  get rowSlots(): number {
    return Math.ceil((this.height || innerHeight) / this.rowHeight) + 2 * OVERSCAN_ROWS + 3;
  }

  /** Scrolls the least needed for item `index` to be in view. */
  scrollToIndex(index: number): void {
    const scroller = this.observed;
    if (!scroller) return;
    const top = Math.floor(index / this.columns) * this.rowHeight;
    if (top < scroller.scrollTop) scroller.scrollTop = top;
    else if (top + this.rowHeight > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = top + this.rowHeight - scroller.clientHeight;
    this.update();
  }

  /** Back to the top (a new list). */
  reset(): void {
    if (this.observed) this.observed.scrollTop = 0;
    this.first = 0;
  }

  /** No scroller yet: assume it spans the host's width and at most the viewport's height. */
  private estimate() {
    this.layout(this.host.clientWidth || innerWidth, DEFAULT_CELL_PX);
    this.setWindow(0, innerHeight, false);
  }

  private layout(width: number, cell: number) {
    const list = this.options.list();
    this.columns = list ? 1 : Math.max(1, Math.floor(width / cell));
    this.rowHeight = list ? LIST_ROW_PX : Math.round(width / this.columns) + GRID_TEXT_PX;
  }

  /** Keeps the window inside the items after they changed (new page, deletions). */
  private clamp() {
    const count = this.options.count();
    if (this.first > count) this.first = Math.max(0, count - (count % this.columns));
    if (this.last > count || (this.last < count && this.last - this.first < this.visibleItems())) this.update();
  }

  private visibleItems() {
    const height = this.height || innerHeight;
    return (Math.ceil(height / this.rowHeight) + OVERSCAN_ROWS) * this.columns;
  }

  private setWindow(scrollTop: number, height: number, notify = true) {
    const count = this.options.count();
    const firstRow = Math.max(0, Math.floor(scrollTop / this.rowHeight) - OVERSCAN_ROWS);
    const lastRow = Math.ceil((scrollTop + height) / this.rowHeight) + OVERSCAN_ROWS;
    const first = Math.min(count, firstRow * this.columns);
    const last = Math.min(count, lastRow * this.columns);
    if (first !== this.first || last !== this.last) {
      this.first = first;
      this.last = last;
      if (notify) this.host.requestUpdate();
    }
    if (last >= count - this.columns * 2) this.options.nearEnd();
  }
}
