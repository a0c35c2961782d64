import { sql, type AnyColumn } from 'drizzle-orm';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import { ownerParts } from '../auth/caller.ts';
import { jobs, projects } from '../db/schema/index.ts';
import { iso } from '../schemas/common.ts';
import { parseJsonObject } from '../lib/json-object.ts';
import { roundCredits } from '../lib/numbers.ts';
import { signFileUrl } from '../lib/file-urls.ts';
import type { JobView } from '../services/jobs.ts';
import type { UrlContext } from '../lib/url-context.ts';

/**
 * The asset that pictures a job: its own `thumbnail` asset, else its first image (oldest first,
 * like `jobFiles`). One probe of `assets_job` per job; written with explicit qualifiers because
 * drizzle leaves columns unqualified in single-table selects.
 */
export const jobThumbnailSql = sql.raw(`coalesce(
  (select t.id from assets t where t.job_id = "jobs"."id" and t.deleted_at is null and t.blob_key is not null and t.asset_type = 'thumbnail' order by t.created_at, t.id limit 1),
  (select t.id from assets t where t.job_id = "jobs"."id" and t.deleted_at is null and t.blob_key is not null and t.kind = 'image' order by t.created_at, t.id limit 1))`);

/** A signed URL for a job's thumbnail asset (same owner as the job), or null. */
export function thumbnailUrl(owner: string, assetId: string | null, urls: UrlContext): Promise<string> | null {
  return assetId ? signFileUrl(urls.secret, urls.base, { id: assetId, owner }, urls.now, urls.ttlSeconds) : null;
}

/** The canonical snake_case Job (seed 001's fields plus genshelf's). */
export async function toJob(j: JobView, urls: UrlContext) {
  return {
    id: j.id,
    ...ownerParts(j.owner),
    app_id: j.appId,
    project_id: j.projectId,
    project_name: j.projectName,
    brand_kit_id: j.brandKitId,
    asset_type: j.assetType,
    task_id: j.taskId,
    prompt: j.prompt,
    params: parseJsonObject(j.params),
    status: j.status,
    progress: j.progress,
    error_message: j.errorMessage,
    credit_used: roundCredits(j.creditUsed),
    retry_of: j.retryOf,
    created_at: iso(j.createdAt)!,
    updated_at: iso(j.updatedAt)!,
    completed_at: iso(j.completedAt),
    deleted_at: iso(j.deletedAt),
    thumbnail_url: await thumbnailUrl(j.owner, j.thumbnailAssetId, urls),
  };
}

export type JobJson = Awaited<ReturnType<typeof toJob>>;

/**
 * A page of jobs as one JSON array text: each job's JSON comes from SQLite (`jobJsonSql`, which
 * ends before `thumbnail_url`) and only the signed thumbnail URL is spliced in here.
 */
export async function jobsJsonArray(rows: { json: string; owner: string; thumbnailAssetId: string | null }[], urls: UrlContext): Promise<string> {
  const items = await Promise.all(rows.map(async (r) => `${r.json.slice(0, -1)},"thumbnail_url":${JSON.stringify(await thumbnailUrl(r.owner, r.thumbnailAssetId, urls))}}`));
  return `[${items.join(',')}]`;
}

/** Epoch ms → ISO 8601 like `Date#toISOString` (SQLite rounds to whole ms internally; NULL stays NULL). */
const isoSql = (c: AnyColumn) => sql`strftime('%Y-%m-%dT%H:%M:%fZ', ${c} / 1000.0, 'unixepoch')`;

/**
 * `toJob` written as a SQLite `json_object` over `jobs` left-joined with `projects`: list pages
 * are built as one JSON text by SQLite, which skips converting ~400 values per page through the
 * driver (the largest cost of a list request). The jobs contract checks that a list item and
 * `GET /api/v1/jobs/:id` (which uses `toJob`) are identical.
 */
const jobJsonTemplate = sql`json_object(
  'id', ${jobs.id},
  'user_id', case when substr(${jobs.owner}, 1, 5) = 'user:' then substr(${jobs.owner}, 6) end,
  'session_id', case when substr(${jobs.owner}, 1, 5) = 'anon:' then substr(${jobs.owner}, 6) end,
  'app_id', ${jobs.appId},
  'project_id', ${jobs.projectId},
  'project_name', ${projects.name},
  'brand_kit_id', ${jobs.brandKitId},
  'asset_type', ${jobs.assetType},
  'task_id', ${jobs.taskId},
  'prompt', ${jobs.prompt},
  'params', json(${jobs.params}),
  'status', ${jobs.status},
  'progress', ${jobs.progress},
  'error_message', ${jobs.errorMessage},
  'credit_used', round(${jobs.creditUsed}, 4),
  'retry_of', ${jobs.retryOf},
  'created_at', ${isoSql(jobs.createdAt)},
  'updated_at', ${isoSql(jobs.updatedAt)},
  'completed_at', ${isoSql(jobs.completedAt)},
  'deleted_at', ${isoSql(jobs.deletedAt)})`;

/** Rendered to SQL text once (it has no parameters), so requests don't re-walk ~100 template chunks. */
export const jobJsonSql = sql.raw(new SQLiteAsyncDialect().sqlToQuery(jobJsonTemplate).sql);
