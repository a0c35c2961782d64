import { and, eq, gt, isNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { assets, taskRuns, videoLinks, type AssetRow } from '../db/schema/index.ts';
import { randomId } from '../lib/crypto.ts';

/**
 * The `/video/<proxy_id>` link of each asset, created on first use and renewed to `expiresAt`
 * (listing again keeps a link alive). One statement for a whole page of assets.
 */
export async function linksFor(db: Db, assetIds: string[], now: number, expiresAt: number): Promise<Map<string, string>> {
  if (!assetIds.length) return new Map();
  const rows = JSON.stringify(assetIds.map((id) => [randomId(), id]));
  const links = await db.all<{ proxy_id: string; asset_id: string }>(sql`
    insert into video_links (proxy_id, asset_id, expires_at, access_count, created_at)
    select value ->> 0, value ->> 1, ${expiresAt}, 0, ${now} from json_each(${rows}) where true
    on conflict (asset_id) do update set expires_at = max(video_links.expires_at, excluded.expires_at)
    returning proxy_id, asset_id`);
  return new Map(links.map((l) => [l.asset_id, l.proxy_id]));
}

/** The live asset behind an unexpired link, counting the access; null when there is none. */
export async function openLink(db: Db, proxyId: string, now: number): Promise<{ asset: AssetRow; expiresAt: number } | null> {
  const [link] = await db
    .update(videoLinks)
    .set({ accessCount: sql`${videoLinks.accessCount} + 1` })
    .where(and(eq(videoLinks.proxyId, proxyId), gt(videoLinks.expiresAt, now)))
    .returning({ assetId: videoLinks.assetId, expiresAt: videoLinks.expiresAt });
  if (!link) return null;
  const [asset] = await db
    .select()
    .from(assets)
    .where(and(eq(assets.id, link.assetId), isNull(assets.deletedAt)))
    .limit(1);
  return asset ? { asset, expiresAt: link.expiresAt } : null;
}

export async function removeExpiredLinks(db: Db, now: number): Promise<number> {
  const removed = await db.delete(videoLinks).where(lte(videoLinks.expiresAt, now)).returning({ id: videoLinks.proxyId });
  return removed.length;
}

export async function linkCounts(db: Db, now: number) {
  const [row] = await db
    .select({
      total: sql<number>`count(*)`,
      active: sql<number>`coalesce(sum(${videoLinks.expiresAt} > ${now}), 0)`,
      accesses: sql<number>`coalesce(sum(${videoLinks.accessCount}), 0)`,
    })
    .from(videoLinks);
  const total = Number(row?.total ?? 0);
  const active = Number(row?.active ?? 0);
  return { mappings: { total, active, expired: total - active }, access_count: Number(row?.accesses ?? 0) };
}

/**
 * Runs `task` if it has not run for `intervalMs` (a task with its own cadence inside the
 * maintenance run). Claiming the slot is one conditional upsert, so concurrent runs don't both go.
 */
export async function dueTask(db: Db, task: string, intervalMs: number, now: number): Promise<boolean> {
  const claimed = await db
    .insert(taskRuns)
    .values({ task, lastRunAt: now })
    .onConflictDoUpdate({ target: taskRuns.task, set: { lastRunAt: now }, setWhere: lte(taskRuns.lastRunAt, now - intervalMs) })
    .returning({ task: taskRuns.task });
  return claimed.length > 0;
}
