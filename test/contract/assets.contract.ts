import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, ingest, makeUser, unique, type Target, type TestUser } from '../harness.ts';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 40 }, (_, i) => i)]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...Array.from({ length: 40 }, (_, i) => i)]);

/** Settings every run of this contract needs (small upload limit, one allowed provider host). */
export const assetsEnv = { MAX_UPLOAD_BYTES: '1000', UPSTREAM_ALLOWED_HOSTS: 'videos.example.com' };

/** Attaching outputs to jobs and reading them back: the same on Node (disk) and workerd (R2). */
export function defineAssetsContract(name: string, start: () => Promise<Target>) {
  describe(`job assets contract (${name})`, () => {
    let t: Target;
    let alice: TestUser;
    let bob: TestUser;
    beforeAll(async () => {
      t = await start();
      alice = await makeUser(t);
      bob = await makeUser(t);
    });
    afterAll(() => t.close());

    const upload = (jobId: string, body: BodyInit, type: string, query = '', token = t.secrets.INGEST_TOKEN) =>
      t.fetch(`/api/v1/jobs/${jobId}/assets${query}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': type }, body });
    const assetsOf = async (user: TestUser, jobId: string) => {
      const r = await user.get(`/api/v1/jobs/${jobId}/assets`);
      expect(r.status, r.text).toBe(200);
      return r.body as Record<string, any>[];
    };

    it('stores an uploaded file, lists it for the owner and serves it through its signed URL', async () => {
      const job = await ingest(t).job(alice);
      const res = await upload(job.id, PNG, 'image/png', '?asset_type=thumbnail&title=Cover&width=1280&height=720');
      const asset = (await res.json()) as Record<string, any>;
      expect(res.status, JSON.stringify(asset)).toBe(201);
      expect(asset).toMatchObject({ job_id: job.id, user_id: alice.sub, kind: 'image', mime: 'image/png', asset_type: 'thumbnail', title: 'Cover', width: 1280, height: 720, file_size: PNG.length, is_public: false });
      const listed = await assetsOf(alice, job.id);
      expect(listed.map((a) => a.id)).toEqual([asset.id]);
      const path = new URL(asset.url).pathname;
      const bytes = new Uint8Array(await (await t.fetch(path)).arrayBuffer());
      expect([...bytes]).toEqual([...PNG]);
      const ranged = await t.fetch(path, { headers: { range: 'bytes=0-3' } });
      expect(ranged.status).toBe(206);
      expect([...new Uint8Array(await ranged.arrayBuffer())]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    });

    it('keeps copywriting as text', async () => {
      const job = await ingest(t).job(alice);
      const r = await call(t, 'POST', `/api/v1/jobs/${job.id}/assets`, { token: t.secrets.INGEST_TOKEN, body: { text: 'Sip slowly. ☕', title: 'Listing copy' } });
      expect(r.status, r.text).toBe(201);
      expect(r.body).toMatchObject({ kind: 'text', text: 'Sip slowly. ☕', title: 'Listing copy' });
      expect(await (await t.fetch(new URL(r.body.url).pathname)).text()).toBe('Sip slowly. ☕');
    });

    it('registers a provider-kept output only for an allowed host', async () => {
      const job = await ingest(t).job(alice);
      const ok = await call(t, 'POST', `/api/v1/jobs/${job.id}/assets`, { token: t.secrets.INGEST_TOKEN, body: { source_url: 'https://videos.example.com/v/1.mp4', kind: 'video', duration: 12.5 } });
      expect(ok.status, ok.text).toBe(201);
      expect(ok.body).toMatchObject({ kind: 'video', duration: 12.5, url: null });
      expect(ok.text).not.toContain('videos.example.com');
      for (const source_url of ['https://evil.example.net/v.mp4', 'http://videos.example.com/v.mp4']) {
        const bad = await call(t, 'POST', `/api/v1/jobs/${job.id}/assets`, { token: t.secrets.INGEST_TOKEN, body: { source_url, kind: 'video' } });
        expect(bad.status, bad.text).toBe(422);
        expect(bad.body.details[0].field).toBe('source_url');
      }
    });

    it.each([
      ['content that does not match its declared type', JPEG, 'image/png', '', 415],
      ['a type that is not accepted', PNG, 'application/x-msdownload', '', 415],
      ['a kind that contradicts the type', PNG, 'image/png', '?kind=video', 422],
      ['a file over MAX_UPLOAD_BYTES', new Uint8Array(1500).fill(7), 'text/plain', '', 413],
      ['an empty body', new Uint8Array(0), 'image/png', '', 422],
    ])('refuses %s and stores nothing', async (_label, body, type, query, status) => {
      const job = await ingest(t).job(alice);
      const res = await upload(job.id, body, type, query);
      const payload = (await res.json()) as Record<string, unknown>;
      expect(res.status, JSON.stringify(payload)).toBe(status);
      expect(payload).toHaveProperty('request_id');
      expect(await assetsOf(alice, job.id)).toEqual([]);
    });

    it('lets a user attach to their own job only; unknown and trashed jobs are refused', async () => {
      const mine = await ingest(t).job(alice);
      expect((await upload(mine.id, PNG, 'image/png', '', alice.token)).status).toBe(201);
      expect((await upload(mine.id, PNG, 'image/png', '', bob.token)).status).toBe(403);
      expect((await upload(unique('nojob'), PNG, 'image/png')).status).toBe(404);
      expect((await upload(mine.id, PNG, 'image/png', '', 'not-a-token')).status).toBe(401);
      await alice.send('DELETE', `/api/v1/jobs/${mine.id}`);
      expect((await upload(mine.id, PNG, 'image/png')).status).toBe(410);
    });

    it("lists a job's assets newest first; 403 for another owner's job, 404 unknown, 401 without a token", async () => {
      const job = await ingest(t).job(alice);
      const first = (await (await upload(job.id, PNG, 'image/png', '?title=first')).json()) as { id: string };
      const second = (await (await upload(job.id, PNG, 'image/png', '?title=second')).json()) as { id: string };
      const listed = await assetsOf(alice, job.id);
      expect(listed.map((a) => a.id).sort()).toEqual([first.id, second.id].sort());
      expect((await bob.get(`/api/v1/jobs/${job.id}/assets`)).status).toBe(403);
      expect((await alice.get(`/api/v1/jobs/${unique('nojob')}/assets`)).status).toBe(404);
      expect((await call(t, 'GET', `/api/v1/jobs/${job.id}/assets`)).status).toBe(401);
    });

    describe('one asset', () => {
      const newAsset = async () => {
        const job = await ingest(t).job(alice);
        return (await (await upload(job.id, PNG, 'image/png', '?title=Original')).json()) as Record<string, any> & { id: string };
      };

      it('GET: the owner reads it; 403 for another owner, 404 unknown, 401 without a token', async () => {
        const a = await newAsset();
        const r = await alice.get(`/api/v1/assets/${a.id}`);
        expect(r.status, r.text).toBe(200);
        expect(r.body).toMatchObject({ id: a.id, title: 'Original', public_url: null });
        expect((await bob.get(`/api/v1/assets/${a.id}`)).status).toBe(403);
        expect((await alice.get(`/api/v1/assets/${unique('none')}`)).status).toBe(404);
        expect((await call(t, 'GET', `/api/v1/assets/${a.id}`)).status).toBe(401);
      });

      it('PATCH favourites and renames; bad patches are 422 and change nothing; others get 403', async () => {
        const a = await newAsset();
        const r = await alice.send('PATCH', `/api/v1/assets/${a.id}`, { favorite: true, title: 'Renamed' });
        expect(r.status, r.text).toBe(200);
        expect(r.body).toMatchObject({ favorite: true, title: 'Renamed', is_public: false });
        for (const bad of [{}, { favourite: true }, { title: '' }, { is_public: 'yes' }]) {
          const b = await alice.send('PATCH', `/api/v1/assets/${a.id}`, bad);
          expect(b.status, `${JSON.stringify(bad)} → ${b.text}`).toBe(422);
        }
        expect((await bob.send('PATCH', `/api/v1/assets/${a.id}`, { favorite: false })).status).toBe(403);
        expect((await alice.get(`/api/v1/assets/${a.id}`)).body).toMatchObject({ favorite: true, title: 'Renamed' });
      });

      it('PUT visibility gives a stable public link that stops working when private again', async () => {
        const a = await newAsset();
        const pub = await alice.send('PUT', `/api/v1/assets/${a.id}/visibility`, { is_public: true });
        expect(pub.status, pub.text).toBe(200);
        const link = new URL(pub.body.public_url).pathname;
        expect(link).toBe(`/api/v1/asset/${a.id}`);
        const served = await t.fetch(link);
        expect(served.status).toBe(200);
        expect([...new Uint8Array(await served.arrayBuffer())]).toEqual([...PNG]);
        expect((await alice.send('PUT', `/api/v1/assets/${a.id}/visibility`, { is_public: 'no' })).status).toBe(422);
        expect((await bob.send('PUT', `/api/v1/assets/${a.id}/visibility`, { is_public: false })).status).toBe(403);
        await alice.send('PUT', `/api/v1/assets/${a.id}/visibility`, { is_public: false });
        expect((await t.fetch(link)).status).toBe(404);
      });

      it('DELETE moves it to the trash: gone from reads, lists and its signed URL', async () => {
        const a = await newAsset();
        expect((await bob.send('DELETE', `/api/v1/assets/${a.id}`)).status).toBe(403);
        const del = await alice.send('DELETE', `/api/v1/assets/${a.id}`);
        expect(del.status, del.text).toBe(200);
        expect(del.body).toMatchObject({ count: 1, ids: [a.id] });
        expect((await alice.get(`/api/v1/assets/${a.id}`)).status).toBe(404);
        expect(await assetsOf(alice, a.job_id)).toEqual([]);
        expect((await t.fetch(new URL(a.url).pathname)).status).toBe(404);
        expect((await alice.send('DELETE', `/api/v1/assets/${a.id}`)).status).toBe(404);
      });
    });

    it("pictures a job by its thumbnail asset, else its first image, in the list and alone", async () => {
      const job = await ingest(t).job(alice, { prompt: unique('pictured') });
      const thumbOf = async () => {
        const one = await alice.get(`/api/v1/jobs/${job.id}`);
        const listed = await alice.get(`/api/v1/jobs?q=${encodeURIComponent(job.prompt)}`);
        expect(listed.body.jobs[0], listed.text).toEqual(one.body);
        return one.body.thumbnail_url as string | null;
      };
      expect(await thumbOf()).toBeNull();
      const image = (await (await upload(job.id, PNG, 'image/png', '?title=Result')).json()) as { id: string };
      await call(t, 'POST', `/api/v1/jobs/${job.id}/assets`, { token: t.secrets.INGEST_TOKEN, body: { text: 'caption' } });
      const first = await thumbOf();
      expect([...new Uint8Array(await (await t.fetch(new URL(first!).pathname)).arrayBuffer())]).toEqual([...PNG]);
      const thumb = (await (await upload(job.id, PNG, 'image/png', '?asset_type=thumbnail')).json()) as { id: string; url: string };
      expect(new URL((await thumbOf())!).pathname).toBe(new URL(thumb.url).pathname);
      await alice.send('DELETE', `/api/v1/assets/${thumb.id}`);
      expect(await thumbOf()).toBe(first);
      await alice.send('DELETE', `/api/v1/assets/${image.id}`);
      expect(await thumbOf()).toBeNull();
    });

    describe('restoring trashed assets (POST /api/v1/assets/restore)', () => {
      const trashedAsset = async (user = alice) => {
        const job = await ingest(t).job(user);
        const a = (await (await upload(job.id, PNG, 'image/png')).json()) as { id: string; job_id: string };
        expect((await user.send('DELETE', `/api/v1/assets/${a.id}`)).status).toBe(200);
        return a;
      };

      it('lists the trash and brings an asset back with a working URL', async () => {
        const a = await trashedAsset();
        const trash = await alice.get(`/api/v1/assets?trashed=true&job_id=${a.job_id}`);
        expect(trash.body.assets, trash.text).toHaveLength(1);
        expect(trash.body.assets[0]).toMatchObject({ id: a.id, url: null, download_url: null });
        expect(trash.body.assets[0].deleted_at).toEqual(expect.any(String));
        const r = await alice.send('POST', '/api/v1/assets/restore', { ids: [a.id, unique('none')] });
        expect(r.status, r.text).toBe(200);
        expect(r.body).toMatchObject({ count: 1, ids: [a.id] });
        expect(r.body.not_found).toHaveLength(1);
        const back = await alice.get(`/api/v1/assets/${a.id}`);
        expect(back.body.deleted_at, back.text).toBeNull();
        expect((await t.fetch(new URL(back.body.url).pathname)).status).toBe(200);
        expect((await alice.get(`/api/v1/assets?trashed=true&job_id=${a.job_id}`)).body.assets).toEqual([]);
      });

      it("leaves an asset whose job is in the trash to the job's restore", async () => {
        const job = await ingest(t).job(alice);
        const a = (await (await upload(job.id, PNG, 'image/png')).json()) as { id: string };
        await alice.send('DELETE', `/api/v1/jobs/${job.id}`);
        const r = await alice.send('POST', '/api/v1/assets/restore', { ids: [a.id] });
        expect(r.body, r.text).toMatchObject({ count: 0, not_found: [a.id] });
        await alice.send('POST', '/api/v1/jobs/restore', { ids: [job.id] });
        expect((await alice.get(`/api/v1/assets/${a.id}`)).status).toBe(200);
      });

      it("restores nothing of another owner's, and nothing past the retention window", async () => {
        const a = await trashedAsset();
        const r = await bob.send('POST', '/api/v1/assets/restore', { ids: [a.id] });
        expect(r.body, r.text).toMatchObject({ count: 0, not_found: [a.id] });
        expect((await alice.get(`/api/v1/assets/${a.id}`)).status).toBe(404);
        if (!t.clock) return; // workerd: the Worker's clock is real time
        const dave = await makeUser(t, unique('user'), {}, { expiresIn: '60d' });
        const old = await trashedAsset(dave);
        t.clock.advance(31 * 86_400_000);
        try {
          const late = await dave.send('POST', '/api/v1/assets/restore', { ids: [old.id] });
          expect(late.body).toMatchObject({ count: 0 });
        } finally {
          t.clock.advance(-31 * 86_400_000);
        }
      });

      it.each([{}, { ids: [] }, { ids: 'x' }, { ids: ['a'], extra: 1 }])('rejects %j with 422 and restores nothing', async (body) => {
        const r = await alice.send('POST', '/api/v1/assets/restore', body);
        expect(r.status, r.text).toBe(422);
      });

      it('needs a token', async () => {
        expect((await call(t, 'POST', '/api/v1/assets/restore', { body: { ids: ['x'] } })).status).toBe(401);
      });
    });

    describe('the unified gallery (GET /api/v1/assets)', () => {
      const MP4 = new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d, ...Array(20).fill(1)]);
      let carol: TestUser;
      const ids: Record<string, string> = {};
      let projectId = '';
      beforeAll(async () => {
        carol = await makeUser(t);
        const a = await ingest(t).job(carol, { prompt: 'neon skyline at dusk' });
        const b = await ingest(t).job(carol, { prompt: 'quiet forest', project_name: 'Forest launch' });
        projectId = b.project_id;
        ids.hero = ((await (await upload(a.id, PNG, 'image/png', '?title=Hero')).json()) as { id: string }).id;
        ids.copy = (await call(t, 'POST', `/api/v1/jobs/${a.id}/assets`, { token: t.secrets.INGEST_TOKEN, body: { text: 'Buy the mug today', title: 'Listing' } })).body.id;
        ids.clip = ((await (await upload(b.id, MP4, 'video/mp4', '?title=Clip')).json()) as { id: string }).id;
        ids.jobA = a.id;
      });
      const gallery = async (query = '', user = carol) => {
        const r = await user.get(`/api/v1/assets${query}`);
        expect(r.status, r.text).toBe(200);
        return r.body as { assets: { id: string }[]; total: number; next_cursor: string | null; has_more: boolean };
      };
      const idsOf = (b: { assets: { id: string }[] }) => b.assets.map((a) => a.id);

      it('lists every asset of the owner, newest first, and nobody else\'s', async () => {
        const all = (await gallery()) as unknown as { assets: { id: string; created_at: string }[]; total: number };
        expect([...idsOf(all)].sort()).toEqual([ids.clip, ids.copy, ids.hero].sort());
        expect(all.total).toBe(3);
        // Newest first by (created_at, id) — the Node test clock may give them one timestamp.
        const key = (a: { id: string; created_at: string }) => `${a.created_at}|${a.id}`;
        expect(all.assets.map(key)).toEqual(all.assets.map(key).sort().reverse());
        expect((await gallery('', bob)).assets.every((a) => ![ids.clip, ids.copy, ids.hero].includes(a.id))).toBe(true);
        expect(idsOf(await gallery('?sort=oldest'))).toEqual([...idsOf(all)].reverse());
      });

      it.each([
        ['?type=image', ['hero']],
        ['?kind=video', ['clip']],
        ['?type=text', ['copy']],
        ['?q=mug', ['copy']],
        ['?q=skyline', ['copy', 'hero']],
        ['?q=HER', ['hero']],
        ['?q=zz', []],
      ])('filters %s', async (query, expected) => {
        expect([...idsOf(await gallery(query))].sort()).toEqual(expected.map((k) => ids[k]).sort());
      });

      it('filters by job, project, favourite and visibility', async () => {
        expect([...idsOf(await gallery(`?job_id=${ids.jobA}`))].sort()).toEqual([ids.copy, ids.hero].sort());
        expect(idsOf(await gallery(`?project_id=${projectId}`))).toEqual([ids.clip]);
        await carol.send('PATCH', `/api/v1/assets/${ids.hero}`, { favorite: true });
        expect(idsOf(await gallery('?favorite=true'))).toEqual([ids.hero]);
        expect(idsOf(await gallery('?is_public=true'))).toEqual([]);
      });

      it('pages with the cursor without repeats or gaps', async () => {
        const seen: string[] = [];
        let page = await gallery('?limit=1');
        for (;;) {
          seen.push(...idsOf(page));
          if (!page.next_cursor) break;
          page = await gallery(`?limit=1&cursor=${encodeURIComponent(page.next_cursor)}`);
        }
        expect(seen).toEqual(idsOf(await gallery()));
      });

      it.each(['?type=audio', '?limit=0', '?offset=1&cursor=abc', '?cursor=garbage', '?favorite=maybe', '?kind=image&type=video'])('rejects %s with 422', async (query) => {
        const r = await carol.get(`/api/v1/assets${query}`);
        expect(r.status, r.text).toBe(422);
      });

      it('needs a token', async () => {
        expect((await call(t, 'GET', '/api/v1/assets')).status).toBe(401);
      });
    });
  });
}
