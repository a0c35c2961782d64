/**
 * `genshelf/server` mounted in a host's own Hono app (`app.route('/genshelf', …)`), as the README's
 * "Mount the API in your server" shows: the host keeps its routes, middleware and 404 page; genshelf's
 * routes answer under the prefix with its own errors, takes raw uploads there (the upload path is recognised under
 * the mount), hands out signed file links and the anonymous session's cookie under the mount, and
 * serves the widget files at `/genshelf/widgets/` (the Node helper). Bad settings throw a ConfigError.
 */
import { Hono } from 'hono';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUserToken } from '../api/auth/tokens.ts';
import { ConfigError, createGenshelf } from '../api/server.ts';
import { createNodeGenshelf } from '../api/server-node.ts';
import { diskBlobStore } from '../api/blobs/disk.ts';
import { testSecrets } from './harness.ts';

const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

describe('genshelf/server mounted in a host Hono app', () => {
  const secrets = testSecrets();
  let dir: string;
  let host: Hono;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'genshelf-mount-'));
    host = new Hono();
    host.use('*', async (c, next) => {
      await next();
      c.header('x-host', 'acme');
    });
    host.route('/genshelf', await createNodeGenshelf({ dataDir: dir, settings: { ...secrets }, apps: [{ id: 'text-to-video', name: 'Text to Video', color: 'cyan' }], log: { info() {}, warn() {}, error() {} } }));
    host.get('/', (c) => c.text('acme home'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const ingest = (path: string, init: RequestInit = {}) => host.request(`http://acme.test/genshelf${path}`, { ...init, headers: { authorization: `Bearer ${secrets.INGEST_TOKEN}`, ...init.headers } });

  it('keeps the host routes and middleware, and answers under the prefix only', async () => {
    expect(await (await host.request('/')).text()).toBe('acme home');
    const health = await host.request('/genshelf/health');
    expect(health.status).toBe(200);
    expect(health.headers.get('x-host')).toBe('acme');
    expect((await host.request('/api/v1/jobs')).status).toBe(404);
    // A route genshelf has, with its standard error body, under the prefix.
    const unauthorized = await host.request('/genshelf/api/v1/jobs');
    expect(unauthorized.status).toBe(401);
    expect(await unauthorized.json()).toMatchObject({ error: 'unauthorized' });
  });

  it('takes a raw upload and signs its links under the mount', async () => {
    const job = (await (await ingest('/api/v1/jobs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_id: 'u-1', app_id: 'text-to-video', status: 'completed' }) })).json()) as { id: string };
    const uploaded = await ingest(`/api/v1/jobs/${job.id}/assets`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: png });
    expect(uploaded.status, await uploaded.clone().text()).toBe(201);
    const { url } = (await uploaded.json()) as { url: string };
    expect(url).toMatch(/^http:\/\/acme\.test\/genshelf\/files\//);
    const file = await host.request(url);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(png);
    const token = await signUserToken(secrets.AUTH_JWT_SECRET, { sub: 'u-1' });
    const jobs = (await (await host.request('/genshelf/api/v1/jobs', { headers: { authorization: `Bearer ${token}` } })).json()) as { jobs: { id: string }[] };
    expect(jobs.jobs.map((j) => j.id)).toEqual([job.id]);
  });

  it("keeps the anonymous session's cookie to the mounted route", async () => {
    const res = await host.request('/genshelf/get-api-token', { method: 'POST', headers: { 'x-genshelf-client-ip': '203.0.113.9' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/Path=\/genshelf\/get-api-token/);
  });

  it('serves nothing but the widget files under the mount', async () => {
    expect((await host.request('/genshelf/widgets/nothing.json')).status).toBe(404);
    const sizes = await host.request('/genshelf/widgets/widgets-sizes.json');
    expect(sizes.status).toBe(404);
  });

  it('refuses missing settings with a ConfigError naming them', () => {
    expect(() => createGenshelf({ database: {} as never, bucket: diskBlobStore(dir), settings: {} })).toThrow(ConfigError);
  });
});
