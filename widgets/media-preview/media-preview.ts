import { html, nothing, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { styleMap } from '../base/style-map.ts';
import { ApiError } from '../base/api-client.ts';
import { GsElement } from '../base/gs-element.ts';
import { formatDateTime, formatNumber } from '../base/format.ts';
import { closeIcon, downloadIcon, exitFullscreenIcon, fullscreenIcon, infoIcon, linkIcon, nextIcon, previousIcon, redoIcon, zoomInIcon, zoomOutIcon } from '../base/icons.ts';
import { saveAsset } from '../base/save-url.ts';
import { tokenStyles } from '../base/tokens.styles.ts';
import type { Asset } from '../base/types.ts';
import { defaultStrings } from './media-preview.strings.ts';
import { styles } from './media-preview.styles.ts';
import { renderInfo, signedUrlExpiry, type PreviewItem } from './preview-info.ts';
import { VideoController } from './video-controller.ts';
import { ZoomController } from './zoom-controller.ts';

export type { PreviewContext, PreviewItem } from './preview-info.ts';

/**
 * @tag media-preview
 * @summary The shared modal: image (zoom fit / 100 % / 200 % with pan), video player, text viewer with copy; details, download, copy link, regenerate; prev/next.
 *
 * Set `items` and call `show(index)` (or set `open`). A modal `<dialog>`: the page behind is
 * inert, Tab stays inside, focus returns to where it was on close. Escape, a click outside or the
 * close button closes it; ←/→ (and the buttons) move between items. Images open fitted to the
 * stage; a click (or the zoom bar, or +/-/0) steps to 100 % and 200 %, where dragging pans. A
 * video starts playing (muted when the browser allows only that). Beside the item, its details
 * (`context` on an item: prompt, app, project, parameters, times; from the asset: size and
 * dimensions or duration), and Download, Copy link (the public link, else the signed URL and
 * until when it works) and Regenerate (`gs-regenerate`). Full screen (the button, or F) shows an
 * image or video alone on the screen. A video whose URL stops working (a signed URL answers 403
 * once expired; a `/video/…` link 404 or 410) gets a fresh URL — from `urlProvider` when set, else
 * by re-reading `GET /api/v1/assets/:id` — and resumes where it was.
 *
 * @fires gs-close - The preview closed. `detail: {index, item}`.
 * @fires gs-error - Refreshing an expired URL failed; `detail.error` is an `ApiError`.
 * @fires gs-regenerate - "Regenerate" on an item whose `context.job` is set: `detail: {id, job, prompt, params, app_id}`. Cancelable: unless a listener calls `preventDefault()`, an item with `context.app_href` (its app's `href_template`) opens that link in a new tab.
 *
 * @csspart dialog - The `<dialog>`.
 * @csspart header - Title, position and close button.
 * @csspart title - The item's title.
 * @csspart close-button - The close button.
 * @csspart download-button - Downloads the item.
 * @csspart fullscreen-button - Shows the image or video full screen (and back).
 * @csspart link-button - Copies a link that works without a token.
 * @csspart regenerate-button - Regenerate (items with a job).
 * @csspart info-button - Shows or hides the details.
 * @csspart info - The details panel (prompt, app, project, times, size, parameters).
 * @csspart open-in-app - The link to the job in its app (from the app registry's `href_template`).
 * @csspart zoom-bar - An image's zoom buttons and level.
 * @csspart stage - Where the item is shown.
 * @csspart image - The `<img>`.
 * @csspart video - The `<video>`.
 * @csspart text - The text (`<pre>`).
 * @csspart copy-button - The copy button of a text.
 * @csspart prev-button - The previous item's button.
 * @csspart next-button - The next item's button.
 *
 * @cssprop --gs-media-preview-backdrop - The backdrop colour (default rgb(0 0 0 / 0.72)).
 * @cssprop --gs-media-preview-max-width - The dialog's largest width (default 72rem).
 * @cssprop --gs-color-surface - The dialog's background.
 */
export class MediaPreview extends GsElement {
  static override styles = [tokenStyles, styles];

  /** The items to page through (API assets: `id`, `kind`, `url`, `title`, `text`). */
  @property({ attribute: false }) items: PreviewItem[] = [];

  /** The item shown. */
  @property({ type: Number }) index = 0;

  /** Whether the preview is open. */
  @property({ type: Boolean, reflect: true }) open = false;

  /** Returns a fresh URL for an item whose signed URL expired; default: `GET /api/v1/assets/:id`. */
  @property({ attribute: false }) urlProvider?: (item: PreviewItem) => Promise<string | null | undefined>;

  /** Overrides any label, over the locale's (the keys of `<tag>.strings.ts`; a nested group is replaced whole). */
  @property({ attribute: false }) strings: Partial<typeof defaultStrings> = {};

  /** The details panel is shown. */
  @state() private showInfo = true;
  /** The stage is full screen. */
  @state() private fullscreen = false;
  @state() private announcement = '';
  @state() private fetchedText = new Map<string, string | null>();

  @query('dialog') private dialog?: HTMLDialogElement;
  @query('video') private video?: HTMLVideoElement;

  private readonly zoom = new ZoomController(this, () => this.renderRoot.querySelector<HTMLElement>('.stage'));
  private readonly playback = new VideoController(this, {
    video: () => this.video ?? undefined,
    item: () => this.item,
    renew: async (item) => (this.urlProvider ? this.urlProvider(item) : (await this.client.get<Asset>(`/api/v1/assets/${encodeURIComponent(item.id)}`)).data.url),
    onError: (error) => error instanceof ApiError && this.emit('gs-error', { error }),
  });
  private returnFocus?: HTMLElement;
  private readonly onFullscreenChange = () => {
    this.fullscreen = !!(this.renderRoot as ShadowRoot).fullscreenElement;
  };

  private get text() {
    return this.localize('media-preview', defaultStrings, this.strings);
  }

  private get item(): PreviewItem | undefined {
    return this.items[this.index];
  }

  /** Opens at `index` (default the current one), optionally with new `items`. */
  show(index = this.index, items?: PreviewItem[]): void {
    if (items) this.items = items;
    this.index = Math.max(0, Math.min(index, this.items.length - 1));
    this.open = true;
  }

  /** Closes and fires `gs-close`. */
  close(): void {
    this.open = false;
  }

  /** Shows the previous item (wraps around). */
  previous(): void {
    if (this.items.length > 1) this.index = (this.index - 1 + this.items.length) % this.items.length;
  }

  /** Shows the next item (wraps around). */
  next(): void {
    if (this.items.length > 1) this.index = (this.index + 1) % this.items.length;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('fullscreenchange', this.onFullscreenChange);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('fullscreenchange', this.onFullscreenChange);
  }

  /** Shows the stage (the image or video, with the arrows) full screen, or leaves full screen. */
  async toggleFullscreen(): Promise<void> {
    if ((this.renderRoot as ShadowRoot).fullscreenElement) return document.exitFullscreen();
    const stage = this.renderRoot.querySelector<HTMLElement>('.stage-wrap');
    await stage?.requestFullscreen().catch(() => undefined);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('index') || changed.has('items')) {
      this.zoom.level = 'fit';
      this.playback.shown();
      this.announcement = '';
    }
  }

  protected override updated(changed: PropertyValues<this>): void {
    const dialog = this.dialog;
    if (!dialog) return;
    if (changed.has('open')) {
      if (this.open && !dialog.open) {
        this.returnFocus = deepActiveElement();
        dialog.showModal();
        this.renderRoot.querySelector<HTMLElement>('[part=close-button]')?.focus();
      } else if (!this.open && dialog.open) {
        dialog.close();
      } else if (!this.open && changed.get('open') === true) {
        this.finishClose();
      }
    }
    const item = this.item;
    if (this.open && item?.kind === 'text' && item.text == null && item.url && !this.fetchedText.has(item.id)) void this.loadText(item);
  }

  private finishClose() {
    this.video?.pause();
    if ((this.renderRoot as ShadowRoot).fullscreenElement) void document.exitFullscreen().catch(() => undefined);
    // Opened again, it starts again.
    this.playback.shown();
    const item = this.item;
    this.emit('gs-close', { index: this.index, item: item as Asset | undefined });
    const target = this.returnFocus;
    this.returnFocus = undefined;
    if (target?.isConnected) target.focus();
  }

  /** The dialog closed (Escape, `close()`): keep `open` in step and hand focus back. */
  private handleDialogClose() {
    if (this.open) this.open = false;
    this.finishClose();
  }

  private handleCancel(event: Event) {
    // Escape: close through our own path (so focus returns and the event fires once).
    event.preventDefault();
    this.close();
  }

  private handleClick(event: MouseEvent) {
    // A click on the dialog element itself is on the backdrop (the content fills the box).
    if (event.target === this.dialog) this.close();
  }

  private handleKeyDown(event: KeyboardEvent) {
    const origin = event.composedPath()[0] as HTMLElement | undefined;
    if (event.key === 'Tab') return this.trapFocus(event);
    if (origin instanceof HTMLVideoElement || origin instanceof HTMLInputElement) return;
    if (this.item?.kind === 'image' && this.zoom.handleKey(event)) return;
    if ((event.key === 'f' || event.key === 'F') && !event.ctrlKey && !event.metaKey && !event.altKey && this.canFullscreen) {
      event.preventDefault();
      void this.toggleFullscreen();
    } else if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      event.preventDefault();
      // The arrow towards the Previous button goes back: on the left, or on the right when mirrored.
      if ((event.key === 'ArrowLeft') !== (getComputedStyle(this).direction === 'rtl')) this.previous();
      else this.next();
    }
  }

  /** Keeps Tab on the dialog's own controls (the page is inert anyway; this skips the browser's UI). */
  private trapFocus(event: KeyboardEvent) {
    const focusable = [...this.renderRoot.querySelectorAll<HTMLElement>('button:not([disabled]), video, [tabindex="0"]')];
    if (!focusable.length) return;
    const current = (this.renderRoot as ShadowRoot).activeElement;
    const first = focusable[0]!;
    const last = focusable[focusable.length - 1]!;
    if (event.shiftKey && (current === first || !current)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (current === last || !current)) {
      event.preventDefault();
      first.focus();
    }
  }

  /** An image or a video with a URL, in a document that allows full screen. */
  private get canFullscreen(): boolean {
    const item = this.item;
    return !!item && (item.kind === 'image' || item.kind === 'video') && !!this.urlOf(item) && document.fullscreenEnabled;
  }

  private urlOf(item: PreviewItem): string | null | undefined {
    return this.playback.urlOf(item);
  }

  private async loadText(item: PreviewItem) {
    this.fetchedText = new Map(this.fetchedText).set(item.id, null);
    try {
      const res = await fetch(this.urlOf(item)!);
      if (res.ok) this.fetchedText = new Map(this.fetchedText).set(item.id, await res.text());
    } catch {
      // Shown as unavailable.
    }
  }

  private async copy(value: string) {
    const t = this.text;
    try {
      await navigator.clipboard.writeText(value);
      this.announcement = t.copied;
    } catch {
      this.announcement = t.copyFailed;
    }
  }

  /** Copies a link that opens without a token: the public one, else the signed URL (and says until when it works). */
  private async copyLink(item: PreviewItem) {
    const t = this.text;
    const link = item.public_url ?? this.urlOf(item);
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link);
      const own = link === item.url && item.url_expires_at ? new Date(item.url_expires_at) : undefined;
      const until = item.public_url ? undefined : (own ?? signedUrlExpiry(link));
      this.announcement = item.public_url ? t.publicLinkCopied : until ? t.linkCopied(formatDateTime(until, this.resolvedLocale)) : t.copied;
    } catch {
      this.announcement = t.copyFailed;
    }
  }

  private regenerate(context: NonNullable<PreviewItem['context']>) {
    if (context.job) this.regenerateJob(context.job, context.app_href);
  }

  override render() {
    const t = this.text;
    const item = this.item;
    const count = this.items.length;
    const title = item?.title || t.untitled;
    // A zoomed image and a long text scroll: their stage takes focus, so the keyboard scrolls it too.
    const zoomed = item?.kind === 'image' && this.zoom.level !== 'fit';
    const scrolls = zoomed || item?.kind === 'text';
    return html`<dialog
      part="dialog"
      class="base"
      aria-labelledby="title"
      @close=${this.handleDialogClose}
      @cancel=${this.handleCancel}
      @click=${this.handleClick}
      @keydown=${this.handleKeyDown}
    >
      ${this.open && item
        ? html`<div class="frame">
            <header part="header" class="header">
              <h2 part="title" id="title" class="title">${title}</h2>
              ${count > 1 ? html`<span class="position">${t.position(formatNumber(this.index + 1, this.resolvedLocale), formatNumber(count, this.resolvedLocale))}</span>` : nothing}
              ${item.download_url
                ? html`<button part="download-button" class="icon-button" type="button" aria-label=${t.download} title=${t.download} @click=${() => saveAsset(this.client, item)}>${downloadIcon}</button>`
                : nothing}
              ${item.public_url || this.urlOf(item)
                ? html`<button part="link-button" class="icon-button" type="button" aria-label=${t.copyLink} title=${t.copyLink} @click=${() => this.copyLink(item)}>${linkIcon}</button>`
                : nothing}
              ${item.context?.job
                ? html`<button part="regenerate-button" class="icon-button" type="button" aria-label=${t.regenerate} title=${t.regenerate} @click=${() => this.regenerate(item.context!)}>${redoIcon}</button>`
                : nothing}
              <button part="info-button" class="icon-button info-toggle" type="button" aria-label=${t.showInfo} title=${t.showInfo} aria-pressed=${this.showInfo ? 'true' : 'false'} @click=${() => (this.showInfo = !this.showInfo)}>${infoIcon}</button>
              <button part="close-button" class="icon-button" type="button" aria-label=${t.close} title=${t.close} @click=${() => this.close()}>${closeIcon}</button>
            </header>
            <div class="body ${this.showInfo ? 'with-info' : ''}">
              <div class="stage-wrap">
                <div
                  part="stage"
                  class="stage ${zoomed ? 'zoomed' : ''}"
                  data-kind=${item.kind}
                  tabindex=${scrolls ? '0' : nothing}
                  role=${scrolls ? 'region' : nothing}
                  aria-label=${scrolls ? title : nothing}
                >${this.renderItem(item)}</div>
                ${count > 1
                  ? html`<button part="prev-button" class="nav prev icon-button" type="button" aria-label=${t.previous} title=${t.previous} @click=${() => this.previous()}>${previousIcon}</button>
                      <button part="next-button" class="nav next icon-button" type="button" aria-label=${t.next} title=${t.next} @click=${() => this.next()}>${nextIcon}</button>`
                  : nothing}
                ${item.kind === 'image' && this.urlOf(item) ? this.renderZoomBar() : nothing}
                ${this.canFullscreen
                  ? html`<button part="fullscreen-button" class="icon-button fullscreen" type="button" aria-label=${this.fullscreen ? t.exitFullscreen : t.fullscreen} title=${this.fullscreen ? t.exitFullscreen : t.fullscreen} aria-pressed=${this.fullscreen ? 'true' : 'false'} @click=${() => void this.toggleFullscreen()}>${this.fullscreen ? exitFullscreenIcon : fullscreenIcon}</button>`
                  : nothing}
              </div>
              ${this.showInfo ? renderInfo(item, t, this.resolvedLocale) : nothing}
            </div>
          </div>`
        : nothing}
      <div class="notice ${this.announcement ? 'shown' : ''}" role="status">${this.announcement}</div>
    </dialog>`;
  }

  private renderItem(item: PreviewItem) {
    const t = this.text;
    const url = this.urlOf(item);
    if (item.kind === 'text') {
      const value = item.text ?? this.fetchedText.get(item.id);
      if (value == null) return html`<p class="message">${this.fetchedText.has(item.id) || !url ? t.unavailable : t.loadingText}</p>`;
      return html`<div class="text-view">
        <pre part="text" class="text" tabindex="0" aria-label=${item.title || t.untitled}>${value}</pre>
        <button part="copy-button" class="copy" type="button" @click=${() => this.copy(value)}>${t.copy}</button>
      </div>`;
    }
    if (!url) return html`<p class="message">${t.unavailable}</p>`;
    if (item.kind === 'video') {
      return html`<video
        part="video"
        class="video"
        src=${url}
        controls
        playsinline
        preload="metadata"
        aria-label=${item.title || t.untitled}
        @timeupdate=${this.playback.onProgress}
        @seeked=${this.playback.onProgress}
        @pause=${this.playback.onProgress}
        @error=${this.playback.onError}
      ></video>`;
    }
    // The image itself steps the zoom (a pointer's shortcut; the zoom bar's buttons and +/-/0 are the keyboard's).
    return html`<img
      part="image"
      class="zoom-${this.zoom.level}"
      src=${url}
      alt=${item.title || ''}
      width=${item.width ?? nothing}
      height=${item.height ?? nothing}
      decoding="async"
      draggable="false"
      style=${styleMap(this.zoom.imageSize(item))}
      @pointerdown=${this.zoom.onPointerDown}
      @pointermove=${this.zoom.onPointerMove}
      @click=${this.zoom.onClick}
    />`;
  }

  private renderZoomBar() {
    const t = this.text;
    const level = this.zoom.level;
    const shown = level === 'fit' ? t.fit : formatNumber(level, this.resolvedLocale, { style: 'percent' });
    return html`<div part="zoom-bar" class="zoom-bar" role="group" aria-label=${shown}>
      <button class="zoom-out" type="button" aria-label=${t.zoomOut} title=${t.zoomOut} aria-disabled=${level === 'fit' ? 'true' : 'false'} @click=${() => this.zoom.zoomOut()}>${zoomOutIcon}</button>
      <span class="zoom-level" aria-live="polite">${shown}</span>
      <button class="zoom-in" type="button" aria-label=${t.zoomIn} title=${t.zoomIn} aria-disabled=${level === 2 ? 'true' : 'false'} @click=${() => this.zoom.zoomIn()}>${zoomInIcon}</button>
    </div>`;
  }
}

/** The focused element, through shadow roots. */
function deepActiveElement(): HTMLElement | undefined {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el instanceof HTMLElement ? el : undefined;
}


declare global {
  interface HTMLElementTagNameMap {
    'media-preview': MediaPreview;
  }
}
