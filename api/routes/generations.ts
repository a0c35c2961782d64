import { createRoute, z } from '@hono/zod-openapi';
import { makeZip, predictLength } from 'client-zip';
import type { Context } from 'hono';
import { ownerOf } from '../auth/caller.ts';
import type { AssetRow, JobStatus } from '../db/schema/index.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { roundCredits } from '../lib/numbers.ts';
import { presets } from '../lib/route-presets.ts';
import { createRouter } from '../lib/router.ts';
import { bytesHeaders, contentDisposition } from '../lib/serve-blob.ts';
import { IdParam, iso, json, pick, queryInt } from '../schemas/common.ts';
import { serveAsset } from '../services/asset-bytes.ts';
import { assetsByJob, assetsOfJobs, downloadName, jobFiles, uniqueNames } from '../services/assets.ts';
import { findJob, listJobs, readRows, type JobFilters, type JobOrder, type JobView } from '../services/jobs/list.ts';
import { trashOwnJob } from '../services/jobs/write.ts';
import { listApps } from '../services/apps.ts';
import { fileUrl } from '../presenters/files.ts';
import { fromSeedStatus } from '../presenters/seed.ts';
import { safeFileName } from '../lib/file-names.ts';
import { urlContext } from '../lib/url-context.ts';
import { withKnownLength } from '../lib/known-length.ts';

/** Seed 000's status union: `queued` is its `pending`, and a `partial` job (it has outputs) is `completed`. */
const seedStatuses = ['pending', 'processing', 'completed', 'failed'] as const;
const seedStatus = (s: JobStatus): (typeof seedStatuses)[number] => (s === 'queued' ? 'pending' : s === 'partial' ? 'completed' : s);
/** The canonical statuses a seed 000 status filter stands for (`partial` narrows to those alone). */
const GenerationStatuses = ['pending', 'queued', 'processing', 'completed', 'failed', 'partial'] as const;
const statusFilter = (s: (typeof GenerationStatuses)[number]): JobStatus[] => (s === 'completed' ? ['completed', 'partial'] : [fromSeedStatus(s)]);
const orderOf: Record<string, JobOrder> = { latest: 'newest', '-createdAt': 'newest', oldest: 'oldest', createdAt: 'oldest', name: 'name' };

/**
 * Seed 000's surface ("Recent Work & My Work"): GenerationItem in camelCase with the app's name,
 * icon and colour, signed output URLs, and downloads as the file itself or a streamed ZIP.
 */
const GenerationItem = z
  .object({
    id: z.string(),
    appId: z.string(),
    appName: z.string(),
    appIcon: z.string(),
    appColor: z.string(),
    projectId: z.string().nullable(),
    projectName: z.string().nullable(),
    status: z.enum(seedStatuses).openapi({ description: "Seed 000's union: a job that ended `partial` (some outputs) is `completed` here; GET /api/v1/jobs/{id} keeps the canonical status" }),
    outputPaths: z.array(z.string()),
    outputIds: z.array(z.string()).openapi({ description: "The asset ids of `outputPaths`, in the same order (genshelf's addition, e.g. to record downloads through POST /api/v1/events)" }),
    thumbnailUrl: z.string().nullable(),
    creditUsed: z.number(),
    createdAt: z.string(),
    completedAt: z.string().nullable(),
    fileCount: z.number().int(),
    totalSize: z.number().int().nullable(),
  })
  .openapi('GenerationItem');

const GenerationsQuery = z.object({
  app: z.string().min(1).max(64).optional(),
  status: z.enum(GenerationStatuses).optional().openapi({ description: '`completed` includes the jobs that ended `partial`' }),
  limit: queryInt().pipe(z.number().int().min(1).max(100)).optional().default(20),
  offset: queryInt().pipe(z.number().int().min(0).max(1_000_000)).optional().default(0),
  sort: z.enum(['latest', 'oldest', 'name', 'createdAt', '-createdAt']).optional().default('latest'),
});

async function toGenerations(c: Context<AppEnv>, owner: string, jobs: JobView[]) {
  const { db } = c.var.deps;
  const registry = new Map((await listApps(db)).map((a) => [a.id, a]));
  const byJob = await assetsByJob(db, owner, jobs.map((j) => j.id));
  const urls = urlContext(c);
  const sign = (a: AssetRow) => fileUrl(urls, a);
  return Promise.all(
    jobs.map(async (j) => {
      const { outputs, thumbnail: thumb } = jobFiles(byJob.get(j.id) ?? []);
      const app = registry.get(j.appId);
      return {
        id: j.id,
        appId: j.appId,
        appName: app?.name ?? j.appId,
        appIcon: app?.icon ?? '',
        appColor: app?.color ?? 'gray',
        projectId: j.projectId,
        projectName: j.projectName,
        status: seedStatus(j.status),
        outputPaths: await Promise.all(outputs.map(sign)),
        outputIds: outputs.map((a) => a.id),
        thumbnailUrl: thumb ? await sign(thumb) : null,
        creditUsed: roundCredits(j.creditUsed),
        createdAt: iso(j.createdAt)!,
        completedAt: iso(j.completedAt),
        fileCount: outputs.length,
        totalSize: outputs.length ? outputs.reduce((n, a) => n + (a.size ?? 0), 0) : null,
      };
    }),
  );
}

