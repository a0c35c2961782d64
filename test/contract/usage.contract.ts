import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, ingest, makeUser, type Target, type TestUser } from '../harness.ts';
import { expectError, expectInvalid } from './expect.ts';
import { anonymous, type AnonVisitor } from './sessions.contract.ts';

/** A PNG of `size` bytes (the signature, then filler). */
const png = (size: number) => {
  const b = new Uint8Array(size).fill(7);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return b;
};
/** A body of unknown length: sent without Content-Length, so a quota can only be held while it streams. */
const streamOf = (bytes: Uint8Array) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += 256) controller.enqueue(bytes.subarray(i, i + 256));
      controller.close();
    },
  });

/** Small quotas and an anonymous write limit, so the limits are reached with small files. */
export const usageEnv = { QUOTA_BYTES_USER: '3000', QUOTA_BYTES_ANON: '1000', ANON_INGEST_RATE_LIMIT: '6', MAX_UPLOAD_BYTES: '100000' };

/**
 * Storage quotas (issue 11): `GET /api/v1/usage`, uploads held to the owner's quota before and while
 * they stream (413 `quota_exceeded`, nothing stored), the quota in the insights stats, and the
 * anonymous sessions' ingest rate limit. The same on Node (disk) and workerd (R2).
 */
export function defineUsageContract(name: string, start: () => Promise<Target>) {
  describe(`usage and quotas contract (${name})`, () => {
    let t: Target;
    beforeAll(async () => {
      t = await start();
    });
    afterAll(() => t.close());

    const usage = async (who: TestUser) => {
      const r = await who.get('/api/v1/usage');
      expect(r.status, r.text).toBe(200);
      return r.body as { used_bytes: number; trash_bytes: number; quota_bytes: number | null };
    };
    /** Uploads `body` to a new job of `who`'s, with the caller's own token (users and anonymous sessions may). */
    const uploadAs = async (who: TestUser, body: Uint8Array | ReadableStream<Uint8Array>, jobId?: string) => {
      const id = jobId ?? (await who.send('POST', '/api/v1/jobs', { app_id: 'brand-studio', prompt: 'a cover' })).body.id;
      const init: RequestInit & { duplex?: 'half' } = { method: 'POST', headers: { authorization: `Bearer ${who.token}`, 'content-type': 'image/png' }, body: body as BodyInit };
      if (body instanceof ReadableStream) init.duplex = 'half';
      const res = await t.fetch(`/api/v1/jobs/${id}/assets`, init);
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null, text: `${res.status} ${text}`, jobId: id as string };
    };
    const assetsOf = async (who: TestUser, jobId: string) => (await who.get(`/api/v1/jobs/${jobId}/assets`)).body as unknown[];

    describe('GET /api/v1/usage', () => {
      it("answers the caller's stored bytes, the trash among them, and their quota", async () => {
        const alice = await makeUser(t);
        expect(await usage(alice)).toEqual({ used_bytes: 0, trash_bytes: 0, quota_bytes: 3000 });
        const job = await ingest(t).job(alice);
        const up = await uploadAs(alice, png(500), job.id);
        expect(up.status, up.text).toBe(201);
        await call(t, 'POST', `/api/v1/jobs/${job.id}/assets`, { token: t.secrets.INGEST_TOKEN, body: { text: 'Copy takes no storage' } });
        expect(await usage(alice)).toEqual({ used_bytes: 500, trash_bytes: 0, quota_bytes: 3000 });
        // The trash still takes its room until it is purged.
        expect((await alice.send('DELETE', `/api/v1/assets/${up.body.id}`)).status).toBe(200);
        expect(await usage(alice)).toEqual({ used_bytes: 500, trash_bytes: 500, quota_bytes: 3000 });
        const anon = await anonymous(t);
        expect(await usage(anon)).toEqual({ used_bytes: 0, trash_bytes: 0, quota_bytes: 1000 });
      });

      it('is always the caller\'s own: another owner\'s files never count, and naming someone is refused', async () => {
        const alice = await makeUser(t);
        const bob = await makeUser(t);
        expect((await uploadAs(alice, png(700))).status).toBe(201);
        expect((await usage(bob)).used_bytes).toBe(0);
        expect((await usage(alice)).used_bytes).toBe(700);
        for (const query of [`user_id=${alice.sub}`, `owner=${encodeURIComponent(alice.owner)}`]) expectInvalid(await bob.get(`/api/v1/usage?${query}`), query.split('=')[0]);
      });

      it('401 without a token or with a bad one; 403 for the ingest credential (it acts for nobody here)', async () => {
        expectError(await call(t, 'GET', '/api/v1/usage'), 401, 'unauthorized');
        expectError(await call(t, 'GET', '/api/v1/usage', { token: 'not-a-token' }), 401, 'unauthorized');
        expectError(await call(t, 'GET', '/api/v1/usage', { token: t.secrets.INGEST_TOKEN }), 403, 'forbidden');
      });

      it('is in the OpenAPI document', async () => {
        const doc = (await call(t, 'GET', '/api/v1/openapi.json')).body;
        expect(Object.keys(doc.paths['/api/v1/usage'].get.responses)).toEqual(expect.arrayContaining(['200', '401', '403', '422']));
        expect(doc.components.schemas.Usage.required).toEqual(expect.arrayContaining(['used_bytes', 'quota_bytes']));
      });
    });

    describe('uploads are held to the quota', () => {
      /** Nothing of a refused upload is left: no asset, no file, no intent, the usage unchanged. */
      async function expectNothingStored(who: TestUser, jobId: string, usedBefore: number) {
        expect(await assetsOf(who, jobId)).toEqual([]);
        expect((await usage(who)).used_bytes).toBe(usedBefore);
        if (t.blobs) expect((await t.blobs.list()).objects.filter((o) => o.key.includes(jobId))).toEqual([]);
        if (t.db) expect(Number((await t.db.all<{ n: number }>(sql`select count(*) as n from blob_uploads where key like ${`%${jobId}%`}`))[0]!.n)).toBe(0);
      }

      it('a declared length that does not fit: 413 quota_exceeded before the upload is stored', async () => {
        const alice = await makeUser(t);
        expect((await uploadAs(alice, png(2500))).status).toBe(201);
        const over = await uploadAs(alice, png(600));
        expectError(over, 413, 'quota_exceeded');
        await expectNothingStored(alice, over.jobId, 2500);
        // What still fits does.
        const fits = await uploadAs(alice, png(500));
        expect(fits.status, fits.text).toBe(201);
        expect(await usage(alice)).toMatchObject({ used_bytes: 3000 });
      });

      it('an upload of unknown length: refused while it streams, as soon as it passes the quota', async () => {
        const anon = await anonymous(t);
        expect((await uploadAs(anon, streamOf(png(600)))).status).toBe(201);
        const over = await uploadAs(anon, streamOf(png(600)));
        expectError(over, 413, 'quota_exceeded');
        await expectNothingStored(anon, over.jobId, 600);
        expect((await uploadAs(anon, streamOf(png(400)))).status).toBe(201);
        expect(await usage(anon)).toMatchObject({ used_bytes: 1000, quota_bytes: 1000 });
      });

      it("a generator back-end's upload counts against the owner it names", async () => {
        const anon = await anonymous(t);
        const job = (await call(t, 'POST', '/api/v1/jobs', { token: t.secrets.INGEST_TOKEN, body: { session_id: anon.session_id, app_id: 'video-mixer' } })).body;
        const res = await t.fetch(`/api/v1/jobs/${job.id}/assets`, { method: 'POST', headers: { authorization: `Bearer ${t.secrets.INGEST_TOKEN}`, 'content-type': 'image/png' }, body: png(1001) });
        const text = await res.text();
        expect(res.status, text).toBe(413);
        expect(JSON.parse(text)).toMatchObject({ error: 'quota_exceeded', request_id: expect.any(String) });
        await expectNothingStored(anon, job.id, 0);
      });

      it('the insights stats show the quota beside the storage figure', async () => {
        const alice = await makeUser(t);
        expect((await uploadAs(alice, png(800))).status).toBe(201);
        const r = await alice.get('/api/v1/insights/stats?days=7');
        expect(r.status, r.text).toBe(200);
        expect(r.body.storage_used).toBe(800);
        expect(r.body.quota).toEqual(await usage(alice));
      });
    });

    describe('anonymous ingest is rate-limited per session (ANON_INGEST_RATE_LIMIT)', () => {
      it('429 with Retry-After past the limit, for that session only; nothing written', async () => {
        const anon: AnonVisitor = await anonymous(t);
        const created = await anon.send('POST', '/api/v1/jobs', { app_id: 'video-mixer', prompt: 'one' });
        expect(created.status, created.text).toBe(201);
        for (let i = 0; i < 5; i++) expect((await anon.send('PATCH', `/api/v1/jobs/${created.body.id}`, { status: 'processing', progress: i * 10 })).status).toBe(200);
        const limited = await anon.send('POST', '/api/v1/jobs', { app_id: 'video-mixer', prompt: 'one too many' });
        expectError(limited, 429, 'rate_limited');
        expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
        expectError(await anon.send('PATCH', `/api/v1/jobs/${created.body.id}`, { progress: 90 }), 429, 'rate_limited');
        expect((await anon.get(`/api/v1/jobs/${created.body.id}`)).body.progress).toBe(40);
        expect((await anon.get('/api/v1/jobs')).body.total).toBe(1);
        // Reading is not limited; another session, a back-end writing for this one and a signed-in user are not either.
        expect((await anon.get('/api/v1/usage')).status).toBe(200);
        const other = await anonymous(t);
        expect((await other.send('POST', '/api/v1/jobs', { app_id: 'video-mixer' })).status).toBe(201);
        expect((await call(t, 'PATCH', `/api/v1/jobs/${created.body.id}`, { token: t.secrets.INGEST_TOKEN, body: { progress: 90 } })).status).toBe(200);
        const user = await makeUser(t);
        for (let i = 0; i < 7; i++) expect((await user.send('POST', '/api/v1/jobs', { app_id: 'video-mixer' })).status).toBe(201);
      });
    });
  });
}
