/**
 * The jobs read model: one page of an owner's jobs and its total, planned per request, read as
 * rows (for presenters written in TypeScript) or as JSON written by SQLite; the counters; one
 * job; the owner's jobs by id. `listJobs` is what every list surface calls (/api/v1/jobs,
 * /api/me/jobs, /api/generations, /api/user-generations, downloads).
 */
import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { jobCounts, jobs, jobStatuses, projects, type JobStatus } from '../../db/schema/index.ts';
import type { Deps } from '../../env.ts';
import { decodeCursor, decodeOffsetCursor, encodeCursor, encodeOffsetCursor } from '../../lib/cursor.ts';
import { roundCredits } from '../../lib/numbers.ts';
import type { Keyset, PageOf, PageRequest, SortDirection } from '../../lib/paging.ts';
import { ftsPhrase, likeFoldsLikeFts, TRIGRAM_MIN } from '../search.ts';
import { inJsonList, notIndexed } from '../sql.ts';
import { jobJsonSql, jobThumbnailSql, jobView, type JobView } from './columns.ts';
import { shaped, type Bound } from '../sql-shapes.ts';
import { countQuery, directionOf, filterConditions, keysetCondition, onlyStatuses, orderFor, type BoundKeyset, type JobFilters, type JobOrder } from './filters.ts';

export type { JobView } from './columns.ts';
export type { JobFilters, JobOrder } from './filters.ts';

// ------------------------------------------------------------------ readers

/**
 * Reads the jobs whose `seq`s the given subquery yields (at most limit + 1 of them), in `order`.
 * A `total` subquery rides along in the same statement (one round trip instead of two).
 */
export type PageReader<T> = (db: Db, seqs: SQL, order: JobOrder, limit: number, total?: SQL) => Promise<PageOf<T>>;

const totalColumn = (total?: SQL) => (total ? sql<number>`(${total})` : sql<number>`null`);
const carriedTotal = (row: { total: unknown } | undefined) => (row && row.total !== null && row.total !== undefined ? Number(row.total) : undefined);

/** Pages as `JobView` rows (for presenters written in TypeScript). */
export const readRows: PageReader<JobView[]> = async (db, seqs, order, limit, total) => {
  const rows = await db
    .select({ ...jobView, total: totalColumn(total) })
    .from(jobs)
    .leftJoin(projects, eq(projects.id, jobs.projectId))
    .where(sql`${jobs.seq} in (${seqs})`)
    .orderBy(...orderFor(order));
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, hasMore: rows.length > limit, last: last ? { createdAt: last.createdAt, id: last.id } : null, total: carriedTotal(rows[0]) };
};

/** A job of the listed owner's (every list is one owner's, so the owner is not read again per row). */
export interface JobJsonRow {
  json: string;
  thumbnailAssetId: string | null;
}

/**
 * Pages as canonical Jobs already written as JSON by SQLite (see `jobJsonSql`; the presenter's
 * `jobsJsonArray` joins them). (One row per job measured faster than a `json_group_array` over
 * a windowed subquery: 0.61 vs 0.99 ms for a 20-job page.)
 */
export const readJson: PageReader<JobJsonRow[]> = async (db, seqs, order, limit, total) => jsonPage(await db.all<JsonPageRow>(jsonPageSql(seqs, order, total)), limit);

interface JsonPageRow {
  j: string;
  thumb: string | null;
  created_at: number;
  id: string;
  total: number | null;
}

/** `readJson`'s statement: the jobs whose `seq`s `seqs` yields, each as JSON, in `order`. */
function jsonPageSql(seqs: SQL, order: JobOrder, total?: SQL): SQL {
  return sql`
    select ${jobJsonSql} as j, ${jobThumbnailSql} as thumb, ${jobs.createdAt} as created_at, ${jobs.id} as id, ${totalColumn(total)} as total
    from ${jobs} left join ${projects} on ${projects.id} = ${jobs.projectId}
    where ${jobs.seq} in (${seqs})
    order by ${sql.join(orderFor(order), sql`, `)}`;
}

function jsonPage(rows: JsonPageRow[], limit: number): PageOf<JobJsonRow[]> {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const hasMore = rows.length > limit;
  return { items: page.map((r) => ({ json: r.j, thumbnailAssetId: r.thumb })), hasMore, last: hasMore && last ? { createdAt: Number(last.created_at), id: String(last.id) } : null, total: carriedTotal(rows[0]) };
}

