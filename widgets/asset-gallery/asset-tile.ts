import { html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { assetTypeIcon, assetTypeLabel } from '../base/asset-types.ts';
import { formatDuration, formatNumber } from '../base/format.ts';
import { checkIcon, copyIcon, downloadIcon, globeIcon, linkIcon, lockIcon, playIcon, starFilledIcon, starIcon } from '../base/icons.ts';
import type { Asset } from '../base/types.ts';
import type { GalleryStrings } from './asset-gallery.strings.ts';

export interface TileContext {
  index: number;
  /** `index` in the flat grid (the list's roving focus and selection); `tile` inside a job card. */
  attribute: 'index' | 'tile';
  /** Column in its row (the flat grid's `aria-colindex`). */
  col?: number;
  /** 0 for the one tile in the tab order (roving tabindex); the tile's buttons follow it. */
  tabIndex: 0 | -1;
  /** Shows a selection mark (the flat grid). */
  selectable: boolean;
  selected: boolean;
  /** A poster for a video (its job's thumbnail), else the video's own first frame is shown. */
  poster?: string | null;
  text: GalleryStrings;
  locale: string | undefined;
  onClick: (event: MouseEvent) => void;
  onDownload: () => void;
  onCopyLink: () => void;
  onCopyText: () => void;
  onToggleVisibility: () => void;
  onToggleFavourite: () => void;
  /** Renders every action (the tile is hovered or focused, or the screen is touch): else only the favourite and public marks. */
  actions: boolean;
  onPointerEnter: (event: PointerEvent) => void;
  onPointerLeave: (event: PointerEvent) => void;
  onFocusIn: () => void;
  onFocusOut: (event: FocusEvent) => void;
}

/** The name a tile is announced and labelled by: its title, else its type or kind. */
export function assetName(asset: Asset, t: GalleryStrings): string {
  return asset.title || (asset.asset_type ? assetTypeLabel(asset.asset_type, t.assetTypes) : '') || t.kinds[asset.kind] || t.untitled;
}


/** What the line under the title says: the type, the length of a video, the size of an image. */
function metaOf(asset: Asset, t: GalleryStrings, locale: string | undefined): string {
  const what = asset.asset_type ? assetTypeLabel(asset.asset_type, t.assetTypes) : (t.kinds[asset.kind] ?? asset.kind);
  if (asset.kind === 'video' && asset.duration) return `${what} · ${formatDuration(asset.duration, locale)}`;
  if (asset.width && asset.height) return `${what} · ${formatNumber(asset.width, locale)}×${formatNumber(asset.height, locale)}`;
  return what;
}

/** An action button (its label says what a press does: "Make … public"); does not open or select the tile it is on. */
const action = (cls: string, label: string, tab: number, icon: unknown, run: () => void) =>
  html`<button type="button" class="action ${cls}" tabindex=${tab} aria-label=${label} title=${label} @click=${(e: Event) => (e.stopPropagation(), run())}>${icon}</button>`;

function renderMedia(asset: Asset, poster: string | null | undefined, locale: string | undefined) {
  if (asset.kind === 'text' && asset.text) return html`<p class="text-preview">${asset.text.slice(0, 600)}</p>`;
  if (asset.kind === 'video' && asset.url) {
    // preload=metadata with a #t fragment shows the first frame as the poster when there is none.
    return html`<video src=${`${asset.url}#t=0.1`} poster=${poster ?? nothing} preload=${poster ? 'none' : 'metadata'} muted playsinline disablepictureinpicture tabindex="-1" aria-hidden="true"></video>
      <span class="duration" aria-hidden="true">${playIcon}${asset.duration ? formatDuration(asset.duration, locale) : ''}</span>`;
  }
  if (asset.kind === 'image' && asset.url) return html`<img src=${asset.url} alt="" loading="lazy" decoding="async" @error=${(e: Event) => ((e.target as HTMLElement).hidden = true)} />`;
  return html`<span class="placeholder" aria-hidden="true">${assetTypeIcon(asset.asset_type, asset.kind)}</span>`;
}

/**
 * One asset as a square tile: the artwork (image, video poster with a muted hover preview, or a
 * text's first lines), then its title and type under it with the actions — favourite, download,
 * copy link (or the text), public/private. Actions sit under the artwork, never on it: shown on
 * hover or focus where there is a pointer, always on touch screens.
 */
export function renderTile(asset: Asset, c: TileContext) {
  const t = c.text;
  const name = assetName(asset, t);
  const files = !!asset.download_url;
  const data = c.attribute === 'index' ? { index: c.index, tile: undefined } : { index: undefined, tile: c.index };
  // Hidden actions are not rendered at all (a screenful of tiles is then a third of the DOM); the
  // ones that show a state (favourite, public) always are.
  const all = c.actions;
  return html`<div
    part=${c.selected ? 'asset asset-selected' : 'asset'}
    class="tile ${c.selected ? 'selected' : ''}"
    role="gridcell"
    aria-colindex=${c.col === undefined ? nothing : c.col + 1}
    aria-selected=${c.selectable ? (c.selected ? 'true' : 'false') : nothing}
    tabindex=${c.tabIndex}
    data-index=${ifDefined(data.index)}
    data-tile=${ifDefined(data.tile)}
    data-id=${asset.id}
    data-kind=${asset.kind}
    @click=${c.onClick}
    @pointerenter=${c.onPointerEnter}
    @pointerleave=${c.onPointerLeave}
    @focusin=${c.onFocusIn}
    @focusout=${c.onFocusOut}
  >
    <div part="media" class="media" data-kind=${asset.kind} aria-hidden="true">${renderMedia(asset, c.poster, c.locale)}</div>
    <div class="caption">
      ${c.selectable ? html`<span part="checkbox" class="checkbox" data-select="toggle" aria-hidden="true">${c.selected ? checkIcon : nothing}</span>` : nothing}
      <span class="kind-icon" aria-hidden="true">${assetTypeIcon(asset.asset_type, asset.kind)}</span>
      <span part="asset-title" class="asset-title" title=${name}>${name}</span>
      ${asset.favorite || asset.is_public ? html`<span class="visually-hidden">, ${[asset.favorite ? t.favourites : '', asset.is_public ? t.isPublic : ''].filter(Boolean).join(', ')}</span>` : nothing}
    </div>
    <div class="bar">
      <span class="asset-meta">${metaOf(asset, t, c.locale)}</span>
      <span part="actions" class="actions ${all ? 'all' : ''}">
        ${all || asset.favorite ? action(`favourite ${asset.favorite ? 'on' : ''}`, asset.favorite ? t.unfavourite(name) : t.favourite(name), c.tabIndex, asset.favorite ? starFilledIcon : starIcon, c.onToggleFavourite) : nothing}
        ${all && files ? action('download', t.downloadOne(name), c.tabIndex, downloadIcon, c.onDownload) : nothing}
        ${all && asset.kind === 'text' && asset.text ? action('copy-text', t.copyText(name), c.tabIndex, copyIcon, c.onCopyText) : nothing}
        ${all && (asset.url || asset.public_url) ? action('copy-link', t.copyLink(name), c.tabIndex, linkIcon, c.onCopyLink) : nothing}
        ${all || asset.is_public ? action(`visibility ${asset.is_public ? 'on' : ''}`, asset.is_public ? t.makePrivate(name) : t.makePublic(name), c.tabIndex, asset.is_public ? globeIcon : lockIcon, c.onToggleVisibility) : nothing}
      </span>
    </div>
  </div>`;
}
