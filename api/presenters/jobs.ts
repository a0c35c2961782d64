import { ownerParts } from '../auth/caller.ts';
import { iso } from '../schemas/common.ts';
import { parseJsonObject } from '../lib/json-object.ts';
import { roundCredits } from '../lib/numbers.ts';
import type { JobJsonRow, JobView } from '../services/jobs/list.ts';
import type { UrlContext } from '../lib/url-context.ts';
import { fileUrl } from './files.ts';

/** A signed URL for a job's thumbnail asset (same owner as the job), or null. */
export function thumbnailUrl(owner: string, assetId: string | null, urls: UrlContext): Promise<string> | null {
  return assetId ? fileUrl(urls, { id: assetId, owner }) : null;
}

/** The canonical snake_case Job (seed 001's fields plus genshelf's); `jobJsonSql` in api/services/jobs/columns.ts is its SQLite twin. */
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
 * A page of the owner's jobs as one JSON array text: each job's JSON comes from SQLite (`jobJsonSql`, which
 * ends before `thumbnail_url`) and only the signed thumbnail URL is spliced in here.
 */
export async function jobsJsonArray(owner: string, rows: JobJsonRow[], urls: UrlContext): Promise<string> {
  const items = await Promise.all(rows.map(async (r) => `${r.json.slice(0, -1)},"thumbnail_url":${JSON.stringify(await thumbnailUrl(owner, r.thumbnailAssetId, urls))}}`));
  return `[${items.join(',')}]`;
}