const list = createRoute({
  method: 'get',
  path: '/api/generations',
  tags: ['Generations (app dashboards)'],
  summary: 'All generations across apps',
  ...presets.userRead,
  request: { query: GenerationsQuery },
  responses: { 200: json(z.object({ generations: z.array(GenerationItem), total: z.number().int(), hasMore: z.boolean() }), 'A page'), ...pick(401, 422) },
});

const recent = createRoute({
  method: 'get',
  path: '/api/generations/recent',
  tags: ['Generations (app dashboards)'],
  summary: 'The 5 latest generations (dashboard "Recent Work")',
  ...presets.userRead,
  responses: { 200: json(z.object({ generations: z.array(GenerationItem) }), 'The latest five'), ...pick(401) },
});

const remove = createRoute({
  method: 'delete',
  path: '/api/generations/{id}',
  tags: ['Generations (app dashboards)'],
  summary: 'Delete a generation (to the trash; files are removed when the trash is purged)',
  ...presets.userWrite,
  request: { params: IdParam },
  responses: { 200: json(z.object({ success: z.boolean(), id: z.string() }), 'Deleted'), ...pick(401, 404) },
});

const download = createRoute({
  method: 'get',
  path: '/api/generations/{id}/download',
  tags: ['Generations (app dashboards)'],
  summary: 'Download: one file as itself, several as one ZIP streamed on the fly',
  ...presets.user,
  request: { params: IdParam },
  responses: { 200: { description: 'The file, or application/zip' }, ...pick(401, 404) },
});

export const generationsRouter = createRouter()
  .openapi(list, async (c) => {
    const { deps, caller } = c.var;
    const owner = ownerOf(caller);
    const q = c.req.valid('query');
    const filters: JobFilters = { appId: q.app, statuses: q.status ? statusFilter(q.status) : undefined };
    const page = await listJobs(deps, owner, { filters, order: orderOf[q.sort]!, limit: q.limit, offset: q.offset }, readRows);
    return c.json({ generations: await toGenerations(c, owner, page.items), total: page.total, hasMore: page.hasMore }, 200);
  })
  .openapi(recent, async (c) => {
    const owner = ownerOf(c.var.caller);
    const page = await listJobs(c.var.deps, owner, { filters: {}, order: 'newest', limit: 5 }, readRows);
    return c.json({ generations: await toGenerations(c, owner, page.items) }, 200);
  })
  .openapi(remove, async (c) => {
    const { deps, caller } = c.var;
    const owner = ownerOf(caller);
    const { id } = c.req.valid('param');
    // Seed 000 answers 404 for another owner's generation as for an unknown one.
    await trashOwnJob(deps.db, owner, id, deps.clock.now(), 'not_found');
    return c.json({ success: true, id }, 200);
  })
  .openapi(download, async (c) => {
    const { deps, caller } = c.var;
    const owner = ownerOf(caller);
    const { id } = c.req.valid('param');
    const job = await findJob(deps.db, owner, id);
    if (!job) throw new ApiError('not_found', 'Generation not found');
    const { outputs } = jobFiles(await assetsOfJobs(deps.db, owner, [id]));
    if (!outputs.length) throw new ApiError('not_found', 'This generation has no files yet');
    if (outputs.length === 1) return (await serveAsset(c.req.raw, deps.blobs, outputs[0]!, true)) as never;

    const names = uniqueNames(outputs.map(downloadName));
    const entries = outputs.map((a, i) => ({ asset: a, name: names[i]!, size: a.blobKey ? (a.size ?? 0) : new TextEncoder().encode(a.textContent ?? '').byteLength, lastModified: new Date(a.createdAt) }));
    // Files are fetched one after another as the archive is written: constant memory.
    async function* files() {
      for (const e of entries) {
        if (e.asset.blobKey) {
          const got = await deps.blobs.get(e.asset.blobKey);
          if (!got || !('body' in got)) throw new Error(`blob of asset ${e.asset.id} is missing`);
          yield { name: e.name, lastModified: e.lastModified, size: e.size, input: got.body as ReadableStream<Uint8Array> };
        } else {
          yield { name: e.name, lastModified: e.lastModified, input: e.asset.textContent ?? '' };
        }
      }
    }
    const length = predictLength(entries.map((e) => ({ name: e.name, size: e.size, lastModified: e.lastModified })));
    const base = safeFileName(job.projectName ?? job.appId);
    return new Response(withKnownLength(makeZip(files()), length), {
      headers: bytesHeaders({ 'Content-Type': 'application/zip', 'Content-Length': String(length), 'Content-Disposition': contentDisposition(`${base} ${job.id.slice(0, 8)}.zip`), 'Cache-Control': 'private, no-store' }),
    }) as never;
  });
