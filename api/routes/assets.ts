import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ownerOf } from '../auth/caller.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { presets } from '../lib/route-presets.ts';
import { createRouter } from '../lib/router.ts';
import { bulkResult, retentionMs, trashReceipt } from '../lib/trash.ts';
import { toAsset } from '../presenters/assets.ts';
import { AssetListQuery, AssetListSchema, AssetPatchBody, AssetSchema, VisibilityBody } from '../schemas/assets.ts';
import { resolveAliases } from '../schemas/list-aliases.ts';
import { decodeCursor, encodeCursor } from '../lib/cursor.ts';
import { IdParam, json, jsonBody, pick, queryBool } from '../schemas/common.ts';
import { BulkResultSchema, JobIdsBody, TrashResultSchema } from '../schemas/jobs.ts';
import { serveAsset } from '../services/asset-bytes.ts';
import { assetAccess, findAsset, findPublicAsset, pageOfAssets, restoreAssets, trashAsset, trashAssets, updateAsset } from '../services/assets.ts';
import { urlContext } from '../lib/url-context.ts';
import { afterResponse, clientAddress } from '../lib/request-context.ts';
import { isObviousBot } from '../services/views.ts';

/** 403 for another owner's asset, else 404 (seed 001's distinction, decided in SQL). */
async function missing(c: Context<AppEnv>, owner: string, id: string): Promise<never> {
  if ((await assetAccess(c.var.deps.db, owner, id)) === 'foreign') throw new ApiError('forbidden', 'You do not own this asset');
  throw new ApiError('not_found', 'Asset not found');
}

const list = createRoute({
  method: 'get',
  path: '/api/v1/assets',
  tags: ['Assets'],
  summary: 'All your assets across jobs: the unified gallery (seeds 001 and 004)',
  description: 'Filter by `kind` (or its alias `type`: image, video, text), `asset_type`, `job_id`, `project_id`, `favorite`, `is_public`, search with `q`; page by `offset` or `cursor`. Seed 004\'s words work too: `search` for `q`, a 1-based `page` for `offset`, `sort_by=created_at` with `order` (`asc`, `desc`) for `sort`.',
  ...presets.userRead,
  request: { query: AssetListQuery },
  responses: { 200: json(AssetListSchema, 'A page of assets'), 304: { description: 'Not modified' }, ...pick(401, 403, 422) },
});

const getOne = createRoute({
  method: 'get',
  path: '/api/v1/assets/{id}',
  tags: ['Assets'],
  summary: 'One of your assets',
  ...presets.userRead,
  request: { params: IdParam },
  responses: { 200: json(AssetSchema, 'The asset'), 304: { description: 'Not modified' }, ...pick(401, 403, 404) },
});

const patch = createRoute({
  method: 'patch',
  path: '/api/v1/assets/{id}',
  tags: ['Assets'],
  summary: 'Make public or private, favourite, rename',
  ...presets.userWrite,
  request: { params: IdParam, body: jsonBody(AssetPatchBody) },
  responses: { 200: json(AssetSchema, 'The asset after the change'), ...pick(400, 401, 403, 404, 422) },
});

const visibility = createRoute({
  method: 'put',
  path: '/api/v1/assets/{id}/visibility',
  tags: ['Assets'],
  summary: 'Set visibility (seed 001)',
  ...presets.userWrite,
  request: { params: IdParam, body: jsonBody(VisibilityBody) },
  responses: { 200: json(AssetSchema, 'The asset after the change'), ...pick(400, 401, 403, 404, 422) },
});

const remove = createRoute({
  method: 'delete',
  path: '/api/v1/assets/{id}',
  tags: ['Assets'],
  summary: 'Move one asset to the trash',
  ...presets.userWrite,
  request: { params: IdParam },
  responses: { 200: json(TrashResultSchema, 'Trashed; restorable until the given time'), ...pick(401, 403, 404) },
});

const bulkDelete = createRoute({
  method: 'post',
  path: '/api/v1/assets/bulk-delete',
  tags: ['Assets'],
  summary: 'Move up to 500 assets to the trash',
  description: "Ids that are unknown, already trashed or another owner's are listed in `not_found`; nothing else is touched. `POST /api/v1/assets/restore` brings them back.",
  ...presets.userWrite,
  request: { body: jsonBody(JobIdsBody) },
  responses: { 200: json(TrashResultSchema, 'What went to the trash'), ...pick(400, 401, 403, 413, 422) },
});

const restore = createRoute({
  method: 'post',
  path: '/api/v1/assets/restore',
  tags: ['Assets'],
  summary: 'Restore assets from the trash',
  description: 'Assets trashed on their own, within the retention window. An asset whose job is in the trash comes back with its job (`POST /api/v1/jobs/restore`) and is listed in `not_found` here.',
  ...presets.userWrite,
  request: { body: jsonBody(JobIdsBody) },
  responses: { 200: json(BulkResultSchema, 'What came back'), ...pick(400, 401, 403, 413, 422) },
});

