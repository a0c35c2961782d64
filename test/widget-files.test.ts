/**
 * What `serveWidgets` (api/node.ts) serves under /widgets/ for the bulk download's service worker:
 * the frame page with its CSP (embeddable only by the CORS_ORIGINS hosts), the worker with its scope
 * header, and nothing else new. The browser side is in widgets/base/bulk-download-sw.test.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { diskBlobStore } from '../api/blobs/disk.ts';
import { parseConfig } from '../api/config.ts';
import { systemClock } from '../api/env.ts';
import { silentLogger } from '../api/lib/logger.ts';
import { openDatabase, serveWidgets } from '../api/node.ts';
import { testSecrets } from './harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'genshelf-widget-files-'));
const closers: (() => void)[] = [];

/** The app with `serveWidgets` over a fake dist/, for these CORS_ORIGINS. */
async function appWith(corsOrigins?: string) {
  const name = `app-${closers.length}`;
  const config = parseConfig({ DATABASE_URL: `file:${join(dir, `${name}.db`)}`, ...testSecrets(), ...(corsOrigins === undefined ? {} : { CORS_ORIGINS: corsOrigins }) });
  const { db, client } = await openDatabase(config.DATABASE_URL, { busyTimeoutMs: config.DB_BUSY_TIMEOUT_MS });
  closers.push(() => client.close());
  const app = createApp({ db, blobs: diskBlobStore(join(dir, `${name}-blobs`)), config, clock: systemClock, fetch: globalThis.fetch, log: silentLogger });
  serveWidgets(app, undefined, join(dir, 'dist'));
  return app;
}

beforeAll(() => {
  mkdirSync(join(dir, 'dist'), { recursive: true });
  for (const file of ['genshelf.js', 'download-sw.js', 'download-frame.js', 'download-client.js', 'download-frame.html', 'other.html']) writeFileSync(join(dir, 'dist', file), `/* ${file} */`);
});
afterAll(() => {
  for (const close of closers) close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the service-worker download files under /widgets/', () => {
  it('serves the frame page with a CSP: its own scripts, child frames, embedded only by the host origins', async () => {
    const listed = await appWith('https://host.example, https://other.example');
    const res = await listed.request('/widgets/download-frame.html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'none'; script-src 'self'; worker-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self' https://host.example https://other.example",
    );
    expect(res.headers.get('cache-control')).toBe('no-cache');
    // Any host when CORS_ORIGINS is '*'; only this origin (the demo page) when none is listed.
    expect((await (await appWith('*')).request('/widgets/download-frame.html')).headers.get('content-security-policy')).toMatch(/ frame-ancestors \*$/);
    expect((await (await appWith()).request('/widgets/download-frame.html')).headers.get('content-security-policy')).toMatch(/ frame-ancestors 'self'$/);
  });

  it('serves the worker as JavaScript with its scope allowed, and the frame script and client beside it', async () => {
    const app = await appWith('https://host.example');
    const worker = await app.request('/widgets/download-sw.js');
    expect(worker.status).toBe(200);
    expect(worker.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(worker.headers.get('service-worker-allowed')).toBe('/widgets/download/');
    const client = await app.request('/widgets/download-client.js', { headers: { origin: 'https://host.example' } });
    expect(client.headers.get('access-control-allow-origin')).toBe('https://host.example');
    expect((await app.request('/widgets/download-frame.js')).status).toBe(200);
  });

  it('serves nothing else new: other pages, and the download URLs the worker answers in the browser, are 404s', async () => {
    const app = await appWith();
    for (const path of ['/widgets/other.html', '/widgets/download-frame.html.map', '/widgets/download/0b9c/x.zip', '/widgets/download-sw.json']) {
      expect((await app.request(path)).status, path).toBe(404);
    }
  });
});
