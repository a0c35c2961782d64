import { and, asc, desc, eq, gte, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { assets, jobs, type AssetKind, type AssetRow } from '../db/schema/index.ts';
import type { PageRequest } from '../lib/paging.ts';
import { ftsCondition, ftsPhrase, likeCondition, likeFoldsLikeFts, likePattern, TRIGRAM_MIN } from './search.ts';
import { inJsonList, notIndexed, ownership, ownLiveForIdList } from './sql.ts';
import { safeFileName } from '../lib/file-names.ts';

/** A live asset of the owner's, or null. */
export async function findAsset(db: Db, owner: string, id: string): Promise<AssetRow | null> {
  const [row] = await db
    .select()
    .from(assets)
    .where(and(eq(assets.id, id), eq(assets.owner, owner), isNull(assets.deletedAt)))
    .limit(1);
  return row ?? null;
}

/** Whether an asset id is the caller's, someone else's, or unknown/trashed. */
export const assetAccess = (db: Db, owner: string, id: string) => ownership(db, assets, owner, id);

/** A file name for downloads: the title (or kind + id) with an extension from the type. */
export function downloadName(asset: Pick<AssetRow, 'id' | 'title' | 'kind' | 'mime'>): string {
  const known: Record<string, string> = { 'image/jpeg': 'jpg', 'video/quicktime': 'mov', 'text/plain': 'txt', 'text/markdown': 'md', 'application/zip': 'zip' };
  const mime = asset.mime?.split(';')[0]?.trim().toLowerCase();
  const ext = (mime && known[mime]) ?? mime?.split('/')[1]?.split('+')[0] ?? (asset.kind === 'text' ? 'txt' : 'bin');
  const stem = safeFileName(asset.title?.trim() || `${asset.kind}-${asset.id.slice(0, 8)}`).slice(0, 120);
  return stem.toLowerCase().endsWith(`.${ext}`) ? stem : `${stem}.${ext}`;
}

/** The owner's live assets with these ids (in no particular order). */
export function assetsByIds(db: Db, owner: string, ids: string[]): Promise<AssetRow[]> {
  return db.select().from(assets).where(and(ownLiveForIdList(assets, owner), inJsonList(assets.id, ids)));
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
  return (await trashAssets(db, owner, [id], now)).length > 0;
}

/** Moves the owner's live assets among `ids` to the trash (one statement); returns the ids trashed. */
export async function trashAssets(db: Db, owner: string, ids: string[], now: number): Promise<string[]> {
  const rows = await db
    .update(assets)
    .set({ deletedAt: now })
    .where(and(ownLiveForIdList(assets, owner), inJsonList(assets.id, ids)))
    .returning({ id: assets.id });
  return rows.map((r) => r.id);
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

export interface AssetFilters {
  kind?: AssetKind;
  assetType?: string;
  jobId?: string;
  projectId?: string;
  q?: string;
  favorite?: boolean;
  isPublic?: boolean;
  /** List the trash (assets trashed on their own or with their job) instead of live assets. */
  trashed?: boolean;
  /** How `q` is matched (chosen by `pageOfAssets`): through the FTS indexes, or LIKE on the owner's rows. */
  textMatch?: 'fts' | 'like';
}

/** A search term matching at most this many rows (all owners) in each index is driven from the index. */
const RARE_MATCHES = 500;

function textCondition(owner: string, q: string, match: 'fts' | 'like'): SQL {
  // The asset's own title/text, or the prompt of the job that made it.
  // LIKE probes the asset's own job (a walk that stops with the page); FTS materialises the few
  // matching jobs once. Qualified by hand: drizzle leaves columns unqualified in these selects.
  const byPrompt =
    match === 'like'
      ? sql`exists (select 1 from jobs pj where pj.id = "assets"."job_id" and pj.prompt like ${likePattern(q)} escape '\\')`
      : sql`${assets.jobId} in (select ${jobs.id} from ${jobs} where ${jobs.owner} = ${owner} and ${ftsCondition(q, jobs.seq, jobs.prompt, 'jobs_fts')})`;
  const own =
    match === 'like'
      ? sql`(${likeCondition(q, assets.title)} or ${likeCondition(q, assets.textContent)})`
      : [...q].length >= TRIGRAM_MIN
        ? sql`${assets.seq} in (select rowid from assets_fts where assets_fts match ${ftsPhrase(q)})`
        : sql`(${ftsCondition(q, assets.seq, assets.title, 'assets_fts')} or ${ftsCondition(q, assets.seq, assets.textContent, 'assets_fts')})`;
  return sql`(${own} or ${byPrompt})`;
}

function assetConditions(owner: string, f: AssetFilters): SQL[] {
  const where: SQL[] = [eq(assets.owner, owner), f.trashed ? isNotNull(assets.deletedAt) : isNull(assets.deletedAt)];
  if (f.kind) where.push(eq(assets.kind, f.kind));
  if (f.assetType) where.push(eq(assets.assetType, f.assetType));
  if (f.jobId) where.push(eq(assets.jobId, f.jobId));
  if (f.favorite !== undefined) where.push(eq(assets.favorite, f.favorite));
  if (f.isPublic !== undefined) where.push(eq(assets.isPublic, f.isPublic));
  if (f.projectId) where.push(sql`${assets.jobId} in (select ${jobs.id} from ${jobs} where ${jobs.owner} = ${owner} and ${jobs.projectId} = ${f.projectId})`);
  if (f.q) where.push(textCondition(owner, f.q, f.textMatch ?? 'fts'));
  return where;
}

/**
 * How to match a search term: a rare term (few index matches across all owners) is driven from
 * the FTS indexes; a common one would materialise a large match set, so it walks the owner's
 * rows with LIKE instead — the same results, unless the term has non-ASCII letters with case,
 * which only the index folds (then the index is used anyway). Same reasoning as `searchJobs`.
 */
export async function textMatchFor(db: Db, q: string): Promise<'fts' | 'like'> {
  if ([...q].length < TRIGRAM_MIN || !likeFoldsLikeFts(q)) return 'fts';
  const phrase = ftsPhrase(q);
  const [probe] = await db.all<{ a: number; j: number }>(sql`select
    (select count(*) from (select 1 from assets_fts where assets_fts match ${phrase} limit ${RARE_MATCHES + 1})) as a,
    (select count(*) from (select 1 from jobs_fts where jobs_fts match ${phrase} limit ${RARE_MATCHES + 1})) as j`);
  return Number(probe?.a) > RARE_MATCHES || Number(probe?.j) > RARE_MATCHES ? 'like' : 'fts';
}

/** One page of the owner's assets across all jobs (the unified gallery), and the total. */
export async function pageOfAssets(db: Db, owner: string, filters: AssetFilters, page: PageRequest): Promise<{ rows: AssetRow[]; hasMore: boolean; total: number }> {
  const f = filters.q ? { ...filters, textMatch: await textMatchFor(db, filters.q) } : filters;
  const where = assetConditions(owner, f);
  const order = page.direction === 'desc' ? [desc(assets.createdAt), desc(assets.id)] : [asc(assets.createdAt), asc(assets.id)];
  const keyset = page.after
    ? [page.direction === 'desc' ? sql`(${assets.createdAt}, ${assets.id}) < (${page.after.createdAt}, ${page.after.id})` : sql`(${assets.createdAt}, ${assets.id}) > (${page.after.createdAt}, ${page.after.id})`]
    : [];
  const [rows, [count]] = await Promise.all([
    db.select().from(assets).where(and(...where, ...keyset)).orderBy(...order).limit(page.limit + 1).offset(page.offset ?? 0),
    db.select({ n: sql<number>`count(*)` }).from(assets).where(and(...where)),
  ]);
  return { rows: rows.slice(0, page.limit), hasMore: rows.length > page.limit, total: Number(count?.n ?? 0) };
}

/**
 * Brings assets trashed on their own back (within the retention window). An asset whose job is
 * in the trash comes back only with its job (restore the job), so none is listed without one.
 */
export async function restoreAssets(db: Db, owner: string, ids: string[], now: number, retentionMs: number): Promise<string[]> {
  const rows = await db
    .update(assets)
    .set({ deletedAt: null })
    .where(
      and(
        eq(notIndexed(assets.owner), owner),
        inJsonList(assets.id, ids),
        gte(notIndexed(assets.deletedAt), now - retentionMs),
        sql`${assets.jobId} in (select j.id from jobs j where j.owner = ${owner} and j.deleted_at is null)`,
      ),
    )
    .returning({ id: assets.id });
  return rows.map((r) => r.id);
}

/** The live assets of several jobs of the owner's, oldest first (one query for a whole page). */
export async function assetsOfJobs(db: Db, owner: string, jobIds: string[]): Promise<AssetRow[]> {
  if (!jobIds.length) return [];
  return db
    .select()
    .from(assets)
    .where(and(ownLiveForIdList(assets, owner), inJsonList(assets.jobId, jobIds)))
    .orderBy(asc(assets.createdAt), asc(assets.id));
}

/** Unique, safe names for the files of one archive: "cover.png", "cover (2).png", … */
export function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const n = (seen.get(name.toLowerCase()) ?? 0) + 1;
    seen.set(name.toLowerCase(), n);
    if (n === 1) return name;
    const dot = name.lastIndexOf('.');
    return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
  });
}

