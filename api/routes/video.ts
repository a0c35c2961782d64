import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { withKnownLength } from '../lib/known-length.ts';
import { accessCounter, proxyMetrics } from '../lib/proxy-metrics.ts';
import { createRouter } from '../lib/router.ts';
import { bytesHeaders, contentDisposition, parseRange, serveBlob } from '../lib/serve-blob.ts';
import { whenClientGone } from '../lib/client-gone.ts';
import { fetchUpstream, UpstreamRefused, UpstreamUnavailable, type UpstreamAnswer } from '../lib/upstream.ts';
import { json, pick, queryBool } from '../schemas/common.ts';
import { downloadName } from '../services/assets.ts';
import { activeLinkCount, flushAccessCounts, openLink } from '../services/video-links.ts';

/** The only upstream response headers a client ever sees (the type only once it is a video's or an image's). */
const PASSED_HEADERS = ['content-type', 'content-length', 'content-range', 'accept-ranges', 'etag', 'last-modified'];
/** What a provider may serve through this origin: media, never a document or a script. */
const MEDIA_TYPE = /^(video|image)\/[\w.+-]+\s*(;|$)/i;
const RETRY_AFTER_S = '30';

const binary = { description: 'The video (206 for a range)', content: { 'video/mp4': { schema: z.string().openapi({ format: 'binary' }) } } };

const stream = createRoute({
  method: 'get',
  path: '/video/{proxy_id}',
  tags: ['Video proxy'],
  summary: 'Stream a video behind an opaque link (no token; seed 002)',
  description:
    'Range requests are forwarded (and applied here if the provider ignores them); the provider\'s address and headers never reach the client. ' +
    '`video_not_found` (404) for an unknown or expired link, `video_expired` (410) when the provider no longer has the file, `bad_gateway` (502) when it answers with anything but a video or an image, `upstream_unavailable` (503, `Retry-After`) when it cannot answer. `?download=1` asks the browser to save it. ' +
    'Every answer with bytes carries `X-Content-Type-Options: nosniff` and `Content-Security-Policy: default-src \'none\'; sandbox`.',
  request: { params: z.object({ proxy_id: z.string().min(1).max(64) }), query: z.object({ download: queryBool().optional().openapi({ description: 'Ask the browser to save the file (`Content-Disposition: attachment`)' }) }) },
  responses: { 200: binary, 206: binary, 416: { description: 'Range not satisfiable' }, ...pick(404, 410), 502: { description: 'The provider answered with something that is not a video or an image (`bad_gateway`)' }, 503: { description: 'The provider cannot answer now (see `Retry-After`)' } },
});

const health = createRoute({
  method: 'get',
  path: '/health/video-proxy',
  tags: ['Video proxy'],
  summary: 'Is the video proxy healthy? (public)',
  responses: {
    200: json(z.object({ status: z.literal('healthy'), upstream_error_rate: z.number(), active_mappings: z.number().int() }), 'Healthy'),
    503: json(z.object({ status: z.literal('degraded'), upstream_error_rate: z.number(), active_mappings: z.number().int().nullable() }), 'Degraded'),
  },
});

/** Work that may finish after the response (Workers: `waitUntil`; Node: the process lives on). */
function afterResponse(c: Context<AppEnv>, work: Promise<unknown>): void {
  const done = work.catch((err) => c.var.log.warn('background write failed', { error: String(err) }));
  try {
    c.executionCtx.waitUntil(done);
  } catch {
    // No ExecutionContext outside Workers.
  }
}

/** Our `If-Range` check against the upstream's validators (a provider that ignores ranges ignores it too). */
function ifRangeHolds(header: string | null, res: UpstreamAnswer): boolean {
  if (!header) return true;
  const v = header.trim();
  if (v.startsWith('"')) return v === res.headers.get('etag');
  // A date validator must match exactly (RFC 9110 §13.1.5).
  const lm = res.headers.get('last-modified');
  return !!lm && Date.parse(lm) === Date.parse(v);
}

/** `body` without its first `skip` bytes, cut to `take` bytes; upstream errors still propagate. */
function slice(body: ReadableStream<Uint8Array>, skip: number, take: number): ReadableStream<Uint8Array> {
  let pos = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, out) {
        const from = Math.max(0, skip - pos);
        const to = Math.min(chunk.byteLength, skip + take - pos);
        pos += chunk.byteLength;
        if (to > from) out.enqueue(chunk.subarray(from, to));
        if (pos >= skip + take) out.terminate();
      },
    }),
  );
}

/**
 * The warning logged when the provider stops sending mid-body. Made outside proxyUpstream: it lives
 * as long as the body, and a closure made inside would keep the request's whole context with it.
 */
const stallWarning = (log: AppEnv['Variables']['log'], idleMs: number) => () => log.warn('video upstream stopped sending; gave up on it and the client', { idle_ms: idleMs });

