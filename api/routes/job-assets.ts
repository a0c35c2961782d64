import { createRoute, z } from '@hono/zod-openapi';
import { ownerOf } from '../auth/caller.ts';
import type { Deps } from '../env.ts';
import { ApiError } from '../errors.ts';
import { randomId } from '../lib/crypto.ts';
import { presets } from '../lib/route-presets.ts';
import { createRouter } from '../lib/router.ts';
import { essence, guardUpload, kindForUpload } from '../lib/upload-guard.ts';
import { toAsset } from '../presenters/assets.ts';
import { urlContext } from '../lib/url-context.ts';
import { checkUpstreamUrl, UpstreamRefused } from '../lib/upstream.ts';
import { AssetJsonBody, AssetSchema, UploadQuery } from '../schemas/assets.ts';
import { IdParam, json, pick } from '../schemas/common.ts';
import { insertAsset, listJobAssets } from '../services/assets.ts';
import { jobForIngest, requireOwnJob } from '../services/jobs/write.ts';
import { quotaForUpload } from '../services/quota.ts';
import { storeUpload } from '../services/uploads.ts';

/** A provider URL is only accepted if the video proxy would be allowed to fetch it. */
function checkSourceUrl(deps: Deps, raw: string): void {
  try {
    checkUpstreamUrl(deps.config, new URL(raw));
  } catch (err) {
    if (!(err instanceof UpstreamRefused)) throw err;
    throw new ApiError('validation_error', 'This source URL cannot be served', { details: [{ field: 'source_url', message: err.message }] });
  }
}

const upload = createRoute({
  method: 'post',
  path: '/api/v1/jobs/{id}/assets',
  tags: ['Ingest'],
  summary: 'Attach an output to a job',
  description:
    'Three ways: the file itself as the raw body (`Content-Type` = its type; `kind`, `asset_type`, `title`, `width`, `height`, `duration` in the query), ' +
    'streamed into storage and checked against its declared type; `{text, title}` for copywriting; or `{source_url, kind}` for an output the provider keeps ' +
    '(served through the video proxy; its host must be allowed). ' +
    'Stored files count against the owner\'s storage quota (`QUOTA_BYTES_USER`, `QUOTA_BYTES_ANON`; `GET /api/v1/usage`): an upload that does not fit is a 413 `quota_exceeded` — before a byte is read when its length is declared, else as soon as it passes the quota — and nothing is stored. ' +
    'An anonymous session may make `ANON_INGEST_RATE_LIMIT` ingest writes an hour (429 with `Retry-After` past that).',
  ...presets.ingest,
  request: {
    params: IdParam,
    query: UploadQuery,
    body: {
      // Not "required": zod-openapi then validates JSON only when the body is JSON (raw uploads pass through).
      required: false,
      content: { 'application/json': { schema: AssetJsonBody }, '*/*': { schema: z.string().openapi({ format: 'binary' }) } },
    },
  },
  responses: { 201: json(AssetSchema, 'The new asset'), ...pick(400, 401, 403, 404, 410, 413, 422), 429: { description: 'Too many ingest writes from this anonymous session (see `Retry-After`)' }, 415: { description: 'Type not accepted, or the content does not match it' } },
});

const list = createRoute({
  method: 'get',
  path: '/api/v1/jobs/{id}/assets',
  tags: ['Jobs'],
  summary: "A job's assets, newest first (a bare array, as seed 001's client expects)",
  ...presets.userRead,
  request: { params: IdParam },
  responses: { 200: json(z.array(AssetSchema), 'The assets'), 304: { description: 'Not modified' }, ...pick(401, 403, 404) },
});

export const jobAssetsRouter = createRouter()
  .openapi(upload, async (c) => {
    const { deps, caller } = c.var;
    const job = await jobForIngest(deps.db, caller, c.req.valid('param').id);
    const now = deps.clock.now();
    const base = { id: randomId(), jobId: job.id, owner: job.owner, createdAt: now };
    const mime = essence(c.req.header('content-type'));
    let row;
    if (mime === 'application/json') {
      // Only JSON bodies reach the JSON validator; the binary entry documents raw uploads.
      const body = c.req.valid('json') as z.output<typeof AssetJsonBody>;
      if ('text' in body) {
        row = await insertAsset(deps.db, { ...base, kind: 'text', mime: 'text/plain', textContent: body.text, size: new TextEncoder().encode(body.text).byteLength, title: body.title, assetType: body.asset_type });
      } else {
        checkSourceUrl(deps, body.source_url);
        row = await insertAsset(deps.db, {
          ...base,
          kind: body.kind,
          sourceUrl: body.source_url,
          mime: body.mime,
          title: body.title,
          assetType: body.asset_type,
          width: body.width,
          height: body.height,
          durationMs: body.duration === undefined ? undefined : Math.round(body.duration * 1000),
        });
      }
    } else {
      const q = c.req.valid('query');
      const kind = kindForUpload(mime);
      if (q.kind && q.kind !== kind) throw new ApiError('validation_error', 'kind does not match the content type', { details: [{ field: 'kind', message: `a ${mime} upload is ${kind === 'image' ? 'an' : 'a'} ${kind}` }] });
      const max = deps.config.MAX_UPLOAD_BYTES;
      const declared = Number(c.req.header('content-length') ?? NaN);
      if (declared > max) throw new ApiError('payload_too_large', `Uploads are limited to ${max} bytes`);
      const bodyStream = c.req.raw.body;
      if (!bodyStream) throw new ApiError('validation_error', 'The upload is empty', { details: [{ field: '(body)', message: 'send the file as the request body' }] });
      const blobKey = `${job.owner}/${job.id}/${base.id}`;
      const length = Number.isSafeInteger(declared) ? declared : undefined;
      // Refused before a byte is read when the declared length does not fit; counted as it streams otherwise.
      const quota = await quotaForUpload(deps.db, deps.config, job.owner, length);
      const checked = bodyStream.pipeThrough(guardUpload(mime, max));
      // The intent is recorded before the first byte, so a crash leaves nothing untracked (services/uploads.ts).
      const upload = { key: blobKey, owner: job.owner, body: quota ? checked.pipeThrough(quota) : checked, bytes: length, options: { contentType: mime, customMetadata: { job: job.id } } };
      row = await storeUpload(deps, upload, (stored) =>
        insertAsset(deps.db, {
          ...base,
          kind,
          mime,
          blobKey,
          size: stored.size,
          etag: stored.etag,
          title: q.title,
          assetType: q.asset_type,
          width: q.width,
          height: q.height,
          durationMs: q.duration === undefined ? undefined : Math.round(q.duration * 1000),
        }),
      );
    }
    c.header('Location', `/api/v1/assets/${row.id}`);
    return c.json(await toAsset(row, urlContext(c)), 201);
  })
  .openapi(list, async (c) => {
    const { deps, caller } = c.var;
    const owner = ownerOf(caller);
    const { id } = c.req.valid('param');
    await requireOwnJob(deps.db, owner, id);
    const rows = await listJobAssets(deps.db, owner, id);
    const urls = urlContext(c);
    return c.json(await Promise.all(rows.map((a) => toAsset(a, urls))), 200);
  });
