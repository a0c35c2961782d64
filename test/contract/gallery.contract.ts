import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, ingest, makeUser, unique, type Target, type TestUser } from '../harness.ts';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 7, 7, 7, 7]);

/**
 * What `<asset-gallery>` needs from the API beyond the seed routes, on Node and workerd alike:
 * the asset types to filter jobs by, how long a copied signed link works, trashing many assets
 * at once, and a bulk download of "all N matching" in the unified gallery.
 */
export function defineGalleryContract(name: string, start: () => Promise<Target>) {
  describe(`gallery API contract (${name})`, () => {
    let t: Target;
    let ann: TestUser;
    let ben: TestUser;
    beforeAll(async () => {
      t = await start();
      ann = await makeUser(t);
      ben = await makeUser(t);
    });
    afterAll(() => t.close());

    const upload = async (jobId: string, title: string) => {
      const res = await t.fetch(`/api/v1/jobs/${jobId}/assets?title=${title}`, { method: 'POST', headers: { authorization: `Bearer ${t.secrets.INGEST_TOKEN}`, 'content-type': 'image/png' }, body: PNG as BodyInit });
      const body = (await res.json()) as Record<string, any> & { id: string };
      expect(res.status, JSON.stringify(body)).toBe(201);
      return body;
    };
    const text = async (jobId: string, copy: string) => {
      const r = await ingest(t).send('POST', `/api/v1/jobs/${jobId}/assets`, { text: copy, title: 'Copy' });
      expect(r.status, r.text).toBe(201);
      return r.body as Record<string, any> & { id: string };
    };

    describe('GET /api/v1/jobs/facets', () => {
      it("answers the distinct asset types of the owner's live jobs, A→Z, and nobody else's", async () => {
        const user = await makeUser(t);
        for (const asset_type of ['thumbnail', 'poster', 'banner', 'poster', undefined]) await ingest(t).job(user, { asset_type });
        const trashed = await ingest(t).job(user, { asset_type: 'only_in_trash' });
        await user.send('DELETE', `/api/v1/jobs/${trashed.id}`);
        await ingest(t).job(ben, { asset_type: 'bens_own' });
        const r = await user.get('/api/v1/jobs/facets');
        expect(r.status, r.text).toBe(200);
        expect(r.body).toEqual({ asset_types: ['banner', 'poster', 'thumbnail'] });
        expect((await (await makeUser(t)).get('/api/v1/jobs/facets')).body).toEqual({ asset_types: [] });
      });

      it('needs a valid token', async () => {
        expect((await call(t, 'GET', '/api/v1/jobs/facets')).status).toBe(401);
        expect((await call(t, 'GET', '/api/v1/jobs/facets', { token: 'not-a-token' })).status).toBe(401);
      });
    });

    describe('url_expires_at on every asset', () => {
      it('says until when the signed URLs work, and the URL works until then', async () => {
        const job = await ingest(t).job(ann);
        const asset = await upload(job.id, 'expiring');
        const expires = Date.parse(asset.url_expires_at);
        const now = t.clock?.now() ?? Date.now();
        expect(expires, asset.url_expires_at).toBeGreaterThan(now);
        // FILE_URL_TTL_S defaults to an hour; issue times snap to quarter-TTL steps.
        expect(expires - now).toBeLessThanOrEqual(3600_000);
        expect(expires - now).toBeGreaterThanOrEqual(2700_000 - 1000);
        for (const r of [(await ann.get(`/api/v1/assets/${asset.id}`)).body, (await ann.get(`/api/v1/jobs/${job.id}/assets`)).body[0], (await ann.get(`/api/v1/assets?job_id=${job.id}`)).body.assets[0]]) {
          expect(r.url_expires_at).toBe(asset.url_expires_at);
        }
        expect((await t.fetch(new URL(asset.url).pathname)).status).toBe(200);
        if (!t.clock) return; // workerd: the Worker's clock is real time
        t.clock.t = expires;
        try {
          expect((await t.fetch(new URL(asset.url).pathname)).status).toBe(403);
        } finally {
          t.clock.t = now;
        }
      });

      it('is null while the asset is in the trash', async () => {
        const job = await ingest(t).job(ann);
        const asset = await upload(job.id, 'binned');
        await ann.send('DELETE', `/api/v1/assets/${asset.id}`);
        const trash = await ann.get(`/api/v1/assets?trashed=true&job_id=${job.id}`);
        expect(trash.body.assets[0], trash.text).toMatchObject({ id: asset.id, url: null, url_expires_at: null });
      });
    });

    describe('POST /api/v1/assets/bulk-delete', () => {
      it('trashes the owner\'s assets, lists the rest as not found, and Undo brings them back', async () => {
        const job = await ingest(t).job(ann);
        const [a, b, keep] = [await upload(job.id, 'a'), await upload(job.id, 'b'), await upload(job.id, 'keep')];
        const missing = unique('none');
        const r = await ann.send('POST', '/api/v1/assets/bulk-delete', { ids: [a.id, b.id, missing, a.id] });
        expect(r.status, r.text).toBe(200);
        expect([...r.body.ids].sort()).toEqual([a.id, b.id].sort());
        expect(r.body).toMatchObject({ count: 2, not_found: [missing], restorable_until: expect.any(String) });
        expect((await ann.get(`/api/v1/assets?job_id=${job.id}`)).body.assets.map((x: { id: string }) => x.id)).toEqual([keep.id]);
        expect((await t.fetch(new URL(a.url).pathname)).status).toBe(404);
        const again = await ann.send('POST', '/api/v1/assets/bulk-delete', { ids: [a.id] });
        expect(again.body, again.text).toMatchObject({ count: 0, not_found: [a.id], restorable_until: null });
        const back = await ann.send('POST', '/api/v1/assets/restore', { ids: [a.id, b.id] });
        expect(back.body, back.text).toMatchObject({ count: 2 });
        expect((await ann.get(`/api/v1/assets?job_id=${job.id}`)).body.total).toBe(3);
      });

      it("leaves another owner's assets alone (listed as not found)", async () => {
        const job = await ingest(t).job(ann);
        const a = await upload(job.id, 'mine');
        const r = await ben.send('POST', '/api/v1/assets/bulk-delete', { ids: [a.id] });
        expect(r.body, r.text).toMatchObject({ count: 0, ids: [], not_found: [a.id] });
        expect((await ann.get(`/api/v1/assets/${a.id}`)).status).toBe(200);
      });

      it.each([{}, { ids: [] }, { ids: 'x' }, { ids: [''] }, { ids: Array.from({ length: 501 }, (_, i) => `id-${i}`) }, { ids: ['a'], extra: 1 }])('rejects %j with 422 and trashes nothing', async (body) => {
        const job = await ingest(t).job(ann);
        const a = await upload(job.id, 'safe');
        const r = await ann.send('POST', '/api/v1/assets/bulk-delete', 'ids' in body && Array.isArray(body.ids) && body.ids[0] === 'a' ? { ...body, ids: [a.id] } : body);
        expect(r.status, r.text).toBe(422);
        expect(r.body).toHaveProperty('request_id');
        expect((await ann.get(`/api/v1/assets/${a.id}`)).status).toBe(200);
      });

      it('needs a valid token', async () => {
        expect((await call(t, 'POST', '/api/v1/assets/bulk-delete', { body: { ids: ['x'] } })).status).toBe(401);
        expect((await call(t, 'POST', '/api/v1/assets/bulk-delete', { body: { ids: ['x'] }, token: 'not-a-token' })).status).toBe(401);
      });
    });

    describe('POST /api/v1/downloads with an asset_filter', () => {
      let cat: TestUser;
      const ids: Record<string, string> = {};
      beforeAll(async () => {
        cat = await makeUser(t);
        const a = await ingest(t).job(cat, { prompt: 'harbour at night', project_name: 'Harbour' });
        const b = await ingest(t).job(cat, { prompt: 'meadow', project_name: 'Meadow' });
        ids.night = (await upload(a.id, 'night')).id;
        ids.caption = (await text(a.id, 'Lights on the water')).id;
        ids.meadow = (await upload(b.id, 'meadow')).id;
        await cat.send('PATCH', `/api/v1/assets/${ids.meadow}`, { favorite: true });
      });
      const namesOf = (body: { files: { name: string }[] }) => body.files.map((f) => f.name).sort();

      it.each([
        [{ kind: 'image' }, ['Harbour/night.png', 'Meadow/meadow.png', 'manifest.json']],
        [{ kind: 'text' }, ['Harbour/Copy.txt', 'manifest.json']],
        [{ q: 'harbour' }, ['Harbour/Copy.txt', 'Harbour/night.png', 'manifest.json']],
        [{ favorite: true }, ['Meadow/meadow.png', 'manifest.json']],
        [{}, ['Harbour/Copy.txt', 'Harbour/night.png', 'Meadow/meadow.png', 'manifest.json']],
      ])('selects what GET /api/v1/assets lists for %j', async (filter, expected) => {
        const r = await cat.send('POST', '/api/v1/downloads', { asset_filter: filter });
        expect(r.status, r.text).toBe(200);
        expect(namesOf(r.body)).toEqual(expected);
        const manifest = JSON.parse(r.body.files.find((f: { name: string }) => f.name === 'manifest.json').content);
        expect(manifest.files.every((f: { prompt: string }) => typeof f.prompt === 'string')).toBe(true);
      });

      it("never selects another owner's assets", async () => {
        const r = await ben.send('POST', '/api/v1/downloads', { asset_filter: { q: 'harbour' } });
        expect(r.status, r.text).toBe(200);
        expect(namesOf(r.body)).toEqual(['manifest.json']);
      });

      it.each([{ asset_filter: { kind: 'gif' } }, { asset_filter: { favorite: 'yes' } }, { asset_filter: { sort: 'newest' } }, { asset_filter: {}, asset_ids: ['x'] }, { asset_filter: { q: '' } }])('rejects %j with 422', async (body) => {
        const r = await cat.send('POST', '/api/v1/downloads', body);
        expect(r.status, r.text).toBe(422);
      });

      it('needs a valid token', async () => {
        expect((await call(t, 'POST', '/api/v1/downloads', { body: { asset_filter: {} } })).status).toBe(401);
      });
    });
  });
}
