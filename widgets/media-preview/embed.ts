import { html, nothing, type TemplateResult } from 'lit';
import type { GsElement } from '../base/gs-element.ts';
import { MediaPreview } from './media-preview.ts';

/** Registers `<media-preview>` for an element that opens it, unless the page has that tag already. */
export function definePreview(): void {
  if (!customElements.get('media-preview')) MediaPreview.define('media-preview');
}

/** A `<media-preview>` configured like `host` (API, credentials, theme, locale), for the host's own template. */
export const previewFor = (host: GsElement): TemplateResult =>
  html`<media-preview .tokenProvider=${host.tokenProvider} api=${host.api ?? nothing} token=${host.token ?? nothing} ?anonymous=${host.anonymous} theme=${host.theme} locale=${host.locale ?? nothing}></media-preview>`;
