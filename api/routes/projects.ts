import { createRoute, z } from '@hono/zod-openapi';
import { ownerOf } from '../auth/caller.ts';
import { projectStatuses } from '../db/schema/projects.ts';
import { ApiError, isUniqueViolation } from '../errors.ts';
import { presets } from '../lib/route-presets.ts';
import { createRouter } from '../lib/router.ts';
import { retentionMs, trashReceipt } from '../lib/trash.ts';
import { IdParam, iso, json, jsonBody, pick, queryInt } from '../schemas/common.ts';
import { duplicateProject, pageOfProjects, projectAccess, projectTypes, restoreProject, trashProject, updateProject, type ProjectView } from '../services/projects.ts';
import { TrashResultSchema } from '../schemas/jobs.ts';
import { ProjectListSchema, ProjectSchema } from '../schemas/projects.ts';
import { aliasConflicts, aliasFields, resolveAliases } from '../schemas/list-aliases.ts';
import type { Context } from 'hono';
import type { AppEnv } from '../env.ts';
import { urlContext, type UrlContext } from '../lib/url-context.ts';
import { thumbnailUrl } from '../presenters/jobs.ts';

const ProjectListQuery = z
  .object({
    q: z.string().trim().min(1).max(200).optional().openapi({ description: 'Search in project names' }),
    status: z.enum(projectStatuses).optional(),
    type: z.string().min(1).max(64).optional(),
    sort: z.enum(['recent', 'newest', 'oldest', 'name', '-name']).optional().openapi({ description: 'Default `newest` (by creation); `recent` puts the project with the latest activity first (the later of `last_job_at` and `updated_at`: its newest job or its last change)' }),
    limit: queryInt().pipe(z.number().int().min(1).max(100)).optional().default(20),
    offset: queryInt().pipe(z.number().int().min(0).max(1_000_000)).optional(),
    ...aliasFields('date-or-name'),
  })
  .superRefine(aliasConflicts);

const ProjectPatchBody = z
  .object({ name: z.string().trim().min(1).max(200).optional(), status: z.enum(projectStatuses).optional(), type: z.string().min(1).max(64).optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'give at least one of name, status, type', path: ['(body)'] })
  .openapi('ProjectPatch');

const toProject = async (p: ProjectView, urls: UrlContext) => ({
  id: p.id,
  app_id: p.appId,
  name: p.name,
  type: p.type,
  status: p.status,
  job_count: p.jobCount,
  asset_count: p.assetCount,
  last_job_at: iso(p.lastJobAt),
  thumbnail_url: await thumbnailUrl(p.owner, p.thumbnailId, urls),
  created_at: iso(p.createdAt)!,
  updated_at: iso(p.updatedAt)!,
});

const list = createRoute({
  method: 'get',
  path: '/api/v1/projects',
  tags: ['Projects'],
  summary: 'Your projects (seed 004 story 6.1): search, filter by status or type, sort by date or name',
  description: "Seed 004's words work too: `search` for `q`, a 1-based `page` for `offset`, `sort_by` (`created_at`, `name`) with `order` (`asc`, `desc`) for `sort`.",
  ...presets.userRead,
  request: { query: ProjectListQuery },
  responses: {
    200: json(ProjectListSchema, 'A page of projects'),
    304: { description: 'Not modified' },
    ...pick(401, 403, 422),
  },
});

const getOne = createRoute({
  method: 'get',
  path: '/api/v1/projects/{id}',
  tags: ['Projects'],
  summary: 'One project with its counts and thumbnail',
  ...presets.userRead,
  request: { params: IdParam },
  responses: { 200: json(ProjectSchema, 'The project'), 304: { description: 'Not modified' }, ...pick(401, 403, 404) },
});

const patch = createRoute({
  method: 'patch',
  path: '/api/v1/projects/{id}',
  tags: ['Projects'],
  summary: 'Rename a project, archive it, or change its type',
  ...presets.userWrite,
  request: { params: IdParam, body: jsonBody(ProjectPatchBody) },
  responses: { 200: json(ProjectSchema, 'The project after the change'), ...pick(400, 401, 403, 404, 409, 422) },
});

