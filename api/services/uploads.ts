import { and, eq, lt, sql } from 'drizzle-orm';
import type { BlobMeta, BlobPutOptions } from '../blobs/types.ts';
import type { Db } from '../db/client.ts';
import { assets, blobUploads } from '../db/schema/index.ts';
import type { Deps } from '../env.ts';

/** How long an upload may run before maintenance takes its leftovers for a crashed process's. */
export const ABANDONED_AFTER_MS = 3_600_000;

export interface Upload {
  key: string;
  owner: string;
  body: ReadableStream<Uint8Array>;
  /** The declared length, when known (counted against the owner's quota while the upload runs). */
  bytes?: number;
  options?: BlobPutOptions;
}

/**
 * Streams an upload into the blob store with its intent recorded first (a `blob_uploads` row), then
 * `commit` writes the row that names the blob, then the intent goes. Whatever fails — the stream
 * refused (type, size, quota), the store, the row — the blob and the intent are removed: nothing is
 * left behind. A process killed on the way leaves the intent, and `sweepAbandonedUploads` the rest.
 */
export async function storeUpload<T>(deps: Pick<Deps, 'db' | 'blobs' | 'clock'>, upload: Upload, commit: (stored: BlobMeta) => Promise<T>): Promise<T> {
  const { db, blobs } = deps;
  await db.insert(blobUploads).values({ key: upload.key, owner: upload.owner, bytes: upload.bytes ?? 0, startedAt: deps.clock.now() });
  let result: T;
  try {
    result = await commit(await blobs.put(upload.key, upload.body, upload.options));
  } catch (err) {
    // If removing the blob fails too, the intent stays and the sweep tries again later.
    await blobs
      .delete(upload.key)
      .then(() => db.delete(blobUploads).where(eq(blobUploads.key, upload.key)))
      .catch(() => {});
    throw err;
  }
  // The asset names the blob now; a leftover intent would only be dropped by the sweep (it checks).
  await db
    .delete(blobUploads)
    .where(eq(blobUploads.key, upload.key))
    .catch(() => {});
  return result;
}

/**
 * Uploads that started before `startedBefore` and never finished: the blob of one no asset names
 * is deleted, then its intent; one an asset names (the process died after writing the row) only
 * loses its intent. Idempotent; a blob that fails to delete keeps its intent for the next run.
 * @returns how many intents were looked at, how many blobs deleted, how many failed (kept for the next run)
 */
export async function sweepAbandonedUploads(deps: Pick<Deps, 'db' | 'blobs' | 'log'>, startedBefore: number, limit = 200): Promise<{ seen: number; deleted: number; failed: number }> {
  const stale = await deps.db
    .select({ key: blobUploads.key, named: sql<number>`exists (select 1 from ${assets} where ${assets.blobKey} = ${blobUploads.key})` })
    .from(blobUploads)
    .where(lt(blobUploads.startedAt, startedBefore))
    .limit(limit);
  let deleted = 0;
  let failed = 0;
  for (const { key, named } of stale) {
    try {
      if (!Number(named)) {
        await deps.blobs.delete(key);
        deleted++;
      }
      await deps.db.delete(blobUploads).where(and(eq(blobUploads.key, key), lt(blobUploads.startedAt, startedBefore)));
    } catch (err) {
      failed++;
      deps.log.warn('removing an abandoned upload failed; will retry', { error: String(err) });
    }
  }
  return { seen: stale.length, deleted, failed };
}

/** Bytes of uploads under way for `owner` (declared lengths), for quota checks. */
export async function bytesInFlight(db: Db, owner: string): Promise<number> {
  const [row] = await db.select({ n: sql<number>`coalesce(sum(${blobUploads.bytes}), 0)` }).from(blobUploads).where(eq(blobUploads.owner, owner));
  return Number(row?.n ?? 0);
}
