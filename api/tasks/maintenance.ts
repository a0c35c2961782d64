import { and, eq, isNotNull, lt, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { assets, blobDeletions, jobs, rateLimits } from '../db/schema/index.ts';
import type { Deps } from '../env.ts';
import { inJsonList } from '../services/sql.ts';
import { dueTask, flushAccessCounts, removeExpiredLinks } from '../services/video-links.ts';
import { accessCounter } from '../lib/proxy-metrics.ts';
import { ABANDONED_AFTER_MS, sweepAbandonedUploads } from '../services/uploads.ts';

/** Rows purged per batch: small enough for one Worker invocation's CPU budget, resumable next run. */
const PURGE_BATCH = 200;
const MAX_BATCHES_PER_RUN = 25;

/**
 * Enqueues the blobs of the given assets that no surviving asset still references (a duplicated
 * project shares blobs), then deletes the asset rows — all in the batch the caller runs.
 */
function purgeAssetsStatements(db: Db, assetIds: string[], now: number) {
  const ids = JSON.stringify(assetIds);
  return [
    db.run(sql`
      insert into ${blobDeletions} (key, not_before)
      select distinct a.blob_key, ${now} from ${assets} a
      where a.id in (select value from json_each(${ids})) and a.blob_key is not null
        and not exists (
          select 1 from ${assets} b
          where b.blob_key = a.blob_key and b.id not in (select value from json_each(${ids}))
        )
      on conflict (key) do nothing`),
    db.delete(assets).where(inJsonList(assets.id, assetIds)),
  ] as const;
}

/**
 * Permanently removes what has been in the trash longer than the retention period: jobs with
 * all their assets, and assets trashed on their own. Each batch is atomic; re-running is safe.
 */
export async function purgeTrash(
  db: Db,
  now: number,
  retentionMs: number,
  { batchSize = PURGE_BATCH, maxBatches = MAX_BATCHES_PER_RUN }: { batchSize?: number; maxBatches?: number } = {},
): Promise<{ jobs: number; assets: number }> {
  const cutoff = now - retentionMs;
  let purgedJobs = 0;
  let purgedAssets = 0;
  for (let i = 0; i < maxBatches; i++) {
    const expiredJobs = (await db.select({ id: jobs.id }).from(jobs).where(and(isNotNull(jobs.deletedAt), lt(jobs.deletedAt, cutoff))).limit(batchSize)).map((r) => r.id);
    const jobAssets = expiredJobs.length
      ? (await db.select({ id: assets.id }).from(assets).where(inJsonList(assets.jobId, expiredJobs))).map((r) => r.id)
      : [];
    const lonelyAssets = expiredJobs.length
      ? []
      : (await db.select({ id: assets.id }).from(assets).where(and(isNotNull(assets.deletedAt), lt(assets.deletedAt, cutoff))).limit(batchSize)).map((r) => r.id);
    const assetIds = [...jobAssets, ...lonelyAssets];
    if (!expiredJobs.length && !assetIds.length) break;
    if (expiredJobs.length) {
      await db.batch([...purgeAssetsStatements(db, assetIds, now), db.delete(jobs).where(inJsonList(jobs.id, expiredJobs))]);
    } else {
      await db.batch(purgeAssetsStatements(db, assetIds, now));
    }
    purgedJobs += expiredJobs.length;
    purgedAssets += assetIds.length;
  }
  return { jobs: purgedJobs, assets: purgedAssets };
}

/**
 * Deletes the blobs the purge put in the outbox, then their outbox rows. A blob that fails to
 * delete stays queued (retried next run, later each time); deleting twice is harmless.
 */
export async function drainBlobDeletions(deps: Pick<Deps, 'db' | 'blobs' | 'clock' | 'log'>, limit = 200): Promise<number> {
  const now = deps.clock.now();
  const due = await deps.db.select().from(blobDeletions).where(lte(blobDeletions.notBefore, now)).limit(limit);
  let deleted = 0;
  for (const row of due) {
    try {
      await deps.blobs.delete(row.key);
      await deps.db.delete(blobDeletions).where(eq(blobDeletions.key, row.key));
      deleted++;
    } catch (err) {
      const attempts = row.attempts + 1;
      deps.log.warn('blob deletion failed; will retry', { attempts, error: String(err) });
      await deps.db
        .update(blobDeletions)
        .set({ attempts, notBefore: now + Math.min(2 ** attempts, 1440) * 60_000 })
        .where(eq(blobDeletions.key, row.key));
    }
  }
  return deleted;
}

/**
 * What uploads that never finished left behind (a process killed mid-upload, issue 11 finding 7):
 * the blobs no asset names of intents recorded before `cutoff`, and the blob store's temp files
 * last written before it. Node runs this at start-up with `cutoff` = now (nothing of a dead
 * process is still under way), maintenance with an hour's margin (another isolate may be uploading).
 */
export async function removeAbandonedUploads(deps: Pick<Deps, 'db' | 'blobs' | 'log'>, cutoff: number): Promise<{ blobs: number; tempFiles: number }> {
  let blobs = 0;
  for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
    const { seen, deleted, failed } = await sweepAbandonedUploads(deps, cutoff, PURGE_BATCH);
    blobs += deleted;
    // A failure stays for the next run rather than being retried here at once.
    if (seen < PURGE_BATCH || failed) break;
  }
  const tempFiles = (await deps.blobs.removeStaleTemp?.(new Date(cutoff))) ?? 0;
  if (blobs || tempFiles) deps.log.info('removed what unfinished uploads left', { blobs, temp_files: tempFiles });
  return { blobs, tempFiles };
}

