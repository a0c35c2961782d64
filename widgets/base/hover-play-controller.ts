import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * A muted preview of a video tile while the pointer rests on it, as photo libraries do: after
 * `delay()` ms on the tile the `<video>` inside plays (muted, looping, from the poster frame),
 * and it stops and rewinds when the pointer leaves. Never with `prefers-reduced-motion`, never
 * for touch (there is no hover; a tap opens the item). Put `@pointerenter=${hover.enter}` and
 * `@pointerleave=${hover.leave}` on the tile; `@focusin=${hover.focus}` and
 * `@focusout=${hover.blur}` preview it for keyboard focus too (not for a tap's focus).
 */
export class HoverPlayController implements ReactiveController {
  private timer?: ReturnType<typeof setTimeout>;
  private playing?: HTMLVideoElement;
  private readonly reducedMotion = matchMedia('(prefers-reduced-motion: reduce)');

  constructor(
    host: ReactiveControllerHost,
    private readonly delay: () => number = () => 400,
  ) {
    host.addController(this);
  }

  /** The video the preview is playing (or about to), if any. */
  get current(): HTMLVideoElement | undefined {
    return this.playing;
  }

  readonly enter = (event: PointerEvent): void => {
    if (event.pointerType !== 'mouse') return;
    this.start(event.currentTarget as HTMLElement);
  };

  readonly leave = (): void => {
    clearTimeout(this.timer);
    this.stop();
  };

  /** Keyboard focus on the tile (a tap's focus is not `:focus-visible`: the tap opens the item). */
  readonly focus = (event: FocusEvent): void => {
    const tile = event.currentTarget as HTMLElement;
    if (event.target === tile && tile.matches(':focus-visible')) this.start(tile);
  };

  /** Focus left the tile (moving to a button inside it keeps the preview). */
  readonly blur = (event: FocusEvent): void => {
    if (!(event.currentTarget as HTMLElement).contains(event.relatedTarget as Node | null)) this.leave();
  };

  hostDisconnected(): void {
    this.leave();
  }

  private start(tile: HTMLElement) {
    if (this.reducedMotion.matches) return;
    const video = tile.querySelector('video');
    if (!video) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.stop();
      this.playing = video;
      video.muted = true;
      video.loop = true;
      void video.play().catch(() => undefined);
    }, this.delay());
  }

  private stop() {
    const video = this.playing;
    this.playing = undefined;
    if (!video) return;
    video.pause();
    // Back to the poster frame (the #t= fragment's time).
    video.currentTime = 0.1;
  }
}
