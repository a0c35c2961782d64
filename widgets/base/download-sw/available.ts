/**
 * Whether the service-worker download can work here, before anything is loaded for it (it lives in
 * the widget bundle; everything else of the service-worker path is loaded from the API's origin).
 */

/** Why no service worker can be used for downloads from `api` on this page, or undefined. */
export function unavailableReason(api: URL): string | undefined {
  if (!globalThis.isSecureContext || !navigator.serviceWorker) return 'no service workers on this page';
  // Secure contexts: https, and http only on loopback (as browsers treat it).
  const local = /^(localhost|.+\.localhost|127(\.\d+){3}|\[::1\])$/.test(api.hostname);
  if (api.protocol !== 'https:' && !(api.protocol === 'http:' && local)) return `${api.origin} is not a secure origin`;
  return undefined;
}

/** Where the API serves client.ts as built (dist/download-client.js). */
export const CLIENT_PATH = '/widgets/download-client.js';
