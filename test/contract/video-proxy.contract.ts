import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../api/config.ts';
import { silentLogger } from '../../api/lib/logger.ts';
import { runMaintenance } from '../../api/tasks/maintenance.ts';
import { call, ingest, makeUser, unique, type Target, type TestUser } from '../harness.ts';
import { LEAK_HEADERS, startUpstream, type MediaFile, type Upstream } from '../upstream.ts';

const HOUR = 3_600_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Settings for a target whose proxy may fetch from the local upstream. */
export function proxyEnv(up: Upstream, extra: Record<string, string> = {}): Record<string, string> {
  return { UPSTREAM_ALLOWED_HOSTS: up.host, UPSTREAM_ALLOW_HTTP: '1', UPSTREAM_ALLOW_PRIVATE: '1', UPSTREAM_TIMEOUT_MS: '2000', ...extra };
}

/** Paths on the upstream that must never show through genshelf. */
const UPSTREAM_PATHS = ['/drop/', '/ignore-range/', '/as/', '/stall/', '/html', '/x-leak/', '/redirect-ok/', '/redirect-evil', '/slow', '/gone', '/forbidden', '/boom'];

/** Fails if anything in a response reveals the upstream: its address, its paths, its file names, its headers. */
export function expectNoLeak(up: Upstream, label: string, headers: Headers, body: string | Uint8Array) {
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('latin1');
  const needles = [up.host, `127.0.0.1:${up.port}`, ':' + up.port + '/', 'evil.example.com', 'qwen', 'upstream-secret', ...UPSTREAM_PATHS, ...[...up.files.keys()]];
  for (const needle of needles) {
    expect(text.includes(needle), `${label}: body mentions ${JSON.stringify(needle)}`).toBe(false);
    headers.forEach((value, key) => {
      expect(value.includes(needle), `${label}: header ${key}: ${value} mentions ${JSON.stringify(needle)}`).toBe(false);
    });
  }
  for (const name of Object.keys(LEAK_HEADERS)) expect(headers.has(name), `${label}: upstream header ${name} passed through`).toBe(false);
  headers.forEach((value, key) => expect(value.includes('127.0.0.1'), `${label}: header ${key}: ${value}`).toBe(false));
}

interface Served {
  status: number;
  headers: Headers;
  bytes: Uint8Array;
  json: any;
}

/** Expected answer of a single-range request against `size` bytes. */
interface RangeCase {
  range: string;
  start: number;
  end: number;
}

function rangeMatrix(size: number): RangeCase[] {
  return [
    { range: 'bytes=0-0', start: 0, end: 0 },
    { range: 'bytes=0-99', start: 0, end: 99 },
    { range: 'bytes=100-', start: 100, end: size - 1 },
    { range: 'bytes=-100', start: size - 100, end: size - 1 },
    { range: 'bytes=-1', start: size - 1, end: size - 1 },
    { range: 'bytes=0-', start: 0, end: size - 1 },
    { range: 'bytes=1000-1999', start: 1000, end: 1999 },
    { range: `bytes=${Math.floor(size / 2)}-${Math.floor(size / 2) + 4095}`, start: Math.floor(size / 2), end: Math.floor(size / 2) + 4095 },
    { range: `bytes=${size - 10}-${size + 1000}`, start: size - 10, end: size - 1 },
    { range: `bytes=${size - 1}-${size - 1}`, start: size - 1, end: size - 1 },
    { range: `bytes=-${size + 50}`, start: 0, end: size - 1 },
  ];
}

/**
 * Seed 002's video proxy: `/video/<proxy_id>` streams a video kept by the provider (or by
 * genshelf) without revealing where it lives; links expire, are renewed by listing, and are
 * cleaned up. Runs against a real local upstream (test/upstream.ts).
 */
