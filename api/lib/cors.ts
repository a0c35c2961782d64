import { cors } from 'hono/cors';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.ts';

const shared = {
  allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
  allowHeaders: ['Authorization', 'X-Access-Token', 'Content-Type', 'If-None-Match', 'If-Range', 'Range', 'X-Request-ID', 'Idempotency-Key'],
  exposeHeaders: ['X-Request-ID', 'ETag', 'Content-Range', 'Accept-Ranges', 'Content-Length', 'Content-Disposition', 'Location', 'Retry-After'],
  maxAge: 600,
};

/**
 * CORS for the host pages in `CORS_ORIGINS`. An origin listed by name may send credentials
 * (`fetch(…, { credentials: 'include' })`, as seed 001's client does): its answers carry
 * `Access-Control-Allow-Credentials: true`. `*` lets any origin call without credentials and
 * never with them — an unlisted page's credentialed request is refused by the browser. No list:
 * same origin only. Tokens still travel in headers; genshelf sets no cookie that authenticates.
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
    return (origin && named.has(origin) ? withCredentials : withoutCredentials)(c, next);
  });
}
