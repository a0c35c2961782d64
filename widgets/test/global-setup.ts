/**
 * The widget tests' server (Node side, once per run): the real app on a temp libSQL file filled
 * with the sample data, listening on a free port, CORS open so the test page (another origin)
 * can call it, serving the freshly built bundle at /widgets/ and the demo page at / as
 * `npm start` does. Tests reach it through `inject('genshelf')` (see fixtures.ts).
 */
import { serve } from '@hono/node-server';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { serveWidgets } from '../../api/node.ts';
import { startDemoApp } from '../../api/sample/demo-app.ts';
import { buildWidgets } from '../../scripts/build-widgets.ts';
import { testSecrets } from '../../test/harness.ts';
import './env.ts';

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'genshelf-widgets-'));
  const secrets = testSecrets();
  const [{ app, client, demoToken }] = await Promise.all([
    startDemoApp(dir, { database: 'widgets.db', env: { ...secrets, CORS_ORIGINS: '*', ANON_SESSION_RATE_LIMIT: '10000' }, token: { expiresIn: '2h' } }),
    buildWidgets(join(dir, 'dist')),
  ]);
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
