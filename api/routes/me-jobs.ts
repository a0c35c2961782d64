import { createRoute, z } from '@hono/zod-openapi';
import { ownerOf } from '../auth/caller.ts';
import type { Context } from 'hono';
import type { AssetRow } from '../db/schema/index.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { assetsByJob, jobFiles } from '../services/assets.ts';
import { urlContext, urlsKey } from '../lib/url-context.ts';
import { presets } from '../lib/route-presets.ts';
import { createRouter } from '../lib/router.ts';
import { clampedQueryInt, iso, json, jsonBody, pick } from '../schemas/common.ts';
import { fileUrl } from '../presenters/files.ts';
import { fromSeedStatus } from '../presenters/seed.ts';
import { findJob, jobStats, listJobs, readRows, type JobView } from '../services/jobs/list.ts';
import { trashJobs, trashOwnJob } from '../services/jobs/write.ts';

/**
 * Seed 003's surface ("User Jobs Dashboard"), exactly as its document describes it:
 * page/limit/status/search, camelCase fields, `{jobs, pagination}`, its messages and codes.
 */

/** Seed 003 says `pending` in places; it is our `queued`. */
const MeStatus = z.enum(['completed', 'processing', 'queued', 'failed', 'partial', 'pending']).transform(fromSeedStatus);

const MeJobsQuery = z.object({
  // The original clamps rather than rejects: page=0 or -3 → 1, limit=500 → 100, limit=0 → 1.
  page: clampedQueryInt(1).optional().default(1).openapi({ description: '1-based; below 1 counts as 1' }),
  limit: clampedQueryInt(1, 100).optional().default(20).openapi({ description: '1–100 (outside: the nearest)' }),
  status: MeStatus.optional(),
  search: z.string().trim().max(200).optional(),
});

const MeJob = z
  .object({
    jobId: z.string(),
    prompt: z.string(),
    status: z.string(),
    progress: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    resultUrl: z.string().nullable(),
    thumbnailUrl: z.string().nullable(),
  })
  .openapi('MeJob');

const MeJobDetail = z
  .object({
    jobId: z.string(),
    filePath: z.string().nullable(),
    prompt: z.string(),
    status: z.string(),
    progress: z.number().int(),
    error: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    resultUrl: z.string().nullable(),
  })
  .openapi('MeJobDetail');

const MeJobList = z
  .object({
    jobs: z.array(MeJob),
    pagination: z.object({ page: z.number().int(), limit: z.number().int(), total: z.number().int(), pages: z.number().int() }),
  })
  .openapi('MeJobList');

const MeStats = z
  .object({ total: z.number().int(), completed: z.number().int(), processing: z.number().int(), queued: z.number().int(), failed: z.number().int(), partial: z.number().int() })
  .openapi('MeJobStats');

const JobIdParam = z.object({ jobId: z.string().min(1).max(128).openapi({ param: { name: 'jobId', in: 'path' } }) });

/** Seed 003's job: `resultUrl`/`thumbnailUrl` are short-lived signed URLs (null until the job has files). */
async function meJobs(c: Context<AppEnv>, owner: string, rows: JobView[], urls = urlContext(c)) {
  const byJob = await assetsByJob(c.var.deps.db, owner, rows.map((j) => j.id));
  const sign = (a: AssetRow | undefined) => (a ? fileUrl(urls, a) : null);
  return Promise.all(
    rows.map(async (j) => {
      const { outputs, thumbnail } = jobFiles(byJob.get(j.id) ?? []);
      return {
        jobId: j.id,
        prompt: j.prompt,
        status: j.status,
        progress: j.progress,
        createdAt: iso(j.createdAt)!,
        updatedAt: iso(j.updatedAt)!,
        resultUrl: await sign(outputs[0]),
        thumbnailUrl: await sign(thumbnail),
      };
    }),
  );
}

const list = createRoute({
  method: 'get',
  path: '/api/me/jobs',
  tags: ['Jobs dashboard'],
  summary: 'Your jobs, newest first, by page',
  ...presets.userRead,
  request: { query: MeJobsQuery },
  responses: { 200: json(MeJobList, 'A page of jobs'), ...pick(401, 422) },
});

