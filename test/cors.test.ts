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
});