const kindOrder: Record<AssetKind, number> = { video: 0, image: 1, archive: 2, text: 3 };

/**
 * A job's downloadable outputs (not its thumbnail, unless that is all it made), main result first — videos, then images,
 * archives, texts, each in creation order — and the image that represents the job.
 */
export function jobFiles(jobAssets: AssetRow[]): { outputs: AssetRow[]; thumbnail: AssetRow | undefined } {
  const served = jobAssets.filter((a) => a.blobKey !== null || a.textContent !== null);
  const results = served.filter((a) => a.assetType !== 'thumbnail');
  // A thumbnail generator's result *is* a thumbnail-typed image: then that is the output.
  const outputs = (results.length ? results : served)
    .sort((a, b) => kindOrder[a.kind] - kindOrder[b.kind] || a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  const thumbnail = jobAssets.find((a) => a.assetType === 'thumbnail' && a.blobKey) ?? jobAssets.find((a) => a.kind === 'image' && a.blobKey);
  return { outputs, thumbnail };
}

/** The live assets of a page of jobs, grouped by job. */
export async function assetsByJob(db: Db, owner: string, jobIds: string[]): Promise<Map<string, AssetRow[]>> {
  const byJob = new Map<string, AssetRow[]>();
  for (const a of await assetsOfJobs(db, owner, jobIds)) byJob.set(a.jobId, [...(byJob.get(a.jobId) ?? []), a]);
  return byJob;
}
