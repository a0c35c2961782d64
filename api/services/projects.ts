import { and, asc, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { jobs, projects, type ProjectRow } from '../db/schema/index.ts';
import { likeCondition } from './search.ts';

export interface ProjectFilters {
  /** One project (to answer a change with the same view the list shows). */
  id?: string;
  q?: string;
  status?: ProjectRow['status'];
  type?: string;
}

export type ProjectSort = 'newest' | 'oldest' | 'name' | '-name';

/** A project with what its cards show: how many live jobs it has and when the last one ran. */
export type ProjectView = ProjectRow & { jobCount: number; lastJobAt: number | null };

function conditions(owner: string, f: ProjectFilters): SQL[] {
  const where: SQL[] = [eq(projects.owner, owner), isNull(projects.deletedAt)];
  if (f.id) where.push(eq(projects.id, f.id));
  if (f.status) where.push(eq(projects.status, f.status));
  if (f.type) where.push(eq(projects.type, f.type));
  // Project names are short and an owner has few projects: LIKE over the owner's range is enough.
  if (f.q) where.push(likeCondition(f.q, projects.name));
  return where;
}

const orders: Record<ProjectSort, SQL[]> = {
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
  const [rows, [count]] = await Promise.all([
    db
      .select({
        project: projects,
        jobCount: sql<number>`(select count(*) from ${jobs} where ${jobs.owner} = ${owner} and ${jobs.projectId} = ${outerId} and ${jobs.deletedAt} is null)`,
        lastJobAt: sql<number | null>`(select max(${jobs.createdAt}) from ${jobs} where ${jobs.owner} = ${owner} and ${jobs.projectId} = ${outerId} and ${jobs.deletedAt} is null)`,
      })
      .from(projects)
      .where(and(...where))
      .orderBy(...orders[sort])
      .limit(limit + 1)
      .offset(offset),
    db.select({ n: sql<number>`count(*)` }).from(projects).where(and(...where)),
  ]);
  const views = rows.map((r) => ({ ...r.project, jobCount: Number(r.jobCount), lastJobAt: r.lastJobAt === null ? null : Number(r.lastJobAt) }));
  return { rows: views.slice(0, limit), total: Number(count?.n ?? 0), hasMore: views.length > limit };
}

export async function projectAccess(db: Db, owner: string, id: string): Promise<'mine' | 'foreign' | 'missing'> {
  const [row] = await db
    .select({ mine: sql<number>`${projects.owner} = ${owner}` })
    .from(projects)
    .where(and(eq(projects.id, id), isNull(projects.deletedAt)))
    .limit(1);
  if (!row) return 'missing';
  return Number(row.mine) ? 'mine' : 'foreign';
}

/** Renames or changes status/type; a rename onto another live project's name (same app) is refused. */
export async function updateProject(db: Db, owner: string, id: string, patch: { name?: string; status?: ProjectRow['status']; type?: string }, now: number): Promise<ProjectRow | null> {
  const [row] = await db
    .update(projects)
    .set({ ...patch, updatedAt: now })
    .where(and(eq(projects.id, id), eq(projects.owner, owner), isNull(projects.deletedAt)))
    .returning();
  return row ?? null;
}