async function proxyUpstream(c: Context<AppEnv>, source: string, cacheControl: string, downloadAs?: string): Promise<Response> {
  const { deps } = c.var;
  const metrics = proxyMetrics(deps);
  const range = c.req.header('range') ?? null;
  const headers = new Headers();
  if (range) headers.set('range', range);
  const ifRange = c.req.header('if-range') ?? null;
  if (range && ifRange) headers.set('if-range', ifRange);
  const started = performance.now();
  let res: UpstreamAnswer;
  try {
    res = await fetchUpstream(deps, source, {
      method: c.req.method === 'HEAD' ? 'HEAD' : 'GET',
      headers,
      whenClientGone: (gone) => whenClientGone(c, gone),
      onStall: stallWarning(c.var.log, deps.config.UPSTREAM_IDLE_TIMEOUT_MS),
    });
  } catch (err) {
    metrics.record(performance.now() - started, false);
    // Logged without the URL: the provider's address stays out of info-level logs too.
    c.var.log.warn('video upstream failed', { reason: err instanceof Error ? err.message : 'unknown' });
    if (err instanceof UpstreamRefused || err instanceof UpstreamUnavailable) throw new ApiError('upstream_unavailable', 'The video is unavailable right now; try again shortly', { headers: { 'Retry-After': RETRY_AFTER_S } });
    throw err;
  }
  const ok = res.status < 500;
  metrics.record(performance.now() - started, ok);
  if ([401, 403, 404, 410].includes(res.status)) {
    await res.body?.cancel();
    throw new ApiError('video_expired', 'This video is no longer available');
  }
  if (!ok || ![200, 206, 416].includes(res.status)) {
    await res.body?.cancel();
    throw new ApiError('upstream_unavailable', 'The video is unavailable right now; try again shortly', { headers: { 'Retry-After': RETRY_AFTER_S } });
  }

  if (res.status === 416) {
    await res.body?.cancel();
    const total = /\/(\d+)$/.exec(res.headers.get('content-range') ?? '')?.[1];
    return new Response(null, { status: 416, headers: bytesHeaders({ 'Cache-Control': cacheControl, ...(total ? { 'Content-Range': `bytes */${total}` } : {}) }) });
  }
  // An HTML page (or anything else) from the provider would run on this origin: refuse it.
  if (!MEDIA_TYPE.test(res.headers.get('content-type') ?? '')) {
    await res.body?.cancel();
    c.var.log.warn('video upstream answered a type that is not media', { content_type: (res.headers.get('content-type') ?? '(none)').slice(0, 100) });
    throw new ApiError('bad_gateway', 'The video\'s provider did not answer with a video');
  }

  const out = bytesHeaders({ 'Cache-Control': cacheControl, 'Accept-Ranges': 'bytes' });
  for (const name of PASSED_HEADERS) {
    const v = res.headers.get(name);
    if (v !== null) out.set(name, v);
  }
  if (downloadAs) out.set('Content-Disposition', contentDisposition(downloadAs));
  const size = Number(res.headers.get('content-length') ?? NaN);
  // A provider that ignored the range: apply it here, so the client's matrix holds regardless.
  if (res.status === 200 && range && Number.isFinite(size) && ifRangeHolds(ifRange, res)) {
    const parsed = parseRange(range, size);
    if (parsed.kind === 'unsatisfiable') {
      await res.body?.cancel();
      return new Response(null, { status: 416, headers: bytesHeaders({ 'Content-Range': `bytes */${size}`, 'Cache-Control': cacheControl }) });
    }
    if (parsed.kind === 'range') {
      const r = parsed.range;
      const start = 'suffix' in r ? Math.max(0, size - r.suffix) : r.offset;
      const end = 'suffix' in r ? size - 1 : Math.min(size - 1, r.length === undefined ? size - 1 : r.offset + r.length - 1);
      out.set('Content-Range', `bytes ${start}-${end}/${size}`);
      out.set('Content-Length', String(end - start + 1));
      const body = c.req.method === 'HEAD' || !res.body ? null : withKnownLength(slice(res.body, start, end - start + 1), end - start + 1);
      if (!body) await res.body?.cancel();
      return new Response(body, { status: 206, headers: out });
    }
  }
  return new Response(c.req.method === 'HEAD' ? null : res.body, { status: res.status, headers: out });
}

export const videoRouter = createRouter()
  .openapi(stream, async (c) => {
    const { deps } = c.var;
    const now = deps.clock.now();
    c.header('Referrer-Policy', 'no-referrer');
    const proxyId = c.req.valid('param').proxy_id;
    const link = await openLink(deps.db, proxyId, now);
    if (!link) throw new ApiError('video_not_found', 'Video not found or its link has expired');
    const counter = accessCounter(deps);
    counter.add(proxyId);
    if (counter.due(now)) afterResponse(c, flushAccessCounts(deps.db, counter, now));
    const cacheControl = `private, max-age=${Math.max(0, Math.min(3600, Math.floor((link.expiresAt - now) / 1000)))}`;
    const { asset } = link;
    const downloadAs = c.req.valid('query').download ? downloadName(asset) : undefined;
    if (asset.blobKey) {
      const res = await serveBlob(c.req.raw, deps.blobs, asset.blobKey, { cacheControl, downloadName: downloadAs });
      if (!res) throw new ApiError('video_not_found', 'Video not found or its link has expired');
      return res as never;
    }
    if (asset.sourceUrl) return (await proxyUpstream(c, asset.sourceUrl, cacheControl, downloadAs)) as never;
    throw new ApiError('video_not_found', 'Video not found or its link has expired');
  })
  .openapi(health, async (c) => {
    const { deps } = c.var;
    const rate = Math.round(proxyMetrics(deps).recentErrorRate() * 10_000) / 10_000;
    let active: number | null = null;
    try {
      active = await activeLinkCount(deps.db, deps.clock.now());
    } catch {
      return c.json({ status: 'degraded' as const, upstream_error_rate: rate, active_mappings: null }, 503);
    }
    if (rate > 0.5) return c.json({ status: 'degraded' as const, upstream_error_rate: rate, active_mappings: active }, 503);
    return c.json({ status: 'healthy' as const, upstream_error_rate: rate, active_mappings: active }, 200);
  });