const publicLink = createRoute({
  method: 'get',
  path: '/api/v1/asset/{id}',
  tags: ['Files'],
  summary: 'The bytes of a public asset: a stable link, no token (404 once it is private again)',
  description: 'Each fetch by a person counts one `view` in the owner\'s insights: one per visitor and asset per hour; crawlers, link previews, HTTP libraries and prefetches are not counted.',
  request: { params: IdParam, query: z.object({ download: queryBool().optional() }) },
  responses: { 200: { description: 'The bytes' }, 206: { description: 'A range of the bytes' }, ...pick(404) },
});

async function applyPatch(c: Context<AppEnv>, id: string, change: Parameters<typeof updateAsset>[3]) {
  const owner = ownerOf(c.var.caller);
  const row = await updateAsset(c.var.deps.db, owner, id, change);
  if (!row) return missing(c, owner, id);
  return toAsset(row, urlContext(c));
}

export const assetsRouter = createRouter()
  .openapi(list, async (c) => {
    const { deps, caller } = c.var;
    const q = c.req.valid('query');
    const { q: term, offset, sort } = resolveAliases(q, 'newest');
    const direction = sort === 'oldest' ? 'asc' : 'desc';
    const after = q.cursor ? await decodeCursor(deps.config.SIGNING_SECRET, 'assets', direction, q.cursor) : undefined;
    const filters = { kind: q.kind ?? q.type, assetType: q.asset_type, jobId: q.job_id, projectId: q.project_id, q: term, favorite: q.favorite, isPublic: q.is_public, trashed: q.trashed };
    const page = await pageOfAssets(deps.db, ownerOf(caller), filters, { limit: q.limit, direction, offset, after });
    const last = page.rows.at(-1);
    const next_cursor = page.hasMore && last ? await encodeCursor(deps.config.SIGNING_SECRET, 'assets', direction, { createdAt: last.createdAt, id: last.id }) : null;
    const urls = urlContext(c);
    const items = await Promise.all(page.rows.map((a) => toAsset(a, urls)));
    return c.json({ assets: items, total: page.total, limit: q.limit, offset: q.cursor ? null : (offset ?? 0), next_cursor, has_more: page.hasMore }, 200);
  })
  .openapi(getOne, async (c) => {
    const owner = ownerOf(c.var.caller);
    const { id } = c.req.valid('param');
    const row = (await findAsset(c.var.deps.db, owner, id)) ?? (await missing(c, owner, id));
    return c.json(await toAsset(row, urlContext(c)), 200);
  })
  .openapi(patch, async (c) => {
    const b = c.req.valid('json');
    return c.json(await applyPatch(c, c.req.valid('param').id, { isPublic: b.is_public, favorite: b.favorite, title: b.title }), 200);
  })
  .openapi(visibility, async (c) => c.json(await applyPatch(c, c.req.valid('param').id, { isPublic: c.req.valid('json').is_public }), 200))
  .openapi(remove, async (c) => {
    const { deps, caller } = c.var;
    const owner = ownerOf(caller);
    const { id } = c.req.valid('param');
    const now = deps.clock.now();
    if (!(await trashAsset(deps.db, owner, id, now))) await missing(c, owner, id);
    return c.json(trashReceipt(deps, [id], [id], now), 200);
  })
  .openapi(bulkDelete, async (c) => {
    const { deps, caller } = c.var;
    const { ids } = c.req.valid('json');
    const now = deps.clock.now();
    const done = await trashAssets(deps.db, ownerOf(caller), ids, now);
    return c.json(trashReceipt(deps, ids, done, now), 200);
  })
  .openapi(restore, async (c) => {
    const { deps, caller } = c.var;
    const { ids } = c.req.valid('json');
    const done = await restoreAssets(deps.db, ownerOf(caller), ids, deps.clock.now(), retentionMs(deps));
    return c.json(bulkResult(ids, done), 200);
  })
  .openapi(publicLink, async (c) => {
    const { deps, views } = c.var;
    const asset = await findPublicAsset(deps.db, c.req.valid('param').id);
    if (!asset) throw new ApiError('not_found', 'No such public asset');
    const res = await serveAsset(c.req.raw, deps.blobs, asset, c.req.valid('query').download ?? false);
    // Someone other than the owner looked (the owner's elements use signed URLs): one view per visitor and hour.
    if (c.req.method === 'GET' && res.status < 400 && !isObviousBot(c.req.raw.headers)) {
      const visitor = `${clientAddress(c)}\n${c.req.header('user-agent')}`;
      afterResponse(c, views.count({ owner: asset.owner, assetId: asset.id, visitor, at: deps.clock.now() }));
    }
    return res as never;
  });
