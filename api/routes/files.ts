import { createRoute, z } from '@hono/zod-openapi';
import { ownerOf } from '../auth/caller.ts';
import { ApiError } from '../errors.ts';
import { readFileToken } from '../lib/file-urls.ts';
import { presets } from '../lib/route-presets.ts';
import { createRouter } from '../lib/router.ts';
import { ErrorSchema, IdParam, pick, queryBool } from '../schemas/common.ts';
import { findAssetBytes, serveAsset } from '../services/asset-bytes.ts';
import { assetAccess } from '../services/assets.ts';

const binary = {
  description: 'The bytes (206 for a range)',
  content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } },
};
const bytesResponses = { 200: binary, 206: binary, 304: { description: 'Not modified' }, 416: { description: 'Range not satisfiable' } };
const DownloadQuery = z.object({ download: queryBool().optional().openapi({ description: 'Ask the browser to save the file' }) });

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
    const asset = await findAssetBytes(deps.db, token.owner, token.assetId);
    if (!asset) throw new ApiError('not_found', 'No such file');
    return (await serveAsset(c.req.raw, deps.blobs, asset, c.req.valid('query').download ?? false, (token.expiresAt - deps.clock.now()) / 1000)) as never;
  })
  .openapi(content, async (c) => {
    const { deps, caller } = c.var;
    const owner = ownerOf(caller);
    const { id } = c.req.valid('param');
    const asset = await findAssetBytes(deps.db, owner, id);
    if (!asset) {
      if ((await assetAccess(deps.db, owner, id)) === 'foreign') throw new ApiError('forbidden', 'You do not own this asset');
      throw new ApiError('not_found', 'Asset not found');
    }
    return (await serveAsset(c.req.raw, deps.blobs, asset, c.req.valid('query').download ?? false)) as never;
  });
