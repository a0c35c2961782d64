import { css } from 'lit';
import { controlBox, coverImage, roundIconButton } from '../base/shared.styles.ts';

/**
 * `<my-work>`'s layout. Grid cards have fixed text lines (title, two lines of prompt, meta), so
 * every row is as tall as GridWindow computes (`GRID_TEXT_PX` in my-work.ts) and the tile takes
 * the rest: thumbnails are uniform whatever a job carries. Under 40rem wide (a phone) the stats
 * shrink to one row, the filters fold behind one button and the grid grows with its rows, so the
 * page scrolls (no nested scroller).
 */
export const styles = css`
  :host {
    container: my-work / inline-size;
  }
  .stats {
    display: grid;
    grid-template-columns: repeat(6, minmax(0, 1fr));
    gap: 0.5rem;
  }
  .stat {
    display: flex;
    flex-direction: column;
    min-width: 0;
    padding: 0.5rem 0.75rem;
    border-radius: var(--_radius-small);
    background: var(--_color-surface-raised);
    border-inline-start: 3px solid var(--_stat, var(--_color-primary));
  }
  .stat[data-status='completed'] { --_stat: var(--_status-completed); }
  .stat[data-status='processing'] { --_stat: var(--_status-processing); }
  .stat[data-status='queued'] { --_stat: var(--_status-queued); }
  .stat[data-status='failed'] { --_stat: var(--_status-failed); }
  .stat[data-status='partial'] { --_stat: var(--_status-partial); }
  .stat-value {
    font-size: 1.25rem;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
  }
  .stat-label.short {
    display: none;
  }
  .stat-label {
    color: var(--_color-text-muted);
    font-size: 0.8125rem;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .toolbar,
  .filters {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  .toolbar input,
  .toolbar select,
  .toolbar button,
  .empty button,
  .error button {
    ${controlBox}
  }
  .search {
    flex: 1 1 14rem;
    min-width: 10rem;
  }
  .filters-toggle {
    display: none;
    align-items: center;
    gap: 0.375rem;
  }
  .filters-toggle .count {
    min-width: 1.25rem;
    padding: 0 0.25rem;
    border-radius: 999px;
    background: var(--_color-primary);
    color: var(--_color-on-primary);
    font-size: 0.75rem;
    font-weight: 700;
  }
  .view-toggle {
    display: inline-flex;
  }
  .view-toggle button {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
  }
  .view-toggle button[aria-pressed='true'],
  .filters-toggle[aria-expanded='true'] {
    background: color-mix(in srgb, var(--_color-primary) 30%, var(--_color-surface));
    border-color: var(--_color-primary);
    font-weight: 600;
  }
  button.danger {
    border-color: var(--_status-failed);
  }
  .scroller {
    --_cell: var(--gs-my-work-cell-width, 15rem);
    height: var(--gs-my-work-height, 70vh);
  }

  /* ---- a card ---- */
  .item {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    grid-template-rows: minmax(0, 1fr) 1.25rem 2.25rem 1.5rem;
    grid-template-areas: 'thumb thumb' 'title title' 'prompt prompt' 'meta badge';
    gap: 0.25rem 0.5rem;
    min-width: 0;
    padding: 0.375rem;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius-small);
    background: var(--_color-surface);
    cursor: default;
    user-select: none;
    contain: strict;
  }
  .item:hover {
    background: var(--_color-surface-raised);
  }
  /* While flinging: the shape of a card, nothing to lay out (GridWindow.fast). */
  .item.placeholder {
    background: linear-gradient(var(--_skeleton-color), var(--_skeleton-color)) 0.375rem 0.375rem / calc(100% - 0.75rem) calc(100% - 6.5rem) no-repeat var(--_color-surface);
  }
  .item.selected {
    border-color: var(--_color-primary);
    background: color-mix(in srgb, var(--_color-primary) 14%, var(--_color-surface));
  }
  .item:focus-visible {
    outline: 2px solid var(--_focus-ring-color);
    outline-offset: 1px;
  }
  .thumb {
    grid-area: thumb;
    position: relative;
    display: grid;
    place-items: center;
    min-height: 0;
    border-radius: var(--_radius-small);
    background: color-mix(in srgb, var(--_app) 22%, var(--_color-surface));
    overflow: hidden;
  }
  .thumb img {
    ${coverImage}
  }
  .thumb.text-card {
    place-items: start;
    background: var(--_color-surface-raised);
    border: 1px solid var(--_color-border);
  }
  .text-body {
    position: absolute;
    inset: 0.625rem 0.75rem;
    overflow: hidden;
    font-size: 0.8125rem;
    line-height: 1.45;
    white-space: pre-line;
    text-align: start;
    -webkit-mask-image: linear-gradient(to bottom, #000 70%, transparent);
    mask-image: linear-gradient(to bottom, #000 70%, transparent);
  }
  .thumb.failed {
    background: var(--_status-failed-bg);
    color: var(--_status-failed-fg);
  }
  .failure {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 0.375rem;
    padding: 0.75rem;
    font-size: 0.8125rem;
    line-height: 1.35;
    text-align: center;
  }
  .failure span {
    display: -webkit-box;
    -webkit-line-clamp: 4;
    -webkit-box-orient: vertical;
    overflow: hidden;
  }
  .progress {
    position: absolute;
    inset-inline-start: 0;
    inset-inline-end: 0;
    bottom: 0;
    height: 4px;
    background: color-mix(in srgb, var(--_color-surface) 70%, transparent);
  }
  .progress span {
    display: block;
    height: 100%;
    background: var(--_status-processing);
    transition: width var(--_transition);
  }
  .checkbox {
    grid-area: thumb;
    align-self: start;
    justify-self: start;
    z-index: 1;
    display: grid;
    place-items: center;
    width: 2rem;
    height: 2rem;
    cursor: pointer;
  }
  .box {
    display: grid;
    place-items: center;
    width: 1.25rem;
    height: 1.25rem;
    border: 2px solid var(--_color-text);
    border-radius: 4px;
    background: var(--_color-surface);
    box-shadow: 0 1px 3px rgb(0 0 0 / 0.4);
  }
  .selected .box {
    background: var(--_color-primary);
    border-color: var(--_color-primary);
    color: var(--_color-on-primary);
  }
  .title {
    grid-area: title;
    font-weight: 600;
    line-height: 1.25rem;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .prompt {
    grid-area: prompt;
    display: -webkit-box;
    -webkit-line-clamp: 2;
    -webkit-box-orient: vertical;
    overflow: hidden;
    color: var(--_color-text-muted);
    font-size: 0.8125rem;
    line-height: 1.125rem;
  }
  .meta {
    grid-area: meta;
    display: flex;
    align-items: center;
    gap: 0.375rem;
    min-width: 0;
    color: var(--_color-text-muted);
    font-size: 0.8125rem;
    white-space: nowrap;
  }
  .app {
    display: inline-flex;
    align-items: center;
    min-width: 0;
    gap: 0.375rem;
  }
  .app-name {
    overflow: hidden;
    text-overflow: ellipsis;
  }
  /* In a card the app shows as its icon (its name for screen readers and on hover); the list view has room for the name. */
  .grid:not(.list) .app-name {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
  }
  .meta time {
    flex: none;
  }
  .badge {
    grid-area: badge;
    align-self: center;
    font-size: 0.75rem;
    padding: 0 0.5rem;
    line-height: 1.25rem;
  }
  .actions {
    grid-area: thumb;
    align-self: end;
    justify-self: end;
    z-index: 1;
    margin: 0.5rem;
    display: flex;
    gap: 0.25rem;
  }
  .actions button {
    ${roundIconButton(css`2rem`)}
    cursor: pointer;
    box-shadow: 0 1px 3px rgb(0 0 0 / 0.4);
  }
  /* Pointer devices: checkbox and actions appear on hover, focus or selection; touch keeps them visible. */
  @media (hover: hover) and (pointer: fine) {
    .checkbox,
    .actions {
      opacity: 0;
      transition: opacity var(--_transition);
    }
    .item:hover .checkbox,
    .item:focus-within .checkbox,
    .item.selected .checkbox,
    .grid.selecting .checkbox,
    .item:hover .actions,
    .item:focus-within .actions {
      opacity: 1;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .checkbox,
    .actions,
    .progress span {
      transition: none;
    }
  }

  /* ---- a list row: every row is its own grid with fixed columns, so badges and actions line up ---- */
  .grid.list .item {
    grid-template-columns: 2rem 3.5rem minmax(0, 1fr) minmax(0, 16rem) 7.5rem 7rem;
    grid-template-rows: 1.25rem 1.125rem;
    grid-template-areas: 'check thumb title meta badge actions' 'check thumb prompt meta badge actions';
    align-content: center;
    align-items: center;
    gap: 0.125rem 0.75rem;
  }
  .grid.list .thumb {
    height: 3.5rem;
  }
  .grid.list .checkbox {
    grid-area: check;
    align-self: center;
  }
  .grid.list .prompt {
    -webkit-line-clamp: 1;
  }
  .grid.list .failure {
    padding: 0;
  }
  .grid.list .failure span,
  .grid.list .text-body {
    display: none;
  }
  .error-text {
    display: none;
  }
  .grid.list .prompt.failed .prompt-text {
    display: none;
  }
  .grid.list .prompt.failed .error-text {
    display: inline;
    color: var(--_status-failed-fg);
  }
  .grid.list .badge {
    justify-self: start;
  }
  .grid.list .actions {
    grid-area: actions;
    align-self: center;
    margin: 0;
  }
  .loading,
  .empty,
  .error {
    padding: 1.5rem;
    text-align: center;
    color: var(--_color-text-muted);
  }
  .error {
    color: var(--_color-text);
  }

  /* ---- a phone ---- */
  @container my-work (max-width: 40rem) {
    .base {
      padding: 0.5rem;
      gap: 0.5rem;
    }
    .stats {
      gap: 0.25rem;
    }
    .stat {
      align-items: center;
      padding: 0.25rem 0.125rem;
      border-inline-start: 0;
      border-top: 3px solid var(--_stat, var(--_color-primary));
    }
    .stat-value {
      font-size: 1rem;
    }
    .stat-label {
      display: none;
    }
    .stat-label.short {
      display: block;
      max-width: 100%;
      font-size: 0.6875rem;
    }
    .view-toggle .label {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
    }
    .search {
      flex: 1 1 8rem;
      min-width: 0;
    }
    .filters-toggle {
      display: inline-flex;
    }
    .filters {
      display: none;
      flex-basis: 100%;
    }
    .filters.open {
      display: grid;
      grid-template-columns: 1fr 1fr;
    }
    .scroller {
      --_cell: var(--gs-my-work-cell-width, 9.5rem);
      height: auto;
      overflow: visible;
      contain: none;
    }
    /* Cards are narrow: the status sits on the tile's corner (actions are there too on touch). */
    .grid:not(.list) .item {
      grid-template-areas: 'thumb thumb' 'title title' 'prompt prompt' 'meta meta';
    }
    .grid:not(.list) .badge {
      grid-area: thumb;
      align-self: start;
      justify-self: end;
      z-index: 1;
      margin: 0.375rem;
      box-shadow: 0 1px 3px rgb(0 0 0 / 0.4);
    }
    .grid.list .item {
      grid-template-columns: 2rem 3rem minmax(0, 1fr) auto;
      grid-template-areas: 'check thumb title badge' 'check thumb prompt actions';
      grid-template-rows: 1.25rem 2rem;
      padding: 0.25rem;
    }
    .grid.list .meta {
      display: none;
    }
    .grid.list .thumb {
      height: 3rem;
    }
  }
`;
