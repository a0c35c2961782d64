import { Task, TaskStatus } from '@lit/task';
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface PollingOptions<T, A extends readonly unknown[]> {
  /** The inputs (API client, filters); a change fetches again at once and aborts the old request. */
  args: () => A;
  /** Loads the data; forward `signal` to fetch. */
  fetch: (args: A, signal: AbortSignal) => Promise<T>;
  /**
   * Takes a result in, only the latest run's (`@lit/task`'s race guard: a run overtaken by new
   * args or a refresh never arrives here). Called before `active`, again with the same value
   * when a background poll failed and the data stays.
   */
  apply?: (value: T) => void;
  /** True while the data shows work in progress (something queued or processing): only then is it polled. */
  active: (value: T) => boolean;
  /** Milliseconds between polls (seed 001: every 2 s). Read before each wait. */
  interval?: () => number;
  /** Fires `change` when the data may have changed elsewhere (the shared API client after a delete): fetch again at once. */
  changes?: () => EventTarget | undefined;
}

/** The longest wait while backing off after failures. */
const MAX_BACKOFF_MS = 60_000;

/**
 * Loads data with `@lit/task` and polls it again every `interval` while `active(value)` says
 * something is in progress:
 * - stops by itself once everything is finished (the next change comes from `refresh()` or new args);
 * - pauses while the tab is hidden and polls at once when it is shown again — also when it had
 *   stopped, once: the user may come back from the tab where they started a new job;
 * - a failed poll keeps the data on screen (`lastError` tells) and backs off exponentially on
 *   429/5xx/network errors, honouring `Retry-After`; any other error (401, 403, 404) stops
 *   polling until `refresh()` or new args; a failed first load is the task's error;
 * - `changes()`'s `change` event (the shared API client after a write) fetches again at once,
 *   also when stopped: another element deleted or restored something;
 * - conditional requests are the API client's job (it sends `If-None-Match`; a 304 returns the
 *   same body object, so nothing re-renders).
 *
 * Render with `controller.task.render({ initial, pending, complete, error })`; `task.value` stays
 * set while a poll is pending.
 */
export class PollingController<T, A extends readonly unknown[] = readonly unknown[]> implements ReactiveController {
  readonly task: Task<A, T>;
  /** The error of the last poll when it failed after data had arrived (the data stays shown). */
  lastError: unknown;

  private readonly options: PollingOptions<T, A>;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private failures = 0;
  private retryAfterMs = 0;
  private polling = false;
  private waitingForVisible = false;
  private connected = false;
  private watched?: EventTarget;
  private changePending = false;

  constructor(host: ReactiveControllerHost, options: PollingOptions<T, A>) {
    this.options = options;
    this.task = new Task<A, T>(host, {
      args: options.args,
      task: (args, { signal }) => this.load(args, signal),
      onComplete: (value) => {
        try {
          options.apply?.(value);
        } catch (err) {
          // @lit/task would swallow it: a bug here must show.
          reportError(err);
        }
        this.schedule(value, undefined);
      },
      onError: (error) => this.schedule(undefined, error),
    });
    host.addController(this);
  }

  /** True while a timer is set for the next poll. */
  get scheduled(): boolean {
    return this.timer !== undefined || this.waitingForVisible;
  }

  hostConnected(): void {
    this.connected = true;
    document.addEventListener('visibilitychange', this.onVisibilityChange);
    // Back on the page with data: pick polling up where it stopped.
    if (this.task.status === TaskStatus.COMPLETE) this.schedule(this.task.value, undefined);
  }

  hostDisconnected(): void {
    this.connected = false;
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    this.watch(undefined);
    this.clear();
  }

  hostUpdated(): void {
    // The source of changes follows the host's settings (another API client after new attributes).
    if (this.connected) this.watch(this.options.changes?.());
  }

  private watch(target: EventTarget | undefined) {
    if (target === this.watched) return;
    this.watched?.removeEventListener('change', this.onChange);
    this.watched = target;
    target?.addEventListener('change', this.onChange);
  }

  /** Several writes in one task (a chunked bulk delete) make one refresh. */
  private readonly onChange = () => {
    if (this.changePending) return;
    this.changePending = true;
    setTimeout(() => {
      this.changePending = false;
      if (this.connected && this.task.status !== TaskStatus.INITIAL) void this.refresh();
    });
  };

  /** Fetches now: a retry button, or after something the host knows changed. */
  refresh(): Promise<void> {
    this.clear();
    this.polling = this.task.status === TaskStatus.COMPLETE;
    return this.task.run();
  }

  private async load(args: A, signal: AbortSignal): Promise<T> {
    const background = this.polling;
    this.polling = false;
    const previous = this.task.value;
    try {
      const value = await this.options.fetch(args, signal);
      this.failures = 0;
      this.retryAfterMs = 0;
      this.lastError = undefined;
      return value;
    } catch (err) {
      if (signal.aborted) throw err;
      if (isRetryable(err)) {
        this.failures++;
        const retryAfter = (err as { retryAfter?: number }).retryAfter;
        this.retryAfterMs = retryAfter ? retryAfter * 1000 : 0;
      }
      if (background && previous !== undefined) {
        this.lastError = err;
        return previous;
      }
      throw err;
    }
  }

  private schedule(value: T | undefined, error: unknown): void {
    this.clear();
    if (!this.connected) return;
    // A poll that failed for good (401, 403, …) stops polling; a failed first load retries only if worth it.
    const failed = error ?? this.lastError;
    const again = failed !== undefined ? isRetryable(failed) : this.options.active(value as T);
    if (!again) return;
    const interval = this.options.interval?.() ?? 2000;
    const delay = this.failures ? Math.min(Math.max(interval * 2 ** this.failures, this.retryAfterMs), MAX_BACKOFF_MS) : interval;
    this.timer = setTimeout(this.tick, delay);
  }

  private readonly tick = () => {
    this.timer = undefined;
    if (document.hidden) {
      this.waitingForVisible = true;
      return;
    }
    this.polling = this.task.status === TaskStatus.COMPLETE;
    void this.task.run();
  };

  private readonly onVisibilityChange = () => {
    if (document.hidden) return;
    const stopped = this.timer === undefined && !this.waitingForVisible && this.task.status === TaskStatus.COMPLETE;
    if (this.waitingForVisible || stopped) {
      this.waitingForVisible = false;
      this.tick();
    }
  };

  private clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.waitingForVisible = false;
  }
}

function isRetryable(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { retryable?: boolean }).retryable === true;
}
