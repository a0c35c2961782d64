import { statusLabels } from '../base/status.ts';

/** `<recent-work>`'s labels in English; a host passes its own through the `strings` property. */
export const defaultStrings = {
  ...statusLabels,
  label: 'Recent work',
  loading: 'Loading recent work',
  empty: 'Nothing generated yet. Your latest generations will show up here.',
  retry: 'Retry',
  unauthorized: 'Sign in to see your work.',
  untitled: 'Untitled',
  download: (name: string) => `Download ${name}`,
  downloadFailed: (name: string) => `Could not download ${name}`,
  nowStatus: (name: string, status: string) => `${name}: ${status}`,
};
