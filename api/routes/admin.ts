import { createRoute, z } from '@hono/zod-openapi';
import { accessCounter, proxyMetrics } from '../lib/proxy-metrics.ts';
import { presets } from '../lib/route-presets.ts';
import { createRouter } from '../lib/router.ts';
import { json, pick } from '../schemas/common.ts';
import { flushAccessCounts, linkCounts, removeExpiredLinks } from '../services/video-links.ts';

const MetricsSchema = z
  .object({
    mappings: z.object({ total: z.number().int(), active: z.number().int(), expired: z.number().int() }),
    access_count: z.number().int(),
    upstream: z
      .object({ requests: z.number().int(), errors: z.number().int(), error_rate: z.number(), p50_ms: z.number().nullable(), p95_ms: z.number().nullable() })
      .openapi({ description: 'As seen by the instance that answers (time to the upstream\'s response headers)' }),
  })
  .openapi('VideoProxyMetrics');

const metrics = createRoute({
  method: 'get',
  path: '/api/v1/admin/video-proxy/metrics',
  tags: ['Admin'],
  summary: 'Video proxy metrics (scope genshelf:admin)',
  ...presets.admin,
  responses: { 200: json(MetricsSchema, 'The metrics'), ...pick(401, 403) },
});

const cleanup = createRoute({
  method: 'post',
  path: '/api/v1/admin/video-proxy/cleanup',
  tags: ['Admin'],
  summary: 'Remove expired video links now (scope genshelf:admin)',
  ...presets.admin,
  responses: { 200: json(z.object({ removed: z.number().int() }), 'How many links were removed'), ...pick(401, 403) },
});

export const adminRouter = createRouter()
  .openapi(metrics, async (c) => {
    const { deps } = c.var;
    const now = deps.clock.now();
    await flushAccessCounts(deps.db, accessCounter(deps), now);
    return c.json({ ...(await linkCounts(deps.db, now)), upstream: proxyMetrics(deps).snapshot() }, 200);
  })
  .openapi(cleanup, async (c) => c.json({ removed: await removeExpiredLinks(c.var.deps.db, c.var.deps.clock.now()) }, 200));
