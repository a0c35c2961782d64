import { createRoute } from '@hono/zod-openapi';
import { ownerOf } from '../auth/caller.ts';
import { presets } from '../lib/route-presets.ts';
import { createRouter } from '../lib/router.ts';
import { json, pick } from '../schemas/common.ts';
import { UsageQuery, UsageSchema } from '../schemas/usage.ts';
import { usageOf } from '../services/quota.ts';

const usage = createRoute({
  method: 'get',
  path: '/api/v1/usage',
  tags: ['Settings'],
  summary: "The caller's storage: bytes used and the quota",
  description:
    'Stored files count until they are purged from the trash; text outputs and provider-kept videos take no storage. An upload that does not fit is refused with 413 `quota_exceeded` and nothing is stored. ' +
    'Always the caller\'s own: it takes no parameters.',
  ...presets.userRead,
  request: { query: UsageQuery },
  responses: { 200: json(UsageSchema, 'Used and allowed bytes'), 304: { description: 'Not modified' }, ...pick(401, 403, 422) },
});

export const usageRouter = createRouter().openapi(usage, async (c) => {
  const { deps, caller } = c.var;
  return c.json(await usageOf(deps.db, deps.config, ownerOf(caller)), 200);
});
