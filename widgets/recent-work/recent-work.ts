import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { styleMap } from '../base/style-map.ts';
import { ApiError, type ApiClient } from '../base/api-client.ts';
import { formatDateTime, formatRelativeTime } from '../base/format.ts';
import { errorState } from '../base/error-state.ts';
import { GsElement } from '../base/gs-element.ts';
import { appIcon, appIconStyles } from '../base/app-icon.ts';
import { AppRegistry } from '../base/app-registry.ts';
import { downloadIcon } from '../base/icons.ts';
import { PollingController } from '../base/polling-controller.ts';
import { saveUrl } from '../base/save-url.ts';
import { usageRecorder } from '../base/usage-events.ts';
import { statusBadge, statusBadgeStyles } from '../base/status.ts';
import { appColor, statusKey, tokenStyles } from '../base/tokens.styles.ts';
import type { GenerationItem } from '../base/types.ts';
import { defaultStrings } from './recent-work.strings.ts';
import { styles } from './recent-work.styles.ts';

/** Signed file URLs live an hour by default; older data is re-read before a download. */
const FRESH_MS = 30 * 60_000;

/**
 * @tag recent-work
 * @summary The five latest generations across all apps, with status, time and a quick download.
 *
 * Reads `GET /api/generations/recent` (seed 000) and polls it every `poll-interval` ms while any
 * of them is pending or processing (paused while the tab is hidden). Each row shows the app's
 * icon and colour (or the thumbnail), the project, a status badge, when it was made, and a
 * download button for finished work: one file straight from its signed URL, several as the
 * API's ZIP fetched with the token. Arrow keys, Home and End move between rows.
 *
 * @fires gs-open - A generation was opened (click, Enter). `detail: {id, generation, href}`; cancelable (stops the `href-template` link).
 * @fires gs-error - Loading or a download failed; `detail.error` is an `ApiError`.
 *
 * @slot empty - Shown when there is nothing yet (e.g. a call to action); default: a short sentence.
 *
 * @csspart base - The wrapper.
 * @csspart list - The list (`<ul>`).
 * @csspart item - One generation's row.
 * @csspart thumbnail - The app-coloured tile with the icon or thumbnail.
 * @csspart open - The project name: a link with `href-template`, else a button.
 * @csspart meta - App name and time.
 * @csspart badge - The status badge; also `badge-completed`, `badge-processing`, `badge-queued`, `badge-failed`, `badge-partial`.
 * @csspart download-button - The download button.
 * @csspart empty - The empty state.
 * @csspart error - The error message.
 * @csspart retry-button - The error's retry button.
 *
 * @cssprop --gs-app-purple - An app colour by registry name (also blue, cyan, pink, teal, indigo, green, orange, red, amber, gray).
 * @cssprop --gs-recent-work-thumb-size - Size of the tile (default 2.75rem).
 * @cssprop --gs-color-surface - Background of the list.
 * @cssprop --gs-color-surface-raised - Background of a row on hover.
 */
export class RecentWork extends GsElement {
  static override styles = [tokenStyles, statusBadgeStyles, appIconStyles, styles];

  /** Makes each row a link: `{id}`, `{projectId}` and `{appId}` are replaced, e.g. `/work/{id}`. */
  @property({ attribute: 'href-template' }) hrefTemplate?: string;

  /** Milliseconds between polls while something is in progress. */
  @property({ type: Number, attribute: 'poll-interval' }) pollInterval = 2000;

  /** Overrides any label, over the locale's (the keys of `<tag>.strings.ts`; a nested group is replaced whole). */
  @property({ attribute: false }) strings: Partial<typeof defaultStrings> = {};

  @state() private downloading = new Set<string>();
  @state() private announcement = '';

