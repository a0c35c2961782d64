/**
 * `genshelf/server`: the whole API as a Hono app a host mounts inside its own Hono app or Worker
 * (`app.route('/genshelf', createGenshelf({...}))`), with its own identity provider, database and
 * bucket. Runtime-agnostic like api/app.ts: it takes what the host already holds — a D1 binding, a
 * libSQL/Turso client or a drizzle database; an R2 binding or a BlobStore — and never opens
 * anything itself (`genshelf/server/node` opens a libSQL file and a blob directory on Node).
 */
import type { Client } from '@libsql/client';
import { drizzle as drizzleD1 } from 'drizzle-orm/d1';
import { drizzle as drizzleLibsql } from 'drizzle-orm/libsql/web';
import type { Context } from 'hono';
import { createApp } from './app.ts';
import { r2BlobStore, type R2BucketLike } from './blobs/r2.ts';
import type { BlobStore } from './blobs/types.ts';
import { parseConfig } from './config.ts';
import type { Db } from './db/client.ts';
import type { AppsFile } from './schemas/apps.ts';
import type * as z from 'zod';
import { appsFromJson, registerApps } from './services/apps.ts';
import * as schema from './db/schema/index.ts';
import { systemClock, type AppEnv, type Clock, type Deps } from './env.ts';
import { consoleLogger, type Logger } from './lib/logger.ts';
import { runMaintenance } from './tasks/maintenance.ts';

/** What a D1 binding offers that genshelf relies on (structural, so hosts need no workers-types). */
interface D1Like {
  prepare(query: string): unknown;
  batch(statements: unknown[]): Promise<unknown>;
  exec(query: string): Promise<unknown>;
}

export interface GenshelfOptions {
  /**
   * The database, already migrated with the SQL files in `genshelf/drizzle/` (`wrangler d1
   * migrations apply` reads them as they are): a D1 binding, a libSQL client (`@libsql/client`,
   * `@libsql/client/web` for Turso) or a drizzle database over either.
   */
  database: D1Like | Client | Db;
  /** Where files go: an R2 binding, or a `BlobStore` (`diskBlobStore` from `genshelf/server/node`). */
  bucket: R2BucketLike | BlobStore;
  /**
   * The settings, named as genshelf's environment variables (a Worker passes its `env` as it is):
   * `AUTH_JWT_SECRET` or `AUTH_JWKS_URL` (+ `AUTH_ISSUER`, `AUTH_AUDIENCE`) to verify the host's
   * user tokens, `SIGNING_SECRET`, `INGEST_TOKEN`, `PUBLIC_BASE_URL` (the mount's public address,
   * e.g. `https://example.com/genshelf`, where signed file URLs point), `CORS_ORIGINS`, … Invalid or
   * missing ones throw a `ConfigError` naming them.
   */
  settings: Record<string, unknown>;
  /**
   * The generator apps jobs belong to (each what `PUT /api/v1/apps/:id` takes, plus its `id`),
   * registered before the first request; a job for an app nobody registered is refused. Default: the
   * `APPS` setting (a JSON list, as on Workers). Apps can also be managed through the API.
   */
  apps?: GenshelfAppInput[];
  /** The caller's address for per-address limits (default: `CF-Connecting-IP`, else Node's socket). */
  clientIp?: (c: Context<AppEnv>) => string | undefined;
  /** Outbound HTTP (JWKS, provider videos); default `fetch`. */
  fetch?: typeof fetch;
  log?: Logger;
  clock?: Clock;
  /** Resolves a host name (Node), so the video proxy refuses names that point inside the network. */
  lookupHost?: (host: string) => Promise<string[]>;
}

export type GenshelfApp = ReturnType<typeof createApp>;
/** An app as `PUT /api/v1/apps/:id` takes it, plus its `id` (`name` and `color` are required). */
export type GenshelfAppInput = z.input<typeof AppsFile>[number];

const depsOf = new WeakMap<GenshelfApp, Deps>();

function database(db: GenshelfOptions['database']): Db {
  if ('select' in db) return db;
  if ('execute' in db) return drizzleLibsql(db, { schema });
  // drizzle's D1 driver has the same builder and batch API as its libSQL one (see db/client.ts).
  return drizzleD1(db as never, { schema }) as unknown as Db;
}

const isR2 = (bucket: GenshelfOptions['bucket']): bucket is R2BucketLike => 'createMultipartUpload' in bucket;

/** Node's socket address when the host runs on @hono/node-server (it passes its `incoming` as the env). */
const socketAddress = (c: Context): string | undefined => (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;

/** The genshelf API as a Hono app, to mount with `app.route('/genshelf', …)` or serve as it is. */
export function createGenshelf(options: GenshelfOptions): GenshelfApp {
  const deps: Deps = {
    db: database(options.database),
    blobs: isR2(options.bucket) ? r2BlobStore(options.bucket) : options.bucket,
    config: parseConfig(options.settings),
    clock: options.clock ?? systemClock,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    log: options.log ?? consoleLogger('warn'),
    // Never undefined: without an address the app would trust a request header (meant for tests).
    clientIp: options.clientIp ?? ((c) => c.req.header('cf-connecting-ip') ?? socketAddress(c) ?? 'unknown'),
    lookupHost: options.lookupHost,
  };
  // Checked here, so a bad list fails at start-up with one message rather than on a request.
  const apps = options.apps ? appsFromJson(JSON.stringify(options.apps), 'the apps option') : typeof options.settings.APPS === 'string' && options.settings.APPS.trim() ? appsFromJson(options.settings.APPS, 'the APPS setting') : [];
  if (apps.length) {
    let registered: Promise<unknown> | undefined;
    // Once, before the first request; tried again on the next one if it failed.
    deps.ready = () => (registered ??= registerApps(deps.db, apps, deps.clock.now(), { replace: true }).catch((err) => {
      registered = undefined;
      throw err;
    }));
  }
  const app = createApp(deps);
  depsOf.set(app, deps);
  return app;
}

/**
 * Purges expired trash and finishes interrupted file work; idempotent. Run it from a Worker's
 * `scheduled` handler (`ctx.waitUntil(maintainGenshelf(genshelf))`) or a timer.
 */
export function maintainGenshelf(app: GenshelfApp): Promise<void> {
  const deps = depsOf.get(app);
  if (!deps) throw new TypeError('maintainGenshelf: not an app made by createGenshelf');
  return runMaintenance(deps);
}

export { ConfigError } from './config.ts';
export type { BlobStore } from './blobs/types.ts';
export type { R2BucketLike } from './blobs/r2.ts';
export type { AppType } from './app.ts';
