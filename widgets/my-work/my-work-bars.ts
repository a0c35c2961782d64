import { html, nothing } from 'lit';
import { filterIcon, gridIcon, listIcon } from '../base/icons.ts';
import type { ListFilter } from '../base/list-filter.ts';
import type { AppInfo, JobStatsData } from '../base/types.ts';
import type { defaultStrings } from './my-work.strings.ts';

const STATUSES = ['completed', 'processing', 'queued', 'failed', 'partial'] as const;
const KINDS = ['video', 'image', 'text'] as const;
const SORTS = ['newest', 'oldest', 'name'] as const;

export interface ToolbarContext {
  text: typeof defaultStrings;
  filters: ListFilter;
  apps: AppInfo[];
  view: 'grid' | 'list';
  searchText: string;
  /** The filters are unfolded (on a phone they sit behind one button). */
  filtersOpen: boolean;
  onFiltersOpen: (open: boolean) => void;
  onSearch: (event: Event) => void;
  onFilter: (key: 'app' | 'status' | 'kind' | 'sort', value: string) => void;
  onView: (view: 'grid' | 'list') => void;
}

/** `<my-work>`'s search, filters (app, status, type), sort and grid/list switch. */
export function renderToolbar(c: ToolbarContext) {
  const t = c.text;
  const f = c.filters;
  const status = typeof f.status === 'string' ? f.status : (f.status?.[0] ?? '');
  const select = (key: 'app' | 'status' | 'kind' | 'sort', label: string, options: [string, string][], value: string) =>
    html`<select aria-label=${label} data-filter=${key} @change=${(e: Event) => c.onFilter(key, (e.target as HTMLSelectElement).value)}>
      ${options.map(([v, name]) => html`<option value=${v} ?selected=${value === v}>${name}</option>`)}
    </select>`;
  const active = [f.app, status, f.kind].filter(Boolean).length;
  return html`<div part="toolbar" class="toolbar" role="search">
    <input part="search" class="search" type="search" aria-label=${t.search} placeholder=${t.search} .value=${c.searchText} @input=${c.onSearch} />
    <button type="button" class="filters-toggle" aria-expanded=${c.filtersOpen ? 'true' : 'false'} aria-controls="filters" @click=${() => c.onFiltersOpen(!c.filtersOpen)}>
      ${filterIcon}${t.filters}${active ? html`<span class="count">${active}</span>` : nothing}
    </button>
    <div id="filters" class="filters ${c.filtersOpen ? 'open' : ''}">
      ${select('app', t.app, [['', t.allApps], ...c.apps.map((a): [string, string] => [a.id, a.name])], f.app ?? '')}
      ${select('status', t.status, [['', t.allStatuses], ...STATUSES.map((s): [string, string] => [s, t[s]])], status)}
      ${select('kind', t.kind, [['', t.allKinds], ...KINDS.map((k): [string, string] => [k, t.kinds[k]])], f.kind ?? '')}
      ${select('sort', t.sort, SORTS.map((s): [string, string] => [s, t[s]]), f.sort ?? 'newest')}
    </div>
    <div class="view-toggle" role="group" aria-label=${t.view}>
      ${(['grid', 'list'] as const).map(
        (v) => html`<button type="button" class="view-${v}" aria-pressed=${c.view === v ? 'true' : 'false'} @click=${() => c.onView(v)}>${v === 'grid' ? gridIcon : listIcon}<span class="label">${t[v]}</span></button>`,
      )}
    </div>
  </div>`;
}

/** The stats strip: total and each status (dashes until the first poll). */
export function renderStats(t: typeof defaultStrings, stats: JobStatsData | undefined, num: (n: number) => string) {
  return html`<div part="stats" class="stats" aria-label=${t.label}>
    ${(['total', ...STATUSES] as const).map(
      (key) => html`<div part="stat" class="stat" data-status=${key}>
        <span class="stat-value">${stats ? num(stats[key]) : '–'}</span>
        <span class="stat-label">${t[key]}</span><span class="stat-label short" aria-hidden="true">${t.short[key]}</span>
      </div>`,
    )}
  </div>`;
}
