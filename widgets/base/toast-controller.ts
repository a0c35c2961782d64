import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * One short-lived message at a time (a toast): `show()` replaces the current one and hides it
 * after `ms`; `announce` hands its text to the host's live region, so screen readers hear it too.
 * The host renders `current` as it likes (an Undo button, say).
 */
export class ToastController<T extends { message: string }> implements ReactiveController {
  current?: T;
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly announce: (message: string) => void,
  ) {
    host.addController(this);
  }

  show(toast: T, ms = 10_000): void {
    clearTimeout(this.timer);
    this.current = toast;
    this.announce(toast.message);
    this.timer = setTimeout(() => this.dismiss(), ms);
    this.host.requestUpdate();
  }

  dismiss(): void {
    clearTimeout(this.timer);
    if (this.current === undefined) return;
    this.current = undefined;
    this.host.requestUpdate();
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
  }
}
