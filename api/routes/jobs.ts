import { createRoute, z } from '@hono/zod-openapi';
import { ownerOf } from '../auth/caller.ts';
import { ApiError } from '../errors.ts';
import { presets } from '../lib/route-presets.ts';
import { createRouter } from '../lib/router.ts';
import { bulkResult, retentionMs, trashReceipt } from '../lib/trash.ts';
import { jobsJsonArray, toJob } from '../presenters/jobs.ts';
import { urlContext, urlsKey } from '../lib/url-context.ts';
import { IdParam, json, jsonBody, pick } from '../schemas/common.ts';
import { JobFacetsSchema, JobIdsBody, JobListQuery, JobListSchema, JobSchema, JobStatsSchema, TrashResultSchema, BulkResultSchema, type JobListQueryInput } from '../schemas/jobs.ts';
import { findJob, jobStats, listJobs, readJson, type JobFilters, type JobListQuery as ListQuery } from '../services/jobs/list.ts';
import { requireOwnJob, restoreJobs, trashJobs, trashOwnJob } from '../services/jobs/write.ts';
import { jobAssetTypes } from '../services/job-facets.ts';


/** `GET /api/v1/jobs`'s query in the read model's words. */
const listQueryOf = (q: JobListQueryInput): ListQuery => ({
  filters: filtersOf(q),
  order: q.sort === 'name' ? 'name' : q.sort === 'oldest' || q.sort === 'created_at' ? 'oldest' : 'newest',
  limit: q.limit,
  offset: q.offset,
  cursor: q.cursor,
});

const filtersOf = (q: JobListQueryInput): JobFilters => ({
  statuses: q.status,
  appId: q.app,
  assetType: q.asset_type,
  kind: q.kind,
  projectId: q.project_id,
  q: q.q,
  from: q.from,
  to: q.to,
  trashed: q.trashed,
  exactTotal: q.exact_total,
});

const list = createRoute({
  method: 'get',
  path: '/api/v1/jobs',
  tags: ['Jobs'],
  summary: 'List your jobs',
  description:
    'Filters combine; pages by `offset` or by the opaque `cursor` from `next_cursor` (stable while rows are added). ' +
    'Answers `ETag`; send `If-None-Match` to poll cheaply. With `q`, `total` is exact up to 500 matches and stops counting there for very common terms (`exact_total=true` counts them all, slower).',
  ...presets.userRead,
  request: { query: JobListQuery },
  responses: { 200: json(JobListSchema, 'A page of jobs'), 304: { description: 'Not modified' }, ...pick(401, 403, 422) },
});

const stats = createRoute({
  method: 'get',
  path: '/api/v1/jobs/stats',
  tags: ['Jobs'],
  summary: 'Counts by status and credits used',
  description: 'Of all your jobs, or of one project\'s with `project_id` (an unknown or foreign project counts nothing).',
  ...presets.userRead,
  request: { query: z.object({ project_id: z.string().min(1).max(128).optional() }) },
  responses: { 200: json(JobStatsSchema, 'Live (not trashed) jobs by status'), 304: { description: 'Not modified' }, ...pick(401, 403, 422) },
});

const facets = createRoute({
  method: 'get',
  path: '/api/v1/jobs/facets',
  tags: ['Jobs'],
  summary: 'What your jobs can be filtered by: every asset type among them',
  ...presets.userRead,
  responses: { 200: json(JobFacetsSchema, 'The asset types of your live jobs, A→Z'), 304: { description: 'Not modified' }, ...pick(401, 403) },
});

const getOne = createRoute({
  method: 'get',
  path: '/api/v1/jobs/{id}',
  tags: ['Jobs'],
  summary: 'One job',
  ...presets.userRead,
  request: { params: IdParam },
  responses: { 200: json(JobSchema, 'The job'), 304: { description: 'Not modified' }, ...pick(401, 403, 404) },
});

