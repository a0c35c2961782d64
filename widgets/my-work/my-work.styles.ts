import { css } from 'lit';
import { coverImage, roundIconButton } from '../base/shared.styles.ts';

export const styles = css`
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
  button,
  select,
  input {
    font: inherit;
    color: inherit;
  }
  button,
  select {
    cursor: pointer;
  }
  .stats {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(6.5rem, 1fr));
    gap: 0.5rem;
  }
  .stat {
    display: flex;
    flex-direction: column;
    padding: 0.5rem 0.75rem;
    border-radius: var(--_radius-small);
    background: var(--_color-surface-raised);
    border-left: 3px solid var(--_stat, var(--_color-primary));
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
  .stat-label {
    color: var(--_color-text-muted);
    font-size: 0.8125rem;
  }
  .toolbar,
  .selection-bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  .toolbar input,
  .toolbar select,
  .toolbar button,
  .selection-bar button,
  .empty button,
  .error button {
    min-height: 2.25rem;
    padding: 0.25rem 0.75rem;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius-small);
    background: var(--_color-surface-raised);
  }
  .search {
    flex: 1 1 14rem;
    min-width: 10rem;
  }
  .view-toggle {
    display: inline-flex;
  }
  .view-toggle button[aria-pressed='true'] {
    background: color-mix(in srgb, var(--_color-primary) 30%, var(--_color-surface));
    border-color: var(--_color-primary);
    font-weight: 600;
  }
  .selection-bar {
    padding: 0.375rem 0.5rem;
    border-radius: var(--_radius-small);
    background: color-mix(in srgb, var(--_color-primary) 16%, var(--_color-surface));
  }
  .selection-bar .count {
    font-weight: 600;
  }
  .spacer {
    flex: 1;
  }
  button.danger {
    border-color: var(--_status-failed);
  }
  .scroller {
    --_cell: var(--gs-my-work-cell-width, 13rem);
    position: relative;
    height: var(--gs-my-work-height, 70vh);
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
    top: 0;
    left: 0;
    right: 0;
    height: var(--_row);
    display: grid;
    grid-template-columns: repeat(var(--_cols), minmax(0, 1fr));
    gap: 0.5rem;
    padding: 0.25rem;
    will-change: transform;
  }
  .item {
    position: relative;
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    grid-template-rows: minmax(0, 1fr) auto auto;
    grid-template-areas: 'thumb thumb' 'info info' 'badge badge';
    gap: 0.25rem;
    min-width: 0;
    padding: 0.375rem;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius-small);
    background: var(--_color-surface);
    cursor: default;
    user-select: none;
    contain: content;
  }
  .item:hover {
    background: var(--_color-surface-raised);
  }
  .item.selected {
    border-color: var(--_color-primary);
    background: color-mix(in srgb, var(--_color-primary) 14%, var(--_color-surface));
  }
  .item:focus-visible {
    outline: 2px solid var(--_focus-ring-color);
    outline-offset: 1px;
  }
  .checkbox {
    position: absolute;
    top: 0.625rem;
    left: 0.625rem;
    z-index: 1;
    display: grid;
    place-items: center;
    width: 1.25rem;
    height: 1.25rem;
    border: 2px solid var(--_color-text);
    border-radius: 4px;
    background: var(--_color-surface);
  }
  .selected .checkbox {
    background: var(--_color-primary);
    border-color: var(--_color-primary);
    color: var(--_color-on-primary);
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
    font-size: 1.75rem;
  }
  .thumb img {
    ${coverImage}
  }
  .info {
    grid-area: info;
    display: flex;
    flex-direction: column;
    min-width: 0;
  }
  .title {
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .meta {
    color: var(--_color-text-muted);
    font-size: 0.8125rem;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .progress {
    display: block;
    height: 4px;
    margin-top: 0.25rem;
    border-radius: 2px;
    background: var(--_color-surface-raised);
    overflow: hidden;
  }
  .progress span {
    display: block;
    height: 100%;
    background: var(--_status-processing);
    transition: width var(--_transition);
  }
  .badge {
    grid-area: badge;
    justify-self: start;
    align-self: center;
    max-width: 100%;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .actions {
    grid-area: thumb;
    align-self: end;
    justify-self: end;
    z-index: 1;
    margin: 0.375rem;
    display: flex;
    gap: 0.25rem;
  }
  .actions button {
    ${roundIconButton(css`2rem`)}
  }
  /* Every row is its own grid: the badge and action columns have fixed widths so they line up down the list. */
  .grid.list .item {
    grid-template-columns: 3.5rem minmax(0, 1fr) 7.5rem 6.5rem;
    grid-template-rows: 1fr;
    grid-template-areas: 'thumb info badge actions';
    align-items: center;
    gap: 0.75rem;
    padding-left: 2.25rem;
  }
  .grid.list .thumb {
    height: 3.25rem;
    font-size: 1.25rem;
  }
  .grid.list .badge {
    grid-area: badge;
  }
  .grid.list .actions {
    grid-area: actions;
    align-self: center;
    justify-self: end;
    margin: 0;
  }
  .grid.list .checkbox {
    top: 50%;
    transform: translateY(-50%);
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
`;
