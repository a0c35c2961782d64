import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, ingest, makeUser, unique, type Reply, type Target, type TestUser } from '../harness.ts';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 40 }, (_, i) => i)]);
const pngOf = (size: number) => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: size - 8 }, (_, i) => i % 251)]);
const DAY = 86_400_000;
const MIN = 60_000;
const metrics = ['views', 'clicks', 'downloads', 'shares', 'conversions'] as const;
type Metric = (typeof metrics)[number];
type EventType = 'view' | 'click' | 'download' | 'share' | 'conversion';
const typeOf: Record<Metric, EventType> = { views: 'view', clicks: 'click', downloads: 'download', shares: 'share', conversions: 'conversion' };

const iso = (ms: number) => new Date(ms).toISOString();
/** The UTC calendar date of an instant. */
const dateOf = (ms: number) => iso(ms).slice(0, 10);
/** The calendar date of an instant in a time zone, as YYYY-MM-DD. */
const dayIn = (ms: number, tz: string) => new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' }).format(ms);
/** `days` dates ending at `last` (YYYY-MM-DD), oldest first. */
const datesEndingAt = (last: string, days: number) =>
  Array.from({ length: days }, (_, i) => new Date(Date.parse(`${last}T00:00:00Z`) - (days - 1 - i) * DAY).toISOString().slice(0, 10));

const ev = (asset_id: string, type: EventType, at?: number, id?: string) => ({ asset_id, type, ...(at === undefined ? {} : { at: iso(at) }), ...(id === undefined ? {} : { id }) });

function expectValidationError(r: Reply, field?: string) {
  expect(r.status, r.text).toBe(422);
  expect(r.body, r.text).toMatchObject({ error: 'validation_error', message: expect.any(String), request_id: expect.any(String) });
  expect(Array.isArray(r.body.details) && r.body.details.length > 0, r.text).toBe(true);
  if (field) expect(r.body.details.map((d: { field: string }) => d.field), r.text).toContain(field);
}

function expectUnauthorized(r: Reply) {
  expect(r.status, r.text).toBe(401);
  expect(r.body, r.text).toMatchObject({ error: 'unauthorized', request_id: expect.any(String) });
}

const zeroTotals = {
  views: 0,
  clicks: 0,
  ctr: null,
  downloads: 0,
  shares: 0,
  conversions: 0,
  conversion_rate: null,
  generations: { total: 0, by_status: { queued: 0, processing: 0, completed: 0, failed: 0, partial: 0 }, by_app: {} },
  credits_used: 0,
  storage_used: 0,
};
const noChange = { views: null, clicks: null, ctr: null, downloads: null, shares: null, conversions: null, conversion_rate: null, generations: null, credits_used: null, storage_used: null };

/**
 * Seed 004 story 6.4: usage events (POST /api/v1/events) and the insights computed from them and
 * from jobs and assets (stats, charts, top assets), the same on Node and workerd.
 */
