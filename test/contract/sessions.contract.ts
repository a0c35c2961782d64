import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import * as jose from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, ingest, makeUser, unique, type Reply, type Target, type TestUser } from '../harness.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 40 }, (_, i) => i)]);
export const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

let ipCounter = 0;
/** A client address no other test uses (the session rate limit counts per address). */
export const freshIp = () => {
  const n = ++ipCounter;
  return `10.${process.pid % 250}.${(n >> 8) & 255}.${n & 255}`;
};

/**
 * Headers naming the client's address: genshelf reads `x-genshelf-client-ip`, which its Node and
 * Worker entries set; on workerd the entry may take it from `CF-Connecting-IP` (miniflare keeps
 * the one we send), so both carry the same address.
 */
export const ipHeaders = (ip: string) => ({ 'x-genshelf-client-ip': ip, 'cf-connecting-ip': ip });

export interface AnonVisitor extends TestUser {
  session_id: string;
  expires_at: string;
}

const now = (t: Target) => t.clock?.now() ?? Date.now();

/** POST /api/v1/sessions/anonymous from `ip`; the raw reply. */
export const startSession = (t: Target, ip = freshIp()) => call(t, 'POST', '/api/v1/sessions/anonymous', { body: {}, headers: ipHeaders(ip) });

/** A new anonymous visitor (fails the test on anything but 201). */
export async function anonymous(t: Target, ip = freshIp()): Promise<AnonVisitor> {
  const r = await startSession(t, ip);
  if (r.status !== 201) throw new Error(`starting an anonymous session failed: ${r.text}`);
  const { token, session_id, expires_at } = r.body as { token: string; session_id: string; expires_at: string };
  return {
    sub: session_id,
    session_id,
    expires_at,
    owner: `anon:${session_id}`,
    token,
    get: (path, headers) => call(t, 'GET', path, { token, headers }),
    send: (method, path, body, headers) => call(t, method, path, { token, body, headers }),
  };
}

/** Replaces the character at `pos` (mod length) with `ch`; null when that changes nothing. */
export function tamper(token: string, pos: number, ch: string): string | null {
  const i = pos % token.length;
  if (token[i] === ch) return null;
  return token.slice(0, i) + ch + token.slice(i + 1);
}

/** Every other base64url character in the last position: catches MACs compared after a lenient decode. */
export function lastCharVariants(token: string): string[] {
  return [...B64URL].map((ch) => tamper(token, token.length - 1, ch)).filter((v): v is string => v !== null);
}

const isIso = (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v);

function expectValidation(r: Reply, field: string) {
  expect(r.status, r.text).toBe(422);
  expect(r.body.error, r.text).toBe('validation_error');
  expect((r.body.details ?? []).map((d: { field: string }) => d.field), r.text).toContain(field);
}

/** Settings this contract's targets run with. `defineSessionsContract` starts a second target with `sessionsCustomEnv`. */
export const sessionsCustomEnv = { ANON_SESSION_TTL_DAYS: '7', ANON_SESSION_RATE_LIMIT: '3' };

/**
 * Anonymous sessions (seed 002: "session-based tracking for anonymous users") and claiming them
 * into a signed-in account: the same on Node and workerd.
 */
