import { html, nothing, type TemplateResult } from 'lit';
import { styleMap } from '../base/style-map.ts';
import { assetTypeIcon, assetTypeLabel } from '../base/asset-types.ts';
import { formatDateTime, formatNumber, formatRelativeTime } from '../base/format.ts';
import { chevronDownIcon } from '../base/icons.ts';
import { statusBadge } from '../base/status.ts';
import type { AppInfo, Asset, Job } from '../base/types.ts';
import type { GalleryStrings } from './asset-gallery.strings.ts';

export interface JobCardContext {
  index: number;
  /** 0 for the one card in the tab order (roving tabindex); its button follows it. */
  tabIndex: 0 | -1;
  expanded: boolean;
  /** The job's assets once read (only asked for while expanded). */
  assets: Asset[] | undefined;
  /** Reading them failed. */
  failed: boolean;
  app: AppInfo | undefined;
  text: GalleryStrings;
  locale: string | undefined;
  onToggle: () => void;
  onRetry: () => void;
  /** Renders asset `i` of this job's (a tile). */
  tile: (asset: Asset, i: number) => TemplateResult;
  /** Keys and focus inside the expanded grid of tiles. */
  onPanelKeyDown: (event: KeyboardEvent) => void;
  onPanelFocusIn: (event: FocusEvent) => void;
}

const inProgress = (job: Job) => job.status === 'queued' || job.status === 'processing';

/** How a job is named in labels: its prompt (shortened), else its project or app. */
export function jobName(job: Job, app: AppInfo | undefined, t: GalleryStrings): string {
  const prompt = job.prompt?.trim();
  if (prompt) return prompt.length > 48 ? `${prompt.slice(0, 47)}…` : prompt;
  return job.project_name || app?.name || t.untitled;
}

/**
 * One job (seed 001's card): status badge, asset type with its icon, relative time, the prompt,
 * the progress bar while it is processing, the error when it failed, else app and project, and a disclosure
 * button that shows its assets in a grid under it.
 */
export function renderJobCard(job: Job, c: JobCardContext) {
  const t = c.text;
  const name = jobName(job, c.app, t);
  const panelId = `assets-${job.id}`;
  const type = job.asset_type;
  const where = [c.app?.name ?? job.app_id, job.project_name].filter(Boolean).join(' · ');
  return html`<div part="job" class="job ${c.expanded ? 'expanded' : ''}" role="gridcell" tabindex=${c.tabIndex} data-index=${c.index} data-id=${job.id} data-status=${job.status}>
    <div class="job-head">
      <span part="job-thumbnail" class="job-thumb" aria-hidden="true">
        ${assetTypeIcon(type)}
        ${job.thumbnail_url ? html`<img src=${job.thumbnail_url} alt="" loading="lazy" decoding="async" @error=${(e: Event) => ((e.target as HTMLElement).hidden = true)} />` : nothing}
      </span>
      <div class="job-main">
        <div class="job-top">
          ${statusBadge(job.status, t)}
          ${type ? html`<span part="asset-type" class="asset-type">${assetTypeIcon(type)}<span>${assetTypeLabel(type, t.assetTypes)}</span></span>` : nothing}
          <time part="time" class="time" datetime=${job.created_at} title=${formatDateTime(job.created_at, c.locale)}>${formatRelativeTime(job.created_at, c.locale)}</time>
        </div>
        <p part="prompt" class="prompt ${job.prompt ? '' : 'none'}" title=${job.prompt ?? nothing}>${job.prompt || t.noPrompt}</p>
        <div class="job-bottom">
          ${job.status === 'processing'
            ? html`<span part="progress" class="progress" role="progressbar" aria-label=${`${t.progress}: ${name}`} aria-valuemin="0" aria-valuemax="100" aria-valuenow=${job.progress ?? 0}>
                  <span style=${styleMap({ width: `${job.progress ?? 0}%` })}></span>
                </span>
                <span class="percent" aria-hidden="true">${formatNumber((job.progress ?? 0) / 100, c.locale, { style: 'percent' })}</span>`
            : job.error_message && (job.status === 'failed' || job.status === 'partial')
              ? html`<span part="error-message" class="error-message" title=${job.error_message}>${job.error_message}</span>`
              : html`<span class="where" title=${where}>${where}</span>`}
          <button
            part="disclosure"
            class="disclosure"
            type="button"
            tabindex=${c.tabIndex}
            aria-expanded=${c.expanded ? 'true' : 'false'}
            aria-controls=${c.expanded ? panelId : nothing}
            @click=${(e: Event) => (e.stopPropagation(), c.onToggle())}
          >
            <span>${t.assets}</span><span class="visually-hidden">: ${name}</span>${chevronDownIcon}
          </button>
        </div>
      </div>
    </div>
    ${c.expanded ? renderPanel(job, c, panelId, name) : nothing}
  </div>`;
}

function renderPanel(job: Job, c: JobCardContext, id: string, name: string) {
  const t = c.text;
  const assets = c.assets;
  let body: unknown;
  if (c.failed && !assets) body = html`<p class="panel-note" role="alert">${t.loadFailed} <button type="button" class="panel-retry" @click=${c.onRetry}>${t.retry}</button></p>`;
  else if (!assets) body = html`<div class="panel-grid" aria-hidden="true">${[0, 1, 2].map(() => html`<span class="tile-skeleton skeleton"></span>`)}</div>`;
  else if (!assets.length) body = html`<p class="panel-note">${inProgress(job) ? t.filesSoon : t.noFiles}</p>`;
  else
    body = html`<div class="panel-grid" role="grid" aria-label=${t.assetsOf(name)} @keydown=${c.onPanelKeyDown} @focusin=${c.onPanelFocusIn}>
      <div role="row" class="panel-row">${assets.map((a, i) => c.tile(a, i))}</div>
    </div>`;
  return html`<div part="job-assets" class="panel" id=${id} data-panel=${job.id}>${body}</div>`;
}
