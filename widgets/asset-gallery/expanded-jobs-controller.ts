import type { ReactiveController, ReactiveElement } from 'lit';

/** An expanded job's grid before it has been measured: one row of tiles. */
const PANEL_ESTIMATE_PX = 220;

/**
 * Which jobs are expanded in a by-job gallery, and how much taller each makes its row: the grid
 * window places the rows under an expanded job by the measured height of its asset grid (a
 * `.panel[data-panel=<job id>]` in the host's render root), so virtualised scrolling stays exact.
 */
export class ExpandedJobsController implements ReactiveController {
  private expandedIds: ReadonlySet<string> = new Set();
  private heights: ReadonlyMap<string, number> = new Map();
  private cache?: { items: readonly { id: string }[]; expanded: ReadonlySet<string>; heights: ReadonlyMap<string, number>; map: ReadonlyMap<number, number> };
  private readonly resize = new ResizeObserver((entries) => this.measure(entries));

  constructor(private readonly host: ReactiveElement) {
    host.addController(this);
  }

  hostUpdated(): void {
    // Expanded jobs' grids are measured, so the rows under them move down by what they take.
    this.resize.disconnect();
    for (const panel of this.host.renderRoot.querySelectorAll<HTMLElement>('.panel')) this.resize.observe(panel);
  }

  hostDisconnected(): void {
    this.resize.disconnect();
  }

  /** The ids of the expanded jobs, in the order they were opened. */
  get ids(): string[] {
    return [...this.expandedIds];
  }

  has(id: string): boolean {
    return this.expandedIds.has(id);
  }

  /** Expands or collapses job `id`; true when it is now expanded. */
  toggle(id: string): boolean {
    const next = new Set(this.expandedIds);
    const open = !next.delete(id);
    if (open) next.add(id);
    this.expandedIds = next;
    this.host.requestUpdate();
    return open;
  }

  clear(): void {
    if (!this.expandedIds.size) return;
    this.expandedIds = new Set();
    this.host.requestUpdate();
  }

  /** Row (index in `items`) → how much taller its expanded card is; the same map while nothing changed. */
  rowExtras(items: readonly { id: string }[]): ReadonlyMap<number, number> {
    const c = this.cache;
    if (c && c.items === items && c.expanded === this.expandedIds && c.heights === this.heights) return c.map;
    const map = new Map<number, number>();
    if (this.expandedIds.size) items.forEach(({ id }, i) => this.expandedIds.has(id) && map.set(i, this.heights.get(id) ?? PANEL_ESTIMATE_PX));
    this.cache = { items, expanded: this.expandedIds, heights: this.heights, map };
    return map;
  }

  /** Job `id`'s expanded grid, when it is in the DOM. */
  panel(id: string | undefined): HTMLElement | null {
    return id ? this.host.renderRoot.querySelector<HTMLElement>(`.panel[data-panel="${CSS.escape(id)}"]`) : null;
  }

  /** Tiles per row in job `id`'s grid (read when a key is pressed). */
  columns(id: string | undefined): number {
    const row = this.panel(id)?.querySelector<HTMLElement>('.panel-row');
    return row ? Math.max(1, getComputedStyle(row).gridTemplateColumns.split(' ').length) : 1;
  }

  private measure(entries: ResizeObserverEntry[]) {
    // Read now, render in the next frame: rendering inside the observer's callback would resize
    // what it observes in the same frame (a "ResizeObserver loop").
    const sizes = entries.map((e) => [(e.target as HTMLElement).dataset.panel, Math.ceil(e.borderBoxSize[0]?.blockSize ?? (e.target as HTMLElement).offsetHeight)] as const);
    requestAnimationFrame(() => this.setHeights(sizes));
  }

  private setHeights(sizes: readonly (readonly [string | undefined, number])[]) {
    let heights: Map<string, number> | undefined;
    for (const [id, px] of sizes) {
      if (!id || !px || this.heights.get(id) === px) continue;
      heights ??= new Map(this.heights);
      heights.set(id, px);
    }
    if (!heights) return;
    this.heights = heights;
    this.host.requestUpdate();
  }
}
