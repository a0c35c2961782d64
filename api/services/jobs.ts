import { and, asc, desc, eq, getTableColumns, gte, inArray, isNotNull, isNull, lt, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { apps, jobCounts, jobs, jobStatuses, projects, terminalStatuses, assets, type AssetKind, type JobRow, type JobStatus } from '../db/schema/index.ts';
import type { Caller } from '../auth/caller.ts';
import { ApiError } from '../errors.ts';
import { randomId } from '../lib/crypto.ts';
import type { JobCreateInput, JobPatchInput } from '../schemas/jobs.ts';
import { ftsCondition, ftsPhrase, likeCondition, likeFoldsLikeFts, TRIGRAM_MIN } from './search.ts';
import { inJsonList } from './sql.ts';
import { jobJsonSql, jobThumbnailSql } from '../presenters/jobs.ts';
import { roundCredits } from '../lib/numbers.ts';

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
  /** How `q` is matched; chosen by `pageOfJobs`'s search planner (default: the FTS index). */
  textMatch?: 'fts' | 'like';
  /** Count every match of a very common search term instead of stopping at SEARCH_TOTAL_CAP. */
  exactTotal?: boolean;
}

/** A position in a list ordered by (created_at, id). */
export interface Keyset {
  createdAt: number;
  id: string;
}

export type SortDirection = 'desc' | 'asc';

export interface JobPage {
  limit: number;
  direction: SortDirection;
  offset?: number;
  after?: Keyset;
}

export type JobView = JobRow & { projectName: string | null; thumbnailAssetId: string | null };

const jobView = { ...getTableColumns(jobs), projectName: projects.name, thumbnailAssetId: sql<string | null>`${jobThumbnailSql}` };

/**
 * The WHERE of a jobs query. `ownerIndexed: false` writes `+owner`/`+deleted_at` so SQLite may
 * not drive the query from the owner's index range — used when a small FTS match set should drive.
 */
function filterConditions(owner: string, f: JobFilters, ownerIndexed = true): SQL[] {
  const col = (c: AnyColumn) => (ownerIndexed ? sql`${c}` : sql`+${c}`);
  const where: SQL[] = [sql`${col(jobs.owner)} = ${owner}`, f.trashed ? sql`${col(jobs.deletedAt)} is not null` : sql`${col(jobs.deletedAt)} is null`];
  if (f.statuses?.length === 1) where.push(eq(jobs.status, f.statuses[0]!));
  else if (f.statuses?.length) where.push(inArray(jobs.status, f.statuses));
  if (f.appId) where.push(eq(jobs.appId, f.appId));
  if (f.assetType) where.push(eq(jobs.assetType, f.assetType));
  // Qualified by hand: drizzle leaves columns bare in single-table statements (see presenters/jobs.ts).
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

function keysetCondition(direction: SortDirection, k: Keyset): SQL {
  return direction === 'desc' ? sql`(${jobs.createdAt}, ${jobs.id}) < (${k.createdAt}, ${k.id})` : sql`(${jobs.createdAt}, ${jobs.id}) > (${k.createdAt}, ${k.id})`;
}

const orderFor = (direction: SortDirection) => (direction === 'desc' ? [desc(jobs.createdAt), desc(jobs.id)] : [asc(jobs.createdAt), asc(jobs.id)]);

/**
 * The `seq`s of one page. Several statuses (what pollers ask for: `queued,processing`) become a
 * UNION ALL of one bounded index range per status, merged — an `IN` list would make SQLite walk
 * the owner's whole range or sort every match.
 */
function pageSeqsQuery(db: Db, owner: string, f: JobFilters, page: JobPage): SQL {
  const keyset = page.after ? [keysetCondition(page.direction, page.after)] : [];
  const take = page.limit + 1;
  if ((f.statuses?.length ?? 0) > 1) {
    const reach = take + (page.offset ?? 0);
    const branches = f.statuses!.map(
      (status) =>
        sql`select * from ${db
          .select({ seq: jobs.seq, created_at: jobs.createdAt, id: jobs.id })
          .from(jobs)
          .where(and(...filterConditions(owner, { ...f, statuses: [status] }), ...keyset))
          .orderBy(...orderFor(page.direction))
          .limit(reach)}`,
    );
    const dir = page.direction === 'desc' ? sql`desc` : sql`asc`;
    return sql`select seq from (${sql.join(branches, sql` union all `)}) order by created_at ${dir}, id ${dir} limit ${take} offset ${page.offset ?? 0}`;
  }
  return db
    .select({ seq: jobs.seq })
    .from(jobs)
    .where(and(...filterConditions(owner, f), ...keyset))
    .orderBy(...orderFor(page.direction))
    .limit(take)
    .offset(page.offset ?? 0)
    .getSQL();
}

/** A page as read from the database: the items, whether more follow, and the last item's key. */
export interface PageOf<T> {
  items: T;
  hasMore: boolean;
  last: Keyset | null;
  /** The value of the `total` subquery a reader was given, when the page had a row to carry it. */
  total?: number;
}

/**
 * Reads the jobs whose `seq`s the given subquery yields (at most limit + 1 of them), in order.
 * A `total` subquery rides along in the same statement (one round trip instead of two).
 */
export type PageReader<T> = (db: Db, seqs: SQL, direction: SortDirection, limit: number, total?: SQL) => Promise<PageOf<T>>;

const totalColumn = (total?: SQL) => (total ? sql<number>`(${total})` : sql<number>`null`);
const carriedTotal = (row: { total: unknown } | undefined) => (row && row.total !== null && row.total !== undefined ? Number(row.total) : undefined);

/** Pages as `JobView` rows (for presenters written in TypeScript). */
export const readRows: PageReader<JobView[]> = async (db, seqs, direction, limit, total) => {
  const rows = await db
    .select({ ...jobView, total: totalColumn(total) })
    .from(jobs)
    .leftJoin(projects, eq(projects.id, jobs.projectId))
    .where(sql`${jobs.seq} in (${seqs})`)
    .orderBy(...orderFor(direction));
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, hasMore: rows.length > limit, last: last ? { createdAt: last.createdAt, id: last.id } : null, total: carriedTotal(rows[0]) };
};

