import { claimStrings } from '../base/claim-controller.ts';
import type { Plural } from '../base/format.ts';
import { statusLabels } from '../base/status.ts';

/** `<generation-history>`'s labels in English; a host passes its own through the `strings` property. */
export const defaultStrings = {
  ...statusLabels,
  ...claimStrings,
  heading: 'Previous generations',
  /** The count under the title, by `type`. */
  count: {
    video: { one: '{n} video', other: '{n} videos' },
    image: { one: '{n} image', other: '{n} images' },
    all: { one: '{n} generation', other: '{n} generations' },
  } as Record<string, Plural>,
  gridLabel: 'Previous generations',
  empty: { video: 'No videos yet', image: 'No images yet', all: 'Nothing generated yet' } as Record<string, string>,
  cta: { video: 'Generate your first video', image: 'Generate your first image', all: 'Generate something' } as Record<string, string>,
  emptyHint: 'What you generate appears here, newest first — kept in this browser until you sign in.',
  emptyHintSignedIn: 'What you generate appears here, newest first, on every device you sign in on.',
  loading: 'Loading your generations',
  loadingMore: 'Loading more',
  loadMore: 'Load more',
  retry: 'Retry',
  /** Shown when the API cannot be reached at all (no answer); other errors show the API's message. */
  offline: 'Could not reach the server. Check the connection and retry.',
  unauthorized: 'Sign in to see your generations.',
  untitled: 'Untitled',
  progress: 'Progress',
  waiting: 'Waiting to start',
  play: (prompt: string) => `Play ${prompt}`,
  open: (prompt: string) => `Open ${prompt}`,
  kinds: { video: 'Video', image: 'Image' } as Record<string, string>,
  notReady: 'This one is still being generated — it opens once it is done.',
  failedOpen: (why: string) => `This generation failed: ${why}`,
  noOutput: 'This generation has nothing to show.',
  added: { one: '{n} new generation', other: '{n} new generations' } as Plural,
  nowStatus: (prompt: string, status: string) => `${prompt}: ${status}`,
  linkRenewed: 'The video link had expired; it was renewed.',
};

export type HistoryStrings = typeof defaultStrings;