  /** Icons from the registry (seed 000's items carry the app's name and colour, not its picture). */
  private readonly apps = new AppRegistry(this, () => this.client);
  private readonly poller = new PollingController<GenerationItem[], readonly [ApiClient]>(this, {
    args: () => [this.client] as const,
    // A delete or restore by another element on this client (or this one) shows at once.
    changes: () => this.client,
    fetch: async ([client], signal) => {
      try {
        const { data } = await client.get<{ generations: GenerationItem[] }>('/api/generations/recent', { signal });
        // A 304 confirms the body too: the server would sign the same URLs now.
        this.loadedAt = Date.now();
        return data.generations;
      } catch (err) {
        if (!signal.aborted && err instanceof ApiError) this.emit('gs-error', { error: err });
        throw err;
      }
    },
    active: (items) => items.some((g) => g.status === 'pending' || g.status === 'processing'),
    interval: () => this.pollInterval,
  });

  private loadedAt = 0;
  private shown?: GenerationItem[];
  private clock?: ReturnType<typeof setInterval>;

  private get text() {
    return this.localize('recent-work', defaultStrings, this.strings);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Relative times ("3 minutes ago") move on even when nothing is polled.
    this.clock = setInterval(() => this.requestUpdate(), 60_000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.clock);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const items = this.poller.task.value;
    if (items && items !== this.shown) {
      if (this.shown) {
        const before = new Map(this.shown.map((g) => [g.id, g.status]));
        const t = this.text;
        const moved = items.filter((g) => before.has(g.id) && before.get(g.id) !== g.status);
        if (moved.length) this.announcement = moved.map((g) => t.nowStatus(this.nameOf(g), t[statusKey(g.status)])).join('. ');
      }
      this.shown = items;
    }
  }

  /** Loads the list again now. */
  refresh(): Promise<void> {
    return this.poller.refresh();
  }

  private nameOf(g: GenerationItem): string {
    return g.projectName || g.appName || this.text.untitled;
  }

  private hrefFor(g: GenerationItem): string | undefined {
    if (!this.hrefTemplate) return undefined;
    return this.hrefTemplate
      .replaceAll('{id}', encodeURIComponent(g.id))
      .replaceAll('{projectId}', encodeURIComponent(g.projectId ?? ''))
      .replaceAll('{appId}', encodeURIComponent(g.appId));
  }

  private handleOpen(event: MouseEvent, g: GenerationItem) {
    // A ctrl/cmd/shift click on a link opens a new tab: the browser's business, not an "open" here.
    if (this.hrefTemplate && (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0)) return;
    const opened = this.emit('gs-open', { id: g.id, generation: g, href: this.hrefFor(g) }, { cancelable: true });
    if (opened.defaultPrevented) event.preventDefault();
  }

  private handleKeyDown(event: KeyboardEvent) {
    const controls = [...this.renderRoot.querySelectorAll<HTMLElement>('.open')];
    const index = controls.indexOf(event.composedPath()[0] as HTMLElement);
    if (index < 0) return;
    const next = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: controls.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    controls[Math.max(0, Math.min(controls.length - 1, next))]?.focus();
  }

  private async download(g: GenerationItem) {
    if (this.downloading.has(g.id)) return;
    this.downloading = new Set(this.downloading).add(g.id);
    const t = this.text;
    try {
      if (Date.now() - this.loadedAt > FRESH_MS) await this.poller.refresh();
      const current = this.poller.task.value?.find((x) => x.id === g.id) ?? g;
      if (current.outputPaths.length === 1 && current.fileCount === 1) {
        // One file: its signed URL, asked to download (Content-Disposition: attachment).
        const url = new URL(current.outputPaths[0]!, location.href);
        url.searchParams.set('download', '1');
        saveUrl(url.href);
      } else {
        // Several: the API zips them on the fly; the route needs the token, so fetch it here.
        const { blob, filename } = await this.client.download(`/api/generations/${encodeURIComponent(g.id)}/download`);
        const href = URL.createObjectURL(blob);
        saveUrl(href, filename ?? `${this.nameOf(g)}.zip`);
        setTimeout(() => URL.revokeObjectURL(href), 60_000);
      }
      usageRecorder(this.client).record(current.outputIds ?? [], 'download');
    } catch (err) {
      this.announcement = t.downloadFailed(this.nameOf(g));
      if (err instanceof ApiError) this.emit('gs-error', { error: err });
    } finally {
      const rest = new Set(this.downloading);
      rest.delete(g.id);
      this.downloading = rest;
    }
  }

