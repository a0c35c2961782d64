import { css } from 'lit';
import { coverImage, retryButton, spinnerStyles } from '../base/shared.styles.ts';

export const styles = css`
  .base {
    container: recent-work / inline-size;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-surface);
    box-shadow: var(--_shadow);
    overflow: hidden;
  }
  .list {
    list-style: none;
    margin: 0;
    padding: 0.375rem;
  }
  .item {
    position: relative;
    display: grid;
    grid-template-columns: auto minmax(0, 1fr) auto auto;
    grid-template-areas: 'thumb main badge download';
    align-items: center;
    gap: 0.375rem 0.75rem;
    min-height: 3.75rem;
    padding: 0.5rem 0.625rem;
    border-radius: var(--_radius-small);
    transition: background-color var(--_transition);
  }
  .item:not(.placeholder):hover {
    background: var(--_color-surface-raised);
  }
  .item:has(.open:focus-visible) {
    background: var(--_color-surface-raised);
    outline: 2px solid var(--_focus-ring-color);
    outline-offset: -2px;
  }
  .thumb {
    grid-area: thumb;
    --_size: var(--gs-recent-work-thumb-size, 2.75rem);
    position: relative;
    flex: none;
    display: grid;
    place-items: center;
    width: var(--_size);
    height: var(--_size);
    border-radius: var(--_radius-small);
    background: color-mix(in srgb, var(--_app, var(--_color-primary)) 22%, var(--_color-surface));
    box-shadow: inset 0 0 0 1px color-mix(in srgb, var(--_app, var(--_color-primary)) 55%, transparent);
    overflow: hidden;
    font-size: 1.375rem;
    line-height: 1;
  }
  .thumb img {
    ${coverImage}
  }
  .thumb:has(img:not([hidden])) .icon {
    position: absolute;
    inset-inline-end: 2px;
    bottom: 2px;
    z-index: 1;
    font-size: 0.8125rem;
    padding: 2px;
    border-radius: 6px;
    background: var(--_color-surface);
  }
  .main {
    grid-area: main;
    display: flex;
    flex-direction: column;
    gap: 0.125rem;
    flex: 1;
    min-width: 0;
  }
  .open {
    all: unset;
    display: block;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    font-weight: 600;
    color: var(--_color-text);
    cursor: pointer;
  }
  /* The whole row opens the generation; the download button stays above it. */
  .open::after {
    content: '';
    position: absolute;
    inset: 0;
    border-radius: inherit;
  }
  .open:focus-visible {
    outline: none;
  }
  .meta {
    display: flex;
    align-items: center;
    gap: 0.375rem;
    min-width: 0;
    overflow: hidden;
    color: var(--_color-text-muted);
    font-size: 0.8125rem;
    white-space: nowrap;
  }
  .app {
    overflow: hidden;
    text-overflow: ellipsis;
  }
  time {
    flex: none;
  }
  .badge {
    grid-area: badge;
    justify-self: end;
  }
  /* Narrow containers: the badge moves under the project name. */
  @container recent-work (max-width: 30rem) {
    .item {
      grid-template-columns: auto minmax(0, 1fr) auto;
      grid-template-areas:
        'thumb main download'
        'thumb badge download';
    }
    .badge {
      justify-self: start;
    }
  }
  .app::before {
    content: '';
    display: inline-block;
    width: 0.5rem;
    height: 0.5rem;
    margin-inline-end: 0.375rem;
    border-radius: 2px;
    background: var(--_app);
    vertical-align: 0.05em;
  }
  .download,
  .download-placeholder {
    grid-area: download;
    width: 2.25rem;
    height: 2.25rem;
  }
  .download {
    position: relative;
    z-index: 1;
    display: grid;
    place-items: center;
    padding: 0;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius-small);
    background: var(--_color-surface);
    color: var(--_color-text);
    cursor: pointer;
    transition:
      background-color var(--_transition),
      border-color var(--_transition);
  }
  .download:hover {
    border-color: var(--_color-primary);
    background: var(--_color-surface-raised);
  }
  .download[disabled] {
    cursor: progress;
  }
  ${spinnerStyles}
  .line {
    display: block;
    height: 0.875rem;
    width: 60%;
  }
  .line.short {
    width: 35%;
    height: 0.75rem;
  }
  .empty,
  .error {
    padding: 1.5rem 1rem;
    text-align: center;
    color: var(--_color-text-muted);
  }
  .error {
    display: flex;
    align-items: center;
    justify-content: center;
    flex-wrap: wrap;
    gap: 0.75rem;
    color: var(--_status-failed-fg);
    background: var(--_status-failed-bg);
  }
  .error button {
    ${retryButton}
  }
`;
