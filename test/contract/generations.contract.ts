import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, ingest, makeUser, type Target, type TestUser } from '../harness.ts';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 64 }, (_, i) => i)]);
const MP4 = new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d, ...Array.from({ length: 500 }, (_, i) => i % 256)]);

/** Checks an archive with the tools a user would: Python's zipfile (always here) and unzip when installed. */
function testZip(bytes: Uint8Array): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'genshelf-zip-'));
  try {
    const file = join(dir, 'g.zip');
    writeFileSync(file, bytes);
    execFileSync('python3', ['-m', 'zipfile', '-t', file], { stdio: 'pipe' });
    try {
      execFileSync('unzip', ['-tq', file], { stdio: 'pipe' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    return execFileSync('python3', ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', file], { encoding: 'utf8' }).trim().split('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Seed 000: /api/generations, /recent, DELETE, and downloads (one file as itself, several as a ZIP). */
export function defineGenerationsContract(name: string, start: () => Promise<Target>) {
  describe(`generations contract (${name})`, () => {
    let t: Target;
    let dana: TestUser;
    let eve: TestUser;
    let multi: { id: string };
    let single: { id: string };
    beforeAll(async () => {
      t = await start();
      dana = await makeUser(t);
      eve = await makeUser(t);
      const up = (jobId: string, body: Uint8Array, type: string, query: string) =>
        t.fetch(`/api/v1/jobs/${jobId}/assets${query}`, { method: 'POST', headers: { authorization: `Bearer ${t.secrets.INGEST_TOKEN}`, 'content-type': type }, body: body as BodyInit });
      single = await ingest(t).job(dana, { app_id: 'carousel-mix', project_name: 'Spring set', status: 'completed' });
      await up(single.id, MP4, 'video/mp4', '?title=carousel-set-1');
      multi = await ingest(t).job(dana, { app_id: 'video-mixer', project_name: 'Summer mix', status: 'completed', credit_used: 12 });
      await up(multi.id, MP4, 'video/mp4', '?title=output');
      await up(multi.id, MP4, 'video/mp4', '?title=output');
      await up(multi.id, PNG, 'image/png', '?title=thumb&asset_type=thumbnail');
      await call(t, 'POST', `/api/v1/jobs/${multi.id}/assets`, { token: t.secrets.INGEST_TOKEN, body: { text: 'Caption: summer vibes', title: 'caption' } });
      await ingest(t).job(dana, { app_id: 'video-mixer', project_name: 'Autumn mix' });
    });
    afterAll(() => t.close());

    const list = async (query = '', user = dana) => {
      const r = await user.get(`/api/generations${query}`);
      expect(r.status, r.text).toBe(200);
      return r.body as { generations: Record<string, any>[]; total: number; hasMore: boolean };
    };

    it('lists GenerationItems with the app\'s name, icon and colour, signed outputs and sizes', async () => {
      const all = await list();
      expect(all.total).toBe(3);
      const g = all.generations.find((x) => x.id === multi.id)!;
      expect(g).toMatchObject({ appId: 'video-mixer', appName: 'Video Mixer', appColor: 'purple', projectName: 'Summer mix', status: 'completed', creditUsed: 12, fileCount: 3 });
      expect(g.totalSize).toBe(MP4.length * 2 + 'Caption: summer vibes'.length);
      expect(g.outputPaths).toHaveLength(3);
      const outputs = (await dana.get(`/api/v1/jobs/${multi.id}/assets`)).body.filter((a: { asset_type: string | null }) => a.asset_type !== 'thumbnail');
      expect([...g.outputIds].sort()).toEqual(outputs.map((a: { id: string }) => a.id).sort());
      expect(g.thumbnailUrl).toMatch(/\/files\//);
      const thumb = await t.fetch(new URL(g.thumbnailUrl).pathname);
      expect([...new Uint8Array(await thumb.arrayBuffer())]).toEqual([...PNG]);
      expect(all.generations.find((x) => x.projectName === 'Autumn mix')).toMatchObject({ status: 'pending', fileCount: 0, totalSize: null, outputPaths: [], outputIds: [], thumbnailUrl: null });
      expect((await list('', eve)).total).toBe(0);
    });

    it('filters by app and status, sorts latest/oldest/name, pages with limit/offset', async () => {
      expect((await list('?app=carousel-mix')).generations.map((g) => g.id)).toEqual([single.id]);
      expect((await list('?status=pending')).generations.map((g) => g.projectName)).toEqual(['Autumn mix']);
      expect((await list('?sort=name')).generations.map((g) => g.projectName)).toEqual(['Autumn mix', 'Spring set', 'Summer mix']);
      const page = await list('?limit=2&offset=0');
      expect(page.generations).toHaveLength(2);
      expect(page.hasMore).toBe(true);
      expect((await list('?limit=2&offset=2')).hasMore).toBe(false);
      for (const bad of ['?limit=101', '?limit=0', '?status=done', '?sort=size', '?offset=-1']) expect((await dana.get(`/api/generations${bad}`)).status, bad).toBe(422);
      expect((await call(t, 'GET', '/api/generations')).status).toBe(401);
    });

    it('recent answers the latest five', async () => {
      const r = await dana.get('/api/generations/recent');
      expect(r.status, r.text).toBe(200);
      expect(r.body.generations).toHaveLength(3);
      expect(r.body.generations[0].appIcon).toBeTruthy();
    });

    it('downloads one file as itself and several as a valid ZIP with unique names', async () => {
      const one = await t.fetch(`/api/generations/${single.id}/download`, { headers: { authorization: `Bearer ${dana.token}` } });
      expect(one.status).toBe(200);
      expect(one.headers.get('content-disposition')).toContain('carousel-set-1.mp4');
      expect(new Uint8Array(await one.arrayBuffer()).length).toBe(MP4.length);

      const zip = await t.fetch(`/api/generations/${multi.id}/download`, { headers: { authorization: `Bearer ${dana.token}` } });
      expect(zip.status).toBe(200);
      expect(zip.headers.get('content-type')).toBe('application/zip');
      const bytes = new Uint8Array(await zip.arrayBuffer());
      expect(Number(zip.headers.get('content-length'))).toBe(bytes.length);
      expect(testZip(bytes).sort()).toEqual(['caption.txt', 'output (2).mp4', 'output.mp4'].sort());
    });

    it('download and delete answer 404 for another owner\'s or an unknown generation', async () => {
      for (const path of [`/api/generations/${multi.id}/download`, '/api/generations/nope/download']) {
        expect((await eve.get(path)).status, path).toBe(404);
      }
      expect((await eve.send('DELETE', `/api/generations/${multi.id}`)).status).toBe(404);
      expect((await dana.send('DELETE', '/api/generations/nope')).status).toBe(404);
      expect((await call(t, 'DELETE', `/api/generations/${multi.id}`)).status).toBe(401);
    });

    it('DELETE moves the generation to the trash', async () => {
      const doomed = await ingest(t).job(dana, { app_id: 'video-mixer' });
      const r = await dana.send('DELETE', `/api/generations/${doomed.id}`);
      expect(r.status, r.text).toBe(200);
      expect(r.body).toEqual({ success: true, id: doomed.id });
      expect((await list()).generations.some((g) => g.id === doomed.id)).toBe(false);
    });

    it("a thumbnail generator's only output is its thumbnail: it is the result and the download", async () => {
      const job = await ingest(t).job(dana, { app_id: 'brand-studio', asset_type: 'thumbnail' });
      const up = await t.fetch(`/api/v1/jobs/${job.id}/assets?asset_type=thumbnail&title=cover`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.secrets.INGEST_TOKEN}`, 'content-type': 'image/png' },
        body: PNG,
      });
      expect(up.status).toBe(201);
      const g = (await list()).generations.find((x) => x.id === job.id)!;
      expect(g).toMatchObject({ fileCount: 1, totalSize: PNG.length });
      expect(g.outputPaths).toHaveLength(1);
      expect(g.thumbnailUrl).toMatch(/\/files\//);
      const me = await dana.get(`/api/me/jobs/${job.id}`);
      expect(me.body.resultUrl, me.text).toMatch(/\/files\//);
      const file = await t.fetch(`/api/generations/${job.id}/download`, { headers: { authorization: `Bearer ${dana.token}` } });
      expect(file.headers.get('content-type')).toBe('image/png');
    });

    it('seed 003\'s jobs carry signed resultUrl and thumbnailUrl once the job has files', async () => {
      const r = await dana.get(`/api/me/jobs?limit=100`);
      expect(r.status, r.text).toBe(200);
      const withFiles = r.body.jobs.find((j: { jobId: string }) => j.jobId === multi.id);
      expect(withFiles.resultUrl).toMatch(/\/files\//);
      expect(withFiles.thumbnailUrl).toMatch(/\/files\//);
      const result = await t.fetch(new URL(withFiles.resultUrl).pathname);
      expect(new Uint8Array(await result.arrayBuffer()).length).toBe(MP4.length);
      const empty = r.body.jobs.find((j: { prompt: string; resultUrl: string | null }) => j.resultUrl === null);
      expect(empty.thumbnailUrl).toBeNull();
      const one = await dana.get(`/api/me/jobs/${multi.id}`);
      expect(one.body.resultUrl).toMatch(/\/files\//);
    });
  });
}
