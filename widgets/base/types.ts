import type { AspectRatio, IntegrationName, Tone } from '../user-settings/options.ts';

/** The API's shapes the widgets read (see the OpenAPI document at /api/v1/openapi.json). */

/** `GET /api/v1/jobs/stats` (and `/api/me/jobs/stats`'s counts). */
export interface JobStatsData {
  total: number;
  queued: number;
  processing: number;
  completed: number;
  failed: number;
  partial: number;
  credits_used: number;
}

/** Seed 000's unified generation, from `GET /api/generations` and `/recent`. */
export interface GenerationItem {
  id: string;
  appId: string;
  appName: string;
  /** An emoji (the elements draw their own icons: widgets/base/app-icon.ts). */
  appIcon: string;
  /** A colour name from the app registry (`purple`, `blue`, …) or any CSS colour. */
  appColor: string;
  projectId: string | null;
  projectName: string | null;
  status: GenerationStatus;
  /** Signed URLs of the output files (valid for the API's FILE_URL_TTL_S). */
  outputPaths: string[];
  /** The asset ids of `outputPaths`, in the same order. */
  outputIds: string[];
  thumbnailUrl: string | null;
  creditUsed: number;
  createdAt: string;
  completedAt: string | null;
  fileCount: number;
  totalSize: number | null;
}

export type GenerationStatus = 'pending' | 'processing' | 'completed' | 'failed' | 'partial';
export type JobStatus = 'queued' | 'processing' | 'completed' | 'failed' | 'partial';

/** `GET /api/v1/apps`. */
export interface AppInfo {
  id: string;
  name: string;
  /** A short text icon (an emoji), or ''. */
  icon: string;
  /** What to show in an `<img>`: the app's SVG icon served by the API, or its image URL; null without one. */
  image_url: string | null;
  color: string;
  description: string;
  /** "Open in app": an http(s) link with `{job_id}`, `{project_id}`, `{app_id}`, or null. */
  href_template: string | null;
}

/** `POST /api/v1/sessions/anonymous`. */
export interface AnonymousSession {
  token: string;
  session_id: string;
  expires_at: string;
}

/** The API's one error body. */
export interface ApiErrorBody {
  error: string;
  message: string;
  request_id?: string;
  details?: { field: string; message: string }[];
}

/** `GET /api/v1/assets/:id` (and each item of `/api/v1/jobs/:id/assets`). */
export interface Asset {
  id: string;
  job_id: string | null;
  kind: 'image' | 'video' | 'text' | string;
  asset_type: string | null;
  title: string | null;
  mime: string | null;
  /** A signed URL (expires after the API's FILE_URL_TTL_S; 403 then). */
  url: string | null;
  download_url: string | null;
  /** When `url` and `download_url` stop working (ISO 8601). */
  url_expires_at?: string | null;
  /** A stable link without expiry, only while the asset is public. */
  public_url: string | null;
  width: number | null;
  height: number | null;
  duration: number | null;
  file_size: number | null;
  is_public: boolean;
  favorite: boolean;
  text: string | null;
  created_at: string;
}

/** The canonical Job of `GET /api/v1/jobs`. */
export interface Job {
  id: string;
  user_id: string | null;
  app_id: string;
  project_id: string | null;
  project_name: string | null;
  asset_type: string | null;
  prompt: string | null;
  params: Record<string, unknown> | null;
  status: JobStatus;
  progress: number | null;
  error_message: string | null;
  credit_used: number;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
  thumbnail_url: string | null;
}

/** A page of `GET /api/v1/jobs`. */
export interface JobsPage {
  jobs: Job[];
  total: number;
  limit: number;
  offset: number | null;
  next_cursor: string | null;
  has_more: boolean;
}

/** `GET /api/v1/user/settings` (seed 004 story 6.3). */
export interface UserSettingsData {
  preferences: { language: string; tone: Tone; aspect_ratio: AspectRatio };
  integrations: Record<IntegrationName, { connected: boolean; store_name: string | null; connected_at: string | null }>;
  updated_at: string;
}

