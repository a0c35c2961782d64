import { css, html, type TemplateResult } from 'lit';
import { styleMap } from './style-map.ts';
import { appColor } from './tokens.styles.ts';
import type { AppInfo } from './types.ts';

/** "Video Mixer" → "VM"; "figma" → "F". */
export function initials(name: string): string {
  const words = name.trim().split(/[\s_-]+/).filter(Boolean);
  return (words.length > 1 ? words[0]![0]! + words[1]![0]! : (words[0]?.[0] ?? '?')).toUpperCase();
}

/** A picture that could not be loaded steps aside, so the initials under it show. */
const hideBroken = (e: Event) => ((e.target as HTMLImageElement).hidden = true);

/**
 * An app's tile on the app's colour: its icon from the registry (`image_url`: the SVG the API
 * serves, or the operator's image) as an `<img>` — a picture, never markup in the page, so an
 * icon can neither run anything nor need an inline style a strict CSP refuses — over its
 * initials, which show until it loads, when it fails, and for apps without one. The initials are
 * drawn by CSS (`::before`), so they are no text of the host's: the tile is decorative
 * (`aria-hidden`), put the app's name next to it. `size` in px.
 */
export function appIcon(app: { id: string } & Partial<Pick<AppInfo, 'name' | 'color' | 'image_url'>>, size = 24): TemplateResult {
  return html`<span class="app-icon" aria-hidden="true" data-initials=${initials(app.name || app.id)} style=${styleMap({ '--_app': appColor(app.color ?? 'gray'), '--_size': `${size}px` })}
    >${app.image_url ? html`<img src=${app.image_url} alt="" width=${size} height=${size} decoding="async" referrerpolicy="no-referrer" @error=${hideBroken} />` : ''}</span
  >`;
}

export const appIconStyles = css`
  .app-icon {
    display: inline-grid;
    place-items: center;
    flex: none;
    width: var(--_size);
    height: var(--_size);
    border-radius: calc(var(--_size) / 4);
    background: var(--_app);
    color: #fff;
    overflow: hidden;
  }
  .app-icon::before {
    content: attr(data-initials);
    grid-area: 1 / 1;
    font-size: calc(var(--_size) * 0.42);
    font-weight: 700;
    letter-spacing: 0.02em;
    line-height: 1;
  }
  .app-icon img {
    grid-area: 1 / 1;
    width: 100%;
    height: 100%;
    object-fit: cover;
    /* Covers the initials once loaded (an icon with transparent parts shows the app's colour, not letters). */
    background: var(--_app);
  }
`;