const stats = createRoute({
  method: 'get',
  path: '/api/me/jobs/stats',
  tags: ['Jobs dashboard'],
  summary: 'Job statistics',
  ...presets.userRead,
  responses: { 200: json(MeStats, 'Counts by status'), ...pick(401) },
});

const getOne = createRoute({
  method: 'get',
  path: '/api/me/jobs/{jobId}',
  tags: ['Jobs dashboard'],
  summary: 'One of your jobs (404 for unknown or another user\'s)',
  ...presets.userRead,
  request: { params: JobIdParam },
  responses: { 200: json(MeJobDetail, 'The job'), ...pick(401, 404) },
});

const remove = createRoute({
  method: 'delete',
  path: '/api/me/jobs/{jobId}',
  tags: ['Jobs dashboard'],
  summary: 'Delete one of your jobs (to the trash)',
  ...presets.userWrite,
  request: { params: JobIdParam },
  responses: { 200: json(z.object({ message: z.string() }), 'Deleted'), ...pick(401, 403, 404) },
});

const bulkDelete = createRoute({
  method: 'post',
  path: '/api/me/jobs/bulk-delete',
  tags: ['Jobs dashboard'],
  summary: 'Delete several of your jobs (the dashboard\'s checkbox selection)',
  ...presets.userWrite,
  request: { body: jsonBody(z.object({ jobIds: z.array(z.string().min(1).max(128)).min(1).max(500) }).strict()) },
  responses: { 200: json(z.object({ message: z.string(), deleted: z.number().int(), notFound: z.array(z.string()) }), 'Deleted'), ...pick(400, 401, 422) },
});

export const meJobsRouter = createRouter()
  .openapi(list, async (c) => {
    const { deps, caller } = c.var;
    const owner = ownerOf(caller);
    const query = c.req.valid('query');
    const { page, limit, status, search } = query;
    const urls = urlContext(c);
    const body = await c.var.pages.remember(owner, `me-jobs ${JSON.stringify(query)} ${urlsKey(urls)}`, async () => {
      const filters = { statuses: status ? [status] : undefined, q: search || undefined };
      const { items: rows, total } = await listJobs(deps, owner, { filters, order: 'newest', limit, offset: (page - 1) * limit }, readRows);
      return JSON.stringify({ jobs: await meJobs(c, owner, rows, urls), pagination: { page, limit, total, pages: Math.ceil(total / limit) } });
    });
    return c.body(body, 200, { 'Content-Type': 'application/json' }) as never;
  })
  .openapi(stats, async (c) => {
    const owner = ownerOf(c.var.caller);
    const body = await c.var.pages.remember(owner, 'me-jobs stats', async () => {
      const s = await jobStats(c.var.deps.db, owner);
      return JSON.stringify({ total: s.total, completed: s.completed, processing: s.processing, queued: s.queued, failed: s.failed, partial: s.partial });
    });
    return c.body(body, 200, { 'Content-Type': 'application/json' }) as never;
  })
  .openapi(getOne, async (c) => {
    const { jobId } = c.req.valid('param');
    const owner = ownerOf(c.var.caller);
    const j = await findJob(c.var.deps.db, owner, jobId);
    if (!j) throw new ApiError('not_found', 'Job not found');
    const resultUrl = (await meJobs(c, owner, [j]))[0]?.resultUrl ?? null;
    return c.json({ jobId: j.id, filePath: null, prompt: j.prompt, status: j.status, progress: j.progress, error: j.errorMessage, createdAt: iso(j.createdAt)!, updatedAt: iso(j.updatedAt)!, resultUrl }, 200);
  })
  .openapi(remove, async (c) => {
    const { deps, caller } = c.var;
    const owner = ownerOf(caller);
    const { jobId } = c.req.valid('param');
    await trashOwnJob(deps.db, owner, jobId, deps.clock.now());
    return c.json({ message: 'Job deleted successfully' }, 200);
  })
  .openapi(bulkDelete, async (c) => {
    const { deps, caller } = c.var;
    const ids = [...new Set(c.req.valid('json').jobIds)];
    const done = await trashJobs(deps.db, ownerOf(caller), ids, deps.clock.now());
    return c.json({ message: `${done.length} job${done.length === 1 ? '' : 's'} deleted successfully`, deleted: done.length, notFound: ids.filter((id) => !done.includes(id)) }, 200);
  });
