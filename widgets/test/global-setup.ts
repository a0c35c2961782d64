/**
 * The widget tests' server (Node side, once per run): the real app on a temp libSQL file filled
 * with the sample data, listening on a free port, CORS open so the test page (another origin)
 * can call it, serving the freshly built bundle at /widgets/ and the demo page at / as
 * `npm start` does. Tests reach it through `inject('genshelf')` (see fixtures.ts).
 */
import { serve } from '@hono/node-server';
import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { createApp } from '../../api/app.ts';
import { signUserToken } from '../../api/auth/tokens.ts';
import { diskBlobStore } from '../../api/blobs/disk.ts';
import { parseConfig } from '../../api/config.ts';
import { systemClock } from '../../api/env.ts';
import { silentLogger } from '../../api/lib/logger.ts';
import { openDatabase, serveWidgets } from '../../api/node.ts';
import { DEMO_SUBJECT, seedDemoData } from '../../api/sample/demo-data.ts';
import { buildWidgets } from '../../scripts/build-widgets.ts';
import { testSecrets } from '../../test/harness.ts';
import './env.ts';

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'genshelf-widgets-'));
  const secrets = testSecrets();
  const config = parseConfig({ DATABASE_URL: `file:${join(dir, 'widgets.db')}`, ...secrets, CORS_ORIGINS: '*', ANON_SESSION_RATE_LIMIT: '10000' });
  const [{ db, client }] = await Promise.all([openDatabase(config.DATABASE_URL), buildWidgets(join(dir, 'dist'))]);
  const blobs = diskBlobStore(join(dir, 'blobs'));
  await seedDemoData(db, blobs, Date.now());
  const app = createApp({
    db,
    blobs,
    config,
    clock: systemClock,
    fetch: globalThis.fetch,
    log: silentLogger,
    clientIp: (c) => (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket.remoteAddress,
  });
  const demoToken = await signUserToken(secrets.AUTH_JWT_SECRET, { sub: DEMO_SUBJECT }, { expiresIn: '2h' });
  serveWidgets(app, demoToken, join(dir, 'dist'));
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((ready) => (server.listening ? ready() : server.once('listening', ready)));
  const { port } = server.address() as AddressInfo;
  project.provide('genshelf', {
    api: `http://127.0.0.1:${port}`,
    demoToken,
    jwtSecret: secrets.AUTH_JWT_SECRET,
    ingestToken: secrets.INGEST_TOKEN,
  });
  return async () => {
    (server as Server).closeAllConnections();
    await new Promise((done) => server.close(done));
    client.close();
    rmSync(dir, { recursive: true, force: true });
  };
}
