import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Runs the latest call once things settle: `call(fn)` replaces a pending call and runs it after
 * `delay()` ms (a search field: one request for the whole word). Nothing runs after the host
 * leaves the page.
 */
export class DebounceController implements ReactiveController {
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    host: ReactiveControllerHost,
    private readonly delay: () => number,
  ) {
    host.addController(this);
  }

  call(fn: () => void): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(fn, this.delay());
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
  }
}
