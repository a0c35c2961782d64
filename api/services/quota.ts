import { sql } from 'drizzle-orm';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { ApiError } from '../errors.ts';
import { bytesInFlight } from './uploads.ts';

/** An owner's storage: what their files take and what they may take. */
export interface Usage {
  /** Bytes of the owner's files, the trash included (a file shared by copies counts once). */
  used_bytes: number;
  /** Of `used_bytes`, the files in the trash (freed when they are purged). */
  trash_bytes: number;
  /** The owner's quota; null: no limit. */
  quota_bytes: number | null;
}

/** The quota of an owner: `QUOTA_BYTES_ANON` for anonymous sessions, `QUOTA_BYTES_USER` for users. */
export const quotaOf = (config: Pick<Config, 'QUOTA_BYTES_USER' | 'QUOTA_BYTES_ANON'>, owner: string): number | null =>
  owner.startsWith('anon:') ? config.QUOTA_BYTES_ANON : config.QUOTA_BYTES_USER;

/**
 * What the owner's stored files take. The trash counts until it is purged: it is still on disk,
 * and a quota that trashing freed could be refilled again and again within the retention period.
 */
export async function usageOf(db: Db, config: Pick<Config, 'QUOTA_BYTES_USER' | 'QUOTA_BYTES_ANON'>, owner: string): Promise<Usage> {
  // A blob is in the trash only when every asset naming it is (a duplicated project shares blobs).
  const [row] = await db.all<{ used: number; trash: number }>(sql`
    select coalesce(sum(size), 0) as used, coalesce(sum(case when live = 0 then size else 0 end), 0) as trash from (
      select max(size) as size, max(deleted_at is null) as live from assets where owner = ${owner} and blob_key is not null group by blob_key)`);
  return { used_bytes: Number(row?.used ?? 0), trash_bytes: Number(row?.trash ?? 0), quota_bytes: quotaOf(config, owner) };
}

const quotaError = (quota: number) => new ApiError('quota_exceeded', `This upload does not fit in the storage quota (${quota} bytes; files in the trash count until they are purged)`);

/**
 * Holds an upload of the owner's to their quota, less the stored files and the uploads under way
 * (their declared lengths): one whose declared length does not fit is refused here, before a byte
 * is read; otherwise the returned stream passes it through while it fits and fails with 413
 * `quota_exceeded` past that (the store then commits nothing). null without a quota.
 */
export async function quotaForUpload(db: Db, config: Pick<Config, 'QUOTA_BYTES_USER' | 'QUOTA_BYTES_ANON'>, owner: string, declared: number | undefined): Promise<TransformStream<Uint8Array, Uint8Array> | null> {
  const quota = quotaOf(config, owner);
  if (quota === null) return null;
  const [usage, inFlight] = await Promise.all([usageOf(db, config, owner), bytesInFlight(db, owner)]);
  const room = Math.max(0, quota - usage.used_bytes - inFlight);
  if (declared !== undefined && declared > room) throw quotaError(quota);
  let seen = 0;
  return new TransformStream({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > room) throw quotaError(quota);
      controller.enqueue(chunk);
    },
  });
}
