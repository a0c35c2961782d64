import { createRoute, z } from '@hono/zod-openapi';
import { ApiError } from '../errors.ts';
import { sha256Hex } from '../lib/crypto.ts';
import { presets } from '../lib/route-presets.ts';
import { revalidate } from '../lib/revalidate.ts';
import { createRouter } from '../lib/router.ts';
import { bytesHeaders } from '../lib/serve-blob.ts';
import { urlContext } from '../lib/url-context.ts';
import { toApp } from '../presenters/apps.ts';
import { AppBody, AppIdParam, AppSchema } from '../schemas/apps.ts';
import { json, jsonBody, pick } from '../schemas/common.ts';
import { deleteApp, getApp, listApps, putApp } from '../services/apps.ts';

const list = createRoute({
  method: 'get',
  path: '/api/v1/apps',
  tags: ['Apps'],
  summary: 'The registry of generator apps (names, icons, colours, links)',
  middleware: [revalidate] as const,
  responses: { 200: json(z.object({ apps: z.array(AppSchema) }), 'All registered apps') },
});

const one = createRoute({
  method: 'get',
  path: '/api/v1/apps/{id}',
  tags: ['Apps'],
  summary: 'One registered app',
  middleware: [revalidate] as const,
  request: { params: AppIdParam },
  responses: { 200: json(AppSchema, 'The app'), ...pick(404, 422) },
});

const icon = createRoute({
  method: 'get',
  path: '/api/v1/apps/{id}/icon',
  tags: ['Apps'],
  summary: "An app's SVG icon (what `image_url` points at)",
  description: 'The checked SVG as `image/svg+xml`, inert as a document (`Content-Security-Policy: sandbox`). 404 when the app has no SVG icon.',
  request: { params: AppIdParam },
  responses: { 200: { description: 'The icon', content: { 'image/svg+xml': { schema: z.string() } } }, ...pick(404, 422) },
});

const put = createRoute({
  method: 'put',
  path: '/api/v1/apps/{id}',
  tags: ['Apps'],
  summary: 'Register or replace an app (scope genshelf:admin)',
  description:
    'Idempotent: the body is the whole app (fields left out take their defaults; `position` left out keeps the app\'s place). ' +
    'The icon is an SVG (`icon_svg`, checked: shapes and presentation attributes only) or an image URL (`icon_url`), plus an optional short text `icon`. ' +
    '`color` is a CSS colour; `href_template` an http(s) link with `{job_id}`, `{project_id}`, `{app_id}` for "Open in app" (and Regenerate, unless the host handles it) in the widgets.',
  ...presets.admin,
  request: { params: AppIdParam, body: jsonBody(AppBody) },
  responses: { 201: json(AppSchema, 'Registered'), 200: json(AppSchema, 'Replaced'), ...pick(400, 401, 403, 413, 422) },
});

const remove = createRoute({
  method: 'delete',
  path: '/api/v1/apps/{id}',
  tags: ['Apps'],
  summary: 'Remove an app no job or project uses (scope genshelf:admin)',
  description: 'A job in the trash still uses its app: 409 until it is purged.',
  ...presets.admin,
  request: { params: AppIdParam },
  responses: { 204: { description: 'Removed' }, ...pick(401, 403, 404, 409, 422) },
});

export const appsRouter = createRouter()
  .openapi(list, async (c) => {
    const { base } = urlContext(c);
    return c.json({ apps: (await listApps(c.var.deps.db)).map((a) => toApp(a, base)) }, 200);
  })
  .openapi(one, async (c) => c.json(toApp(await getApp(c.var.deps.db, c.req.valid('param').id), urlContext(c).base), 200))
  .openapi(icon, async (c) => {
    const app = await getApp(c.var.deps.db, c.req.valid('param').id);
    if (!app.iconSvg) throw new ApiError('not_found', `App "${app.id}" has no SVG icon`);
    const etag = `"${sha256Hex(app.iconSvg).slice(0, 32)}"`;
    const headers = bytesHeaders({ 'Content-Type': 'image/svg+xml', ETag: etag, 'Cache-Control': 'public, max-age=300' });
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, Object.fromEntries(headers));
    return c.body(app.iconSvg, 200, Object.fromEntries(headers));
  })
  .openapi(put, async (c) => {
    const { id } = c.req.valid('param');
    const { app, created } = await putApp(c.var.deps.db, id, c.req.valid('json'), c.var.deps.clock.now());
    if (created) c.header('Location', `/api/v1/apps/${id}`);
    return c.json(toApp(app, urlContext(c).base), created ? 201 : 200);
  })
  .openapi(remove, async (c) => {
    await deleteApp(c.var.deps.db, c.req.valid('param').id);
    return c.body(null, 204);
  });
