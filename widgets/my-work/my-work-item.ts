import { html, nothing } from 'lit';
import { styleMap } from '../base/style-map.ts';
import { appIcon } from '../base/app-icon.ts';
import { formatDateTime, formatRelativeTime } from '../base/format.ts';
import { alertIcon, checkIcon, downloadIcon, eyeIcon, redoIcon } from '../base/icons.ts';
import { statusBadge } from '../base/status.ts';
import { appColor } from '../base/tokens.styles.ts';
import type { AppInfo, Job } from '../base/types.ts';
import type { defaultStrings } from './my-work.strings.ts';

export interface JobItemContext {
  index: number;
  col: number;
  /** 0 for the one item in the tab order (roving tabindex). */
  tabIndex: 0 | -1;
  selected: boolean;
  name: string;
  app: AppInfo | undefined;
  /** The job's text output, shown as a text card (undefined: none, or not read yet). */
  text: string | null | undefined;
  strings: typeof defaultStrings;
  locale: string | undefined;
  onClick: (event: MouseEvent) => void;
  onOpen: () => void;
  onDownload: () => void;
  onRegenerate: () => void;
}

/** An action button that does not select the item it is on. */
const action = (cls: string, label: string, tab: number, icon: unknown, run: () => void) =>
  html`<button type="button" class=${cls} tabindex=${tab} aria-label=${label} title=${label} @click=${(e: Event) => (e.stopPropagation(), run())}>${icon}</button>`;

/** The tile: the thumbnail, a text card, or the app's icon; a failure's message; progress. */
function tile(job: Job, c: JobItemContext) {
  const busy = job.status === 'processing' || job.status === 'queued';
  const failed = job.status === 'failed';
  return html`<span part="thumbnail" class="thumb ${c.text ? 'text-card' : ''} ${failed ? 'failed' : ''}" style=${styleMap({ '--_app': appColor(c.app?.color ?? 'gray') })}>
    ${c.text
      ? html`<span class="text-body">${c.text}</span>`
      : job.thumbnail_url
        ? html`<img src=${job.thumbnail_url} alt="" loading="lazy" decoding="async" @error=${(e: Event) => ((e.target as HTMLElement).hidden = true)} />`
        : failed
          ? nothing
          : appIcon({ ...c.app, id: job.app_id }, 44)}
    ${failed ? html`<span part="error-message" class="failure">${alertIcon}<span>${job.error_message || c.strings.failedNoReason}</span></span>` : nothing}
    ${busy
      ? html`<span part="progress" class="progress" role="progressbar" aria-label=${c.strings.progress(c.name)} aria-valuemin="0" aria-valuemax="100" aria-valuenow=${job.progress ?? 0}>
          <span style=${styleMap({ width: `${job.progress ?? 0}%` })}></span>
        </span>`
      : nothing}
  </span>`;
}

/** One job as a grid cell: a card in the grid, a row in the list view. */
export function renderJob(job: Job, c: JobItemContext) {
  const t = c.strings;
  const done = job.status === 'completed' || job.status === 'partial';
  const prompt = job.prompt || t.noPrompt;
  return html`<div
    part="item"
    class="item ${c.selected ? 'selected' : ''}"
    role="gridcell"
    aria-colindex=${c.col + 1}
    aria-selected=${c.selected ? 'true' : 'false'}
    tabindex=${c.tabIndex}
    data-index=${c.index}
    data-id=${job.id}
    @click=${c.onClick}
    @dblclick=${c.onOpen}
  >
    ${tile(job, c)}
    <span part="checkbox" class="checkbox" data-select="toggle" aria-hidden="true"><span class="box">${c.selected ? checkIcon : nothing}</span></span>
    <span part="title" class="title">${c.name}</span>
    <span part="prompt" class="prompt ${job.status === 'failed' ? 'failed' : ''}" title=${prompt}
      ><span class="prompt-text">${prompt}</span>${job.status === 'failed' ? html`<span class="error-text">${job.error_message || t.failedNoReason}</span>` : nothing}</span
    >
    <span part="meta" class="meta">
      <span class="app" title=${c.app?.name ?? job.app_id}>${appIcon({ ...c.app, id: job.app_id }, 18)}<span class="app-name">${c.app?.name ?? job.app_id}</span></span>
      <time datetime=${job.created_at} title=${formatDateTime(job.created_at, c.locale)}>${formatRelativeTime(job.created_at, c.locale)}</time>
    </span>
    ${statusBadge(job.status, t)}
    <span class="actions">
      ${action('open', t.open(c.name), c.tabIndex, eyeIcon, c.onOpen)}
      ${done ? action('quick-download', t.downloadOne(c.name), c.tabIndex, downloadIcon, c.onDownload) : nothing}
      ${action('regenerate', t.regenerate(c.name), c.tabIndex, redoIcon, c.onRegenerate)}
    </span>
  </div>`;
}
