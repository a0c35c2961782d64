import { initialState, Task, TaskStatus } from '@lit/task';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ApiClient } from './api-client.ts';
import type { ListEndpoint, Page } from './list-endpoint.ts';
import { filterKey, filterQuery, type ListFilter } from './list-filter.ts';
import { PollingController } from './polling-controller.ts';

export interface PagedListOptions<T, E = never> {
  /** Which list, and how it pages (`jobsEndpoint`, `assetsEndpoint`, `offsetEndpoint(…)`). */
  endpoint: ListEndpoint<T>;
  /** The host's API client (`() => this.client`); another client starts the list again. */
  client: () => ApiClient;
  /** The host's filter; another one (by value) starts the list again from the first page. */
  filter: () => ListFilter;
  /** An item's id. */
  key: (item: T) => string;
  /** Items per page (default 50; seed 002's endpoint takes at most 50). */
  pageSize?: number;
  /** True for an item still in progress (queued, processing): the list polls while any is loaded. */
  inProgress?: (item: T) => boolean;
  /** Milliseconds between polls (default 2000). */
  interval?: () => number;
  /** Something polled with the list (the stats strip's counts), in `extra`; `active` keeps polling too. */
  extra?: { fetch: (client: ApiClient, signal: AbortSignal) => Promise<E>; active: (value: E) => boolean };
  /** What a poll changed in the loaded items (for a live region). */
  onMerge?: (merge: ListMerge<T>) => void;
  /** A page failed to load (also shown through `error`). */
  onError?: (error: unknown) => void;
  /**
   * While this is false the list loads nothing and does not poll (an element showing one of two
   * lists); it loads from the first page when it becomes true. Default: always active.
   */
  active?: () => boolean;
}

/** What a poll changed. */
export interface ListMerge<T> {
  added: T[];
  changed: { before: T; after: T }[];
  removed: T[];
}

interface Poll<T, E> {
  scope: Scope;
  page: Page<T>;
  /** Loaded items in progress past the first page, read again (null: gone). */
  fresh: { key: string; item: T | null }[];
  extra?: E;
}

type Scope = readonly [ApiClient, string];

/** In-progress items past the first page read again per poll, at most. */
const MAX_FRESH = 20;
/** The filter key of an inactive list (no filter serialises to it). */
const INACTIVE = '\u0000inactive';

/**
 * A list read page by page from one endpoint, kept up to date:
 * - the first page loads when the host connects and whenever `client()` or `filter()` changes;
 *   `loadMore()` appends the next (by `cursor`, or by position for offset endpoints);
 * - requests race safely through `@lit/task`: a page asked for under an old filter is aborted and
 *   never lands (the first page runs in a {@link PollingController}'s task, "more" in its own);
 * - while any loaded item is `inProgress` (or `extra.active`), it polls the first page every
 *   `interval` with `If-None-Match` (a 304 costs nothing) and reconciles it with what is loaded:
 *   items created meanwhile appear in their place (on top, newest first), changed ones are
 *   replaced, ones gone from the first page's range are dropped; loaded items in progress further
 *   down are read again one by one. Polling pauses while the tab is hidden, backs off on errors,
 *   and runs at once when the client reports a write (another element deleted something);
 * - `refresh()` polls now (after the host page started a job); `reload()` starts over.
 *
 * Render from `items`, `total`, `hasMore`, `loading`, `error`; call `loadMore()` near the end.
 */
export class PagedListController<T, E = never> implements ReactiveController {
  /** The items loaded so far, in the endpoint's order. */
  items: T[] = [];
  /** Matching items on the server. */
  total = 0;
  /** The latest `extra` value (e.g. stats). */
  extra?: E;