export interface JobJsonRow {
  json: string;
  owner: string;
  thumbnailAssetId: string | null;
}

/**
 * Pages as canonical Jobs already written as JSON by SQLite (see `jobJsonSql`; the presenter's
 * `jobsJsonArray` joins them). (One row per job measured faster than a `json_group_array` over
 * a windowed subquery: 0.61 vs 0.99 ms for a 20-job page.)
 */
export const readJson: PageReader<JobJsonRow[]> = async (db, seqs, direction, limit, total) => {
  const dir = direction === 'desc' ? sql`desc` : sql`asc`;
  const rows = await db.all<{ j: string; owner: string; thumb: string | null; created_at: number; id: string; total: number | null }>(sql`
    select ${jobJsonSql} as j, ${jobs.owner} as owner, ${jobThumbnailSql} as thumb, ${jobs.createdAt} as created_at, ${jobs.id} as id, ${totalColumn(total)} as total
    from ${jobs} left join ${projects} on ${projects.id} = ${jobs.projectId}
    where ${jobs.seq} in (${seqs})
    order by ${jobs.createdAt} ${dir}, ${jobs.id} ${dir}`);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const hasMore = rows.length > limit;
  return { items: page.map((r) => ({ json: r.j, owner: r.owner, thumbnailAssetId: r.thumb })), hasMore, last: hasMore && last ? { createdAt: Number(last.created_at), id: String(last.id) } : null, total: carriedTotal(rows[0]) };
};

/**
 * One page of an owner's jobs, newest or oldest first. Pages are keyset (`after`) or offset;
 * the inner query walks only a covering index and the reader fetches just the page's rows,
 * so a deep offset costs index steps, not row reads.
 */
function listPage<T>(db: Db, owner: string, f: JobFilters, page: JobPage, read: PageReader<T>, total?: SQL): Promise<PageOf<T>> {
  return read(db, pageSeqsQuery(db, owner, f, page), page.direction, page.limit, total);
}

export interface JobsResult<T> extends PageOf<T> {
  total: number;
  /** True when `total` stopped counting at SEARCH_TOTAL_CAP (a very common search term). */
  totalCapped: boolean;
}

/** A term matching at most this many jobs (all owners) is rare; the probe costs as many row lookups. */
const RARE_MATCHES = 500;
/** Totals of searches for very common terms stop counting here (like most search engines). */
export const SEARCH_TOTAL_CAP = 500;

/** One page and its total: what every list endpoint answers. */
export async function pageOfJobs<T>(db: Db, owner: string, f: JobFilters, page: JobPage, read: PageReader<T>): Promise<JobsResult<T>> {
  if (f.q && [...f.q].length >= TRIGRAM_MIN) return searchJobs(db, owner, f as JobFilters & { q: string }, page, read);
  const count = countQuery(db, owner, f);
  const got = await listPage(db, owner, f, page, read, count);
  return { ...got, total: await totalOf(db, got, count), totalCapped: false };
}

