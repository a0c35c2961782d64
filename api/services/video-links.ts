import { gt, lte, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { assets, taskRuns, videoLinks } from '../db/schema/index.ts';
import { randomId } from '../lib/crypto.ts';
import { assetBytesColumns, type AssetBytes } from './asset-bytes.ts';
import { shaped } from './sql-shapes.ts';
import type { AccessCounter } from '../lib/proxy-metrics.ts';

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

/**
 * The live asset behind an unexpired link (one read; accesses are counted by `AccessCounter`).
 * Every range a player asks for comes here, so the statement is rendered once (`shaped`) and
 * reads only the columns bytes are handed out by: built by drizzle per request over the whole
 * asset row, it was a sixth of the proxy's CPU per 1 MiB range.
 */
export async function openLink(db: Db, proxyId: string, now: number): Promise<{ asset: AssetBytes; expiresAt: number } | null> {
  const statement = shaped(
    'video-link',
    () => sql`select ${assetBytesColumns}, ${videoLinks.expiresAt} as "expiresAt"
      from ${videoLinks} join ${assets} on ${assets.id} = ${videoLinks.assetId} and ${assets.deletedAt} is null
      where ${videoLinks.proxyId} = ${sql.placeholder('proxy_id')} and ${videoLinks.expiresAt} > ${sql.placeholder('now')} limit 1`,
    { proxy_id: proxyId, now },
  );
  const [row] = await db.all<AssetBytes & { expiresAt: number }>(statement);
  if (!row) return null;
  const { expiresAt, ...asset } = row;
  return { asset, expiresAt };
}

/** Adds counted accesses to their links, in one statement. */
export async function addAccessCounts(db: Db, counts: Map<string, number>): Promise<void> {
  if (!counts.size) return;
  const list = JSON.stringify([...counts]);
  await db.run(sql`update video_links
    set access_count = access_count + (select c.value ->> 1 from json_each(${list}) c where c.value ->> 0 = video_links.proxy_id)
    where proxy_id in (select c.value ->> 0 from json_each(${list}) c)`);
}

/** Writes the accesses counted in memory (before anything reads or removes the counts). */
export async function flushAccessCounts(db: Db, counter: AccessCounter, now: number): Promise<void> {
  const counts = counter.take(now);
  try {
    await addAccessCounts(db, counts);
  } catch (err) {
    counter.restore(counts);
    throw err;
  }
}

export async function removeExpiredLinks(db: Db, now: number): Promise<number> {
  const removed = await db.delete(videoLinks).where(lte(videoLinks.expiresAt, now)).returning({ id: videoLinks.proxyId });
  return removed.length;
}

/** Links that still work (the proxy's health check). */
export async function activeLinkCount(db: Db, now: number): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(videoLinks).where(gt(videoLinks.expiresAt, now));
  return Number(row?.n ?? 0);
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
