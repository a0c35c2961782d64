import { html, nothing } from 'lit';
import { formatBytes, formatDateTime, formatDuration, formatNumber } from '../base/format.ts';
import { appHref } from '../base/app-registry.ts';
import type { AppInfo, Asset, Job } from '../base/types.ts';

/** Where an item came from, shown in the info panel (a host fills what it knows). */
export interface PreviewContext {
  prompt?: string | null;
  /** The app's name. */
  app?: string;
  /** The job in its app (the registry's `href_template`): "Open in app". */
  app_href?: string;
  project?: string | null;
  params?: Record<string, unknown> | null;
  created_at?: string;
  completed_at?: string | null;
  /** The job behind the item: "Regenerate" fires `gs-regenerate` with it. */
  job?: Job;
}

/** What a job tells the preview of its outputs (its details panel, and Regenerate). */
export const jobContext = (job: Job, app: AppInfo | undefined): PreviewContext => ({
  prompt: job.prompt,
  app: app?.name ?? job.app_id,
  app_href: appHref(app, job),
  project: job.project_name,
  params: job.params,
  created_at: job.created_at,
  completed_at: job.completed_at,
  job,
});

/** What `<media-preview>` shows: an API asset, or anything with the same fields. */
export type PreviewItem = Pick<Asset, 'id' | 'kind'> &
  Partial<Pick<Asset, 'url' | 'title' | 'text' | 'mime' | 'width' | 'height' | 'duration' | 'file_size' | 'download_url' | 'public_url' | 'url_expires_at' | 'created_at'>> & { context?: PreviewContext };

export const infoStrings = {
  info: 'Details',
  prompt: 'Prompt',
  app: 'App',
  project: 'Project',
  created: 'Created',
  completed: 'Completed',
  size: 'Size',
  dimensions: 'Dimensions',
  duration: 'Duration',
  params: 'Parameters',
  pixels: (width: string, height: string) => `${width} × ${height} px`,
  openInApp: 'Open in app',
};

/**
 * When a genshelf signed file URL (`/files/<payload>.<mac>`) stops working: its payload's `e`
 * (seconds). Undefined for any other URL. Only for a URL the preview renewed itself (`urlProvider`
 * returns a bare URL); an item's own URL carries the API's `url_expires_at`.
 */
export function signedUrlExpiry(url: string): Date | undefined {
  const token = /\/files\/([\w-]+)\./.exec(url)?.[1];
  if (!token) return undefined;
  try {
    const claim = JSON.parse(atob(token.replace(/-/g, '+').replace(/_/g, '/'))) as { e?: unknown };
    return typeof claim.e === 'number' ? new Date(claim.e * 1000) : undefined;
  } catch {
    return undefined;
  }
}

const value = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** The item's details: prompt, app, project, times, size, dimensions or duration, parameters. */
export function renderInfo(item: PreviewItem, t: typeof infoStrings, locale: string | undefined) {
  const c = item.context ?? {};
  const rows: [string, unknown][] = [
    [t.app, c.app],
    [t.project, c.project],
    [t.created, c.created_at ?? item.created_at ? formatDateTime((c.created_at ?? item.created_at)!, locale) : undefined],
    [t.completed, c.completed_at ? formatDateTime(c.completed_at, locale) : undefined],
    [t.size, item.file_size != null ? formatBytes(item.file_size, locale) : undefined],
    [t.dimensions, item.width && item.height ? t.pixels(formatNumber(item.width, locale), formatNumber(item.height, locale)) : undefined],
    [t.duration, item.duration ? formatDuration(item.duration, locale) : undefined],
  ];
  const params = Object.entries(c.params ?? {});
  return html`<section part="info" class="info" aria-label=${t.info}>
    ${c.prompt ? html`<h3>${t.prompt}</h3><p class="prompt">${c.prompt}</p>` : nothing}
    <dl>
      ${rows.filter(([, v]) => v != null && v !== '').map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}
    </dl>
    ${c.app_href ? html`<a part="open-in-app" class="open-in-app" href=${c.app_href} target="_blank" rel="noopener noreferrer">${t.openInApp}</a>` : nothing}
    ${params.length
      ? html`<h3>${t.params}</h3>
          <dl class="params">${params.map(([k, v]) => html`<dt>${k}</dt><dd>${value(v)}</dd>`)}</dl>`
      : nothing}
  </section>`;
}
