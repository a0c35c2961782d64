import { ownerParts } from '../auth/caller.ts';
import { iso } from '../schemas/common.ts';
import { roundCredits, type JobView } from '../services/jobs.ts';

function parseParams(raw: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(raw);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The canonical snake_case Job (seed 001's fields plus genshelf's). */
export function toJob(j: JobView) {
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
    params: parseParams(j.params),
    status: j.status,
    progress: j.progress,
    error_message: j.errorMessage,
    credit_used: roundCredits(j.creditUsed),
    retry_of: j.retryOf,
    created_at: iso(j.createdAt)!,
    updated_at: iso(j.updatedAt)!,
    completed_at: iso(j.completedAt),
    deleted_at: iso(j.deletedAt),
  };
}

export type JobJson = ReturnType<typeof toJob>;
