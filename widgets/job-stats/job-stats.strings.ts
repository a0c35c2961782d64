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
  unauthorized: 'Sign in to see your jobs.',
  updated: (parts: string) => `Jobs: ${parts}`,
  /** One changed card in that announcement: `3 completed`. */
  cardCount: (n: string, label: string) => `${n} ${label.toLowerCase()}`,
};
