/**
 * genshelf's elements as classes, without registering any tag: for hosts that register them
 * under their own names (`JobStats.define('acme-job-stats')`) or extend them.
 * `genshelf.ts` is the self-registering bundle.
 */
export { ApiClient, ApiError, clientFor, type ApiResponse, type Credentials } from './base/api-client.ts';
export { apiClientContext } from './base/context.ts';
export type { GsEventMap, GsEventName } from './base/events.ts';
export { formatBytes, formatDateTime, formatNumber, formatRelativeTime } from './base/format.ts';
export { GsElement, type Theme } from './base/gs-element.ts';
export { PollingController, type PollingOptions } from './base/polling-controller.ts';
export { UsageRecorder, usageRecorder, type UsageEventType } from './base/usage-events.ts';
export { appColor, appColors, tokenStyles } from './base/tokens.styles.ts';
export type { AppInfo, Asset, GenerationItem, GenerationStatus, Job, JobsPage, JobStatsData, JobStatus } from './base/types.ts';
export { JobStats } from './job-stats/job-stats.ts';
export { MediaPreview, type PreviewItem } from './media-preview/media-preview.ts';
export { MyWork, type MyWorkFilters } from './my-work/my-work.ts';
export { RecentWork } from './recent-work/recent-work.ts';
