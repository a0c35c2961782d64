import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, ingest, makeUser, nodeTarget, type Target, type TestUser } from './harness.ts';
import { workerTarget } from './worker-target.ts';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 9, 9, 9]);

for (const [name, start] of [['node', () => nodeTarget()], ['workerd', () => workerTarget()]] as const) {
  describe(`bulk download manifest (${name})`, () => {
    let t: Target;
    let fay: TestUser;
    let gus: TestUser;
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      t = await start();
      fay = await makeUser(t);
      gus = await makeUser(t);
      const up = (jobId: string, title: string) =>
        t.fetch(`/api/v1/jobs/${jobId}/assets?title=${title}`, { method: 'POST', headers: { authorization: `Bearer ${t.secrets.INGEST_TOKEN}`, 'content-type': 'image/png' }, body: PNG as BodyInit });
      const a = await ingest(t).job(fay, { app_id: 'brand-studio', project_name: 'Kit', prompt: 'teal banner', params: { ratio: '16:9' }, status: 'completed' });
      const b = await ingest(t).job(fay, { app_id: 'brand-studio', project_name: 'Kit', prompt: 'teal overlay', status: 'failed' });
      ids.jobA = a.id;
      ids.jobB = b.id;
      ids.a1 = ((await (await up(a.id, 'banner')).json()) as { id: string }).id;
      ids.b1 = ((await (await up(b.id, 'banner')).json()) as { id: string }).id;
    });
    afterAll(() => t.close());

    it('by job ids: unique names, signed URLs, sizes, and a manifest.json with prompts and params', async () => {
      const r = await fay.send('POST', '/api/v1/downloads', { job_ids: [ids.jobA, ids.jobB] });
      expect(r.status, r.text).toBe(200);
      const names = r.body.files.map((f: { name: string }) => f.name).sort();
      expect(names).toEqual(['Kit/banner (2).png', 'Kit/banner.png', 'manifest.json']);
      expect(r.body.count).toBe(3);
      const file = r.body.files.find((f: { name: string }) => f.name === 'Kit/banner.png');
      expect(file.size).toBe(PNG.length);
      expect([...new Uint8Array(await (await t.fetch(new URL(file.url).pathname)).arrayBuffer())]).toEqual([...PNG]);
      const manifest = JSON.parse(r.body.files.find((f: { name: string }) => f.name === 'manifest.json').content);
      expect(manifest.files.find((f: { asset_id: string }) => f.asset_id === ids.a1)).toMatchObject({ prompt: 'teal banner', params: { ratio: '16:9' }, app: 'Brand Studio', project: 'Kit' });
      expect(r.body.total_size).toBe(PNG.length * 2 + r.body.files.find((f: { name: string }) => f.name === 'manifest.json').size);
    });

    it('by asset ids and by filter; another owner\'s ids select nothing', async () => {
      const byAsset = await fay.send('POST', '/api/v1/downloads', { asset_ids: [ids.a1] });
      expect(byAsset.body.count, byAsset.text).toBe(2);
      const byFilter = await fay.send('POST', '/api/v1/downloads', { filter: { status: ['failed'] } });
      expect(byFilter.body.files.map((f: { name: string }) => f.name).sort()).toEqual(['Kit/banner.png', 'manifest.json']);
      const foreign = await gus.send('POST', '/api/v1/downloads', { asset_ids: [ids.a1], });
      expect(foreign.status).toBe(200);
      expect(foreign.body.count).toBe(1); // just the manifest
    });

    it('by a filter on the job type or the kind of output (as "select all matching" with a type filter sends it)', async () => {
      const hal = await makeUser(t);
      const banner = await ingest(t).job(hal, { app_id: 'brand-studio', project_name: 'Wide', asset_type: 'banner', status: 'completed' });
      await ingest(t).job(hal, { app_id: 'brand-studio', project_name: 'Tall', asset_type: 'thumbnail', status: 'completed' });
      for (const job of (await hal.send('GET', '/api/v1/jobs')).body.jobs as { id: string; project_name: string }[]) {
        await t.fetch(`/api/v1/jobs/${job.id}/assets?title=${job.project_name}`, { method: 'POST', headers: { authorization: `Bearer ${t.secrets.INGEST_TOKEN}`, 'content-type': 'image/png' }, body: PNG as BodyInit });
      }
      const r = await hal.send('POST', '/api/v1/downloads', { filter: { asset_type: 'banner' } });
      expect(r.status, r.text).toBe(200);
      expect(r.body.files.map((f: { name: string }) => f.name).sort()).toEqual(['Wide/Wide.png', 'manifest.json']);
      expect(JSON.parse(r.body.files.at(-1).content).files.map((f: { job_id: string }) => f.job_id)).toEqual([banner.id]);
      expect((await hal.send('POST', '/api/v1/downloads', { filter: { asset_type: '' } })).status).toBe(422);
      // By the kind of output: the jobs with a text, and all their files.
      const tall = (await hal.send('GET', '/api/v1/jobs?asset_type=thumbnail')).body.jobs[0];
      await t.fetch(`/api/v1/jobs/${tall.id}/assets`, { method: 'POST', headers: { authorization: `Bearer ${t.secrets.INGEST_TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ text: 'copy', title: 'Copy' }) });
      const texts = await hal.send('POST', '/api/v1/downloads', { filter: { kind: 'text' } });
      expect(texts.body.files.map((f: { name: string }) => f.name).sort(), texts.text).toEqual(['Tall/Copy.txt', 'Tall/Tall.png', 'manifest.json']);
      expect((await hal.send('POST', '/api/v1/downloads', { filter: { kind: 'gif' } })).status).toBe(422);
    });

    it('rejects ambiguous or malformed requests and anonymous callers', async () => {
      for (const bad of [{}, { asset_ids: [ids.a1], job_ids: [ids.jobA] }, { asset_ids: [] }, { filter: { status: ['done'] } }, { everything: true }]) {
        const r = await fay.send('POST', '/api/v1/downloads', bad);
        expect(r.status, `${JSON.stringify(bad)} → ${r.text}`).toBe(422);
      }
      expect((await call(t, 'POST', '/api/v1/downloads', { body: { asset_ids: [ids.a1] } })).status).toBe(401);
    });
  });
}
