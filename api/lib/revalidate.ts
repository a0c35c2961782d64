import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.ts';


/**
 * A 64-bit content tag (two 32-bit multiply-xorshift lanes, cyrb53's mixing): an ETag only has to
 * change when the body does, for one URL and one user, so a cryptographic hash of every polled
 * body (SHA-256 in JavaScript: a tenth of a list request's CPU) buys nothing.
 */
function contentTag(bytes: Uint8Array): string {
  let h1 = 0xdeadbeef ^ bytes.length;
  let h2 = 0x41c6ce57 ^ bytes.length;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    h1 = Math.imul(h1 ^ b, 2654435761);
    h2 = Math.imul(h2 ^ b, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `${(h1 >>> 0).toString(16).padStart(8, '0')}${(h2 >>> 0).toString(16).padStart(8, '0')}${bytes.length.toString(16)}`;
}

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
  const body = new Uint8Array(await c.res.arrayBuffer());
  const etag = `"${contentTag(body)}"`;
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
  // A Uint8Array body (not the ArrayBuffer) keeps @hono/node-server on its direct write path.
  c.res = new Response(body, { status: 200, headers });
});
