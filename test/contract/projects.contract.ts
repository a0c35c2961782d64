import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, ingest, makeUser, type Target, type TestUser } from '../harness.ts';

/** Seed 004 story 6.1: projects list (search, filters, sort, paging) and PATCH. */
export function defineProjectsContract(name: string, start: () => Promise<Target>) {
  describe(`projects contract (${name})`, () => {
    let t: Target;
    let ann: TestUser;
    let ben: TestUser;
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      t = await start();
      ann = await makeUser(t);
      ben = await makeUser(t);
      for (const [key, app, project] of [['mug', 'product-studio', 'Ceramic Mug Listing'], ['reels', 'video-mixer', 'Summer Reels'], ['apple', 'carousel-mix', 'apple Harvest']] as const) {
        ids[key] = (await ingest(t).job(ann, { app_id: app, project_name: project })).project_id;
      }
      await ingest(t).job(ann, { app_id: 'video-mixer', project_name: 'Summer Reels' });
      await ingest(t).job(ben, { app_id: 'video-mixer', project_name: 'Bens project' });
    });
    afterAll(() => t.close());

    const list = async (query = '', user = ann) => {
      const r = await user.get(`/api/v1/projects${query}`);
      expect(r.status, r.text).toBe(200);
      return r.body as { projects: ({ name: string } & Record<string, any>)[]; total: number; has_more: boolean };
    };
    const names = (b: { projects: { name: string }[] }) => b.projects.map((p) => p.name);

    it('lists the owner\'s projects with their job counts, and nobody else\'s', async () => {
      const all = await list();
      expect(all.total).toBe(3);
      expect(all.projects.find((p) => p.id === ids.reels)).toMatchObject({ name: 'Summer Reels', app_id: 'video-mixer', job_count: 2, status: 'active' });
      expect(names(await list('', ben))).toEqual(['Bens project']);
    });

    it('searches names case-insensitively and sorts by name or date', async () => {
      expect(names(await list('?q=MUG'))).toEqual(['Ceramic Mug Listing']);
      expect(names(await list('?sort=name'))).toEqual(['apple Harvest', 'Ceramic Mug Listing', 'Summer Reels']);
      expect(names(await list('?sort=-name'))).toEqual(['Summer Reels', 'Ceramic Mug Listing', 'apple Harvest']);
      const page = await list('?sort=name&limit=2&offset=2');
      expect(names(page)).toEqual(['Summer Reels']);
      expect((await list('?limit=2')).has_more).toBe(true);
    });

    it('sorts by recent activity: a project gets a job and comes first; the order is what the cards show', async () => {
      // Later than every job before it: Node's clock is the test's, workerd's the wall's.
      if (t.clock) t.clock.advance(1000);
      else await new Promise((r) => setTimeout(r, 20));
      await ingest(t).job(ann, { app_id: 'product-studio', project_name: 'Ceramic Mug Listing' });
      const recent = (await list('?sort=recent')).projects;
      expect(recent[0]!.name).toBe('Ceramic Mug Listing');
      const activity = (p: Record<string, any>) => Math.max(Date.parse(p.last_job_at ?? p.updated_at), Date.parse(p.updated_at));
      expect(recent.map(activity)).toEqual(recent.map(activity).sort((a, b) => b - a));
      expect(names(await list('?sort=recent', ben))).toEqual(['Bens project']);
    });

    it('renames, archives and filters by status; refuses bad patches and other owners', async () => {
      const r = await ann.send('PATCH', `/api/v1/projects/${ids.apple}`, { name: 'Apple Harvest', status: 'archived' });
      expect(r.status, r.text).toBe(200);
      expect(r.body).toMatchObject({ name: 'Apple Harvest', status: 'archived', job_count: 1 });
      expect(names(await list('?status=archived'))).toEqual(['Apple Harvest']);
      for (const bad of [{}, { name: '' }, { status: 'deleted' }, { colour: 'red' }]) {
        expect((await ann.send('PATCH', `/api/v1/projects/${ids.mug}`, bad)).status, JSON.stringify(bad)).toBe(422);
      }
      expect((await ben.send('PATCH', `/api/v1/projects/${ids.mug}`, { name: 'Mine now' })).status).toBe(403);
      expect((await ann.send('PATCH', '/api/v1/projects/nope', { name: 'x' })).status).toBe(404);
      expect(names(await list('?q=mug'))).toEqual(['Ceramic Mug Listing']);
    });

    it('rejects bad queries and missing tokens', async () => {
      for (const q of ['?sort=size', '?limit=101', '?status=gone']) expect((await ann.get(`/api/v1/projects${q}`)).status, q).toBe(422);
      expect((await call(t, 'GET', '/api/v1/projects')).status).toBe(401);
      expect((await call(t, 'PATCH', `/api/v1/projects/${ids.mug}`, { body: { name: 'x' } })).status).toBe(401);
    });

    it('counts assets, pictures a project by its newest image, lists the types, and GETs one project', async () => {
      const owner = await makeUser(t);
      const upload = async (jobId: string, bytes: Uint8Array<ArrayBuffer>, type = 'image/png') => {
        const res = await t.fetch(`/api/v1/jobs/${jobId}/assets`, { method: 'POST', headers: { authorization: `Bearer ${t.secrets.INGEST_TOKEN}`, 'content-type': type }, body: bytes });
        const body = (await res.json()) as { id: string };
        expect(res.status, JSON.stringify(body)).toBe(201);
        return body;
      };
      const png = (n: number) => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, n, n, n]);
      const first = await ingest(t).job(owner, { app_id: 'brand-studio', project_name: 'Pictures' });
      const second = await ingest(t).job(owner, { app_id: 'brand-studio', project_name: 'Pictures' });
      await upload(first.id, png(1));
      const text = await call(t, 'POST', `/api/v1/jobs/${second.id}/assets`, { token: t.secrets.INGEST_TOKEN, body: { text: 'Tagline' } });
      expect(text.status, text.text).toBe(201);
      const newest = await upload(second.id, png(2));
      const bare = await ingest(t).job(owner, { app_id: 'text-to-video', project_name: 'No pictures' });

      const one = await owner.get(`/api/v1/projects/${first.project_id}`);
      expect(one.status, one.text).toBe(200);
      expect(one.body).toMatchObject({ id: first.project_id, name: 'Pictures', type: 'general', job_count: 2, asset_count: 3, thumbnail_url: expect.any(String) });
      const thumb = await t.fetch(new URL(one.body.thumbnail_url).pathname);
      expect([...new Uint8Array(await thumb.arrayBuffer())]).toEqual([...png(2)]);
      const listed = (await owner.get('/api/v1/projects')).body;
      expect(listed.projects.find((p: { id: string }) => p.id === first.project_id)).toEqual(one.body);
      expect(listed.projects.find((p: { id: string }) => p.id === bare.project_id)).toMatchObject({ job_count: 1, asset_count: 0, thumbnail_url: null });
      expect(listed.types).toEqual(['general']);
      expect((await owner.send('PATCH', `/api/v1/projects/${bare.project_id}`, { type: 'product_package' })).status).toBe(200);
      expect((await owner.get('/api/v1/projects?type=general')).body.types).toEqual(['general', 'product_package']);

      // Trashing the newest image moves the picture to the next one; its count goes down.
      expect((await owner.send('DELETE', `/api/v1/assets/${newest.id}`)).status).toBe(200);
      const after = (await owner.get(`/api/v1/projects/${first.project_id}`)).body;
      expect(after.asset_count).toBe(2);
      const older = await t.fetch(new URL(after.thumbnail_url).pathname);
      expect([...new Uint8Array(await older.arrayBuffer())]).toEqual([...png(1)]);

      expect((await ben.get(`/api/v1/projects/${first.project_id}`)).status).toBe(403);
      expect((await owner.get('/api/v1/projects/no-such-project')).status).toBe(404);
      expect((await call(t, 'GET', `/api/v1/projects/${first.project_id}`)).status).toBe(401);
      expect((await call(t, 'GET', `/api/v1/projects/${first.project_id}`, { token: 'garbage' })).status).toBe(401);
      expect((await owner.send('DELETE', `/api/v1/projects/${first.project_id}`)).status).toBe(200);
      expect((await owner.get(`/api/v1/projects/${first.project_id}`)).status).toBe(404);
    });

    it('DELETE trashes the project with its jobs and their assets; restore brings back exactly those', async () => {
      const owner = await makeUser(t);
      const job = await ingest(t).job(owner, { app_id: 'text-to-video', project_name: 'Doomed' });
      const other = await ingest(t).job(owner, { app_id: 'text-to-video' });
      const asset = await call(t, 'POST', `/api/v1/jobs/${job.id}/assets`, { token: t.secrets.INGEST_TOKEN, body: { text: 'Copy line' } });
      expect(asset.status, asset.text).toBe(201);
      expect((await ben.send('DELETE', `/api/v1/projects/${job.project_id}`)).status).toBe(403);
      const del = await owner.send('DELETE', `/api/v1/projects/${job.project_id}`);
      expect(del.status, del.text).toBe(200);
      expect(del.body).toMatchObject({ count: 1, ids: [job.project_id] });
      expect((await owner.get(`/api/v1/jobs/${job.id}`)).status).toBe(404);
      expect((await owner.get(`/api/v1/assets/${asset.body.id}`)).status).toBe(404);
      expect((await owner.get(`/api/v1/jobs/${other.id}`)).status).toBe(200);
      expect((await owner.get('/api/v1/projects')).body.total).toBe(0);
      expect((await owner.send('DELETE', `/api/v1/projects/${job.project_id}`)).status).toBe(404);

      const back = await owner.send('POST', `/api/v1/projects/${job.project_id}/restore`);
      expect(back.status, back.text).toBe(200);
      expect(back.body).toMatchObject({ name: 'Doomed', job_count: 1 });
      expect((await owner.get(`/api/v1/jobs/${job.id}`)).status).toBe(200);
      expect((await owner.get(`/api/v1/assets/${asset.body.id}`)).status).toBe(200);
      expect((await owner.send('POST', `/api/v1/projects/${job.project_id}/restore`)).status).toBe(404);
    });

    it('duplicate copies the records under a free "(copy)" name and shares the files', async () => {
      const owner = await makeUser(t);
      const job = await ingest(t).job(owner, { app_id: 'brand-studio', project_name: 'Brand kit', prompt: 'banner in teal' });
      const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
      const up = await t.fetch(`/api/v1/jobs/${job.id}/assets?title=Banner`, { method: 'POST', headers: { authorization: `Bearer ${t.secrets.INGEST_TOKEN}`, 'content-type': 'image/png' }, body: png });
      expect(up.status).toBe(201);
      const first = await owner.send('POST', `/api/v1/projects/${job.project_id}/duplicate`);
      expect(first.status, first.text).toBe(201);
      expect(first.body).toMatchObject({ name: 'Brand kit (copy)', job_count: 1, app_id: 'brand-studio' });
      const second = await owner.send('POST', `/api/v1/projects/${job.project_id}/duplicate`);
      expect(second.body.name).toBe('Brand kit (copy 2)');

      const copies = (await owner.get(`/api/v1/jobs?project_id=${first.body.id}`)).body.jobs;
      expect(copies).toHaveLength(1);
      expect(copies[0]).toMatchObject({ prompt: 'banner in teal', project_name: 'Brand kit (copy)' });
      expect(copies[0].id).not.toBe(job.id);
      const copiedAssets = (await owner.get(`/api/v1/jobs/${copies[0].id}/assets`)).body;
      expect(copiedAssets).toHaveLength(1);
      const bytes = new Uint8Array(await (await t.fetch(new URL(copiedAssets[0].url).pathname)).arrayBuffer());
      expect([...bytes]).toEqual([...png]);
      expect((await owner.get('/api/v1/jobs/stats')).body.total).toBe(3);

      expect((await ben.send('POST', `/api/v1/projects/${job.project_id}/duplicate`)).status).toBe(403);
      expect((await owner.send('POST', '/api/v1/projects/none/duplicate')).status).toBe(404);
    });
  });
}
