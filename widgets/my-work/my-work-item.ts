import { html, nothing } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { formatDateTime, formatRelativeTime } from '../base/format.ts';
import { checkIcon, downloadIcon, eyeIcon, redoIcon } from '../base/icons.ts';
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
  text: typeof defaultStrings;
  locale: string | undefined;
  onClick: (event: MouseEvent) => void;
  onOpen: () => void;
  onDownload: () => void;
  onRegenerate: () => void;
}

/** An action button that does not select the item it is on. */
const action = (cls: string, label: string, tab: number, icon: unknown, run: () => void) =>
  html`<button type="button" class=${cls} tabindex=${tab} aria-label=${label} title=${label} @click=${(e: Event) => (e.stopPropagation(), run())}>${icon}</button>`;

/** One job as a grid cell (a card, or a row in the list view). */
export function renderJob(job: Job, c: JobItemContext) {
  const t = c.text;
  const done = job.status === 'completed' || job.status === 'partial';
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
    <span part="checkbox" class="checkbox" data-select="toggle" aria-hidden="true">${c.selected ? checkIcon : nothing}</span>
    <span part="thumbnail" class="thumb" style=${styleMap({ '--_app': appColor(c.app?.color ?? 'gray') })}>
      <span class="icon" aria-hidden="true">${c.app?.icon ?? '•'}</span>
      ${job.thumbnail_url ? html`<img src=${job.thumbnail_url} alt="" loading="lazy" decoding="async" @error=${(e: Event) => ((e.target as HTMLElement).hidden = true)} />` : nothing}
    </span>
    <span class="info">
      <span part="title" class="title">${c.name}</span>
      <span part="meta" class="meta">
        ${c.app?.name ?? job.app_id} ·
        <time datetime=${job.created_at} title=${formatDateTime(job.created_at, c.locale)}>${formatRelativeTime(job.created_at, c.locale)}</time>
      </span>
      ${job.status === 'processing' || job.status === 'queued'
        ? html`<span part="progress" class="progress" role="progressbar" aria-label=${t.progress(c.name)} aria-valuemin="0" aria-valuemax="100" aria-valuenow=${job.progress ?? 0}>
            <span style=${styleMap({ width: `${job.progress ?? 0}%` })}></span>
          </span>`
        : nothing}
    </span>
    ${statusBadge(job.status, t)}
    <span class="actions">
      ${action('open', t.open(c.name), c.tabIndex, eyeIcon, c.onOpen)}
      ${done ? action('quick-download', t.downloadOne(c.name), c.tabIndex, downloadIcon, c.onDownload) : nothing}
      ${action('regenerate', t.regenerate(c.name), c.tabIndex, redoIcon, c.onRegenerate)}
    </span>
  </div>`;
}
