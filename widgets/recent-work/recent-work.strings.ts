import { statusLabels } from '../base/status.ts';

/** `<recent-work>`'s labels in English; a host passes its own through the `strings` property. */
export const defaultStrings = {
  ...statusLabels,
  label: 'Recent work',
  loading: 'Loading recent work',
  empty: 'Nothing generated yet. Your latest generations will show up here.',
  retry: 'Retry',
  /** Shown when the API cannot be reached at all (no answer); other errors show the API's message. */
  offline: 'Could not reach the server. Check the connection and retry.',
  unauthorized: 'Sign in to see your work.',
  untitled: 'Untitled',
  download: (name: string) => `Download ${name}`,
  downloadFailed: (name: string) => `Could not download ${name}`,
  nowStatus: (name: string, status: string) => `${name}: ${status}`,
};
