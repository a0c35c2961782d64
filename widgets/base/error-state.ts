import { html } from 'lit';
import { ApiError } from './api-client.ts';

/**
 * The error state every element shows when loading failed: what went wrong (a sign-in hint for
 * a 401, a connection hint in the element's language when the API gave no answer, else the API's
 * message) and a Retry button (parts `error` and `retry-button`).
 */
export function errorState(error: unknown, labels: { unauthorized: string; retry: string; offline: string }, retry: () => void) {
  const message =
    error instanceof ApiError && error.status === 401
      ? labels.unauthorized
      : error instanceof ApiError && error.status === 0
        ? labels.offline
        : error instanceof Error
          ? error.message
          : String(error);
  return html`<div part="error" class="error" role="alert">
    <span>${message}</span>
    <button part="retry-button" type="button" @click=${retry}>${labels.retry}</button>
  </div>`;
}
