import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assets } from '../api/db/schema/index.ts';
import { signFileUrl } from '../api/lib/file-urls.ts';
import { call, ingest, makeUser, nodeTarget, unique, type Target, type TestUser } from './harness.ts';

/**
 * Signed file URLs and the authenticated content route. Assets are created directly in the
 * database and blob store here; the upload route arrives with the rest of the files issue.
 */
describe('serving asset bytes', () => {
  let t: Target;
  let alice: TestUser;
  let bob: TestUser;
  beforeAll(async () => {
    t = await nodeTarget({ FILE_URL_TTL_S: '3600' });
    alice = await makeUser(t, unique('user'), {}, { expiresIn: '1d' });
    bob = await makeUser(t, unique('user'), {}, { expiresIn: '1d' });
  });
  afterAll(() => t.close());

  async function asset(owner: TestUser, fields: Partial<typeof assets.$inferInsert> = {}) {
    const job = await ingest(t).job(owner);
    const id = unique('asset');
    let blobKey: string | null = null;
    if (fields.textContent === undefined) {
      blobKey = `${owner.owner}/${id}`;
      await t.blobs!.put(blobKey, '0123456789', { contentType: 'image/png' });
    }
    await t.db!.insert(assets).values({ id, jobId: job.id, owner: owner.owner, kind: 'image', mime: 'image/png', blobKey, size: 10, createdAt: t.clock!.now(), ...fields });
    return id;
  }
  const url = (id: string, owner: TestUser, download = false) => signFileUrl(t.secrets.SIGNING_SECRET, '', { id, owner: owner.owner }, t.clock!.now(), 3600, download);

  it('a signed URL serves the bytes without any header, with ranges', async () => {
    const id = await asset(alice, { title: 'Hero shot' });
    const path = await url(id, alice);
    const whole = await t.fetch(path);
    expect(whole.status).toBe(200);
    expect(await whole.text()).toBe('0123456789');
    expect(whole.headers.get('content-type')).toBe('image/png');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    const part = await t.fetch(path, { headers: { range: 'bytes=-3' } });
    expect(part.status).toBe(206);
    expect(await part.text()).toBe('789');
    const head = await t.fetch(path, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('10');
    const download = await t.fetch(await url(id, alice, true));
    expect(download.headers.get('content-disposition')).toContain('filename="Hero shot.png"');
  });

  it('caches keep the bytes of a signed URL no longer than the link is valid', async () => {
    for (const fields of [{}, { textContent: 'copy', kind: 'text' as const, mime: 'text/plain' }]) {
      const id = await asset(alice, fields);
      const path = await url(id, alice);
      const expiresAt = Number(JSON.parse(Buffer.from(path.slice('/files/'.length).split('.')[0]!, 'base64url').toString()).e) * 1000;
      const res = await t.fetch(path);
      const maxAge = Number(/max-age=(\d+)/.exec(res.headers.get('cache-control') ?? '')?.[1]);
      expect(maxAge).toBe(Math.floor((expiresAt - t.clock!.now()) / 1000));
      expect(maxAge).toBeLessThanOrEqual(3600);
    }
  });

  it('an expired link answers 403, a tampered one 404', async () => {
    const id = await asset(alice);
    const path = await url(id, alice);
    // Used while valid first: a token whose signature was checked once is remembered, its expiry is not.
    expect((await call(t, 'GET', path)).status).toBe(200);
    const [body, mac] = path.slice('/files/'.length).split('.');
    const tampered = `/files/${body!.slice(0, -2)}${body!.slice(-2) === 'AA' ? 'AB' : 'AA'}.${mac}`;
    expect((await call(t, 'GET', tampered)).status).toBe(404);
    expect((await call(t, 'GET', '/files/garbage')).status).toBe(404);
    t.clock!.advance(3601_000);
    const expired = await call(t, 'GET', path);
    expect(expired.status, expired.text).toBe(403);
    expect(expired.body.error).toBe('url_expired');
    t.clock!.advance(-3601_000);
  });

  it('a trashed asset is no longer served', async () => {
    const id = await asset(alice);
    const path = await url(id, alice);
    const [{ jobId }] = (await t.db!.select({ jobId: assets.jobId }).from(assets).where(eq(assets.id, id))) as [{ jobId: string }];
    expect((await alice.send('DELETE', `/api/v1/jobs/${jobId}`)).status).toBe(200);
    expect((await t.fetch(path)).status).toBe(404);
  });

  it('text assets are served as UTF-8 text', async () => {
    const id = await asset(alice, { kind: 'text', mime: 'text/plain', textContent: 'Héllo copy ✍️', size: null });
    const res = await t.fetch(await url(id, alice));
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await res.text()).toBe('Héllo copy ✍️');
  });

  it('the content route needs the owner\'s token: 401 without, 403 for another owner, 404 unknown', async () => {
    const id = await asset(alice);
    const own = await t.fetch(`/api/v1/assets/${id}/content`, { headers: { authorization: `Bearer ${alice.token}`, range: 'bytes=0-1' } });
    expect(own.status).toBe(206);
    expect(await own.text()).toBe('01');
    const none = await call(t, 'GET', `/api/v1/assets/${id}/content`);
    expect(none.status, none.text).toBe(401);
    const foreign = await bob.get(`/api/v1/assets/${id}/content`);
    expect(foreign.status, foreign.text).toBe(403);
    expect((await alice.get(`/api/v1/assets/${unique('nope')}/content`)).status).toBe(404);
    const bad = await alice.get(`/api/v1/assets/${id}/content?download=maybe`);
    expect(bad.status, bad.text).toBe(422);
  });

  it('a conditional request with the ETag answers 304', async () => {
    const id = await asset(alice);
    const path = await url(id, alice);
    const etag = (await t.fetch(path)).headers.get('etag')!;
    const again = await t.fetch(path, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });
});
