/**
 * Writes to jobs and who may make them: access checks (403 vs 404 vs 410), the trash and its
 * restore, and ingest (create, progress/status reports, retry).
 */
import { and, eq, gte, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { apps, assets, jobs, projects, terminalStatuses, type JobStatus } from '../../db/schema/index.ts';
import type { Caller } from '../../auth/caller.ts';
import { ApiError } from '../../errors.ts';
import { randomId } from '../../lib/crypto.ts';
import type { JobCreateInput, JobPatchInput } from '../../schemas/jobs.ts';
import { inJsonList, notIndexed, ownLiveForIdList } from '../sql.ts';
import type { JobView } from './columns.ts';
import { findJob, findJobAnyOwner } from './list.ts';

export type Access = 'mine' | 'foreign' | 'missing' | 'trashed';

/**
 * Whether a job id is the caller's, someone else's, trashed or unknown — compared in SQL,
 * so no other owner's data is ever read into the app (seed 001 wants 403 vs 404).
 */
export async function jobAccess(db: Db, owner: string | null, id: string): Promise<Access> {
  const [row] = await db
    .select({ mine: owner === null ? sql<number>`1` : sql<number>`${jobs.owner} = ${owner}`, trashed: sql<number>`${jobs.deletedAt} is not null` })
    .from(jobs)
    .where(eq(jobs.id, id))
    .limit(1);
  if (!row) return 'missing';
  if (!Number(row.mine)) return 'foreign';
  return Number(row.trashed) ? 'trashed' : 'mine';
}

/**
 * The live job an ingest call acts on, with its owner: any job for a service (its credential
 * names no owner), only their own for users — 404 unknown, 403 someone else's, 410 trashed.
 */
export async function jobForIngest(db: Db, caller: Caller, id: string): Promise<{ id: string; owner: string }> {
  if (caller.kind !== 'service') {
    const access = await jobAccess(db, caller.owner, id);
    if (access === 'foreign') throw new ApiError('forbidden', 'You do not own this job');
    if (access === 'missing') throw new ApiError('not_found', 'Job not found');
    if (access === 'trashed') throw new ApiError('gone', 'The job was deleted by its owner');
    return { id, owner: caller.owner };
  }
  const [job] = await db.select({ id: jobs.id, owner: jobs.owner, deletedAt: jobs.deletedAt }).from(jobs).where(eq(jobs.id, id)).limit(1);
  if (!job) throw new ApiError('not_found', 'Job not found');
  if (job.deletedAt !== null) throw new ApiError('gone', 'The job was deleted by its owner');
  return { id: job.id, owner: job.owner };
}

/** Throws the right 404/403 unless the job is the owner's and live. */
export async function requireOwnJob(db: Db, owner: string, id: string, foreign: 'forbidden' | 'not_found' = 'forbidden'): Promise<void> {
  const access = await jobAccess(db, owner, id);
  if (access === 'mine') return;
  if (access === 'foreign' && foreign === 'forbidden') throw new ApiError('forbidden', 'You do not own this job');
  throw new ApiError('not_found', 'Job not found');
}

/** Moves live jobs (and their live assets) to the trash in one atomic batch. */
export async function trashJobs(db: Db, owner: string, ids: string[], now: number): Promise<string[]> {
  const [trashed] = await db.batch([
    db
      .update(jobs)
      .set({ deletedAt: now })
      .where(and(ownLiveForIdList(jobs, owner), inJsonList(jobs.id, ids)))
      .returning({ id: jobs.id }),
    db
      .update(assets)
      .set({ deletedAt: now })
      .where(and(ownLiveForIdList(assets, owner), inJsonList(assets.jobId, ids))),
  ]);
  return trashed.map((r) => r.id);
}

/**
 * Trashes one of the owner's live jobs (with its assets), or throws what `requireOwnJob` throws:
 * the seed surfaces' delete. `foreign: 'not_found'` answers another owner's job like an unknown one.
 */
export async function trashOwnJob(db: Db, owner: string, id: string, now: number, foreign: 'forbidden' | 'not_found' = 'forbidden'): Promise<boolean> {
  await requireOwnJob(db, owner, id, foreign);
  return (await trashJobs(db, owner, [id], now)).length > 0;
}

/**
 * Brings jobs back from the trash (within the retention window), with exactly the assets that
 * went to the trash together with them — an asset trashed on its own earlier stays there.
 */
export async function restoreJobs(db: Db, owner: string, ids: string[], now: number, retentionMs: number): Promise<string[]> {
  const cutoff = now - retentionMs;
  const [, restored] = await db.batch([
    db
      .update(assets)
      .set({ deletedAt: null })
      .where(
        and(
          eq(notIndexed(assets.owner), owner),
          inJsonList(assets.jobId, ids),
          sql`${notIndexed(assets.deletedAt)} = (select j.deleted_at from jobs j where j.id = ${assets.jobId} and j.owner = ${owner} and j.deleted_at >= ${cutoff})`,
        ),
      ),
    db
      .update(jobs)
      .set({ deletedAt: null })
      .where(and(eq(notIndexed(jobs.owner), owner), inJsonList(jobs.id, ids), isNotNull(notIndexed(jobs.deletedAt)), gte(notIndexed(jobs.deletedAt), cutoff)))
      .returning({ id: jobs.id }),
  ]);
  return restored.map((r) => r.id);
}

async function requireApp(db: Db, appId: string): Promise<void> {
  const [app] = await db.select({ id: apps.id }).from(apps).where(eq(apps.id, appId)).limit(1);
  if (!app) throw new ApiError('validation_error', 'Unknown app', { details: [{ field: 'app_id', message: `no app "${appId}" is registered (see GET /api/v1/apps)` }] });
}

async function requireProject(db: Db, owner: string, projectId: string): Promise<void> {
  const [p] = await db
    .select({ id: projects.id })
    .from(projects)
    .where(and(eq(projects.id, projectId), eq(projects.owner, owner), isNull(projects.deletedAt)))
    .limit(1);
  if (!p) throw new ApiError('validation_error', 'Unknown project', { details: [{ field: 'project_id', message: 'no such project for this owner' }] });
}

/**
 * Records a new job (ingest). `project_name` creates the project on first use; `task_id` makes
 * the call idempotent within `scope` (see `taskScope`): a repeat returns the first job with
 * `created: false`. Another scope's task ids are invisible here.
 */
export async function createJob(db: Db, owner: string, scope: string, input: JobCreateInput, now: number): Promise<{ job: JobView; created: boolean }> {
  await requireApp(db, input.app_id);
  if (input.project_id) await requireProject(db, owner, input.project_id);
  const createdAt = input.created_at ? Date.parse(input.created_at) : now;
  if (createdAt > now + 60_000) {
    throw new ApiError('validation_error', 'created_at is in the future', { details: [{ field: 'created_at', message: 'must not be in the future' }] });
  }
  const terminal = terminalStatuses.includes(input.status);
  const id = randomId();
  const projectId = input.project_name
    ? sql`(select ${projects.id} from ${projects} where ${projects.owner} = ${owner} and ${projects.appId} = ${input.app_id} and ${projects.name} = ${input.project_name} and ${projects.deletedAt} is null)`
    : (input.project_id ?? null);
  const insertJob = db
    .insert(jobs)
    .values({
      id,
      owner,
      appId: input.app_id,
      projectId,
      assetType: input.asset_type ?? null,
      brandKitId: input.brand_kit_id ?? null,
      taskId: input.task_id ?? null,
      taskScope: input.task_id ? scope : null,
      prompt: input.prompt,
      params: JSON.stringify(input.params),
      status: input.status,
      progress: input.status === 'completed' ? 100 : (input.progress ?? 0),
      errorMessage: input.error_message ?? null,
      creditUsed: input.credit_used,
      createdAt,
      updatedAt: now,
      completedAt: terminal ? (input.created_at ? createdAt : now) : null,
    })
    .onConflictDoNothing()
    .returning({ id: jobs.id });
  let inserted: { id: string }[];
  if (input.project_name) {
    // The project is created on first use, but never by a create that turns out to be a
    // repeat (same app_id + task_id): such a call must write nothing.
    const repeat = input.task_id
      ? sql`exists (select 1 from ${jobs} where ${jobs.taskScope} = ${scope} and ${jobs.appId} = ${input.app_id} and ${jobs.taskId} = ${input.task_id})`
      : sql`0`;
    // A query builder, not db.run(sql): drizzle's D1 batch only takes prepared builders.
    const upsertProject = db
      .insert(projects)
      .select(
        sql`select ${randomId()} as id, ${owner} as owner, ${input.app_id} as app_id, ${input.project_name} as name, 'general' as type,
          'active' as status, null as thumbnail_asset_id, ${now} as created_at, ${now} as updated_at, null as deleted_at
          where not ${repeat}`,
      )
      .onConflictDoNothing();
    [, inserted] = await db.batch([upsertProject, insertJob]);
  } else {
    inserted = await insertJob;
  }
  if (inserted.length) return { job: (await findJob(db, owner, id))!, created: true };

  // Only the (task_scope, app_id, task_id) unique index can make the insert a no-op.
  const [existing] = await db
    .select({ id: jobs.id, owner: jobs.owner })
    .from(jobs)
    .where(and(eq(jobs.taskScope, scope), eq(jobs.appId, input.app_id), eq(jobs.taskId, input.task_id ?? '')))
    .limit(1);
  // Same scope, another owner: the session it was recorded for has since been claimed by a user.
  if (!existing || existing.owner !== owner) throw new ApiError('conflict', 'A job with this task_id was recorded for this owner and has moved to another account');
  const job = await findJob(db, owner, existing.id);
  if (!job) throw new ApiError('conflict', 'A job with this task_id exists but is in the trash');
  return { job, created: false };
}

const transitions: Record<JobStatus, readonly JobStatus[]> = {
  queued: ['queued', 'processing', 'completed', 'failed', 'partial'],
  processing: ['processing', 'completed', 'failed', 'partial'],
  completed: ['completed'],
  failed: ['failed'],
  partial: ['partial'],
};

/**
 * Applies a progress/status report. Only forward transitions are legal (409 otherwise); progress
 * never goes backwards (late, out-of-order reports are absorbed); a report that changes nothing
 * writes nothing. The write is conditional on the status it was computed from, so two racing
 * reports cannot both apply against a stale state.
 */
export async function updateJob(db: Db, owner: string | null, id: string, patch: JobPatchInput, now: number): Promise<JobView> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const where = owner ? and(eq(jobs.id, id), eq(jobs.owner, owner)) : eq(jobs.id, id);
    const [current] = await db.select().from(jobs).where(where).limit(1);
    if (!current) throw new ApiError('not_found', 'Job not found');
    if (current.deletedAt !== null) throw new ApiError('gone', 'The job was deleted by its owner');
    const next = patch.status ?? current.status;
    if (!transitions[current.status].includes(next)) {
      throw new ApiError('conflict', `A ${current.status} job cannot become ${next}; use POST /api/v1/jobs/${id}/retry to run it again`);
    }
    const terminal = terminalStatuses.includes(next);
    let progress = Math.max(current.progress, patch.progress ?? 0);
    if (next === 'completed') progress = 100;
    if (terminalStatuses.includes(current.status) && patch.progress !== undefined && patch.progress !== current.progress && next !== 'completed') {
      progress = current.progress;
    }
    const values = {
      status: next,
      progress,
      errorMessage: patch.error_message !== undefined ? patch.error_message : current.errorMessage,
      creditUsed: patch.credit_used ?? current.creditUsed,
      completedAt: terminal ? (current.completedAt ?? now) : null,
    };
    const unchanged = (Object.keys(values) as (keyof typeof values)[]).every((k) => values[k] === current[k]);
    if (unchanged) return (await findJobAnyOwner(db, id))!;
    const updated = await db
      .update(jobs)
      .set({ ...values, updatedAt: now })
      .where(and(eq(jobs.id, id), eq(jobs.status, current.status), isNull(jobs.deletedAt)))
      .returning({ id: jobs.id });
    if (updated.length) return (await findJobAnyOwner(db, id))!;
  }
  throw new ApiError('conflict', 'The job changed while this report was applied; send it again');
}

/** Runs a finished job again as a new queued job linked to it (`retry_of`). */
export async function retryJob(db: Db, owner: string | null, id: string, now: number): Promise<JobView> {
  const where = owner ? and(eq(jobs.id, id), eq(jobs.owner, owner)) : eq(jobs.id, id);
  const [old] = await db.select().from(jobs).where(where).limit(1);
  if (!old) throw new ApiError('not_found', 'Job not found');
  if (old.deletedAt !== null) throw new ApiError('gone', 'The job is in the trash; restore it first');
  if (!terminalStatuses.includes(old.status)) throw new ApiError('conflict', `A ${old.status} job is still running; only finished jobs can be retried`);
  const newId = randomId();
  await db.insert(jobs).values({
    id: newId,
    owner: old.owner,
    appId: old.appId,
    projectId: old.projectId,
    assetType: old.assetType,
    brandKitId: old.brandKitId,
    prompt: old.prompt,
    params: old.params,
    status: 'queued',
    progress: 0,
    creditUsed: 0,
    retryOf: old.id,
    createdAt: now,
    updatedAt: now,
  });
  return (await findJobAnyOwner(db, newId))!;
}
