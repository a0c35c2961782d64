import { css } from 'lit';
import { buttonStyles, cardStyles, controlStyles } from '../base/shared.styles.ts';

export const styles = css`
  ${buttonStyles} ${cardStyles} ${controlStyles}
  :host {
    /* The layout follows the element's own width (a sidebar, a phone), not the window's. */
    container-type: inline-size;
  }
  .base {
    max-width: var(--gs-user-settings-max-width, 56rem);
  }
  .form {
    display: grid;
    gap: 1rem;
  }
  .section {
    gap: 1.25rem;
    padding: 1.25rem;
  }
  .field {
    display: flex;
    flex-direction: column;
    min-width: 0;
    margin: 0;
    padding: 0;
    border: 0;
  }
  .label {
    padding: 0;
    font-weight: 600;
  }
  .field-error {
    margin: 0.25rem 0 0;
    color: var(--_status-failed-fg);
    font-size: 0.8125rem;
    font-weight: 600;
  }
  .field-error::before {
    content: '⚠ ';
  }

  /* Language: a search box with its list below it. */
  .combobox {
    position: relative;
    max-width: 28rem;
  }
  .combobox,
  .choices {
    margin-top: 0.625rem;
  }
  .combobox-input {
    width: 100%;
    padding-inline-end: 4.5rem;
  }
  .combobox-tag,
  .option-tag {
    color: var(--_color-text-muted);
    font: 0.8125rem ui-monospace, monospace;
  }
  .combobox-tag {
    position: absolute;
    top: 0.7rem;
    inset-inline-end: 0.75rem;
    pointer-events: none;
  }
  .combobox-list {
    position: absolute;
    z-index: 2;
    inset: calc(100% + 0.25rem) 0 auto;
    max-height: min(18rem, 50vh);
    margin: 0;
    padding: 0.25rem;
    overflow-y: auto;
    overscroll-behavior: contain;
    list-style: none;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius-small);
    background: var(--_color-surface-raised);
    box-shadow: 0 12px 32px rgb(0 0 0 / 0.35);
  }
  .combobox-option {
    display: flex;
    align-items: baseline;
    gap: 0.5rem;
    padding: 0.5rem 0.625rem;
    border-radius: 6px;
    cursor: pointer;
  }
  .combobox-option[data-active] {
    background: color-mix(in srgb, var(--_color-primary) 28%, var(--_color-surface-raised));
  }
  [aria-selected='true'] .option-name::after {
    content: ' ✓';
  }
  .option-tag {
    margin-inline-start: auto;
  }

  /* Tone and aspect ratio: native radios (arrow keys move and pick), drawn as cards. */
  .choices {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(14rem, 1fr));
    gap: 0.5rem;
  }
  .choices.aspect_ratio {
    grid-template-columns: repeat(auto-fit, minmax(8rem, 1fr));
  }
  .choice {
    display: grid;
    grid-template-columns: auto 1fr;
    align-content: start;
    gap: 0.125rem 0.625rem;
    padding: 0.75rem;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius-small);
    background: var(--_color-bg);
    cursor: pointer;
  }
  .choice:has(:checked) {
    border-color: var(--_color-primary);
    background: color-mix(in srgb, var(--_color-primary) 14%, var(--_color-bg));
  }
  .choice:has(:focus-visible) {
    outline: 2px solid var(--_focus-ring-color);
    outline-offset: 2px;
  }
  .choice input {
    grid-row: span 2;
    align-self: start;
    margin: 0.2rem 0 0;
    accent-color: var(--_color-primary);
    outline: none;
  }
  .choice small,
  .hint {
    color: var(--_color-text-muted);
    font-size: 0.8125rem;
  }
  .aspect_ratio .choice {
    grid-template-columns: 1fr;
    justify-items: center;
    text-align: center;
  }
  .aspect_ratio input {
    position: absolute;
    opacity: 0;
  }
  .shape {
    display: grid;
    place-items: center;
    height: 3.25rem;
  }
  .shape span {
    border: 2px solid currentColor;
    border-radius: 4px;
    opacity: 0.6;
  }
  :checked ~ .shape span {
    color: var(--_color-primary);
    background: color-mix(in srgb, currentColor 35%, transparent);
    opacity: 1;
  }

  /* Integrations */
  .integrations {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .integration {
    display: grid;
    grid-template-columns: 2.75rem minmax(0, 1fr) auto;
    align-items: center;
    gap: 0.875rem;
    padding: 0.875rem 0;
    border-top: 1px solid var(--_color-border);
  }
  .integration:first-child {
    border: 0;
    padding-top: 0;
  }
  .provider-icon {
    display: grid;
    place-items: center;
    height: 2.75rem;
    border-radius: var(--_radius-small);
    background: color-mix(in srgb, var(--_provider) 22%, var(--_color-surface));
    color: var(--_provider);
  }
  [data-provider='shopify'] {
    --_provider: #5eb344;
  }
  [data-provider='amazon'] {
    --_provider: #f3a83b;
  }
  [data-provider='tiktok'] {
    --_provider: #ee1d52;
  }
  .provider-text {
    display: flex;
    flex-direction: column;
  }
  .provider-name,
  .section h2 {
    font-weight: 600;
  }
  .connection {
    margin-top: 0.25rem;
    color: var(--_color-text-muted);
    font-size: 0.8125rem;
    font-weight: 600;
  }
  .connection-dot {
    display: inline-block;
    width: 0.5rem;
    height: 0.5rem;
    margin-inline-end: 0.375rem;
    border: 2px solid currentColor;
    border-radius: 50%;
  }
  [data-connected] .connection {
    color: var(--_status-completed-fg);
  }
  [data-connected] .connection-dot {
    background: currentColor;
  }
  .since {
    font-weight: 400;
    color: var(--_color-text-muted);
  }

  /* The action bar sticks to the bottom of the window while there is something to save. */
  .actions {
    flex-direction: row;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    padding: 0.75rem 1rem;
  }
  .actions[data-dirty] {
    position: sticky;
    bottom: 0.75rem;
    z-index: 1;
    border-color: var(--_color-primary);
    box-shadow: 0 8px 28px rgb(0 0 0 / 0.35);
  }
  .status {
    display: flex;
    flex: 1 1 12rem;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.375rem;
    font-size: 0.875rem;
    font-weight: 600;
  }
  .dirty-dot {
    width: 0.5rem;
    height: 0.5rem;
    border-radius: 50%;
    background: var(--_status-queued);
  }
  .status-saved {
    display: flex;
    gap: 0.25rem;
    color: var(--_status-completed-fg);
  }
  .status-error {
    color: var(--_status-failed-fg);
  }
  .status-quiet {
    color: var(--_color-text-muted);
    font-weight: 400;
  }
  .skeleton {
    height: 6rem;
  }
  @container (max-width: 40rem) {
    .section {
      padding: 1rem;
    }
    /* The status on a line of its own, then Discard and Save side by side, equally wide. */
    .status {
      flex-basis: 100%;
    }
    .actions .button {
      flex: 1 1 0;
    }
  }
`;
