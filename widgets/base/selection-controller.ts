import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface SelectionOptions<T> {
  /** The loaded items, in order (indexes are positions in it). */
  items: () => readonly T[];
  /** An item's id. */
  key: (item: T) => string;
  /** How many items match on the server (what "select all N matching" selects). */
  total: () => number;
  /** The selection is cleared when this changes, e.g. the list's filter key (`filterKey(filter)`). */
  scope: () => unknown;
  /** After every change by the user: the new count (for the host's live region). */
  onChange?: (count: number, allMatching: boolean) => void;
}

/** How a click or key selects: only this one, toggle it, or the range from the anchor. */
export type SelectMode = 'only' | 'toggle' | 'range';

/**
 * Which items are selected, the way photo and mail apps do it:
 * - click selects only that item; ctrl/cmd-click, or a click on an element marked
 *   `data-select="toggle"` (the item's checkbox), toggles it; shift-click adds the range from the
 *   last clicked item (the anchor);
 * - keys (`handleKeyDown` on the grid): Space toggles, shift+Space adds the range, ctrl/cmd+A selects
 *   everything loaded, Escape clears; `extendTo(index)` is the range for shift+arrows;
 * - "select all N matching": `askAllMatching()` shows the question (`confirmingAll`), then
 *   `selectAllMatching()` stands for every item the filter matches on the server — resolve it
 *   with the same filter (`keys(allKeys)`; downloads send the filter itself).
 *
 * Changing `scope()` (another filter) clears it.
 */
export class SelectionController<T> implements ReactiveController {
  /** Keys of the selected items (when `allMatching`, every loaded one counts as selected too). */
  selected = new Set<string>();
  /** Every item matching the filter on the server is selected. */
  allMatching = false;
  /** "Select all N matching?" is being asked. */
  confirmingAll = false;
  /** Where a range starts: the last item clicked or toggled (-1: none). */
  anchor = -1;

  private scope: unknown;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: SelectionOptions<T>,
  ) {
    host.addController(this);
  }

  /** How many are selected (all matching counts the server's total). */
  get count(): number {
    return this.allMatching ? this.options.total() : this.selected.size;
  }

  /** The selected keys among the loaded items (all of them when all matching). */
  get loadedKeys(): string[] {
    return this.allMatching ? this.options.items().map(this.options.key) : [...this.selected];
  }

  /** Whether `item` shows as selected. */
  has(item: T): boolean {
    return this.allMatching || this.selected.has(this.options.key(item));
  }

  hostUpdate(): void {
    const scope = this.options.scope();
    if (scope !== this.scope) {
      this.scope = scope;
      this.reset();
    }
  }

  hostDisconnected(): void {
    // An open "select all?" question does not survive the element leaving the page.
    this.confirmingAll = false;
  }

  /** Selects item `index` as a click does (`only`), toggles it, or adds the range from the anchor. */
  select(index: number, mode: SelectMode = 'only'): void {
    const items = this.options.items();
    const item = items[index];
    if (!item) return;
    const { key } = this.options;
    const selected = this.allMatching ? new Set(items.map(key)) : new Set(this.selected);
    if (mode === 'range' && this.anchor >= 0) {
      const [from, to] = [Math.min(this.anchor, index), Math.min(Math.max(this.anchor, index), items.length - 1)];
      for (let i = from; i <= to; i++) selected.add(key(items[i]!));
    } else {
      if (mode === 'toggle') {
        if (!selected.delete(key(item))) selected.add(key(item));
      } else {
        selected.clear();
        selected.add(key(item));
      }
      this.anchor = index;
    }
    this.set(selected);
  }

  /** The range from the anchor to `index` (shift+arrow); starts one at `index` when there is none. */
  extendTo(index: number): void {
    if (this.anchor < 0) this.anchor = index;
    this.select(index, 'range');
  }

  /** Every loaded item. */
  selectLoaded(): void {
    this.set(new Set(this.options.items().map(this.options.key)));
  }

  /** Clears the selection (and the anchor). */
  clear(): void {
    if (!this.selected.size && !this.allMatching && !this.confirmingAll) return;
    this.reset();
    this.changed();
  }

  /** Asks "select all N matching?" (render it from `confirmingAll`). */
  askAllMatching(): void {
    this.confirmingAll = true;
    this.host.requestUpdate();
  }

  /** Stops asking. */
  cancelAllMatching(): void {
    this.confirmingAll = false;
    this.host.requestUpdate();
  }

  /** Selects every item the filter matches on the server. */
  selectAllMatching(): void {
    this.selected = new Set();
    this.allMatching = true;
    this.confirmingAll = false;
    this.changed();
  }

  /** The keys to act on: the selected ones, or every match read through `allKeys` (the list's, same filter). */
  keys(allKeys: () => Promise<string[]>): Promise<string[]> {
    return this.allMatching ? allKeys() : Promise.resolve([...this.selected]);
  }

  /** Forgets keys that are gone (deleted). */
  forget(keys: Iterable<string>): void {
    const selected = new Set(this.selected);
    for (const k of keys) selected.delete(k);
    this.allMatching = false;
    this.set(selected);
  }

  /** A click on item `index`: modifiers and the checkbox decide the mode. */
  handleClick(event: MouseEvent, index: number): void {
    const onToggle = event.composedPath().some((node) => node instanceof HTMLElement && node.dataset.select === 'toggle');
    this.select(index, event.shiftKey ? 'range' : event.ctrlKey || event.metaKey || onToggle ? 'toggle' : 'only');
  }

  /**
   * Selection keys on an item (marked `data-index`; not on a button inside it): Space toggles,
   * shift+Space adds the range, ctrl/cmd+A selects everything loaded; Escape (anywhere) clears.
   * True when the key was one of them (its default is prevented).
   */
  readonly handleKeyDown = (event: KeyboardEvent): boolean => {
    const index = (event.composedPath()[0] as HTMLElement | undefined)?.dataset?.index;
    if (event.key === 'Escape' && this.count) this.clear();
    else if (index === undefined) return false;
    else if (event.key === ' ') this.select(Number(index), event.shiftKey ? 'range' : 'toggle');
    else if ((event.key === 'a' || event.key === 'A') && (event.ctrlKey || event.metaKey)) this.selectLoaded();
    else return false;
    event.preventDefault();
    return true;
  };

  private set(selected: Set<string>) {
    this.selected = selected;
    this.allMatching = false;
    this.confirmingAll = false;
    this.changed();
  }

  private reset() {
    this.selected = new Set();
    this.allMatching = false;
    this.confirmingAll = false;
    this.anchor = -1;
  }

  private changed() {
    this.host.requestUpdate();
    this.options.onChange?.(this.count, this.allMatching);
  }
}
