import { css } from 'lit';
import { buttonStyles, retryButton } from '../base/shared.styles.ts';

export const styles = css`
  ${buttonStyles}
  :host {
    /* The layout follows the element's own width (a sidebar, a phone), not the window's. */
    container-type: inline-size;
  }
  .base {
    max-width: var(--gs-user-settings-max-width, 56rem);
  }
  .form {
    display: flex;
    flex-direction: column;
    gap: 1rem;
  }
  .section {
    display: flex;
    flex-direction: column;
    gap: 1.25rem;
    padding: 1.25rem;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-surface);
    box-shadow: var(--_shadow);
  }
  .section-header h2 {
    margin: 0;
    font-size: 1.0625rem;
    font-weight: 650;
  }
  .hint {
    margin: 0.125rem 0 0;
    color: var(--_color-text-muted);
    font-size: 0.8125rem;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0;
    min-width: 0;
    margin: 0;
    padding: 0;
    border: 0;
  }
  .label {
    padding: 0;
    font-weight: 600;
  }
  .field .hint {
    margin-top: 0.125rem;
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
  [aria-invalid='true'] {
    border-color: var(--_status-failed) !important;
  }

  /* Language: a search box with its list below. */
  .combobox {
    position: relative;
    max-width: 28rem;
    margin-top: 0.625rem;
  }
  .combobox-input {
    width: 100%;
    min-height: 2.5rem;
    padding: 0.5rem 4.5rem 0.5rem 0.75rem;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius-small);
    background: var(--_color-bg);
    color: inherit;
    font: inherit;
  }
  .combobox-input:focus-visible {
    outline: 2px solid var(--_focus-ring-color);
    outline-offset: 1px;
  }
  .combobox-tag {
    position: absolute;
    top: 50%;
    right: 0.75rem;
    transform: translateY(-50%);
    color: var(--_color-text-muted);
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
    font-size: 0.8125rem;
    pointer-events: none;
  }
  .combobox-list {
    position: absolute;
    z-index: 2;
    top: calc(100% + 0.25rem);
    left: 0;
    right: 0;
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
  .combobox-list[hidden] {
    display: none;
  }
  .combobox-option {
    display: flex;
    align-items: baseline;
    gap: 0.5rem;
    min-height: 2.25rem;
    padding: 0.5rem 0.625rem;
    border-radius: 6px;
    cursor: pointer;
  }
  .combobox-option[data-active] {
    background: color-mix(in srgb, var(--_color-primary) 28%, var(--_color-surface-raised));
  }
  .combobox-option[aria-selected='true'] .option-name::after {
    content: ' ✓';
    color: var(--_color-accent);
  }
  .option-name {
    font-weight: 500;
  }
  .option-native {
    color: var(--_color-text-muted);
    font-size: 0.875rem;
  }
  .option-tag {
    margin-left: auto;
    color: var(--_color-text-muted);
    font-family: ui-monospace, SFMono-Regular, Menlo, monospace;
    font-size: 0.75rem;
  }

  /* Tone and aspect ratio: native radios (arrow keys move and pick), drawn as cards. */
  .tones {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr));
    gap: 0.5rem;
    margin-top: 0.625rem;
  }
  .ratios {
    display: grid;
    grid-template-columns: repeat(4, minmax(0, 1fr));
    gap: 0.5rem;
    margin-top: 0.625rem;
  }
  .choice {
    position: relative;
    display: flex;
    gap: 0.625rem;
    padding: 0.75rem;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius-small);
    background: var(--_color-bg);
    cursor: pointer;
    transition: border-color var(--_transition), background-color var(--_transition);
  }
  .choice:hover {
    border-color: var(--_color-text-muted);
  }
  .choice:has(input:checked) {
    border-color: var(--_color-primary);
    background: color-mix(in srgb, var(--_color-primary) 14%, var(--_color-bg));
    box-shadow: inset 0 0 0 1px var(--_color-primary);
  }
  .choice:has(input:focus-visible) {
    outline: 2px solid var(--_focus-ring-color);
    outline-offset: 2px;
  }
  .tone input {
    flex: none;
    width: 1.125rem;
    height: 1.125rem;
    margin: 0.125rem 0 0;
    accent-color: var(--_color-primary);
  }
  .choice input:focus-visible {
    outline: none;
  }
  .choice-text {
    display: flex;
    flex-direction: column;
    gap: 0.125rem;
  }
  .choice-name {
    font-weight: 600;
  }
  .choice-desc {
    color: var(--_color-text-muted);
    font-size: 0.8125rem;
    line-height: 1.35;
  }
  .ratio {
    flex-direction: column;
    align-items: center;
    gap: 0.25rem;
    padding: 0.875rem 0.5rem 0.75rem;
    text-align: center;
  }
  .ratio input {
    position: absolute;
    opacity: 0;
    pointer-events: none;
  }
  .shape {
    display: grid;
    place-items: center;
    width: 3.25rem;
    height: 3.25rem;
    margin-bottom: 0.25rem;
  }
  .shape span {
    display: block;
    border: 2px solid var(--_color-text-muted);
    border-radius: 4px;
    background: color-mix(in srgb, var(--_color-text-muted) 14%, transparent);
  }
  .ratio:has(input:checked) .shape span {
    border-color: var(--_color-primary);
    background: color-mix(in srgb, var(--_color-primary) 35%, transparent);
  }
  .ratio .choice-name {
    font-variant-numeric: tabular-nums;
  }

  /* Integrations */
  .integrations {
    display: flex;
    flex-direction: column;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .integration {
    display: grid;
    grid-template-columns: auto minmax(0, 1fr) auto;
    align-items: center;
    gap: 0.875rem;
    padding: 0.875rem 0;
    border-top: 1px solid var(--_color-border);
  }
  .integration:first-child {
    border-top: 0;
    padding-top: 0;
  }
  .provider-icon {
    display: grid;
    place-items: center;
    width: 2.75rem;
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
    min-width: 0;
  }
  .provider-name {
    font-weight: 600;
  }
  .connection {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.375rem;
    margin-top: 0.25rem;
    font-size: 0.8125rem;
    font-weight: 600;
    color: var(--_color-text-muted);
  }
  .connection-dot {
    width: 0.5rem;
    height: 0.5rem;
    border-radius: 50%;
    border: 2px solid currentColor;
  }
  [data-connected] .connection {
    color: var(--_status-completed-fg);
  }
  [data-connected] .connection-dot {
    border-color: var(--_status-completed);
    background: var(--_status-completed);
  }
  .since {
    font-weight: 400;
    color: var(--_color-text-muted);
  }

  /* The action bar sticks to the bottom of the window while there is something to save. */
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    padding: 0.75rem 1rem;
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-surface);
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
    gap: 0.5rem;
    min-width: 0;
    font-size: 0.875rem;
  }
  .status-dirty,
  .status-saved {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    font-weight: 600;
  }
  .dirty-dot {
    width: 0.5rem;
    height: 0.5rem;
    border-radius: 50%;
    background: var(--_status-queued);
  }
  .status-saved {
    color: var(--_status-completed-fg);
  }
  .status-error {
    color: var(--_status-failed-fg);
    font-weight: 600;
  }
  .status-quiet {
    color: var(--_color-text-muted);
  }

  /* Loading and errors */
  .line {
    display: block;
    height: 0.875rem;
    width: 40%;
  }
  .line.title {
    width: 25%;
    height: 1.125rem;
  }
  .block {
    display: block;
    height: 2.5rem;
    max-width: 28rem;
  }
  .error {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.75rem;
    padding: 0.875rem 1rem;
    border-radius: var(--_radius-small);
    background: var(--_status-failed-bg);
    color: var(--_status-failed-fg);
  }
  .error button {
    ${retryButton}
  }

  @container (max-width: 40rem) {
    .section {
      padding: 1rem;
    }
    .ratios {
      grid-template-columns: repeat(2, minmax(0, 1fr));
    }
    .actions .button {
      flex: 1 1 auto;
    }
  }
`;
