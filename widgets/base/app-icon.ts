import { css, html, svg, type TemplateResult } from 'lit';
import { styleMap } from './style-map.ts';
import { appColor } from './tokens.styles.ts';

/**
 * App icons as inline SVG: the registry's emoji (`GET /api/v1/apps`) show as empty boxes where
 * no emoji font is installed. The registered sample apps have drawn icons (20-unit, stroked like
 * the other icons); any other app shows its initials on its colour.
 */
const paths: Record<string, string> = {
  // A clapperboard.
  'video-mixer': 'M3 8h14v8.5H3zM3 8l1.5-4.5 13 0L16 8M7 3.5 6 8M11.5 3.5 10.5 8',
  // Three stacked cards, the front one centred.
  'carousel-mix': 'M6 5h8v10H6zM3 7v6M17 7v6',
  // Lines of text turning into a play button.
  'text-to-video': 'M3 5h7M3 9h5M3 13h4M11 8.5v7l6-3.5z',
  // A picture with a sun and a hill.
  'brand-studio': 'M3 4h14v12H3zM3 13l4-4 4 4 2-2 4 4M13 8.2a1.2 1.2 0 1 0 0-.01',
  // A spiral.
  'anime-motion': 'M10 10a1.5 1.5 0 0 1 3 0 3 3 0 0 1-6 0 4.5 4.5 0 0 1 9 0 6 6 0 0 1-12 0',
  // A shopping bag.
  'product-studio': 'M4 7h12l-1 10H5zM7.5 9V6a2.5 2.5 0 0 1 5 0v3',
};

/** "Video Mixer" → "VM"; "figma" → "F". */
export function initials(name: string): string {
  const words = name.trim().split(/[\s_-]+/).filter(Boolean);
  return (words.length > 1 ? words[0]![0]! + words[1]![0]! : (words[0]?.[0] ?? '?')).toUpperCase();
}

/**
 * An app's tile: its icon (or initials) in white on the app's colour. `size` in px; the tile is
 * decorative (`aria-hidden`): put the app's name next to it.
 */
export function appIcon(app: { id: string; name?: string; color?: string }, size = 24): TemplateResult {
  const d = paths[app.id];
  const glyph = Math.round(size * 0.7);
  return html`<span class="app-icon" aria-hidden="true" style=${styleMap({ '--_app': appColor(app.color ?? 'gray'), '--_size': `${size}px` })}
    >${d
      ? html`<svg viewBox="0 0 20 20" width=${glyph} height=${glyph} fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round" focusable="false">${svg`<path d=${d} />`}</svg>`
      : html`<span class="initials">${initials(app.name || app.id)}</span>`}</span
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
  }
  .app-icon .initials {
    font-size: calc(var(--_size) * 0.42);
    font-weight: 700;
    letter-spacing: 0.02em;
    line-height: 1;
  }
`;
