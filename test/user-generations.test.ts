import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, type AnonVisitor } from './contract/sessions.contract.ts';
import { expectNoLeak, proxyEnv } from './contract/video-proxy.contract.ts';
import { call, makeUser, nodeTarget, unique, type Reply, type Target, type TestUser } from './harness.ts';
import { startUpstream, type Upstream } from './upstream.ts';
import { workerTarget } from './worker-target.ts';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 40 }, (_, i) => i)]);
const FIELDS = ['id', 'user_id', 'session_id', 'generation_type', 'prompt', 'proxy_url', 'task_id', 'generation_params', 'status', 'thumbnail_url', 'created_at', 'is_active'];
const isIso = (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v);

type Owner = TestUser | AnonVisitor;

/** Seed 002's history surface: GET /api/user-generations and /api/user-generations/:id. */
function defineUserGenerationsContract(name: string, start: (env: Record<string, string>) => Promise<Target>) {
  describe(`user generations contract (${name})`, () => {
    let up: Upstream;
    let t: Target;
    beforeAll(async () => {
      up = await startUpstream();
      t = await start(proxyEnv(up));
    });
    afterAll(async () => {
      await t?.close();
      await up?.close();
    });

    /** Every reply on this surface is checked for the upstream's address and paths. */
    const get = async (who: Owner | null, path: string, headers?: Record<string, string>): Promise<Reply> => {
      const r = await call(t, 'GET', path, { token: who?.token ?? null, headers });
      expectNoLeak(up, `GET ${path}`, r.headers, r.text);
      return r;
    };
    const history = async (who: Owner, query = '') => {
      const r = await get(who, `/api/user-generations${query}`);
      expect(r.status, r.text).toBe(200);
      return r.body as { success: boolean; generations: Record<string, any>[]; total_count: number; limit: number; skip: number; has_more: boolean };
    };
    const job = async (who: Owner, fields: Record<string, unknown> = {}) => {
      const owner = 'session_id' in who ? { session_id: who.session_id } : { user_id: who.sub };
      const r = await call(t, 'POST', '/api/v1/jobs', { token: t.secrets.INGEST_TOKEN, body: { ...owner, app_id: 'text-to-video', prompt: unique('a paper boat'), ...fields } });
      expect(r.status, r.text).toBe(201);
      return r.body as Record<string, any> & { id: string };
    };
    const attachSource = async (jobId: string, path = '/paper-boat-dream.mp4') => {
      const r = await call(t, 'POST', `/api/v1/jobs/${jobId}/assets`, { token: t.secrets.INGEST_TOKEN, body: { source_url: up.url(path), kind: 'video' } });
      expect(r.status, r.text).toBe(201);
      expectNoLeak(up, 'POST source_url asset', r.headers, r.text);
      return r.body as { id: string };
    };
    const attachThumb = async (jobId: string) => {
      const res = await t.fetch(`/api/v1/jobs/${jobId}/assets?asset_type=thumbnail`, { method: 'POST', headers: { authorization: `Bearer ${t.secrets.INGEST_TOKEN}`, 'content-type': 'image/png' }, body: PNG });
      expect(res.status).toBe(201);
      await res.arrayBuffer();
    };

    const attachImage = async (jobId: string) => {
      const res = await t.fetch(`/api/v1/jobs/${jobId}/assets`, { method: 'POST', headers: { authorization: `Bearer ${t.secrets.INGEST_TOKEN}`, 'content-type': 'image/png' }, body: PNG });
      expect(res.status).toBe(201);
      return (await res.json()) as { id: string };
    };

    it('lists text-to-video generations with seed 002\'s fields; proxy_url only for jobs with a video', async () => {
      const u = await makeUser(t);
      const withVideo = await job(u, { status: 'completed', task_id: unique('task'), params: { duration: 5, style: 'watercolor' } });
      await attachSource(withVideo.id);
      await attachThumb(withVideo.id);
      const pending = await job(u, { status: 'processing' });
      await job(u, { app_id: 'video-mixer' });
      const h = await history(u);
      expect(h).toMatchObject({ success: true, total_count: 2, limit: 20, skip: 0, has_more: false });
      expect(h.generations.map((g) => g.id).sort()).toEqual([withVideo.id, pending.id].sort());
      for (const g of h.generations) {
        expect(Object.keys(g)).toEqual(expect.arrayContaining(FIELDS));
        expect(g).toMatchObject({ user_id: u.sub, session_id: null, generation_type: 'text-to-video', is_active: true });
        expect(isIso(g.created_at), g.created_at).toBe(true);
        expect(g).not.toHaveProperty('source_url');
      }
      const v = h.generations.find((g) => g.id === withVideo.id)!;
      expect(v).toMatchObject({ prompt: withVideo.prompt, task_id: withVideo.task_id, generation_params: { duration: 5, style: 'watercolor' }, status: 'completed' });
      expect(v.proxy_url).toMatch(/^http:\/\/localhost\/video\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
      expect(v.thumbnail_url).toEqual(expect.any(String));
      const thumb = await t.fetch(new URL(v.thumbnail_url).pathname);
      expect([...new Uint8Array(await thumb.arrayBuffer())]).toEqual([...PNG]);
      const p = h.generations.find((g) => g.id === pending.id)!;
      expect(p).toMatchObject({ status: 'processing', proxy_url: null, task_id: null });
    });

    it('filters by type (the job\'s app_id)', async () => {
      const u = await makeUser(t);
      const t2v = await job(u);
      const mix = await job(u, { app_id: 'video-mixer' });
      expect((await history(u, '?type=text-to-video')).generations.map((g) => g.id)).toEqual([t2v.id]);
      const mixer = await history(u, '?type=video-mixer');
      expect(mixer.generations.map((g) => g.id)).toEqual([mix.id]);
      expect(mixer.generations[0]).toMatchObject({ generation_type: 'video-mixer' });
      expect((await history(u, '?type=carousel-mix')).total_count).toBe(0);
    });

    it('type=all lists every app; kind=video / kind=image keep jobs by their output (and running or failed ones without one)', async () => {
      const u = await makeUser(t);
      const clip = await job(u, { status: 'completed', app_id: 'video-mixer' });
      await attachSource(clip.id);
      await attachThumb(clip.id);
      const still = await job(u, { app_id: 'brand-studio', status: 'completed' });
      await attachImage(still.id);
      const running = await job(u, { app_id: 'product-studio', status: 'processing', progress: 40 });
      const copy = await job(u, { app_id: 'product-studio', status: 'completed' });
      expect((await call(t, 'POST', `/api/v1/jobs/${copy.id}/assets`, { token: t.secrets.INGEST_TOKEN, body: { text: 'Listing copy' } })).status).toBe(201);
      const empty = await job(u, { app_id: 'brand-studio', status: 'completed' });
      const broken = await job(u, { app_id: 'brand-studio', status: 'failed', error_message: 'no' });
      const ids = async (query: string) => (await history(u, query)).generations.map((g) => g.id);
      expect((await ids('?type=all')).sort()).toEqual([clip.id, still.id, running.id, copy.id, empty.id, broken.id].sort());
      expect((await history(u, '?type=all&kind=video')).total_count).toBe(3);
      expect((await ids('?type=all&kind=video')).sort()).toEqual([clip.id, running.id, broken.id].sort());
      expect((await ids('?type=all&kind=image')).sort()).toEqual([still.id, running.id, broken.id].sort());
      expect(await ids('?type=video-mixer&kind=image')).toEqual([]);
      const r = await get(u, '/api/user-generations?kind=text');
      expect(r.status, r.text).toBe(422);
    });

    it('each generation carries its progress, error, completion and main output (video behind the proxy, else an image)', async () => {
      const u = await makeUser(t);
      const clip = await job(u, { status: 'completed' });
      await attachSource(clip.id);
      await attachThumb(clip.id);
      const still = await job(u, { app_id: 'brand-studio', status: 'completed' });
      const image = await attachImage(still.id);
      const running = await job(u, { status: 'processing', progress: 40 });
      const failed = await job(u, { status: 'failed', error_message: 'The provider timed out' });
      const all = await history(u, '?type=all');
      const by = (id: string) => all.generations.find((g) => g.id === id)!;
      const v = by(clip.id);
      expect(v.media).toMatchObject({ kind: 'video', url: v.proxy_url, download_url: `${v.proxy_url}?download=1` });
      expect(v.completed_at).toEqual(expect.any(String));
      const saved = await t.fetch(new URL(v.media.download_url).pathname + '?download=1');
      expect(saved.status).toBe(200);
      expect(saved.headers.get('content-disposition')).toMatch(/^attachment; filename=/);
      expectNoLeak(up, 'GET /video/:id?download=1', saved.headers, new Uint8Array(await saved.arrayBuffer()));
      const played = await t.fetch(new URL(v.media.url).pathname);
      expect(played.headers.get('content-disposition')).toBeNull();
      await played.arrayBuffer();
      const i = by(still.id);
      expect(i.proxy_url).toBeNull();
      expect(i.media).toMatchObject({ kind: 'image', asset_id: image.id, mime: 'image/png' });
      const bytes = await t.fetch(new URL(i.media.url).pathname);
      expect([...new Uint8Array(await bytes.arrayBuffer())]).toEqual([...PNG]);
      expect(new URL(i.media.download_url).searchParams.get('download')).toBe('1');
      expect(by(running.id)).toMatchObject({ progress: 40, media: null, completed_at: null, error_message: null });
      expect(by(failed.id)).toMatchObject({ error_message: 'The provider timed out', media: null });
    });

    it('pages with limit and skip, newest first, without repeats or gaps', async () => {
      const u = await makeUser(t);
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await job(u)).id);
      const all = await history(u);
      expect(all.total_count).toBe(5);
      const key = (g: Record<string, any>) => g.created_at as string;
      expect(all.generations.map(key)).toEqual(all.generations.map(key).sort().reverse());
      const seen: string[] = [];
      for (let skip = 0; skip < 5; skip += 2) {
        const page = await history(u, `?limit=2&skip=${skip}`);
        expect(page).toMatchObject({ limit: 2, skip, total_count: 5, has_more: skip + 2 < 5 });
        seen.push(...page.generations.map((g) => g.id));
      }
      expect(seen).toEqual(all.generations.map((g) => g.id));
      expect([...seen].sort()).toEqual([...ids].sort());
      expect((await history(u, '?skip=10')).generations).toEqual([]);
      expect((await history(u, '?limit=50')).limit).toBe(50);
      expect((await history(u, '?limit=1')).generations).toHaveLength(1);
    });

    it.each(['?skip=-1', '?limit=abc', '?limit=', '?skip=1.5'])('rejects %s with 422', async (query) => {
      const r = await get(await makeUser(t), `/api/user-generations${query}`);
      expect(r.status, r.text).toBe(422);
      expect(r.body.error).toBe('validation_error');
    });

    it('serves an anonymous visitor\'s own generations (session_id set, user_id null), also with x-access-token', async () => {
      const v = await anonymous(t);
      const j = await job(v);
      await attachSource(j.id);
      const h = await history(v);
      expect(h.generations.map((g) => g.id)).toEqual([j.id]);
      expect(h.generations[0]).toMatchObject({ session_id: v.session_id, user_id: null });
      expect(h.generations[0]!.proxy_url).toMatch(/\/video\//);
      const viaHeader = await get(null, '/api/user-generations', { 'x-access-token': v.token });
      expect(viaHeader.status, viaHeader.text).toBe(200);
      expect(viaHeader.body.generations.map((g: { id: string }) => g.id)).toEqual([j.id]);
    });

    it('GET /api/user-generations/:id: the same item; 404 for unknown and for anyone else\'s (user/anon in every pairing); 401 without a token', async () => {
      const alice = await makeUser(t);
      const bob = await makeUser(t);
      const v = await anonymous(t);
      const w = await anonymous(t);
      const aJob = await job(alice);
      await attachSource(aJob.id);
      const vJob = await job(v);
      const listed = (await history(alice)).generations[0]!;
      const one = await get(alice, `/api/user-generations/${aJob.id}`);
      expect(one.status, one.text).toBe(200);
      expect(one.body).toEqual({ success: true, generation: listed });
      expect((await get(v, `/api/user-generations/${vJob.id}`)).body.generation).toMatchObject({ id: vJob.id, session_id: v.session_id });
      for (const [who, id, label] of [
        [alice, unique('none'), 'unknown'],
        [bob, aJob.id, 'user vs user'],
        [v, aJob.id, 'anon vs user'],
        [alice, vJob.id, 'user vs anon'],
        [w, vJob.id, 'anon vs anon'],
      ] as const) {
        const r = await get(who, `/api/user-generations/${id}`);
        expect(r.status, `${label}: ${r.text}`).toBe(404);
      }
      expect((await get(null, `/api/user-generations/${aJob.id}`)).status).toBe(401);
      expect((await get(null, '/api/user-generations')).status).toBe(401);
      expect((await get({ token: 'garbage' } as TestUser, '/api/user-generations')).status).toBe(401);
    });

    it('shows nobody else\'s generations in the list', async () => {
      const alice = await makeUser(t);
      const bob = await makeUser(t);
      const v = await anonymous(t);
      await job(alice);
      await job(v);
      expect((await history(bob)).total_count).toBe(0);
      expect((await history(v)).total_count).toBe(1);
      expect((await history(alice)).total_count).toBe(1);
    });

    it('a trashed generation is no longer active', async () => {
      const u = await makeUser(t);
      const j = await job(u);
      expect((await u.send('DELETE', `/api/v1/jobs/${j.id}`)).status).toBe(200);
      const g = (await history(u)).generations.find((x) => x.id === j.id);
      if (g) expect(g.is_active).toBe(false);
    });

    it('never reveals the provider\'s URL or host in any response about the job', async () => {
      const u = await makeUser(t);
      const j = await job(u, { status: 'completed', project_name: unique('Leaks') });
      const a = await attachSource(j.id, '/x-leak/sneaker-city-run.mp4');
      const paths = [
        '/api/user-generations',
        `/api/user-generations/${j.id}`,
        `/api/v1/jobs/${j.id}`,
        '/api/v1/jobs',
        `/api/v1/jobs/${j.id}/assets`,
        '/api/v1/assets',
        `/api/v1/assets/${a.id}`,
        '/api/generations',
        '/api/generations/recent',
        '/api/me/jobs',
        `/api/me/jobs/${j.id}`,
        '/api/v1/projects',
      ];
      for (const path of paths) {
        const r = await get(u, path);
        expect(r.status, `${path}: ${r.text}`).toBe(200);
      }
      const manifest = await call(t, 'POST', '/api/v1/downloads', { token: u.token, body: { job_ids: [j.id] } });
      expectNoLeak(up, 'POST /api/v1/downloads', manifest.headers, manifest.text);
      const content = await t.fetch(`/api/v1/assets/${a.id}/content`, { headers: { authorization: `Bearer ${u.token}` } });
      expectNoLeak(up, 'asset content', content.headers, new Uint8Array(await content.arrayBuffer()));
    });
  });
}

defineUserGenerationsContract('node', (env) => nodeTarget(env));
defineUserGenerationsContract('workerd', (env) => workerTarget(env));