export function defineSessionsContract(name: string, start: (env?: Record<string, string>) => Promise<Target>) {
  describe(`anonymous sessions contract (${name})`, () => {
    let t: Target;
    beforeAll(async () => {
      t = await start();
    });
    afterAll(() => t?.close());

    const upload = async (jobId: string) => {
      const res = await t.fetch(`/api/v1/jobs/${jobId}/assets?title=frame`, { method: 'POST', headers: { authorization: `Bearer ${t.secrets.INGEST_TOKEN}`, 'content-type': 'image/png' }, body: PNG });
      const body = (await res.json()) as Record<string, any>;
      expect(res.status, JSON.stringify(body)).toBe(201);
      return body as { id: string; url: string };
    };
    const anonJob = async (v: AnonVisitor, fields: Record<string, unknown> = {}) => {
      const r = await call(t, 'POST', '/api/v1/jobs', { token: t.secrets.INGEST_TOKEN, body: { session_id: v.session_id, app_id: 'text-to-video', prompt: unique('prompt'), ...fields } });
      expect(r.status, r.text).toBe(201);
      return r.body as Record<string, any> & { id: string; project_id: string | null };
    };
    const jobIds = async (who: TestUser, query = '?limit=100') => {
      const r = await who.get(`/api/v1/jobs${query}`);
      expect(r.status, r.text).toBe(200);
      return (r.body.jobs as { id: string }[]).map((j) => j.id);
    };

    describe('POST /api/v1/sessions/anonymous', () => {
      it('starts a session without a token: 201 {token, session_id, expires_at}, 30 days by default', async () => {
        const before = now(t);
        const r = await startSession(t);
        expect(r.status, r.text).toBe(201);
        expect(r.body).toEqual(expect.objectContaining({ token: expect.any(String), session_id: expect.any(String), expires_at: expect.any(String) }));
        expect(r.body.session_id.length).toBeGreaterThan(0);
        expect(isIso(r.body.expires_at), r.text).toBe(true);
        const expires = Date.parse(r.body.expires_at);
        expect(Math.abs(expires - (before + 30 * DAY)), r.text).toBeLessThan(DAY);
        const other = await startSession(t);
        expect(other.body.session_id).not.toBe(r.body.session_id);
        expect(other.body.token).not.toBe(r.body.token);
      });

      it('issues a JWT typed genshelf-anon+jwt that genshelf signed (not with AUTH_JWT_SECRET)', async () => {
        const v = await anonymous(t);
        expect(v.token.split('.')).toHaveLength(3);
        expect(jose.decodeProtectedHeader(v.token).typ).toBe('genshelf-anon+jwt');
        const payload = jose.decodeJwt(v.token);
        if (payload.exp !== undefined) expect(Math.abs(payload.exp * 1000 - Date.parse(v.expires_at))).toBeLessThanOrEqual(1000);
        await expect(jose.jwtVerify(v.token, new TextEncoder().encode(t.secrets.AUTH_JWT_SECRET))).rejects.toThrow();
        // The payload must not reveal the client's address.
        expect(JSON.stringify(payload)).not.toMatch(/10\.\d+\.\d+\.\d+/);
      });

      it('authenticates like a user token (Bearer or x-access-token) and owns anon:<session_id>', async () => {
        const v = await anonymous(t);
        const job = await anonJob(v);
        const bearer = await v.get('/api/v1/jobs');
        expect(bearer.status, bearer.text).toBe(200);
        expect(bearer.body.jobs.map((j: { id: string }) => j.id)).toEqual([job.id]);
        expect(bearer.body.jobs[0]).toMatchObject({ id: job.id, session_id: v.session_id, user_id: null });
        const header = await call(t, 'GET', '/api/v1/jobs', { headers: { 'x-access-token': v.token } });
        expect(header.status, header.text).toBe(200);
        expect(header.body.jobs.map((j: { id: string }) => j.id)).toEqual([job.id]);
        const one = await v.get(`/api/v1/jobs/${job.id}`);
        expect(one.body, one.text).toMatchObject({ id: job.id, session_id: v.session_id, user_id: null });
        // Nobody else sees it: another visitor, a user.
        const stranger = await anonymous(t);
        expect(await jobIds(stranger)).toEqual([]);
        expect([403, 404]).toContain((await stranger.get(`/api/v1/jobs/${job.id}`)).status);
        const user = await makeUser(t);
        expect(await jobIds(user)).not.toContain(job.id);
      });

      it('lets ingest name a session as the owner and the visitor act on its own jobs only', async () => {
        const v = await anonymous(t);
        const w = await anonymous(t);
        const job = await anonJob(v);
        expect((await v.send('PATCH', `/api/v1/jobs/${job.id}`, { status: 'processing' })).status).toBe(200);
        expect((await w.send('PATCH', `/api/v1/jobs/${job.id}`, { status: 'completed' })).status).toBe(403);
        const named = await call(t, 'POST', '/api/v1/jobs', { token: v.token, body: { session_id: w.session_id, app_id: 'text-to-video', prompt: 'x' } });
        expect(named.status, named.text).toBe(403);
      });

      it('rate-limits new sessions per client address (default 30 an hour): 429 rate_limited with Retry-After; other addresses unaffected', async () => {
        const ip = freshIp();
        for (let i = 0; i < 30; i++) {
          const r = await startSession(t, ip);
          expect(r.status, `session ${i + 1}: ${r.text}`).toBe(201);
        }
        const over = await startSession(t, ip);
        expect(over.status, over.text).toBe(429);
        expect(over.body).toMatchObject({ error: 'rate_limited', message: expect.any(String), request_id: expect.any(String) });
        const retry = over.headers.get('retry-after');
        expect(retry, 'Retry-After').toMatch(/^\d+$/);
        expect(Number(retry)).toBeGreaterThan(0);
        expect(Number(retry)).toBeLessThanOrEqual(3600);
        expect((await startSession(t, freshIp())).status).toBe(201);
        expect((await startSession(t, ip)).status, 'still limited').toBe(429);
        if (!t.clock) return; // workerd: real time
        t.clock.advance(HOUR + 60_000);
        try {
          const later = await startSession(t, ip);
          expect(later.status, later.text).toBe(201);
        } finally {
          t.clock.advance(-(HOUR + 60_000));
        }
      });
    });

    describe('refusing altered tokens', () => {
      it('refuses an anonymous token altered in any byte (property) with 401', async () => {
        const v = await anonymous(t);
        await anonJob(v);
        expect((await v.get('/api/v1/jobs')).status).toBe(200);
        await fc.assert(
          fc.asyncProperty(fc.nat({ max: 10_000 }), fc.constantFrom(...B64URL, '.'), async (pos, ch) => {
            const bad = tamper(v.token, pos, ch);
            fc.pre(bad !== null);
            const r = await call(t, 'GET', '/api/v1/jobs', { token: bad });
            expect(r.status, `position ${pos % v.token.length} → ${JSON.stringify(ch)}: ${r.text}`).toBe(401);
          }),
          { numRuns: 150 },
        );
      });

      it('refuses every other last character of the signature (no lenient base64 decoding) with 401', async () => {
        const v = await anonymous(t);
        const accepted: string[] = [];
        for (const bad of lastCharVariants(v.token)) {
          const r = await call(t, 'GET', '/api/v1/jobs', { token: bad });
          if (r.status !== 401) accepted.push(`…${bad.slice(-3)} → ${r.status}`);
        }
        expect(accepted, `original ends …${v.token.slice(-3)}`).toEqual([]);
      });

      it('refuses a token whose claims were swapped for another session, alg none, or re-signed with the user secret', async () => {
        const v = await anonymous(t);
        const w = await anonymous(t);
        const job = await anonJob(w);
        const [h, p, s] = v.token.split('.') as [string, string, string];
        const claims = jose.decodeJwt(v.token);
        const swapped = JSON.parse(JSON.stringify(claims).split(v.session_id).join(w.session_id)) as jose.JWTPayload;
        const enc = (o: unknown) => jose.base64url.encode(JSON.stringify(o));
        expect((await call(t, 'GET', '/api/v1/jobs', { token: `${h}.${enc(swapped)}.${s}` })).status).toBe(401);
        const none = `${enc({ alg: 'none', typ: 'genshelf-anon+jwt' })}.${p}.`;
        expect((await call(t, 'GET', '/api/v1/jobs', { token: none })).status).toBe(401);
        // Whoever holds the identity provider's secret must still not become an anonymous session.
        const forged = await new jose.SignJWT(swapped).setProtectedHeader({ alg: 'HS256', typ: 'genshelf-anon+jwt' }).sign(new TextEncoder().encode(t.secrets.AUTH_JWT_SECRET));
        const r = await call(t, 'GET', '/api/v1/jobs', { token: forged });
        if (r.status === 200) expect(r.body.jobs.map((j: { id: string }) => j.id), r.text).not.toContain(job.id);
        else expect(r.status, r.text).toBe(401);
      });

      it('never serves a signed file URL whose token was altered (property; 403 or 404)', async () => {
        const v = await anonymous(t);
        const job = await anonJob(v);
        await upload(job.id);
        const listed = await v.get(`/api/v1/jobs/${job.id}/assets`);
        expect(listed.status, listed.text).toBe(200);
        const path = new URL(listed.body[0].url).pathname;
        expect((await t.fetch(path)).status).toBe(200);
        const token = path.slice('/files/'.length);
        await fc.assert(
          fc.asyncProperty(fc.nat({ max: 10_000 }), fc.constantFrom(...B64URL, '.'), async (pos, ch) => {
            const bad = tamper(token, pos, ch);
            fc.pre(bad !== null);
            const res = await t.fetch(`/files/${bad}`);
            await res.arrayBuffer();
            expect([403, 404], `position ${pos % token.length} → ${JSON.stringify(ch)}: ${res.status}`).toContain(res.status);
          }),
          { numRuns: 150 },
        );
        const served: string[] = [];
        for (const bad of lastCharVariants(token)) {
          const res = await t.fetch(`/files/${bad}`);
          await res.arrayBuffer();
          if (![403, 404].includes(res.status)) served.push(`…${bad.slice(-3)} → ${res.status}`);
        }
        expect(served, `original ends …${token.slice(-3)}`).toEqual([]);
      });
    });

    describe('POST /api/v1/sessions/claim', () => {
      /** A visitor with two jobs in two projects, two assets, settings and one usage event. */
      async function populated() {
        const v = await anonymous(t);
        const words = { a: unique('kumquat').replace(/-/g, ''), b: unique('quince').replace(/-/g, '') };
        const jobA = await anonJob(v, { project_name: unique('Anon project A'), status: 'completed', prompt: `a ${words.a} in the rain` });
        const jobB = await anonJob(v, { app_id: 'video-mixer', project_name: unique('Anon project B'), prompt: `a ${words.b} at dawn` });
        const png = await upload(jobA.id);
        const text = await call(t, 'POST', `/api/v1/jobs/${jobA.id}/assets`, { token: t.secrets.INGEST_TOKEN, body: { text: `caption ${words.a}`, title: 'caption' } });
        expect(text.status, text.text).toBe(201);
        const settings = await v.send('PATCH', '/api/v1/user/settings', { preferences: { language: 'de-DE', tone: 'witty' } });
        expect(settings.status, settings.text).toBe(200);
        const event = await v.send('POST', '/api/v1/events', { asset_id: png.id, type: 'view' });
        expect([200, 201], event.text).toContain(event.status);
        return { v, jobA, jobB, png, text: text.body as { id: string }, words };
      }
      const claim = (user: { token: string } | null, body: unknown) => call(t, 'POST', '/api/v1/sessions/claim', { token: user?.token ?? null, body });

      it('moves jobs, assets, projects, settings and events to the user; the visitor keeps none of them', async () => {
        const { v, jobA, jobB, png, text, words } = await populated();
        const user = await makeUser(t);
        const r = await claim(user, { anonymous_token: v.token });
        expect(r.status, r.text).toBe(200);
        expect(r.body, r.text).toEqual({ session_id: v.session_id, moved: { jobs: 2, assets: 2, projects: 2, events: 1 } });

        // Jobs: the list, its counters, search, one job, seed 002's history.
        const mine = await user.get('/api/v1/jobs?limit=100');
        expect(mine.body.jobs.map((j: { id: string }) => j.id).sort(), mine.text).toEqual([jobA.id, jobB.id].sort());
        expect(mine.body.total, mine.text).toBe(2);
        for (const j of mine.body.jobs) expect(j).toMatchObject({ user_id: user.sub, session_id: null });
        expect((await user.get('/api/v1/jobs/stats')).body.total).toBe(2);
        expect(await jobIds(user, `?q=${words.a}`)).toEqual([jobA.id]);
        expect((await user.get(`/api/v1/jobs/${jobA.id}`)).status).toBe(200);
        const history = await user.get('/api/user-generations');
        expect(history.status, history.text).toBe(200);
        expect(history.body.generations.map((g: { id: string }) => g.id), history.text).toEqual([jobA.id]);
        expect(history.body.generations[0]).toMatchObject({ user_id: user.sub, session_id: null });

        // Assets, with working file URLs.
        const gallery = await user.get('/api/v1/assets');
        expect(gallery.body.assets.map((a: { id: string }) => a.id).sort(), gallery.text).toEqual([png.id, text.id].sort());
        const asset = await user.get(`/api/v1/assets/${png.id}`);
        expect(asset.body, asset.text).toMatchObject({ id: png.id, user_id: user.sub });
        const bytes = new Uint8Array(await (await t.fetch(new URL(asset.body.url).pathname)).arrayBuffer());
        expect([...bytes]).toEqual([...PNG]);
        expect(await jobIds(user, `?q=${words.a}`)).toEqual([jobA.id]);

        // Projects, settings, insights.
        const projects = await user.get('/api/v1/projects?limit=100');
        expect(projects.body.projects.map((p: { id: string }) => p.id).sort(), projects.text).toEqual([jobA.project_id, jobB.project_id].sort());
        const settings = await user.get('/api/v1/user/settings');
        expect(settings.body.preferences, settings.text).toMatchObject({ language: 'de-DE', tone: 'witty' });
        const top = await user.get('/api/v1/insights/top-assets?metric=views&limit=20');
        expect(top.status, top.text).toBe(200);
        expect(top.body.assets.map((a: { id: string; value: number }) => [a.id, a.value]), top.text).toEqual([[png.id, 1]]);

        // The visitor's token still authenticates but owns nothing any more.
        const left = await v.get('/api/v1/jobs?limit=100');
        expect(left.status, left.text).toBe(200);
        expect(left.body.jobs).toEqual([]);
        expect(left.body.total).toBe(0);
        expect([403, 404]).toContain((await v.get(`/api/v1/jobs/${jobA.id}`)).status);
        expect(await jobIds(v, `?q=${words.a}`)).toEqual([]);
        expect((await v.get('/api/v1/assets')).body.assets).toEqual([]);
        expect((await v.get('/api/user-generations')).body.generations).toEqual([]);
        expect([403, 404]).toContain((await v.get(`/api/user-generations/${jobA.id}`)).status);
        expect((await v.get('/api/v1/projects')).body.projects).toEqual([]);
        expect((await v.get('/api/v1/insights/top-assets?metric=views')).body.assets).toEqual([]);

        if (t.db) {
          // Nothing is left under the session's owner key.
          for (const table of ['jobs', 'assets', 'projects', 'settings', 'events']) {
            const [row] = await t.db.all<{ n: number }>(sql.raw(`select count(*) as n from ${table} where owner = '${v.owner.replace(/'/g, "''")}'`));
            expect(Number(row!.n), table).toBe(0);
          }
        }
      });

      it('is idempotent for the same user (zero counts) and a conflict for anyone else', async () => {
        const { v, jobA } = await populated();
        const user = await makeUser(t);
        expect((await claim(user, { anonymous_token: v.token })).status).toBe(200);
        const again = await claim(user, { anonymous_token: v.token });
        expect(again.status, again.text).toBe(200);
        expect(again.body).toEqual({ session_id: v.session_id, moved: { jobs: 0, assets: 0, projects: 0, events: 0 } });
        const other = await makeUser(t);
        const stolen = await claim(other, { anonymous_token: v.token });
        expect(stolen.status, stolen.text).toBe(409);
        expect(stolen.body.error).toBe('conflict');
        expect(await jobIds(other)).toEqual([]);
        expect(await jobIds(user)).toContain(jobA.id);
      });

      it('claims an empty session with zero counts', async () => {
        const v = await anonymous(t);
        const r = await claim(await makeUser(t), { anonymous_token: v.token });
        expect(r.status, r.text).toBe(200);
        expect(r.body).toEqual({ session_id: v.session_id, moved: { jobs: 0, assets: 0, projects: 0, events: 0 } });
      });

      it("merges a project with the same app and name into the user's", async () => {
        const name = unique('Launch video');
        const v = await anonymous(t);
        const anonSide = await anonJob(v, { project_name: name });
        const user = await makeUser(t);
        const userSide = await ingest(t).job(user, { app_id: 'text-to-video', project_name: name });
        const r = await claim(user, { anonymous_token: v.token });
        expect(r.status, r.text).toBe(200);
        expect(r.body.moved.jobs).toBe(1);
        const projects = await user.get(`/api/v1/projects?q=${encodeURIComponent(name)}`);
        expect(projects.body.projects, projects.text).toHaveLength(1);
        expect(projects.body.projects[0]).toMatchObject({ id: userSide.project_id, name, job_count: 2 });
        const moved = await user.get(`/api/v1/jobs/${anonSide.id}`);
        expect(moved.body.project_id, moved.text).toBe(userSide.project_id);
        expect(await jobIds(user, `?project_id=${userSide.project_id}`)).toEqual(expect.arrayContaining([anonSide.id, userSide.id]));
      });

      it.each([
        ['garbage', () => 'not-a-token'],
        ['a user token', async () => (await makeUser(t)).token],
        ['an altered anonymous token', async () => (await anonymous(t)).token.slice(0, -4) + 'AAAA'],
        ['an empty string', () => ''],
        ['a number', () => 42],
      ])('refuses %s as anonymous_token with 422 (field anonymous_token)', async (_label, make) => {
        const user = await makeUser(t);
        expectValidation(await claim(user, { anonymous_token: await make() }), 'anonymous_token');
      });

      it('needs the anonymous_token field (422)', async () => {
        const user = await makeUser(t);
        expectValidation(await claim(user, {}), 'anonymous_token');
      });

      it('is for signed-in users: 403 for an anonymous caller, 401 without a token; nothing moves', async () => {
        const { v, jobA } = await populated();
        const other = await anonymous(t);
        const r = await claim(other, { anonymous_token: v.token });
        expect(r.status, r.text).toBe(403);
        expect((await claim(v, { anonymous_token: v.token })).status).toBe(403);
        expect((await claim(null, { anonymous_token: v.token })).status).toBe(401);
        expect((await claim({ token: 'garbage' }, { anonymous_token: v.token })).status).toBe(401);
        expect(await jobIds(v)).toContain(jobA.id);
        expect(await jobIds(other)).toEqual([]);
      });
    });

    describe(`configured (${JSON.stringify(sessionsCustomEnv)})`, () => {
      let c: Target;
      beforeAll(async () => {
        c = await start(sessionsCustomEnv);
      });
      afterAll(() => c?.close());

      it('sessions last ANON_SESSION_TTL_DAYS', async () => {
        const before = now(c);
        const v = await anonymous(c);
        expect(Math.abs(Date.parse(v.expires_at) - (before + 7 * DAY))).toBeLessThan(DAY);
        if (!c.clock) return; // workerd: real time
        const user = await makeUser(c, unique('user'), {}, { expiresIn: '365d' });
        const r = await call(c, 'POST', '/api/v1/jobs', { token: c.secrets.INGEST_TOKEN, body: { session_id: v.session_id, app_id: 'text-to-video', prompt: 'p' } });
        expect(r.status, r.text).toBe(201);
        c.clock.advance(7 * DAY + HOUR);
        try {
          const expired = await v.get('/api/v1/jobs');
          expect(expired.status, expired.text).toBe(401);
          expectValidation(await call(c, 'POST', '/api/v1/sessions/claim', { token: user.token, body: { anonymous_token: v.token } }), 'anonymous_token');
          expect(await jobIdsOf(user)).toEqual([]);
        } finally {
          c.clock.advance(-(7 * DAY + HOUR));
        }
      });

      it('limits each address to ANON_SESSION_RATE_LIMIT sessions an hour', async () => {
        const ip = freshIp();
        for (let i = 0; i < 3; i++) expect((await startSession(c, ip)).status).toBe(201);
        const over = await startSession(c, ip);
        expect(over.status, over.text).toBe(429);
        expect(over.body.error).toBe('rate_limited');
        expect(over.headers.get('retry-after')).toMatch(/^\d+$/);
        expect((await startSession(c, freshIp())).status).toBe(201);
      });
    });
  });
}

async function jobIdsOf(who: TestUser) {
  const r = await who.get('/api/v1/jobs?limit=100');
  expect(r.status, r.text).toBe(200);
  return (r.body.jobs as { id: string }[]).map((j) => j.id);
}