/** The totals of one period in `GET /api/v1/insights/stats`. */
export interface InsightTotals {
  views: number;
  clicks: number;
  /** clicks / views (4 decimals); null without views. */
  ctr: number | null;
  downloads: number;
  shares: number;
  conversions: number;
  /** conversions / clicks; null without clicks. */
  conversion_rate: number | null;
  generations: { total: number; by_status: Record<JobStatus, number>; by_app: Record<string, number> };
  credits_used: number;
  /** Bytes stored at the period's end. */
  storage_used: number;
}

/** `GET /api/v1/insights/stats`. */
export interface InsightStats {
  period: { from: string; to: string };
  previous_period: { from: string; to: string };
  current: InsightTotals;
  previous: InsightTotals;
  /** (current - previous) / previous per number; null when the previous period had none. */
  change: Record<'views' | 'clicks' | 'ctr' | 'downloads' | 'shares' | 'conversions' | 'conversion_rate' | 'generations' | 'credits_used' | 'storage_used', number | null>;
  storage_used: number;
  /** The storage quota and what counts against it (the trash too), as `GET /api/v1/usage` answers. */
  quota: Usage;
}

/** `GET /api/v1/usage`: the caller's stored files against their quota. */
export interface Usage {
  /** Bytes of stored files, the trash included until it is purged. */
  used_bytes: number;
  /** Of `used_bytes`, the files in the trash. */
  trash_bytes: number;
  /** null: no limit. */
  quota_bytes: number | null;
}

/** The metrics `GET /api/v1/insights/charts` draws. */
export type ChartMetric = 'views' | 'clicks' | 'downloads' | 'shares' | 'conversions' | 'generations' | 'credits_used';

/** `GET /api/v1/insights/charts`: one value per local day, oldest first, zero-filled. */
export interface InsightChart {
  metric: ChartMetric;
  tz: string;
  series: { date: string; value: number }[];
}

/** One of `GET /api/v1/insights/top-assets`'s assets. */
export interface TopAsset {
  id: string;
  job_id: string;
  kind: string;
  title: string | null;
  app_id: string;
  app_name: string | null;
  app_color: string | null;
  url: string | null;
  thumbnail_url: string | null;
  value: number;
}

/** A project of `GET /api/v1/projects` (seed 004 story 6.1). */
export interface Project {
  id: string;
  app_id: string | null;
  name: string;
  type: string;
  status: 'active' | 'archived';
  job_count: number;
  /** Live assets of its jobs: what goes to the trash with it. */
  asset_count: number;
  last_job_at: string | null;
  /** Its thumbnail, else its newest image (signed); null when it has none. */
  thumbnail_url: string | null;
  created_at: string;
  updated_at: string;
}

/** The main output of a seed 002 generation: a video behind its opaque `/video/…` link, or an image's signed URL. */
export interface GenerationMedia {
  asset_id: string;
  kind: 'video' | 'image';
  url: string;
  /** The same, saved as a file. */
  download_url: string;
  mime: string | null;
  /** Seconds. */
  duration: number | null;
  width: number | null;
  height: number | null;
}

/** One generation of seed 002's `GET /api/user-generations` (a signed-in user's or an anonymous session's). */
export interface UserGeneration {
  id: string;
  user_id: string | null;
  session_id: string | null;
  /** The app that made it (seed 002's "generation type"). */
  generation_type: string;
  prompt: string;
  /** `…/video/<uuid>`: plays without a token until it expires (the API answers 404/410 then; list it again). */
  proxy_url: string | null;
  task_id: string | null;
  generation_params: Record<string, unknown>;
  status: JobStatus;
  /** Percent, while processing. */
  progress: number | null;
  error_message: string | null;
  thumbnail_url: string | null;
  created_at: string;
  completed_at: string | null;
  is_active: boolean;
  media: GenerationMedia | null;
}
