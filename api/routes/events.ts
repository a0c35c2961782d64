import { createRoute } from '@hono/zod-openapi';
import { ownerOf } from '../auth/caller.ts';
import { randomId, sha256Hex } from '../lib/crypto.ts';
import { presets } from '../lib/route-presets.ts';
import { createRouter } from '../lib/router.ts';
import { json, jsonBody, pick } from '../schemas/common.ts';
import { EventsBody, EventsHeaders, EventsResultSchema } from '../schemas/events.ts';
import { checkEventTimes, recordEvents } from '../services/events.ts';

const record = createRoute({
  method: 'post',
  path: '/api/v1/events',
  tags: ['Insights'],
  summary: 'Record usage events (view, click, download, share, conversion) for assets of the caller',
  description: 'All or nothing: an unknown or foreign asset refuses the whole batch (404). Assets in the trash still take events (a download just before a delete), which count again if the asset is restored.',
  ...presets.userWrite,
  request: { headers: EventsHeaders, body: jsonBody(EventsBody) },
  responses: { 200: json(EventsResultSchema, 'What was recorded'), ...pick(400, 401, 404, 422) },
});

export const eventsRouter = createRouter().openapi(record, async (c) => {
  const { deps, caller } = c.var;
  const owner = ownerOf(caller);
  const now = deps.clock.now();
  const input = c.req.valid('json');
  checkEventTimes(input, now);
  const key = c.req.valid('header')['idempotency-key'];
  // Without a client id, an Idempotency-Key gives each event a stable id (key + position).
  const batch = input.map((e, i) => ({ id: e.id ?? (key ? `k:${sha256Hex(`${key}\n${i}`)}` : randomId()), assetId: e.asset_id, type: e.type, at: e.at ?? now }));
  return c.json(await recordEvents(deps.db, owner, batch), 200);
});
