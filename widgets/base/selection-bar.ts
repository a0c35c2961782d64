import { html, nothing } from 'lit';
import { plural, type Plural } from './format.ts';
import type { SelectionController } from './selection-controller.ts';

/** The selection bar's labels in English; an element spreads them into its own `strings`. */
export const selectionStrings = {
  selected: { other: '{n} selected' } as Plural,
  selectAllMatching: { other: 'Select all {n} matching' } as Plural,
  confirmSelectAll: { one: 'Select the {n} item that matches the current filters?', other: 'Select all {n} items that match the current filters?' } as Plural,
  allMatchingSelected: { one: 'The {n} matching item selected', other: 'All {n} matching items selected' } as Plural,
  confirm: 'Confirm',
  cancel: 'Cancel',
  clearSelection: 'Clear selection',
  download: 'Download',
  delete: 'Delete',
};

export interface SelectionBarContext<T> {
  text: typeof selectionStrings;
  selection: SelectionController<T>;
  /** Matching items on the server (what "select all N matching" selects). */
  total: number;
  /** A download is running (its button is disabled meanwhile). */
  downloading: boolean;
  locale: string | undefined;
  onDownload: () => void;
  onDelete: () => void;
}

/**
 * What is selected, "select all N matching" (asked first, then resolved on the server by the
 * list's filter), and the bulk actions: Download (a ZIP), Delete (confirmed, with Undo), Clear.
 * Part `selection-bar`; styled by `listStyles` (list.styles.ts).
 */
export function renderSelectionBar<T>(c: SelectionBarContext<T>) {
  const { text: t, selection: s, total } = c;
  const num = (forms: Plural, n: number) => plural(forms, n, c.locale);
  return html`<div part="selection-bar" class="selection-bar" role="region" aria-label=${num(t.selected, s.count)}>
    <span class="count">${s.allMatching ? num(t.allMatchingSelected, total) : num(t.selected, s.count)}</span>
    ${s.confirmingAll
      ? html`<span class="confirm-all">${num(t.confirmSelectAll, total)}</span>
          <button type="button" class="confirm-all-ok" @click=${() => s.selectAllMatching()}>${t.confirm}</button>
          <button type="button" @click=${() => s.cancelAllMatching()}>${t.cancel}</button>`
      : !s.allMatching && total > s.selected.size
        ? html`<button type="button" class="select-all" @click=${() => s.askAllMatching()}>${num(t.selectAllMatching, total)}</button>`
        : nothing}
    <span class="spacer"></span>
    <button type="button" class="bulk-download" ?disabled=${c.downloading || !s.count} @click=${c.onDownload}>${t.download}</button>
    <button type="button" class="bulk-delete danger" ?disabled=${!s.count} @click=${c.onDelete}>${t.delete}</button>
    <button type="button" class="clear" @click=${() => s.clear()}>${t.clearSelection}</button>
  </div>`;
}
