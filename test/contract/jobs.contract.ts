/**
 * The jobs API contract (SPEC §2–§4, seeds 001 and 003), runtime-agnostic: it speaks to a
 * `Target` only through HTTP (`target.fetch`), so the same suite runs against the Node app and
 * the Worker in workerd. Every test builds its own users (unique subjects), so tests share one
 * target without seeing each other's data and without depending on their order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUserToken } from '../../api/auth/tokens.ts';
import { call, ingest, makeUser, retryingReset, unique, type Reply, type Target, type TestUser } from '../harness.ts';
import { expectError, expectInvalid } from './expect.ts';

type Job = Record<string, any> & { id: string };

const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';
const BASE = Date.parse('2024-01-01T00:00:00.000Z');
/** A back-filled `created_at`, `minutes` after a fixed instant in the past. */
const at = (minutes: number) => new Date(BASE + minutes * 60_000).toISOString();
const ids = (r: Reply) => (r.body.jobs as Job[]).map((j) => j.id);
const meIds = (r: Reply) => (r.body.jobs as { jobId: string }[]).map((j) => j.jobId);
const sorted = (xs: string[]) => [...xs].sort();
const enc = encodeURIComponent;

/** Awaits a call and asserts its status, with the response as the message. */
async function expectStatus(pending: Promise<Reply>, status: number): Promise<Reply> {
  const r = await pending;
  expect(r.status, r.text).toBe(status);
  return r;
}

/** GET `path` as `u`: 200, and exactly these job ids in this order (canonical or seed 003 list). */
async function expectIds(u: TestUser, path: string, expected: string[]) {
  const r = await expectStatus(u.get(path), 200);
  expect((r.body.jobs as Job[]).map((j) => j.id ?? j.jobId), r.text).toEqual(expected);
}

/** GET `path` as `u`: 200 and this `total` (list, stats, or seed 003 pagination). */
async function expectTotal(u: TestUser, path: string, total: number) {
  const r = await expectStatus(u.get(path), 200);
  expect(r.body.total ?? r.body.pagination?.total, r.text).toBe(total);
}

