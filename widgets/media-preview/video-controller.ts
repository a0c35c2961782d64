import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { PreviewItem } from './preview-info.ts';

/**
 * Whether the server no longer serves `url` (asked with `HEAD`): an expired or unknown link, or no
 * answer at all. False when it serves the file (then the browser failed to play it, and a new link
 * would not help).
 */
export async function refused(url: string): Promise<boolean> {
  try {
    const { status } = await fetch(url, { method: 'HEAD', cache: 'no-store' });
    return status < 200 || status >= 300;
  } catch {
    return true;
  }
}

export interface VideoControllerOptions {
  /** The `<video>` shown (absent for other kinds). */
  video: () => HTMLVideoElement | undefined;
  /** The item shown. */
  item: () => PreviewItem | undefined;
  /** A fresh URL for an item whose signed URL the server refuses (expired). */
  renew: (item: PreviewItem) => Promise<string | null | undefined>;
  /** Renewing failed (the host fires `gs-error`). */
  onError: (error: unknown) => void;
}

/**
 * `<media-preview>`'s video: it starts playing when shown (muted when the browser allows only
 * that without a gesture); when its URL stops working (the server refuses it: a signed URL's 403
 * once expired, a `/video/…` link's 404 or 410) it gets a fresh one and resumes where it was,
 * playing if it was. A renewal that does not play is not tried again for the same URL. `urlOf(item)` is the
 * URL to render; call `shown()` when another item is shown.
 */
export class VideoController implements ReactiveController {
  private fresh = new Map<string, string>();
  private started = false;
  private resumeAt = 0;
  private resumePlaying = false;
  private renewing = false;
  private readonly renewedFor = new Set<string>();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: VideoControllerOptions,
  ) {
    host.addController(this);
  }

  urlOf(item: PreviewItem): string | null | undefined {
    return this.fresh.get(item.id) ?? item.url;
  }

  /** Another item is shown: it starts from the beginning (and plays). */
  shown(): void {
    this.started = false;
    this.resumeAt = 0;
    this.resumePlaying = false;
  }

  hostUpdated(): void {
    const video = this.options.video();
    if (video && !this.started) {
      this.started = true;
      void this.play(video);
    }
  }

  hostDisconnected(): void {
    this.options.video()?.pause();
  }

  private async play(video: HTMLVideoElement) {
    try {
      await video.play();
    } catch (err) {
      if (!(err instanceof DOMException && err.name === 'NotAllowedError')) return;
      video.muted = true;
      await video.play().catch(() => undefined);
    }
  }

  /** `timeupdate` / `seeked` / `pause`: where to resume after a renewal. */
  readonly onProgress = (): void => {
    const video = this.options.video();
    const item = this.options.item();
    if (!video || !item || video.error || video.readyState < 1 || video.currentSrc !== this.urlOf(item)) return;
    this.resumeAt = video.currentTime;
    this.resumePlaying = !video.paused;
  };

  /** `error`: a URL the server refuses gets renewed (again only once it played); a file it serves but the browser cannot play does not. */
  readonly onError = async (): Promise<void> => {
    const item = this.options.item();
    const video = this.options.video();
    if (!item || !video || this.renewing) return;
    const failed = video.currentSrc || video.src;
    const key = `${item.id} ${failed}`;
    if (!(await refused(failed)) || this.renewedFor.has(key)) return;
    this.renewedFor.add(key);
    this.renewing = true;
    try {
      const url = await this.options.renew(item);
      if (!url || this.options.item() !== item) return;
      const [at, playing] = [this.resumeAt, this.resumePlaying];
      this.fresh = new Map(this.fresh).set(item.id, url);
      this.host.requestUpdate();
      await this.host.updateComplete;
      const v = this.options.video();
      if (!v) return;
      if (v.getAttribute('src') !== url || v.error) {
        v.src = url;
        v.load();
      }
      const resume = () => {
        // It plays again: should this URL stop working later (a link renewed in place expires
        // again), it may be renewed again.
        this.renewedFor.delete(key);
        v.currentTime = at;
        if (playing) void v.play().catch(() => undefined);
      };
      if (v.readyState >= 1) resume();
      else v.addEventListener('loadedmetadata', resume, { once: true });
    } catch (err) {
      this.options.onError(err);
    } finally {
      this.renewing = false;
    }
  };
}
