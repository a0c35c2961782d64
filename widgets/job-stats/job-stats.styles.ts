import { css } from 'lit';
import { retryButton } from '../base/shared.styles.ts';

export const styles = css`
  .cards {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(var(--gs-job-stats-min-card-width, 8.5rem), 1fr));
    gap: calc(var(--_space) * 0.75);
    margin: 0;
  }
  .card {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    min-width: 0;
    padding: var(--_space);
    border: 1px solid var(--_color-border);
    border-radius: var(--_radius);
    background: var(--_color-surface);
    box-shadow: var(--_shadow);
  }
  .label {
    display: flex;
    align-items: center;
    gap: 0.5em;
    color: var(--_color-text-muted);
    font-size: 0.8125rem;
    font-weight: 500;
  }
  .value {
    margin: 0;
    font-size: 1.75rem;
    font-weight: 700;
    line-height: 1.15;
    font-variant-numeric: tabular-nums;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .value-skeleton {
    display: block;
    width: 3ch;
    height: 1.75rem;
  }
  .dot {
    width: 0.5rem;
    height: 0.5rem;
    border-radius: 50%;
    background: var(--_card-color, var(--_color-primary));
    flex: none;
  }
  [data-card='total'] {
    --_card-color: var(--_color-accent);
  }
  [data-card='completed'] {
    --_card-color: var(--_status-completed);
  }
  [data-card='processing'] {
    --_card-color: var(--_status-processing);
  }
  [data-card='processing'][data-active] .dot {
    animation: gs-pulse 1.2s ease-in-out infinite;
  }
  [data-card='queued'] {
    --_card-color: var(--_status-queued);
  }
  [data-card='failed'] {
    --_card-color: var(--_status-failed);
  }
  [data-card='partial'] {
    --_card-color: var(--_status-partial);
  }
  .card {
    border-top: 3px solid var(--_card-color);
  }
  .error {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    margin-top: 0.75rem;
    padding: 0.625rem 0.875rem;
    border-radius: var(--_radius-small);
    background: var(--_status-failed-bg);
    color: var(--_status-failed-fg);
  }
  button {
    ${retryButton}
  }
`;