/** GET `path` as `u`: 200 and a body matching `shape`. */
async function expectBody(u: TestUser, path: string, shape: Record<string, unknown>) {
  const r = await expectStatus(u.get(path), 200);
  expect(r.body, r.text).toMatchObject(shape);
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsigned token (`alg: none`) that would otherwise be valid. */
const unsignedToken = (sub: string) =>
  `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ sub, iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 3600 })}.`;

interface RouteCase {
  method: string;
  path: string;
  body?: unknown;
}

/** Every route that needs a token, called with input that would be valid. */
const protectedRoutes: RouteCase[] = [
  { method: 'GET', path: '/api/v1/jobs' },
  { method: 'GET', path: '/api/v1/jobs/stats' },
  { method: 'GET', path: `/api/v1/jobs/${NO_SUCH_ID}` },
  { method: 'DELETE', path: `/api/v1/jobs/${NO_SUCH_ID}` },
  { method: 'POST', path: '/api/v1/jobs/bulk-delete', body: { ids: [NO_SUCH_ID] } },
  { method: 'POST', path: '/api/v1/jobs/restore', body: { ids: [NO_SUCH_ID] } },
  { method: 'POST', path: '/api/v1/jobs', body: { user_id: 'someone', app_id: 'video-mixer', prompt: 'x' } },
  { method: 'PATCH', path: `/api/v1/jobs/${NO_SUCH_ID}`, body: { progress: 10 } },
  { method: 'POST', path: `/api/v1/jobs/${NO_SUCH_ID}/retry` },
  { method: 'GET', path: '/api/me/jobs' },
  { method: 'GET', path: '/api/me/jobs/stats' },
  { method: 'GET', path: `/api/me/jobs/${NO_SUCH_ID}` },
  { method: 'DELETE', path: `/api/me/jobs/${NO_SUCH_ID}` },
  { method: 'POST', path: '/api/me/jobs/bulk-delete', body: { jobIds: [NO_SUCH_ID] } },
];

/** Routes that act for a user: the service credential is refused with 403. */
const userOnlyRoutes = protectedRoutes.filter((r) => !(r.path === '/api/v1/jobs' && r.method === 'POST') && !r.path.endsWith('/retry') && r.method !== 'PATCH');

/** Credentials that must all be answered 401. Built lazily: some need the target's secrets. */
const badCredentials: { kind: string; headers: (t: Target) => Promise<Record<string, string>> }[] = [
  { kind: 'no token', headers: async () => ({}) },
  { kind: 'garbage bearer', headers: async () => ({ authorization: 'Bearer not-a-token' }) },
  { kind: 'empty bearer', headers: async () => ({ authorization: 'Bearer ' }) },
  { kind: 'Basic scheme', headers: async () => ({ authorization: 'Basic dXNlcjpwYXNzd29yZA==' }) },
  { kind: 'garbage x-access-token', headers: async () => ({ 'x-access-token': 'garbage.garbage.garbage' }) },
  {
    kind: 'HS256 signed with another secret',
    headers: async () => ({ authorization: `Bearer ${await signUserToken(`another-secret-${crypto.randomUUID()}`, { sub: unique('forger') })}` }),
  },
  {
    kind: 'expired token',
    headers: async (t) => ({ authorization: `Bearer ${(await makeUser(t, unique('late'), {}, { now: Date.now() - 2 * 3600_000, expiresIn: 60 })).token}` }),
  },
  { kind: 'alg none', headers: async () => ({ authorization: `Bearer ${unsignedToken(unique('nobody'))}` }) },
];

const authMatrix = protectedRoutes.flatMap((route) => badCredentials.map((cred) => [`${route.method} ${route.path}`, cred.kind, route, cred] as const));

export function defineJobsContract(name: string, start: () => Promise<Target>) {
  describe(`jobs API contract (${name})`, () => {
    let t: Target;
    beforeAll(async () => {
      t = await start();
    });
    afterAll(async () => {
      await t?.close();
    });

    const newUser = () => makeUser(t);
    const svc = () => ingest(t);
    const job = (user: { sub: string }, fields: Record<string, unknown> = {}) => ingest(t).job(user, fields);
    const getJob = async (user: TestUser, id: string) => {
      const r = await user.get(`/api/v1/jobs/${id}`);
      expect(r.status, r.text).toBe(200);
      return r.body as Job;
    };

    describe('one presenter', () => {
      // List pages are built as JSON by SQLite; single jobs by TypeScript. They must agree exactly.
      it('a job reads the same in a list, in a search result and from GET /api/v1/jobs/:id', async () => {
        const u = await newUser();
        const created = await job(u, {
          app_id: 'brand-studio',
          project_name: 'Presenter "quotes" & ünïcode',
          asset_type: 'banner',
          brand_kit_id: 'kit-7',
          task_id: `task-${crypto.randomUUID()}`,
          prompt: 'A "quoted" prompt with ünïcode, emoji 🎬 and a\nnewline',
          params: { nested: { list: [1, 2.5, null, true, 'x'] }, ratio: '9:16' },
          status: 'completed',
          credit_used: 0.1 + 0.2,
          created_at: '2024-02-29T23:59:59.007Z',
        });
        const failed = await job(u, { status: 'failed', error_message: 'boom', credit_used: 3 });
        for (const id of [created.id, failed.id]) {
          const one = await getJob(u, id);
          const listed = (await u.get('/api/v1/jobs?limit=100')).body.jobs.find((j: Job) => j.id === id);
          expect(listed).toEqual(one);
          const searched = (await u.get(`/api/v1/jobs?q=${encodeURIComponent(one.prompt.slice(2, 12))}`)).body.jobs.find((j: Job) => j.id === id);
          expect(searched).toEqual(one);
        }
        expect((await getJob(u, created.id)).created_at).toBe('2024-02-29T23:59:59.007Z');
      });
    });

    // ───────────────────────────── authentication ─────────────────────────────
    describe('authentication and authorization', () => {
      it.each(authMatrix)('%s with %s → 401 and the standard body', async (_label, _kind, route, cred) => {
        const r = await call(t, route.method, route.path, { body: route.body, headers: await cred.headers(t) });
        expectError(r, 401, 'unauthorized');
      });

      it.each(userOnlyRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s with the service credential → 403 (acts for a user only)', async (_label, route) => {
        const r = await call(t, route.method, route.path, { token: t.secrets.INGEST_TOKEN, body: route.body });
        expectError(r, 403, 'forbidden');
      });

      it.each(protectedRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s accepts a valid token in x-access-token', async (_label, route) => {
        const u = await newUser();
        const body = route.method === 'POST' && route.path === '/api/v1/jobs' ? { app_id: 'video-mixer', prompt: 'via x-access-token' } : route.body;
        const r = await call(t, route.method, route.path, { body, headers: { 'x-access-token': u.token } });
        expect(r.status, r.text).not.toBe(401);
        expect(r.status, r.text).not.toBe(403);
      });

      it('accepts the bearer scheme case-insensitively', async () => {
        const u = await newUser();
        const r = await call(t, 'GET', '/api/v1/jobs', { headers: { authorization: `bearer ${u.token}` } });
        expect(r.status, r.text).toBe(200);
      });

      it('the ingest credential works in x-access-token too', async () => {
        const u = await newUser();
        const r = await call(t, 'POST', '/api/v1/jobs', { headers: { 'x-access-token': t.secrets.INGEST_TOKEN }, body: { user_id: u.sub, app_id: 'video-mixer' } });
        expect(r.status, r.text).toBe(201);
        expect(r.body.user_id, r.text).toBe(u.sub);
      });

      it('an expired token is told apart from a bad one', async () => {
        const late = await makeUser(t, unique('late'), {}, { now: Date.now() - 2 * 3600_000, expiresIn: 60 });
        const r = await late.get('/api/v1/jobs');
        expectError(r, 401, 'unauthorized');
        expect(r.body.message, r.text).toMatch(/expired/i);
      });

      it.each([
        ['GET', '/api/v1/apps'],
        ['GET', '/health'],
        ['GET', '/api/v1/openapi.json'],
        ['GET', '/api/docs'],
      ])('public route %s %s needs no token and ignores a bad one', async (method, path) => {
        await expectStatus(call(t, method, path), 200);
        const r = await call(t, method, path, { headers: { authorization: 'Bearer garbage' } });
        expect(r.status, r.text).toBe(200);
      });
    });

    // ───────────────────────────── another owner's data ─────────────────────────────
    describe("another owner's data", () => {
      const foreignCases: { route: string; run: (bob: TestUser, id: string) => Promise<Reply>; status: number; code: string }[] = [
        { route: 'GET /api/v1/jobs/:id', run: (bob, id) => bob.get(`/api/v1/jobs/${id}`), status: 403, code: 'forbidden' },
        { route: 'DELETE /api/v1/jobs/:id', run: (bob, id) => bob.send('DELETE', `/api/v1/jobs/${id}`), status: 403, code: 'forbidden' },
        { route: 'PATCH /api/v1/jobs/:id', run: (bob, id) => bob.send('PATCH', `/api/v1/jobs/${id}`, { status: 'failed', error_message: 'hijacked' }), status: 403, code: 'forbidden' },
        { route: 'POST /api/v1/jobs/:id/retry', run: (bob, id) => bob.send('POST', `/api/v1/jobs/${id}/retry`), status: 403, code: 'forbidden' },
        { route: 'GET /api/me/jobs/:jobId', run: (bob, id) => bob.get(`/api/me/jobs/${id}`), status: 404, code: 'not_found' },
        { route: 'DELETE /api/me/jobs/:jobId', run: (bob, id) => bob.send('DELETE', `/api/me/jobs/${id}`), status: 403, code: 'forbidden' },
      ];

      it.each(foreignCases.map((c) => [c.route, c] as const))("%s on another user's job is refused and changes nothing", async (_label, c) => {
        const alice = await newUser();
        const bob = await newUser();
        const mine = await job(alice, { status: 'completed', prompt: 'alice only' });
        const before = await getJob(alice, mine.id);
        const r = await c.run(bob, mine.id);
        expectError(r, c.status, c.code);
        expect(JSON.stringify(r.body), r.text).not.toContain('alice only');
        expect(await getJob(alice, mine.id)).toEqual(before);
        await expectTotal(alice, '/api/v1/jobs', 1);
      });

      it('lists, stats and the seed 003 surface show only the caller’s jobs', async () => {
        const alice = await newUser();
        const bob = await newUser();
        const a1 = await job(alice, { status: 'completed', credit_used: 3, prompt: 'alice private prompt' });
        const a2 = await job(alice, { status: 'failed', prompt: 'alice other prompt' });
        const b1 = await job(bob, { status: 'queued' });
        const la = await alice.get('/api/v1/jobs');
        expect(sorted(ids(la)), la.text).toEqual(sorted([a1.id, a2.id]));
        const lb = await bob.get('/api/v1/jobs');
        expect(ids(lb), lb.text).toEqual([b1.id]);
        const sb = await bob.get('/api/v1/jobs/stats');
        expect(sb.body, sb.text).toMatchObject({ total: 1, queued: 1, completed: 0, failed: 0, credits_used: 0 });
        const mb = await bob.get('/api/me/jobs');
        expect(meIds(mb), mb.text).toEqual([b1.id]);
        const ms = await bob.get('/api/me/jobs/stats');
        expect(ms.body, ms.text).toMatchObject({ total: 1, queued: 1, completed: 0 });
        // Filters cannot reach across owners either.
        const viaSearch = await bob.get(`/api/v1/jobs?q=${enc('alice private')}`);
        expect(ids(viaSearch), viaSearch.text).toEqual([]);
      });

      it("a project_id filter on another owner's project finds nothing", async () => {
        const alice = await newUser();
        const bob = await newUser();
        const a = await job(alice, { project_name: 'Secret launch' });
        const r = await bob.get(`/api/v1/jobs?project_id=${a.project_id}`);
        expect(r.status, r.text).toBe(200);
        expect(r.body.total, r.text).toBe(0);
      });

      it("bulk delete, restore and seed 003 bulk delete report another owner's ids as not found and leave them alone", async () => {
        const alice = await newUser();
        const bob = await newUser();
        const live = await job(alice);
        const trashed = await job(alice);
        await expectStatus(alice.send('DELETE', `/api/v1/jobs/${trashed.id}`), 200);
        const own = await job(bob);

        const del = await bob.send('POST', '/api/v1/jobs/bulk-delete', { ids: [live.id, own.id] });
        expect(del.status, del.text).toBe(200);
        expect(del.body, del.text).toMatchObject({ count: 1, ids: [own.id], not_found: [live.id] });

        const res = await bob.send('POST', '/api/v1/jobs/restore', { ids: [trashed.id] });
        expect(res.status, res.text).toBe(200);
        expect(res.body, res.text).toMatchObject({ count: 0, ids: [], not_found: [trashed.id] });

        const me = await bob.send('POST', '/api/me/jobs/bulk-delete', { jobIds: [live.id] });
        expect(me.status, me.text).toBe(200);
        expect(me.body, me.text).toMatchObject({ deleted: 0, notFound: [live.id] });

        await expectStatus(alice.get(`/api/v1/jobs/${live.id}`), 200);
        await expectStatus(alice.get(`/api/v1/jobs/${trashed.id}`), 404);
        const trash = await alice.get('/api/v1/jobs?trashed=true');
        expect(ids(trash), trash.text).toEqual([trashed.id]);
      });

      it('the service credential may act on any owner’s job (PATCH, retry)', async () => {
        const alice = await newUser();
        const j = await job(alice);
        const p = await svc().send('PATCH', `/api/v1/jobs/${j.id}`, { status: 'completed' });
        expect(p.status, p.text).toBe(200);
        const r = await svc().send('POST', `/api/v1/jobs/${j.id}/retry`);
        expect(r.status, r.text).toBe(201);
        expect(r.body.user_id, r.text).toBe(alice.sub);
      });
    });

    // ───────────────────────────── GET /api/v1/jobs ─────────────────────────────
    describe('GET /api/v1/jobs', () => {
      /** Five jobs with distinct apps, types, statuses and back-filled times. */
      async function world() {
        const u = await newUser();
        const j1 = await job(u, { app_id: 'video-mixer', asset_type: 'thumbnail', status: 'queued', prompt: 'alpha sunrise', created_at: at(1) });
        const j2 = await job(u, { app_id: 'carousel-mix', asset_type: 'banner', status: 'processing', progress: 40, prompt: 'beta carousel', created_at: at(2) });
        const j3 = await job(u, { app_id: 'video-mixer', asset_type: 'banner', status: 'completed', prompt: 'gamma reel', project_name: 'Launch', created_at: at(3) });
        const j4 = await job(u, { app_id: 'text-to-video', status: 'failed', error_message: 'boom', prompt: 'delta story', created_at: at(4) });
        const j5 = await job(u, { app_id: 'video-mixer', status: 'partial', prompt: 'epsilon mix', created_at: at(5) });
        return { u, j1, j2, j3, j4, j5 };
      }

      it('lists the caller’s jobs newest first with the canonical fields and list envelope', async () => {
        const { u, j1, j2, j3, j4, j5 } = await world();
        const r = await u.get('/api/v1/jobs');
        expect(r.status, r.text).toBe(200);
        expect(ids(r), r.text).toEqual([j5.id, j4.id, j3.id, j2.id, j1.id]);
        expect(r.body, r.text).toMatchObject({ total: 5, limit: 20, offset: 0, next_cursor: null, has_more: false });
        const first = r.body.jobs[4];
        for (const key of ['id', 'user_id', 'app_id', 'project_id', 'brand_kit_id', 'asset_type', 'prompt', 'params', 'status', 'progress', 'error_message', 'credit_used', 'created_at', 'updated_at', 'completed_at', 'deleted_at']) {
          expect(first, r.text).toHaveProperty(key);
        }
        expect(first, r.text).toMatchObject({ id: j1.id, user_id: u.sub, app_id: 'video-mixer', asset_type: 'thumbnail', status: 'queued', created_at: at(1), deleted_at: null });
        expect(r.headers.get('cache-control'), r.text).toMatch(/private/);
      });

      it.each([
        ['status=queued', ['j1']],
        ['status=queued,processing', ['j2', 'j1']],
        ['status=partial', ['j5']],
        ['status=completed,failed,partial', ['j5', 'j4', 'j3']],
        ['app=video-mixer', ['j5', 'j3', 'j1']],
        ['app=no-such-app', []],
        ['asset_type=banner', ['j3', 'j2']],
        ['q=sunrise', ['j1']],
        ['q=ETA', ['j2']],
        [`from=${enc(at(2))}&to=${enc(at(4))}`, ['j3', 'j2']],
        [`from=${enc(at(4))}`, ['j5', 'j4']],
        [`to=${enc(at(2))}`, ['j1']],
        ['from=2024-01-01&to=2024-01-02', ['j5', 'j4', 'j3', 'j2', 'j1']],
        ['app=video-mixer&status=completed,partial', ['j5', 'j3']],
        ['sort=oldest', ['j1', 'j2', 'j3', 'j4', 'j5']],
        ['sort=newest', ['j5', 'j4', 'j3', 'j2', 'j1']],
        ['sort=latest', ['j5', 'j4', 'j3', 'j2', 'j1']],
        ['sort=created_at', ['j1', 'j2', 'j3', 'j4', 'j5']],
        ['sort=-created_at', ['j5', 'j4', 'j3', 'j2', 'j1']],
        ['limit=2', ['j5', 'j4']],
        ['limit=2&offset=2', ['j3', 'j2']],
        ['offset=4', ['j1']],
        ['offset=10', []],
        ['sort=oldest&limit=1&offset=1', ['j2']],
      ] as const)('?%s', async (query, expected) => {
        const w = await world();
        const byName = w as unknown as Record<string, Job>;
        const r = await w.u.get(`/api/v1/jobs?${query}`);
        expect(r.status, r.text).toBe(200);
        expect(ids(r), r.text).toEqual(expected.map((k) => byName[k]!.id));
        if (!query.includes('limit') && !query.includes('offset')) expect(r.body.total, r.text).toBe(expected.length);
      });

      it('filters by the kind of output (kind=image|text): jobs with one, paged by cursor, also in the trash', async () => {
        const { u, j1, j2, j3, j4 } = await world();
        const attach = (jobId: string, init: RequestInit) => t.fetch(`/api/v1/jobs/${jobId}/assets`, { method: 'POST', ...init, headers: { authorization: `Bearer ${t.secrets.INGEST_TOKEN}`, ...init.headers } });
        const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
        for (const id of [j1.id, j3.id, j4.id]) expect((await attach(id, { headers: { 'content-type': 'image/png' }, body: png as BodyInit })).status).toBe(201);
        for (const id of [j2.id, j3.id]) expect((await attach(id, { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'copy' }) })).status).toBe(201);
        await expectIds(u, '/api/v1/jobs?kind=image', [j4.id, j3.id, j1.id]);
        await expectTotal(u, '/api/v1/jobs?kind=image', 3);
        await expectIds(u, '/api/v1/jobs?kind=text&status=completed', [j3.id]);
        await expectIds(u, '/api/v1/jobs?kind=video', []);
        const p1 = await expectStatus(u.get('/api/v1/jobs?kind=image&limit=2'), 200);
        expect(ids(p1)).toEqual([j4.id, j3.id]);
        await expectIds(u, `/api/v1/jobs?kind=image&limit=2&cursor=${enc(p1.body.next_cursor)}`, [j1.id]);
        // A job's outputs go to the trash with it; there the filter sees them.
        expect((await u.send('DELETE', `/api/v1/jobs/${j4.id}`)).status).toBe(200);
        await expectIds(u, '/api/v1/jobs?kind=image', [j3.id, j1.id]);
        await expectIds(u, '/api/v1/jobs?kind=image&trashed=true', [j4.id]);
        expectInvalid(await u.get('/api/v1/jobs?kind=gif'), 'kind');
      });

      it('filters by project_id', async () => {
        const { u, j3 } = await world();
        expect(j3.project_id).toEqual(expect.any(String));
        const r = await u.get(`/api/v1/jobs?project_id=${j3.project_id}`);
        expect(ids(r), r.text).toEqual([j3.id]);
        expect(r.body.jobs[0].project_name, r.text).toBe('Launch');
      });

      it('reports total, has_more and next_cursor for offset pages', async () => {
        const { u } = await world();
        const p1 = await u.get('/api/v1/jobs?limit=2');
        expect(p1.body, p1.text).toMatchObject({ total: 5, limit: 2, offset: 0, has_more: true, next_cursor: expect.any(String) });
        const p3 = await u.get('/api/v1/jobs?limit=2&offset=4');
        expect(p3.body, p3.text).toMatchObject({ total: 5, limit: 2, offset: 4, has_more: false, next_cursor: null });
        const exact = await u.get('/api/v1/jobs?limit=5');
        expect(exact.body, exact.text).toMatchObject({ has_more: false, next_cursor: null });
      });

      it('pages by cursor; a cursor page reports offset null', async () => {
        const { u, j1, j2, j3, j4, j5 } = await world();
        const p1 = await u.get('/api/v1/jobs?limit=2');
        const p2 = await u.get(`/api/v1/jobs?limit=2&cursor=${enc(p1.body.next_cursor)}`);
        expect(p2.status, p2.text).toBe(200);
        expect(ids(p2), p2.text).toEqual([j3.id, j2.id]);
        expect(p2.body, p2.text).toMatchObject({ offset: null, total: 5, has_more: true });
        const p3 = await u.get(`/api/v1/jobs?limit=2&cursor=${enc(p2.body.next_cursor)}`);
        expect(ids(p3), p3.text).toEqual([j1.id]);
        expect(p3.body, p3.text).toMatchObject({ has_more: false, next_cursor: null });
        const oldest = await u.get('/api/v1/jobs?limit=3&sort=oldest');
        const rest = await u.get(`/api/v1/jobs?limit=3&sort=oldest&cursor=${enc(oldest.body.next_cursor)}`);
        expect(ids(rest), rest.text).toEqual([j4.id, j5.id]);
      });

      it('limit accepts 1 and 100', async () => {
        const { u } = await world();
        const one = await expectStatus(u.get('/api/v1/jobs?limit=1'), 200);
        expect(one.body.jobs, one.text).toHaveLength(1);
        const r = await u.get('/api/v1/jobs?limit=100');
        expect(r.status, r.text).toBe(200);
        expect(r.body.limit, r.text).toBe(100);
      });

      it.each([
        ['limit=0', 'limit'],
        ['limit=101', 'limit'],
        ['limit=-1', 'limit'],
        ['limit=abc', 'limit'],
        ['limit=1.5', 'limit'],
        ['limit=', 'limit'],
        ['offset=-1', 'offset'],
        ['offset=abc', 'offset'],
        ['status=bogus', 'status'],
        ['status=queued,bogus', 'status'],
        ['sort=bogus', 'sort'],
        ['from=yesterday', 'from'],
        ['to=2024-13-45', 'to'],
        [`from=${enc(at(3))}&to=${enc(at(3))}`, 'to'],
        [`from=${enc(at(4))}&to=${enc(at(3))}`, 'to'],
        [`q=${'x'.repeat(201)}`, 'q'],
        ['trashed=maybe', 'trashed'],
        ['cursor=not-a-cursor', 'cursor'],
      ])('?%s → 422', async (query, field) => {
        const u = await newUser();
        expectInvalid(await u.get(`/api/v1/jobs?${query}`), field);
      });

      it('offset and cursor together → 422', async () => {
        const { u } = await world();
        const p1 = await u.get('/api/v1/jobs?limit=2');
        expectInvalid(await u.get(`/api/v1/jobs?limit=2&offset=2&cursor=${enc(p1.body.next_cursor)}`), 'cursor');
      });

      it('a tampered cursor → 422', async () => {
        const { u } = await world();
        const cursor: string = (await u.get('/api/v1/jobs?limit=2')).body.next_cursor;
        const [payload, mac] = cursor.split('.') as [string, string];
        const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
        const forged = b64url({ l: 'jobs', d: 'desc', c: 0, i: 'zzz' });
        for (const bad of [flip(payload, 3) + '.' + mac, payload + '.' + flip(mac, 5), `${forged}.${mac}`, payload, `${cursor}x`, cursor.slice(0, -2)]) {
          expectInvalid(await u.get(`/api/v1/jobs?limit=2&cursor=${enc(bad)}`), 'cursor');
        }
      });

      it('sort=name: by project name A→Z (none last), then newest; pages by offset and by next_cursor, with the filters', async () => {
        const u = await newUser();
        const b1 = await job(u, { project_name: 'beta', created_at: at(1) });
        const a = await job(u, { project_name: 'Alpha', prompt: 'sunrise one', created_at: at(2) });
        const none = await job(u, { project_name: undefined, created_at: at(3) });
        const b2 = await job(u, { project_name: 'beta', prompt: 'sunrise two', status: 'completed', created_at: at(4) });
        const c = await job(u, { project_name: 'Gamma', created_at: at(5) });
        await expectIds(u, '/api/v1/jobs?sort=name', [a.id, b2.id, b1.id, c.id, none.id]);
        await expectIds(u, '/api/v1/jobs?sort=name&limit=2&offset=2', [b1.id, c.id]);
        await expectIds(u, '/api/v1/jobs?sort=name&status=completed', [b2.id]);
        await expectIds(u, '/api/v1/jobs?sort=name&q=sunrise', [a.id, b2.id]);
        await expectTotal(u, '/api/v1/jobs?sort=name&q=sunrise', 2);
        const p1 = await expectStatus(u.get('/api/v1/jobs?sort=name&limit=2'), 200);
        expect(p1.body, p1.text).toMatchObject({ total: 5, offset: 0, has_more: true, next_cursor: expect.any(String) });
        expect(ids(p1)).toEqual([a.id, b2.id]);
        const p2 = await expectStatus(u.get(`/api/v1/jobs?sort=name&limit=2&cursor=${enc(p1.body.next_cursor)}`), 200);
        expect(ids(p2)).toEqual([b1.id, c.id]);
        expect(p2.body, p2.text).toMatchObject({ offset: null, has_more: true });
        const p3 = await expectStatus(u.get(`/api/v1/jobs?sort=name&limit=2&cursor=${enc(p2.body.next_cursor)}`), 200);
        expect(ids(p3)).toEqual([none.id]);
        expect(p3.body, p3.text).toMatchObject({ has_more: false, next_cursor: null });
        // The same job as GET /api/v1/jobs/:id shows it.
        expect(p1.body.jobs[0], p1.text).toEqual(await getJob(u, a.id));
        // Cursors do not cross orders, either way; another owner sees none of these.
        expectInvalid(await u.get(`/api/v1/jobs?sort=newest&limit=2&cursor=${enc(p1.body.next_cursor)}`), 'cursor');
        const timeCursor: string = (await u.get('/api/v1/jobs?limit=2')).body.next_cursor;
        expectInvalid(await u.get(`/api/v1/jobs?sort=name&limit=2&cursor=${enc(timeCursor)}`), 'cursor');
        expectInvalid(await u.get('/api/v1/jobs?sort=name&cursor=not-a-cursor'), 'cursor');
        await expectIds(await newUser(), '/api/v1/jobs?sort=name', []);
        expect((await call(t, 'GET', '/api/v1/jobs?sort=name')).status).toBe(401);
      });

      it('a cursor made for one sort order is refused for the other', async () => {
        const { u } = await world();
        const cursor: string = (await u.get('/api/v1/jobs?limit=2&sort=newest')).body.next_cursor;
        expectInvalid(await u.get(`/api/v1/jobs?limit=2&sort=oldest&cursor=${enc(cursor)}`), 'cursor');
      });

      it('answers ETag and honours If-None-Match with 304 until something changes', async () => {
        const { u, j1 } = await world();
        const r1 = await u.get('/api/v1/jobs');
        const tag = r1.headers.get('etag');
        expect(tag, r1.text).toMatch(/^(W\/)?"/);
        const r2 = await u.get('/api/v1/jobs', { 'if-none-match': tag! });
        expect(r2.status, r2.text).toBe(304);
        expect(r2.body, r2.text).toBeNull();
        expect(r2.headers.get('etag')).toBe(tag);

        await svc().send('PATCH', `/api/v1/jobs/${j1.id}`, { progress: 10 });
        const r3 = await u.get('/api/v1/jobs', { 'if-none-match': tag! });
        expect(r3.status, r3.text).toBe(200);
        expect(r3.headers.get('etag'), r3.text).not.toBe(tag);

        await job(u);
        const r4 = await u.get('/api/v1/jobs', { 'if-none-match': r3.headers.get('etag')! });
        expect(r4.status, r4.text).toBe(200);
      });

      it('a 304 still carries X-Request-ID (every response does)', async () => {
        const u = await newUser();
        await job(u);
        const r1 = await u.get('/api/v1/jobs');
        const r2 = await u.get('/api/v1/jobs', { 'if-none-match': r1.headers.get('etag')!, 'x-request-id': 'poll-304-check' });
        expect(r2.status, r2.text).toBe(304);
        expect(r2.headers.get('x-request-id'), r2.text).toBe('poll-304-check');
      });

      it('lists the trash with ?trashed=true', async () => {
        const u = await newUser();
        const keep = await job(u);
        const gone = await job(u);
        await expectStatus(u.send('DELETE', `/api/v1/jobs/${gone.id}`), 200);
        const live = await u.get('/api/v1/jobs');
        expect(ids(live), live.text).toEqual([keep.id]);
        expect(live.body.total, live.text).toBe(1);
        const trash = await u.get('/api/v1/jobs?trashed=true');
        expect(ids(trash), trash.text).toEqual([gone.id]);
        expect(trash.body.total, trash.text).toBe(1);
        expect(trash.body.jobs[0].deleted_at, trash.text).toEqual(expect.any(String));
        await expectIds(u, '/api/v1/jobs?trashed=false', [keep.id]);
      });
    });

    // ───────────────────────────── search ─────────────────────────────
    describe('search (q / search)', () => {
      const prompts = [
        'a supercalifragilistic dream',
        'she said "hello" twice',
        'rate it 5*stars',
        'NEAR the lighthouse',
        'salt OR pepper',
        'pre-trained model',
        'ratio:16x9 banner',
        '100% organic',
        'snake_case_name',
        "x'; drop table jobs; --",
        'xq marks the spot',
        'back\\slash path',
        'Mixed CASE Words',
        'nothing special here',
      ];
      let u: TestUser;
      const byPrompt = new Map<string, string>();
      beforeAll(async () => {
        u = await makeUser(t);
        for (const p of prompts) byPrompt.set(p, (await job(u, { prompt: p })).id);
      });
      /** The oracle: a literal, case-insensitive substring match. */
      const expected = (q: string) => sorted(prompts.filter((p) => p.toLowerCase().includes(q.trim().toLowerCase())).map((p) => byPrompt.get(p)!));

      const queries = [
        'califrag', 'CALIFRAG', 'Fragil', 'lis', 'dream',
        '"hello"', 'hello', '"', '""', '"unterminated',
        '5*st', '*', '*stars', 'stars*',
        'NEAR', 'near', 'NEAR(', 'NEAR the', 'NEAR/2',
        'OR', 'salt OR pepper', 'OR pepper', 'AND', 'NOT', 'and not',
        '-', '-trained', 'pre-trained', '--',
        ':', 'ratio:16', 'prompt:', 'rowid:1',
        '%', '100%', '%%', '_', 'e_c', '__',
        "'", "'; drop table jobs; --", "'; drop", "1' or '1'='1", '; --',
        '\\', 'k\\s',
        'xq', 'Q', 'x', 'ed', 'CASE w', 'mixed case',
        '(', ')', '{', '}', '^', '^a', '+', 'a + b',
        'no match at all',
      ];

      it.each(queries)('GET /api/v1/jobs?q=%s matches literally, never a 500', async (q) => {
        const r = await u.get(`/api/v1/jobs?q=${enc(q)}&limit=100`);
        expect(r.status, r.text).toBe(200);
        expect(sorted(ids(r)), `q=${q}: ${r.text}`).toEqual(expected(q));
        expect(r.body.total, r.text).toBe(expected(q).length);
      });

      it.each(queries)('GET /api/me/jobs?search=%s matches literally, never a 500', async (q) => {
        const r = await u.get(`/api/me/jobs?search=${enc(q)}&limit=100`);
        expect(r.status, r.text).toBe(200);
        expect(sorted(meIds(r)), `search=${q}: ${r.text}`).toEqual(expected(q));
        expect(r.body.pagination.total, r.text).toBe(expected(q).length);
      });

      it('the jobs table is intact after the injection attempts', async () => {
        const r = await u.get('/api/v1/jobs?limit=100');
        expect(r.body.total, r.text).toBe(prompts.length);
      });

      it('combines search with other filters and pages', async () => {
        const v = await newUser();
        const a = await job(v, { prompt: 'sunset over the bay', status: 'completed', created_at: at(1) });
        const b = await job(v, { prompt: 'Sunset in the city', status: 'queued', created_at: at(2) });
        await job(v, { prompt: 'sunrise', created_at: at(3) });
        await expectIds(v, '/api/v1/jobs?q=sunset', [b.id, a.id]);
        await expectIds(v, '/api/v1/jobs?q=sunset&status=completed', [a.id]);
        const p1 = await v.get('/api/v1/jobs?q=sunset&limit=1');
        expect(p1.body, p1.text).toMatchObject({ total: 2, has_more: true });
        const p2 = await v.get(`/api/v1/jobs?q=sunset&limit=1&cursor=${enc(p1.body.next_cursor)}`);
        expect(ids(p2), p2.text).toEqual([a.id]);
      });

      it('a trashed job is not found by search', async () => {
        const v = await newUser();
        const a = await job(v, { prompt: 'ephemeral thing' });
        await v.send('DELETE', `/api/v1/jobs/${a.id}`);
        await expectTotal(v, '/api/v1/jobs?q=ephemeral', 0);
        await expectIds(v, '/api/v1/jobs?q=ephemeral&trashed=true', [a.id]);
      });

      it('1–2 character queries are case-insensitive beyond ASCII too (as 3+ character ones are)', async () => {
        const v = await newUser();
        const a = await job(v, { prompt: 'Ölgemälde eines Hafens' });
        await job(v, { prompt: 'watercolour harbour' });
        // Three characters go through the trigram index, which folds case for all letters…
        await expectIds(v, `/api/v1/jobs?q=${enc('ölg')}`, [a.id]);
        await expectIds(v, `/api/v1/jobs?q=${enc('ÖLG')}`, [a.id]);
        // …so one and two must as well: the result cannot depend on the query's length.
        const two = await v.get(`/api/v1/jobs?q=${enc('öl')}`);
        expect(ids(two), two.text).toEqual([a.id]);
        const one = await v.get(`/api/me/jobs?search=${enc('ö')}`);
        expect(meIds(one), one.text).toEqual([a.id]);
      });
      it('a 1–2 character query matches its own letters only, not their multi-letter upper-case forms (ß ≠ SS, ﬁ ≠ FI)', async () => {
        const v = await newUser();
        const street = await job(v, { prompt: 'Straße' });
        await job(v, { prompt: 'Grass field' });
        const eszett = await v.get(`/api/v1/jobs?q=${enc('ß')}`);
        expect(ids(eszett), eszett.text).toEqual([street.id]);
        const ligature = await v.get(`/api/v1/jobs?q=${enc('ﬁ')}`);
        expect(ids(ligature), ligature.text).toEqual([]);
      });
    });

    // ───────────────────────────── keyset pagination ─────────────────────────────
    describe('keyset pagination', () => {
      async function walk(u: TestUser, query: string, between?: (page: number) => Promise<void>) {
        const seen: string[] = [];
        let cursor: string | null = null;
        for (let page = 0; ; page++) {
          const r: Reply = await u.get(`/api/v1/jobs?${query}${cursor ? `&cursor=${enc(cursor)}` : ''}`);
          expect(r.status, r.text).toBe(200);
          seen.push(...ids(r));
          expect(r.body.has_more, r.text).toBe(r.body.next_cursor !== null);
          cursor = r.body.next_cursor;
          if (!cursor) return seen;
          if (page > 100) throw new Error('the cursor never ends');
          await between?.(page);
        }
      }

      /** 23 jobs whose created_at values tie in groups of three, so the id tie-break matters. */
      async function many(u: TestUser) {
        const made: string[] = [];
        for (let i = 0; i < 23; i++) made.push((await job(u, { prompt: `job ${i}`, created_at: at(10 + Math.floor(i / 3)) })).id);
        return made;
      }

      it.each(['sort=newest', 'sort=oldest'])('walking every page (%s) yields every job exactly once', async (sort) => {
        const u = await newUser();
        const made = await many(u);
        const seen = await walk(u, `${sort}&limit=4`);
        expect(seen).toHaveLength(made.length);
        expect(sorted(seen)).toEqual(sorted(made));
        const all = ids(await u.get(`/api/v1/jobs?${sort}&limit=100`));
        expect(seen).toEqual(all);
      });

      it.each(['sort=newest', 'sort=oldest'])('…also while new jobs are inserted between page fetches (%s)', async (sort) => {
        const u = await newUser();
        const made = await many(u);
        const added: string[] = [];
        const seen = await walk(u, `${sort}&limit=4`, async (page) => {
          // Ahead of the cursor, behind it, tying with it, and "now".
          for (const minute of [10 + page, 20 - page, 13]) added.push((await job(u, { prompt: `late ${page}`, created_at: at(minute) })).id);
          added.push((await job(u, { prompt: `now ${page}` })).id);
        });
        expect(new Set(seen).size, 'no job is returned twice').toBe(seen.length);
        for (const id of made) expect(seen.filter((s) => s === id), `job ${id}`).toHaveLength(1);
        for (const id of seen) expect([...made, ...added]).toContain(id);
      });

      it.each(['newest', 'oldest'])('a multi-status filter pages by cursor and by offset in order (sort=%s)', async (sort) => {
        const u = await newUser();
        const statuses = ['queued', 'processing', 'completed', 'failed'] as const;
        const made: Job[] = [];
        // Ties in created_at across statuses, so the merge of per-status ranges must break them by id.
        for (let i = 0; i < 20; i++) made.push(await job(u, { status: statuses[i % 4], created_at: at(Math.floor(i / 3)) }));
        const wanted = made.filter((j) => j.status === 'queued' || j.status === 'processing');
        const all = ids(await u.get(`/api/v1/jobs?status=queued,processing&sort=${sort}&limit=100`));
        expect(sorted(all)).toEqual(sorted(wanted.map((j) => j.id)));
        const key = (j: Job) => `${j.created_at} ${j.id}`;
        const inOrder = [...wanted].sort((a, b) => (key(a) < key(b) ? -1 : 1)).map((j) => j.id);
        expect(all).toEqual(sort === 'oldest' ? inOrder : [...inOrder].reverse());

        const walked = await walk(u, `status=processing,queued&sort=${sort}&limit=3`);
        expect(walked).toEqual(all);
        const byOffset: string[] = [];
        for (let offset = 0; offset < all.length + 3; offset += 3) {
          const r = await u.get(`/api/v1/jobs?status=queued,processing&sort=${sort}&limit=3&offset=${offset}`);
          expect(r.body.total, r.text).toBe(wanted.length);
          expect(r.body.has_more, r.text).toBe(offset + 3 < wanted.length);
          byOffset.push(...ids(r));
        }
        expect(byOffset).toEqual(all);
        const three = await walk(u, `status=queued,processing,completed&sort=${sort}&limit=4`);
        expect(three).toHaveLength(15);
        expect(new Set(three).size).toBe(15);
      });

      it('offset pages see a stable list when nothing changes', async () => {
        const u = await newUser();
        const made = await many(u);
        const seen: string[] = [];
        for (let offset = 0; offset < 30; offset += 5) seen.push(...ids(await u.get(`/api/v1/jobs?limit=5&offset=${offset}`)));
        expect(sorted(seen)).toEqual(sorted(made));
      });
    });

    // ───────────────────────────── stats ─────────────────────────────
    describe('GET /api/v1/jobs/stats', () => {
      it('counts live jobs by status, with partial and credits used', async () => {
        const u = await newUser();
        await job(u, { status: 'queued', credit_used: 1.5 });
        await job(u, { status: 'queued' });
        await job(u, { status: 'processing', credit_used: 2 });
        await job(u, { status: 'completed', credit_used: 10 });
        await job(u, { status: 'failed' });
        await job(u, { status: 'partial', credit_used: 0.25 });
        const trashed = await job(u, { status: 'completed', credit_used: 100 });
        await u.send('DELETE', `/api/v1/jobs/${trashed.id}`);
        const r = await u.get('/api/v1/jobs/stats');
        expect(r.status, r.text).toBe(200);
        expect(r.body, r.text).toEqual({ total: 6, queued: 2, processing: 1, completed: 1, failed: 1, partial: 1, credits_used: 13.75 });
      });

      it('is all zeros for a new user', async () => {
        const r = await (await newUser()).get('/api/v1/jobs/stats');
        expect(r.body, r.text).toEqual({ total: 0, queued: 0, processing: 0, completed: 0, failed: 0, partial: 0, credits_used: 0 });
      });

      it('follows status changes, deletes and restores', async () => {
        const u = await newUser();
        const j = await job(u);
        await svc().send('PATCH', `/api/v1/jobs/${j.id}`, { status: 'processing' });
        await expectBody(u, '/api/v1/jobs/stats', { total: 1, queued: 0, processing: 1 });
        await svc().send('PATCH', `/api/v1/jobs/${j.id}`, { status: 'completed', credit_used: 4 });
        await expectBody(u, '/api/v1/jobs/stats', { total: 1, processing: 0, completed: 1, credits_used: 4 });
        await u.send('DELETE', `/api/v1/jobs/${j.id}`);
        await expectBody(u, '/api/v1/jobs/stats', { total: 0, completed: 0, credits_used: 0 });
        await u.send('POST', '/api/v1/jobs/restore', { ids: [j.id] });
        await expectBody(u, '/api/v1/jobs/stats', { total: 1, completed: 1, credits_used: 4 });
      });

      it('counts one project’s jobs with project_id; another owner’s project counts nothing', async () => {
        const u = await newUser();
        const other = await newUser();
        const a = await job(u, { project_name: 'Alpha', status: 'queued', credit_used: 1 });
        await job(u, { project_name: 'Alpha', status: 'completed', credit_used: 2.5 });
        const trashed = await job(u, { project_name: 'Alpha', status: 'failed' });
        await u.send('DELETE', `/api/v1/jobs/${trashed.id}`);
        await job(u, { project_name: 'Beta', status: 'processing', credit_used: 7 });
        const r = await u.get(`/api/v1/jobs/stats?project_id=${a.project_id}`);
        expect(r.status, r.text).toBe(200);
        expect(r.body, r.text).toEqual({ total: 2, queued: 1, processing: 0, completed: 1, failed: 0, partial: 0, credits_used: 3.5 });
        const foreign = await other.get(`/api/v1/jobs/stats?project_id=${a.project_id}`);
        expect(foreign.body, foreign.text).toEqual({ total: 0, queued: 0, processing: 0, completed: 0, failed: 0, partial: 0, credits_used: 0 });
        expect((await u.get('/api/v1/jobs/stats?project_id=')).status).toBe(422);
        expect((await call(t, 'GET', `/api/v1/jobs/stats?project_id=${a.project_id}`)).status).toBe(401);
      });

      it('answers ETag / 304', async () => {
        const u = await newUser();
        await job(u);
        const r1 = await u.get('/api/v1/jobs/stats');
        const r2 = await u.get('/api/v1/jobs/stats', { 'if-none-match': r1.headers.get('etag')! });
        expect(r2.status, r2.text).toBe(304);
        await job(u);
        await expectStatus(u.get('/api/v1/jobs/stats', { 'if-none-match': r1.headers.get('etag')! }), 200);
      });
    });

    // ───────────────────────────── GET /api/v1/jobs/:id ─────────────────────────────
    describe('GET /api/v1/jobs/:id', () => {
      it('returns the caller’s job', async () => {
        const u = await newUser();
        const j = await job(u, { prompt: 'one job', params: { seed: 7, style: 'noir' }, asset_type: 'banner', brand_kit_id: 'bk-1' });
        const r = await u.get(`/api/v1/jobs/${j.id}`);
        expect(r.status, r.text).toBe(200);
        expect(r.body, r.text).toEqual(j);
        expect(r.body, r.text).toMatchObject({ prompt: 'one job', params: { seed: 7, style: 'noir' }, asset_type: 'banner', brand_kit_id: 'bk-1', user_id: u.sub });
      });

      it('unknown id → 404', async () => {
        expectError(await (await newUser()).get(`/api/v1/jobs/${NO_SUCH_ID}`), 404, 'not_found');
      });

      it('a trashed job → 404', async () => {
        const u = await newUser();
        const j = await job(u);
        await u.send('DELETE', `/api/v1/jobs/${j.id}`);
        expectError(await u.get(`/api/v1/jobs/${j.id}`), 404, 'not_found');
      });

      it('an id longer than 128 characters → 422', async () => {
        expectInvalid(await (await newUser()).get(`/api/v1/jobs/${'x'.repeat(129)}`), 'id');
      });

      it('answers ETag / 304', async () => {
        const u = await newUser();
        const j = await job(u);
        const r1 = await u.get(`/api/v1/jobs/${j.id}`);
        await expectStatus(u.get(`/api/v1/jobs/${j.id}`, { 'if-none-match': r1.headers.get('etag')! }), 304);
      });
    });

    // ───────────────────────────── delete, bulk delete, restore ─────────────────────────────
    describe('DELETE /api/v1/jobs/:id', () => {
      it('moves the job to the trash (soft delete) and says until when it can be restored', async () => {
        const u = await newUser();
        const j = await job(u);
        const r = await u.send('DELETE', `/api/v1/jobs/${j.id}`);
        expect(r.status, r.text).toBe(200);
        expect(r.body, r.text).toMatchObject({ count: 1, ids: [j.id], not_found: [], restorable_until: expect.any(String) });
        expect(Date.parse(r.body.restorable_until) - Date.now(), r.text).toBeGreaterThan(20 * 86_400_000);
        expectError(await u.get(`/api/v1/jobs/${j.id}`), 404, 'not_found');
        const trash = await u.get('/api/v1/jobs?trashed=true');
        expect(ids(trash), trash.text).toEqual([j.id]);
      });

      it('deleting twice → 404', async () => {
        const u = await newUser();
        const j = await job(u);
        await u.send('DELETE', `/api/v1/jobs/${j.id}`);
        expectError(await u.send('DELETE', `/api/v1/jobs/${j.id}`), 404, 'not_found');
      });

      it('unknown id → 404; over-long id → 422', async () => {
        const u = await newUser();
        expectError(await u.send('DELETE', `/api/v1/jobs/${NO_SUCH_ID}`), 404, 'not_found');
        expectInvalid(await u.send('DELETE', `/api/v1/jobs/${'x'.repeat(129)}`), 'id');
      });
    });

    describe('POST /api/v1/jobs/bulk-delete', () => {
      it('trashes up to 500 ids and reports the rest as not found', async () => {
        const u = await newUser();
        const a = await job(u);
        const b = await job(u);
        const keep = await job(u);
        const unknown = Array.from({ length: 497 }, () => crypto.randomUUID());
        const r = await u.send('POST', '/api/v1/jobs/bulk-delete', { ids: [a.id, b.id, ...unknown, a.id] });
        expect(r.status, r.text).toBe(200);
        expect(r.body.count, r.text).toBe(2);
        expect(sorted(r.body.ids), r.text).toEqual(sorted([a.id, b.id]));
        expect(sorted(r.body.not_found), r.text).toEqual(sorted(unknown));
        expect(r.body.restorable_until, r.text).toEqual(expect.any(String));
        await expectIds(u, '/api/v1/jobs', [keep.id]);
      });

      it('an already trashed id is reported as not found', async () => {
        const u = await newUser();
        const a = await job(u);
        await u.send('DELETE', `/api/v1/jobs/${a.id}`);
        const r = await u.send('POST', '/api/v1/jobs/bulk-delete', { ids: [a.id] });
        expect(r.body, r.text).toMatchObject({ count: 0, ids: [], not_found: [a.id], restorable_until: null });
      });

      it.each([
        ['501 ids', { ids: Array.from({ length: 501 }, (_, i) => `id-${i}`) }, 'ids'],
        ['no ids', { ids: [] }, 'ids'],
        ['ids missing', {}, 'ids'],
        ['ids not an array', { ids: 'abc' }, 'ids'],
        ['an empty id', { ids: ['ok', ''] }, undefined],
        ['a number id', { ids: [42] }, undefined],
        ['an unknown key', { ids: ['a'], force: true }, undefined],
      ] as const)('%s → 422 and nothing is deleted', async (_label, body, field) => {
        const u = await newUser();
        const a = await job(u);
        const withOwn = 'ids' in body && Array.isArray(body.ids) && body.ids.length > 1 ? { ...body, ids: [a.id, ...body.ids] } : body;
        expectInvalid(await u.send('POST', '/api/v1/jobs/bulk-delete', withOwn), field);
        await expectIds(u, '/api/v1/jobs', [a.id]);
      });

      it('malformed JSON → 400 with the standard body', async () => {
        const u = await newUser();
        expectError(await u.send('POST', '/api/v1/jobs/bulk-delete', '{"ids": ['), 400, 'bad_request');
      });
    });

    describe('POST /api/v1/jobs/restore', () => {
      it('brings trashed jobs back', async () => {
        const u = await newUser();
        const a = await job(u, { status: 'completed' });
        const b = await job(u);
        await u.send('POST', '/api/v1/jobs/bulk-delete', { ids: [a.id, b.id] });
        const r = await u.send('POST', '/api/v1/jobs/restore', { ids: [a.id, NO_SUCH_ID] });
        expect(r.status, r.text).toBe(200);
        expect(r.body, r.text).toEqual({ count: 1, ids: [a.id], not_found: [NO_SUCH_ID] });
        const back = await getJob(u, a.id);
        expect(back, JSON.stringify(back)).toMatchObject({ deleted_at: null, status: 'completed' });
        await expectIds(u, '/api/v1/jobs?trashed=true', [b.id]);
      });

      it('a live job is reported as not found', async () => {
        const u = await newUser();
        const a = await job(u);
        const r = await u.send('POST', '/api/v1/jobs/restore', { ids: [a.id] });
        expect(r.body, r.text).toEqual({ count: 0, ids: [], not_found: [a.id] });
      });

      it.each([
        ['501 ids', { ids: Array.from({ length: 501 }, (_, i) => `id-${i}`) }],
        ['no ids', { ids: [] }],
        ['an unknown key', { ids: ['a'], all: true }],
        ['ids not an array', { ids: { a: 1 } }],
      ] as const)('%s → 422 and nothing is restored', async (_label, body) => {
        const u = await newUser();
        const a = await job(u);
        await u.send('DELETE', `/api/v1/jobs/${a.id}`);
        const withOwn = Array.isArray(body.ids) && body.ids.length ? { ...body, ids: [a.id, ...body.ids] } : body;
        expectInvalid(await u.send('POST', '/api/v1/jobs/restore', withOwn));
        await expectTotal(u, '/api/v1/jobs', 0);
      });

      it('malformed JSON → 400', async () => {
        expectError(await (await newUser()).send('POST', '/api/v1/jobs/restore', 'nope'), 400, 'bad_request');
      });
    });

    // ───────────────────────────── ingest: POST /api/v1/jobs ─────────────────────────────
    describe('POST /api/v1/jobs (ingest)', () => {
      it('the service credential creates a job for the named user (201, Location, canonical Job)', async () => {
        const u = await newUser();
        const r = await svc().send('POST', '/api/v1/jobs', { user_id: u.sub, app_id: 'carousel-mix', prompt: 'five slides', params: { slides: 5 }, asset_type: 'story_graphic', credit_used: 2.5 });
        expect(r.status, r.text).toBe(201);
        expect(r.headers.get('location'), r.text).toBe(`/api/v1/jobs/${r.body.id}`);
        expect(r.body, r.text).toMatchObject({
          user_id: u.sub,
          session_id: null,
          app_id: 'carousel-mix',
          prompt: 'five slides',
          params: { slides: 5 },
          asset_type: 'story_graphic',
          status: 'queued',
          progress: 0,
          error_message: null,
          credit_used: 2.5,
          retry_of: null,
          completed_at: null,
          deleted_at: null,
          project_id: null,
        });
        expect(Date.parse(r.body.created_at), r.text).not.toBeNaN();
        expect(await getJob(u, r.body.id)).toEqual(r.body);
      });

      it('a user token creates a job on the caller’s own data (no user_id needed, naming oneself is fine)', async () => {
        const u = await newUser();
        const r1 = await u.send('POST', '/api/v1/jobs', { app_id: 'video-mixer', prompt: 'mine' });
        expect(r1.status, r1.text).toBe(201);
        expect(r1.body.user_id, r1.text).toBe(u.sub);
        const r2 = await u.send('POST', '/api/v1/jobs', { user_id: u.sub, app_id: 'video-mixer' });
        expect(r2.status, r2.text).toBe(201);
        await expectTotal(u, '/api/v1/jobs', 2);
      });

      it('a user naming someone else → 403 and nothing is created for them', async () => {
        const u = await newUser();
        const other = await newUser();
        expectError(await u.send('POST', '/api/v1/jobs', { user_id: other.sub, app_id: 'video-mixer' }), 403, 'forbidden');
        expectError(await u.send('POST', '/api/v1/jobs', { session_id: 'some-session', app_id: 'video-mixer' }), 403, 'forbidden');
        await expectTotal(other, '/api/v1/jobs', 0);
        await expectTotal(u, '/api/v1/jobs', 0);
      });

      it('the service credential without an owner → 422 naming user_id', async () => {
        expectInvalid(await svc().send('POST', '/api/v1/jobs', { app_id: 'video-mixer' }), 'user_id');
      });

      it('an unknown app → 422 naming app_id', async () => {
        const u = await newUser();
        expectInvalid(await svc().send('POST', '/api/v1/jobs', { user_id: u.sub, app_id: 'no-such-app' }), 'app_id');
        await expectTotal(u, '/api/v1/jobs', 0);
      });

      it('project_name creates the project once and reuses it', async () => {
        const u = await newUser();
        const other = await newUser();
        const a = await job(u, { project_name: 'Summer Sale' });
        const b = await job(u, { project_name: 'Summer Sale' });
        const c = await job(other, { project_name: 'Summer Sale' });
        const d = await job(u, { project_name: 'Winter Sale' });
        expect(a.project_id).toEqual(expect.any(String));
        expect(b.project_id).toBe(a.project_id);
        expect(a.project_name).toBe('Summer Sale');
        expect(c.project_id).not.toBe(a.project_id);
        expect(d.project_id).not.toBe(a.project_id);
        const r = await u.get(`/api/v1/jobs?project_id=${a.project_id}`);
        expect(sorted(ids(r)), r.text).toEqual(sorted([a.id, b.id]));
        // …and project_id then names it directly.
        const e = await job(u, { project_id: a.project_id });
        expect(e.project_name).toBe('Summer Sale');
      });

      it('project_id of another owner or unknown → 422', async () => {
        const u = await newUser();
        const other = await newUser();
        const theirs = await job(other, { project_name: 'Theirs' });
        expectInvalid(await svc().send('POST', '/api/v1/jobs', { user_id: u.sub, app_id: 'video-mixer', project_id: theirs.project_id }), 'project_id');
        expectInvalid(await svc().send('POST', '/api/v1/jobs', { user_id: u.sub, app_id: 'video-mixer', project_id: NO_SUCH_ID }), 'project_id');
      });

      it('task_id makes the create idempotent: a repeat answers 200 with the same job', async () => {
        const u = await newUser();
        const task = unique('task');
        const body = { user_id: u.sub, app_id: 'video-mixer', task_id: task, prompt: 'once' };
        const r1 = await svc().send('POST', '/api/v1/jobs', body);
        expect(r1.status, r1.text).toBe(201);
        const r2 = await svc().send('POST', '/api/v1/jobs', body);
        expect(r2.status, r2.text).toBe(200);
        expect(r2.body.id, r2.text).toBe(r1.body.id);
        expect(r2.body.task_id, r2.text).toBe(task);
        await expectTotal(u, '/api/v1/jobs', 1);
        // The same task id under another app is another run.
        const r3 = await svc().send('POST', '/api/v1/jobs', { ...body, app_id: 'carousel-mix' });
        expect(r3.status, r3.text).toBe(201);
      });

      it("task ids are the caller's own: another owner's, or the owner's own token, never collide with (or reveal) a back-end's", async () => {
        const owner = await newUser();
        const squatter = await newUser();
        const task = unique('task');
        // Someone creates a job with the task id a back-end is about to use for another user…
        const squatted = await squatter.send('POST', '/api/v1/jobs', { app_id: 'video-mixer', task_id: task, prompt: 'squatted' });
        expect(squatted.status, squatted.text).toBe(201);
        // …and the back-end's ingest for the real owner still records the owner's job.
        const real = await svc().send('POST', '/api/v1/jobs', { user_id: owner.sub, app_id: 'video-mixer', task_id: task, prompt: 'real' });
        expect(real.status, real.text).toBe(201);
        expect(real.body).toMatchObject({ user_id: owner.sub, task_id: task, prompt: 'real' });
        // The same id from the back-end for another owner, and from the owner's own token: separate jobs.
        const forOther = await svc().send('POST', '/api/v1/jobs', { user_id: squatter.sub, app_id: 'video-mixer', task_id: task, prompt: 'for the squatter' });
        expect(forOther.status, forOther.text).toBe(201);
        const byOwner = await owner.send('POST', '/api/v1/jobs', { app_id: 'video-mixer', task_id: task, prompt: 'own' });
        expect(byOwner.status, byOwner.text).toBe(201);
        // Each scope's repeat still returns its own first job.
        for (const [send, first] of [
          [() => svc().send('POST', '/api/v1/jobs', { user_id: owner.sub, app_id: 'video-mixer', task_id: task }), real],
          [() => owner.send('POST', '/api/v1/jobs', { app_id: 'video-mixer', task_id: task }), byOwner],
          [() => squatter.send('POST', '/api/v1/jobs', { app_id: 'video-mixer', task_id: task }), squatted],
        ] as const) {
          const again = await send();
          expect(again.status, again.text).toBe(200);
          expect(again.body.id, again.text).toBe(first.body.id);
        }
        await expectTotal(owner, '/api/v1/jobs', 2);
        await expectTotal(squatter, '/api/v1/jobs', 2);
      });

      it('created_at back-fills, and a terminal back-fill completes at that time', async () => {
        const u = await newUser();
        const a = await job(u, { created_at: '2024-03-01T12:00:00+02:00', status: 'completed' });
        expect(a, JSON.stringify(a)).toMatchObject({ created_at: '2024-03-01T10:00:00.000Z', completed_at: '2024-03-01T10:00:00.000Z', progress: 100, status: 'completed' });
        const b = await job(u, { created_at: '2023-12-31T23:59:59.123Z' });
        expect(b.created_at).toBe('2023-12-31T23:59:59.123Z');
        await expectIds(u, '/api/v1/jobs', [a.id, b.id]);
      });

      it('a completed create has progress 100; a processing one keeps its progress', async () => {
        const u = await newUser();
        const a = await job(u, { status: 'completed', progress: 10 });
        expect(a).toMatchObject({ status: 'completed', progress: 100, completed_at: expect.any(String) });
        const b = await job(u, { status: 'processing', progress: 35 });
        expect(b).toMatchObject({ status: 'processing', progress: 35, completed_at: null });
      });

      it.each([
        ['an unknown key', { surprise: 1 }, undefined],
        ['status not a status', { status: 'done' }, 'status'],
        ['progress 101', { progress: 101 }, 'progress'],
        ['progress -1', { progress: -1 }, 'progress'],
        ['progress 1.5', { progress: 1.5 }, 'progress'],
        ['negative credit_used', { credit_used: -1 }, 'credit_used'],
        ['params an array', { params: [1, 2] }, 'params'],
        ['params a string', { params: 'x' }, 'params'],
        ['prompt too long', { prompt: 'x'.repeat(10_001) }, 'prompt'],
        ['prompt a number', { prompt: 5 }, 'prompt'],
        ['app_id missing', { app_id: undefined }, 'app_id'],
        ['app_id empty', { app_id: '' }, 'app_id'],
        ['created_at not ISO', { created_at: 'yesterday' }, 'created_at'],
        ['created_at in the future', { created_at: new Date(Date.now() + 7 * 86_400_000).toISOString() }, 'created_at'],
        ['user_id and session_id', { session_id: 'sess' }, 'session_id'],
        ['project_id and project_name', { project_id: 'p', project_name: 'P' }, 'project_name'],
        ['empty project_name', { project_name: '   ' }, 'project_name'],
      ] as const)('%s → 422 and nothing is created', async (_label, fields, field) => {
        const u = await newUser();
        const body = JSON.parse(JSON.stringify({ user_id: u.sub, app_id: 'video-mixer', prompt: 'x', ...fields }));
        expectInvalid(await svc().send('POST', '/api/v1/jobs', body), field);
        await expectTotal(u, '/api/v1/jobs', 0);
      });

      it('malformed JSON → 400 with the standard body', async () => {
        const r = await svc().send('POST', '/api/v1/jobs', '{"user_id": "x", ');
        expectError(r, 400, 'bad_request');
        expect(r.body.details, r.text).toBeUndefined();
      });

      it('a JSON body that is not an object → 422', async () => {
        expectInvalid(await svc().send('POST', '/api/v1/jobs', '[1,2,3]'));
        expectInvalid(await svc().send('POST', '/api/v1/jobs', 'null'));
      });

      it('an oversized JSON body → 413 with the standard body', async () => {
        const u = await newUser();
        const r = await retryingReset(() => svc().send('POST', '/api/v1/jobs', { user_id: u.sub, app_id: 'video-mixer', params: { blob: 'x'.repeat(1_100_000) } }));
        expectError(r, 413, 'payload_too_large');
        await expectTotal(u, '/api/v1/jobs', 0);
      });
    });

    // ───────────────────────────── PATCH /api/v1/jobs/:id ─────────────────────────────
    describe('PATCH /api/v1/jobs/:id', () => {
      const patch = (id: string, body: unknown) => svc().send('PATCH', `/api/v1/jobs/${id}`, body);

      it('walks queued → processing → completed; completion sets progress 100 and completed_at', async () => {
        const u = await newUser();
        const j = await job(u);
        const p1 = await patch(j.id, { status: 'processing', progress: 10 });
        expect(p1.status, p1.text).toBe(200);
        expect(p1.body, p1.text).toMatchObject({ status: 'processing', progress: 10, completed_at: null });
        const p2 = await patch(j.id, { progress: 70, credit_used: 3 });
        expect(p2.body, p2.text).toMatchObject({ status: 'processing', progress: 70, credit_used: 3 });
        const p3 = await patch(j.id, { status: 'completed' });
        expect(p3.body, p3.text).toMatchObject({ status: 'completed', progress: 100, completed_at: expect.any(String) });
        expect(await getJob(u, j.id)).toEqual(p3.body);
      });

      it.each([
        ['queued', 'processing'],
        ['queued', 'completed'],
        ['queued', 'failed'],
        ['queued', 'partial'],
        ['processing', 'completed'],
        ['processing', 'failed'],
        ['processing', 'partial'],
        ['processing', 'processing'],
        ['completed', 'completed'],
        ['failed', 'failed'],
      ])('%s → %s is allowed', async (from, to) => {
        const u = await newUser();
        const j = await job(u, { status: from });
        const r = await patch(j.id, { status: to });
        expect(r.status, r.text).toBe(200);
        expect(r.body.status, r.text).toBe(to);
        if (['completed', 'failed', 'partial'].includes(to)) expect(r.body.completed_at, r.text).toEqual(expect.any(String));
      });

      it.each([
        ['processing', 'queued'],
        ['completed', 'processing'],
        ['completed', 'queued'],
        ['completed', 'failed'],
        ['failed', 'completed'],
        ['failed', 'processing'],
        ['partial', 'completed'],
        ['partial', 'queued'],
      ])('%s → %s is a 409 and changes nothing', async (from, to) => {
        const u = await newUser();
        const j = await job(u, { status: from, progress: from === 'processing' ? 30 : undefined });
        const before = await getJob(u, j.id);
        expectError(await patch(j.id, { status: to }), 409, 'conflict');
        expect(await getJob(u, j.id)).toEqual(before);
      });

      it('progress never goes backwards', async () => {
        const u = await newUser();
        const j = await job(u, { status: 'processing' });
        const first = await patch(j.id, { progress: 60 });
        expect(first.body.progress, first.text).toBe(60);
        const late = await patch(j.id, { progress: 20 });
        expect(late.status, late.text).toBe(200);
        expect(late.body.progress, late.text).toBe(60);
        expect((await getJob(u, j.id)).progress).toBe(60);
        const failed = await patch(j.id, { status: 'failed', progress: 5, error_message: 'out of memory' });
        expect(failed.body, failed.text).toMatchObject({ status: 'failed', progress: 60, error_message: 'out of memory' });
      });

      it('error_message can be set and cleared', async () => {
        const u = await newUser();
        const j = await job(u);
        const set = await patch(j.id, { error_message: 'retrying upstream' });
        expect(set.body.error_message, set.text).toBe('retrying upstream');
        const cleared = await patch(j.id, { error_message: null });
        expect(cleared.body.error_message, cleared.text).toBeNull();
      });

      it('the owner may report on their own job with their token', async () => {
        const u = await newUser();
        const j = await job(u);
        const r = await u.send('PATCH', `/api/v1/jobs/${j.id}`, { progress: 15 });
        expect(r.status, r.text).toBe(200);
        expect(r.body.progress, r.text).toBe(15);
      });

      it('unknown id → 404 (service and user)', async () => {
        expectError(await patch(NO_SUCH_ID, { progress: 1 }), 404, 'not_found');
        expectError(await (await newUser()).send('PATCH', `/api/v1/jobs/${NO_SUCH_ID}`, { progress: 1 }), 404, 'not_found');
      });

      it('a trashed job → 410', async () => {
        const u = await newUser();
        const j = await job(u);
        await u.send('DELETE', `/api/v1/jobs/${j.id}`);
        expectError(await patch(j.id, { progress: 50 }), 410, 'gone');
      });

      it.each([
        ['an empty body', {}],
        ['an unknown key', { progress: 5, colour: 'red' }],
        ['a bad status', { status: 'done' }],
        ['progress 101', { progress: 101 }],
        ['progress as text', { progress: '50' }],
        ['negative credits', { credit_used: -2 }],
        ['an over-long error_message', { error_message: 'x'.repeat(2001) }],
      ])('%s → 422 and changes nothing', async (_label, body) => {
        const u = await newUser();
        const j = await job(u);
        const before = await getJob(u, j.id);
        expectInvalid(await patch(j.id, body));
        expect(await getJob(u, j.id)).toEqual(before);
      });

      it('malformed JSON → 400', async () => {
        const u = await newUser();
        const j = await job(u);
        expectError(await patch(j.id, '{progress: 5}'), 400, 'bad_request');
      });
    });

    // ───────────────────────────── retry ─────────────────────────────
    describe('POST /api/v1/jobs/:id/retry', () => {
      it.each(['completed', 'failed', 'partial'])('a %s job is run again as a new queued job linked by retry_of', async (status) => {
        const u = await newUser();
        const old = await job(u, { status, prompt: 'again please', params: { seed: 3 }, asset_type: 'banner', project_name: 'Retry project', credit_used: 5 });
        const r = await u.send('POST', `/api/v1/jobs/${old.id}/retry`);
        expect(r.status, r.text).toBe(201);
        expect(r.headers.get('location'), r.text).toBe(`/api/v1/jobs/${r.body.id}`);
        expect(r.body.id, r.text).not.toBe(old.id);
        expect(r.body, r.text).toMatchObject({
          retry_of: old.id,
          status: 'queued',
          progress: 0,
          prompt: 'again please',
          params: { seed: 3 },
          asset_type: 'banner',
          app_id: old.app_id,
          project_id: old.project_id,
          user_id: u.sub,
          completed_at: null,
          error_message: null,
        });
        expect(await getJob(u, old.id)).toEqual(old);
        await expectTotal(u, '/api/v1/jobs', 2);
      });

      it.each(['queued', 'processing'])('a %s job → 409', async (status) => {
        const u = await newUser();
        const j = await job(u, { status });
        expectError(await u.send('POST', `/api/v1/jobs/${j.id}/retry`), 409, 'conflict');
        await expectTotal(u, '/api/v1/jobs', 1);
      });

      it('unknown id → 404; a trashed job → 410; over-long id → 422', async () => {
        const u = await newUser();
        expectError(await u.send('POST', `/api/v1/jobs/${NO_SUCH_ID}/retry`), 404, 'not_found');
        const j = await job(u, { status: 'failed' });
        await u.send('DELETE', `/api/v1/jobs/${j.id}`);
        expectError(await u.send('POST', `/api/v1/jobs/${j.id}/retry`), 410, 'gone');
        expectInvalid(await u.send('POST', `/api/v1/jobs/${'x'.repeat(129)}/retry`), 'id');
      });
    });

    // ───────────────────────────── seed 003: /api/me/jobs ─────────────────────────────
    describe('GET /api/me/jobs (seed 003)', () => {
      async function five() {
        const u = await newUser();
        const j = [
          await job(u, { prompt: 'turn this into anime, cinematic', status: 'completed', created_at: at(3) }),
          await job(u, { prompt: 'a cat in space', status: 'processing', progress: 40, created_at: at(1) }),
          await job(u, { prompt: 'anime city at night', status: 'queued', created_at: at(5) }),
          await job(u, { prompt: 'ocean waves', status: 'failed', created_at: at(2) }),
          await job(u, { prompt: 'mountain sunrise', status: 'completed', created_at: at(4) }),
        ];
        // newest first by created_at: j[2] (5), j[4] (4), j[0] (3), j[3] (2), j[1] (1)
        return { u, j, newest: [j[2]!, j[4]!, j[0]!, j[3]!, j[1]!].map((x) => x.id) };
      }

      it('answers the documented shape exactly', async () => {
        const u = await newUser();
        const a = await job(u, { prompt: 'turn this into anime, cinematic', status: 'processing', progress: 40 });
        const r = await u.get('/api/me/jobs');
        expect(r.status, r.text).toBe(200);
        expect(Object.keys(r.body).sort(), r.text).toEqual(['jobs', 'pagination']);
        expect(Object.keys(r.body.jobs[0]).sort(), r.text).toEqual(['createdAt', 'jobId', 'progress', 'prompt', 'resultUrl', 'status', 'thumbnailUrl', 'updatedAt']);
        expect(r.body.jobs[0], r.text).toMatchObject({ jobId: a.id, prompt: 'turn this into anime, cinematic', status: 'processing', progress: 40, createdAt: a.created_at, updatedAt: a.updated_at });
        expect(r.body.pagination, r.text).toEqual({ page: 1, limit: 20, total: 1, pages: 1 });
      });

      it('sorts by created_at, newest first', async () => {
        const { u, newest } = await five();
        const r = await u.get('/api/me/jobs');
        expect(meIds(r), r.text).toEqual(newest);
      });

      it('pages with custom page and limit', async () => {
        const { u, newest } = await five();
        const p2 = await u.get('/api/me/jobs?page=2&limit=2');
        expect(meIds(p2), p2.text).toEqual(newest.slice(2, 4));
        expect(p2.body.pagination, p2.text).toEqual({ page: 2, limit: 2, total: 5, pages: 3 });
        const p3 = await u.get('/api/me/jobs?page=3&limit=2');
        expect(meIds(p3), p3.text).toEqual(newest.slice(4));
        const p4 = await u.get('/api/me/jobs?page=4&limit=2');
        expect(p4.status, p4.text).toBe(200);
        expect(p4.body.jobs, p4.text).toEqual([]);
      });

      it.each([
        ['limit=500', 100],
        ['limit=100', 100],
        ['limit=0', 1],
        ['limit=-3', 1],
        ['limit=1', 1],
        ['', 20],
      ])('clamps %s to %i', async (query, limit) => {
        const u = await newUser();
        const r = await u.get(`/api/me/jobs?${query}`);
        expect(r.status, r.text).toBe(200);
        expect(r.body.pagination.limit, r.text).toBe(limit);
      });

      it.each([
        ['completed', [0, 4]],
        ['processing', [1]],
        ['queued', [2]],
        ['pending', [2]],
        ['failed', [3]],
        ['partial', []],
      ] as const)('filters by status=%s', async (status, which) => {
        const { u, j, newest } = await five();
        const r = await u.get(`/api/me/jobs?status=${status}`);
        expect(r.status, r.text).toBe(200);
        const want = which.map((i) => j[i]!.id);
        expect(meIds(r), r.text).toEqual(newest.filter((id) => want.includes(id)));
        expect(r.body.pagination.total, r.text).toBe(want.length);
      });

      it('searches by prompt text (case-insensitive substring)', async () => {
        const { u, j } = await five();
        const r = await u.get('/api/me/jobs?search=ANIME');
        expect(meIds(r), r.text).toEqual([j[2]!.id, j[0]!.id]);
        expect(r.body.pagination, r.text).toMatchObject({ total: 2, pages: 1 });
        const both = await u.get('/api/me/jobs?search=anime&status=completed');
        expect(meIds(both), both.text).toEqual([j[0]!.id]);
        const empty = await u.get('/api/me/jobs?search=');
        expect(empty.body.pagination.total, empty.text).toBe(5);
      });

      it('shows only the caller’s jobs', async () => {
        const { j } = await five();
        const bob = await newUser();
        const r = await bob.get('/api/me/jobs?search=anime');
        expect(r.body, r.text).toEqual({ jobs: [], pagination: { page: 1, limit: 20, total: 0, pages: 0 } });
        await expectStatus(bob.get(`/api/me/jobs/${j[0]!.id}`), 404);
      });

      it.each([
        ['limit=abc', 'limit'],
        ['limit=1.5', 'limit'],
        ['page=abc', 'page'],
        ['status=bogus', 'status'],
        ['status=completed,failed', 'status'],
        [`search=${'x'.repeat(201)}`, 'search'],
      ])('?%s → 422', async (query, field) => {
        expectInvalid(await (await newUser()).get(`/api/me/jobs?${query}`), field);
      });
    });

    describe('GET /api/me/jobs/stats (seed 003)', () => {
      it('answers exactly the documented counters (+ partial)', async () => {
        const u = await newUser();
        for (const status of ['completed', 'completed', 'processing', 'queued', 'failed', 'partial']) await job(u, { status });
        const trashed = await job(u, { status: 'failed' });
        await u.send('DELETE', `/api/me/jobs/${trashed.id}`);
        const r = await u.get('/api/me/jobs/stats');
        expect(r.status, r.text).toBe(200);
        expect(r.body, r.text).toEqual({ total: 6, completed: 2, processing: 1, queued: 1, failed: 1, partial: 1 });
      });
    });

    describe('GET /api/me/jobs/:jobId (seed 003)', () => {
      it('returns the documented detail shape', async () => {
        const u = await newUser();
        const j = await job(u, { prompt: 'detail me', status: 'failed', error_message: 'GPU lost' });
        const r = await u.get(`/api/me/jobs/${j.id}`);
        expect(r.status, r.text).toBe(200);
        expect(Object.keys(r.body).sort(), r.text).toEqual(['createdAt', 'error', 'filePath', 'jobId', 'progress', 'prompt', 'resultUrl', 'status', 'updatedAt']);
        expect(r.body, r.text).toMatchObject({ jobId: j.id, prompt: 'detail me', status: 'failed', error: 'GPU lost', createdAt: j.created_at });
      });

      it('unknown and foreign ids are both 404 {error:"not_found", message:"Job not found"}', async () => {
        const u = await newUser();
        const other = await newUser();
        const theirs = await job(other);
        for (const id of [NO_SUCH_ID, theirs.id]) {
          const r = await u.get(`/api/me/jobs/${id}`);
          expectError(r, 404, 'not_found');
          expect(r.body.message, r.text).toBe('Job not found');
        }
      });

      it('over-long id → 422', async () => {
        expectInvalid(await (await newUser()).get(`/api/me/jobs/${'x'.repeat(129)}`));
      });
    });

    describe('DELETE /api/me/jobs/:jobId (seed 003)', () => {
      it('deletes the caller’s job: 200 {message:"Job deleted successfully"}', async () => {
        const u = await newUser();
        const j = await job(u);
        const r = await u.send('DELETE', `/api/me/jobs/${j.id}`);
        expect(r.status, r.text).toBe(200);
        expect(r.body, r.text).toEqual({ message: 'Job deleted successfully' });
        await expectStatus(u.get(`/api/me/jobs/${j.id}`), 404);
        await expectIds(u, '/api/v1/jobs?trashed=true', [j.id]);
      });

      it('another user’s job → 403 {error:"forbidden", message:"You do not own this job"}', async () => {
        const u = await newUser();
        const other = await newUser();
        const theirs = await job(other);
        const r = await u.send('DELETE', `/api/me/jobs/${theirs.id}`);
        expectError(r, 403, 'forbidden');
        expect(r.body.message, r.text).toBe('You do not own this job');
        await expectStatus(other.get(`/api/me/jobs/${theirs.id}`), 200);
      });

      it('unknown → 404 {error:"not_found", message:"Job not found"}', async () => {
        const r = await (await newUser()).send('DELETE', `/api/me/jobs/${NO_SUCH_ID}`);
        expectError(r, 404, 'not_found');
        expect(r.body.message, r.text).toBe('Job not found');
      });

      it('over-long id → 422', async () => {
        expectInvalid(await (await newUser()).send('DELETE', `/api/me/jobs/${'x'.repeat(129)}`));
      });
    });

    describe('POST /api/me/jobs/bulk-delete (seed 003)', () => {
      it('deletes the selected jobs and lists the ids it could not delete', async () => {
        const u = await newUser();
        const other = await newUser();
        const a = await job(u);
        const b = await job(u);
        const keep = await job(u);
        const theirs = await job(other);
        const r = await u.send('POST', '/api/me/jobs/bulk-delete', { jobIds: [a.id, b.id, theirs.id, NO_SUCH_ID, a.id] });
        expect(r.status, r.text).toBe(200);
        expect(r.body, r.text).toMatchObject({ message: expect.any(String), deleted: 2 });
        expect(sorted(r.body.notFound), r.text).toEqual(sorted([theirs.id, NO_SUCH_ID]));
        await expectIds(u, '/api/me/jobs', [keep.id]);
        await expectTotal(u, '/api/me/jobs/stats', 1);
        await expectTotal(other, '/api/me/jobs/stats', 1);
      });

      it.each([
        ['no ids', { jobIds: [] }],
        ['501 ids', { jobIds: Array.from({ length: 501 }, (_, i) => `id-${i}`) }],
        ['the canonical key', { ids: ['a'] }],
        ['an unknown key', { jobIds: ['a'], all: true }],
      ])('%s → 422 and nothing is deleted', async (_label, body) => {
        const u = await newUser();
        const a = await job(u);
        const withOwn = 'jobIds' in body && body.jobIds.length ? { ...body, jobIds: [a.id, ...body.jobIds] } : body;
        expectInvalid(await u.send('POST', '/api/me/jobs/bulk-delete', withOwn));
        await expectTotal(u, '/api/me/jobs/stats', 1);
      });

      it('malformed JSON → 400', async () => {
        expectError(await (await newUser()).send('POST', '/api/me/jobs/bulk-delete', '{jobIds'), 400, 'bad_request');
      });
    });

    // ───────────────────────────── public routes ─────────────────────────────
    describe('public routes', () => {
      it('GET /api/v1/apps lists the app registry with names, icons and colours', async () => {
        const r = await call(t, 'GET', '/api/v1/apps');
        expect(r.status, r.text).toBe(200);
        expect(r.body.apps, r.text).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ id: 'video-mixer', name: 'Video Mixer', color: 'purple', icon: expect.any(String) }),
            expect.objectContaining({ id: 'carousel-mix', name: 'Carousel Mix', color: 'blue', icon: expect.any(String) }),
          ]),
        );
        for (const app of r.body.apps) expect(Object.keys(app).sort()).toEqual(['color', 'description', 'href_template', 'icon', 'icon_svg', 'icon_url', 'id', 'image_url', 'name', 'position']);
        const again = await call(t, 'GET', '/api/v1/apps', { headers: { 'if-none-match': r.headers.get('etag')! } });
        expect(again.status, again.text).toBe(304);
      });

      it('GET /health answers ok with a database round trip, never cached', async () => {
        const r = await call(t, 'GET', '/health');
        expect(r.status, r.text).toBe(200);
        expect(r.body, r.text).toMatchObject({ status: 'ok', database: 'ok', time: expect.any(String) });
        expect(r.headers.get('cache-control'), r.text).toBe('no-store');
      });

      it('GET /api/v1/openapi.json is OpenAPI 3.1 and lists every jobs route', async () => {
        const r = await call(t, 'GET', '/api/v1/openapi.json');
        expect(r.status, r.text.slice(0, 200)).toBe(200);
        expect(r.body.openapi).toMatch(/^3\.1\./);
        const paths = r.body.paths as Record<string, Record<string, unknown>>;
        const expected: [string, string][] = [
          ['/api/v1/jobs', 'get'],
          ['/api/v1/jobs', 'post'],
          ['/api/v1/jobs/stats', 'get'],
          ['/api/v1/jobs/{id}', 'get'],
          ['/api/v1/jobs/{id}', 'delete'],
          ['/api/v1/jobs/{id}', 'patch'],
          ['/api/v1/jobs/{id}/retry', 'post'],
          ['/api/v1/jobs/bulk-delete', 'post'],
          ['/api/v1/jobs/restore', 'post'],
          ['/api/me/jobs', 'get'],
          ['/api/me/jobs/stats', 'get'],
          ['/api/me/jobs/{jobId}', 'get'],
          ['/api/me/jobs/{jobId}', 'delete'],
          ['/api/me/jobs/bulk-delete', 'post'],
          ['/api/v1/apps', 'get'],
          ['/health', 'get'],
        ];
        for (const [path, method] of expected) expect(paths[path]?.[method], `${method.toUpperCase()} ${path}`).toBeTruthy();
        expect(r.body.components?.schemas?.Job, 'Job schema').toBeTruthy();
        expect(r.body.components?.schemas?.Error, 'Error schema').toBeTruthy();
      });

      it('GET /api/docs is an HTML page describing the routes', async () => {
        const res = await t.fetch('/api/docs');
        const html = await res.text();
        expect(res.status, html.slice(0, 200)).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/text\/html/);
        expect(html).toMatch(/<html/i);
        expect(html).toContain('/api/v1/jobs');
        expect(html).toContain('/api/me/jobs');
      });

      it('GET /api/docs has a sidebar by tag, in the declared order, named for host developers', async () => {
        const html = await (await t.fetch('/api/docs')).text();
        const nav = html.match(/<nav[^>]*>([\s\S]*?)<\/nav>/)?.[1] ?? '';
        const tags = [...nav.matchAll(/class="tag" href="#([^"]+)">([^<]+)</g)].map((m) => m[2]);
        expect(tags.slice(0, 3), nav.slice(0, 300)).toEqual(['Jobs', 'Assets', 'Files']);
        expect(tags).toContain('Jobs dashboard');
        expect(tags.join(' ')).not.toMatch(/seed/i);
        // Every link in the sidebar lands on an element of the page.
        for (const [, id] of nav.matchAll(/href="#([^"]+)"/g)) expect(html, id).toContain(`id="${id}"`);
        expect(nav).toContain('<code>/api/v1/jobs/{id}</code>');
      });

      it('an unknown route → 404 with the standard body', async () => {
        expectError(await call(t, 'GET', '/api/v1/nope'), 404, 'not_found');
      });
    });

    // ───────────────────────────── request ids ─────────────────────────────
    describe('X-Request-ID', () => {
      it("echoes the client's request id on success and on errors", async () => {
        const u = await newUser();
        const ok = await u.get('/api/v1/jobs', { 'x-request-id': 'client-req-0001' });
        expect(ok.headers.get('x-request-id'), ok.text).toBe('client-req-0001');
        const err = await u.get('/api/v1/jobs?limit=0', { 'x-request-id': 'client-req-0002' });
        expect(err.headers.get('x-request-id'), err.text).toBe('client-req-0002');
        expect(err.body.request_id, err.text).toBe('client-req-0002');
        const unauth = await call(t, 'GET', '/api/me/jobs', { headers: { 'x-request-id': 'client-req-0003' } });
        expect(unauth.body.request_id, unauth.text).toBe('client-req-0003');
      });

      it('generates a fresh id per request otherwise', async () => {
        const a = await call(t, 'GET', '/health');
        const b = await call(t, 'GET', '/health');
        expect(a.headers.get('x-request-id')).toEqual(expect.any(String));
        expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'));
      });

      it('replaces a client id that is not a safe token', async () => {
        const r = await call(t, 'GET', '/health', { headers: { 'x-request-id': 'bad id <script>' } });
        expect(r.headers.get('x-request-id'), r.text).not.toBe('bad id <script>');
        expect(r.headers.get('x-request-id'), r.text).toMatch(/^[\w-]+$/);
      });
    });

    // ───────────────────────────── bad input changes nothing ─────────────────────────────
    describe('bad input changes nothing', () => {
      it('after every rejected request the lists, trash and stats of both users are unchanged', async () => {
        const alice = await newUser();
        const bob = await newUser();
        const done = await job(alice, { status: 'completed', project_name: 'Kept', task_id: unique('task') });
        const running = await job(alice, { status: 'processing', progress: 30 });
        const trashed = await job(alice);
        await alice.send('DELETE', `/api/v1/jobs/${trashed.id}`);
        const bobs = await job(bob);

        const snapshot = async (u: TestUser) => ({
          list: (await u.get('/api/v1/jobs?limit=100')).body,
          trash: (await u.get('/api/v1/jobs?trashed=true&limit=100')).body,
          stats: (await u.get('/api/v1/jobs/stats')).body,
          me: (await u.get('/api/me/jobs?limit=100')).body,
          meStats: (await u.get('/api/me/jobs/stats')).body,
        });
        const before = { alice: await snapshot(alice), bob: await snapshot(bob) };
        const s = svc();
        const many = Array.from({ length: 501 }, (_, i) => (i === 0 ? running.id : `id-${i}`));
        const rejected: [() => Promise<Reply>, number][] = [
          [() => s.send('POST', '/api/v1/jobs', { user_id: alice.sub, app_id: 'no-such-app', project_name: 'Ghost' }), 422],
          [() => s.send('POST', '/api/v1/jobs', { user_id: alice.sub, app_id: 'video-mixer', project_name: 'Ghost', surprise: true }), 422],
          [() => s.send('POST', '/api/v1/jobs', { user_id: alice.sub, app_id: 'video-mixer', project_name: 'Ghost', created_at: '2999-01-01T00:00:00Z' }), 422],
          [() => s.send('POST', '/api/v1/jobs', { app_id: 'video-mixer', project_name: 'Ghost' }), 422],
          [() => s.send('POST', '/api/v1/jobs', '{"user_id":'), 400],
          [() => alice.send('POST', '/api/v1/jobs', { user_id: bob.sub, app_id: 'video-mixer', project_name: 'Ghost' }), 403],
          [() => s.send('POST', '/api/v1/jobs', { user_id: bob.sub, app_id: 'video-mixer', project_name: 'Ghost', prompt: 'nul\u0000' }), 422],
          [() => s.send('POST', '/api/v1/jobs', `{"user_id":"${bob.sub}","app_id":"video-mixer","params":${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}}`), 422],
          [() => s.send('PATCH', `/api/v1/jobs/${done.id}`, { status: 'processing' }), 409],
          [() => s.send('PATCH', `/api/v1/jobs/${running.id}`, { status: 'queued', progress: 90 }), 409],
          [() => s.send('PATCH', `/api/v1/jobs/${running.id}`, {}), 422],
          [() => s.send('PATCH', `/api/v1/jobs/${running.id}`, { progress: 101 }), 422],
          [() => s.send('PATCH', `/api/v1/jobs/${running.id}`, { progress: 90, bogus: 1 }), 422],
          [() => s.send('PATCH', `/api/v1/jobs/${trashed.id}`, { progress: 90 }), 410],
          [() => bob.send('PATCH', `/api/v1/jobs/${running.id}`, { progress: 90 }), 403],
          [() => bob.send('DELETE', `/api/v1/jobs/${running.id}`), 403],
          [() => bob.send('DELETE', `/api/me/jobs/${running.id}`), 403],
          [() => alice.send('POST', '/api/v1/jobs/bulk-delete', { ids: many }), 422],
          [() => alice.send('POST', '/api/v1/jobs/bulk-delete', { ids: [running.id, ''] }), 422],
          [() => alice.send('POST', '/api/me/jobs/bulk-delete', { jobIds: many }), 422],
          [() => alice.send('POST', '/api/v1/jobs/restore', { ids: [trashed.id], extra: 1 }), 422],
          [() => alice.send('POST', `/api/v1/jobs/${running.id}/retry`), 409],
          [() => bob.send('POST', `/api/v1/jobs/${done.id}/retry`), 403],
          [() => alice.send('POST', `/api/v1/jobs/${trashed.id}/retry`), 410],
          [() => call(t, 'DELETE', `/api/v1/jobs/${running.id}`), 401],
          [() => call(t, 'POST', '/api/v1/jobs', { body: { user_id: alice.sub, app_id: 'video-mixer' }, headers: { authorization: 'Bearer nope' } }), 401],
        ];
        for (const [send, status] of rejected) {
          const r = await send();
          expect(r.status, r.text).toBe(status);
        }
        expect({ alice: await snapshot(alice), bob: await snapshot(bob) }).toEqual(before);
        await expectTotal(alice, `/api/v1/jobs?project_id=${done.project_id}`, 1);
        expect(bobs.id).toBeTruthy();
      });
    });
  });
}
