/** `<job-stats>`'s labels in English; a host passes its own through the `strings` property. */
export const defaultStrings = {
  total: 'Total',
  completed: 'Completed',
  processing: 'Processing',
  queued: 'Queued',
  failed: 'Failed',
  partial: 'Partial',
  label: 'Job statistics',
  loading: 'Loading job statistics',
  retry: 'Retry',
  /** Shown when the API cannot be reached at all (no answer); other errors show the API's message. */
  offline: 'Could not reach the server. Check the connection and retry.',
  unauthorized: 'Sign in to see your jobs.',
  updated: (parts: string) => `Jobs: ${parts}`,
  /** One changed card in that announcement: `3 completed`. */
  cardCount: (n: string, label: string) => `${n} ${label.toLowerCase()}`,
};
