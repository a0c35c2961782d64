import { html, nothing } from 'lit';
import { assetTypeLabel, knownAssetTypes } from '../base/asset-types.ts';
import { galleryIcon, refreshIcon, searchIcon, starFilledIcon, starIcon } from '../base/icons.ts';
import type { ListFilter } from '../base/list-filter.ts';
import type { GalleryStrings } from './asset-gallery.strings.ts';

const STATUSES = ['queued', 'processing', 'completed', 'failed', 'partial'] as const;
const KINDS = ['', 'image', 'video', 'text'] as const;

/** The title, the subtitle and an icon (seed 001's page header); the `header` slot replaces it. */
export function renderHeader(heading: string, subheading: string) {
  return html`<div part="header" class="header">
    <slot name="header">
      <span class="header-icon" aria-hidden="true">${galleryIcon}</span>
      <div>
        <h2 part="title" class="title">${heading}</h2>
        <p part="subtitle" class="subtitle">${subheading}</p>
      </div>
    </slot>
  </div>`;
}

export interface JobFiltersContext {
  text: GalleryStrings;
  filters: ListFilter;
  /** Every asset type the user's jobs have (`GET /api/v1/jobs/facets`); the well-known ones are always offered. */
  types: readonly string[];
  refreshing: boolean;
  onFilter: (key: 'status' | 'asset_type', value: string) => void;
  onRefresh: () => void;
}

const labelled = (id: string, label: string, control: unknown) => html`<label class="field" for=${id}><span class="field-label">${label}</span>${control}</label>`;

/** Seed 001's filter bar: status, asset type (the five known and any other the data has) and Refresh. */
export function renderJobFilters(c: JobFiltersContext) {
  const t = c.text;
  const status = typeof c.filters.status === 'string' ? c.filters.status : (c.filters.status?.[0] ?? '');
  const types = [...new Set([...knownAssetTypes, ...c.types])];
  const select = (key: 'status' | 'asset_type', options: [string, string][], value: string) =>
    html`<select id=${`filter-${key}`} data-filter=${key} @change=${(e: Event) => c.onFilter(key, (e.target as HTMLSelectElement).value)}>
      ${options.map(([v, name]) => html`<option value=${v} ?selected=${value === v}>${name}</option>`)}
    </select>`;
  return html`<div part="toolbar" class="toolbar" role="group" aria-label=${t.filters}>
    ${labelled('filter-status', t.status, select('status', [['', t.all], ...STATUSES.map((s): [string, string] => [s, t[s]])], status))}
    ${labelled('filter-asset_type', t.type, select('asset_type', [['', t.all], ...types.map((ty): [string, string] => [ty, assetTypeLabel(ty, t.assetTypes)])], c.filters.asset_type ?? ''))}
    <span class="spacer"></span>
    <button part="refresh-button" type="button" class="refresh ${c.refreshing ? 'busy' : ''}" @click=${c.onRefresh}>${refreshIcon}<span>${t.refresh}</span></button>
  </div>`;
}

export interface FlatFiltersContext {
  text: GalleryStrings;
  filters: ListFilter;
  searchText: string;
  /** The id of the grid the tabs control. */
  panel: string;
  onKind: (kind: '' | 'image' | 'video' | 'text') => void;
  onSearch: (event: Event) => void;
  onSort: (sort: string) => void;
  onFavourites: () => void;
}

/** Seed 004's gallery bar: tabs All / Images / Videos / Texts, search, sort, Favourites. */
export function renderFlatFilters(c: FlatFiltersContext) {
  const t = c.text;
  const kind = c.filters.kind ?? '';
  const onTabKey = (e: KeyboardEvent) => {
    // Tabs: arrows move (and select) along the row, Home/End to the ends.
    const i = KINDS.indexOf(kind);
    const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: KINDS.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const k = KINDS[(next + KINDS.length) % KINDS.length]!;
    c.onKind(k);
    void Promise.resolve().then(() => ((e.currentTarget as HTMLElement).querySelector<HTMLElement>(`[data-kind="${k}"]`) ?? undefined)?.focus());
  };
  return html`<div part="toolbar" class="toolbar flat">
    <div part="tabs" class="tabs" role="tablist" aria-label=${t.tabsLabel} @keydown=${onTabKey}>
      ${KINDS.map(
        (k) => html`<button part=${k === kind ? 'tab tab-selected' : 'tab'} class="tab" type="button" role="tab" data-kind=${k} aria-selected=${k === kind ? 'true' : 'false'} aria-controls=${c.panel} tabindex=${k === kind ? 0 : -1} @click=${() => c.onKind(k)}>
          ${t.tabs[k]}
        </button>`,
      )}
    </div>
    <span class="search-box" role="search">
      ${searchIcon}
      <input part="search" class="search" type="search" aria-label=${t.search} placeholder=${t.search} .value=${c.searchText} @input=${c.onSearch} />
    </span>
    <select class="sort" aria-label=${t.sort} data-filter="sort" @change=${(e: Event) => c.onSort((e.target as HTMLSelectElement).value)}>
      ${(['newest', 'oldest'] as const).map((s) => html`<option value=${s} ?selected=${(c.filters.sort ?? 'newest') === s}>${t[s]}</option>`)}
    </select>
    <button part="favourites-button" type="button" class="favourites" aria-pressed=${c.filters.favorite ? 'true' : 'false'} @click=${c.onFavourites}>
      ${c.filters.favorite ? starFilledIcon : starIcon}<span>${t.favourites}</span>
    </button>
  </div>`;
}

/** "Load more" for keyboard and screen-reader users (scrolling near the end loads it too). */
export function renderLoadMore(t: GalleryStrings, loading: boolean, hasMore: boolean, onMore: () => void) {
  if (!hasMore && !loading) return nothing;
  return html`<div class="more">
    ${hasMore ? html`<button part="load-more" type="button" class="load-more" ?disabled=${loading} @click=${onMore}>${loading ? t.loadingMore : t.loadMore}</button>` : html`<span class="loading">${t.loadingMore}</span>`}
  </div>`;
}
