import { css } from 'lit';
import { controlBox, coverImage } from '../base/shared.styles.ts';

export const styles = css`
  :host {
    container: asset-gallery / inline-size;
  }
  svg {
    flex: none;
  }

  /* Header */
  .header {
    display: flex;
    align-items: center;
    gap: 0.875rem;
  }
  .header-icon {
    display: grid;
    place-items: center;
    flex: none;
    width: 2.75rem;
    height: 2.75rem;
    border-radius: var(--_radius-small);
    background: color-mix(in srgb, var(--_color-primary) 22%, var(--_color-surface));
    color: color-mix(in srgb, var(--_color-primary) 45%, var(--_color-text));
  }
  .title {
    margin: 0;
    font-size: 1.25rem;
    font-weight: 700;
    line-height: 1.25;
  }
  .subtitle {
    margin: 0.125rem 0 0;
    color: var(--_color-text-muted);
    font-size: 0.875rem;
  }

  /* Filters */
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 0.75rem;
  }
  .field {
    display: inline-flex;
    align-items: center;
    gap: 0.5rem;
  }
  .field-label {
    color: var(--_color-text-muted);
    font-size: 0.8125rem;
    font-weight: 600;
  }
  .toolbar select,
  .toolbar input,
  .toolbar .refresh,
  .toolbar .favourites,
  .load-more,
  .empty button,
  .clear-filters,
  .panel-retry {
    ${controlBox}
  }
  .refresh,
  .favourites {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    font-weight: 600;
  }
  .refresh.busy svg {
    animation: gs-spin 1s linear infinite;
  }
  @keyframes gs-spin {
    to {
      transform: rotate(360deg);
    }
  }
  .favourites[aria-pressed='true'] {
    border-color: var(--_status-queued);
    background: color-mix(in srgb, var(--_status-queued) 16%, var(--_color-surface));
  }
  .favourites[aria-pressed='true'] svg {
    color: var(--_status-queued);
  }
  .tabs {
    display: inline-flex;
    gap: 2px;
    padding: 3px;
    border-radius: var(--_radius-small);
    background: var(--_color-surface-raised);
    border: 1px solid var(--_color-border);
  }
  .tab {
    min-height: 2rem;
    padding: 0 0.875rem;
    border: 0;
    border-radius: calc(var(--_radius-small) - 2px);
    background: transparent;
    color: var(--_color-text-muted);
    font-weight: 600;
  }
  .tab[aria-selected='true'] {
    background: color-mix(in srgb, var(--_color-primary) 30%, var(--_color-surface));
    color: var(--_color-text);
  }
  .search-box {
    position: relative;
    display: flex;
    align-items: center;
    flex: 1 1 14rem;
    min-width: 10rem;
  }
  .search-box svg {
    position: absolute;
    inset-inline-start: 0.625rem;
    color: var(--_color-text-muted);
    pointer-events: none;
  }
  .search-box input {
    width: 100%;
    padding-inline-start: 2rem;
  }

  /* The scrolling list */
  .body {
    min-width: 0;
  }
  .scroller {
    --_cell: var(--gs-asset-gallery-tile-width, 11rem);
    height: var(--gs-asset-gallery-height, 70vh);
    /* The same width for the grid whether or not it scrolls (its columns are measured before). */
    scrollbar-gutter: stable;
  }
  .grid.jobs .row {
    padding: 0.25rem 0.25rem 0.5rem;
  }

  /* A job card */
  .job {
    display: flex;
    flex-direction: column;
    min-width: 0;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: color-mix(in srgb, var(--_color-surface-raised) 45%, var(--_color-surface));
    contain: layout paint;
  }
  .job:focus-visible {
    outline-offset: 1px;
  }
  .job-head {
    display: grid;
    grid-template-columns: 5.5rem minmax(0, 1fr);
    gap: 0.875rem;
    align-items: center;
    flex: none;
    /* The row's height less its padding and the card's border. */
    height: calc(var(--_row) - 0.75rem - 2px);
    padding: 0.75rem;
  }
  .job-thumb {
    position: relative;
    display: grid;
    place-items: center;
    width: 5.5rem;
    height: 5.5rem;
    border-radius: var(--_radius-small);
    background: color-mix(in srgb, var(--_color-primary) 16%, var(--_color-surface));
    color: color-mix(in srgb, var(--_color-primary) 40%, var(--_color-text));
    overflow: hidden;
  }
  .job-thumb svg {
    width: 1.75rem;
    height: 1.75rem;
  }
  .job-thumb img {
    ${coverImage}
  }
  .job-main {
    display: flex;
    flex-direction: column;
    justify-content: center;
    gap: 0.375rem;
    min-width: 0;
  }
  .job-top {
    display: flex;
    align-items: center;
    gap: 0.625rem;
    min-width: 0;
    white-space: nowrap;
  }
  .asset-type {
    display: inline-flex;
    align-items: center;
    gap: 0.3125rem;
    min-width: 0;
    overflow: hidden;
    color: var(--_color-text);
    font-size: 0.8125rem;
    font-weight: 600;
  }
  .asset-type svg {
    color: var(--_color-text-muted);
  }
  .time {
    margin-inline-start: auto;
    color: var(--_color-text-muted);
    font-size: 0.8125rem;
  }
  .prompt {
    display: -webkit-box;
    margin: 0;
    overflow: hidden;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 2;
    line-height: 1.35;
    overflow-wrap: anywhere;
  }
  .prompt.none {
    color: var(--_color-text-muted);
    font-style: italic;
  }
  .job-bottom {
    display: flex;
    align-items: center;
    gap: 0.625rem;
    min-width: 0;
    min-height: 2rem;
  }
  .progress {
    flex: 1;
    height: 6px;
    max-width: 18rem;
    border-radius: 3px;
    background: var(--_color-surface-raised);
    overflow: hidden;
  }
  .progress span {
    display: block;
    height: 100%;
    border-radius: 3px;
    background: var(--_status-processing);
    transition: width var(--_transition);
  }
  .percent {
    color: var(--_color-text-muted);
    font-size: 0.8125rem;
    font-variant-numeric: tabular-nums;
  }
  .error-message,
  .where {
    flex: 1;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-size: 0.8125rem;
  }
  .error-message {
    color: var(--_status-failed-fg);
  }
  .job[data-status='partial'] .error-message {
    color: var(--_status-partial-fg);
  }
  .where {
    color: var(--_color-text-muted);
  }
  .disclosure {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
    flex: none;
    margin-inline-start: auto;
    min-height: 2rem;
    padding-block: 0;
    padding-inline: 0.75rem 0.5rem;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius-small);
    background: var(--_color-surface);
    font-size: 0.8125rem;
    font-weight: 600;
  }
  .disclosure:hover {
    border-color: var(--_color-text-muted);
  }
  .disclosure svg {
    transition: transform var(--_transition);
  }
  .disclosure[aria-expanded='true'] svg {
    transform: rotate(180deg);
  }
  .panel {
    padding: 0.75rem;
    border-top: 1px solid var(--_color-border);
  }
  .panel-row,
  .panel .panel-grid[aria-hidden] {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr));
    gap: 0.625rem;
  }
  .panel .tile .media,
  .panel .tile-skeleton {
    aspect-ratio: 1;
  }
  .panel-note {
    margin: 0;
    padding: 0.5rem 0;
    color: var(--_color-text-muted);
  }

  /* An asset tile */
  .tile {
    --_tile-bg: var(--_color-surface);
    position: relative;
    display: flex;
    flex-direction: column;
    min-width: 0;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius-small);
    background: var(--_tile-bg);
    overflow: hidden;
    cursor: pointer;
    user-select: none;
    contain: layout paint;
  }
  .tile:hover {
    border-color: color-mix(in srgb, var(--_color-text-muted) 60%, var(--_color-border));
  }
  .tile:focus-visible {
    outline-offset: 1px;
  }
  .tile.selected {
    --_tile-bg: color-mix(in srgb, var(--_color-primary) 16%, var(--_color-surface));
    border-color: var(--_color-primary);
  }
  .media {
    position: relative;
    display: grid;
    place-items: center;
    flex: 1 1 auto;
    min-height: 0;
    background: var(--_color-surface-raised);
    color: var(--_color-text-muted);
    overflow: hidden;
  }
  .media img,
  .media video {
    ${coverImage}
  }
  .placeholder svg {
    width: 2rem;
    height: 2rem;
  }
  .text-preview {
    position: absolute;
    inset: 0;
    margin: 0;
    padding: 0.75rem 0.875rem;
    overflow: hidden;
    background: color-mix(in srgb, var(--_color-surface) 70%, var(--_color-surface-raised));
    color: var(--_color-text);
    font-size: 0.8125rem;
    line-height: 1.5;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  /* The text fades out at the bottom (a painted gradient: cheaper than a mask while scrolling). */
  .text-preview::after {
    content: '';
    position: absolute;
    inset: auto 0 0;
    height: 2.5rem;
    background: linear-gradient(to bottom, transparent, color-mix(in srgb, var(--_color-surface) 70%, var(--_color-surface-raised)));
  }
  .duration {
    position: absolute;
    inset-inline-end: 0.375rem;
    bottom: 0.375rem;
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
    padding-block: 0.125rem;
    padding-inline: 0.3125rem 0.4375rem;
    border-radius: 999px;
    background: rgb(0 0 0 / 0.7);
    color: #fff;
    font-size: 0.75rem;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .caption {
    display: flex;
    align-items: center;
    gap: 0.375rem;
    flex: none;
    min-height: 2rem;
    padding: 0.375rem 0.5rem 0;
    font-size: 0.8125rem;
    font-weight: 600;
  }
  .kind-icon {
    display: inline-grid;
    color: var(--_color-text-muted);
  }
  .kind-icon svg {
    width: 16px;
    height: 16px;
  }
  .asset-title {
    flex: 1;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .checkbox {
    display: grid;
    place-items: center;
    flex: none;
    width: 1.25rem;
    height: 1.25rem;
    border: 2px solid var(--_color-text-muted);
    border-radius: 4px;
    background: var(--_color-surface);
  }
  .checkbox svg {
    width: 14px;
    height: 14px;
  }
  .selected .checkbox {
    border-color: var(--_color-primary);
    background: var(--_color-primary);
    color: var(--_color-on-primary);
  }
  .bar {
    position: relative;
    display: flex;
    align-items: center;
    gap: 0.25rem;
    flex: none;
    min-height: 2.25rem;
    padding-block: 0 0.125rem;
    padding-inline: 0.5rem 0.25rem;
  }
  .asset-meta {
    flex: 1;
    min-width: 0;
    overflow: hidden;
    color: var(--_color-text-muted);
    font-size: 0.75rem;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .actions {
    display: flex;
    align-items: center;
    gap: 2px;
    flex: none;
    background: var(--_tile-bg);
  }
  .action {
    display: inline-grid;
    place-items: center;
    width: 1.75rem;
    height: 1.75rem;
    padding: 0;
    border: 0;
    border-radius: 6px;
    background: transparent;
    color: var(--_color-text-muted);
  }
  .action:hover {
    background: var(--_color-surface-raised);
    color: var(--_color-text);
  }
  .action.favourite.on {
    color: var(--_status-queued);
  }
  .action.visibility.on {
    color: var(--_color-accent);
  }
  /*
   * With a pointer: the actions appear on hover or focus, over the line under the artwork (never
   * on it), and the selection mark only then or once something is selected. On touch screens
   * everything stays visible.
   */
  @media (hover: hover) and (pointer: fine) {
    /*
     * All the actions are there only while the tile is hovered or focused: then they cover the line
     * of text under the artwork (never the artwork). Otherwise only the marks (favourite, public), in line.
     */
    .actions.all {
      position: absolute;
      top: 0;
      inset-inline-end: 0.25rem;
      bottom: 0.125rem;
      padding-inline-start: 0.25rem;
    }
    /* The selection mark takes the type icon's place when it is wanted. */
    .checkbox {
      display: none;
    }
    .tile:hover .checkbox,
    .tile:focus-within .checkbox,
    .tile.selected .checkbox,
    .selecting .checkbox {
      display: grid;
    }
    .tile:hover .checkbox + .kind-icon,
    .tile:focus-within .checkbox + .kind-icon,
    .tile.selected .checkbox + .kind-icon,
    .selecting .checkbox + .kind-icon {
      display: none;
    }
  }
  /* Touch: the actions fill the line under the artwork (no hover to reveal them). */
  @media not ((hover: hover) and (pointer: fine)) {
    .checkbox + .kind-icon,
    .asset-meta {
      display: none;
    }
    .actions {
      flex: 1;
      justify-content: space-between;
    }
  }

  .placeholder.tile,
  .placeholder.job {
    background: var(--_color-surface-raised);
  }

  /* States */
  .more {
    display: flex;
    justify-content: center;
    padding: 0.75rem;
  }
  .load-more {
    font-weight: 600;
  }
  .loading {
    color: var(--_color-text-muted);
  }
  .skeletons {
    display: grid;
    gap: 0.5rem;
    padding: 0.25rem;
  }
  .skeletons.tiles {
    grid-template-columns: repeat(auto-fill, minmax(var(--gs-asset-gallery-tile-width, 11rem), 1fr));
  }
  .job-skeleton {
    height: 8.5rem;
  }
  .skeletons .tile-skeleton {
    aspect-ratio: 4 / 5;
  }
  .empty p {
    margin: 0;
  }
  .empty .cta {
    border: 0;
    background: color-mix(in srgb, var(--_color-primary) 82%, black);
  }

  /* Phones (or any narrow place): the page scrolls (no scroller inside it), smaller pictures, filters full width. */
  @container asset-gallery (max-width: 40rem) {
    .scroller,
    .scroller.idle {
      height: auto;
      overflow: visible;
      contain: none;
    }
    .job-head {
      grid-template-columns: 4rem minmax(0, 1fr);
      gap: 0.625rem;
      padding: 0.625rem;
    }
    .job-thumb {
      width: 4rem;
      height: 4rem;
    }
    .search-box {
      flex-basis: 100%;
    }
    .scroller {
      --_cell: var(--gs-asset-gallery-tile-width, 8.5rem);
    }
    .action {
      width: 1.5rem;
    }
    /* Label over its select, two side by side: the selects keep room for their words. */
    .field {
      flex: 1 1 8rem;
      flex-direction: column;
      align-items: stretch;
      gap: 0.25rem;
      min-width: 0;
    }
    .spacer {
      display: none;
    }
    /* The type's icon stays; its name is read out, not shown (the line is short). */
    .asset-type span {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
    }
    .time {
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .field select {
      flex: 1;
      min-width: 0;
    }
    .tabs {
      flex: 1 1 100%;
    }
    .tab {
      flex: 1;
      padding: 0 0.5rem;
    }
    .panel-row,
    .panel .panel-grid[aria-hidden] {
      grid-template-columns: repeat(auto-fill, minmax(8.5rem, 1fr));
    }
  }
`;