const remove = createRoute({
  method: 'delete',
  path: '/api/v1/jobs/{id}',
  tags: ['Jobs'],
  summary: 'Move a job (and its assets) to the trash',
  ...presets.userWrite,
  request: { params: IdParam },
  responses: { 200: json(TrashResultSchema, 'Trashed; restorable until the given time'), ...pick(401, 403, 404) },
});

const bulkDelete = createRoute({
  method: 'post',
  path: '/api/v1/jobs/bulk-delete',
  tags: ['Jobs'],
  summary: 'Move up to 500 jobs to the trash',
  description: 'Ids that are unknown, already trashed or another owner\'s are listed in `not_found`; nothing else is touched.',
  ...presets.userWrite,
  request: { body: jsonBody(JobIdsBody) },
  responses: { 200: json(TrashResultSchema, 'What went to the trash'), ...pick(400, 401, 403, 413, 422) },
});

const restore = createRoute({
  method: 'post',
  path: '/api/v1/jobs/restore',
  tags: ['Jobs'],
  summary: 'Restore jobs from the trash',
  ...presets.userWrite,
  request: { body: jsonBody(JobIdsBody) },
  responses: { 200: json(BulkResultSchema, 'What came back'), ...pick(400, 401, 403, 413, 422) },
});

export const jobsRouter = createRouter()
  .openapi(list, async (c) => {
    const q = c.req.valid('query');
    // `c.get` on the hot path: Hono builds a new object of every variable on each `c.var` read.
    const owner = ownerOf(c.get('caller'));
    const urls = urlContext(c);
    const body = await c.get('pages').remember(owner, `jobs ${JSON.stringify(q)} ${urlsKey(urls)}`, async () => {
      const page = await listJobs(c.get('deps'), owner, listQueryOf(q), readJson);
      // The jobs array arrives as JSON text from SQLite; splice it in rather than parse and re-serialise it.
      const rest = JSON.stringify({ total: page.total, limit: q.limit, offset: q.cursor ? null : (q.offset ?? 0), next_cursor: page.nextCursor, has_more: page.hasMore });
      return `{"jobs":${await jobsJsonArray(owner, page.items, urls)},${rest.slice(1)}`;
    });
    return c.body(body, 200, { 'Content-Type': 'application/json' }) as never;
  })
  .openapi(stats, async (c) => {
    const projectId = c.req.valid('query').project_id;
    const owner = ownerOf(c.get('caller'));
    const body = await c.get('pages').remember(owner, `stats ${projectId ?? ''}`, async () => JSON.stringify(await jobStats(c.get('deps').db, owner, projectId)));
    return c.body(body, 200, { 'Content-Type': 'application/json' }) as never;
  })
  .openapi(facets, async (c) => c.json({ asset_types: await jobAssetTypes(c.var.deps.db, ownerOf(c.var.caller)) }, 200))
  .openapi(getOne, async (c) => {
    const { deps, caller } = c.var;
    const owner = ownerOf(caller);
    const { id } = c.req.valid('param');
    const job = await findJob(deps.db, owner, id);
    if (!job) await requireOwnJob(deps.db, owner, id);
    return c.json(await toJob(job!, urlContext(c)), 200);
  })
  .openapi(remove, async (c) => {
    const { deps, caller } = c.var;
    const owner = ownerOf(caller);
    const { id } = c.req.valid('param');
    const now = deps.clock.now();
    if (!(await trashOwnJob(deps.db, owner, id, now))) throw new ApiError('not_found', 'Job not found');
    return c.json(trashReceipt(deps, [id], [id], now), 200);
  })
  .openapi(bulkDelete, async (c) => {
    const { deps, caller } = c.var;
    const { ids } = c.req.valid('json');
    const now = deps.clock.now();
    const done = await trashJobs(deps.db, ownerOf(caller), ids, now);
    return c.json(trashReceipt(deps, ids, done, now), 200);
  })
  .openapi(restore, async (c) => {
    const { deps, caller } = c.var;
    const { ids } = c.req.valid('json');
    const done = await restoreJobs(deps.db, ownerOf(caller), ids, deps.clock.now(), retentionMs(deps));
    return c.json(bulkResult(ids, done), 200);
  });

