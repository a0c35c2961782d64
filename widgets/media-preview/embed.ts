import { html, nothing, type TemplateResult } from 'lit';
import type { GsElement } from '../base/gs-element.ts';
import { MediaPreview } from './media-preview.ts';
import type { PreviewItem } from './preview-info.ts';

/** Registers `<media-preview>` for an element that opens it, unless the page has that tag already. */
export function definePreview(): void {
  if (!customElements.get('media-preview')) MediaPreview.define('media-preview');
}

/**
 * A `<media-preview>` configured like `host` (API, credentials, theme, locale), for the host's own
 * template; `urlProvider` gives an expired item a fresh URL (default: `GET /api/v1/assets/:id`).
 */
export const previewFor = (host: GsElement, urlProvider?: (item: PreviewItem) => Promise<string | null | undefined>): TemplateResult =>
  html`<media-preview .tokenProvider=${host.tokenProvider} .urlProvider=${urlProvider} api=${host.api ?? nothing} token=${host.token ?? nothing} ?anonymous=${host.anonymous} theme=${host.theme} locale=${host.locale ?? nothing}></media-preview>`;
