/**
 * The element suites' API (Node side, once per run of @web/test-runner): the real app on a temp
 * libSQL file filled with the sample data, listening on a free port, CORS open so the test pages
 * (WTR's origin) can call it, serving the freshly built bundle at /widgets/ and the demo page at /
 * as `npm start` does. The browser asks for its address and secrets with the `genshelf-env`
 * command (widgets/test/fixtures.ts `env`), and moves the API's clock with `genshelf-clock`
 * (`{advance: ms}`, `{reset: true}`: links and sessions expire for real, nothing else is faked).
 * The operator's apps file (`APPS_FILE`'s path, where an `icon_url` stays a link) registers
 * `broken-icon`, whose picture never loads, for the icon fallback's test.
 */
import { serve } from '@hono/node-server';
import type { TestRunnerPlugin } from '@web/test-runner';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveWidgets } from '../../api/node.ts';
import { startDemoApp } from '../../api/sample/demo-app.ts';
import { appsFromJson, registerApps } from '../../api/services/apps.ts';
import { buildWidgets } from '../../scripts/build-widgets.ts';
import type { WidgetTestEnv } from '../../widgets/test/env.ts';
import { testSecrets } from '../harness.ts';

export function genshelfApi(): TestRunnerPlugin {
  let env: WidgetTestEnv | undefined;
  let stop: (() => Promise<void>) | undefined;
  /** How far the API's clock is ahead of the system's (ms). */
  let offset = 0;
  return {
    name: 'genshelf:api',
    async serverStart() {
      const dir = mkdtempSync(join(tmpdir(), 'genshelf-widgets-'));
      const secrets = testSecrets();
      const [{ app, client, db, demoToken }] = await Promise.all([
        startDemoApp(dir, { database: 'widgets.db', env: { ...secrets, CORS_ORIGINS: '*', ANON_SESSION_RATE_LIMIT: '10000' }, token: { expiresIn: '2h' }, clock: { now: () => Date.now() + offset } }),
        buildWidgets(join(dir, 'dist')),
      ]);
      serveWidgets(app, demoToken, join(dir, 'dist'));
      const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
      await new Promise<void>((ready) => (server.listening ? ready() : server.once('listening', ready)));
      const { port } = server.address() as AddressInfo;
      const brokenIcon = [{ id: 'broken-icon', name: 'Broken Icon', color: 'red', icon_url: `http://127.0.0.1:${port}/api/v1/apps/nobody/icon` }];
      await registerApps(db, appsFromJson(JSON.stringify(brokenIcon), 'the widget tests\' apps'), Date.now(), { replace: true });
      env = { api: `http://127.0.0.1:${port}`, demoToken, jwtSecret: secrets.AUTH_JWT_SECRET, ingestToken: secrets.INGEST_TOKEN };
      stop = async () => {
        server.closeAllConnections();
        await new Promise((done) => server.close(done));
        client.close();
        rmSync(dir, { recursive: true, force: true });
      };
    },
    async serverStop() {
      await stop?.();
    },
    executeCommand({ command, payload }) {
      if (command === 'genshelf-clock') {
        const move = payload as { advance?: number; reset?: boolean };
        offset = move.reset ? 0 : offset + (move.advance ?? 0);
        return true;
      }
      if (command !== 'genshelf-env') return undefined;
      if (!env) throw new Error('the genshelf API has not started');
      return env;
    },
  };
}
