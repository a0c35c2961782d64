/**
 * The shape of a locale's catalogue: every element's labels (the English ones in its
 * `<tag>.strings.ts` are the reference) and the claim's, which every element may say. Types only:
 * a catalogue chunk carries its own text and nothing of the bundle.
 */
import type { defaultStrings as assetGallery } from '../asset-gallery/asset-gallery.strings.ts';
import type { ClaimStrings } from '../base/claim-controller.ts';
import type { defaultStrings as generationHistory } from '../generation-history/generation-history.strings.ts';
import type { defaultStrings as jobStats } from '../job-stats/job-stats.strings.ts';
import type { defaultStrings as mediaPreview } from '../media-preview/media-preview.strings.ts';
import type { defaultStrings as myWork } from '../my-work/my-work.strings.ts';
import type { defaultStrings as projectList } from '../project-list/project-list.strings.ts';
import type { defaultStrings as recentWork } from '../recent-work/recent-work.strings.ts';
import type { defaultStrings as usageInsights } from '../usage-insights/usage-insights.strings.ts';
import type { defaultStrings as userSettings } from '../user-settings/user-settings.strings.ts';

export interface Catalog {
  claim: ClaimStrings;
  'asset-gallery': typeof assetGallery;
  'generation-history': typeof generationHistory;
  'job-stats': typeof jobStats;
  'media-preview': typeof mediaPreview;
  'my-work': typeof myWork;
  'project-list': typeof projectList;
  'recent-work': typeof recentWork;
  'usage-insights': typeof usageInsights;
  'user-settings': typeof userSettings;
}