export function defineVideoProxyContract(name: string, start: (env: Record<string, string>) => Promise<Target>) {
  describe(`video proxy contract (${name})`, () => {
    let up: Upstream;
    let t: Target;
    let admin: TestUser;
    const env = () => proxyEnv(up);
    beforeAll(async () => {
      up = await startUpstream();
      t = await start(env());
      admin = await makeUser(t, unique('admin'), { scope: 'genshelf:admin' }, { expiresIn: '365d' });
    });
    afterAll(async () => {
      await t?.close();
      await up?.close();
    });

    const file = (name = 'paper-boat-dream.mp4') => up.files.get(name)!;

    /** GET (or any method) on genshelf; every answer is checked for leaks before it is returned. */
    async function fetchChecked(path: string, init: RequestInit = {}, label = `${init.method ?? 'GET'} ${path}`): Promise<Served> {
      const res = await t.fetch(path, init);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expectNoLeak(up, label, res.headers, bytes);
      let json: any = null;
      if (bytes.length && (res.headers.get('content-type') ?? '').includes('json')) json = JSON.parse(new TextDecoder().decode(bytes));
      return { status: res.status, headers: res.headers, bytes, json };
    }

    /** A user's text-to-video job with one video output; `source` is an upstream path, or bytes to upload. */
    async function videoJob(source: string | Uint8Array, user?: TestUser) {
      const owner = user ?? (await makeUser(t, unique('user'), {}, { expiresIn: '365d' }));
      const job = await ingest(t).job(owner, { app_id: 'text-to-video', status: 'completed', prompt: unique('a paper boat') });
      let res: Response;
      if (typeof source === 'string') {
        res = await t.fetch(`/api/v1/jobs/${job.id}/assets`, {
          method: 'POST',
          headers: { authorization: `Bearer ${t.secrets.INGEST_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ source_url: up.url(source), kind: 'video' }),
        });
      } else {
        res = await t.fetch(`/api/v1/jobs/${job.id}/assets?kind=video`, { method: 'POST', headers: { authorization: `Bearer ${t.secrets.INGEST_TOKEN}`, 'content-type': 'video/mp4' }, body: source as BodyInit });
      }
      const text = await res.text();
      expect(res.status, text).toBe(201);
      expectNoLeak(up, 'registering the asset', res.headers, text);
      return { owner, job, asset: JSON.parse(text) as { id: string } };
    }

    /** The owner lists their history; returns the proxy path of `jobId`'s video. */
    async function listLink(owner: TestUser, jobId: string): Promise<string> {
      const r = await owner.get('/api/user-generations?limit=50');
      expect(r.status, r.text).toBe(200);
      expectNoLeak(up, 'GET /api/user-generations', r.headers, r.text);
      const g = (r.body.generations as { id: string; proxy_url: string | null }[]).find((x) => x.id === jobId);
      expect(g, r.text).toBeDefined();
      expect(g!.proxy_url, r.text).toEqual(expect.any(String));
      const url = new URL(g!.proxy_url!);
      expect(url.origin).toBe('http://localhost');
      const [, prefix, id] = url.pathname.split('/');
      expect(prefix).toBe('video');
      expect(id, g!.proxy_url!).toMatch(UUID);
      return url.pathname;
    }

    /** A fresh proxy link to `source`. */
    async function link(source: string | Uint8Array = '/paper-boat-dream.mp4') {
      const { owner, job, asset } = await videoJob(source);
      return { owner, job, asset, path: await listLink(owner, job.id) };
    }

    async function metrics() {
      const r = await admin.get('/api/v1/admin/video-proxy/metrics');
      expect(r.status, r.text).toBe(200);
      expectNoLeak(up, 'metrics', r.headers, r.text);
      return r.body as { mappings: { total: number; active: number; expired: number }; access_count: number; upstream: { requests: number; errors: number; error_rate: number; p50_ms: number | null; p95_ms: number | null } };
    }

    function expectWhole(s: Served, f: MediaFile, label: string) {
      expect(s.status, label).toBe(200);
      expect(s.headers.get('content-length'), label).toBe(String(f.bytes.length));
      expect(s.headers.get('content-range'), label).toBeNull();
      expect(s.bytes.length, label).toBe(f.bytes.length);
      expect(Buffer.from(s.bytes).equals(f.bytes), `${label}: bytes differ`).toBe(true);
    }

    function expectRange(s: Served, f: MediaFile, c: RangeCase, label: string, head = false) {
      const size = f.bytes.length;
      expect(s.status, `${label} ${s.json ? JSON.stringify(s.json) : ''}`).toBe(206);
      expect(s.headers.get('content-range'), label).toBe(`bytes ${c.start}-${c.end}/${size}`);
      expect(s.headers.get('content-length'), label).toBe(String(c.end - c.start + 1));
      if (head) {
        expect(s.bytes.length, label).toBe(0);
        return;
      }
      expect(s.bytes.length, label).toBe(c.end - c.start + 1);
      expect(Buffer.from(s.bytes).equals(f.bytes.subarray(c.start, c.end + 1)), `${label}: bytes differ`).toBe(true);
    }

    /** The whole RFC 9110 matrix against one link. */
    async function checkMatrix(path: string, f: MediaFile, label: string) {
      const size = f.bytes.length;
      const whole = await fetchChecked(path, {}, `${label} GET`);
      expectWhole(whole, f, `${label} GET`);
      expect(whole.headers.get('content-type'), label).toBe('video/mp4');
      expect(whole.headers.get('accept-ranges'), label).toBe('bytes');
      const head = await fetchChecked(path, { method: 'HEAD' }, `${label} HEAD`);
      expect(head.status, `${label} HEAD`).toBe(200);
      expect(head.headers.get('content-length'), `${label} HEAD`).toBe(String(size));
      expect(head.headers.get('content-type'), `${label} HEAD`).toBe('video/mp4');
      expect(head.bytes.length, `${label} HEAD`).toBe(0);
      for (const c of rangeMatrix(size)) {
        const s = await fetchChecked(path, { headers: { range: c.range } }, `${label} ${c.range}`);
        expectRange(s, f, c, `${label} ${c.range}`);
      }
      const headRange = await fetchChecked(path, { method: 'HEAD', headers: { range: 'bytes=0-99' } }, `${label} HEAD bytes=0-99`);
      expectRange(headRange, f, { range: 'bytes=0-99', start: 0, end: 99 }, `${label} HEAD bytes=0-99`, true);
      for (const range of [`bytes=${size}-`, 'bytes=99999999-']) {
        const s = await fetchChecked(path, { headers: { range } }, `${label} ${range}`);
        expect(s.status, `${label} ${range}`).toBe(416);
        expect(s.headers.get('content-range'), `${label} ${range}`).toBe(`bytes */${size}`);
      }
      const multi = await fetchChecked(path, { headers: { range: 'bytes=0-1,5-6' } }, `${label} bytes=0-1,5-6`);
      if (multi.status === 200) expectWhole(multi, f, `${label} bytes=0-1,5-6`);
      else {
        expect(multi.status, `${label} bytes=0-1,5-6`).toBe(206);
        expect(multi.headers.get('content-type'), `${label} bytes=0-1,5-6`).toMatch(/^multipart\/byteranges/);
      }
      // If-Range: the current validator keeps the range, a stale one gets the whole file.
      const etag = whole.headers.get('etag');
      if (etag) {
        const fresh = await fetchChecked(path, { headers: { range: 'bytes=0-9', 'if-range': etag } }, `${label} If-Range current`);
        expectRange(fresh, f, { range: 'bytes=0-9', start: 0, end: 9 }, `${label} If-Range current`);
      }
      const stale = await fetchChecked(path, { headers: { range: 'bytes=0-9', 'if-range': '"stale-etag-0000"' } }, `${label} If-Range stale`);
      expectWhole(stale, f, `${label} If-Range stale`);
      const modified = whole.headers.get('last-modified');
      if (modified) {
        const same = await fetchChecked(path, { headers: { range: 'bytes=0-9', 'if-range': modified } }, `${label} If-Range current date`);
        expectRange(same, f, { range: 'bytes=0-9', start: 0, end: 9 }, `${label} If-Range current date`);
        const older = new Date(Date.parse(modified) - 86_400_000).toUTCString();
        expectWhole(await fetchChecked(path, { headers: { range: 'bytes=0-9', 'if-range': older } }, `${label} If-Range older date`), f, `${label} If-Range older date`);
      }
    }

    describe('streaming', () => {
      it('serves a provider-kept video with every single range, HEAD, 416 and If-Range exactly like the file', async () => {
        const { path } = await link('/paper-boat-dream.mp4');
        await checkMatrix(path, file('paper-boat-dream.mp4'), 'direct');
      });

      it('passes back only the content headers, none of the upstream\'s own', async () => {
        const { path } = await link('/x-leak/sneaker-city-run.mp4');
        await checkMatrix(path, file('sneaker-city-run.mp4'), 'x-leak');
        const s = await fetchChecked(path, { headers: { range: 'bytes=0-9' } });
        // genshelf's own headers are whatever it puts on a response of its own making.
        const ownRes = await t.fetch('/health/video-proxy');
        await ownRes.arrayBuffer();
        const own = ownRes.headers;
        const allowed = new Set(['content-type', 'content-length', 'content-range', 'accept-ranges', 'etag', 'last-modified', 'cache-control', 'x-request-id', 'date', 'vary', 'content-disposition']);
        own.forEach((_v, k) => allowed.add(k));
        const others: string[] = [];
        s.headers.forEach((_v, k) => {
          if (!allowed.has(k) && !/^(x-content-type-options|x-frame-options|referrer-policy|content-security-policy|cross-origin-.*|strict-transport-security|permissions-policy|x-dns-prefetch-control|x-download-options|x-permitted-cross-domain-policies|x-xss-protection|origin-agent-cluster|timing-allow-origin|connection|keep-alive|transfer-encoding)$/.test(k)) others.push(k);
        });
        expect(others).toEqual([]);
      });

      it('answers 206 with exactly the requested bytes when the upstream ignores Range', async () => {
        const { path } = await link('/ignore-range/summer-sale-reel.mp4');
        await checkMatrix(path, file('summer-sale-reel.mp4'), 'ignore-range');
      });

      it('follows a redirect to an allowed host', async () => {
        const { path } = await link('/redirect-ok/carousel-sleep-tips.mp4');
        await checkMatrix(path, file('carousel-sleep-tips.mp4'), 'redirect-ok');
      });

      it('serves videos genshelf stores itself (disk / R2) through the same kind of link', async () => {
        const f = file('venue-drone-cut.mp4');
        const { path } = await link(new Uint8Array(f.bytes));
        await checkMatrix(path, f, 'stored');
      });

      it('fails the client\'s read when the upstream drops the connection mid-stream (no short file that looks complete)', async () => {
        const { path } = await link('/drop/anime-panel-rain.mp4');
        for (const init of [{}, { headers: { range: 'bytes=100-' } }] as RequestInit[]) {
          const res = await t.fetch(path, init);
          if (res.status === 200 || res.status === 206) {
            expectNoLeak(up, 'drop (headers)', res.headers, '');
            let outcome: string;
            try {
              const got = await res.arrayBuffer();
              outcome = `ended cleanly with ${got.byteLength} bytes`;
            } catch {
              outcome = 'failed';
            }
            expect(outcome, JSON.stringify(init)).toBe('failed');
          } else {
            const body = await res.text();
            expectNoLeak(up, 'drop', res.headers, body);
            expect([502, 503], body).toContain(res.status);
          }
        }
      });

      describe('a provider that stops sending mid-body (UPSTREAM_IDLE_TIMEOUT_MS)', () => {
        let idle: Target;
        beforeAll(async () => {
          idle = await start(proxyEnv(up, { UPSTREAM_IDLE_TIMEOUT_MS: '300' }));
        });
        afterAll(() => idle?.close());

        it('fails the client\'s read and closes the provider\'s connection (issue 11, 6)', async () => {
          const owner = await makeUser(idle, unique('user'), {}, { expiresIn: '365d' });
          const job = await ingest(idle).job(owner, { app_id: 'text-to-video', status: 'completed' });
          const reg = await call(idle, 'POST', `/api/v1/jobs/${job.id}/assets`, { token: idle.secrets.INGEST_TOKEN, body: { source_url: up.url('/stall/paper-boat-dream.mp4'), kind: 'video' } });
          expect(reg.status, reg.text).toBe(201);
          const listed = await owner.get('/api/user-generations?limit=50');
          const path = new URL((listed.body.generations as { id: string; proxy_url: string }[]).find((g) => g.id === job.id)!.proxy_url).pathname;
          for (const init of [{}, { headers: { range: 'bytes=0-' } }] as RequestInit[]) {
            const closedBefore = up.stalledClosed();
            const res = await idle.fetch(path, init);
            expect([200, 206], JSON.stringify(init)).toContain(res.status);
            expectNoLeak(up, 'stall (headers)', res.headers, '');
            let outcome: string;
            try {
              outcome = `ended cleanly with ${(await res.arrayBuffer()).byteLength} bytes`;
            } catch {
              outcome = 'failed';
            }
            expect(outcome, JSON.stringify(init)).toBe('failed');
            // The provider's side is closed too (not left open until it gives up itself).
            for (let i = 0; i < 100 && up.stalledClosed() === closedBefore; i++) await new Promise((r) => setTimeout(r, 20));
            expect(up.stalledClosed(), JSON.stringify(init)).toBe(closedBefore + 1);
          }
        });
      });

      it('does not forward the client\'s credentials or cookies to the upstream', async () => {
        const { owner, path } = await link('/summer-sale-reel.mp4');
        const before = up.requests.length;
        await fetchChecked(path, { headers: { authorization: `Bearer ${owner.token}`, cookie: 'genshelf_session=secret', 'x-access-token': owner.token } });
        const sent = up.requests.slice(before);
        expect(sent.length).toBeGreaterThan(0);
        for (const r of sent) {
          expect(r.headers.authorization).toBeUndefined();
          expect(r.headers.cookie).toBeUndefined();
          expect(r.headers['x-access-token']).toBeUndefined();
        }
      });
    });

    describe('what passes through (issue 11, 5)', () => {
      /** Every answer carrying bytes: the declared type as it is, never run as a document here. */
      const expectBytesPolicy = (s: Served, label: string) => {
        expect(s.headers.get('x-content-type-options'), label).toBe('nosniff');
        expect(s.headers.get('content-security-policy'), label).toBe("default-src 'none'; sandbox");
      };

      it.each([
        ['an HTML page', '/html'],
        ['text/html', '/as/text/html/paper-boat-dream.mp4'],
        ['application/javascript', '/as/application/javascript/paper-boat-dream.mp4'],
        ['text/plain', '/as/text/plain/paper-boat-dream.mp4'],
        ['application/octet-stream', '/as/application/octet-stream/paper-boat-dream.mp4'],
        ['no Content-Type', '/as/none/none/paper-boat-dream.mp4'],
      ])('502 bad_gateway when the provider answers %s, and none of it reaches the client', async (_label, source) => {
        const { path } = await link(source);
        for (const init of [{}, { headers: { range: 'bytes=0-99' } }, { method: 'HEAD' }] as RequestInit[]) {
          const s = await fetchChecked(path, init);
          expect(s.status, `${JSON.stringify(init)} ${JSON.stringify(s.json)}`).toBe(502);
          expect(s.headers.get('content-type'), JSON.stringify(init)).toMatch(/^application\/json/);
          if (init.method === 'HEAD') continue;
          expect(s.json, JSON.stringify(init)).toMatchObject({ error: 'bad_gateway', message: expect.any(String), request_id: expect.any(String) });
          const text = new TextDecoder().decode(s.bytes);
          expect(text).not.toContain('<script');
          expect(text).not.toContain('ftyp');
        }
      });

      it.each([
        ['image/webp', '/as/image/webp/paper-boat-dream.mp4'],
        ['video/webm', '/as/video/webm/paper-boat-dream.mp4'],
        ['video/mp4; codecs="avc1"', '/as/video/mp4%3B%20codecs%3D%22avc1%22/paper-boat-dream.mp4'],
      ])('passes a provider\'s %s as it is', async (type, source) => {
        const { path } = await link(source);
        const s = await fetchChecked(path);
        expectWhole(s, file('paper-boat-dream.mp4'), type);
        expect(s.headers.get('content-type')).toBe(type);
        expectBytesPolicy(s, type);
      });

      it('every answer with bytes carries nosniff and a sandboxing CSP: proxied, sliced and stored, whole, ranged, HEAD, 304 and 416', async () => {
        const proxied = await link('/paper-boat-dream.mp4');
        const sliced = await link('/ignore-range/paper-boat-dream.mp4');
        const stored = await link(new Uint8Array(file('venue-drone-cut.mp4').bytes));
        for (const [label, path] of [['proxied', proxied.path], ['sliced', sliced.path], ['stored', stored.path]] as const) {
          const whole = await fetchChecked(path);
          expect(whole.status, label).toBe(200);
          expectBytesPolicy(whole, `${label} GET`);
          const cases: [string, RequestInit, number][] = [
            ['range', { headers: { range: 'bytes=0-9' } }, 206],
            ['HEAD', { method: 'HEAD' }, 200],
            ['416', { headers: { range: 'bytes=99999999-' } }, 416],
          ];
          if (label === 'stored') cases.push(['304', { headers: { 'if-none-match': whole.headers.get('etag')! } }, 304]);
          for (const [what, init, status] of cases) {
            const s = await fetchChecked(path, init);
            expect(s.status, `${label} ${what}`).toBe(status);
            expectBytesPolicy(s, `${label} ${what}`);
          }
        }
      });
    });

    describe('errors', () => {
      it('404 video_not_found for an unknown link', async () => {
        for (const id of [crypto.randomUUID(), 'not-a-uuid', '00000000-0000-0000-0000-000000000000']) {
          const s = await fetchChecked(`/video/${id}`);
          expect(s.status, id).toBe(404);
          expect(s.json).toMatchObject({ error: 'video_not_found' });
        }
      });

      it('404 for a link id altered anywhere (property)', async () => {
        const { path } = await link();
        const id = path.split('/')[2]!;
        await fc.assert(
          fc.asyncProperty(fc.nat({ max: 1000 }), fc.constantFrom(...'0123456789abcdefABCDEF-xz'), async (pos, ch) => {
            const i = pos % id.length;
            fc.pre(id[i] !== ch && id[i]!.toLowerCase() !== ch.toLowerCase());
            const bad = id.slice(0, i) + ch + id.slice(i + 1);
            const s = await fetchChecked(`/video/${bad}`);
            expect(s.status, bad).toBe(404);
          }),
          { numRuns: 60 },
        );
        expect((await fetchChecked(path, { headers: { range: 'bytes=0-0' } })).status).toBe(206);
      });

      it.each([
        ['/gone', 410, 'video_expired'],
        ['/forbidden', 410, 'video_expired'],
        ['/boom', 503, 'upstream_unavailable'],
      ])('upstream %s → %i %s', async (source, status, error) => {
        const { path } = await link(source);
        const s = await fetchChecked(path);
        expect(s.status, JSON.stringify(s.json)).toBe(status);
        expect(s.json).toMatchObject({ error, message: expect.any(String), request_id: expect.any(String) });
        if (status === 503) expect(s.headers.get('retry-after')).toMatch(/^\d+$/);
      });

      it('503 upstream_unavailable with Retry-After when the upstream does not answer within UPSTREAM_TIMEOUT_MS', async () => {
        const { path } = await link('/slow');
        const s = await fetchChecked(path);
        expect(s.status, JSON.stringify(s.json)).toBe(503);
        expect(s.json).toMatchObject({ error: 'upstream_unavailable' });
        expect(s.headers.get('retry-after')).toMatch(/^\d+$/);
      });

      it('never follows a redirect to a host outside the allow-list', async () => {
        const { path } = await link('/redirect-evil');
        const before = up.requests.length;
        const s = await fetchChecked(path);
        expect([502, 503], JSON.stringify(s.json)).toContain(s.status);
        expect(s.json).toMatchObject({ error: 'upstream_unavailable' });
        // Only the redirecting path was asked for (nothing was followed back to this server either).
        expect(up.requests.slice(before).map((r) => r.path)).toEqual(expect.arrayContaining(['/redirect-evil']));
        expect(up.requests.slice(before).every((r) => r.path === '/redirect-evil')).toBe(true);
      });

      it('404 video_not_found while the asset is deleted, and the same link again once it is restored', async () => {
        const { owner, asset, path } = await link();
        expect((await fetchChecked(path, { headers: { range: 'bytes=0-0' } })).status).toBe(206);
        const del = await owner.send('DELETE', `/api/v1/assets/${asset.id}`);
        expect(del.status, del.text).toBeLessThan(300);
        const gone = await fetchChecked(path, { headers: { range: 'bytes=0-0' } });
        expect(gone.status).toBe(404);
        expect(gone.json).toMatchObject({ error: 'video_not_found' });
        const back = await owner.send('POST', '/api/v1/assets/restore', { ids: [asset.id] });
        expect(back.status, back.text).toBe(200);
        expect((await fetchChecked(path, { headers: { range: 'bytes=0-0' } })).status).toBe(206);
      });

      it('404 video_not_found once the link has expired (VIDEO_MAPPING_EXPIRATION_HOURS, 24 by default)', async () => {
        if (!t.clock) return; // workerd: real time
        const { path } = await link();
        t.clock.advance(23 * HOUR);
        try {
          expect((await fetchChecked(path, { headers: { range: 'bytes=0-0' } })).status).toBe(206);
          t.clock.advance(2 * HOUR);
          const s = await fetchChecked(path);
          expect(s.status).toBe(404);
          expect(s.json).toMatchObject({ error: 'video_not_found' });
        } finally {
          t.clock.advance(-25 * HOUR);
        }
      });
    });

    describe('link lifetime', () => {
      it('is created the first time the owner lists the video, and listing again renews it', async () => {
        if (!t.clock) return; // workerd: real time
        const { owner, job, asset } = await videoJob('/paper-boat-dream.mp4');
        if (t.db) {
          const [row] = await t.db.all<{ n: number }>(sql`select count(*) as n from video_links where asset_id = ${asset.id}`);
          expect(Number(row!.n), 'a link before the owner listed the video').toBe(0);
        }
        const path = await listLink(owner, job.id);
        const control = await link();
        try {
          t.clock.advance(20 * HOUR);
          expect(await listLink(owner, job.id), 'listing again keeps the same link').toBe(path);
          t.clock.advance(20 * HOUR);
          expect((await fetchChecked(path, { headers: { range: 'bytes=0-0' } })).status, 'renewed link').toBe(206);
          const expired = await fetchChecked(control.path);
          expect(expired.status, 'link that was not listed again').toBe(404);
          expect(expired.json).toMatchObject({ error: 'video_not_found' });
        } finally {
          t.clock.advance(-40 * HOUR);
        }
      });

      it('counts accesses (admin metrics)', async () => {
        const { path } = await link();
        const before = await metrics();
        await fetchChecked(path, { headers: { range: 'bytes=0-0' } });
        await fetchChecked(path);
        let after = await metrics();
        // On workerd the count may be written after the response (waitUntil): give it a moment.
        for (let i = 0; i < 40 && after.access_count < before.access_count + 2; i++) {
          await new Promise((r) => setTimeout(r, 50));
          after = await metrics();
        }
        expect(after.access_count).toBeGreaterThanOrEqual(before.access_count + 2);
        if (t.db) {
          const [row] = await t.db.all<{ n: number }>(sql`select access_count as n from video_links where proxy_id = ${path.split('/')[2]!}`);
          expect(Number(row!.n)).toBe(2);
        }
      });

      it('the admin cleanup removes expired links', async () => {
        const r = await admin.send('POST', '/api/v1/admin/video-proxy/cleanup');
        expect(r.status, r.text).toBe(200);
        expect(r.body).toEqual({ removed: expect.any(Number) });
        if (!t.clock) return; // workerd: nothing can be made to expire
        const { path } = await link();
        const live = await link();
        t.clock.advance(25 * HOUR);
        try {
          await listLink(live.owner, live.job.id); // renewed: survives the cleanup
          const m = await metrics();
          expect(m.mappings.expired).toBeGreaterThanOrEqual(1);
          const cleaned = await admin.send('POST', '/api/v1/admin/video-proxy/cleanup');
          expect(cleaned.status, cleaned.text).toBe(200);
          expect(cleaned.body.removed).toBeGreaterThanOrEqual(1);
          expect((await metrics()).mappings.expired).toBe(0);
          expect((await fetchChecked(path)).status).toBe(404);
          expect((await fetchChecked(live.path, { headers: { range: 'bytes=0-0' } })).status).toBe(206);
          if (t.db) {
            const [row] = await t.db.all<{ n: number }>(sql`select count(*) as n from video_links where proxy_id = ${path.split('/')[2]!}`);
            expect(Number(row!.n)).toBe(0);
          }
          expect((await admin.send('POST', '/api/v1/admin/video-proxy/cleanup')).body).toEqual({ removed: 0 });
        } finally {
          t.clock.advance(-25 * HOUR);
        }
      });

      it('the background maintenance removes expired links', async () => {
        if ('scheduled' in t) {
          expect(await (t as Target & { scheduled(): Promise<string> }).scheduled()).toBe('ok');
          return;
        }
        if (!t.clock || !t.db || !t.blobs) return;
        const { path } = await link();
        const id = path.split('/')[2]!;
        t.clock.advance(25 * HOUR);
        try {
          const config = parseConfig({ DATABASE_URL: 'file:unused.db', ...t.secrets, ...env() });
          await runMaintenance({ db: t.db, blobs: t.blobs, config, clock: t.clock, fetch: globalThis.fetch, log: silentLogger });
          const [row] = await t.db.all<{ n: number }>(sql`select count(*) as n from video_links where proxy_id = ${id}`);
          expect(Number(row!.n)).toBe(0);
          expect((await metrics()).mappings.expired).toBe(0);
        } finally {
          t.clock.advance(-25 * HOUR);
        }
      });
    });

    describe('monitoring', () => {
      it('GET /health/video-proxy is public: 200 healthy', async () => {
        // A healthy upstream path first, whatever failures other tests provoked before.
        const { path } = await link();
        for (let i = 0; i < 10; i++) expect((await fetchChecked(path, { headers: { range: `bytes=${i}-${i}` } })).status).toBe(206);
        const s = await fetchChecked('/health/video-proxy');
        expect(s.status).toBe(200);
        expect(s.json).toMatchObject({ status: 'healthy' });
      });

      it('admin metrics: mappings, accesses and upstream figures', async () => {
        const { path } = await link();
        await fetchChecked(path, { headers: { range: 'bytes=0-0' } });
        const boom = await link('/boom');
        await fetchChecked(boom.path);
        const m = await metrics();
        expect(m).toMatchObject({
          mappings: { total: expect.any(Number), active: expect.any(Number), expired: expect.any(Number) },
          access_count: expect.any(Number),
          upstream: { requests: expect.any(Number), errors: expect.any(Number), error_rate: expect.any(Number) },
        });
        expect(m.mappings.total).toBe(m.mappings.active + m.mappings.expired);
        expect(m.mappings.active).toBeGreaterThanOrEqual(2);
        expect(m.upstream.requests).toBeGreaterThanOrEqual(2);
        expect(m.upstream.errors).toBeGreaterThanOrEqual(1);
        expect(m.upstream.errors).toBeLessThanOrEqual(m.upstream.requests);
        expect(m.upstream.error_rate).toBeGreaterThan(0);
        expect(m.upstream.error_rate).toBeLessThanOrEqual(1);
        for (const p of [m.upstream.p50_ms, m.upstream.p95_ms]) expect(typeof p === 'number' && p >= 0).toBe(true);
        expect(m.upstream.p95_ms!).toBeGreaterThanOrEqual(m.upstream.p50_ms!);
      });

      it('admin routes: 403 for a normal user or an anonymous visitor, 401 without a token', async () => {
        const user = await makeUser(t);
        const anon = await call(t, 'POST', '/api/v1/sessions/anonymous', { body: {}, headers: { 'x-genshelf-client-ip': '192.0.2.77', 'cf-connecting-ip': '192.0.2.77' } });
        for (const [method, path] of [['GET', '/api/v1/admin/video-proxy/metrics'], ['POST', '/api/v1/admin/video-proxy/cleanup']] as const) {
          expect((await call(t, method, path, { token: user.token })).status, `${method} ${path} user`).toBe(403);
          if (anon.status === 201) expect((await call(t, method, path, { token: anon.body.token })).status, `${method} ${path} anon`).toBe(403);
          expect((await call(t, method, path)).status, `${method} ${path} no token`).toBe(401);
        }
      });
    });

    describe('registration refuses what the proxy must not fetch (SSRF)', () => {
      const register = async (target: Target, source_url: string) => {
        const owner = await makeUser(target);
        const job = await ingest(target).job(owner, { app_id: 'text-to-video' });
        return call(target, 'POST', `/api/v1/jobs/${job.id}/assets`, { token: target.secrets.INGEST_TOKEN, body: { source_url, kind: 'video' } });
      };
      const expectRefused = (r: Awaited<ReturnType<typeof register>>, label: string) => {
        expect(r.status, `${label}: ${r.text}`).toBe(422);
        expect(r.body.details?.map((d: { field: string }) => d.field), label).toContain('source_url');
      };

      it('refuses a host outside UPSTREAM_ALLOWED_HOSTS', async () => {
        for (const u of ['http://127.0.0.2:' + up.port + '/paper-boat-dream.mp4', 'https://evil.example.com/x.mp4', `http://127.0.0.1:${up.port + 1}/x.mp4`]) {
          expectRefused(await register(t, u), u);
        }
      });

      describe('with UPSTREAM_ALLOW_PRIVATE off (the default)', () => {
        let p: Target;
        beforeAll(async () => {
          const { UPSTREAM_ALLOW_PRIVATE: _off, ...rest } = proxyEnv(up);
          p = await start({ ...rest, UPSTREAM_ALLOWED_HOSTS: [up.host, `localhost:${up.port}`, `[::1]:${up.port}`, '10.0.0.5', '169.254.169.254', '192.168.1.10', '0.0.0.0'].join(',') });
        });
        afterAll(() => p?.close());

        it('refuses an allow-listed source on 127.0.0.1 (422, source_url)', async () => {
          expectRefused(await register(p, up.url('/paper-boat-dream.mp4')), up.url('/paper-boat-dream.mp4'));
        });

        it.each(['localhost:PORT', '[::1]:PORT', '10.0.0.5', '169.254.169.254', '192.168.1.10', '0.0.0.0'])('refuses an allow-listed private host %s (422)', async (host) => {
          const u = `http://${host.replace('PORT', String(up.port))}/v.mp4`;
          expectRefused(await register(p, u), u);
        });
      });

      describe('with UPSTREAM_ALLOW_HTTP off (the default)', () => {
        let h: Target;
        beforeAll(async () => {
          const { UPSTREAM_ALLOW_HTTP: _off, ...rest } = proxyEnv(up);
          h = await start(rest);
        });
        afterAll(() => h?.close());

        it('refuses an http:// source (422, source_url)', async () => {
          expectRefused(await register(h, up.url('/paper-boat-dream.mp4')), 'http source');
        });
      });
    });
  });
}