  private next: string | null = null;
  /** The client and filter the items belong to; undefined until the first page arrived. */
  private loadedScope?: Scope;
  private scoped?: Scope;
  /** The cursor "more" was asked for (a task argument: null asks nothing). */
  private wanted: string | null = null;
  private applied?: Poll<T, E>;
  private keyed?: { filter: ListFilter; key: string };
  private readonly poller: PollingController<Poll<T, E>, Scope>;
  private readonly more: Task<readonly [ApiClient, string, string | null], Page<T>>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: PagedListOptions<T, E>,
  ) {
    // Before the tasks: hostUpdate sees a new scope (and resets) before they run for it.
    host.addController(this);
    this.poller = new PollingController<Poll<T, E>, Scope>(host, {
      args: () => this.currentScope(),
      changes: () => options.client(),
      fetch: (scope, signal) => this.poll(scope, signal),
      apply: (poll) => this.apply(poll),
      active: (poll) => this.items.some((item) => options.inProgress?.(item)) || (!!options.extra && poll.extra !== undefined && options.extra.active(poll.extra)),
      interval: options.interval,
    });
    this.more = new Task(host, {
      args: () => [...this.currentScope(), this.wanted] as const,
      task: ([client, , after], { signal }) => (after === null ? initialState : options.endpoint.page(client, this.params(), after, signal)),
      onComplete: (page) => this.append(page),
      onError: (error) => {
        this.wanted = null;
        if (!(error instanceof DOMException && error.name === 'AbortError')) options.onError?.(error);
      },
    });
  }

  /** More pages on the server. */
  get hasMore(): boolean {
    return this.next !== null;
  }

  /** True while the first page (of a new filter) or the next page is on its way. */
  get loading(): boolean {
    return (!this.loadedScope && this.poller.task.status === TaskStatus.PENDING) || this.more.status === TaskStatus.PENDING;
  }

  /** True once the first page for the current client and filter has arrived (until then: a skeleton). */
  get loaded(): boolean {
    return this.loadedScope !== undefined && this.loadedScope === this.currentScope();
  }

  /** Why the first page (or the next) failed to load; cleared by the next success. */
  get error(): unknown {
    if (!this.loadedScope && this.poller.task.status === TaskStatus.ERROR) return this.poller.task.error;
    return this.more.status === TaskStatus.ERROR ? this.more.error : undefined;
  }

  /** The client and filter key the list is for: the same array while neither changes (a scope for a selection). */
  get scope(): readonly [ApiClient, string] {
    return this.currentScope();
  }

  /** True while the list polls (a poll is scheduled or on its way). */
  get polling(): boolean {
    return this.poller.scheduled || (!!this.loadedScope && this.poller.task.status === TaskStatus.PENDING);
  }

  hostUpdate(): void {
    const scope = this.currentScope();
    if (this.scoped && scope !== this.scoped) this.reset();
    this.scoped = scope;
  }

  hostDisconnected(): void {
    // The poller stops itself; a page on its way is not wanted any more.
    this.more.abort();
    this.wanted = null;
  }

  /** Loads the next page (nothing when one is on its way or there is none). */
  loadMore(): void {
    if (!this.loadedScope || this.next === null || this.wanted !== null) return;
    this.wanted = this.next;
    // Run now rather than on the next update: this may be called during one (a window reaching the end).
    void this.more.run([...this.currentScope(), this.wanted]);
  }

  /** Looks for new and changed items now (call it after starting a job). */
  refresh(): Promise<void> {
    return this.poller.refresh();
  }

  /** Starts over from the first page. */
  reload(): Promise<void> {
    this.reset();
    return this.poller.refresh();
  }

  /** Takes items out (deleted here); the total follows. */
  remove(keys: Iterable<string>): void {
    const gone = new Set(keys);
    const before = this.items.length;
    this.items = this.items.filter((item) => !gone.has(this.options.key(item)));
    this.total = Math.max(0, this.total - (before - this.items.length));
    this.host.requestUpdate();
    if (this.items.length < this.pageSize && this.next !== null) this.loadMore();
  }

  /**
   * Puts `item` in place of the loaded item with its key (a change made here — a favourite, say —
   * shown before or after the server confirms it). When it is not loaded: inserted at `index` and
   * counted (a copy just made, shown first), else nothing.
   */
  replace(item: T, index?: number): void {
    const key = this.options.key(item);
    const i = this.items.findIndex((x) => this.options.key(x) === key);
    if (i >= 0) this.items = this.items.map((x, j) => (j === i ? item : x));
    else if (index !== undefined) {
      this.items = [...this.items.slice(0, index), item, ...this.items.slice(index)];
      this.total++;
    } else return;
    this.host.requestUpdate();
  }

  /** Sets the whole list (fixtures, benchmarks): loaded for the current filter, nothing more to page. */
  setItems(items: T[], total = items.length): void {
    this.items = items;
    this.total = total;
    this.next = null;
    this.loadedScope = this.currentScope();
    this.host.requestUpdate();
  }

  /** Every matching item's key, read from the server page by page (100 at a time) with the same filter. */
  async allKeys(signal?: AbortSignal): Promise<string[]> {
    const keys: string[] = [];
    const params = this.params(100);
    let after: string | null = null;
    do {
      const page: Page<T> = await this.options.endpoint.page(this.options.client(), params, after, signal);
      keys.push(...page.items.map(this.options.key));
      after = page.next;
    } while (after !== null);
    return keys;
  }

  private get pageSize() {
    return this.options.pageSize ?? 50;
  }

  private params(limit = this.pageSize): URLSearchParams {
    const params = filterQuery(this.options.filter());
    params.set('limit', String(limit));
    return params;
  }

  private currentScope(): Scope {
    const client = this.options.client();
    // Asked several times per update (the controller and both tasks): the key is kept per filter object.
    const filter = this.options.filter();
    if (filter !== this.keyed?.filter) this.keyed = { filter, key: filterKey(filter) };
    const key = this.options.active?.() === false ? INACTIVE : this.keyed.key;
    // The same array while nothing changed (task arguments compare by element anyway).
    return this.scoped && this.scoped[0] === client && this.scoped[1] === key ? this.scoped : ([client, key] as const);
  }

  private reset() {
    this.items = [];
    this.total = 0;
    this.next = null;
    this.loadedScope = undefined;
    this.wanted = null;
    this.applied = undefined;
  }

  private async poll(scope: Scope, signal: AbortSignal): Promise<Poll<T, E>> {
    // Back to the task's initial state: nothing applied, nothing scheduled.
    if (scope[1] === INACTIVE) return initialState as never;
    const [client] = scope;
    const { endpoint, extra, inProgress, key } = this.options;
    let page: Page<T>;
    let extraValue: E | undefined;
    try {
      [page, extraValue] = await Promise.all([endpoint.page(client, this.params(), null, signal), extra?.fetch(client, signal)]);
    } catch (err) {
      // A failed first page is the list's error (a failed poll keeps the list and retries quietly).
      if (!signal.aborted && this.loadedScope !== scope) this.options.onError?.(err);
      throw err;
    }
    let fresh: Poll<T, E>['fresh'] = [];
    if (this.loadedScope === scope && inProgress && endpoint.one) {
      // Only the loaded items past the last one the fresh page holds are read again: those before it
      // that it lacks are gone (reconcile drops them), and a page holding none of them replaces them all.
      const onPage = new Set(page.items.map(key));
      const covered = this.items.findLastIndex((item) => onPage.has(key(item)));
      const past = covered < 0 || page.next === null ? [] : this.items.slice(covered + 1);
      const stale = past.filter((item) => inProgress(item)).slice(0, MAX_FRESH);
      fresh = await Promise.all(stale.map(async (item) => ({ key: key(item), item: await endpoint.one!(client, key(item), signal) })));
    }
    return { scope, page, fresh, extra: extraValue };
  }

  private apply(poll: Poll<T, E>) {
    if (poll === this.applied) return;
    this.applied = poll;
    this.extra = poll.extra;
    if (this.loadedScope !== poll.scope) {
      this.items = poll.page.items;
      this.total = poll.page.total;
      this.next = poll.page.next;
      this.loadedScope = poll.scope;
    } else {
      this.reconcile(poll.page, poll.fresh);
    }
    this.host.requestUpdate();
  }

  /**
   * The fresh first page stands for the loaded items up to the last of them it holds (all of
   * them when it is the whole list): new items take their places in the server's order, changed
   * ones are replaced, missing ones dropped. Loaded items past it stay, with the ones in
   * progress updated from `fresh`.
   */
  private reconcile(page: Page<T>, fresh: Poll<T, E>['fresh']) {
    const { key } = this.options;
    const loaded = this.items;
    const merge: ListMerge<T> = { added: [], changed: [], removed: [] };
    const at = new Map(loaded.map((item, i) => [key(item), i]));
    const whole = page.next === null;
    let covered = -1;
    for (const item of page.items) covered = Math.max(covered, at.get(key(item)) ?? -1);
    if (covered < 0 && !whole) {
      // None of the loaded items is on the first page any more (more new ones than a page): start from it.
      merge.added.push(...page.items);
      this.items = page.items;
      this.next = page.next;
      this.total = page.total;
      this.options.onMerge?.(merge);
      return;
    }
    const keep = (before: T, after: T | null): T | null => {
      if (after === null) merge.removed.push(before);
      else if (before !== after && JSON.stringify(before) !== JSON.stringify(after)) merge.changed.push({ before, after });
      else return before;
      return after;
    };
    const end = whole ? loaded.length - 1 : covered;
    const onPage = new Set(page.items.map(key));
    for (let i = 0; i <= end; i++) if (!onPage.has(key(loaded[i]!))) merge.removed.push(loaded[i]!);
    const head = page.items.map((item) => {
      const i = at.get(key(item));
      if (i !== undefined) return keep(loaded[i]!, item)!;
      merge.added.push(item);
      return item;
    });
    const freshBy = new Map(fresh.map((f) => [f.key, f.item]));
    const tail: T[] = [];
    for (let i = end + 1; i < loaded.length; i++) {
      const item = loaded[i]!;
      const now = freshBy.has(key(item)) ? keep(item, freshBy.get(key(item))!) : item;
      if (now !== null) tail.push(now);
    }
    if (whole || covered === loaded.length - 1) this.next = page.next;
    this.total = page.total;
    if (merge.added.length || merge.changed.length || merge.removed.length) {
      this.items = [...head, ...tail];
      this.options.onMerge?.(merge);
    }
  }

  private append(page: Page<T>) {
    this.wanted = null;
    const { key } = this.options;
    const known = new Set(this.items.map(key));
    this.items = [...this.items, ...page.items.filter((item) => !known.has(key(item)))];
    this.total = page.total;
    this.next = page.next;
    // Something further down may be in progress: keep it current.
    if (!this.polling && page.items.some((item) => this.options.inProgress?.(item))) void this.poller.refresh();
  }
}
