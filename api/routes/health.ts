import { createRoute, z } from '@hono/zod-openapi';
import type { Deps } from '../env.ts';
import { createRouter } from '../lib/router.ts';
import { json } from '../schemas/common.ts';
import { checkDatabase } from '../services/health.ts';

const Health = z.object({ status: z.enum(['ok', 'degraded']), database: z.enum(['ok', 'unreachable']), time: z.string() }).openapi('Health');

const health = createRoute({
  method: 'get',
  path: '/health',
  tags: ['Health'],
  summary: 'Liveness, with a database round trip',
  description: 'The database is asked at most once per `HEALTH_DB_CHECK_MS` (1 s): a success within that time is reused, a failure never is.',
  responses: { 200: json(Health, 'Up'), 503: json(Health, 'The database does not answer') },
});

/** Hono's request-id rule (hono/request-id, which every other route runs): a caller's id is kept when it is 1–255 of `[A-Za-z0-9_=-]`. */
const requestIdFor = (given: string | undefined) => (given && given.length <= 255 && !/[^\w\-=]/.test(given) ? given : crypto.randomUUID());

/**
 * Liveness for `deps`, registered before all middleware (api/app.ts): load balancers poll it from
 * many places, and it needs nothing the middleware gives (no caller, CORS or body) — so it makes
 * its own X-Request-ID and answers with a Response of plain headers.
 */
export const healthRouter = (deps: Deps) =>
  createRouter().openapi(health, async (c) => {
    const now = deps.clock.now();
    const time = new Date(now).toISOString();
    let up = true;
    try {
      await checkDatabase(deps.db, now, deps.config.HEALTH_DB_CHECK_MS);
    } catch (err) {
      up = false;
      deps.log.error('health check: database unreachable', { error: String(err) });
    }
    const body = up ? { status: 'ok' as const, database: 'ok' as const, time } : { status: 'degraded' as const, database: 'unreachable' as const, time };
    const headers = { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'X-Request-ID': requestIdFor(c.req.header('x-request-id')) };
    return new Response(JSON.stringify(body), { status: up ? 200 : 503, headers }) as never;
  });
