import { css } from 'lit';
import { controlBox, retryButton } from './shared.styles.ts';

/**
 * What the windowed list elements' styles share (`<my-work>`, `<asset-gallery>`): the panel they
 * sit in, their controls' font, the window's rows (`GridWindow.renderRows`: placed by the host's
 * `--_row` and `--_cols`, a probe as wide as the smallest cell) and the selection bar
 * (`renderSelectionBar`).
 */
export const listStyles = css`
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
  .spacer {
    flex: 1;
  }
  .scroller {
    position: relative;
    overflow: auto;
    overscroll-behavior: contain;
    contain: strict;
  }
  /* Loading, empty or failed (no grid to window): what shows takes the height it needs. Size
     containment would make it 0 px tall on a wide screen, the message clipped away. */
  .scroller.idle {
    height: auto;
    overflow: hidden;
    contain: none;
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
    inset-inline-start: 0;
    inset-inline-end: 0;
    height: var(--_row);
    display: grid;
    grid-template-columns: repeat(var(--_cols), minmax(0, 1fr));
    gap: 0.5rem;
    padding: 0.25rem;
    box-sizing: border-box;
    contain: layout size style;
  }
  .selection-bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    padding: 0.375rem 0.5rem;
    border-radius: var(--_radius-small);
    background: color-mix(in srgb, var(--_color-primary) 16%, var(--_color-surface));
  }
  .selection-bar .count {
    font-weight: 600;
  }
  .selection-bar button {
    ${controlBox}
  }
  .selection-bar button:disabled {
    cursor: default;
    opacity: 0.55;
  }
  .selection-bar button.danger {
    border-color: var(--_status-failed);
  }
`;

/**
 * The designed empty state of a gallery-like element (`<asset-gallery>`, `<generation-history>`):
 * a round icon, a title, a hint and a call to action; the error state shares its box.
 */
export const emptyStateStyles = css`
  .empty,
  .error {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 0.5rem;
    padding: 2.5rem 1rem;
    text-align: center;
    color: var(--_color-text-muted);
  }
  .empty-icon {
    display: grid;
    place-items: center;
    width: 3.5rem;
    height: 3.5rem;
    margin-bottom: 0.25rem;
    border-radius: 50%;
    background: color-mix(in srgb, var(--_color-primary) 18%, var(--_color-surface));
    color: color-mix(in srgb, var(--_color-primary) 45%, var(--_color-text));
  }
  .empty-icon svg {
    width: 1.5rem;
    height: 1.5rem;
  }
  .empty-title {
    margin: 0;
    color: var(--_color-text);
    font-size: 1.125rem;
  }
  .empty-hint {
    max-width: 28rem;
    margin: 0 0 0.5rem;
  }
  .cta {
    display: inline-flex;
    align-items: center;
    gap: 0.5rem;
    min-height: 2.5rem;
    padding: 0 1.125rem;
    border: 0;
    border-radius: var(--_radius-small);
    background: color-mix(in srgb, var(--_color-primary) 82%, black);
    color: var(--_color-on-primary);
    font-weight: 600;
    text-decoration: none;
  }
  .cta:hover {
    background: color-mix(in srgb, var(--_color-primary) 70%, black);
  }
  .error {
    color: var(--_color-text);
  }
  .error button {
    ${retryButton}
  }
`;
