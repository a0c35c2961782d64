import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { call, ingest, makeUser } from './harness.ts';
import { workerTarget } from './worker-target.ts';

// Each test starts its own workerd (bundle + boot): far slower than a request on a loaded machine.
describe('Worker entry (workerd)', { timeout: 120_000 }, () => {
  const targets: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    await Promise.all(targets.map((t) => t.close()));
  });

  it('refuses to serve without secrets, naming the missing settings but no values', async () => {
    const t = await workerTarget({}, { secrets: false });
    targets.push(t);
    const r = await call(t, 'GET', '/api/v1/jobs');
    expect(r.status, r.text).toBe(500);
    expect(r.body.error).toBe('internal_error');
    for (const name of ['SIGNING_SECRET', 'INGEST_TOKEN', 'AUTH_JWT_SECRET']) expect(r.body.message, r.text).toContain(name);
  });

  it('refuses a bad setting with a readable message', async () => {
    const t = await workerTarget({ TRASH_RETENTION_DAYS: 'forever' });
    targets.push(t);
    const r = await call(t, 'GET', '/health');
    expect(r.status, r.text).toBe(500);
    expect(r.body.message, r.text).toContain('TRASH_RETENTION_DAYS');
  });

  it('serves the widget bundle from its static assets at /widgets/, the built files only, with the Node server\'s headers', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'genshelf-assets-'));
    mkdirSync(join(dist, 'elements', 'chunks'), { recursive: true });
    for (const file of ['genshelf.js', 'elements/my-work.js', 'elements/chunks/lit-ABC123.js', 'download-sw.js', 'download-frame.html', 'worker.js', 'widgets-sizes.json']) writeFileSync(join(dist, file), `/* ${file} */`);
    const t = await workerTarget({ CORS_ORIGINS: 'https://host.example' }, { assets: dist });
    targets.push({ close: async () => (await t.close(), rmSync(dist, { recursive: true, force: true })) });

    const bundle = await t.fetch('/widgets/genshelf.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toMatch(/^(text|application)\/javascript/);
    expect(bundle.headers.get('cache-control')).toBe('no-cache');
    expect(await bundle.text()).toBe('/* genshelf.js */');
    const etag = bundle.headers.get('etag');
    expect(etag).toBeTruthy();
    expect((await t.fetch('/widgets/genshelf.js', { headers: { 'if-none-match': etag! } })).status).toBe(304);

    expect(await (await t.fetch('/widgets/elements/my-work.js')).text()).toBe('/* elements/my-work.js */');
    expect((await t.fetch('/widgets/elements/chunks/lit-ABC123.js')).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await t.fetch('/widgets/download-sw.js')).headers.get('service-worker-allowed')).toBe('/widgets/download/');
    const frame = await t.fetch('/widgets/download-frame.html');
    expect(frame.status).toBe(200);
    expect(frame.headers.get('content-security-policy')).toMatch(/ frame-ancestors 'self' https:\/\/host\.example$/);

    // Only the built widget files: not the other things in dist/, not at the root, not the service worker's own paths.
    for (const path of ['/widgets/worker.js', '/widgets/widgets-sizes.json', '/widgets/elements/missing.js', '/genshelf.js', '/worker.js', '/widgets/download/abc/x.zip']) {
      const r = await call(t, 'GET', path);
      expect(r.status, path).toBe(404);
      expect(r.body.error, path).toBe('not_found');
    }
  });

  it('runs the cron maintenance against D1 without disturbing live or freshly trashed jobs', async () => {
    const t = await workerTarget();
    targets.push(t);
    const alice = await makeUser(t);
    const kept = await ingest(t).job(alice);
    const trashed = await ingest(t).job(alice);
    expect((await alice.send('DELETE', `/api/v1/jobs/${trashed.id}`)).status).toBe(200);
    expect(await t.scheduled()).toBe('ok');
    expect((await alice.get(`/api/v1/jobs/${kept.id}`)).status).toBe(200);
    const trash = await alice.get('/api/v1/jobs?trashed=true');
    expect(trash.body.jobs.map((j: { id: string }) => j.id), trash.text).toEqual([trashed.id]);
  });
});
