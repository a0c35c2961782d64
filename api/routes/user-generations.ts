import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ownerOf, ownerParts } from '../auth/caller.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { parseJsonObject } from '../lib/json-object.ts';
import { presets } from '../lib/route-presets.ts';
import { createRouter } from '../lib/router.ts';
import { urlContext } from '../lib/url-context.ts';
import type { AssetRow } from '../db/schema/index.ts';
import { thumbnailUrl } from '../presenters/jobs.ts';
import { clampedQueryInt, iso, json, pick, queryInt } from '../schemas/common.ts';
import { assetsByJob } from '../services/assets.ts';
import { fileUrl } from '../presenters/files.ts';
import { findJob, listJobs, readRows, type JobView } from '../services/jobs/list.ts';
import { linksFor } from '../services/video-links.ts';

/**
 * Seed 002's surface ("User Generation History"): the history of an app's generations for a
 * signed-in user or an anonymous session, each video behind an opaque `/video/<uuid>` link.
 * The provider's URL (`result_url` in the document) is never returned.
 */

/** `type=all`: every app's generations (an app id is what the seed's `type` names). */
const ALL_APPS = 'all';

const Query = z.object({
  type: z.string().min(1).max(64).optional().default('text-to-video').openapi({ description: 'Generation type: an app id, or `all` for every app' }),
  kind: z.enum(['video', 'image']).optional().openapi({ description: 'Only generations whose output is a video (or an image, and no video), plus queued, processing and failed ones without an output' }),
  // The original clamps: limit=500 → 50 (and below 1 → 1).
  limit: clampedQueryInt(1, 50).optional().default(20).openapi({ description: 'At most 50 (more counts as 50)' }),
  skip: queryInt().pipe(z.number().int().min(0).max(1_000_000)).optional().default(0),
});

const Media = z
  .object({
    asset_id: z.string(),
    kind: z.enum(['video', 'image']),
    url: z.string().openapi({ description: 'A video: `proxy_url`; an image: a signed file URL' }),
    download_url: z.string().openapi({ description: 'The same with `?download=1` (saved as a file)' }),
    mime: z.string().nullable(),
    duration: z.number().nullable().openapi({ description: 'Seconds' }),
    width: z.number().int().nullable(),
    height: z.number().int().nullable(),
  })
  .openapi('UserGenerationMedia');

const Generation = z
  .object({
    id: z.string(),
    user_id: z.string().nullable(),
    session_id: z.string().nullable(),
    generation_type: z.string(),
    prompt: z.string(),
    proxy_url: z.string().nullable().openapi({ description: '`/video/<uuid>`: plays and seeks without a token; renewed each time you list it' }),
    task_id: z.string().nullable(),
    generation_params: z.record(z.string(), z.unknown()),
    status: z.string(),
    thumbnail_url: z.string().nullable(),
    created_at: z.string(),
    is_active: z.boolean(),
    progress: z.number().nullable().openapi({ description: 'Percent done while processing' }),
    error_message: z.string().nullable(),
    completed_at: z.string().nullable(),
    media: Media.nullable().openapi({ description: 'The main output (a video, else an image), to show and download; null until there is one' }),
  })
  .openapi('UserGeneration');

const list = createRoute({
  method: 'get',
  path: '/api/user-generations',
  tags: ['Generation history'],
  summary: 'Your generation history (signed-in or anonymous)',
  ...presets.userRead,
  request: { query: Query },
  responses: {
    200: json(z.object({ success: z.literal(true), generations: z.array(Generation), total_count: z.number().int(), limit: z.number().int(), skip: z.number().int(), has_more: z.boolean() }), 'The history, newest first'),
    304: { description: 'Not modified' },
    ...pick(401, 422),
  },
});

const getOne = createRoute({
  method: 'get',
  path: '/api/user-generations/{id}',
  tags: ['Generation history'],
  summary: 'One generation of yours (404 for anything else)',
  ...presets.userRead,
  request: { params: z.object({ id: z.string().min(1).max(128) }) },
  responses: { 200: json(z.object({ success: z.literal(true), generation: Generation }), 'The generation'), 304: { description: 'Not modified' }, ...pick(401, 404) },
});

async function present(c: Context<AppEnv>, jobs: JobView[]) {
  const { deps } = c.var;
  const now = deps.clock.now();
  const owner = ownerOf(c.var.caller);
  const byJob = await assetsByJob(deps.db, owner, jobs.map((j) => j.id));
  // The main video of each job (oldest first), whether genshelf stores it or the provider does.
  const video = new Map(jobs.flatMap((j) => {
    const v = (byJob.get(j.id) ?? []).find((a) => a.kind === 'video' && (a.blobKey || a.sourceUrl));
    return v ? [[j.id, v] as const] : [];
  }));
  // Else its first stored image that is not only its thumbnail (then the thumbnail itself).
  const image = (id: string) => {
    const images = (byJob.get(id) ?? []).filter((a) => a.kind === 'image' && a.blobKey);
    return images.find((a) => a.assetType !== 'thumbnail') ?? images[0];
  };
  const links = await linksFor(deps.db, [...video.values()].map((v) => v.id), now, now + deps.config.VIDEO_MAPPING_EXPIRATION_HOURS * 3_600_000);
  const urls = urlContext(c);
  const base = urls.base.replace(/\/$/, '');
  const shape = (a: AssetRow) => ({ asset_id: a.id, mime: a.mime, duration: a.durationMs === null ? null : a.durationMs / 1000, width: a.width, height: a.height });
  return Promise.all(
    jobs.map(async (j) => {
      const v = video.get(j.id);
      const proxyId = v && links.get(v.id);
      const proxyUrl = proxyId ? `${base}/video/${proxyId}` : null;
      const still = v ? undefined : image(j.id);
      const media = v && proxyUrl
        ? { ...shape(v), kind: 'video' as const, url: proxyUrl, download_url: `${proxyUrl}?download=1` }
        : still
          ? { ...shape(still), kind: 'image' as const, url: await fileUrl(urls, still), download_url: await fileUrl(urls, still, true) }
          : null;
      return {
        id: j.id,
        ...ownerParts(j.owner),
        generation_type: j.appId,
        prompt: j.prompt,
        proxy_url: proxyUrl,
        task_id: j.taskId,
        generation_params: parseJsonObject(j.params),
        status: j.status,
        thumbnail_url: await thumbnailUrl(j.owner, j.thumbnailAssetId, urls),
        created_at: iso(j.createdAt)!,
        is_active: j.deletedAt === null,
        progress: j.progress,
        error_message: j.errorMessage,
        completed_at: iso(j.completedAt),
        media,
      };
    }),
  );
}

export const userGenerationsRouter = createRouter()
  .openapi(list, async (c) => {
    const { deps, caller } = c.var;
    const q = c.req.valid('query');
    const page = await listJobs(deps, ownerOf(caller), { filters: { appId: q.type === ALL_APPS ? undefined : q.type, output: q.kind }, order: 'newest', limit: q.limit, offset: q.skip }, readRows);
    const generations = await present(c, page.items);
    return c.json({ success: true as const, generations, total_count: page.total, limit: q.limit, skip: q.skip, has_more: page.hasMore }, 200);
  })
  .openapi(getOne, async (c) => {
    const { deps, caller } = c.var;
    // Unknown and someone else's answer alike (seed 002: "ownership verification").
    const job = await findJob(deps.db, ownerOf(caller), c.req.valid('param').id);
    if (!job) throw new ApiError('not_found', 'Generation not found');
    const [generation] = await present(c, [job]);
    return c.json({ success: true as const, generation: generation! }, 200);
  });
