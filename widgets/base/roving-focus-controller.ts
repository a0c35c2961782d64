import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface RovingFocusOptions {
  /** How many items there are. */
  count: () => number;
  /** Items per row (1 in a list). */
  columns: () => number;
  /** The rendered element of item `index`, when it is in the DOM (an SVG element too: a chart's points). */
  element: (index: number) => HTMLElement | SVGElement | null | undefined;
  /** Brings item `index` into the rendered window (`GridWindow.scrollToIndex`); it is focused after the next update. */
  reveal?: (index: number) => void;
  /** Rows PageUp/PageDown move (default 4). */
  pageRows?: number;
  /** Focus moved to `index` by a key (shift+arrow extends a selection from here). */
  onMove?: (index: number, event: KeyboardEvent) => void;
  /** Enter on item `index` (open it). */
  onActivate?: (index: number, event: KeyboardEvent) => void;
  /**
   * The data attribute marking items, as in `dataset` (default `index`: `data-index`). A grid nested
   * in another one's item names its items differently, so each handles only its own.
   */
  attribute?: string;
}

/**
 * Roving keyboard focus over a grid of items (WAI-ARIA grid pattern): one item is in the tab
 * order (`tabIndex(index, first, last)`), arrows move between items, Home/End to the row's
 * first/last (ctrl: the list's; in a one-column list always the list's), PageUp/PageDown by a few
 * rows, Enter activates. It works with a windowed grid: the active item may be out of the DOM —
 * moving to it reveals it, waits for the host to render it, then focuses it; while it is away
 * the first rendered item takes its place in the tab order, so Tab still gets into the grid.
 *
 * Put `@keydown=${focus.handleKeyDown}` and `@focusin=${focus.handleFocusIn}` on the grid and mark each
 * item with `data-index` (or the `attribute` option's name).
 */
export class RovingFocusController implements ReactiveController {
  /** The item that has (or last had) focus. */
  active = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: RovingFocusOptions,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    this.active = Math.max(0, Math.min(this.active, this.options.count() - 1));
  }

  hostDisconnected(): void {
    // Nothing held: focus state lives in the DOM and `active`.
  }

  /** The tabindex of item `index` when items `first` ≤ i < `last` are rendered. */
  tabIndex(index: number, first: number, last: number): 0 | -1 {
    const tabbable = this.active >= first && this.active < last ? this.active : first;
    return index === tabbable ? 0 : -1;
  }

  /** Moves focus to item `index` (revealing it first). */
  async focus(index: number): Promise<void> {
    this.active = index;
    this.options.reveal?.(index);
    this.host.requestUpdate();
    await this.host.updateComplete;
    this.options.element(index)?.focus();
  }

  /** Keeps `active` on the item that got focus (by click or Tab). */
  readonly handleFocusIn = (event: FocusEvent): void => {
    const index = this.indexOf(event.composedPath()[0]);
    if (index !== undefined && index !== this.active) {
      this.active = index;
      this.host.requestUpdate();
    }
  };

  /** Arrow/Home/End/Page/Enter on an item (not on a button inside it); true when handled. */
  readonly handleKeyDown = (event: KeyboardEvent): boolean => {
    const index = this.indexOf(event.composedPath()[0], true);
    if (index === undefined) return false;
    if (event.key === 'Enter') {
      if (!this.options.onActivate) return false;
      event.preventDefault();
      this.options.onActivate(index, event);
      return true;
    }
    const target = this.target(index, event, getComputedStyle(event.composedPath()[0] as Element).direction === 'rtl');
    if (target === undefined) return false;
    event.preventDefault();
    void this.focus(target).then(() => this.options.onMove?.(target, event));
    return true;
  };

  /** In a mirrored (right-to-left) grid the next item is on the left: the arrows keep pointing where they move. */
  private target(index: number, event: KeyboardEvent, rtl: boolean): number | undefined {
    const cols = Math.max(1, this.options.columns());
    const last = this.options.count() - 1;
    const rowStart = index - (index % cols);
    const toEnds = event.ctrlKey || event.metaKey || cols === 1;
    const page = cols * (this.options.pageRows ?? 4);
    const moves: Record<string, number> = {
      ArrowRight: rtl ? index - 1 : index + 1,
      ArrowLeft: rtl ? index + 1 : index - 1,
      ArrowDown: index + cols,
      ArrowUp: index - cols,
      Home: toEnds ? 0 : rowStart,
      End: toEnds ? last : Math.min(last, rowStart + cols - 1),
      PageDown: index + page,
      PageUp: index - page,
    };
    const to = moves[event.key];
    return to === undefined || last < 0 ? undefined : Math.max(0, Math.min(last, to));
  }

  /** The index of the item `node` is (`exact`) or is inside. */
  private indexOf(node: EventTarget | undefined, exact = false): number | undefined {
    if (!(node instanceof HTMLElement || node instanceof SVGElement)) return undefined;
    const name = this.options.attribute ?? 'index';
    const item = node.closest<HTMLElement | SVGElement>(`[data-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}]`);
    if (!item || (exact && item !== node)) return undefined;
    return Number(item.dataset[name]);
  }
}
