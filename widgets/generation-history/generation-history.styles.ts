import { css } from 'lit';
import { controlBox, coverImage } from '../base/shared.styles.ts';

/**
 * `<generation-history>`'s look. The rows are GridWindow's (list.styles.ts); a soft shade under a
 * picture's marks (not over a running one's progress) deepens while the tile is pointed at; on touch (no hover) the play mark always
 * shows; under 40rem the page scrolls (no scroller inside it) and the tiles shrink. (No comments
 * inside the css: they would ship in the bundle.)
 */
export const styles = css`
  :host {
    container: generation-history / inline-size;
  }
  svg {
    flex: none;
  }

  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25rem 0.75rem;
    padding: 0.25rem 0.25rem 0;
  }
  .title {
    margin: 0;
    font-size: 1.25rem;
    font-weight: 700;
    line-height: 1.25;
  }
  .count {
    color: var(--_color-text-muted);
    font-size: 0.875rem;
    font-variant-numeric: tabular-nums;
  }

  .scroller {
    --_cell: var(--gs-generation-history-tile-width, 12rem);
    height: var(--gs-generation-history-height, 70vh);
    scrollbar-gutter: stable;
  }
  .row {
    gap: 0.75rem;
  }

  .item {
    display: flex;
    flex-direction: column;
    min-width: 0;
    border-radius: var(--_radius-small);
    cursor: pointer;
    user-select: none;
    -webkit-tap-highlight-color: transparent;
  }
  .item:focus-visible {
    outline-offset: 3px;
  }
  .media {
    position: relative;
    display: grid;
    place-items: center;
    flex: 1 1 auto;
    min-height: 0;
    border-radius: var(--_radius-small);
    background: var(--_color-surface-raised);
    color: var(--_color-text-muted);
    overflow: hidden;
    contain: strict;
  }
  .media img,
  .media video {
    ${coverImage}
  }
  .media.art::after {
    content: '';
    position: absolute;
    inset: 0;
    background: linear-gradient(to top, rgb(0 0 0 / 0.35), transparent 40%);
    opacity: 0.6;
    transition: opacity var(--_transition);
    pointer-events: none;
  }
  .item:hover .media.art::after,
  .item:focus-visible .media.art::after {
    opacity: 1;
  }
  .play {
    position: absolute;
    z-index: 1;
    display: grid;
    place-items: center;
    width: 2.75rem;
    height: 2.75rem;
    border-radius: 50%;
    background: color-mix(in srgb, var(--_color-primary) 85%, black);
    color: #fff;
    box-shadow: 0 2px 10px rgb(0 0 0 / 0.35);
    opacity: 0;
    transform: scale(0.9);
    transition: opacity var(--_transition), transform var(--_transition);
  }
  .play svg {
    width: 18px;
    height: 18px;
    margin-inline-start: 2px;
  }
  .item:hover .play,
  .item:focus-visible .play {
    opacity: 1;
    transform: none;
  }
  @media not ((hover: hover) and (pointer: fine)) {
    .play {
      opacity: 0.9;
      transform: none;
    }
  }
  .duration {
    position: absolute;
    z-index: 1;
    inset-inline-end: 0.375rem;
    bottom: 0.375rem;
    padding: 0.0625rem 0.375rem;
    border-radius: 4px;
    background: rgb(0 0 0 / 0.72);
    color: #fff;
    font-size: 0.75rem;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .status {
    position: absolute;
    z-index: 1;
    top: 0.375rem;
    inset-inline-start: 0.375rem;
    max-width: calc(100% - 0.75rem);
  }
  .status .badge {
    font-size: 0.75rem;
    box-shadow: 0 1px 4px rgb(0 0 0 / 0.3);
  }
  .progress {
    position: absolute;
    z-index: 1;
    inset-inline-start: 0;
    inset-inline-end: 0;
    bottom: 0;
    height: 4px;
    background: rgb(0 0 0 / 0.35);
  }
  .progress span {
    display: block;
    height: 100%;
    background: var(--_status-processing);
    transition: width 400ms ease;
  }
  .state {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 0.5rem;
    max-width: 100%;
    padding: 0.75rem;
    text-align: center;
  }
  .state svg {
    width: 1.75rem;
    height: 1.75rem;
  }
  .state-text {
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 3;
    overflow: hidden;
    font-size: 0.8125rem;
    font-variant-numeric: tabular-nums;
    overflow-wrap: anywhere;
  }
  .state.failed {
    color: var(--_status-failed-fg);
  }
  .state.failed svg {
    color: var(--_status-failed);
  }
  .ring {
    width: 1.75rem;
    height: 1.75rem;
    border: 3px solid color-mix(in srgb, var(--_status-processing) 30%, transparent);
    border-top-color: var(--_status-processing);
    border-radius: 50%;
    animation: gs-spin 1s linear infinite;
  }
  @keyframes gs-spin {
    to {
      transform: rotate(360deg);
    }
  }
  .prompt {
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 2;
    flex: none;
    height: 2.5em;
    margin: 0.5rem 0.125rem 0;
    overflow: hidden;
    font-size: 0.875rem;
    font-weight: 500;
    line-height: 1.25;
    overflow-wrap: anywhere;
  }
  .meta {
    display: flex;
    gap: 0.375rem;
    flex: none;
    min-width: 0;
    margin: 0.25rem 0.125rem 0;
    color: var(--_color-text-muted);
    font-size: 0.8125rem;
    line-height: 1.25;
    white-space: nowrap;
  }
  .meta .app:last-child {
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .placeholder.item {
    border-radius: var(--_radius-small);
    background: var(--_color-surface-raised);
  }

  .more {
    display: flex;
    justify-content: center;
    padding: 0.75rem;
  }
  .load-more {
    ${controlBox}
    font-weight: 600;
  }
  .load-more:disabled {
    cursor: default;
    opacity: 0.7;
  }
  .skeletons {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(var(--_cell), 1fr));
    gap: 0.75rem;
    padding: 0.25rem;
  }
  .tile-skeleton {
    aspect-ratio: 1 / 1.3;
  }
  .toast {
    position: sticky;
    bottom: 0.75rem;
    align-self: center;
    display: flex;
    align-items: center;
    gap: 0.75rem;
    max-width: min(36rem, 100%);
    padding: 0.625rem 1rem;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius-small);
    background: var(--_color-surface-raised);
    box-shadow: 0 6px 24px rgb(0 0 0 / 0.3);
    font-weight: 500;
  }

  @container generation-history (max-width: 40rem) {
    .scroller,
    .scroller.idle {
      height: auto;
      overflow: visible;
      contain: none;
    }
    .scroller {
      --_cell: var(--gs-generation-history-tile-width, 9rem);
    }
    .row {
      gap: 0.5rem;
    }
  }
`;
