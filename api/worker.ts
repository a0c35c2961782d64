/**
 * The Cloudflare Workers entry: Turso over HTTP (@libsql/client/web) or a D1 binding `DB`,
 * R2 binding `BUCKET`, and the cron-driven maintenance. The only module (with api/node.ts)
 * that knows its runtime.
 */
import { drizzle as drizzleD1 } from 'drizzle-orm/d1';
import { drizzle as drizzleTurso } from 'drizzle-orm/libsql/web';
import { createApp } from './app.ts';
import { r2BlobStore, type R2BucketLike } from './blobs/r2.ts';
import { ConfigError, parseConfig } from './config.ts';
import type { Db } from './db/client.ts';
import * as schema from './db/schema/index.ts';
import { systemClock, type Deps } from './env.ts';
import { ApiError } from './errors.ts';
import { consoleLogger } from './lib/logger.ts';
import { onlyWidgetFiles, widgetFileHeaders, widgetFilePath } from './lib/widget-files.ts';
import { runMaintenance } from './tasks/maintenance.ts';
import type { AppDefinition } from './schemas/apps.ts';
import { appsFromJson, registerApps } from './services/apps.ts';

export interface WorkerEnv {
  DB?: D1Database;
  BUCKET?: R2Bucket;
  /** The static assets (`[assets]` in wrangler.toml): the widget bundle built into dist/. */
  ASSETS?: Fetcher;
  TURSO_DATABASE_URL?: string;
  TURSO_AUTH_TOKEN?: string;
  [setting: string]: unknown;
}

function blobStore(env: WorkerEnv) {
  if (!env.BUCKET) throw new ConfigError('genshelf cannot start: bind an R2 bucket as BUCKET (see wrangler.toml)');
  return r2BlobStore(env.BUCKET as unknown as R2BucketLike);
}

function database(env: WorkerEnv): Db {
  if (env.TURSO_DATABASE_URL) {
    return drizzleTurso({ connection: { url: env.TURSO_DATABASE_URL, authToken: env.TURSO_AUTH_TOKEN }, schema });
  }
  if (env.DB) {
    // drizzle's D1 driver has the same builder and batch API as its libSQL one (see db/client.ts).
    return drizzleD1(env.DB, { schema }) as unknown as Db;
  }
  throw new ConfigError('genshelf cannot start: set TURSO_DATABASE_URL (+ TURSO_AUTH_TOKEN) or bind a D1 database as DB');
}

/**
 * The widget bundle at `/widgets/`, from the static assets (which files and headers:
 * lib/widget-files.ts, as on Node). Conditional requests pass through (the assets answer 304s).
 */
function serveWidgetAssets(app: ReturnType<typeof createApp>, assets: Fetcher) {
  app.get('/widgets/*', onlyWidgetFiles, async (c) => {
    const url = new URL(c.req.url);
    url.pathname = widgetFilePath(url.pathname);
    const found = await assets.fetch(new Request(url, { method: c.req.method, headers: c.req.raw.headers }));
    if (found.status === 404) throw new ApiError('not_found', 'No such widget file');
    const res = new Response(found.body, found);
    for (const [name, value] of Object.entries(widgetFileHeaders(url.pathname, c.var.deps.config.CORS_ORIGINS))) res.headers.set(name, value);
    return res;
  });
}

/** One set of dependencies per isolate and env: building them per request would waste CPU. */
const built = new WeakMap<WorkerEnv, { deps: Deps; app: ReturnType<typeof createApp>; apps: AppDefinition[]; registered?: Promise<unknown> } | ConfigError>();

function build(env: WorkerEnv) {
  let entry = built.get(env);
  if (!entry) {
    try {
      // Unlike Node, nothing is generated here: with no secrets configured the API refuses to run.
      const config = parseConfig(env);
      const deps: Deps = { db: database(env), blobs: blobStore(env), config, clock: systemClock, fetch: (input, init) => fetch(input, init), log: consoleLogger('warn'), clientIp: (c) => c.req.header('cf-connecting-ip') };
      // The APPS var (a JSON list, like Node's APPS_FILE): checked here, registered before the first request.
      const apps = typeof env.APPS === 'string' && env.APPS.trim() ? appsFromJson(env.APPS, 'the APPS var') : [];
      const app = createApp(deps);
      if (env.ASSETS) serveWidgetAssets(app, env.ASSETS);
      entry = { deps, app, apps };
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      entry = err;
    }
    built.set(env, entry);
  }
  return entry;
}

/** Registers the APPS var's apps once per isolate (again after a failure); the var wins over changes made through the API. */
function appsRegistered(entry: { deps: Deps; apps: AppDefinition[]; registered?: Promise<unknown> }): Promise<unknown> {
  if (!entry.apps.length) return Promise.resolve();
  entry.registered ??= registerApps(entry.deps.db, entry.apps, Date.now(), { replace: true }).catch((err) => {
    entry.registered = undefined;
    throw err;
  });
  return entry.registered;
}

export default {
  async fetch(request, env, ctx): Promise<Response> {
    const entry = build(env);
    if (entry instanceof ConfigError) {
      console.error(entry.message);
      // Names the missing or bad settings (never their values), so the operator sees what to fix.
      return Response.json({ error: 'internal_error', message: entry.message, request_id: crypto.randomUUID() }, { status: 500 });
    }
    try {
      await appsRegistered(entry);
    } catch (err) {
      console.error('registering the APPS var failed', err);
      return Response.json({ error: 'service_unavailable', message: 'The app registry could not be written; try again', request_id: crypto.randomUUID() }, { status: 503, headers: { 'Retry-After': '5' } });
    }
    return entry.app.fetch(request, env, ctx);
  },

  async scheduled(_controller, env, ctx): Promise<void> {
    const entry = build(env);
    if (entry instanceof ConfigError) {
      console.error(entry.message);
      return;
    }
    ctx.waitUntil(runMaintenance(entry.deps));
  },
} satisfies ExportedHandler<WorkerEnv>;