// ------------------------------------------------------------------ the planner

/** A page request whose keyset may be placeholders (a statement built once). */
type BoundPageRequest = Omit<PageRequest, 'after'> & { after?: BoundKeyset };

const orderOf = (direction: SortDirection): JobOrder => (direction === 'asc' ? 'oldest' : 'newest');

/**
 * The `seq`s of one page. Several statuses (what pollers ask for: `queued,processing`) become a
 * UNION ALL of one bounded index range per status, merged — an `IN` list would make SQLite walk
 * the owner's whole range or sort every match. By project name, the page is an offset into the
 * owner's jobs ordered by their project's name (there is no keyset over names).
 */
function pageSeqsQuery(db: Db, owner: Bound<string>, f: JobFilters, page: PageRequest | BoundPageRequest, order: JobOrder, take: Bound<number> = page.limit + 1): SQL {
  const keyset = page.after ? [keysetCondition(page.direction, page.after)] : [];
  if (order === 'name') {
    return db.select({ seq: jobs.seq }).from(jobs).leftJoin(projects, eq(projects.id, jobs.projectId)).where(and(...filterConditions(owner, f))).orderBy(...orderFor(order)).limit(take).offset(page.offset ?? 0).getSQL();
  }
  if ((f.statuses?.length ?? 0) > 1) {
    const reach = page.limit + 1 + (page.offset ?? 0);
    const branches = f.statuses!.map(
      (status) =>
        sql`select * from ${db
          .select({ seq: jobs.seq, created_at: jobs.createdAt, id: jobs.id })
          .from(jobs)
          .where(and(...filterConditions(owner, { ...f, statuses: [status] }), ...keyset))
          .orderBy(...orderFor(order))
          .limit(reach)}`,
    );
    const dir = page.direction === 'desc' ? sql`desc` : sql`asc`;
    return sql`select seq from (${sql.join(branches, sql` union all `)}) order by created_at ${dir}, id ${dir} limit ${take} offset ${page.offset ?? 0}`;
  }
  return db
    .select({ seq: jobs.seq })
    .from(jobs)
    .where(and(...filterConditions(owner, f), ...keyset))
    .orderBy(...orderFor(order))
    .limit(take)
    .offset(page.offset ?? 0)
    .getSQL();
}

/**
 * One page of an owner's jobs. Pages are keyset (`after`) or offset; the inner query walks only
 * a covering index and the reader fetches just the page's rows, so a deep offset costs index
 * steps, not row reads.
 */
