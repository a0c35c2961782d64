import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.ts';
import { sha256Hex } from './crypto.ts';

/** True when an `If-None-Match` header names this ETag (or `*`), per RFC 9110 weak comparison. */
function matches(ifNoneMatch: string, etag: string): boolean {
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag));
}

/**
 * For per-user GETs that clients poll: a strong ETag over the body, `If-None-Match` → 304, and
 * `Cache-Control: private, no-cache` so shared caches keep out and browsers always revalidate.
 * The 304 keeps every header the 200 would have had (CORS, X-Request-ID, …) but the body's own:
 * a cross-origin poll whose 304 lacked Access-Control-Allow-Origin would fail in the browser.
 */
export const revalidate = createMiddleware<AppEnv>(async function revalidateResponse(c, next) {
  await next();
  if (c.res.status !== 200) return;
  // The response is rebuilt below either way, so read the body itself rather than a clone.
  const body = await c.res.arrayBuffer();
  const etag = `"${sha256Hex(new Uint8Array(body)).slice(0, 40)}"`;
  const headers = new Headers(c.res.headers);
  headers.set('ETag', etag);
  headers.set('Cache-Control', 'private, no-cache');
  const ifNoneMatch = c.req.header('if-none-match');
  if (ifNoneMatch && matches(ifNoneMatch, etag)) {
    headers.delete('content-type');
    headers.delete('content-length');
    c.res = new Response(null, { status: 304, headers });
    return;
  }
  c.res = new Response(body, { status: 200, headers });
});