  override render() {
    const t = this.text;
    const { task } = this.poller;
    const items = task.value;
    const error = items ? undefined : (task.error as ApiError | undefined);
    let body;
    if (items?.length) {
      body = html`<ul part="list" class="list" aria-label=${t.label} @keydown=${this.handleKeyDown}>
        ${items.map((g) => this.renderItem(g))}
      </ul>`;
    } else if (items) {
      body = html`<div part="empty" class="empty"><slot name="empty">${t.empty}</slot></div>`;
    } else if (error) {
      body = errorState(error, t, () => this.poller.refresh());
    } else {
      body = html`<ul part="list" class="list" aria-label=${t.label} aria-busy="true">
        ${[0, 1, 2, 3, 4].map(
          () => html`<li class="item placeholder" aria-hidden="true">
            <span class="thumb skeleton"></span>
            <span class="main"><span class="skeleton line"></span><span class="skeleton line short"></span></span>
          </li>`,
        )}
      </ul>`;
    }
    return html`
      <div part="base" class="base">${body}</div>
      <div class="visually-hidden" role="status">${items ? this.announcement : error ? '' : t.loading}</div>
    `;
  }

  private renderItem(g: GenerationItem) {
    const t = this.text;
    const name = this.nameOf(g);
    const href = this.hrefFor(g);
    const locale = this.resolvedLocale;
    const busy = this.downloading.has(g.id);
    const canDownload = (g.status === 'completed' || g.status === 'partial') && g.fileCount > 0;
    const open = href
      ? html`<a part="open" class="open" href=${href} @click=${(e: MouseEvent) => this.handleOpen(e, g)}>${name}</a>`
      : html`<button part="open" class="open" type="button" @click=${(e: MouseEvent) => this.handleOpen(e, g)}>${name}</button>`;
    return html`
      <li part="item" class="item" data-id=${g.id}>
        <span part="thumbnail" class="thumb" style=${styleMap({ '--_app': appColor(g.appColor) })} aria-hidden="true">
          <span class="icon">${appIcon({ id: g.appId, name: g.appName, color: g.appColor, image_url: this.apps.find(g.appId)?.image_url }, g.thumbnailUrl ? 16 : 28)}</span>
          ${g.thumbnailUrl
            ? html`<img src=${g.thumbnailUrl} alt="" loading="lazy" decoding="async" @error=${(e: Event) => ((e.target as HTMLElement).hidden = true)} />`
            : nothing}
        </span>
        <span class="main">
          ${open}
          <span part="meta" class="meta">
            <span class="app" style=${styleMap({ '--_app': appColor(g.appColor) })}>${g.appName}</span>
            <span aria-hidden="true">·</span>
            <time datetime=${g.createdAt} title=${formatDateTime(g.createdAt, locale)}>${formatRelativeTime(g.createdAt, locale)}</time>
          </span>
        </span>
        ${statusBadge(g.status, t)}
        ${canDownload
          ? html`<button
              part="download-button"
              class="download"
              type="button"
              aria-label=${t.download(name)}
              title=${t.download(name)}
              aria-busy=${busy ? 'true' : 'false'}
              ?disabled=${busy}
              @click=${() => this.download(g)}
            >
              ${busy ? html`<span class="spinner" aria-hidden="true"></span>` : downloadIcon}
            </button>`
          : html`<span class="download-placeholder"></span>`}
      </li>
    `;
  }
}


declare global {
  interface HTMLElementTagNameMap {
    'recent-work': RecentWork;
  }
}
