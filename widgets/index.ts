/**
 * genshelf's elements as classes, without registering any tag: for hosts that register them
 * under their own names (`JobStats.define('acme-job-stats')`) or extend them.
 * `genshelf.ts` is the self-registering bundle.
 */
export { ApiClient, ApiError, clientFor, type ApiResponse, type Credentials } from './base/api-client.ts';
export { apiClientContext } from './base/context.ts';
export type { ClaimedCounts, GsEventMap, GsEventName } from './base/events.ts';
export { formatBytes, formatDateTime, formatNumber, formatRelativeTime } from './base/format.ts';
export { GsElement, type Theme } from './base/gs-element.ts';
export { PollingController, type PollingOptions } from './base/polling-controller.ts';
export { ClaimController, claimStrings, type ClaimOptions } from './base/claim-controller.ts';
export { UsageRecorder, usageRecorder, type UsageEventType } from './base/usage-events.ts';
export { PagedListController, type ListMerge, type PagedListOptions } from './base/paged-list-controller.ts';
export { assetsEndpoint, cursorEndpoint, jobsEndpoint, offsetEndpoint, userGenerationsEndpoint, type ListEndpoint, type Page } from './base/list-endpoint.ts';
export { assetDownloadFilter, downloadFilter, filterKey, filterQuery, isFiltered, type ListFilter } from './base/list-filter.ts';
export { SelectionController, type SelectionOptions } from './base/selection-controller.ts';
export { GridWindow, type GridWindowOptions } from './base/grid-window.ts';
export { RovingFocusController, type RovingFocusOptions } from './base/roving-focus-controller.ts';
export { assetsTrash, BulkActionsController, bulkActionStyles, bulkStrings, jobsTrash, type BulkActionsOptions, type TrashApi } from './base/bulk-actions-controller.ts';
export { appColor, appColors, tokenStyles } from './base/tokens.styles.ts';
export type { AppInfo, Asset, GenerationItem, GenerationStatus, Job, JobsPage, JobStatsData, JobStatus, UserSettingsData, Project, InsightStats, InsightTotals, InsightChart, ChartMetric, TopAsset, UserGeneration, GenerationMedia } from './base/types.ts';
export { AssetGallery, type GroupBy } from './asset-gallery/asset-gallery.ts';
export { GenerationHistory, type HistoryType } from './generation-history/generation-history.ts';
export { JobStats } from './job-stats/job-stats.ts';
export { MediaPreview, type PreviewItem } from './media-preview/media-preview.ts';
export { MyWork, type MyWorkFilters } from './my-work/my-work.ts';
export { ProjectList, type ProjectFilters } from './project-list/project-list.ts';
export { RecentWork } from './recent-work/recent-work.ts';
export { UsageInsights } from './usage-insights/usage-insights.ts';
export { UserSettings, type Connection } from './user-settings/user-settings.ts';
export { aspectRatios, integrationNames, tones, type AspectRatio, type IntegrationName, type Tone } from './user-settings/options.ts';