const remove = createRoute({
  method: 'delete',
  path: '/api/v1/projects/{id}',
  tags: ['Projects'],
  summary: 'Move a project, its jobs and their assets to the trash',
  ...presets.userWrite,
  request: { params: IdParam },
  responses: { 200: json(TrashResultSchema, 'Trashed; restorable until the given time'), ...pick(401, 403, 404) },
});

const restore = createRoute({
  method: 'post',
  path: '/api/v1/projects/{id}/restore',
  tags: ['Projects'],
  summary: 'Bring a trashed project back, with what went to the trash with it',
  ...presets.userWrite,
  request: { params: IdParam },
  responses: { 200: json(ProjectSchema, 'The restored project'), ...pick(401, 404, 409) },
});

const duplicate = createRoute({
  method: 'post',
  path: '/api/v1/projects/{id}/duplicate',
  tags: ['Projects'],
  summary: 'Copy a project with its jobs and assets (files are shared, not copied)',
  ...presets.userWrite,
  request: { params: IdParam },
  responses: { 201: json(ProjectSchema, 'The copy'), ...pick(401, 403, 404, 422) },
});

async function notMine(c: Context<AppEnv>, owner: string, id: string): Promise<never> {
  if ((await projectAccess(c.var.deps.db, owner, id)) === 'foreign') throw new ApiError('forbidden', 'You do not own this project');
  throw new ApiError('not_found', 'Project not found');
}

async function view(c: Context<AppEnv>, owner: string, id: string) {
  const [v] = (await pageOfProjects(c.var.deps.db, owner, { id }, 'newest', 1, 0)).rows;
  return v ? toProject(v, urlContext(c)) : notMine(c, owner, id);
}

export const projectsRouter = createRouter()
  .openapi(list, async (c) => {
    const { deps, caller } = c.var;
    const q = c.req.valid('query');
    const { q: term, offset = 0, sort } = resolveAliases(q, 'newest');
    const owner = ownerOf(caller);
    const [page, types] = await Promise.all([pageOfProjects(deps.db, owner, { q: term, status: q.status, type: q.type }, sort, q.limit, offset), projectTypes(deps.db, owner)]);
    const urls = urlContext(c);
    const items = await Promise.all(page.rows.map((p) => toProject(p, urls)));
    return c.json({ projects: items, total: page.total, limit: q.limit, offset, has_more: page.hasMore, types }, 200);
  })
  .openapi(getOne, async (c) => {
    const owner = ownerOf(c.var.caller);
    return c.json(await view(c, owner, c.req.valid('param').id), 200);
  })
  .openapi(patch, async (c) => {
    const { deps, caller } = c.var;
    const owner = ownerOf(caller);
    const { id } = c.req.valid('param');
    let row;
    try {
      row = await updateProject(deps.db, owner, id, c.req.valid('json'), deps.clock.now());
    } catch (err) {
      if (isUniqueViolation(err)) throw new ApiError('conflict', 'Another project of this app already has that name');
      throw err;
    }
    if (!row) await notMine(c, owner, id);
    return c.json(await view(c, owner, id), 200);
  })
  .openapi(remove, async (c) => {
    const { deps, caller } = c.var;
    const owner = ownerOf(caller);
    const { id } = c.req.valid('param');
    const now = deps.clock.now();
    if (!(await trashProject(deps.db, owner, id, now))) await notMine(c, owner, id);
    return c.json(trashReceipt(deps, [id], [id], now), 200);
  })
  .openapi(restore, async (c) => {
    const { deps, caller } = c.var;
    const owner = ownerOf(caller);
    const { id } = c.req.valid('param');
    let restored;
    try {
      restored = await restoreProject(deps.db, owner, id, deps.clock.now(), retentionMs(deps));
    } catch (err) {
      if (isUniqueViolation(err)) throw new ApiError('conflict', 'A live project of this app now has the same name; rename it first');
      throw err;
    }
    if (!restored) throw new ApiError('not_found', 'No such project in the trash');
    return c.json(await view(c, owner, id), 200);
  })
  .openapi(duplicate, async (c) => {
    const { deps, caller } = c.var;
    const owner = ownerOf(caller);
    const { id } = c.req.valid('param');
    const copy = (await duplicateProject(deps.db, owner, id, deps.clock.now())) ?? (await notMine(c, owner, id));
    c.header('Location', `/api/v1/projects/${copy.id}`);
    return c.json(await view(c, owner, copy.id), 201);
  });
