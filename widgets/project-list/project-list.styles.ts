import { css } from 'lit';
import { coverImage } from '../base/shared.styles.ts';

/**
 * `<project-list>`'s layout. Grid cards have fixed text lines under a square picture, so every row
 * is as tall as GridWindow computes (`GRID_TEXT_PX` in project-list.ts; a list row `LIST_ROW_PX`). Under 40rem wide (a phone)
 * the grid grows with its rows and the page scrolls (no nested scroller).
 */
export const styles = css`
  :host {
    container: project-list / inline-size;
  }
  .base {
    display: flex;
    flex-direction: column;
    gap: 0.75rem;
    padding: 0.75rem;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-surface);
    box-shadow: var(--_shadow);
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
  }
  .toolbar,
  .more {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  .search {
    flex: 1 1 14rem;
  }
  .view-toggle {
    display: inline-flex;
  }
  .view-toggle button {
    display: grid;
    place-items: center;
    width: 2.5rem;
    height: 2.5rem;
    border: 1px solid var(--_color-border);
    background: var(--_color-bg);
  }
  .view-toggle button:first-child {
    border-start-start-radius: var(--_radius-small);
    border-end-start-radius: var(--_radius-small);
  }
  .view-toggle button:last-child {
    border-start-end-radius: var(--_radius-small);
    border-end-end-radius: var(--_radius-small);
  }
  [aria-pressed='true'] {
    background: color-mix(in srgb, var(--_color-primary) 30%, var(--_color-surface)) !important;
    border-color: var(--_color-primary) !important;
  }
  .more {
    justify-content: space-between;
    color: var(--_color-text-muted);
    font-size: 0.8125rem;
  }

  .scroller {
    --_cell: var(--gs-project-list-cell-width, 14rem);
    position: relative;
    height: var(--gs-project-list-height, 70vh);
    overflow: auto;
    overscroll-behavior: contain;
    contain: strict;
  }
  .grid {
    position: relative;
  }
  .cell-probe {
    position: absolute;
    width: var(--_cell);
    height: 0;
    visibility: hidden;
  }
  .row {
    position: absolute;
    inset: 0 0 auto;
    height: var(--_row);
    display: grid;
    grid-template-columns: repeat(var(--_cols), minmax(0, 1fr));
    gap: 0.75rem;
    padding: 0.375rem;
    contain: layout size style;
  }

  /* ---- a card ---- */
  .item {
    position: relative;
    display: grid;
    grid-template-rows: minmax(0, 1fr) 1.75rem 1.25rem 1.25rem 1.5rem;
    gap: 0.25rem;
    min-width: 0;
    padding: 0.5rem;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-surface);
    line-height: 1.25rem;
    font-size: 0.8125rem;
    color: var(--_color-text-muted);
  }
  .item:hover {
    border-color: var(--_color-text-muted);
  }
  .item:focus-visible {
    outline-offset: -2px;
  }
  [data-archived] .thumb {
    filter: grayscale(0.7);
    opacity: 0.75;
  }
  .thumb {
    position: relative;
    display: grid;
    place-items: center;
    min-height: 0;
    border-radius: var(--_radius-small);
    background: var(--_color-surface-raised);
    overflow: hidden;
  }
  .thumb img {
    ${coverImage}
  }
  .title {
    position: relative;
    display: flex;
    flex-direction: column;
    min-width: 0;
  }
  .name {
    padding: 0;
    border: 0;
    background: none;
    color: var(--_color-text);
    font-size: 0.9375rem;
    font-weight: 600;
    line-height: 1.75rem;
    text-align: start;
    text-decoration: none;
    overflow: hidden;
    white-space: nowrap;
    text-overflow: ellipsis;
  }
  .name:hover {
    text-decoration: underline;
  }
  .rename {
    min-height: 1.75rem;
    padding: 0 0.375rem;
    width: 100%;
  }
  /* Under the field, over what follows (a row's height is fixed). */
  .rename-error {
    position: absolute;
    z-index: 2;
    top: calc(100% + 0.25rem);
    inset-inline-start: 0;
    inset-inline-end: 0;
    box-shadow: 0 6px 20px rgb(0 0 0 / 0.35);
    padding: 0.375rem 0.5rem;
    border-radius: var(--_radius-small);
    background: var(--_status-failed-bg);
    color: var(--_status-failed-fg);
    font-weight: 600;
  }
  .meta,
  .foot {
    display: flex;
    align-items: center;
    gap: 0.375rem;
    min-width: 0;
    white-space: nowrap;
  }
  .meta {
    overflow: hidden;
  }
  .type::before {
    content: '· ';
  }
  .counts {
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .foot time {
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .status {
    flex: none;
    padding: 0 0.5rem;
    border-radius: 999px;
    font-weight: 600;
    background: var(--_status-completed-bg);
    color: var(--_status-completed-fg);
  }
  .status[data-status='archived'] {
    background: var(--_color-surface-raised);
    color: var(--_color-text);
  }
  .foot time {
    flex: 1;
    min-width: 0;
  }
  /* A card marks only the exception (archived), on its picture's corner. */
  .grid:not(.list) .status {
    position: absolute;
    top: 1rem;
    inset-inline-start: 1rem;
  }
  .grid:not(.list) [data-status='active'] {
    display: none;
  }
  .actions {
    display: flex;
    flex: none;
    gap: 2px;
  }
  /*
   * A grid card's actions sit on its picture's bottom-right corner, so the line under it keeps the
   * whole time ("9 hours ago", not "9…"). The picture ends 7.25rem above the card's padding box:
   * its 0.5rem padding and the text lines under the picture (6.75rem, GRID_TEXT_PX).
   */
  .grid:not(.list) .actions {
    position: absolute;
    inset-inline-end: 0.875rem;
    bottom: 7.625rem;
    padding: 2px;
    border-radius: 999px;
    background: rgb(10 10 16 / 0.72);
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.3);
  }
  .grid:not(.list) .actions button {
    border-radius: 50%;
    color: #fff;
  }
  .grid:not(.list) .actions button:hover {
    background: rgb(255 255 255 / 0.2);
    color: #fff;
  }
  .actions button {
    display: grid;
    place-items: center;
    width: 1.75rem;
    height: 1.75rem;
    padding: 0;
    border: 0;
    border-radius: 6px;
    background: none;
    color: var(--_color-text-muted);
  }
  .actions button:hover {
    background: var(--_color-surface-raised);
    color: var(--_color-text);
  }
  .actions button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  /* Pointer devices: the actions appear on hover or focus; touch keeps them. */
  @media (hover: hover) and (pointer: fine) {
    .actions {
      opacity: 0;
    }
    .item:hover .actions,
    .item:focus-within .actions {
      opacity: 1;
    }
  }

  /* ---- a list row: fixed columns, so counts, status and actions line up ---- */
  .grid.list .item {
    grid-template-columns: 3.5rem minmax(0, 1fr) 11rem 20rem;
    grid-template-rows: 1.5rem 1.25rem;
    grid-template-areas: 'thumb title counts foot' 'thumb meta counts foot';
    align-content: center;
    align-items: center;
    gap: 0.125rem 1rem;
  }
  .grid.list .thumb {
    grid-area: thumb;
    height: 3.5rem;
  }
  .grid.list .title {
    grid-area: title;
  }
  .grid.list .meta {
    grid-area: meta;
  }
  .grid.list .counts {
    grid-area: counts;
  }
  .grid.list .foot {
    grid-area: foot;
    gap: 0.75rem;
  }
  /* As wide as the longer of Active and Archived, so the times after them line up. */
  .grid.list .status {
    min-width: 5.5rem;
    text-align: center;
  }

  /* Skeletons taller than the scroller are cut off, not scrolled: a scrollable region with nothing
     focusable in it is out of reach of the keyboard (axe: scrollable-region-focusable). */
  .scroller.loading {
    overflow: hidden;
  }
  .skeletons {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(var(--gs-project-list-cell-width, 14rem), 1fr));
    gap: 0.75rem;
  }
  .skeletons span {
    aspect-ratio: 4 / 5;
  }
  .empty {
    display: grid;
    justify-items: center;
    gap: 0.75rem;
    padding: 2.5rem 1rem;
    color: var(--_color-text-muted);
    text-align: center;
  }
  .empty p {
    margin: 0;
  }
  .empty-icon {
    display: grid;
    place-items: center;
    width: 3.5rem;
    height: 3.5rem;
    border-radius: 50%;
    background: color-mix(in srgb, var(--_color-primary) 18%, var(--_color-surface));
    color: color-mix(in srgb, var(--_color-primary) 45%, var(--_color-text));
  }
  .empty-title {
    margin: 0;
    color: var(--_color-text);
    font-size: 1.125rem;
  }

  @container project-list (max-width: 40rem) {
    .base {
      padding: 0.5rem;
    }
    .scroller {
      --_cell: var(--gs-project-list-cell-width, 9.5rem);
      height: auto;
      overflow: visible;
      contain: none;
    }
    /* The filters share their rows evenly instead of leaving a ragged edge. */
    .toolbar select {
      flex: 1 1 7.5rem;
    }
    /* A list row: name, counts, then status and time beside the picture; the actions two by two on the right. */
    .grid.list .item {
      grid-template-columns: 3.5rem auto minmax(0, 1fr) auto;
      grid-template-rows: 1.5rem 1.25rem 1.25rem;
      grid-template-areas: 'thumb title title actions' 'thumb counts counts actions' 'thumb status time actions';
      gap: 0 0.75rem;
      padding: 0.375rem 0.5rem;
    }
    .grid.list .meta {
      display: none;
    }
    .grid.list .foot {
      display: contents;
    }
    .grid.list .status {
      grid-area: status;
      min-width: 0;
    }
    .grid.list time {
      grid-area: time;
    }
    .grid.list .actions {
      grid-area: actions;
      display: grid;
      grid-template-columns: repeat(2, 1.75rem);
      align-self: center;
    }
  }
`;