function listPage<T>(db: Db, owner: string, f: JobFilters, page: PageRequest, read: PageReader<T>, total?: SQL, order: JobOrder = orderOf(page.direction)): Promise<PageOf<T>> {
  return read(db, pageSeqsQuery(db, owner, f, page, order), order, page.limit, total);
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

/** One page (newest or oldest first) and its total. */
export async function pageOfJobs<T>(db: Db, owner: string, f: JobFilters, page: PageRequest, read: PageReader<T>): Promise<JobsResult<T>> {
  if (f.q && [...f.q].length >= TRIGRAM_MIN) return searchJobs(db, owner, f as JobFilters & { q: string }, page, read);
  const statement = read === readJson ? shapedJsonPage(db, owner, f, page) : undefined;
  if (statement) {
    const got = jsonPage(await db.all<JsonPageRow>(statement), page.limit) as PageOf<T>;
    return { ...got, total: got.total ?? (await runCount(db, countQuery(db, owner, f))), totalCapped: false };
  }
  const count = countQuery(db, owner, f);
  const got = await listPage(db, owner, f, page, read, count);
  return { ...got, total: await totalOf(db, got, count), totalCapped: false };
}

/** Placeholders of the statements `shapedJsonPage` renders once. */
const bound = { owner: sql.placeholder('owner'), take: sql.placeholder('take'), afterAt: sql.placeholder('after_at'), afterId: sql.placeholder('after_id') };

/**
 * `readJson`'s statement for the pages clients ask for most — an owner's live (or trashed) jobs
 * in time order, from the start or after a cursor, with the total — rendered to SQL text once per
 * shape (see sql-shapes.ts); undefined for other filters and for offsets.
 */
function shapedJsonPage(db: Db, owner: string, f: JobFilters, page: PageRequest): SQL | undefined {
  if (f.statuses?.length || !onlyStatuses(f) || page.offset) return undefined;
  const order = orderOf(page.direction);
  const key = `jobs-json:${order}:${page.after ? 'after' : 'first'}:${f.trashed ? 'trash' : 'live'}`;
  const build = () => {
    const after = page.after ? { createdAt: bound.afterAt, id: bound.afterId } : undefined;
    return jsonPageSql(pageSeqsQuery(db, bound.owner, f, { ...page, after }, order, bound.take), order, countQuery(db, bound.owner, f));
  };
  return shaped(key, build, { owner, take: page.limit + 1, after_at: page.after?.createdAt, after_id: page.after?.id });
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
async function searchJobs<T>(db: Db, owner: string, f: JobFilters & { q: string }, page: PageRequest, read: PageReader<T>): Promise<JobsResult<T>> {
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
    const got = await read(db, sql`select value from json_each(${JSON.stringify(slice.map((k) => k.seq))})`, orderOf(page.direction), page.limit);
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

/** Runs a count query. */
async function runCount(db: Db, count: SQL): Promise<number> {
  const [row] = await db.all<{ n: number }>(count);
  return Number(row?.n ?? 0);
}

/** The total a page carried, or (for an empty page, which carries none) the count on its own. */
async function totalOf(db: Db, got: PageOf<unknown>, count: SQL): Promise<number> {
  return got.total ?? runCount(db, count);
}

// ------------------------------------------------------------------ the one entry for list surfaces

/** A list request in the read model's words: what every surface translates its own query into. */
export interface JobListQuery {
  filters: JobFilters;
  order: JobOrder;
  limit: number;
  offset?: number;
  /** `next_cursor` of the page before (signed; a keyset for time orders, an offset by name). */
  cursor?: string;
}

export interface JobList<T> {
  items: T;
  total: number;
  totalCapped: boolean;
  hasMore: boolean;
  nextCursor: string | null;
}

/**
 * One page of the owner's jobs and its total, as `read` shapes them (rows, or JSON from SQLite).
 * Time orders page by signed keyset cursors (or offset); by project name by offset, with the next
 * offset inside the same opaque cursor, so clients page every order alike.
 */
export async function listJobs<T>(deps: Pick<Deps, 'db' | 'config'>, owner: string, q: JobListQuery, read: PageReader<T>): Promise<JobList<T>> {
  const secret = deps.config.SIGNING_SECRET;
  if (q.order === 'name') {
    const offset = q.cursor ? await decodeOffsetCursor(secret, 'jobs', 'name', q.cursor) : (q.offset ?? 0);
    const count = countQuery(deps.db, owner, q.filters);
    const got = await listPage(deps.db, owner, q.filters, { limit: q.limit, direction: 'desc', offset }, read, count, 'name');
    const nextCursor = got.hasMore ? await encodeOffsetCursor(secret, 'jobs', 'name', offset + q.limit) : null;
    return { items: got.items, total: await totalOf(deps.db, got, count), totalCapped: false, hasMore: got.hasMore, nextCursor };
  }
  const direction = directionOf(q.order);
  const after = q.cursor ? await decodeCursor(secret, 'jobs', direction, q.cursor) : undefined;
  const page = await pageOfJobs(deps.db, owner, q.filters, { limit: q.limit, direction, offset: q.offset, after }, read);
  const nextCursor = page.hasMore && page.last ? await encodeCursor(secret, 'jobs', direction, page.last) : null;
  return { items: page.items, total: page.total, totalCapped: page.totalCapped, hasMore: page.hasMore, nextCursor };
}

// ------------------------------------------------------------------ counts and single reads

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

/** A job whatever its owner (the ingest path, after ownership was settled). */
export async function findJobAnyOwner(db: Db, id: string): Promise<JobView | null> {
  const [row] = await db.select(jobView).from(jobs).leftJoin(projects, eq(projects.id, jobs.projectId)).where(eq(jobs.id, id)).limit(1);
  return row ?? null;
}

/** The owner's jobs with these ids (live or trashed), for describing them next to their files. */
export async function jobsByIds(db: Db, owner: string, ids: string[]): Promise<JobView[]> {
  if (!ids.length) return [];
  return db.select(jobView).from(jobs).leftJoin(projects, eq(projects.id, jobs.projectId)).where(and(eq(notIndexed(jobs.owner), owner), inJsonList(jobs.id, ids)));
}
