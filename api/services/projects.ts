import { and, asc, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { assets, jobs, projects, type ProjectRow } from '../db/schema/index.ts';
import { ApiError } from '../errors.ts';
import { randomId } from '../lib/crypto.ts';
import { inJsonList, ownership, ownLiveForIdList } from './sql.ts';
import { likeCondition } from './search.ts';

export interface ProjectFilters {
  /** One project (to answer a change with the same view the list shows). */
  id?: string;
  q?: string;
  status?: ProjectRow['status'];
  type?: string;
}

/** `recent`: by last activity — its newest job or its last change (a rename, a copy), whichever is later — as the cards show it. */
export type ProjectSort = 'recent' | 'newest' | 'oldest' | 'name' | '-name';

/**
 * A project with what its cards show: how many live jobs and assets it has, when the last job ran,
 * and the asset that pictures it (its own thumbnail, else its newest image).
 */
export type ProjectView = ProjectRow & { jobCount: number; assetCount: number; lastJobAt: number | null; thumbnailId: string | null };

function conditions(owner: string, f: ProjectFilters): SQL[] {
  const where: SQL[] = [eq(projects.owner, owner), isNull(projects.deletedAt)];
  if (f.id) where.push(eq(projects.id, f.id));
  if (f.status) where.push(eq(projects.status, f.status));
  if (f.type) where.push(eq(projects.type, f.type));
  // Project names are short and an owner has few projects: LIKE over the owner's range is enough.
  if (f.q) where.push(likeCondition(f.q, projects.name));
  return where;
}

const orders: Record<Exclude<ProjectSort, 'recent'>, SQL[]> = {
  newest: [desc(projects.createdAt), desc(projects.id)],
  oldest: [asc(projects.createdAt), asc(projects.id)],
  name: [sql`${projects.name} collate nocase asc`, asc(projects.id)],
  '-name': [sql`${projects.name} collate nocase desc`, desc(projects.id)],
};

export async function pageOfProjects(db: Db, owner: string, f: ProjectFilters, sort: ProjectSort, limit: number, offset: number): Promise<{ rows: ProjectView[]; total: number; hasMore: boolean }> {
  const where = conditions(owner, f);
  // Spelled out: drizzle leaves columns unqualified in one-table queries, and inside the
  // subquery a bare "id" would mean jobs.id.
  const outerId = sql`${sql.identifier('projects')}.${sql.identifier('id')}`;
  const lastJobAt = sql<number | null>`(select max(${jobs.createdAt}) from ${jobs} where ${jobs.owner} = ${owner} and ${jobs.projectId} = ${outerId} and ${jobs.deletedAt} is null)`;
  const order = sort === 'recent' ? [sql`max(coalesce(${lastJobAt}, 0), ${projects.updatedAt}) desc`, desc(projects.id)] : orders[sort];
  const [rows, [count]] = await Promise.all([
    db
      .select({
        project: projects,
        jobCount: sql<number>`(select count(*) from ${jobs} where ${jobs.owner} = ${owner} and ${jobs.projectId} = ${outerId} and ${jobs.deletedAt} is null)`,
        lastJobAt,
        assetCount: sql<number>`(select count(*) from assets a join jobs j on j.id = a.job_id where j.owner = ${owner} and j.project_id = ${outerId} and j.deleted_at is null and a.deleted_at is null)`,
        thumbnailId: sql<string | null>`coalesce(
          (select a.id from assets a where a.id = ${projects.thumbnailAssetId} and a.owner = ${owner} and a.deleted_at is null and a.blob_key is not null),
          (select a.id from jobs j join assets a on a.job_id = j.id where j.owner = ${owner} and j.project_id = ${outerId} and j.deleted_at is null
            and a.deleted_at is null and a.kind = 'image' and a.blob_key is not null order by a.created_at desc, a.seq desc limit 1))`,
      })
      .from(projects)
      .where(and(...where))
      .orderBy(...order)
      .limit(limit + 1)
      .offset(offset),
    db.select({ n: sql<number>`count(*)` }).from(projects).where(and(...where)),
  ]);
  const views = rows.map((r) => ({ ...r.project, jobCount: Number(r.jobCount), assetCount: Number(r.assetCount), lastJobAt: r.lastJobAt === null ? null : Number(r.lastJobAt), thumbnailId: r.thumbnailId }));
  return { rows: views.slice(0, limit), total: Number(count?.n ?? 0), hasMore: views.length > limit };
}

/** The distinct types of the owner's live projects, for a filter. */
export async function projectTypes(db: Db, owner: string): Promise<string[]> {
  const rows = await db.selectDistinct({ type: projects.type }).from(projects).where(and(eq(projects.owner, owner), isNull(projects.deletedAt))).orderBy(asc(projects.type));
  return rows.map((r) => r.type);
}

export const projectAccess = (db: Db, owner: string, id: string) => ownership(db, projects, owner, id);

/** Renames or changes status/type; a rename onto another live project's name (same app) is refused. */
export async function updateProject(db: Db, owner: string, id: string, patch: { name?: string; status?: ProjectRow['status']; type?: string }, now: number): Promise<ProjectRow | null> {
  const [row] = await db
    .update(projects)
    .set({ ...patch, updatedAt: now })
    .where(and(eq(projects.id, id), eq(projects.owner, owner), isNull(projects.deletedAt)))
    .returning();
  return row ?? null;
}

/** Moves a project, its live jobs and their live assets to the trash together (one batch). */
export async function trashProject(db: Db, owner: string, id: string, now: number): Promise<boolean> {
  const ofProject = sql`${assets.jobId} in (select ${jobs.id} from ${jobs} where ${jobs.owner} = ${owner} and ${jobs.projectId} = ${id} and ${jobs.deletedAt} is null)`;
  const [trashed] = await db.batch([
    db
      .update(projects)
      .set({ deletedAt: now })
      .where(and(eq(projects.id, id), eq(projects.owner, owner), isNull(projects.deletedAt)))
      .returning({ id: projects.id }),
    db.update(assets).set({ deletedAt: now }).where(and(eq(assets.owner, owner), isNull(assets.deletedAt), ofProject)),
    db.update(jobs).set({ deletedAt: now }).where(and(eq(jobs.owner, owner), eq(jobs.projectId, id), isNull(jobs.deletedAt))),
  ]);
  return trashed.length > 0;
}

/** Brings a project back with exactly what went to the trash with it, within the retention window. */
export async function restoreProject(db: Db, owner: string, id: string, now: number, retentionMs: number): Promise<boolean> {
  const [p] = await db
    .select({ deletedAt: projects.deletedAt })
    .from(projects)
    .where(and(eq(projects.id, id), eq(projects.owner, owner)))
    .limit(1);
  if (!p || p.deletedAt === null || p.deletedAt < now - retentionMs) return false;
  const at = p.deletedAt;
  const [restored] = await db.batch([
    db
      .update(projects)
      .set({ deletedAt: null })
      .where(and(eq(projects.id, id), eq(projects.owner, owner), eq(projects.deletedAt, at)))
      .returning({ id: projects.id }),
    db
      .update(assets)
      .set({ deletedAt: null })
      .where(and(eq(assets.owner, owner), eq(assets.deletedAt, at), sql`${assets.jobId} in (select ${jobs.id} from ${jobs} where ${jobs.owner} = ${owner} and ${jobs.projectId} = ${id})`)),
    db.update(jobs).set({ deletedAt: null }).where(and(eq(jobs.owner, owner), eq(jobs.projectId, id), eq(jobs.deletedAt, at))),
  ]);
  return restored.length > 0;
}

/** Copies of a project's records: bigger projects would not fit one atomic batch comfortably. */
export const DUPLICATE_MAX_JOBS = 500;

/**
 * Duplicates a project with its live jobs and assets as new records in one atomic batch. Blobs
 * are shared, never copied (the purge only deletes a blob no surviving asset references).
 * @returns the new project, or null when the source is not the owner's live project
 */
export async function duplicateProject(db: Db, owner: string, id: string, now: number): Promise<ProjectRow | null> {
  const [source] = await db
    .select()
    .from(projects)
    .where(and(eq(projects.id, id), eq(projects.owner, owner), isNull(projects.deletedAt)))
    .limit(1);
  if (!source) return null;
  const sourceJobs = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.owner, owner), eq(jobs.projectId, id), isNull(jobs.deletedAt)))
    .limit(DUPLICATE_MAX_JOBS + 1);
  if (sourceJobs.length > DUPLICATE_MAX_JOBS) {
    throw new ApiError('validation_error', 'This project is too large to duplicate', { details: [{ field: 'id', message: `projects with more than ${DUPLICATE_MAX_JOBS} jobs cannot be duplicated` }] });
  }
  const jobIds = new Map(sourceJobs.map((j) => [j.id, randomId()]));
  const sourceAssets = jobIds.size
    ? await db.select().from(assets).where(and(ownLiveForIdList(assets, owner), inJsonList(assets.jobId, [...jobIds.keys()])))
    : [];
  const taken = new Set(
    (await db.select({ name: projects.name }).from(projects).where(and(eq(projects.owner, owner), isNull(projects.deletedAt), likeCondition(`${source.name} (copy`, projects.name)))).map((r) => r.name),
  );
  let name = `${source.name} (copy)`;
  for (let n = 2; taken.has(name); n++) name = `${source.name} (copy ${n})`;

  const copy = { ...source, id: randomId(), name, createdAt: now, updatedAt: now, deletedAt: null };
  // One statement per row: D1 allows at most 100 bound parameters per statement.
  await db.batch([
    db.insert(projects).values(copy),
    ...sourceJobs.map(({ seq: _seq, ...j }) => db.insert(jobs).values({ ...j, id: jobIds.get(j.id)!, projectId: copy.id, taskId: null, retryOf: null })),
    ...sourceAssets.map(({ seq: _seq, ...a }) => db.insert(assets).values({ ...a, id: randomId(), jobId: jobIds.get(a.jobId)!, isPublic: false })),
  ]);
  return copy;
}
