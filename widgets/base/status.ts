import { css, html, type TemplateResult } from 'lit';
import { statusKey } from './tokens.styles.ts';

/** English labels for the statuses (elements take overrides through their `strings`). */
export const statusLabels = {
  completed: 'Completed',
  processing: 'Processing',
  queued: 'Queued',
  failed: 'Failed',
  partial: 'Partial',
};

/** A status pill: coloured dot + text (colour is never the only signal); processing pulses. */
export function statusBadge(status: string, labels: typeof statusLabels = statusLabels): TemplateResult {
  const key = statusKey(status);
  return html`<span part="badge badge-${key}" class="badge" data-status=${key}><span class="dot" aria-hidden="true"></span>${labels[key] ?? status}</span>`;
}

export const statusBadgeStyles = css`
  .badge {
    display: inline-flex;
    align-items: center;
    gap: 0.375em;
    padding: 0.125rem 0.5rem;
    border-radius: 999px;
    font-size: 0.8125rem;
    font-weight: 600;
    white-space: nowrap;
    background: var(--_badge-bg);
    color: var(--_badge-fg);
  }
  .dot {
    width: 0.5rem;
    height: 0.5rem;
    border-radius: 50%;
    background: var(--_badge-dot);
    flex: none;
  }
  [data-status='completed'] {
    --_badge-bg: var(--_status-completed-bg);
    --_badge-fg: var(--_status-completed-fg);
    --_badge-dot: var(--_status-completed);
  }
  [data-status='processing'] {
    --_badge-bg: var(--_status-processing-bg);
    --_badge-fg: var(--_status-processing-fg);
    --_badge-dot: var(--_status-processing);
  }
  [data-status='processing'] .dot {
    animation: gs-pulse 1.2s ease-in-out infinite;
  }
  [data-status='queued'] {
    --_badge-bg: var(--_status-queued-bg);
    --_badge-fg: var(--_status-queued-fg);
    --_badge-dot: var(--_status-queued);
  }
  [data-status='failed'] {
    --_badge-bg: var(--_status-failed-bg);
    --_badge-fg: var(--_status-failed-fg);
    --_badge-dot: var(--_status-failed);
  }
  [data-status='partial'] {
    --_badge-bg: var(--_status-partial-bg);
    --_badge-fg: var(--_status-partial-fg);
    --_badge-dot: var(--_status-partial);
  }
`;
