import { css } from 'lit';
import { cardStyles, controlStyles, coverImage, errorStateStyles } from '../base/shared.styles.ts';

export const styles = css`
  ${cardStyles} ${controlStyles} ${errorStateStyles}
  :host {
    container-type: inline-size;
    --_chart: var(--gs-usage-insights-chart-color, var(--_color-primary));
  }
  .base {
    display: grid;
    gap: 1rem;
    /* Its own page colour: the muted text of the toolbar keeps its contrast on any host page. */
    padding: 0.25rem;
    border-radius: var(--_radius);
    background: var(--_color-bg);
  }
  h3,
  p,
  dl,
  dd,
  ol,
  ul {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  h3,
  .muted,
  .note,
  .tile dt,
  .axis {
    color: var(--_color-text-muted);
    fill: var(--_color-text-muted);
    font-size: 0.8125rem;
    font-weight: 500;
  }
  h3 {
    margin: 0.25rem 0 0.5rem;
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
  }
  .toolbar,
  .card-header,
  .dates {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 0.75rem;
  }
  .card-header h2 {
    margin-inline-end: auto;
  }
  .note {
    order: 1;
    margin-inline-start: auto;
  }
  .periods {
    display: inline-flex;
    padding: 3px;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius-small);
    background: var(--_color-surface);
  }
  .periods button,
  .card-header button {
    min-height: 2.25rem;
    padding: 0.25rem 0.75rem;
    border: 1px solid transparent;
    border-radius: 6px;
    background: none;
  }
  [aria-pressed='true'] {
    background: color-mix(in srgb, var(--_color-primary) 30%, var(--_color-surface)) !important;
    border-color: var(--_color-primary) !important;
    font-weight: 600;
  }
  .card-header button {
    border-color: var(--_color-border);
  }
  .range-error {
    color: var(--_status-failed-fg);
    font-weight: 600;
  }

  .tiles {
    display: grid;
    grid-template-columns: repeat(2, minmax(0, 1fr));
    gap: 0.75rem;
  }
  .tile {
    gap: 0.125rem;
    padding: 0.875rem 1rem;
  }
  .value {
    font-size: 1.5rem;
    font-weight: 700;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .quota {
    font-size: 0.8125rem;
    color: var(--_color-text-muted);
  }
  .tile .skeleton {
    width: 4ch;
    height: 1.75rem;
  }
  .change {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
    align-self: start;
    padding: 0 0.375rem;
    border-radius: 999px;
    font-size: 0.8125rem;
    font-weight: 600;
    color: var(--_color-text-muted);
    background: var(--_color-surface-raised);
  }
  [data-trend='up'] {
    color: var(--_status-completed-fg);
    background: var(--_status-completed-bg);
  }
  [data-trend='down'] {
    color: var(--_status-failed-fg);
    background: var(--_status-failed-bg);
  }
  [data-trend='new'] {
    color: var(--_status-processing-fg);
    background: var(--_status-processing-bg);
  }

  .plot {
    position: relative;
  }
  svg {
    display: block;
    overflow: visible;
    outline: none;
    /* Days run left to right in any language (points and tooltip sit at the SVG's x), so ←/→ do too. */
    direction: ltr;
  }
  .grid {
    stroke: var(--_color-border);
    stroke-dasharray: 3 4;
  }
  .axis {
    font-size: 11px;
  }
  .line {
    fill: none;
    stroke: var(--_chart);
    stroke-width: 2;
  }
  .point rect {
    fill: transparent;
  }
  .point circle {
    fill: var(--_color-surface);
    stroke: var(--_chart);
    stroke-width: 2;
  }
  .point[data-active] rect {
    fill: color-mix(in srgb, var(--_chart) 12%, transparent);
  }
  .point[data-active] circle {
    r: 5px;
    fill: var(--_chart);
  }
  .point {
    outline: none;
  }
  .point:focus-visible circle {
    stroke: var(--_focus-ring-color);
    stroke-width: 3;
  }
  .tooltip {
    position: absolute;
    transform: translateX(-50%);
    padding: 0.375rem 0.625rem;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius-small);
    background: var(--_color-surface-raised);
    box-shadow: 0 6px 20px rgb(0 0 0 / 0.35);
    font-size: 0.8125rem;
    white-space: nowrap;
    pointer-events: none;
  }
  .empty-note {
    position: absolute;
    inset: 35% 0 auto;
    text-align: center;
  }
  .card > .skeleton,
  .plot > .skeleton {
    height: 15rem;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }
  th,
  td {
    padding: 0.375rem 0.5rem;
    border-bottom: 1px solid var(--_color-border);
    text-align: start;
    font-weight: 400;
  }
  td,
  th + th {
    text-align: end;
  }

  .row,
  .top-lists {
    display: grid;
    gap: 1rem;
  }
  .asset {
    display: grid;
    grid-template-columns: 2.5rem minmax(0, 1fr) auto;
    align-items: center;
    gap: 0.625rem;
    width: 100%;
    min-height: 3rem;
    padding: 0.25rem;
    border: 0;
    border-radius: var(--_radius-small);
    background: none;
    text-align: start;
  }
  .asset:hover {
    background: var(--_color-surface-raised);
  }
  .thumb {
    position: relative;
    display: grid;
    place-items: center;
    height: 2.5rem;
    border-radius: 6px;
    overflow: hidden;
    background: color-mix(in srgb, var(--_app) 24%, var(--_color-surface));
    font-weight: 700;
  }
  .thumb img {
    ${coverImage}
  }
  .asset-name {
    display: flex;
    flex-direction: column;
    min-width: 0;
  }
  /* A long title ends in an ellipsis before the number (the whole of it is in the button's title). */
  .asset-name > span {
    overflow: hidden;
    white-space: nowrap;
    text-overflow: ellipsis;
  }
  .asset-value,
  .bar-value {
    font-weight: 600;
    font-variant-numeric: tabular-nums;
    text-align: end;
  }
  li.skeleton {
    height: 2.5rem;
    margin-bottom: 0.5rem;
  }
  .bar {
    display: grid;
    grid-template-columns: minmax(6rem, 10rem) minmax(0, 1fr) 3ch;
    align-items: center;
    gap: 0.75rem;
    padding: 0.25rem 0;
    font-size: 0.875rem;
  }
  .bar-track {
    height: 0.625rem;
    border-radius: 999px;
    background: var(--_color-surface-raised);
    overflow: hidden;
  }
  .bar-track span {
    display: block;
    height: 100%;
  }

  /* A phone: the period choices share the width. */
  @container (max-width: 36rem) {
    .periods {
      display: flex;
      width: 100%;
    }
    .periods button {
      flex: 1 1 auto;
      padding-inline: 0.5rem;
      white-space: nowrap;
    }
  }
  @container (min-width: 36rem) {
    .tiles {
      grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr));
    }
    .top-lists {
      grid-template-columns: repeat(3, minmax(0, 1fr));
    }
  }
  @container (min-width: 60rem) {
    .tiles {
      grid-template-columns: repeat(5, minmax(0, 1fr));
    }
    .row {
      grid-template-columns: minmax(0, 2fr) minmax(0, 1fr);
    }
  }
`;
