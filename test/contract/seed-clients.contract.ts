import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signFileUrl } from '../../api/lib/file-urls.ts';
import { call, ingest, makeUser, type Target, type TestUser } from '../harness.ts';
import { expectError, expectInvalid } from './expect.ts';
import { freshIp, ipHeaders } from './sessions.contract.ts';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 64 }, (_, i) => i)]);
const MP4 = new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d, ...Array.from({ length: 200 }, (_, i) => i % 256)]);

/** An upload as a generator back-end sends it (raw body, metadata in the query). */
async function upload(t: Target, jobId: string, body: Uint8Array, type: string, query = '') {
  const r = await t.fetch(`/api/v1/jobs/${jobId}/assets${query}`, { method: 'POST', headers: { authorization: `Bearer ${t.secrets.INGEST_TOKEN}`, 'content-type': type }, body: body as BodyInit });
  if (r.status !== 201) throw new Error(`upload failed: ${r.status} ${await r.text()}`);
  return (await r.json()) as { id: string };
}

/**
 * The seed documents' own clients, as they call genshelf: each request is built the way the
 * original client builds it (its headers, its query words, its body), and each answer is read the
 * way that client reads it. Issue 15.
 */
export function defineSeedClientsContract(name: string, start: () => Promise<Target>) {
  describe(`seed clients contract (${name})`, () => {
    let t: Target;
    let dana: TestUser;
    let eve: TestUser;
    beforeAll(async () => {
      t = await start();
      dana = await makeUser(t);
      eve = await makeUser(t);
    });
    afterAll(() => t.close());

    describe("seed 000's My Work page: GET /api/generations*", () => {
      // The original card: fetch('/api/generations?…', { headers: { Authorization: `Bearer ${token}` } }),
      // then a badge class per `status` out of pending | processing | completed | failed.
      const seedUnion = ['pending', 'processing', 'completed', 'failed'];
      const generations = (user: TestUser, query = '') => call(t, 'GET', `/api/generations${query}`, { headers: { Authorization: `Bearer ${user.token}` } });
      let partial: { id: string };
      beforeAll(async () => {
        partial = await ingest(t).job(dana, { app_id: 'video-mixer', project_name: 'Half done', status: 'processing' });
        await upload(t, partial.id, MP4, 'video/mp4', '?title=first-cut');
        const r = await ingest(t).send('PATCH', `/api/v1/jobs/${partial.id}`, { status: 'partial', error_message: '1 of 2 outputs failed' });
        expect(r.status, r.text).toBe(200);
        await ingest(t).job(dana, { app_id: 'video-mixer', project_name: 'Still queued' });
      });

      it('shows a partial job as completed (it has outputs), every status inside the seed\'s union', async () => {
        for (const path of ['', '/recent']) {
          const r = await call(t, 'GET', `/api/generations${path}`, { headers: { Authorization: `Bearer ${dana.token}` } });
          expect(r.status, r.text).toBe(200);
          for (const g of r.body.generations) expect(seedUnion, r.text).toContain(g.status);
          expect(r.body.generations.find((g: { id: string }) => g.id === partial.id), r.text).toMatchObject({ status: 'completed', fileCount: 1 });
        }
      });

      it('keeps the canonical status on /api/v1', async () => {
        const r = await dana.get(`/api/v1/jobs/${partial.id}`);
        expect(r.status, r.text).toBe(200);
        expect(r.body.status).toBe('partial');
      });

      it('a status=completed filter finds the partial job; status=partial still narrows to it', async () => {
        const done = await generations(dana, '?status=completed');
        expect(done.body.generations.map((g: { id: string }) => g.id), done.text).toContain(partial.id);
        const only = await generations(dana, '?status=partial');
        expect(only.body.generations.map((g: { id: string }) => g.id), only.text).toEqual([partial.id]);
      });

      it('refuses a status outside its words, a missing token, and shows nothing of another owner', async () => {
        expectInvalid(await generations(dana, '?status=done'), 'status');
        expectError(await call(t, 'GET', '/api/generations'), 401, 'unauthorized');
        const other = await generations(eve, '?status=completed');
        expect(other.body.generations, other.text).toEqual([]);
      });
    });

    describe("seed 002's text-to-video page: POST /get-api-token for an anonymous visitor", () => {
      // The page: const { token } = await (await fetch('/get-api-token', { method: 'POST' })).json();
      // then fetch(`/api/user-generations?type=text-to-video&limit=20&skip=0`, { headers: { 'x-access-token': token } }).
      // Its browser keeps the cookie the answer sets and sends it back on the next visit.
      const getApiToken = (ip: string, cookie?: string) => call(t, 'POST', '/get-api-token', { headers: { ...ipHeaders(ip), ...(cookie ? { cookie } : {}) } });
      const cookieOf = (r: { headers: Headers }) => r.headers.getSetCookie().find((c) => c.startsWith('genshelf_anon='));
      const asCookie = (setCookie: string) => setCookie.split(';')[0]!;
      const history = (token: string) => call(t, 'GET', '/api/user-generations?type=text-to-video&limit=20&skip=0', { headers: { 'x-access-token': token } });

      it('answers a token the page sends as x-access-token, and the visitor sees their history with it', async () => {
        const r = await getApiToken(freshIp());
        expect(r.status, r.text).toBe(200);
        expect(r.body, r.text).toEqual({ success: true, token: expect.any(String), session_id: expect.any(String), expires_at: expect.any(String) });
        expect(r.headers.get('cache-control')).toBe('no-store');
        const made = await call(t, 'POST', '/api/v1/jobs', { token: t.secrets.INGEST_TOKEN, body: { session_id: r.body.session_id, app_id: 'text-to-video', prompt: 'a paper boat in the rain' } });
        expect(made.status, made.text).toBe(201);
        const h = await history(r.body.token);
        expect(h.status, h.text).toBe(200);
        expect(h.body.generations.map((g: { id: string; session_id: string }) => [g.id, g.session_id]), h.text).toEqual([[made.body.id, r.body.session_id]]);
      });

      it('the same browser comes back to the same session (its cookie), without counting against the limit', async () => {
        const ip = freshIp();
        const first = await getApiToken(ip);
        const cookie = cookieOf(first)!;
        expect(cookie, JSON.stringify(first.headers.getSetCookie())).toMatch(/; Path=\/get-api-token/);
        expect(cookie).toMatch(/; HttpOnly/);
        expect(cookie).toMatch(/; SameSite=Lax/);
        for (let i = 0; i < 3; i++) {
          const again = await getApiToken(ip, asCookie(cookie));
          expect(again.status, again.text).toBe(200);
          expect(again.body.session_id).toBe(first.body.session_id);
        }
      });

      it('is rate-limited per address like /api/v1/sessions/anonymous (one budget for both): 429 with Retry-After', async () => {
        const ip = freshIp();
        let last;
        for (let i = 0; i < 30; i++) {
          last = await (i % 2 ? getApiToken(ip) : call(t, 'POST', '/api/v1/sessions/anonymous', { body: {}, headers: ipHeaders(ip) }));
          expect(last.status, last.text).toBeLessThan(300);
        }
        const over = await getApiToken(ip);
        expectError(over, 429, 'rate_limited');
        expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
        expect((await getApiToken(freshIp())).status).toBe(200);
      });

      it('a cookie that is not a valid session token, or names a claimed session, starts a new session; a body is ignored', async () => {
        const first = await getApiToken(freshIp());
        const cookie = asCookie(cookieOf(first)!);
        const tampered = await getApiToken(freshIp(), `${cookie.slice(0, -2)}${cookie.endsWith('AA') ? 'AB' : 'AA'}`);
        expect(tampered.status, tampered.text).toBe(200);
        expect(tampered.body.session_id).not.toBe(first.body.session_id);
        expect((await getApiToken(freshIp(), 'genshelf_anon=garbage')).body.session_id).not.toBe(first.body.session_id);
        const withBody = await call(t, 'POST', '/get-api-token', { body: { session_id: first.body.session_id }, headers: ipHeaders(freshIp()) });
        expect(withBody.status, withBody.text).toBe(200);
        expect(withBody.body.session_id).not.toBe(first.body.session_id);
        const claimer = await makeUser(t);
        expect((await claimer.send('POST', '/api/v1/sessions/claim', { anonymous_token: first.body.token })).status).toBe(200);
        expect((await getApiToken(freshIp(), cookie)).body.session_id).not.toBe(first.body.session_id);
      });

      it('needs no token, and one visitor\'s token never shows another\'s history', async () => {
        const [a, b] = [await getApiToken(freshIp()), await getApiToken(freshIp())];
        await call(t, 'POST', '/api/v1/jobs', { token: t.secrets.INGEST_TOKEN, body: { session_id: a.body.session_id, app_id: 'text-to-video', prompt: 'only for a' } });
        expect((await history(b.body.token)).body.generations).toEqual([]);
        expect((await history(a.body.token)).body.generations).toHaveLength(1);
        expectError(await call(t, 'GET', '/api/user-generations'), 401, 'unauthorized');
      });
    });

    describe("seed 000's My Work page left open past FILE_URL_TTL_S: an expired signed URL", () => {
      // The page downloads an item with fetch(outputPath) (no headers: the URL is the credential).
      const HOUR_S = 3600;
      let job: { id: string };
      let assetId: string;
      const listed = async () => {
        const r = await call(t, 'GET', '/api/generations', { headers: { Authorization: `Bearer ${dana.token}` } });
        expect(r.status, r.text).toBe(200);
        return r.body.generations.find((g: { id: string }) => g.id === job.id) as { outputPaths: string[]; outputIds: string[] };
      };
      /** The URL the list handed out an hour (and a bit) ago, signed as the API signs it. */
      const anHourOld = async (owner: string, id = assetId) => {
        const now = t.clock?.now() ?? Date.now();
        return new URL(await signFileUrl(t.secrets.SIGNING_SECRET, 'http://localhost', { id, owner }, now - 2 * HOUR_S * 1000, HOUR_S)).pathname;
      };
      beforeAll(async () => {
        job = await ingest(t).job(dana, { app_id: 'video-mixer', project_name: 'Long afternoon', status: 'completed' });
        assetId = (await upload(t, job.id, MP4, 'video/mp4', '?title=final')).id;
      });

      it('answers 403 url_expired with the standard body, no redirect, not cached; listing again gives a URL that works', async () => {
        const stale = await anHourOld(dana.owner);
        const res = await t.fetch(stale, { redirect: 'manual' });
        const r = { status: res.status, headers: res.headers, body: await res.clone().json(), text: `${res.status} ${await res.text()}` };
        expectError(r, 403, 'url_expired');
        expect(r.body.message, r.text).toMatch(/list .* again/i);
        expect(res.headers.get('location'), r.text).toBeNull();
        expect(res.headers.get('cache-control'), r.text).toBe('no-store');
        const fresh = (await listed()).outputPaths[0]!;
        const again = await t.fetch(new URL(fresh).pathname);
        expect(again.status).toBe(200);
        expect(new Uint8Array(await again.arrayBuffer())).toEqual(MP4);
      });

      // Only where the test moves the app's clock (Node); on workerd the URL signed an hour ago above stands for it.
      if (name === 'node') it('a URL listed now stops with url_expired once the TTL has passed', async () => {
        if (!t.clock) throw new Error('the Node target has a clock');
        const path = new URL((await listed()).outputPaths[0]!).pathname;
        expect((await t.fetch(path)).status).toBe(200);
        t.clock.advance(HOUR_S * 1000 + 1000);
        try {
          const r = await call(t, 'GET', path);
          expectError(r, 403, 'url_expired');
        } finally {
          t.clock.advance(-(HOUR_S * 1000 + 1000));
        }
      });

      it('a tampered or foreign-owner URL is a 404, expired or not; the OpenAPI document names url_expired', async () => {
        const stale = await anHourOld(dana.owner);
        const [body, mac] = stale.slice('/files/'.length).split('.');
        expectError(await call(t, 'GET', `/files/${body}.${mac!.slice(0, -2)}${mac!.endsWith('AA') ? 'AB' : 'AA'}`), 404, 'not_found');
        expectError(await call(t, 'GET', new URL(await signFileUrl('another-secret-of-32-characters!!', 'http://x', { id: assetId, owner: dana.owner }, Date.now(), HOUR_S)).pathname), 404, 'not_found');
        // A URL naming another owner for Dana's asset, even validly signed, serves nothing.
        const eves = new URL(await signFileUrl(t.secrets.SIGNING_SECRET, 'http://x', { id: assetId, owner: eve.owner }, t.clock?.now() ?? Date.now(), HOUR_S)).pathname;
        expectError(await call(t, 'GET', eves), 404, 'not_found');
        const doc = await (await t.fetch('/api/v1/openapi.json')).json();
        expect(doc.paths['/files/{token}'].get.responses['403'].description).toContain('url_expired');
      });
    });

    describe("seed 004's projectService and assetService: their words on the lists, one project by id", () => {
      // services/projectService.ts: fetch(`${API}/projects?${new URLSearchParams({search, page, limit, sort_by, order})}`,
      // { headers: { Authorization: `Bearer ${token}` } }) and fetch(`${API}/projects/${id}`, …) — page is 1-based.
      const service = (user: TestUser | null, path: string) => call(t, 'GET', `/api/v1${path}`, { headers: user ? { Authorization: `Bearer ${user.token}` } : {} });
      const names = (r: { body: { projects: { name: string }[] } }) => r.body.projects.map((p) => p.name);
      let owner: TestUser;
      const projectIds: Record<string, string> = {};
      beforeAll(async () => {
        owner = await makeUser(t);
        for (const [app, name, prompt] of [
          ['product-studio', 'Mug listing', 'a ceramic mug on oak'],
          ['video-mixer', 'Summer reels', 'beach cut'],
          ['carousel-mix', 'Autumn carousel', 'a mug of cider'],
          ['product-studio', 'Sneaker drop', 'white sneakers'],
        ] as const) {
          t.clock?.advance(1000); // one after another in time, as the sorts by date need
          const job = await ingest(t).job(owner, { app_id: app, project_name: name, prompt, status: 'completed' });
          projectIds[name] = job.project_id;
          const text = await call(t, 'POST', `/api/v1/jobs/${job.id}/assets`, { token: t.secrets.INGEST_TOKEN, body: { text: `copy for ${prompt}`, title: name } });
          expect(text.status, text.text).toBe(201);
        }
        await upload(t, (await ingest(t).job(owner, { app_id: 'product-studio', project_name: 'Mug listing', status: 'completed' })).id, PNG, 'image/png', '?title=mug-photo');
      });

      it('projects: search, a 1-based page, sort_by + order', async () => {
        expect(names(await service(owner, '/projects?search=mug'))).toEqual(['Mug listing']);
        expect(names(await service(owner, '/projects?search='))).toHaveLength(4);
        const byName = await service(owner, '/projects?sort_by=name&order=asc&page=2&limit=1');
        expect(byName.status, byName.text).toBe(200);
        expect(names(byName)).toEqual(['Mug listing']);
        expect(byName.body, byName.text).toMatchObject({ offset: 1, limit: 1, total: 4, has_more: true });
        expect(names(await service(owner, '/projects?sort_by=name&order=desc'))).toEqual(['Summer reels', 'Sneaker drop', 'Mug listing', 'Autumn carousel']);
        expect(names(await service(owner, '/projects?sort_by=created_at&order=asc'))).toEqual(['Mug listing', 'Summer reels', 'Autumn carousel', 'Sneaker drop']);
        expect(names(await service(owner, '/projects?sort_by=created_at&order=desc&page=1&limit=2'))).toEqual(['Sneaker drop', 'Autumn carousel']);
        // Both vocabularies at once are fine when they agree.
        expect(names(await service(owner, '/projects?q=mug&search=mug&sort=name&sort_by=name'))).toEqual(['Mug listing']);
      });

      it('assets: search, a 1-based page, sort_by=created_at + order, with type', async () => {
        const texts = await service(owner, '/assets?type=text&search=mug&sort_by=created_at&order=asc');
        expect(texts.status, texts.text).toBe(200);
        expect(texts.body.assets.map((a: { title: string }) => a.title), texts.text).toEqual(['Mug listing', 'Autumn carousel']);
        const second = await service(owner, '/assets?type=text&page=2&limit=3&sort_by=created_at&order=asc');
        expect(second.body.assets.map((a: { title: string }) => a.title), second.text).toEqual(['Sneaker drop']);
        expect(second.body, second.text).toMatchObject({ offset: 3, total: 4, has_more: false });
      });

      it('one project by id: its counts and a thumbnail that loads', async () => {
        const r = await service(owner, `/projects/${projectIds['Mug listing']}`);
        expect(r.status, r.text).toBe(200);
        expect(r.body, r.text).toMatchObject({ id: projectIds['Mug listing'], name: 'Mug listing', app_id: 'product-studio', job_count: 2, asset_count: 2, status: 'active' });
        const thumb = await t.fetch(new URL(r.body.thumbnail_url).pathname);
        expect(thumb.status).toBe(200);
        expect(new Uint8Array(await thumb.arrayBuffer())).toEqual(PNG);
        expect((await service(owner, `/projects/${projectIds['Summer reels']}`)).body.thumbnail_url).toBeNull();
      });

      it('refuses words that contradict each other or are out of range (422 naming the alias)', async () => {
        expectInvalid(await service(owner, '/projects?page=0'), 'page');
        expectInvalid(await service(owner, '/projects?search=mug&q=reel'), 'search');
        expectInvalid(await service(owner, '/projects?page=2&offset=4'), 'page');
        expectInvalid(await service(owner, '/projects?sort=oldest&order=desc'), 'sort_by');
        expectInvalid(await service(owner, '/projects?sort_by=size'), 'sort_by');
        expectInvalid(await service(owner, '/assets?sort_by=name'), 'sort_by');
        expectInvalid(await service(owner, '/assets?page=1&cursor=abc'), 'page');
        expectInvalid(await service(owner, '/assets?order=sideways'), 'order');
      });

      it('no token is a 401; another owner gets 403 for the project and none of it in the lists; unknown is 404', async () => {
        expectError(await service(null, '/projects?search=mug'), 401, 'unauthorized');
        expectError(await service(null, `/projects/${projectIds['Mug listing']}`), 401, 'unauthorized');
        expectError(await service(eve, `/projects/${projectIds['Mug listing']}`), 403, 'forbidden');
        expectError(await service(owner, '/projects/no-such-project'), 404, 'not_found');
        expect((await service(eve, '/projects?search=mug')).body.total).toBe(0);
        expect((await service(eve, '/assets?search=mug&page=1')).body.total).toBe(0);
      });
    });

    describe('clamped where the originals clamp, on their surfaces only', () => {
      // Seed 002's page: fetch(`/api/user-generations?type=text-to-video&limit=${n}&skip=${skip}`, { headers: { 'x-access-token': token } }).
      const history = (user: TestUser | null, query: string) => call(t, 'GET', `/api/user-generations${query}`, { headers: user ? { 'x-access-token': user.token } : {} });
      // Seed 003's Dashboard.jsx: fetch(`/api/me/jobs?page=${page}&limit=${limit}`, { headers: { Authorization: `Bearer ${accessToken}` } }).
      const dashboard = (user: TestUser | null, query: string) => call(t, 'GET', `/api/me/jobs${query}`, { headers: user ? { Authorization: `Bearer ${user.token}` } : {} });
      let owner: TestUser;
      beforeAll(async () => {
        owner = await makeUser(t);
        await Promise.all(Array.from({ length: 52 }, (_, i) => ingest(t).job(owner, { app_id: 'text-to-video', prompt: `boat ${i}` })));
      });

      it('seed 002: limit above 50 is 50, no limit is 20', async () => {
        const big = await history(owner, '?type=text-to-video&limit=100&skip=0');
        expect(big.status, big.text).toBe(200);
        expect(big.body, big.text).toMatchObject({ success: true, limit: 50, skip: 0, total_count: 52, has_more: true });
        expect(big.body.generations).toHaveLength(50);
        const plain = await history(owner, '?type=text-to-video');
        expect(plain.body.limit, plain.text).toBe(20);
        expect(plain.body.generations).toHaveLength(20);
        expect((await history(owner, '?limit=0')).body.limit).toBe(1);
      });

      it('seed 003: page 0 or -3 is page 1', async () => {
        const first = await dashboard(owner, '?page=1&limit=5');
        for (const page of ['0', '-3']) {
          const r = await dashboard(owner, `?page=${page}&limit=5`);
          expect(r.status, r.text).toBe(200);
          expect(r.body.pagination, r.text).toEqual({ page: 1, limit: 5, total: 52, pages: 11 });
          expect(r.body.jobs.map((j: { jobId: string }) => j.jobId)).toEqual(first.body.jobs.map((j: { jobId: string }) => j.jobId));
        }
      });

      it('a value that is not a number is still a 422 there, and /api/v1 keeps its strict 422s', async () => {
        expectInvalid(await history(owner, '?limit=lots'), 'limit');
        expectInvalid(await dashboard(owner, '?page=first'), 'page');
        expectInvalid(await owner.get('/api/v1/jobs?limit=500'), 'limit');
        expectInvalid(await owner.get('/api/v1/jobs?offset=-3'), 'offset');
      });

      it('no token is a 401; another owner sees only their own', async () => {
        expectError(await history(null, '?limit=100'), 401, 'unauthorized');
        expectError(await dashboard(null, '?page=0'), 401, 'unauthorized');
        expect((await history(eve, '?type=text-to-video&limit=100')).body).toMatchObject({ total_count: 0, generations: [] });
        expect((await dashboard(eve, '?page=-3')).body.pagination).toMatchObject({ page: 1, total: 0 });
      });
    });
  });
}
