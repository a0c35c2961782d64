import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { assets, type AssetRow } from '../db/schema/index.ts';

/** A live asset of the owner's, or null. */
export async function findAsset(db: Db, owner: string, id: string): Promise<AssetRow | null> {
  const [row] = await db
    .select()
    .from(assets)
    .where(and(eq(assets.id, id), eq(assets.owner, owner), isNull(assets.deletedAt)))
    .limit(1);
  return row ?? null;
}

/** Whether an asset id is the caller's, someone else's, or unknown/trashed — compared in SQL. */
export async function assetAccess(db: Db, owner: string, id: string): Promise<'mine' | 'foreign' | 'missing'> {
  const [row] = await db
    .select({ mine: sql<number>`${assets.owner} = ${owner}` })
    .from(assets)
    .where(and(eq(assets.id, id), isNull(assets.deletedAt)))
    .limit(1);
  if (!row) return 'missing';
  return Number(row.mine) ? 'mine' : 'foreign';
}

/** A file name for downloads: the title (or kind + id) with an extension from the type. */
export function downloadName(asset: Pick<AssetRow, 'id' | 'title' | 'kind' | 'mime'>): string {
  const ext = asset.mime?.split('/')[1]?.split(/[;+]/)[0]?.replace('jpeg', 'jpg').replace('quicktime', 'mov') ?? 'bin';
  const stem = (asset.title?.trim() || `${asset.kind}-${asset.id.slice(0, 8)}`).replace(/[\\/:*?"<>|\x00-\x1f]/g, '_').slice(0, 120);
  return stem.toLowerCase().endsWith(`.${ext}`) ? stem : `${stem}.${ext}`;
}

/** A job's live assets, newest first (seed 001's `GET /jobs/{id}/assets`). */
export async function listJobAssets(db: Db, owner: string, jobId: string): Promise<AssetRow[]> {
  return db
    .select()
    .from(assets)
    .where(and(eq(assets.jobId, jobId), eq(assets.owner, owner), isNull(assets.deletedAt)))
    .orderBy(desc(assets.createdAt), desc(assets.id));
}

export async function insertAsset(db: Db, row: typeof assets.$inferInsert): Promise<AssetRow> {
  const [inserted] = await db.insert(assets).values(row).returning();
  return inserted!;
}

/** Applies a partial update to a live asset of the owner's; null if there is none. */
export async function updateAsset(db: Db, owner: string, id: string, patch: { isPublic?: boolean; favorite?: boolean; title?: string | null }): Promise<AssetRow | null> {
  const [row] = await db
    .update(assets)
    .set(patch)
    .where(and(eq(assets.id, id), eq(assets.owner, owner), isNull(assets.deletedAt)))
    .returning();
  return row ?? null;
}

export async function trashAsset(db: Db, owner: string, id: string, now: number): Promise<boolean> {
  const rows = await db
    .update(assets)
    .set({ deletedAt: now })
    .where(and(eq(assets.id, id), eq(assets.owner, owner), isNull(assets.deletedAt)))
    .returning({ id: assets.id });
  return rows.length > 0;
}

/** A live public asset, for the unauthenticated stable link. */
export async function findPublicAsset(db: Db, id: string): Promise<AssetRow | null> {
  const [row] = await db
    .select()
    .from(assets)
    .where(and(eq(assets.id, id), eq(assets.isPublic, true), isNull(assets.deletedAt)))
    .limit(1);
  return row ?? null;
}
