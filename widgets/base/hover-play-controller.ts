import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * A muted preview of a video tile while the pointer rests on it, as photo libraries do: after
 * `delay()` ms on the tile the `<video>` inside plays (muted, looping, from the poster frame),
 * and it stops and rewinds when the pointer leaves. Never with `prefers-reduced-motion`, never
 * for touch (there is no hover; a tap opens the item). Put `@pointerenter=${hover.enter}` and
 * `@pointerleave=${hover.leave}` on the tile.
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

  readonly enter = (event: PointerEvent): void => {
    if (event.pointerType !== 'mouse' || this.reducedMotion.matches) return;
    const video = (event.currentTarget as HTMLElement).querySelector('video');
    if (!video) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.stop();
      this.playing = video;
      video.muted = true;
      video.loop = true;
      void video.play().catch(() => undefined);
    }, this.delay());
  };

  readonly leave = (): void => {
    clearTimeout(this.timer);
    this.stop();
  };

  hostDisconnected(): void {
    this.leave();
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
