/**
 * The demo host app (demo/) as files: what `serveWidgets` (api/node.ts) serves of it, and the event
 * log listening to every event the elements fire. Its pages' CSP: test/demo-page.test.ts; the app
 * itself runs in test/e2e/demo.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { diskBlobStore } from '../api/blobs/disk.ts';
import { parseConfig } from '../api/config.ts';
import { systemClock } from '../api/env.ts';
import { silentLogger } from '../api/lib/logger.ts';
import { openDatabase, serveWidgets } from '../api/node.ts';
import { testSecrets } from './harness.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const demo = join(root, 'demo');

describe('the event log', () => {
  it("logs every gs- event the elements fire (demo/event-log.js's list is widgets/base/events.ts's)", async () => {
    const map = readFileSync(join(root, 'widgets/base/events.ts'), 'utf8');
    const body = map.slice(map.indexOf('export interface GsEventMap'), map.indexOf('\n}', map.indexOf('export interface GsEventMap')));
    const fired = [...body.matchAll(/^\s+'(gs-[a-z-]+)':/gm)].map((m) => m[1]);
    const logged = readFileSync(join(demo, 'event-log.js'), 'utf8').match(/export const GS_EVENTS = (\[[^\]]*\])/)![1]!;
    expect(JSON.parse(logged.replace(/'/g, '"')).sort()).toEqual(fired.sort());
  });
});

describe('serving the demo (serveWidgets)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'genshelf-demo-files-'));
  let app: ReturnType<typeof createApp>;
  let close = () => {};
  beforeAll(async () => {
    const config = parseConfig({ DATABASE_URL: `file:${join(dir, 'app.db')}`, ...testSecrets() });
    const { db, client } = await openDatabase(config.DATABASE_URL, { busyTimeoutMs: config.DB_BUSY_TIMEOUT_MS });
    close = () => client.close();
    app = createApp({ db, blobs: diskBlobStore(join(dir, 'blobs')), config, clock: systemClock, fetch: globalThis.fetch, log: silentLogger });
    serveWidgets(app, 'the-demo-token', join(dir, 'dist'));
  });
  afterAll(() => {
    close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the pages at / and /demo/<page>.html, without the demo token for a request not from this machine', async () => {
    for (const path of ['/', '/demo/index.html', '/demo/hostile.html']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
      // app.request has no socket: not from this machine, so no token.
      expect(await res.text(), path).toContain('<meta name="genshelf-demo-token" content="" />');
    }
  });

  it("serves demo/'s scripts, styles and icon by name with their types, and nothing else", async () => {
    for (const [path, type] of [['/demo/app.js', /^text\/javascript/], ['/demo/acme.css', /^text\/css/], ['/demo/favicon.svg', /^image\/svg\+xml/]] as const) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toMatch(type);
      expect(await res.text()).toBe(readFileSync(join(demo, path.slice('/demo/'.length)), 'utf8'));
    }
    for (const path of ['/demo/missing.js', '/demo/../package.json', '/demo/%2e%2e/package.json', '/demo/%2e%2e%2fpackage.json', '/demo/sub/app.js', '/demo/app.ts', '/demo/', '/demo/.hidden.js']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/^application\/json/);
    }
  });
});
