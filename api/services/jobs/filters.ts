import { and, asc, desc, eq, gte, inArray, lt, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { jobCounts, jobs, projects, type AssetKind, type JobStatus } from '../../db/schema/index.ts';
import type { Keyset, SortDirection } from '../../lib/paging.ts';
import { ftsCondition, likeCondition } from '../search.ts';
import type { Bound } from '../sql-shapes.ts';

/** The one filter vocabulary of job lists; every surface translates its own words into it. */
export interface JobFilters {
  statuses?: JobStatus[];
  appId?: string;
  assetType?: string;
  /** Jobs with at least one output of this kind (in the trash: one trashed with it). */
  kind?: AssetKind;
  /**
   * Seed 002's history by what a generation made: jobs with a live output of this kind (`image`:
   * and none of `video`, which outranks it), and queued, processing or failed jobs without an
   * output, whose kind is not known.
   */
  output?: 'video' | 'image';
  projectId?: string;
  q?: string;
  from?: number;
  to?: number;
  /** List the trash instead of live jobs. */
  trashed?: boolean;
  /** How `q` is matched; chosen by the search planner (default: the FTS index). */
  textMatch?: 'fts' | 'like';
  /** Count every match of a very common search term instead of stopping at SEARCH_TOTAL_CAP. */
  exactTotal?: boolean;
}

/** The orders a job list comes in: by time (keyset pages), or by project name (offset pages). */
export type JobOrder = 'newest' | 'oldest' | 'name';

export const directionOf = (order: JobOrder): SortDirection => (order === 'oldest' ? 'asc' : 'desc');

/**
 * The WHERE of a jobs query. `ownerIndexed: false` writes `+owner`/`+deleted_at` so SQLite may
 * not drive the query from the owner's index range — used when a small FTS match set should drive.
 */
export function filterConditions(owner: Bound<string>, f: JobFilters, ownerIndexed = true): SQL[] {
  const col = (c: AnyColumn) => (ownerIndexed ? sql`${c}` : sql`+${c}`);
  const where: SQL[] = [sql`${col(jobs.owner)} = ${owner}`, f.trashed ? sql`${col(jobs.deletedAt)} is not null` : sql`${col(jobs.deletedAt)} is null`];
  if (f.statuses?.length === 1) where.push(eq(jobs.status, f.statuses[0]!));
  else if (f.statuses?.length) where.push(inArray(jobs.status, f.statuses));
  if (f.appId) where.push(eq(jobs.appId, f.appId));
  if (f.assetType) where.push(eq(jobs.assetType, f.assetType));
  // Qualified by hand: drizzle leaves columns bare in single-table statements (see columns.ts).
  if (f.kind) where.push(sql`exists (select 1 from assets k where k.job_id = "jobs"."id" and k.kind = ${f.kind}${f.trashed ? sql`` : sql` and k.deleted_at is null`})`);
  if (f.output) where.push(outputCondition(f.output));
  if (f.projectId) where.push(eq(jobs.projectId, f.projectId));
  if (f.from !== undefined) where.push(gte(jobs.createdAt, f.from));
  if (f.to !== undefined) where.push(lt(jobs.createdAt, f.to));
  if (f.q) where.push(f.textMatch === 'like' ? likeCondition(f.q, jobs.prompt) : ftsCondition(f.q, jobs.seq, jobs.prompt, 'jobs_fts'));
  return where;
}

/** `JobFilters.output`: one probe of `assets_job` per kind (qualified by hand, as above). */
function outputCondition(kind: 'video' | 'image'): SQL {
  const has = (k: string) => sql.raw(`exists (select 1 from assets o where o.job_id = "jobs"."id" and o.deleted_at is null and o.kind = '${k}')`);
  // Not known yet (or never): running, or failed before it made anything. A finished job without outputs made nothing of either kind.
  const none = sql.raw(`not exists (select 1 from assets o where o.job_id = "jobs"."id" and o.deleted_at is null) and "jobs"."status" in ('queued', 'processing', 'failed')`);
  return kind === 'video' ? sql`(${has('video')} or ${none})` : sql`((${has('image')} and not ${has('video')}) or ${none})`;
}

/** A keyset, or placeholders for one (a statement built once, see sql-shapes.ts). */
export type BoundKeyset = { [K in keyof Keyset]: Bound<Keyset[K]> };

export function keysetCondition(direction: SortDirection, k: BoundKeyset): SQL {
  return direction === 'desc' ? sql`(${jobs.createdAt}, ${jobs.id}) < (${k.createdAt}, ${k.id})` : sql`(${jobs.createdAt}, ${jobs.id}) > (${k.createdAt}, ${k.id})`;
}

/** ORDER BY for an order: (created_at, id) either way, or project name A→Z (no project last), newest first within. */
export function orderFor(order: JobOrder): SQL[] {
  if (order === 'name') return [sql`${projects.name} is null`, sql`${projects.name} collate nocase`, desc(jobs.createdAt), desc(jobs.id)];
  return order === 'oldest' ? [asc(jobs.createdAt), asc(jobs.id)] : [desc(jobs.createdAt), desc(jobs.id)];
}

/** Filters that narrow by status at most (the trash aside). */
export const onlyStatuses = (f: JobFilters): boolean => !f.appId && !f.assetType && !f.kind && !f.output && !f.projectId && !f.q && f.from === undefined && f.to === undefined;

/**
 * Matching jobs for `total`, as SQL (so it can ride in a page statement). Unfiltered or
 * status-only counts come from the trigger-kept counters; `upTo` stops counting early.
 */
export function countQuery(db: Db, owner: Bound<string>, f: JobFilters, upTo?: number): SQL {
  if (!f.trashed && onlyStatuses(f)) {
    const where = [eq(jobCounts.owner, owner)];
    if (f.statuses?.length) where.push(inArray(jobCounts.status, f.statuses));
    return db.select({ n: sql<number>`coalesce(sum(${jobCounts.n}), 0)`.as('n') }).from(jobCounts).where(and(...where)).getSQL();
  }
  const matching = db.select({ one: sql`1` }).from(jobs).where(and(...filterConditions(owner, f)));
  const rows = upTo === undefined ? matching : matching.limit(upTo);
  return db.select({ n: sql<number>`count(*)`.as('n') }).from(rows.as('matching')).getSQL();
}