/** Pages written per FTS merge step (about 2 MB): bounded work per call, resumable next call. */
const MERGE_PAGES = 500;

/**
 * Merges the search index's segments a bounded amount per run. FTS5 adds a small segment per
 * write and every lookup probes each segment (on 1M jobs: 11 segments, rare-term probe 1.8 ms;
 * merged into one, 1.0 ms). A negative 'merge' merges across levels; when a step changes
 * (almost) nothing, the index is fully merged.
 * @returns how many merge steps did work
 */
export async function mergeSearchIndex(db: Db, maxSteps = 8): Promise<number> {
  for (let step = 0; step < maxSteps; step++) {
    const [before] = await db.all<{ n: number }>(sql`select total_changes() as n`);
    await db.run(sql`insert into jobs_fts(jobs_fts, rank) values ('merge', ${-MERGE_PAGES})`);
    const [after] = await db.all<{ n: number }>(sql`select total_changes() as n`);
    if (Number(after?.n) - Number(before?.n) < 2) return step;
  }
  return maxSteps;
}

/**
 * Every background task, idempotent and resumable. Runs from the Worker's `scheduled` handler
 * and from a timer on Node.
 */
export async function runMaintenance(deps: Deps): Promise<void> {
  const now = deps.clock.now();
  const purged = await purgeTrash(deps.db, now, deps.config.TRASH_RETENTION_DAYS * 86_400_000);
  if (purged.jobs || purged.assets) deps.log.info('purged expired trash', purged);
  await drainBlobDeletions(deps);
  await removeAbandonedUploads(deps, now - ABANDONED_AFTER_MS);
  await mergeSearchIndex(deps.db);
  // Expired video links go every VIDEO_MAPPING_CLEANUP_INTERVAL_HOURS (seed 002), not every run.
  await flushAccessCounts(deps.db, accessCounter(deps), now);
  if (await dueTask(deps.db, 'video-link-cleanup', deps.config.VIDEO_MAPPING_CLEANUP_INTERVAL_HOURS * 3_600_000, now)) {
    const removed = await removeExpiredLinks(deps.db, now);
    if (removed) deps.log.info('removed expired video links', { removed });
  }
  await deps.db.delete(rateLimits).where(lt(rateLimits.window, now - 86_400_000));
}