const keyOrder = (direction: SortDirection) => (a: Keyset, b: Keyset) => {
  const c = a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return direction === 'desc' ? -c : c;
};

/**
 * Text search, planned by how common the term is. One statement evaluates the FTS match once
 * (capped at RARE_MATCHES + 1) and returns the owner's matching keys: for a rare term those are
 * all of them, so the page and the exact total come from that small set. A common term is
 * cheaper from the owner's side: walk the owner's index in order with LIKE until the page is
 * full, and count up to SEARCH_TOTAL_CAP (unless `exactTotal`). (Measured on 1M jobs: driving
 * a rare term from the owner's 100,000 rows took 40 ms; materialising a common term's 262,000
 * FTS matches 190 ms.)
 */
async function searchJobs<T>(db: Db, owner: string, f: JobFilters & { q: string }, page: JobPage, read: PageReader<T>): Promise<JobsResult<T>> {
  const rest: JobFilters = { ...f, q: undefined };
  const probe = await db.all<{ n: number; seq: number | null; created_at: number | null; id: string | null }>(sql`
    with m as materialized (select rowid as r from jobs_fts where jobs_fts match ${ftsPhrase(f.q)} limit ${RARE_MATCHES + 1})
    select (select count(*) from m) as n, ${jobs.seq} as seq, ${jobs.createdAt} as created_at, ${jobs.id} as id
    from (select 1) as one
    left join ${jobs} on (select count(*) from m) <= ${RARE_MATCHES} and ${jobs.seq} in (select r from m) and ${and(...filterConditions(owner, rest, false))}`);
  const matches = Number(probe[0]?.n ?? 0);

  if (matches <= RARE_MATCHES) {
    const keys = probe.filter((r) => r.seq !== null).map((r) => ({ seq: Number(r.seq), createdAt: Number(r.created_at), id: String(r.id) }));
    const order = keyOrder(page.direction);
    keys.sort(order);
    const after = page.after;
    const from = after ? keys.filter((k) => order(k, after) > 0) : keys;
    const start = page.offset ?? 0;
    const slice = from.slice(start, start + page.limit + 1);
    const got = await read(db, sql`select value from json_each(${JSON.stringify(slice.map((k) => k.seq))})`, page.direction, page.limit);
    return { ...got, total: keys.length, totalCapped: false };
  }

  // A common term (the probe's guard skipped its row lookups). LIKE on the owner's range matches
  // exactly what the index would, unless the term has non-ASCII letters with case (then the FTS
  // set is used: slower, still right). The capped count rides in the page statement.
  const common: JobFilters = { ...f, textMatch: likeFoldsLikeFts(f.q) ? 'like' : 'fts' };
  const cap = f.exactTotal ? Number.MAX_SAFE_INTEGER : SEARCH_TOTAL_CAP;
  const count = f.exactTotal ? countQuery(db, owner, common) : countQuery(db, owner, common, SEARCH_TOTAL_CAP + 1);
  const got = await listPage(db, owner, common, page, read, count);
  const n = await totalOf(db, got, count);
  return { ...got, total: Math.min(n, cap), totalCapped: n > cap };
}

/**
 * Matching jobs for `total`, as SQL (so it can ride in a page statement). Unfiltered or
 * status-only counts come from the trigger-kept counters; `upTo` stops counting early.
 */
function countQuery(db: Db, owner: string, f: JobFilters, upTo?: number): SQL {
  const onlyStatus = !f.trashed && !f.appId && !f.assetType && !f.kind && !f.output && !f.projectId && !f.q && f.from === undefined && f.to === undefined;
  if (onlyStatus) {
    const where = [eq(jobCounts.owner, owner)];
    if (f.statuses?.length) where.push(inArray(jobCounts.status, f.statuses));
    return db.select({ n: sql<number>`coalesce(sum(${jobCounts.n}), 0)`.as('n') }).from(jobCounts).where(and(...where)).getSQL();
  }
  const matching = db.select({ one: sql`1` }).from(jobs).where(and(...filterConditions(owner, f)));
  const rows = upTo === undefined ? matching : matching.limit(upTo);
  return db.select({ n: sql<number>`count(*)`.as('n') }).from(rows.as('matching')).getSQL();
}

