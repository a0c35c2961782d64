import { html, nothing } from 'lit';
import { appIcon } from '../base/app-icon.ts';
import { formatDateTime, formatRelativeTime, plural } from '../base/format.ts';
import { icon } from '../base/icons.ts';
import type { AppInfo, Project } from '../base/types.ts';
import type { defaultStrings } from './project-list.strings.ts';

const renameIcon = icon('M13.5 3.5l3 3L7 16H4v-3zM11.5 5.5l3 3');
const copyIcon = icon('M7 7h9v9H7zM4 13V4h9');
const archiveIcon = icon('M3 4h14v3.5H3zM4.5 7.5V16h11V7.5M8 10.5h4');
const unarchiveIcon = icon('M3 4h14v3.5H3zM4.5 7.5V16h11V7.5M10 14v-4.5M8 11.5l2-2 2 2');
const trashIcon = icon('M4 6h12M8 6V4h4v2M5.5 6l.8 10.5h7.4L14.5 6M8.5 9v4.5M11.5 9v4.5');
/** The empty state's picture. */
export const folderIcon = icon('M2.5 5.5a1 1 0 011-1h4l1.5 2h7.5a1 1 0 011 1v8a1 1 0 01-1 1h-13a1 1 0 01-1-1z', 22);

/** A project type as people read it: General, an app's name, else its words (`product_package` → Product package). */
export function typeLabel(type: string, app: AppInfo | undefined, t: { general: string }): string {
  if (type === 'general') return t.general;
  if (app) return app.name;
  const words = type.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export interface ProjectCardContext {
  index: number;
  col: number;
  /** 0 for the one card in the tab order (roving tabindex). */
  tabIndex: 0 | -1;
  app: AppInfo | undefined;
  /** A link for the name (`href-template`), else it is a button. */
  href: string | undefined;
  /** The rename field's state while this project is being renamed. */
  rename?: { value: string; error?: string; saving: boolean };
  busy: boolean;
  strings: typeof defaultStrings;
  locale: string | undefined;
  onOpen: (event: MouseEvent | KeyboardEvent) => void;
  onRename: () => void;
  onRenameInput: (value: string) => void;
  onRenameKey: (event: KeyboardEvent) => void;
  onRenameBlur: () => void;
  onArchive: () => void;
  onDuplicate: () => void;
  onDelete: () => void;
}

const action = (cls: string, label: string, c: ProjectCardContext, glyph: unknown, run: () => void) =>
  html`<button type="button" class=${cls} tabindex=${c.tabIndex} aria-label=${label} title=${label} ?disabled=${c.busy} @click=${run}>${glyph}</button>`;

/** One project as a grid cell: a card in the grid, a row in the list view. */
export function renderProject(p: Project, c: ProjectCardContext) {
  const t = c.strings;
  const appName = c.app?.name ?? p.app_id ?? '';
  const typeName = p.type === 'general' || p.type === p.app_id ? '' : typeLabel(p.type, undefined, t);
  // Its last activity: the newest job or the last change (a rename, a copy), whichever is later — what sort=recent orders by.
  const when = p.last_job_at && p.last_job_at > p.updated_at ? p.last_job_at : p.updated_at;
  const title = c.rename
    ? html`<input
        class="control rename"
        aria-label=${t.newName}
        aria-invalid=${c.rename.error ? 'true' : 'false'}
        aria-describedby=${c.rename.error ? `rename-error-${p.id}` : nothing}
        .value=${c.rename.value}
        ?disabled=${c.rename.saving}
        @input=${(e: Event) => c.onRenameInput((e.target as HTMLInputElement).value)}
        @keydown=${c.onRenameKey}
        @blur=${c.onRenameBlur}
      />${c.rename.error ? html`<span class="rename-error" id="rename-error-${p.id}" role="alert">${c.rename.error}</span>` : nothing}`
    : c.href
      ? html`<a part="name" class="name" href=${c.href} title=${p.name} tabindex=${c.tabIndex} @click=${c.onOpen}>${p.name}</a>`
      : html`<button part="name" type="button" class="name" title=${p.name} tabindex=${c.tabIndex} @click=${c.onOpen}>${p.name}</button>`;
  return html`<div part="item" class="item" role="gridcell" aria-colindex=${c.col + 1} tabindex=${c.tabIndex} data-index=${c.index} data-id=${p.id} ?data-archived=${p.status === 'archived'}>
    <span part="thumbnail" class="thumb" aria-hidden="true">
      ${p.thumbnail_url
        ? html`<img src=${p.thumbnail_url} alt="" loading="lazy" decoding="async" @error=${(e: Event) => ((e.target as HTMLElement).hidden = true)} />`
        : appIcon({ ...c.app, id: p.app_id ?? '', name: appName }, 48)}
    </span>
    <span class="title">${title}</span>
    <span part="meta" class="meta">
      ${p.app_id ? html`${appIcon({ ...c.app, id: p.app_id, name: appName }, 16)}<span>${appName}</span>` : nothing}
      ${typeName ? html`<span class="type">${typeName}</span>` : nothing}
    </span>
    <span part="counts" class="counts">${plural(t.jobs, p.job_count, c.locale)} · ${plural(t.assets, p.asset_count, c.locale)}</span>
    <span class="foot">
      <span part="status" class="status" data-status=${p.status}>${p.status === 'archived' ? t.archived : t.active}</span>
      <time datetime=${when} title=${formatDateTime(when, c.locale)}>${formatRelativeTime(when, c.locale)}</time>
      <span class="actions">
        ${action('rename-button', t.rename(p.name), c, renameIcon, c.onRename)}
        ${action('duplicate-button', t.duplicate(p.name), c, copyIcon, c.onDuplicate)}
        ${p.status === 'archived' ? action('archive-button', t.unarchive(p.name), c, unarchiveIcon, c.onArchive) : action('archive-button', t.archive(p.name), c, archiveIcon, c.onArchive)}
        ${action('delete-button', t.deleteOne(p.name), c, trashIcon, c.onDelete)}
      </span>
    </span>
  </div>`;
}
