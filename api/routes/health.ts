import { createRoute, z } from '@hono/zod-openapi';
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

export const healthRouter = createRouter().openapi(health, async (c) => {
  const { deps } = c.var;
  c.header('Cache-Control', 'no-store');
  const time = new Date(deps.clock.now()).toISOString();
  try {
    await checkDatabase(deps.db, deps.clock.now(), deps.config.HEALTH_DB_CHECK_MS);
    return c.json({ status: 'ok' as const, database: 'ok' as const, time }, 200);
  } catch (err) {
    deps.log.error('health check: database unreachable', { error: String(err) });
    return c.json({ status: 'degraded' as const, database: 'unreachable' as const, time }, 503);
  }
});