export function defineInsightsContract(name: string, start: () => Promise<Target>) {
  describe(`insights contract (${name})`, () => {
    let t: Target;
    let apps: Record<string, { name: string; color: string }>;
    beforeAll(async () => {
      t = await start();
      const r = await call(t, 'GET', '/api/v1/apps');
      expect(r.status, r.text).toBe(200);
      apps = Object.fromEntries(r.body.apps.map((a: { id: string; name: string; color: string }) => [a.id, a]));
    });
    afterAll(() => t.close());

    /** The app's time: the test clock on Node, real time on workerd. */
    const now = () => t.clock?.now() ?? Date.now();

    /** A job far outside every period and chart (so only the jobs a test makes on purpose count as generations). */
    const oldJob = (user: TestUser, fields: Record<string, unknown> = {}) => ingest(t).job(user, { created_at: iso(now() - 200 * DAY), ...fields });

    /** Uploads a PNG (service token) to `jobId`, or to a new old job of `user`; returns the asset. */
    async function image(user: TestUser, opts: { title?: string; bytes?: Uint8Array<ArrayBuffer>; jobId?: string; app_id?: string } = {}) {
      const jobId = opts.jobId ?? (await oldJob(user, opts.app_id ? { app_id: opts.app_id } : {})).id;
      const q = opts.title ? `?title=${encodeURIComponent(opts.title)}` : '';
      const res = await t.fetch(`/api/v1/jobs/${jobId}/assets${q}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.secrets.INGEST_TOKEN}`, 'content-type': 'image/png' },
        body: opts.bytes ?? PNG,
      });
      const body = (await res.json()) as Record<string, any> & { id: string; job_id: string };
      expect(res.status, JSON.stringify(body)).toBe(201);
      return body;
    }

    async function textAsset(user: TestUser, text: string, opts: { title?: string; jobId?: string } = {}) {
      const jobId = opts.jobId ?? (await oldJob(user)).id;
      const r = await call(t, 'POST', `/api/v1/jobs/${jobId}/assets`, { token: t.secrets.INGEST_TOKEN, body: { text, ...(opts.title ? { title: opts.title } : {}) } });
      expect(r.status, r.text).toBe(201);
      return r.body as Record<string, any> & { id: string; job_id: string };
    }

    /** POST /api/v1/events as `user`. */
    const record = (user: TestUser, body: unknown, headers?: Record<string, string>) => user.send('POST', '/api/v1/events', body, headers);
    async function recordOk(user: TestUser, body: unknown, expected: { recorded: number; duplicates: number }, headers?: Record<string, string>) {
      const r = await record(user, body, headers);
      expect(r.status, r.text).toBe(200);
      expect(r.body, r.text).toEqual(expected);
    }

    async function topAssets(user: TestUser, query = '') {
      const r = await user.get(`/api/v1/insights/top-assets${query}`);
      expect(r.status, r.text).toBe(200);
      return r.body as { metric: string; assets: Record<string, any>[] };
    }
    /** All-time value per asset id for `metric` (top assets, limit 20). */
    async function allTime(user: TestUser, metric: Metric) {
      const body = await topAssets(user, `?metric=${metric}&limit=20`);
      return Object.fromEntries(body.assets.map((a) => [a.id, a.value as number]));
    }
    /** Every event of `user` on live assets, all time, per metric. */
    async function everything(user: TestUser) {
      const out: Record<string, Record<string, number>> = {};
      for (const m of metrics) out[m] = await allTime(user, m);
      return out;
    }
    const nothing = { views: {}, clicks: {}, downloads: {}, shares: {}, conversions: {} };

    async function stats(user: TestUser, query = '') {
      const r = await user.get(`/api/v1/insights/stats${query}`);
      expect(r.status, r.text).toBe(200);
      return r.body as Record<string, any>;
    }
    const range = (from: number, to: number) => `?from=${encodeURIComponent(iso(from))}&to=${encodeURIComponent(iso(to))}`;

    async function chart(user: TestUser, query: string) {
      const r = await user.get(`/api/v1/insights/charts${query}`);
      expect(r.status, r.text).toBe(200);
      return r.body as { metric: string; interval: string; tz: string; series: { date: string; value: number }[] };
    }

    /** Node only: runs `fn` with the app's clock at `at`, then puts it back. */
    async function at<T>(instant: number, fn: () => Promise<T>): Promise<T> {
      const saved = t.clock!.t;
      t.clock!.t = instant;
      try {
        return await fn();
      } finally {
        t.clock!.t = saved;
      }
    }

    describe('POST /api/v1/events', () => {
      it('records one event or a batch; the counts show in top assets', async () => {
        const u = await makeUser(t);
        const a = await image(u);
        const b = await textAsset(u, 'Sip slowly.');
        await recordOk(u, { asset_id: a.id, type: 'view' }, { recorded: 1, duplicates: 0 });
        await recordOk(u, { events: [ev(a.id, 'view', now() - DAY), ev(b.id, 'click', now() - 2 * DAY), ev(a.id, 'download'), ev(b.id, 'share'), ev(a.id, 'conversion')] }, { recorded: 5, duplicates: 0 });
        expect(await everything(u)).toEqual({ views: { [a.id]: 2 }, clicks: { [b.id]: 1 }, downloads: { [a.id]: 1 }, shares: { [b.id]: 1 }, conversions: { [a.id]: 1 } });
      });

      it('accepts a batch of exactly 100', async () => {
        const u = await makeUser(t);
        const a = await image(u);
        await recordOk(u, { events: Array.from({ length: 100 }, (_, i) => ev(a.id, 'view', now() - i * MIN)) }, { recorded: 100, duplicates: 0 });
        expect(await allTime(u, 'views')).toEqual({ [a.id]: 100 });
      });

      it('records an event without `at` at the server’s now', async () => {
        const u = await makeUser(t);
        const a = await image(u);
        await recordOk(u, ev(a.id, 'click'), { recorded: 1, duplicates: 0 });
        expect(await allTime(u, 'clicks')).toEqual({ [a.id]: 1 });
        if (!t.clock) return; // workerd: real time; the exact instant is checked on Node
        const when = now();
        expect((await stats(u, range(when - 1, when + 1))).current.clicks).toBe(1);
        expect((await stats(u, range(when - DAY, when))).current.clicks).toBe(0);
        expect((await stats(u, range(when + 1, when + DAY))).current.clicks).toBe(0);
      });

      it('the same Idempotency-Key records nothing twice: events get ids from the key and their position', async () => {
        const u = await makeUser(t);
        const a = await image(u);
        const base = now() - 3 * DAY;
        const batch = { events: [ev(a.id, 'view', base), ev(a.id, 'view', base + MIN), ev(a.id, 'click', base + 2 * MIN)] };
        const key = { 'Idempotency-Key': unique('key') };
        await recordOk(u, batch, { recorded: 3, duplicates: 0 }, key);
        const q = range(base - DAY, base + DAY);
        const before = await stats(u, q);
        expect(before.current).toMatchObject({ views: 2, clicks: 1 });
        await recordOk(u, batch, { recorded: 0, duplicates: 3 }, key);
        expect(await stats(u, q)).toEqual(before);
        expect(await everything(u)).toEqual({ ...nothing, views: { [a.id]: 2 }, clicks: { [a.id]: 1 } });
        // One more event at the end of the same request: only that one is new.
        await recordOk(u, { events: [...batch.events, ev(a.id, 'share', base)] }, { recorded: 1, duplicates: 3 }, key);
        // Another key is another request.
        await recordOk(u, batch, { recorded: 3, duplicates: 0 }, { 'Idempotency-Key': unique('key') });
        expect(await everything(u)).toEqual({ ...nothing, views: { [a.id]: 4 }, clicks: { [a.id]: 2 }, shares: { [a.id]: 1 } });
      });

      it('a single event with an Idempotency-Key is recorded once', async () => {
        const u = await makeUser(t);
        const a = await image(u);
        const key = { 'Idempotency-Key': unique('key') };
        await recordOk(u, ev(a.id, 'download'), { recorded: 1, duplicates: 0 }, key);
        await recordOk(u, ev(a.id, 'download'), { recorded: 0, duplicates: 1 }, key);
        expect(await allTime(u, 'downloads')).toEqual({ [a.id]: 1 });
      });

      it('the same event ids record nothing twice, without a key too', async () => {
        const u = await makeUser(t);
        const a = await image(u);
        const [x, y, z] = [unique('e'), unique('e'), unique('e')];
        await recordOk(u, { events: [ev(a.id, 'view', now() - DAY, x), ev(a.id, 'view', now() - DAY, y)] }, { recorded: 2, duplicates: 0 });
        await recordOk(u, { events: [ev(a.id, 'view', now() - DAY, x), ev(a.id, 'view', now() - DAY, y), ev(a.id, 'view', now() - DAY, z)] }, { recorded: 1, duplicates: 2 });
        await recordOk(u, ev(a.id, 'view', now() - DAY, z), { recorded: 0, duplicates: 1 });
        expect(await allTime(u, 'views')).toEqual({ [a.id]: 3 });
      });

      it('without ids or a key, every request is new', async () => {
        const u = await makeUser(t);
        const a = await image(u);
        const body = { events: [ev(a.id, 'view', now() - DAY), ev(a.id, 'view', now() - DAY)] };
        await recordOk(u, body, { recorded: 2, duplicates: 0 });
        await recordOk(u, body, { recorded: 2, duplicates: 0 });
        expect(await allTime(u, 'views')).toEqual({ [a.id]: 4 });
      });

      it('two concurrent retries of one request record it once', async () => {
        const u = await makeUser(t);
        const a = await image(u);
        const key = { 'Idempotency-Key': unique('key') };
        const body = { events: [ev(a.id, 'view', now() - DAY), ev(a.id, 'click', now() - DAY), ev(a.id, 'share', now() - DAY)] };
        const results = await Promise.all([record(u, body, key), record(u, body, key)]);
        for (const r of results) expect(r.status, r.text).toBe(200);
        expect(results.reduce((n, r) => n + r.body.recorded, 0)).toBe(3);
        expect(results.reduce((n, r) => n + r.body.duplicates, 0)).toBe(3);
        expect(await everything(u)).toEqual({ ...nothing, views: { [a.id]: 1 }, clicks: { [a.id]: 1 }, shares: { [a.id]: 1 } });
      });

      it('ids and keys belong to their owner: another owner using the same ones records their own events', async () => {
        const alice = await makeUser(t);
        const bob = await makeUser(t);
        const a = await image(alice);
        const b = await image(bob);
        const id = unique('e');
        const key = { 'Idempotency-Key': unique('key') };
        await recordOk(alice, ev(a.id, 'view', now() - DAY, id), { recorded: 1, duplicates: 0 });
        await recordOk(bob, ev(b.id, 'view', now() - DAY, id), { recorded: 1, duplicates: 0 });
        await recordOk(alice, ev(a.id, 'click', now() - DAY), { recorded: 1, duplicates: 0 }, key);
        await recordOk(bob, ev(b.id, 'click', now() - DAY), { recorded: 1, duplicates: 0 }, key);
        expect(await everything(alice)).toEqual({ ...nothing, views: { [a.id]: 1 }, clicks: { [a.id]: 1 } });
        expect(await everything(bob)).toEqual({ ...nothing, views: { [b.id]: 1 }, clicks: { [b.id]: 1 } });
      });

      describe('refusals record nothing', () => {
        const cases: [string, (asset: string) => unknown, Record<string, string>?, string?][] = [
          ['101 events', (a) => ({ events: Array.from({ length: 101 }, () => ev(a, 'view')) }), undefined, 'events'],
          ['an empty batch', () => ({ events: [] }), undefined, 'events'],
          ['an unknown type', (a) => ({ asset_id: a, type: 'like' }), undefined, 'type'],
          ['an unknown type inside a batch', (a) => ({ events: [ev(a, 'view'), { asset_id: a, type: 'purchase' }] }), undefined, 'events.1.type'],
          ['an unknown top-level key', (a) => ({ asset_id: a, type: 'view', source: 'widget' }), undefined, undefined],
          ['an unknown key in a batched event', (a) => ({ events: [ev(a, 'view'), { ...ev(a, 'view'), meta: {} }] }), undefined, undefined],
          ['an unknown key beside events', (a) => ({ events: [ev(a, 'view')], extra: 1 }), undefined, undefined],
          ['a missing type', (a) => ({ asset_id: a }), undefined, undefined],
          ['a missing asset_id', () => ({ type: 'view' }), undefined, undefined],
          ['a missing asset_id inside a batch', (a) => ({ events: [ev(a, 'view'), { type: 'view' }] }), undefined, undefined],
          ['a number for the type', (a) => ({ asset_id: a, type: 1 }), undefined, 'type'],
          ['events that are not an array', (a) => ({ events: ev(a, 'view') }), undefined, 'events'],
          ['an `at` that is not ISO', (a) => ({ asset_id: a, type: 'view', at: 'yesterday' }), undefined, 'at'],
          ['an `at` more than 5 minutes ahead', (a) => ev(a, 'view', now() + 10 * MIN), undefined, undefined],
          ['an `at` more than 400 days back', (a) => ev(a, 'view', now() - 401 * DAY), undefined, undefined],
          ['one event too far ahead in a batch', (a) => ({ events: [ev(a, 'view'), ev(a, 'view', now() + DAY)] }), undefined, undefined],
          ['an empty id', (a) => ev(a, 'view', undefined, ''), undefined, 'id'],
          ['an id over 128 characters', (a) => ev(a, 'view', undefined, 'i'.repeat(129)), undefined, 'id'],
          ['an Idempotency-Key over 200 characters', (a) => ev(a, 'view'), { 'Idempotency-Key': 'k'.repeat(201) }, undefined],
          ['a body that is an array', (a) => [ev(a, 'view')], undefined, undefined],
        ];
        it.each(cases)('422 for %s', async (_label, body, headers, field) => {
          const u = await makeUser(t);
          const a = await image(u);
          expectValidationError(await record(u, body(a.id), headers), field);
          expect(await everything(u)).toEqual(nothing);
        });

        it('Node: `at` may be up to 5 minutes ahead and 400 days back, not a millisecond more', async () => {
          if (!t.clock) return; // workerd: real time moves between the request and the check
          const u = await makeUser(t);
          const a = await image(u);
          await recordOk(u, ev(a.id, 'view', now() + 5 * MIN), { recorded: 1, duplicates: 0 });
          await recordOk(u, ev(a.id, 'view', now() - 400 * DAY), { recorded: 1, duplicates: 0 });
          expectValidationError(await record(u, ev(a.id, 'view', now() + 5 * MIN + 1)));
          expectValidationError(await record(u, ev(a.id, 'view', now() - 400 * DAY - 1)));
          expect(await allTime(u, 'views')).toEqual({ [a.id]: 2 });
        });

        it('accepts an id of 128 characters and a key of 200', async () => {
          const u = await makeUser(t);
          const a = await image(u);
          await recordOk(u, ev(a.id, 'view', undefined, `${unique('e')}-`.padEnd(128, 'x')), { recorded: 1, duplicates: 0 });
          await recordOk(u, ev(a.id, 'view'), { recorded: 1, duplicates: 0 }, { 'Idempotency-Key': unique('k').padEnd(200, 'k') });
        });

        it('404 for an asset of another owner or an unknown one, and nothing of the batch is recorded', async () => {
          const alice = await makeUser(t);
          const bob = await makeUser(t);
          const mine = await image(alice);
          const bobs = await image(bob);
          for (const other of [bobs.id, unique('none')]) {
            for (const body of [ev(other, 'view'), { events: [ev(mine.id, 'view'), ev(mine.id, 'click'), ev(other, 'view')] }]) {
              const r = await record(alice, body, { 'Idempotency-Key': unique('key') });
              expect(r.status, `${JSON.stringify(body)} → ${r.text}`).toBe(404);
              expect(r.body, r.text).toMatchObject({ error: 'not_found', request_id: expect.any(String) });
            }
          }
          expect(await everything(alice)).toEqual(nothing);
          expect(await everything(bob)).toEqual(nothing);
          if (t.db) {
            const rows = await t.db.all<{ n: number }>(sql`select count(*) as n from events where owner in (${alice.owner}, ${bob.owner})`);
            expect(rows[0]?.n).toBe(0);
          }
        });

        it('an asset in the trash still takes events (a download just before a delete); they show again once it is restored', async () => {
          const u = await makeUser(t);
          const trashed = await image(u);
          const inTrashedJob = await image(u);
          expect((await u.send('DELETE', `/api/v1/assets/${trashed.id}`)).status).toBe(200);
          expect((await u.send('DELETE', `/api/v1/jobs/${inTrashedJob.job_id}`)).status).toBe(200);
          await recordOk(u, { events: [ev(trashed.id, 'download'), ev(inTrashedJob.id, 'download')] }, { recorded: 2, duplicates: 0 });
          expect((await stats(u, '?days=1&tz=UTC')).current.downloads).toBe(2);
          expect(await allTime(u, 'downloads')).toEqual({});
          expect((await u.send('POST', '/api/v1/assets/restore', { ids: [trashed.id] })).status).toBe(200);
          expect((await u.send('POST', '/api/v1/jobs/restore', { ids: [inTrashedJob.job_id] })).status).toBe(200);
          expect(await allTime(u, 'downloads')).toEqual({ [trashed.id]: 1, [inTrashedJob.id]: 1 });
        });

        it('malformed JSON → 400', async () => {
          const u = await makeUser(t);
          const a = await image(u);
          const r = await call(t, 'POST', '/api/v1/events', { token: u.token, body: `{"asset_id": "${a.id}", "type": "view"` });
          expect(r.status, r.text).toBe(400);
          expect(await everything(u)).toEqual(nothing);
        });

        it.each([
          ['no token', undefined],
          ['a garbage token', 'not-a-token'],
        ])('401 with %s', async (_label, token) => {
          const u = await makeUser(t);
          const a = await image(u);
          expectUnauthorized(await call(t, 'POST', '/api/v1/events', { token, body: ev(a.id, 'view') }));
          expect(await everything(u)).toEqual(nothing);
        });
      });
    });

    describe('GET /api/v1/insights/stats', () => {
      it('an owner with nothing: zeros, nulls and no apps', async () => {
        const u = await makeUser(t);
        const s = await stats(u);
        expect(s.current).toEqual(zeroTotals);
        expect(s.previous).toEqual(zeroTotals);
        expect(s.change).toEqual(noChange);
        expect(s.storage_used).toBe(0);
      });

      it('exact totals for the period and the previous one, the change, and only the owner’s data', async () => {
        const alice = await makeUser(t);
        const bob = await makeUser(t);
        // Not on a 15-minute (or any round) boundary, so the edges must be exact.
        const A = now() - 2 * 3_600_000 - 12_345;
        const from = A - 10 * DAY;
        const prevFrom = A - 20 * DAY;
        const i1 = await image(alice, { title: 'one' });
        const i2 = await image(alice, { title: 'two' });
        const e = (asset: { id: string }, type: EventType, when: number) => ev(asset.id, type, when);
        const events = [
          // the period: 6 views, 4 clicks, 2 downloads, 0 shares, 1 conversion
          e(i1, 'view', A - DAY), e(i1, 'view', A - 2 * DAY), e(i2, 'view', A - 3 * DAY), e(i2, 'view', A - 4 * DAY), e(i1, 'view', from), e(i2, 'view', A - 1),
          e(i1, 'click', A - DAY), e(i1, 'click', A - 5 * DAY), e(i2, 'click', A - 6 * DAY), e(i2, 'click', A - 9 * DAY),
          e(i1, 'download', A - 2 * DAY), e(i2, 'download', A - 7 * DAY),
          e(i1, 'conversion', A - 8 * DAY),
          // the previous period: 9 views, 2 clicks, 3 downloads, 1 share, 0 conversions
          e(i1, 'view', from - 1), e(i1, 'view', A - 11 * DAY), e(i2, 'view', A - 12 * DAY), e(i2, 'view', A - 13 * DAY), e(i2, 'view', A - 14 * DAY),
          e(i1, 'view', A - 15 * DAY), e(i1, 'view', A - 16 * DAY), e(i2, 'view', A - 19 * DAY), e(i1, 'view', prevFrom),
          e(i1, 'click', A - 11 * DAY), e(i2, 'click', A - 18 * DAY),
          e(i1, 'download', A - 12 * DAY), e(i1, 'download', A - 13 * DAY), e(i2, 'download', A - 17 * DAY),
          e(i2, 'share', A - 15 * DAY),
          // neither
          e(i1, 'view', A), e(i1, 'view', A + MIN), e(i2, 'view', prevFrom - 1), e(i2, 'view', A - 25 * DAY),
          e(i1, 'click', A - 30 * DAY), e(i1, 'conversion', A + 3_600_000), e(i2, 'conversion', A - 21 * DAY), e(i1, 'share', A + 10_000),
        ];
        await recordOk(alice, { events }, { recorded: events.length, duplicates: 0 });
        const job = (fields: Record<string, unknown>) => ingest(t).job(alice, { ...fields, created_at: iso(fields.created_at as number) });
        // the period: 4 live jobs, 8.75 credits
        await job({ created_at: A - DAY, status: 'completed', app_id: 'video-mixer', credit_used: 2.5 });
        await job({ created_at: A - 3 * DAY, status: 'failed', app_id: 'carousel-mix', credit_used: 0 });
        await job({ created_at: from, status: 'partial', app_id: 'video-mixer', credit_used: 5 });
        await job({ created_at: A - 1, status: 'queued', app_id: 'text-to-video', credit_used: 1.25 });
        const trashed = await job({ created_at: A - 2 * DAY, status: 'completed', app_id: 'video-mixer', credit_used: 100 });
        expect((await alice.send('DELETE', `/api/v1/jobs/${trashed.id}`)).status).toBe(200);
        // the previous period: 2 jobs, no credits
        await job({ created_at: A - 15 * DAY, status: 'processing', app_id: 'video-mixer' });
        await job({ created_at: prevFrom, status: 'queued', app_id: 'carousel-mix' });
        // neither
        await job({ created_at: A, status: 'completed', app_id: 'video-mixer', credit_used: 50 });
        await job({ created_at: prevFrom - 1, status: 'completed', app_id: 'brand-studio', credit_used: 50 });
        await job({ created_at: A - 40 * DAY, status: 'failed', app_id: 'video-mixer', credit_used: 7 });

        // Bob, in the same periods, on his own assets: never counted for Alice.
        const b1 = await image(bob);
        await recordOk(bob, { events: [ev(b1.id, 'view', A - DAY), ev(b1.id, 'view', A - 12 * DAY), ev(b1.id, 'click', A - DAY), ev(b1.id, 'conversion', A - DAY)] }, { recorded: 4, duplicates: 0 });
        await ingest(t).job(bob, { created_at: iso(A - DAY), status: 'completed', app_id: 'brand-studio', credit_used: 3 });

        const s = await stats(alice, range(from, A));
        expect(Date.parse(s.period.from), s.period.from).toBe(from);
        expect(Date.parse(s.period.to), s.period.to).toBe(A);
        expect(Date.parse(s.previous_period.from), s.previous_period.from).toBe(prevFrom);
        expect(Date.parse(s.previous_period.to), s.previous_period.to).toBe(from);
        expect(s.current).toEqual({
          views: 6,
          clicks: 4,
          ctr: 0.6667,
          downloads: 2,
          shares: 0,
          conversions: 1,
          conversion_rate: 0.25,
          generations: { total: 4, by_status: { queued: 1, processing: 0, completed: 1, failed: 1, partial: 1 }, by_app: { 'video-mixer': 2, 'carousel-mix': 1, 'text-to-video': 1 } },
          credits_used: 8.75,
          storage_used: 0, // both images came after the period
        });
        expect(s.previous).toEqual({
          views: 9,
          clicks: 2,
          ctr: 0.2222,
          downloads: 3,
          shares: 1,
          conversions: 0,
          conversion_rate: 0,
          generations: { total: 2, by_status: { queued: 1, processing: 1, completed: 0, failed: 0, partial: 0 }, by_app: { 'video-mixer': 1, 'carousel-mix': 1 } },
          credits_used: 0,
          storage_used: 0,
        });
        // Rates compare unrounded: CTR 4/6 against 2/9 is +200 %.
        expect(s.change).toEqual({ ...noChange, views: -0.3333, clicks: 1, ctr: 2, downloads: -0.3333, shares: -1, generations: 1 });
        expect(s.storage_used).toBe(2 * PNG.length);
        expect(Object.keys(s).sort()).toEqual(['change', 'current', 'period', 'previous', 'previous_period', 'quota', 'storage_used']);

        const sb = await stats(bob, range(from, A));
        expect(sb.current).toEqual({
          ...zeroTotals,
          views: 1,
          clicks: 1,
          ctr: 1,
          conversions: 1,
          conversion_rate: 1,
          generations: { total: 1, by_status: { queued: 0, processing: 0, completed: 1, failed: 0, partial: 0 }, by_app: { 'brand-studio': 1 } },
          credits_used: 3,
        });
        expect(sb.previous).toEqual({ ...zeroTotals, views: 1, ctr: 0 });
        expect(sb.change).toMatchObject({ views: 0, clicks: null, generations: null });
      });

      it('storage_used counts the bytes of the owner’s live stored assets', async () => {
        const u = await makeUser(t);
        const other = await makeUser(t);
        const job = await oldJob(u);
        await image(u, { jobId: job.id, bytes: pngOf(100) });
        const gone = await image(u, { jobId: job.id, bytes: pngOf(300) });
        await image(u, { bytes: pngOf(64) });
        const doomedJob = await oldJob(u);
        await image(u, { jobId: doomedJob.id, bytes: pngOf(500) });
        await image(other, { bytes: pngOf(700) });
        expect((await stats(u)).storage_used).toBe(100 + 300 + 64 + 500);
        expect((await u.send('DELETE', `/api/v1/assets/${gone.id}`)).status).toBe(200);
        expect((await u.send('DELETE', `/api/v1/jobs/${doomedJob.id}`)).status).toBe(200);
        expect((await stats(u)).storage_used).toBe(100 + 64);
        expect((await stats(other)).storage_used).toBe(700);
      });

      it('defaults to the 30 days ending now, the previous period being the 30 days before', async () => {
        const u = await makeUser(t);
        const a = await image(u);
        const before = now();
        await recordOk(u, { events: [ev(a.id, 'view', before - 29 * DAY), ev(a.id, 'view', before - 31 * DAY), ev(a.id, 'view', before - 61 * DAY)] }, { recorded: 3, duplicates: 0 });
        const s = await stats(u);
        const to = Date.parse(s.period.to);
        expect(to).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
        expect(Date.parse(s.period.from)).toBe(to - 30 * DAY);
        expect(Date.parse(s.previous_period.to)).toBe(to - 30 * DAY);
        expect(Date.parse(s.previous_period.from)).toBe(to - 60 * DAY);
        expect(s.current.views).toBe(1);
        expect(s.previous.views).toBe(1);
        expect(s.change.views).toBe(0);
      });

      it('with only `from`, the period runs to now; with only `to`, it starts 30 days before', async () => {
        const u = await makeUser(t);
        const from = now() - 3 * DAY - 777;
        const before = now();
        const onlyFrom = await stats(u, `?from=${encodeURIComponent(iso(from))}`);
        expect(Date.parse(onlyFrom.period.from)).toBe(from);
        expect(Date.parse(onlyFrom.period.to)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
        const span = Date.parse(onlyFrom.period.to) - from;
        expect(Date.parse(onlyFrom.previous_period.from)).toBe(from - span);
        expect(Date.parse(onlyFrom.previous_period.to)).toBe(from);

        const to = now() - 5 * DAY - 321;
        const onlyTo = await stats(u, `?to=${encodeURIComponent(iso(to))}`);
        expect(Date.parse(onlyTo.period.to)).toBe(to);
        expect(Date.parse(onlyTo.period.from)).toBe(to - 30 * DAY);
        expect(Date.parse(onlyTo.previous_period.from)).toBe(to - 60 * DAY);
      });

      it('the default end of the period is the server’s now (exactly the clock on Node)', async () => {
        const u = await makeUser(t);
        const before = now();
        const byDefault = await stats(u);
        const onlyFrom = await stats(u, `?from=${encodeURIComponent(iso(before - DAY))}`);
        const after = now();
        for (const s of [byDefault, onlyFrom]) {
          const to = Date.parse(s.period.to);
          if (t.clock) expect(to, s.period.to).toBe(t.clock.now());
          expect(to, s.period.to).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
          expect(to, s.period.to).toBeLessThanOrEqual(after);
        }
      });

      describe('local calendar days: `days` or `start_date`–`end_date` in `tz`', () => {
        /** The first instant of a calendar date in a zone (the test's own arithmetic, through Intl). */
        const midnight = (date: string, tz: string) => {
          // The zone's offset near that day's noon, applied to its midnight (no zone changes offset at midnight in these tests).
          const noon = Date.parse(`${date}T12:00:00Z`);
          const local = Date.parse(new Date(noon).toLocaleString('sv-SE', { timeZone: tz }).replace(' ', 'T') + 'Z');
          return Date.parse(`${date}T00:00:00Z`) - (local - noon);
        };

        it('`days` counts the same local days as the chart, with the days before as the previous period', async () => {
          const u = await makeUser(t);
          const a = await image(u);
          const tz = 'Asia/Tokyo';
          const today = dayIn(now(), tz);
          const first = datesEndingAt(today, 7)[0]!;
          const start = midnight(first, tz);
          const events = [ev(a.id, 'view', start), ev(a.id, 'view', start + 3 * DAY), ev(a.id, 'click', now() - MIN), ev(a.id, 'view', start - 1), ev(a.id, 'view', start - 7 * DAY), ev(a.id, 'view', start - 7 * DAY - 1)];
          await recordOk(u, { events }, { recorded: events.length, duplicates: 0 });
          const s = await stats(u, `?days=7&tz=${encodeURIComponent(tz)}`);
          expect(Date.parse(s.period.from), s.period.from).toBe(start);
          expect(Date.parse(s.period.to), s.period.to).toBe(midnight(today, tz) + DAY);
          expect(Date.parse(s.previous_period.from), s.previous_period.from).toBe(start - 7 * DAY);
          expect(Date.parse(s.previous_period.to)).toBe(start);
          expect([s.current.views, s.current.clicks, s.previous.views]).toEqual([2, 1, 2]);
          expect(s.change).toMatchObject({ views: 0, clicks: null });
          const c = await chart(u, `?metric=views&days=7&tz=${encodeURIComponent(tz)}`);
          expect(c.series.reduce((n, p) => n + p.value, 0)).toBe(s.current.views);
        });

        it('`start_date`–`end_date` (both included) and the same number of days before', async () => {
          const u = await makeUser(t);
          const a = await image(u);
          const tz = 'America/New_York';
          const last = dateOf(now() - 10 * DAY);
          const first = dateOf(now() - 12 * DAY);
          const from = midnight(first, tz);
          const to = midnight(last, tz) + DAY;
          const events = [ev(a.id, 'share', from), ev(a.id, 'share', to - 1), ev(a.id, 'share', to), ev(a.id, 'share', from - 1), ev(a.id, 'share', from - 3 * DAY)];
          await recordOk(u, { events }, { recorded: events.length, duplicates: 0 });
          const q = `start_date=${first}&end_date=${last}&tz=${encodeURIComponent(tz)}`;
          const s = await stats(u, `?${q}`);
          expect([Date.parse(s.period.from), Date.parse(s.period.to)]).toEqual([from, to]);
          expect([Date.parse(s.previous_period.from), Date.parse(s.previous_period.to)]).toEqual([from - 3 * DAY, from]);
          expect([s.current.shares, s.previous.shares, s.change.shares]).toEqual([2, 2, 0]);
          const c = await chart(u, `?metric=shares&${q}`);
          expect(c.series).toEqual(datesEndingAt(last, 3).map((date, i) => ({ date, value: i === 1 ? 0 : 1 })));
          const one = await chart(u, `?metric=shares&start_date=${last}&end_date=${last}&tz=${encodeURIComponent(tz)}`);
          expect(one.series).toEqual([{ date: last, value: 1 }]);
        });

        it('storage_used of each period is what was stored at its end, and its change', async () => {
          if (!t.clock) return; // needs files added at chosen times: the Node clock
          const u = await makeUser(t);
          const start = now();
          await at(start - 20 * DAY, () => image(u, { bytes: pngOf(100) }));
          await at(start - 3 * DAY, () => image(u, { bytes: pngOf(300) }));
          const s = await stats(u, '?days=7&tz=UTC');
          expect([s.current.storage_used, s.previous.storage_used, s.storage_used]).toEqual([400, 100, 400]);
          expect(s.change.storage_used).toBe(3);
        });

        it.each([
          ['days=0', '?days=0'],
          ['days=367', '?days=367'],
          ['days with from', () => `?days=7&from=${encodeURIComponent(iso(now() - DAY))}`],
          ['days with start_date', '?days=7&start_date=2026-01-01&end_date=2026-01-07'],
          ['from with start_date', () => `?from=${encodeURIComponent(iso(now() - DAY))}&start_date=2026-01-01&end_date=2026-01-07`],
          ['start_date without end_date', '?start_date=2026-01-01'],
          ['end_date without start_date', '?end_date=2026-01-01'],
          ['end_date before start_date', '?start_date=2026-01-08&end_date=2026-01-07'],
          ['367 days', '?start_date=2025-01-01&end_date=2026-01-02'],
          ['an impossible date', '?start_date=2026-02-30&end_date=2026-03-02'],
          ['a date-time for a date', '?start_date=2026-02-01T00:00:00Z&end_date=2026-03-02'],
          ['an unknown tz', '?days=7&tz=Moon%2FBase'],
        ])('stats: 422 for %s', async (_label, query) => {
          const u = await makeUser(t);
          expectValidationError(await u.get(`/api/v1/insights/stats${typeof query === 'function' ? query() : query}`));
        });

        it.each([
          ['days with start_date', '?days=7&start_date=2026-01-01&end_date=2026-01-07'],
          ['start_date without end_date', '?start_date=2026-01-01'],
          ['end_date before start_date', '?start_date=2026-01-08&end_date=2026-01-07'],
          ['367 days', '?start_date=2025-01-01&end_date=2026-01-02'],
          ['an impossible date', '?start_date=2026-01-01&end_date=2026-01-32'],
        ])('charts: 422 for %s', async (_label, query) => {
          const u = await makeUser(t);
          expectValidationError(await u.get(`/api/v1/insights/charts${query}`));
        });
      });

      it('a span of exactly 366 days is allowed', async () => {
        const u = await makeUser(t);
        const to = now() - DAY;
        const s = await stats(u, range(to - 366 * DAY, to));
        expect(Date.parse(s.previous_period.from)).toBe(to - 732 * DAY);
      });

      it.each([
        ['from equal to to', () => range(now() - DAY, now() - DAY)],
        ['from after to', () => range(now() - DAY, now() - 2 * DAY)],
        ['a span over 366 days', () => range(now() - 366 * DAY - 1000, now())],
        ['a span of 400 days', () => range(now() - 400 * DAY, now())],
        ['an unparsable from', () => '?from=yesterday'],
        ['an unparsable to', () => '?to=2026-13-45T00:00:00Z'],
        ['garbage in both', () => '?from=abc&to=def'],
      ])('422 for %s', async (_label, query) => {
        const u = await makeUser(t);
        expectValidationError(await u.get(`/api/v1/insights/stats${query()}`));
      });

      it.each([
        ['no token', undefined],
        ['a garbage token', 'not-a-token'],
      ])('401 with %s', async (_label, token) => {
        expectUnauthorized(await call(t, 'GET', '/api/v1/insights/stats', { token }));
      });
    });

    describe('GET /api/v1/insights/charts', () => {
      /** Checks the envelope and that the series ends today (in tz) with `days` zero-filled entries; returns date → value. */
      async function series(user: TestUser, query: string, expected: { metric: string; tz: string; days: number }) {
        const before = now();
        const body = await chart(user, query);
        const after = now();
        expect({ metric: body.metric, interval: body.interval, tz: body.tz }).toEqual({ metric: expected.metric, interval: 'day', tz: expected.tz });
        expect(body.series, JSON.stringify(body)).toHaveLength(expected.days);
        const last = body.series.at(-1)!.date;
        expect([dayIn(before, expected.tz), dayIn(after, expected.tz)]).toContain(last);
        expect(body.series.map((p) => p.date)).toEqual(datesEndingAt(last, expected.days));
        for (const p of body.series) expect(typeof p.value, JSON.stringify(p)).toBe('number');
        return body;
      }
      const expectedSeries = (last: string, days: number, counts: Record<string, number>) => datesEndingAt(last, days).map((date) => ({ date, value: counts[date] ?? 0 }));
      /** date → count (or sum of weights) of instants, in tz. */
      const bucket = (items: [number, number][], tz: string) => {
        const out: Record<string, number> = {};
        for (const [when, w] of items) out[dayIn(when, tz)] = (out[dayIn(when, tz)] ?? 0) + w;
        return out;
      };

      it('defaults: views per day over the 30 days ending today in UTC, zero-filled', async () => {
        const u = await makeUser(t);
        const body = await series(u, '', { metric: 'views', tz: 'UTC', days: 30 });
        expect(body.series.every((p) => p.value === 0)).toBe(true);
      });

      it.each([7, 90])('days=%i gives that many entries', async (days) => {
        const u = await makeUser(t);
        await series(u, `?days=${days}&interval=day`, { metric: 'views', tz: 'UTC', days });
      });

      it.each(['UTC', 'Asia/Kathmandu', 'America/New_York'])('every metric lands on its day in %s; other owners never count', async (tz) => {
        const u = await makeUser(t);
        const bob = await makeUser(t);
        const a = await image(u);
        const b = await image(bob);
        const N = now();
        const plan: Record<Metric, number[]> = {
          views: [N - 3_600_000, N - 3_600_000 - 1000, N - 2 * DAY, N - 6 * DAY + 3_600_000, N - 9 * DAY],
          clicks: [N - 2 * DAY, N - 3 * DAY],
          downloads: [N - 4 * DAY],
          shares: [N - 5 * DAY, N - 5 * DAY + 1000],
          conversions: [N - 3 * DAY - 60_000],
        };
        const events = metrics.flatMap((m) => plan[m].map((when) => ev(a.id, typeOf[m], when)));
        await recordOk(u, { events }, { recorded: events.length, duplicates: 0 });
        await recordOk(bob, { events: [ev(b.id, 'view', N - 3_600_000), ev(b.id, 'click', N - 2 * DAY)] }, { recorded: 2, duplicates: 0 });
        const jobs: [number, number][] = [[N - DAY, 1.5], [N - DAY - MIN, 2], [N - 3 * DAY, 0.25], [N - 10 * DAY, 4]];
        for (const [when, credit_used] of jobs) await ingest(t).job(u, { created_at: iso(when), credit_used, status: 'completed' });
        const trashed = await ingest(t).job(u, { created_at: iso(N - 2 * DAY), credit_used: 10 });
        expect((await u.send('DELETE', `/api/v1/jobs/${trashed.id}`)).status).toBe(200);
        await ingest(t).job(bob, { created_at: iso(N - DAY), credit_used: 9 });

        const q = (metric: string) => `?metric=${metric}&days=7&tz=${encodeURIComponent(tz)}`;
        for (const m of metrics) {
          const body = await series(u, q(m), { metric: m, tz, days: 7 });
          const last = body.series.at(-1)!.date;
          expect(body.series, m).toEqual(expectedSeries(last, 7, bucket(plan[m].map((when) => [when, 1]), tz)));
        }
        const gens = await series(u, q('generations'), { metric: 'generations', tz, days: 7 });
        expect(gens.series).toEqual(expectedSeries(gens.series.at(-1)!.date, 7, bucket(jobs.map(([when]) => [when, 1]), tz)));
        const credits = await series(u, q('credits_used'), { metric: 'credits_used', tz, days: 7 });
        expect(credits.series).toEqual(expectedSeries(credits.series.at(-1)!.date, 7, bucket(jobs, tz)));
      });

      describe('Node: day boundaries across time zones', () => {
        /** Events (and jobs) at `instants` for a fresh user with the clock at `clockAt`; the series in tz. */
        async function dstCase(clockAt: string, instants: string[], tz: string) {
          return at(Date.parse(clockAt), async () => {
            const u = await makeUser(t);
            const a = await image(u);
            await recordOk(u, { events: instants.map((i) => ({ asset_id: a.id, type: 'view', at: i })) }, { recorded: instants.length, duplicates: 0 });
            for (const i of instants) await ingest(t).job(u, { created_at: i });
            const views = await chart(u, `?metric=views&days=7&tz=${encodeURIComponent(tz)}`);
            const gens = await chart(u, `?metric=generations&days=7&tz=${encodeURIComponent(tz)}`);
            const utc = await chart(u, '?metric=views&days=7&tz=UTC');
            return { views, gens, utc };
          });
        }
        const nonZero = (s: { series: { date: string; value: number }[] }) => Object.fromEntries(s.series.filter((p) => p.value !== 0).map((p) => [p.date, p.value]));

        it('New York, spring forward (2026-03-08): EST and EDT midnights', async () => {
          if (!t.clock) return; // workerd: the Worker's clock is real time
          const r = await dstCase('2026-03-10T15:00:00Z', ['2026-03-08T04:59:59Z', '2026-03-08T05:00:00Z', '2026-03-09T03:59:59Z', '2026-03-09T04:00:00Z'], 'America/New_York');
          expect(r.views).toMatchObject({ metric: 'views', interval: 'day', tz: 'America/New_York' });
          expect(r.views.series.map((p) => p.date)).toEqual(datesEndingAt('2026-03-10', 7));
          expect(nonZero(r.views)).toEqual({ '2026-03-07': 1, '2026-03-08': 2, '2026-03-09': 1 });
          expect(nonZero(r.gens)).toEqual({ '2026-03-07': 1, '2026-03-08': 2, '2026-03-09': 1 });
          expect(r.utc.series.map((p) => p.date)).toEqual(datesEndingAt('2026-03-10', 7));
          expect(nonZero(r.utc)).toEqual({ '2026-03-08': 2, '2026-03-09': 2 });
        });

        it('New York, fall back (2026-11-01): a 25-hour day', async () => {
          if (!t.clock) return;
          const r = await dstCase('2026-11-03T15:00:00Z', ['2026-11-01T03:59:59Z', '2026-11-01T04:00:00Z', '2026-11-02T04:59:59Z', '2026-11-02T05:00:00Z'], 'America/New_York');
          expect(r.views.series.map((p) => p.date)).toEqual(datesEndingAt('2026-11-03', 7));
          expect(nonZero(r.views)).toEqual({ '2026-10-31': 1, '2026-11-01': 2, '2026-11-02': 1 });
          expect(nonZero(r.gens)).toEqual({ '2026-10-31': 1, '2026-11-01': 2, '2026-11-02': 1 });
          expect(nonZero(r.utc)).toEqual({ '2026-11-01': 2, '2026-11-02': 2 });
        });

        it('Sydney, end of daylight saving (2026-04-05): AEDT and AEST midnights', async () => {
          if (!t.clock) return;
          const r = await dstCase('2026-04-07T03:00:00Z', ['2026-04-04T12:59:59Z', '2026-04-04T13:00:00Z', '2026-04-05T13:59:59Z', '2026-04-05T14:00:00Z'], 'Australia/Sydney');
          expect(r.views.series.map((p) => p.date)).toEqual(datesEndingAt('2026-04-07', 7));
          expect(nonZero(r.views)).toEqual({ '2026-04-04': 1, '2026-04-05': 2, '2026-04-06': 1 });
          expect(nonZero(r.gens)).toEqual({ '2026-04-04': 1, '2026-04-05': 2, '2026-04-06': 1 });
          expect(nonZero(r.utc)).toEqual({ '2026-04-04': 2, '2026-04-05': 2 });
        });

        it('Kathmandu (+05:45): midnight falls at 18:15 UTC', async () => {
          if (!t.clock) return;
          const r = await dstCase('2026-03-10T15:00:00Z', ['2026-03-07T18:14:59Z', '2026-03-07T18:15:00Z', '2026-03-08T18:14:59.999Z', '2026-03-08T18:15:00Z'], 'Asia/Kathmandu');
          expect(r.views.series.map((p) => p.date)).toEqual(datesEndingAt('2026-03-10', 7));
          expect(nonZero(r.views)).toEqual({ '2026-03-07': 1, '2026-03-08': 2, '2026-03-09': 1 });
          expect(nonZero(r.gens)).toEqual({ '2026-03-07': 1, '2026-03-08': 2, '2026-03-09': 1 });
          expect(nonZero(r.utc)).toEqual({ '2026-03-07': 2, '2026-03-08': 2 });
        });

        it('the last entry is today in the zone even when UTC is already tomorrow', async () => {
          if (!t.clock) return;
          // 2026-03-10T02:00Z is still 2026-03-09 in New York and already 2026-03-10 in UTC.
          const r = await dstCase('2026-03-10T02:00:00Z', ['2026-03-10T01:00:00Z'], 'America/New_York');
          expect(r.views.series.at(-1)).toEqual({ date: '2026-03-09', value: 1 });
          expect(r.utc.series.at(-1)).toEqual({ date: '2026-03-10', value: 1 });
        });
      });

      it.each([
        ['an unknown metric', '?metric=likes'],
        ['a metric of the wrong case', '?metric=Views'],
        ['interval=week', '?interval=week'],
        ['interval=hour', '?interval=hour'],
        ['days=6', '?days=6'],
        ['days=91', '?days=91'],
        ['days=abc', '?days=abc'],
        ['days=7.5', '?days=7.5'],
        ['tz=Mars/Olympus', '?tz=Mars%2FOlympus'],
        ['tz=Not a zone', '?tz=Not%20a%20zone'],
      ])('422 for %s', async (_label, query) => {
        const u = await makeUser(t);
        expectValidationError(await u.get(`/api/v1/insights/charts${query}`));
      });

      it.each([
        ['no token', undefined],
        ['a garbage token', 'not-a-token'],
      ])('401 with %s', async (_label, token) => {
        expectUnauthorized(await call(t, 'GET', '/api/v1/insights/charts', { token }));
      });
    });

    describe('views of public links (GET /api/v1/asset/:id)', () => {
      const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';
      /** A fetch of the stable link as a visitor at `ip` with a user agent (a browser's unless given). */
      const visit = async (id: string, ip: string, headers: Record<string, string> = {}, method = 'GET') => {
        const res = await t.fetch(`/api/v1/asset/${id}`, { method, headers: { 'user-agent': BROWSER, 'x-genshelf-client-ip': ip, 'cf-connecting-ip': ip, ...headers } });
        await res.arrayBuffer();
        return res.status;
      };
      async function publicImage(user: TestUser) {
        const a = await image(user);
        const r = await user.send('PUT', `/api/v1/assets/${a.id}/visibility`, { is_public: true });
        expect(r.status, r.text).toBe(200);
        return a;
      }
      /**
       * Views are written in batches after the response: wait until `asset`'s all-time views reach
       * `n` (every view so far, earlier barriers included) plus this call's barrier — a view from a
       * fresh visitor that proves every earlier batch is written, so a count that should not have
       * grown is checked after it.
       */
      async function viewsSettle(user: TestUser, assetId: string, n: number, barrier = true) {
        if (barrier) expect(await visit(assetId, `198.51.100.${Math.floor(Math.random() * 250)}`, { 'user-agent': `${BROWSER} barrier/${unique()}` })).toBe(200);
        const want = n + (barrier ? 1 : 0);
        for (let i = 0; ; i++) {
          const got = (await allTime(user, 'views'))[assetId] ?? 0;
          if (got >= want || i > 200) return expect(got).toBe(want);
          await new Promise((r) => setTimeout(r, 25));
        }
      }

      it('each visitor counts once an hour for the owner, however many requests (ranges) they make', async () => {
        const u = await makeUser(t);
        const a = await publicImage(u);
        expect(await visit(a.id, '203.0.113.1')).toBe(200);
        expect(await visit(a.id, '203.0.113.1')).toBe(200);
        expect(await visit(a.id, '203.0.113.1', { range: 'bytes=0-9' })).toBe(206);
        expect(await visit(a.id, '203.0.113.2')).toBe(200);
        expect(await visit(a.id, '203.0.113.2', { 'user-agent': `${BROWSER} Edg/130.0` })).toBe(200);
        await viewsSettle(u, a.id, 3);
        const s = await stats(u, '?days=1&tz=UTC');
        expect(s.current.views).toBe(4);
      });

      it('the owner’s views appear only in the owner’s insights', async () => {
        const alice = await makeUser(t);
        const bob = await makeUser(t);
        const a = await publicImage(alice);
        expect(await visit(a.id, '203.0.113.9')).toBe(200);
        await viewsSettle(alice, a.id, 1);
        expect(await allTime(bob, 'views')).toEqual({});
        expect((await stats(bob, '?days=1&tz=UTC')).current.views).toBe(0);
      });

      it.each([
        ['a crawler', { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' }],
        ['a link preview', { 'user-agent': 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)' }],
        ['an HTTP library', { 'user-agent': 'curl/8.5.0' }],
        ['no user agent', { 'user-agent': '' }],
        ['a prefetch', { 'sec-purpose': 'prefetch' }],
      ])('%s is not counted', async (_label, headers) => {
        const u = await makeUser(t);
        const a = await publicImage(u);
        expect(await visit(a.id, '203.0.113.20', headers)).toBe(200);
        await viewsSettle(u, a.id, 0);
      });

      it('HEAD, a private asset and a trashed one count nothing', async () => {
        const u = await makeUser(t);
        const a = await publicImage(u);
        expect(await visit(a.id, '203.0.113.30', {}, 'HEAD')).toBe(200);
        await viewsSettle(u, a.id, 0);
        const hidden = await image(u);
        expect(await visit(hidden.id, '203.0.113.31')).toBe(404);
        const gone = await publicImage(u);
        expect((await u.send('DELETE', `/api/v1/assets/${gone.id}`)).status).toBe(200);
        expect(await visit(gone.id, '203.0.113.32')).toBe(404);
        await viewsSettle(u, a.id, 1); // the first barrier's view
        expect(Object.keys(await allTime(u, 'views'))).toEqual([a.id]);
      });

      it('the owner’s own views through signed URLs never count', async () => {
        const u = await makeUser(t);
        const a = await publicImage(u);
        const listed = await u.get(`/api/v1/assets/${a.id}`);
        const res = await t.fetch(new URL(listed.body.url).pathname, { headers: { 'user-agent': BROWSER } });
        expect(res.status).toBe(200);
        await res.arrayBuffer();
        expect((await u.get(`/api/v1/assets/${a.id}/content`, { 'user-agent': BROWSER })).status).toBe(200);
        await viewsSettle(u, a.id, 0);
      });

      it('Node: the same visitor counts again in the next hour', async () => {
        if (!t.clock) return;
        const u = await makeUser(t);
        const a = await publicImage(u);
        const hour = Math.floor(now() / 3_600_000) * 3_600_000;
        await at(hour + 1000, () => visit(a.id, '203.0.113.40'));
        await at(hour + 3_599_000, () => visit(a.id, '203.0.113.40'));
        await at(hour + 3_600_000, () => visit(a.id, '203.0.113.40'));
        await viewsSettle(u, a.id, 2);
      });
    });

    describe('GET /api/v1/insights/top-assets', () => {
      it('ranks the owner’s assets by value, only those above zero, with their app and working URLs', async () => {
        const u = await makeUser(t);
        const job = await oldJob(u, { app_id: 'carousel-mix' });
        const alpha = await image(u, { jobId: job.id, title: 'Alpha' });
        const beta = await image(u, { jobId: job.id, title: 'Beta' });
        const gamma = await image(u, { jobId: job.id, title: 'Gamma' });
        const copy = await textAsset(u, 'Buy one, sip twice.', { jobId: job.id, title: 'Copy' });
        await image(u, { jobId: job.id, title: 'Never seen' });
        const plan: [typeof alpha, EventType, number][] = [
          [alpha, 'view', 3], [copy, 'view', 2], [beta, 'view', 1],
          [gamma, 'click', 2], [alpha, 'click', 1],
          [beta, 'download', 1],
        ];
        const events = plan.flatMap(([asset, type, n]) => Array.from({ length: n }, (_, i) => ev(asset.id, type, now() - (i + 1) * DAY)));
        await recordOk(u, { events }, { recorded: events.length, duplicates: 0 });

        const views = await topAssets(u);
        expect(views.metric).toBe('views');
        expect(views.assets.map((a) => [a.id, a.value])).toEqual([[alpha.id, 3], [copy.id, 2], [beta.id, 1]]);
        const app = apps['carousel-mix']!;
        expect(views.assets[0]).toEqual({
          id: alpha.id,
          job_id: job.id,
          kind: 'image',
          title: 'Alpha',
          app_id: 'carousel-mix',
          app_name: app.name,
          app_color: app.color,
          url: expect.any(String),
          thumbnail_url: expect.any(String),
          value: 3,
        });
        expect(views.assets[1]).toMatchObject({ id: copy.id, job_id: job.id, kind: 'text', title: 'Copy', app_id: 'carousel-mix', value: 2 });
        for (const link of [views.assets[0]!.url, views.assets[0]!.thumbnail_url]) {
          const res = await t.fetch(new URL(link).pathname + new URL(link).search);
          expect(res.status, link).toBe(200);
          expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([...PNG]);
        }
        expect((await topAssets(u, '?metric=clicks')).assets.map((a) => [a.id, a.value])).toEqual([[gamma.id, 2], [alpha.id, 1]]);
        expect((await topAssets(u, '?metric=downloads')).assets.map((a) => [a.id, a.value])).toEqual([[beta.id, 1]]);
        expect(await topAssets(u, '?metric=shares')).toEqual({ metric: 'shares', assets: [] });
        expect(await topAssets(u, '?metric=conversions')).toEqual({ metric: 'conversions', assets: [] });
        expect((await topAssets(u, '?metric=views&limit=1')).assets.map((a) => a.id)).toEqual([alpha.id]);
      });

      it('a text asset has no thumbnail (thumbnail_url null), also beside images of its job', async () => {
        const u = await makeUser(t);
        const job = await oldJob(u);
        await image(u, { jobId: job.id });
        const copy = await textAsset(u, 'Fresh roast, every Monday.', { jobId: job.id });
        const alone = await textAsset(u, 'Only words here.');
        await recordOk(u, { events: [ev(copy.id, 'click'), ev(copy.id, 'click'), ev(alone.id, 'click')] }, { recorded: 3, duplicates: 0 });
        const top = await topAssets(u, '?metric=clicks');
        expect(top.assets.map((a) => [a.id, a.kind, a.value])).toEqual([[copy.id, 'text', 2], [alone.id, 'text', 1]]);
        expect(top.assets.map((a) => a.thumbnail_url), JSON.stringify(top)).toEqual([null, null]);
        const served = await t.fetch(new URL(top.assets[0]!.url).pathname);
        expect(served.status).toBe(200);
        expect(await served.text()).toBe('Fresh roast, every Monday.');
      });

      it('answers 5 by default and up to `limit`', async () => {
        const u = await makeUser(t);
        const job = await oldJob(u);
        const assets: Awaited<ReturnType<typeof image>>[] = [];
        for (let i = 0; i < 6; i++) assets.push(await image(u, { jobId: job.id, title: `n${i}` }));
        const events = assets.flatMap((a, i) => Array.from({ length: i + 1 }, () => ev(a.id, 'share', now() - DAY)));
        await recordOk(u, { events }, { recorded: 21, duplicates: 0 });
        const byValue = [...assets].reverse().map((a, i) => [a.id, 6 - i]);
        expect((await topAssets(u, '?metric=shares')).assets.map((a) => [a.id, a.value])).toEqual(byValue.slice(0, 5));
        expect((await topAssets(u, '?metric=shares&limit=20')).assets.map((a) => [a.id, a.value])).toEqual(byValue);
        expect((await topAssets(u, '?metric=shares&limit=2')).assets.map((a) => [a.id, a.value])).toEqual(byValue.slice(0, 2));
      });

      it('counts all time, not just a period', async () => {
        const u = await makeUser(t);
        const a = await image(u);
        await recordOk(u, { events: [ev(a.id, 'conversion', now() - 300 * DAY), ev(a.id, 'conversion', now() - 100 * DAY), ev(a.id, 'conversion', now() - MIN)] }, { recorded: 3, duplicates: 0 });
        expect((await topAssets(u, '?metric=conversions')).assets.map((x) => [x.id, x.value])).toEqual([[a.id, 3]]);
      });

      it('a trashed asset (or one of a trashed job) disappears', async () => {
        const u = await makeUser(t);
        const keep = await image(u);
        const gone = await image(u);
        const inJob = await image(u);
        await recordOk(u, { events: [ev(keep.id, 'view'), ev(gone.id, 'view'), ev(gone.id, 'view'), ev(inJob.id, 'view'), ev(inJob.id, 'view'), ev(inJob.id, 'view')] }, { recorded: 6, duplicates: 0 });
        expect((await topAssets(u)).assets.map((a) => a.id)).toEqual([inJob.id, gone.id, keep.id]);
        expect((await u.send('DELETE', `/api/v1/assets/${gone.id}`)).status).toBe(200);
        expect((await u.send('DELETE', `/api/v1/jobs/${inJob.job_id}`)).status).toBe(200);
        expect((await topAssets(u)).assets.map((a) => a.id)).toEqual([keep.id]);
      });

      it('shows only the owner’s assets', async () => {
        const alice = await makeUser(t);
        const bob = await makeUser(t);
        const a = await image(alice);
        const b = await image(bob);
        await recordOk(alice, { events: [ev(a.id, 'view')] }, { recorded: 1, duplicates: 0 });
        await recordOk(bob, { events: Array.from({ length: 5 }, () => ev(b.id, 'view')) }, { recorded: 5, duplicates: 0 });
        expect((await topAssets(alice)).assets.map((x) => [x.id, x.value])).toEqual([[a.id, 1]]);
        expect((await topAssets(bob)).assets.map((x) => [x.id, x.value])).toEqual([[b.id, 5]]);
        expect((await topAssets(await makeUser(t))).assets).toEqual([]);
      });

      it.each([
        ['limit=0', '?limit=0'],
        ['limit=21', '?limit=21'],
        ['limit=abc', '?limit=abc'],
        ['metric=bogus', '?metric=bogus'],
        ['metric=generations', '?metric=generations'],
      ])('422 for %s', async (_label, query) => {
        const u = await makeUser(t);
        expectValidationError(await u.get(`/api/v1/insights/top-assets${query}`));
      });

      it.each([
        ['no token', undefined],
        ['a garbage token', 'not-a-token'],
      ])('401 with %s', async (_label, token) => {
        expectUnauthorized(await call(t, 'GET', '/api/v1/insights/top-assets', { token }));
      });
    });
  });
}
