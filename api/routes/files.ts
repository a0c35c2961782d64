import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { ownerOf } from '../auth/caller.ts';
import type { AssetRow } from '../db/schema/index.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { readFileToken } from '../lib/file-urls.ts';
import { presets } from '../lib/route-presets.ts';
import { createRouter } from '../lib/router.ts';
import { bytesHeaders, contentDisposition, serveBlob } from '../lib/serve-blob.ts';
import { ErrorSchema, IdParam, pick, queryBool } from '../schemas/common.ts';
import { assetAccess, downloadName, findAsset } from '../services/assets.ts';

const binary = {
  description: 'The bytes (206 for a range)',
  content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
};
const bytesResponses = { 200: binary, 206: binary, 304: { description: 'Not modified' }, 416: { description: 'Range not satisfiable' } };
const DownloadQuery = z.object({ download: queryBool().optional().openapi({ description: 'Ask the browser to save the file' }) });

/**
 * The bytes of an asset: from the blob store with ranges, or its text. Caches may keep them for
 * `maxAgeS` (a signed URL: no longer than it is valid).
 */
export async function serveAsset(c: Context<AppEnv>, asset: AssetRow, download: boolean, maxAgeS = 3600): Promise<Response> {
  const name = download ? downloadName(asset) : undefined;
  const cacheControl = `private, max-age=${Math.max(0, Math.floor(maxAgeS))}`;
  if (asset.blobKey) {
    const res = await serveBlob(c.req.raw, c.var.deps.blobs, asset.blobKey, { downloadName: name, cacheControl });
    if (!res) throw new ApiError('not_found', 'The file is missing');
    return res;
  }
  if (asset.textContent !== null) {
    const headers = bytesHeaders({ 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': cacheControl });
    if (name) headers.set('Content-Disposition', contentDisposition(name));
    return new Response(c.req.method === 'HEAD' ? null : asset.textContent, { status: 200, headers });
  }
  // Outputs kept at the provider are streamed by the video proxy (/video/:proxy_id).
  throw new ApiError('not_found', 'This asset has no stored file');
}

const signedFile = createRoute({
  method: 'get',
  path: '/files/{token}',
  tags: ['Files'],
  summary: 'The bytes behind a signed URL (no header needed: works in <img>/<video>)',
  description:
    'Full RFC 9110 range support, `HEAD`, `ETag`/`If-None-Match`, `If-Range`. `?download=1` adds `Content-Disposition`. ' +
    'A URL lives `FILE_URL_TTL_S` (1 hour; at least three quarters of that from when it was listed). After that it answers 403 `url_expired` — no redirect: ' +
    'list the item again (or `GET /api/v1/assets/{id}`) for a fresh URL. An unknown or tampered one answers 404.',
  request: { params: z.object({ token: z.string().min(1).max(4096) }), query: DownloadQuery },
  responses: {
    ...bytesResponses,
    403: { description: '`url_expired`: the signed URL is past its time; list the item again for a fresh one', content: { 'application/json': { schema: ErrorSchema } } },
    ...pick(404),
  },
});

const content = createRoute({
  method: 'get',
  path: '/api/v1/assets/{id}/content',
  tags: ['Files'],
  summary: 'The bytes of one of your assets (with the Authorization header)',
  ...presets.user,
  request: { params: IdParam, query: DownloadQuery },
  responses: { ...bytesResponses, ...pick(401, 403, 404) },
});

export const filesRouter = createRouter()
  .openapi(signedFile, async (c) => {
    const { deps } = c.var;
    c.header('Referrer-Policy', 'no-referrer');
    const token = await readFileToken(deps.config.SIGNING_SECRET, c.req.valid('param').token, deps.clock.now());
    // Its own code (not 404, not a redirect) so a page left open can tell "list it again" from "no such file".
    if (token.status === 'expired') throw new ApiError('url_expired', 'This link has expired; list the item again for a fresh URL', { headers: { 'Cache-Control': 'no-store' } });
    if (token.status === 'invalid') throw new ApiError('not_found', 'No such file');
    const asset = await findAsset(deps.db, token.owner, token.assetId);
    if (!asset) throw new ApiError('not_found', 'No such file');
    return (await serveAsset(c, asset, c.req.valid('query').download ?? false, (token.expiresAt - deps.clock.now()) / 1000)) as never;
  })
  .openapi(content, async (c) => {
    const { deps, caller } = c.var;
    const owner = ownerOf(caller);
    const { id } = c.req.valid('param');
    const asset = await findAsset(deps.db, owner, id);
    if (!asset) {
      if ((await assetAccess(deps.db, owner, id)) === 'foreign') throw new ApiError('forbidden', 'You do not own this asset');
      throw new ApiError('not_found', 'Asset not found');
    }
    return (await serveAsset(c, asset, c.req.valid('query').download ?? false)) as never;
  });