/** Runs a count query. */
async function runCount(db: Db, count: SQL): Promise<number> {
  const [row] = await db.all<{ n: number }>(count);
  return Number(row?.n ?? 0);
}

/** The total a page carried, or (for an empty page, which carries none) the count on its own. */
async function totalOf(db: Db, got: PageOf<unknown>, count: SQL): Promise<number> {
  return got.total ?? runCount(db, count);
}

export type JobStats = Record<JobStatus, number> & { total: number; credits_used: number };

/**
 * Live jobs by status and credits used: from the trigger-kept counters, or for one project
 * counted over its jobs (an index range on (owner, project_id)).
 */
export async function jobStats(db: Db, owner: string, projectId?: string): Promise<JobStats> {
  const rows = projectId
    ? await db
        .select({ status: jobs.status, n: sql<number>`count(*)`, credits: sql<number>`coalesce(sum(${jobs.creditUsed}), 0)` })
        .from(jobs)
        .where(and(eq(jobs.owner, owner), eq(jobs.projectId, projectId), isNull(jobs.deletedAt)))
        .groupBy(jobs.status)
    : await db.select().from(jobCounts).where(eq(jobCounts.owner, owner));
  const stats = { total: 0 } as JobStats;
  for (const s of jobStatuses) stats[s] = 0;
  stats.credits_used = 0;
  for (const r of rows) {
    stats[r.status] = r.n;
    stats.total += r.n;
    stats.credits_used += r.credits;
  }
  stats.credits_used = roundCredits(stats.credits_used);
  return stats;
}


/** A live job of the owner's, or null. */
export async function findJob(db: Db, owner: string, id: string): Promise<JobView | null> {
  const [row] = await db
    .select(jobView)
    .from(jobs)
    .leftJoin(projects, eq(projects.id, jobs.projectId))
    .where(and(eq(jobs.id, id), eq(jobs.owner, owner), isNull(jobs.deletedAt)))
    .limit(1);
  return row ?? null;
}

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
      .where(and(eq(jobs.owner, owner), inJsonList(jobs.id, ids), isNull(jobs.deletedAt)))
      .returning({ id: jobs.id }),
    db
      .update(assets)
      .set({ deletedAt: now })
      .where(and(eq(assets.owner, owner), inJsonList(assets.jobId, ids), isNull(assets.deletedAt))),
  ]);
  return trashed.map((r) => r.id);
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
          eq(assets.owner, owner),
          inJsonList(assets.jobId, ids),
          sql`${assets.deletedAt} = (select j.deleted_at from jobs j where j.id = ${assets.jobId} and j.owner = ${owner} and j.deleted_at >= ${cutoff})`,
        ),
      ),
    db
      .update(jobs)
      .set({ deletedAt: null })
      .where(and(eq(jobs.owner, owner), inJsonList(jobs.id, ids), isNotNull(jobs.deletedAt), gte(jobs.deletedAt, cutoff)))
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

/** For the ingest path, after ownership was settled. */
async function findJobAnyOwner(db: Db, id: string): Promise<JobView | null> {
  const [row] = await db.select(jobView).from(jobs).leftJoin(projects, eq(projects.id, jobs.projectId)).where(eq(jobs.id, id)).limit(1);
  return row ?? null;
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

/** The number of jobs matching filters (for lists that page some other way). */
export function countJobs(db: Db, owner: string, f: JobFilters): Promise<number> {
  return runCount(db, countQuery(db, owner, f));
}

/** A page of jobs ordered by project name (then newest first): seed 000's `sort=name`. */
export async function listJobsByProjectName(db: Db, owner: string, f: JobFilters, limit: number, offset: number): Promise<JobView[]> {
  return db
    .select(jobView)
    .from(jobs)
    .leftJoin(projects, eq(projects.id, jobs.projectId))
    .where(and(...filterConditions(owner, f)))
    .orderBy(sql`${projects.name} is null`, sql`${projects.name} collate nocase`, desc(jobs.createdAt), desc(jobs.id))
    .limit(limit)
    .offset(offset);
}

/** The owner's jobs with these ids (live or trashed), for describing them next to their files. */
export async function jobsByIds(db: Db, owner: string, ids: string[]): Promise<JobView[]> {
  if (!ids.length) return [];
  return db.select(jobView).from(jobs).leftJoin(projects, eq(projects.id, jobs.projectId)).where(and(eq(jobs.owner, owner), inJsonList(jobs.id, ids)));
}
