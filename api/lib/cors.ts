import type { Context } from 'hono';
import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.ts';

const shared = {
  allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
  allowHeaders: ['Authorization', 'X-Access-Token', 'Content-Type', 'If-None-Match', 'If-Range', 'Range', 'X-Request-ID', 'Idempotency-Key'],
  exposeHeaders: ['X-Request-ID', 'ETag', 'Content-Range', 'Accept-Ranges', 'Content-Length', 'Content-Disposition', 'Location', 'Retry-After'],
  maxAge: 600,
};
const exposed = shared.exposeHeaders.join(',');

/** Sets headers on the finished response; one whose headers are immutable (a fetched one) is copied first. */
function setOnResponse(c: Context, headers: [string, string][]): void {
  try {
    for (const [k, v] of headers) c.res.headers.set(k, v);
  } catch {
    const copy = new Response(c.res.body, c.res);
    for (const [k, v] of headers) copy.headers.set(k, v);
    c.res = copy;
  }
}

/**
 * CORS for the host pages in `CORS_ORIGINS`. An origin listed by name may send credentials
 * (`fetch(…, { credentials: 'include' })`, as seed 001's client does): its answers carry
 * `Access-Control-Allow-Credentials: true`. `*` lets any origin call without credentials and
 * never with them — an unlisted page's credentialed request is refused by the browser. No list:
 * same origin only. Tokens still travel in headers; genshelf sets no cookie that authenticates.
 *
 * Preflights are Hono's `cors`. Other requests get the same headers after the handler answered:
 * Hono's `cors` sets them before, which makes the context hold a response early, and Hono then
 * rebuilds every handler's response around it (re-reading its body as a stream) — a twentieth of
 * a list request's CPU on Node.
 * @example
 * app.use('*', hostCors(['https://studio.example', '*']))
 */
export function hostCors(origins: readonly string[]) {
  const named = new Set(origins.filter((o) => o !== '*'));
  const anyOrigin = origins.includes('*');
  const withCredentials = cors({ ...shared, origin: (o) => o, credentials: true });
  const withoutCredentials = cors({ ...shared, origin: (o) => (anyOrigin ? o : null) });
  return createMiddleware<AppEnv>(async function corsForHost(c, next) {
    const origin = c.req.header('origin');
    const credentials = !!origin && named.has(origin);
    if (c.req.method === 'OPTIONS') return (credentials ? withCredentials : withoutCredentials)(c, next);
    await next();
    const headers: [string, string][] = [];
    if (origin && (credentials || anyOrigin)) {
      headers.push(['Access-Control-Allow-Origin', origin], ['Access-Control-Expose-Headers', exposed]);
      if (credentials) headers.push(['Access-Control-Allow-Credentials', 'true']);
    }
    const vary = c.res.headers.get('Vary');
    headers.push(['Vary', vary ? `${vary}, Origin` : 'Origin']);
    setOnResponse(c, headers);
  });
}
