import { createRoute } from '@hono/zod-openapi';
import { ownerOf } from '../auth/caller.ts';
import { presets } from '../lib/route-presets.ts';
import { createRouter } from '../lib/router.ts';
import { toSettings } from '../presenters/settings.ts';
import { json, jsonBody, pick } from '../schemas/common.ts';
import { SettingsPatchBody, SettingsSchema } from '../schemas/settings.ts';
import { patchSettings, readSettings } from '../services/settings.ts';

const get = createRoute({
  method: 'get',
  path: '/api/v1/user/settings',
  tags: ['Settings'],
  summary: "The caller's settings (AI preferences and integrations), created with the defaults on first read",
  ...presets.userRead,
  responses: { 200: json(SettingsSchema, 'The settings'), 304: { description: 'Not modified' }, ...pick(401) },
});

const patch = createRoute({
  method: 'patch',
  path: '/api/v1/user/settings',
  tags: ['Settings'],
  summary: 'Change some settings (a validated partial merge)',
  description: 'Only the keys given change; unknown keys or values outside the lists are refused (422) and nothing is written. An empty patch changes nothing.',
  ...presets.userWrite,
  request: { body: jsonBody(SettingsPatchBody) },
  responses: { 200: json(SettingsSchema, 'The settings after the change'), ...pick(400, 401, 422) },
});

export const settingsRouter = createRouter()
  .openapi(get, async (c) => {
    const { deps, caller } = c.var;
    return c.json(toSettings(await readSettings(deps.db, ownerOf(caller), deps.clock.now())), 200);
  })
  .openapi(patch, async (c) => {
    const { deps, caller } = c.var;
    return c.json(toSettings(await patchSettings(deps.db, ownerOf(caller), c.req.valid('json'), deps.clock.now())), 200);
  });
