import { css } from 'lit';

/**
 * Declarations (not rules) shared by several elements' styles; interpolated inside a rule
 * (`button { ${retryButton} }`), which Lit's `css` allows for its own results.
 */

/** The outlined button of an error state ("Retry"), in the error's colour. */
export const retryButton = css`
  font: inherit;
  font-weight: 600;
  padding: 0.375rem 0.875rem;
  border-radius: var(--_radius-small);
  border: 1px solid currentColor;
  background: transparent;
  color: inherit;
  cursor: pointer;
`;

/** A compact form control or button box (toolbars, toasts): at least 2.25rem tall, outlined. */
export const controlBox = css`
  min-height: 2.25rem;
  padding: 0.25rem 0.75rem;
  border: 1px solid var(--_color-border);
  border-radius: var(--_radius-small);
  background: var(--_color-surface-raised);
`;

/** An image filling its positioned box (thumbnails). */
export const coverImage = css`
  position: absolute;
  inset: 0;
  width: 100%;
  height: 100%;
  object-fit: cover;
`;

/** A round, outlined icon button (`size`: its diameter). */
export const roundIconButton = (size: ReturnType<typeof css>) => css`
  display: inline-grid;
  place-items: center;
  width: ${size};
  height: ${size};
  padding: 0;
  border: 1px solid var(--_color-border);
  border-radius: 999px;
  background: var(--_color-surface-raised);
`;

/** A small spinning ring (`<span class="spinner">`) for a button at work. */
export const spinnerStyles = css`
  .spinner {
    display: inline-block;
    flex: none;
    width: 1em;
    height: 1em;
    border: 2px solid currentColor;
    border-right-color: transparent;
    border-radius: 50%;
    animation: gs-spin 0.8s linear infinite;
  }
  @keyframes gs-spin {
    to {
      transform: rotate(360deg);
    }
  }
`;

/**
 * Text buttons: `.button` (outlined), `.button.primary` (filled), `.button.danger`; at least
 * 2.25rem tall (a comfortable touch target), a spinner inside while busy.
 */
export const buttonStyles = css`
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 0.5em;
    min-height: 2.25rem;
    padding: 0.375rem 0.875rem;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius-small);
    background: var(--_color-surface-raised);
    color: var(--_color-text);
    font: inherit;
    font-weight: 600;
    white-space: nowrap;
    cursor: pointer;
    transition: background-color var(--_transition), border-color var(--_transition);
  }
  .button:hover:not(:disabled) {
    border-color: var(--_color-text-muted);
  }
  /* Filled buttons darken the signal colour a little, so white text keeps 4.5:1 in both themes. */
  .button.primary {
    border-color: transparent;
    background: color-mix(in srgb, var(--_color-primary) 82%, black);
    color: var(--_color-on-primary);
  }
  .button.primary:hover:not(:disabled) {
    background: color-mix(in srgb, var(--_color-primary) 70%, black);
  }
  .button.danger {
    border-color: transparent;
    background: color-mix(in srgb, var(--_status-failed) 72%, black);
    color: #fff;
  }
  .button:disabled {
    cursor: default;
    opacity: 0.55;
  }
  ${spinnerStyles}
`;

/** ConfirmController's dialog (`.confirm-dialog`, its text and its Cancel / action buttons). */
export const confirmDialogStyles = css`
  .confirm-dialog {
    max-width: min(28rem, calc(100vw - 2rem));
    padding: 1.25rem;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-surface);
    color: var(--_color-text);
    font-family: var(--_font);
    box-shadow: 0 20px 60px rgb(0 0 0 / 0.45);
  }
  .confirm-dialog::backdrop {
    background: rgb(0 0 0 / 0.6);
  }
  .confirm-dialog p {
    margin: 0 0 1rem;
    line-height: 1.5;
  }
  .confirm-actions {
    display: flex;
    justify-content: flex-end;
    gap: 0.5rem;
  }
  .confirm-dialog button {
    min-height: 2.25rem;
    padding: 0.375rem 0.875rem;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius-small);
    background: var(--_color-surface-raised);
    color: var(--_color-text);
    font: inherit;
    font-weight: 600;
    cursor: pointer;
  }
  .confirm-dialog button.danger {
    border-color: transparent;
    background: color-mix(in srgb, var(--_status-failed) 72%, black);
    color: #fff;
  }
`;

/** A card: a bordered surface (`.card`), with `h2` titles and muted `.hint` lines inside. */
export const cardStyles = css`
  .card {
    display: flex;
    flex-direction: column;
    gap: 0.75rem;
    min-width: 0;
    padding: 1rem;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-surface);
    box-shadow: var(--_shadow);
  }
  .card h2 {
    margin: 0;
    font-size: 1rem;
    font-weight: 650;
  }
  .hint {
    margin: 0.125rem 0 0;
    color: var(--_color-text-muted);
    font-size: 0.8125rem;
  }
`;

/** Text inputs and selects (`.control`), 2.5rem tall, on the page colour. */
export const controlStyles = css`
  .control {
    min-height: 2.5rem;
    padding: 0.375rem 0.75rem;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius-small);
    background: var(--_color-bg);
    color: inherit;
    font: inherit;
  }
  .control[aria-invalid='true'] {
    border-color: var(--_status-failed);
  }
`;

/** `errorState()`'s box: the message in the error colours and its Retry button. */
export const errorStateStyles = css`
  .error {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.75rem;
    padding: 0.625rem 0.875rem;
    border-radius: var(--_radius-small);
    background: var(--_status-failed-bg);
    color: var(--_status-failed-fg);
  }
  .error button {
    ${retryButton}
  }
`;
