import { bulkStrings } from '../base/bulk-actions-controller.ts';
import { selectionStrings } from '../base/selection-bar.ts';
import type { Plural } from '../base/format.ts';
import { statusLabels } from '../base/status.ts';

/** `<my-work>`'s labels in English; a host passes its own through the `strings` property. */
export const defaultStrings = {
  ...statusLabels,
  ...bulkStrings,
  ...selectionStrings,
  label: 'My work',
  total: 'Total',
  /** The stats strip's labels on a phone (one compact row). */
  short: { total: 'Total', completed: 'Done', processing: 'Running', queued: 'Queued', failed: 'Failed', partial: 'Partial' },
  search: 'Search prompts and projects',
  app: 'App',
  allApps: 'All apps',
  status: 'Status',
  allStatuses: 'All statuses',
  kind: 'Type',
  allKinds: 'All types',
  kinds: { video: 'Videos', image: 'Images', text: 'Texts' },
  sort: 'Sort',
  newest: 'Newest first',
  oldest: 'Oldest first',
  name: 'Name (A–Z)',
  view: 'View',
  grid: 'Grid',
  list: 'List',
  loading: 'Loading your work',
  loadingMore: 'Loading more',
  empty: 'Nothing generated yet. Everything you make in any app shows up here.',
  noMatch: 'Nothing matches these filters.',
  clearFilters: 'Clear filters',
  retry: 'Retry',
  /** Shown when the API cannot be reached at all (no answer); other errors show the API's message. */
  offline: 'Could not reach the server. Check the connection and retry.',
  unauthorized: 'Sign in to see your work.',
  untitled: 'Untitled',
  noPrompt: 'No prompt',
  failedNoReason: 'Failed without a reason given',
  filters: 'Filters',
  select: 'Select',
  downloadOne: (name: string) => `Download ${name}`,
  open: (name: string) => `Preview ${name}`,
  regenerate: (name: string) => `Regenerate ${name}`,
  nothingToPreview: 'Nothing to preview: this job has no outputs yet.',
  failedNothing: (error: string) => `Nothing to preview: this job failed (${error}).`,
  nowStatus: (name: string, status: string) => `${name}: ${status}`,
  progress: (name: string) => `${name} progress`,
  added: { one: '{n} new item', other: '{n} new items' } as Plural,
};
