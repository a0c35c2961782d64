/**
 * The real app on a libSQL file in a directory of its own, filled with the sample data (files on
 * disk in `dir`/blobs), and a token for the sample data's user: what the widget tests
 * (test/wtr/genshelf-api.ts) and the stories (.storybook/genshelf-api.ts) run against.
 *
 * Node only (api/node.ts's database): for tests and tools, never imported by the app's
 * runtime-agnostic modules.
 */
import { join } from 'node:path';
import { createApp } from '../app.ts';
import { signUserToken } from '../auth/tokens.ts';
import { diskBlobStore } from '../blobs/disk.ts';
import { parseConfig } from '../config.ts';
import { systemClock, type Clock } from '../env.ts';
import { silentLogger } from '../lib/logger.ts';
import { openDatabase, remoteAddress } from '../node.ts';
import { DEMO_SUBJECT, seedDemoData } from './demo-data.ts';

export interface DemoAppOptions {
  /** The database file's name in `dir`. */
  database: string;
  /** The configuration (DATABASE_URL aside); its AUTH_JWT_SECRET signs the demo user's token. */
  env: Record<string, unknown> & { AUTH_JWT_SECRET: string };
  /** The demo user's token: how long it lasts (`'2h'`), and the display name it carries, if any. */
  token: { expiresIn: string; name?: string };
  /** The app's clock (default: the system's); the element suites move it to expire links. */
  clock?: Clock;
}

export async function startDemoApp(dir: string, { database, env, token, clock = systemClock }: DemoAppOptions) {
  const config = parseConfig({ DATABASE_URL: `file:${join(dir, database)}`, ...env });
  const { db, client } = await openDatabase(config.DATABASE_URL, { busyTimeoutMs: config.DB_BUSY_TIMEOUT_MS });
  const blobs = diskBlobStore(join(dir, 'blobs'));
  await seedDemoData(db, blobs, Date.now());
  const app = createApp({
    db,
    blobs,
    config,
    clock,
    fetch: globalThis.fetch,
    log: silentLogger,
    clientIp: remoteAddress,
  });
  const claims = { sub: DEMO_SUBJECT, ...(token.name ? { name: token.name } : {}) };
  const demoToken = await signUserToken(env.AUTH_JWT_SECRET, claims, { expiresIn: token.expiresIn });
  return { app, client, db, demoToken };
}
