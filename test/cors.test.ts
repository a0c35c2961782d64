/**
 * Widgets on host sites call the API cross-origin (CORS_ORIGINS) and poll lists with
 * If-None-Match. Node only, because it configures the target's CORS_ORIGINS.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest, makeUser, nodeTarget, type Target } from './harness.ts';

const HOST = 'https://host.example';

describe('CORS for host origins', () => {
  let t: Target;
  beforeAll(async () => {
    t = await nodeTarget({ CORS_ORIGINS: `${HOST}, https://other.example` });
  });
  afterAll(() => t.close());

  it('answers a preflight from a listed origin, allowing the token and polling headers', async () => {
    const res = await t.fetch('/api/v1/jobs', {
      method: 'OPTIONS',
      headers: { origin: HOST, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization, if-none-match, x-request-id' },
    });
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get('access-control-allow-origin')).toBe(HOST);
    const allowed = (res.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    for (const h of ['authorization', 'x-access-token', 'if-none-match', 'x-request-id']) expect(allowed).toContain(h);
  });

  it('does not allow an unlisted origin', async () => {
    const u = await makeUser(t);
    const r = await u.get('/api/v1/jobs', { origin: 'https://evil.example' });
    expect(r.status, r.text).toBe(200);
    expect(r.headers.get('access-control-allow-origin'), r.text).toBeNull();
  });

  it('a 200 carries the CORS headers and exposes ETag and X-Request-ID', async () => {
    const u = await makeUser(t);
    const r = await u.get('/api/v1/jobs', { origin: HOST });
    expect(r.headers.get('access-control-allow-origin'), r.text).toBe(HOST);
    const exposed = (r.headers.get('access-control-expose-headers') ?? '').toLowerCase();
    expect(exposed).toContain('etag');
    expect(exposed).toContain('x-request-id');
  });

  it('errors carry the CORS headers, so the widget can read them', async () => {
    const r = await (await makeUser(t)).get('/api/v1/jobs?limit=0', { origin: HOST });
    expect(r.status, r.text).toBe(422);
    expect(r.headers.get('access-control-allow-origin'), r.text).toBe(HOST);
  });

  it('a 304 to a cross-origin poll keeps Access-Control-Allow-Origin (else the browser fails the poll)', async () => {
    const u = await makeUser(t);
    await ingest(t).job(u);
    const first = await u.get('/api/v1/jobs', { origin: HOST });
    const again = await u.get('/api/v1/jobs', { origin: HOST, 'if-none-match': first.headers.get('etag')! });
    expect(again.status, again.text).toBe(304);
    expect(again.headers.get('access-control-allow-origin'), again.text).toBe(HOST);
  });

  it('allows credentials to a listed origin (seed 001 sends credentials: include), on the preflight and the answer', async () => {
    const pre = await t.fetch('/api/v1/jobs', { method: 'OPTIONS', headers: { origin: HOST, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization, content-type' } });
    expect(pre.headers.get('access-control-allow-origin')).toBe(HOST);
    expect(pre.headers.get('access-control-allow-credentials')).toBe('true');
    expect(pre.headers.get('vary') ?? '').toMatch(/origin/i);
    const r = await (await makeUser(t)).get('/api/v1/jobs', { origin: HOST });
    expect(r.headers.get('access-control-allow-credentials'), r.text).toBe('true');
    expect(r.headers.get('vary') ?? '', r.text).toMatch(/origin/i);
  });

  it('never allows credentials to an unlisted origin, not even on its preflight', async () => {
    const pre = await t.fetch('/api/v1/jobs', { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } });
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
    const r = await (await makeUser(t)).get('/api/v1/jobs', { origin: 'https://evil.example' });
    expect(r.headers.get('access-control-allow-credentials'), r.text).toBeNull();
  });
});

describe('CORS with * among the origins', () => {
  let t: Target;
  beforeAll(async () => {
    t = await nodeTarget({ CORS_ORIGINS: `*, ${HOST}` });
  });
  afterAll(() => t.close());

  it('lets any origin call without credentials, and never answers credentials with *', async () => {
    const r = await (await makeUser(t)).get('/api/v1/jobs', { origin: 'https://anyone.example' });
    expect(r.headers.get('access-control-allow-origin'), r.text).toBe('https://anyone.example');
    expect(r.headers.get('access-control-allow-credentials'), r.text).toBeNull();
    const pre = await t.fetch('/api/v1/jobs', { method: 'OPTIONS', headers: { origin: 'https://anyone.example', 'access-control-request-method': 'GET' } });
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('still allows credentials to the origin listed by name beside *', async () => {
    const r = await (await makeUser(t)).get('/api/v1/jobs', { origin: HOST });
    expect(r.headers.get('access-control-allow-origin'), r.text).toBe(HOST);
    expect(r.headers.get('access-control-allow-credentials'), r.text).toBe('true');
  });
});

describe('CORS without CORS_ORIGINS (same origin only)', () => {
  it('answers no cross-origin caller', async () => {
    const t = await nodeTarget();
    try {
      const r = await (await makeUser(t)).get('/api/v1/jobs', { origin: HOST });
      expect(r.status, r.text).toBe(200);
      expect(r.headers.get('access-control-allow-origin'), r.text).toBeNull();
      expect(r.headers.get('access-control-allow-credentials'), r.text).toBeNull();
    } finally {
      await t.close();
    }
  });
});
