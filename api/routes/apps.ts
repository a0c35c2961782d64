import { createRoute, z } from '@hono/zod-openapi';
import { ApiError } from '../errors.ts';
import { fromBase64url } from '../lib/crypto.ts';
import { presets } from '../lib/route-presets.ts';
import { revalidate } from '../lib/revalidate.ts';
import { createRouter } from '../lib/router.ts';
import { bytesHeaders } from '../lib/serve-blob.ts';
import { urlContext } from '../lib/url-context.ts';
import { appIconVersion, toApp } from '../presenters/apps.ts';
import { AppBody, AppIdParam, AppSchema } from '../schemas/apps.ts';
import { json, jsonBody, pick } from '../schemas/common.ts';
import { copyIcon } from '../services/app-icons.ts';
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
  summary: "An app's icon as genshelf keeps it (what `image_url` points at)",
  description:
    'The checked SVG as `image/svg+xml`, or the copy of the picture `icon_url` named (PNG, JPEG, GIF, WebP or AVIF, typed by its bytes); inert as a document (`Content-Security-Policy: sandbox`, `nosniff`). 404 when genshelf keeps no icon for the app (none, or an `icon_url` from `APPS_FILE`, which stays a link).',
  request: { params: AppIdParam },
  responses: { 200: { description: 'The icon', content: { 'image/svg+xml': { schema: z.string() }, 'image/png': { schema: z.string().openapi({ format: 'binary' }) } } }, ...pick(404, 422) },
});

const put = createRoute({
  method: 'put',
  path: '/api/v1/apps/{id}',
  tags: ['Apps'],
  summary: 'Register or replace an app (scope genshelf:admin)',
  description:
    'Idempotent: the body is the whole app (fields left out take their defaults; `position` left out keeps the app\'s place). ' +
    'The icon is an SVG (`icon_svg`, checked: shapes and presentation attributes only) or an image URL (`icon_url`), plus an optional short text `icon`. ' +
    'genshelf fetches an `icon_url` before anything is written and keeps a copy it serves itself (`image_url`): a PNG, JPEG, GIF, WebP or AVIF of at most 256 KiB, or an SVG checked like `icon_svg`; the fetch follows the video proxy\'s upstream rules (https unless `UPSTREAM_ALLOW_HTTP`, no private or loopback address unless `UPSTREAM_ALLOW_PRIVATE`), the URL\'s own host allowed by naming it. A URL that cannot be fetched or is no such picture is a 422 on `icon_url` saying why. ' +
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
    // The version image_url carries is the icon's tag too: nothing is hashed per request.
    const version = appIconVersion(app);
    if (!version) throw new ApiError('not_found', `genshelf keeps no icon for app "${app.id}"`);
    const etag = `"${version}"`;
    const headers = bytesHeaders({ 'Content-Type': app.iconSvg ? 'image/svg+xml' : app.iconMime!, ETag: etag, 'Cache-Control': 'public, max-age=300' });
    if (c.req.header('if-none-match') === etag) return c.body(null, 304, Object.fromEntries(headers));
    return c.body(app.iconSvg ?? (fromBase64url(app.iconImage!) as Uint8Array<ArrayBuffer>), 200, Object.fromEntries(headers));
  })
  .openapi(put, async (c) => {
    const { id } = c.req.valid('param');
    const input = c.req.valid('json');
    // Fetched before anything is written: a URL that is no picture changes nothing.
    const copy = input.icon_url ? await copyIcon(c.var.deps, input.icon_url) : undefined;
    const { app, created } = await putApp(c.var.deps.db, id, input, c.var.deps.clock.now(), copy);
    if (created) c.header('Location', `/api/v1/apps/${id}`);
    return c.json(toApp(app, urlContext(c).base), created ? 201 : 200);
  })
  .openapi(remove, async (c) => {
    await deleteApp(c.var.deps.db, c.req.valid('param').id);
    return c.body(null, 204);
  });
