import { html, nothing } from 'lit';
import { formatDateTime, formatDuration, formatNumber, formatRelativeTime } from '../base/format.ts';
import { alertIcon, imageIcon, playIcon, videoIcon } from '../base/icons.ts';
import { statusBadge } from '../base/status.ts';
import { styleMap } from '../base/style-map.ts';
import type { AppInfo, UserGeneration } from '../base/types.ts';
import type { HistoryStrings } from './generation-history.strings.ts';

export interface TileContext {
  index: number;
  /** Column in its row (`aria-colindex`). */
  col: number;
  /** 0 for the one tile in the tab order (roving tabindex). */
  tabIndex: 0 | -1;
  app: AppInfo | undefined;
  text: HistoryStrings;
  locale: string | undefined;
  onClick: (event: MouseEvent) => void;
  onPointerEnter: (event: PointerEvent) => void;
  onPointerLeave: (event: PointerEvent) => void;
  onFocusIn: (event: FocusEvent) => void;
  onFocusOut: (event: FocusEvent) => void;
  /** The preview's `<video>` failed (its `/video/…` link may have expired). */
  onVideoError: (event: Event) => void;
}

export const inProgress = (g: UserGeneration) => g.status === 'queued' || g.status === 'processing';

/** The prompt, or "Untitled" for a generation without one. */
export const promptOf = (g: UserGeneration, t: HistoryStrings) => g.prompt?.trim() || t.untitled;

function renderArtwork(g: UserGeneration, c: TileContext) {
  const t = c.text;
  const media = g.media;
  const poster = g.thumbnail_url;
  if (media?.kind === 'video') {
    // Without a poster, preload=metadata and the #t fragment show the first frame instead. No
    // tabindex: a click would focus the video instead of the tile (and focus would come back to it).
    return html`<video
        src=${`${media.url}#t=0.1`}
        poster=${poster ?? nothing}
        preload=${poster ? 'none' : 'metadata'}
        muted
        playsinline
        disablepictureinpicture
        aria-hidden="true"
        @error=${c.onVideoError}
      ></video>
      <span part="play" class="play" aria-hidden="true">${playIcon}</span>
      ${media.duration ? html`<span part="duration" class="duration">${formatDuration(media.duration, c.locale)}</span>` : nothing}`;
  }
  const still = poster ?? (media?.kind === 'image' ? media.url : null);
  if (still) return html`<img src=${still} alt="" loading="lazy" decoding="async" @error=${(e: Event) => ((e.target as HTMLElement).hidden = true)} />`;
  if (g.status === 'failed') {
    return html`<span class="state failed"
      >${alertIcon}<span class="state-text">${g.error_message || t.failed}</span></span
    >`;
  }
  if (inProgress(g)) {
    const pct = g.status === 'processing' && g.progress != null ? formatNumber(Math.round(g.progress) / 100, c.locale, { style: 'percent' }) : g.status === 'queued' ? t.waiting : '';
    return html`<span class="state working"><span class="ring" aria-hidden="true"></span><span class="state-text">${pct}</span></span>`;
  }
  return html`<span class="state">${media?.kind === 'image' ? imageIcon : videoIcon}</span>`;
}

/**
 * One generation as a square tile: its poster (a video's thumbnail with a muted preview on hover
 * or keyboard focus and a play mark; an image; or, while it runs, a progress ring), its status
 * when it is not simply done, its length, then its prompt (two lines) and when it was made.
 */
export function renderGeneration(g: UserGeneration, c: TileContext) {
  const t = c.text;
  const prompt = promptOf(g, t);
  const processing = g.status === 'processing';
  const created = new Date(g.created_at);
  return html`<div
    part="item"
    class="item"
    role="gridcell"
    aria-colindex=${c.col + 1}
    tabindex=${c.tabIndex}
    data-index=${c.index}
    data-id=${g.id}
    data-status=${g.status}
    data-kind=${g.media?.kind ?? 'none'}
    @click=${c.onClick}
    @pointerenter=${c.onPointerEnter}
    @pointerleave=${c.onPointerLeave}
    @focusin=${c.onFocusIn}
    @focusout=${c.onFocusOut}
  >
    <div part="media" class="media ${g.media || g.thumbnail_url ? 'art' : ''}">
      ${renderArtwork(g, c)} ${g.status === 'completed' ? nothing : html`<span class="status">${statusBadge(g.status, t)}</span>`}
      ${processing
        ? html`<div
            part="progress"
            class="progress"
            role="progressbar"
            aria-label=${t.progress}
            aria-valuemin="0"
            aria-valuemax="100"
            aria-valuenow=${g.progress ?? nothing}
          >
            <span style=${styleMap({ width: `${Math.max(4, Math.min(100, g.progress ?? 0))}%` })}></span>
          </div>`
        : nothing}
    </div>
    <p part="prompt" class="prompt" title=${prompt}>${prompt}</p>
    <p class="meta">
      <time part="time" datetime=${g.created_at} title=${formatDateTime(created, c.locale)}>${formatRelativeTime(created, c.locale)}</time>
      ${c.app ? html`<span class="app" aria-hidden="true">·</span><span class="app">${c.app.name}</span>` : nothing}
    </p>
  </div>`;
}
