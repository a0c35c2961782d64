/**
 * `npm run bench -- --only insights` (also part of a plain `npm run bench`): the insights
 * endpoints for an owner with 1,000,000 usage events.
 *
 * Set-up, in a temp directory under bench/.data that is removed at the end: a libSQL file opened
 * with the app's own `openDatabase()` (real migrations, so the `events` triggers that keep the
 * 15-minute roll-up `event_buckets` and the per-asset `event_totals` are the real ones); one
 * owner with a few jobs and 200 assets inserted as rows; 1,000,000 events over the 90 days
 * before the build, inserted in time order through
 * `insert into events … select … from json_each(?)` in chunks of 10,000 (every row fires the
 * roll-up triggers, as live traffic would); then `analyze`. The SQL of each endpoint is looked at
 * in-process (bench/explain.ts); then the real server (api/node.ts) is started on that file and
 * each endpoint is sampled sequentially (server time from `Server-Timing`, round trip from the
 * client) and loaded with autocannon at 1 and N connections. Every answer is first checked
 * against counts computed from the generated events.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { Agent } from 'node:http';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../api/node.ts';
import { sampleApps } from '../api/sample/apps.ts';
import { registerApps } from '../api/services/apps.ts';
import { lastDays } from '../api/lib/time-zone.ts';
import { dailySeries, periodTotals, storageUsed, topAssets } from '../api/services/insights.ts';
import { explainAll, type Explained } from './explain.ts';
import { getJson, loadAverage, measureEndpoint, startClock, type EndpointResult } from './measure.ts';
import { prng, weighted, zipf } from './random.ts';
import { inWorkDir, startGenshelf, type Child } from './servers.ts';

export interface InsightsOptions {
  root: string;
  dataDir: string;
  log: (line: string) => void;
  /** seconds per autocannon run */
  durationS: number;
  connections: number;
  track: (c: Child) => void;
}

export interface InsightsEndpoint extends EndpointResult {
  /** what the sanity check compared */
  checked: string;
}

export interface InsightsResult {
  startedAt: string;
  ms: number;
  build: { ms: number; eventsMs: number; analyzeMs: number; events: number; byType: Record<string, number>; assets: number; jobs: number; days: number; dbBytes: number; bucketRows: number; totalRows: number; chunk: number };
  explained: Explained[];
  endpoints: InsightsEndpoint[];
  durationS: number;
  connections: number;
  loadStart: string;
  loadEnd: string;
  nproc: number;
  node: string;
}

const DAY_MS = 86_400_000;
const EVENTS = 1_000_000;
const DAYS = 90;
const ASSETS = 200;
const JOBS = 20;
const CHUNK = 10_000;
const OWNER_SUB = 'bench-insights';
const OWNER = `user:${OWNER_SUB}`;
/** Of every 1.225 events: 1 view, then clicks, downloads, shares and conversions as a share of views (as the demo data has them). */
const TYPE_WEIGHTS: [string, number][] = [
  ['view', 1],
  ['click', 0.12],
  ['download', 0.06],
  ['share', 0.03],
  ['conversion', 0.015],
];
const APPS = ['video-mixer', 'carousel-mix', 'text-to-video', 'brand-studio', 'anime-motion', 'product-studio'] as const;

interface Built {
  assets: { id: string; kind: string; jobId: string }[];
  /** events as parallel arrays, sorted by time */
  at: Float64Array;
  asset: Uint16Array;
  type: Uint8Array;
  byType: Record<string, number>;
  build: InsightsResult['build'];
}

async function build(dbFile: string, now: number, log: (line: string) => void): Promise<Built> {
  const t0 = performance.now();
  const rand = prng(2026);
  const { db, client } = await openDatabase(`file:${dbFile}`);
  // Its jobs are the sample apps' (a fresh database's registry is empty).
  await registerApps(db, sampleApps, Date.now(), { replace: false });
  try {
    // ---- jobs and assets: 20 jobs over the 90 days, 10 assets each (images, videos with their cover image, texts)
    const jobs = Array.from({ length: JOBS }, (_, i) => {
      const createdAt = now - Math.floor(((JOBS - i) / JOBS) * DAYS * DAY_MS) + Math.floor(rand() * 3_600_000);
      return { id: randomUUID(), app: APPS[i % APPS.length]!, createdAt, status: i % 7 === 6 ? 'failed' : i % 9 === 8 ? 'partial' : 'completed' };
    });
    const assets: Built['assets'] = [];
    const assetRows: unknown[][] = [];
    for (const [j, job] of jobs.entries()) {
      for (let k = 0; k < ASSETS / JOBS; k++) {
        const kind = k < 6 ? 'image' : k < 9 ? 'video' : 'text';
        const id = randomUUID();
        assets.push({ id, kind, jobId: job.id });
        const blob = kind === 'text' ? null : `${OWNER}/${job.id}/${id}`;
        const size = kind === 'video' ? 8_000_000 + Math.floor(rand() * 40_000_000) : kind === 'image' ? 200_000 + Math.floor(rand() * 2_000_000) : 1200;
        assetRows.push([
          id,
          job.id,
          OWNER,
          kind,
          k === 0 ? 'thumbnail' : null,
          `${job.app} output ${j + 1}.${k + 1}`,
          blob,
          kind === 'text' ? 'Caption: a bench text output.' : null,
          kind === 'image' ? 'image/png' : kind === 'video' ? 'video/mp4' : 'text/plain',
          size,
          blob ? randomBytes(16).toString('hex') : null,
          job.createdAt + 60_000 + k,
        ]);
      }
    }
    await client.batch(
      [
        {
          sql: `insert into jobs (id, owner, app_id, prompt, params, status, progress, credit_used, created_at, updated_at, completed_at) values ${jobs.map(() => '(?,?,?,?,?,?,?,?,?,?,?)').join(',')}`,
          args: jobs.flatMap((j, i) => [j.id, OWNER, j.app, `bench insights job ${i + 1}`, '{}', j.status, j.status === 'failed' ? 0 : 100, j.status === 'failed' ? 0 : 4 + (i % 5) * 2, j.createdAt, j.createdAt + 120_000, j.createdAt + 120_000]) as never,
        },
        {
          sql: `insert into assets (id, job_id, owner, kind, asset_type, title, blob_key, text_content, mime, size, etag, created_at) values ${assetRows.map(() => '(?,?,?,?,?,?,?,?,?,?,?,?)').join(',')}`,
          args: assetRows.flat() as never,
        },
      ],
      'write',
    );

    // ---- events: popularity Zipf-like over the assets (a few hits, a long tail), an upward
    // trend over the 90 days; sorted by time like live traffic.
    const pickAsset = zipf(
      assets.map((_, i) => i),
      0.9,
    );
    const pickType = weighted(
      TYPE_WEIGHTS.map((_, i) => i),
      TYPE_WEIGHTS.map(([, w]) => w),
    );
    const start = now - DAYS * DAY_MS;
    const times = new Float64Array(EVENTS);
    for (let i = 0; i < EVENTS; i++) {
      // density growing linearly to 2× over the period: x = F⁻¹(u) for F(x) = (x + x²/2) / 1.5
      const x = Math.sqrt(1 + 3 * rand()) - 1;
      times[i] = Math.min(now - 1, start + Math.floor(x * DAYS * DAY_MS));
    }
    times.sort();
    const asset = new Uint16Array(EVENTS);
    const type = new Uint8Array(EVENTS);
    const byType: Record<string, number> = Object.fromEntries(TYPE_WEIGHTS.map(([t]) => [t, 0]));
    for (let i = 0; i < EVENTS; i++) {
      asset[i] = pickAsset(rand());
      type[i] = pickType(rand());
      byType[TYPE_WEIGHTS[type[i]!]![0]]!++;
    }

    log(`bench: insights: inserting ${EVENTS.toLocaleString('en')} events in chunks of ${CHUNK.toLocaleString('en')} (the roll-up triggers fire per row) …`);
    const e0 = performance.now();
    const sqlText = 'insert into events (owner, id, asset_id, type, at) select ?, value->>0, value->>1, value->>2, value->>3 from json_each(?)';
    for (let from = 0; from < EVENTS; from += CHUNK) {
      const rows: [string, string, string, number][] = [];
      for (let i = from; i < Math.min(EVENTS, from + CHUNK); i++) rows.push([randomUUID(), assets[asset[i]!]!.id, TYPE_WEIGHTS[type[i]!]![0], times[i]!]);
      await client.execute({ sql: sqlText, args: [OWNER, JSON.stringify(rows)] });
      if ((from / CHUNK) % 20 === 19) log(`bench: insights:   ${(from + CHUNK).toLocaleString('en')} events, ${((performance.now() - e0) / 1000).toFixed(0)} s`);
    }
    const eventsMs = performance.now() - e0;
    const a0 = performance.now();
    await client.execute('analyze');
    const analyzeMs = performance.now() - a0;
    const count = async (q: string) => Number((await client.execute({ sql: q, args: [OWNER] })).rows[0]![0]);
    const stored = await count('select count(*) from events where owner = ?');
    if (stored !== EVENTS) throw new Error(`${stored} events stored, expected ${EVENTS}`);
    const rolledUp = await count('select coalesce(sum(view + click + download + share + conversion), 0) from event_buckets where owner = ?');
    if (rolledUp !== EVENTS) throw new Error(`event_buckets add up to ${rolledUp}, expected ${EVENTS}`);
    const bucketRows = await count('select count(*) from event_buckets where owner = ?');
    const totalRows = await count('select count(*) from event_totals where owner = ?');
    await client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
    log(`bench: insights:   ${(eventsMs / 1000).toFixed(0)} s for the events (${Math.round(EVENTS / (eventsMs / 1000)).toLocaleString('en')}/s), analyze ${(analyzeMs / 1000).toFixed(1)} s; ${bucketRows.toLocaleString('en')} roll-up slots, ${totalRows} per-asset totals`);
    return {
      assets,
      at: times,
      asset,
      type,
      byType,
      build: { ms: performance.now() - t0, eventsMs, analyzeMs, events: EVENTS, byType, assets: assets.length, jobs: jobs.length, days: DAYS, dbBytes: statSync(dbFile).size, bucketRows, totalRows, chunk: CHUNK },
    };
  } finally {
    client.close();
  }
}

/** Events of `type` with `at` in [from, to) (binary search over the sorted times). */
function countIn(b: Built, typeIndex: number, from: number, to: number): number {
  const lower = (x: number) => {
    let lo = 0;
    let hi = b.at.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (b.at[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let n = 0;
  for (let i = lower(from), end = lower(to); i < end; i++) if (b.type[i] === typeIndex) n++;
  return n;
}

export async function runInsights(opts: InsightsOptions): Promise<InsightsResult> {
  const { log } = opts;
  const started = startClock();
  return inWorkDir(opts.dataDir, 'insights-', opts.track, async (work, track) => {
    const dbFile = join(work, 'insights.db');
    const now = Date.now();
    log(`bench: insights: building ${dbFile} …`);
    const built = await build(dbFile, now, log);

    // ---- in-process: the same service calls the routes make, with their SQL and plans
    log('bench: insights: EXPLAIN QUERY PLAN and in-process time per endpoint …');
    const { client } = await openDatabase(`file:${dbFile}`);
    const cur = { from: now - 30 * DAY_MS, to: now };
    const prev = { from: cur.from - 30 * DAY_MS, to: cur.from };
    const explained = await explainAll(client, [
      { name: 'stats', run: (db) => Promise.all([periodTotals(db, OWNER, cur, now), periodTotals(db, OWNER, prev, now), storageUsed(db, OWNER)]) },
      { name: 'charts-90-ny', run: (db) => dailySeries(db, OWNER, 'views', lastDays(now, 90, 'America/New_York')) },
      { name: 'charts-30-utc', run: (db) => dailySeries(db, OWNER, 'views', lastDays(now, 30, 'UTC')) },
      { name: 'top-assets', run: (db) => topAssets(db, OWNER, 'views', 20) },
    ]);
    client.close();
    for (const e of explained) log(`bench: insights:   ${e.name.padEnd(14)} in-process p50 ${e.total.p50.toFixed(2)} ms, p99 ${e.total.p99.toFixed(2)} ms`);

    // ---- the real server on that file
    log('bench: insights: starting the real server (api/node.ts) …');
    const server = track(
      await startGenshelf({ DATABASE_URL: `file:${dbFile}`, DATA_DIR: join(work, 'server'), BLOB_DIR: join(work, 'blobs'), TRASH_RETENTION_DAYS: '3650' }, { cwd: opts.root, logFile: join(work, 'server.log') }),
    );
    const auth = { authorization: `Bearer ${await server.tokenFor(OWNER_SUB)}` };

    // ---- every answer checked against the generated events first
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const answer = async (path: string) => (await getJson(agent, { url: server.base + path, headers: auth })).body;
    const typeIndex = (t: string) => TYPE_WEIGHTS.findIndex(([x]) => x === t);
    const checks = new Map<string, string>();

    const stats = await answer('/api/v1/insights/stats');
    {
      const [from, to] = [Date.parse(stats.period.from), Date.parse(stats.period.to)];
      const [pFrom, pTo] = [Date.parse(stats.previous_period.from), Date.parse(stats.previous_period.to)];
      const want = { views: countIn(built, typeIndex('view'), from, to), clicks: countIn(built, typeIndex('click'), from, to), conversions: countIn(built, typeIndex('conversion'), from, to), prevViews: countIn(built, typeIndex('view'), pFrom, pTo) };
      const got = { views: stats.current.views, clicks: stats.current.clicks, conversions: stats.current.conversions, prevViews: stats.previous.views };
      if (JSON.stringify(want) !== JSON.stringify(got)) throw new Error(`stats: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
      if (stats.current.generations.total + stats.previous.generations.total <= 0) throw new Error('stats: no generations in either period');
      checks.set('stats', `views ${got.views.toLocaleString('en')} (previous ${got.prevViews.toLocaleString('en')}), clicks ${got.clicks.toLocaleString('en')}, conversions ${got.conversions.toLocaleString('en')} = counted from the generated events; ${stats.current.generations.total} + ${stats.previous.generations.total} generations`);
    }
    const chart = async (days: number, tz: string) => {
      for (let attempt = 0; ; attempt++) {
        const path = `/api/v1/insights/charts?metric=views&days=${days}&tz=${tz}`;
        const body = await answer(path);
        const bounds = lastDays(Date.now(), days, tz);
        const series = body.series as { date: string; value: number }[];
        if (series.map((s) => s.date).join() !== bounds.map((d) => d.date).join()) {
          if (attempt < 1) continue; // a day boundary passed between the two
          throw new Error(`charts ${tz}: days ${series[0]?.date}…${series.at(-1)?.date}, expected ${bounds[0]?.date}…${bounds.at(-1)?.date}`);
        }
        series.forEach((s, i) => {
          const want = countIn(built, typeIndex('view'), bounds[i]!.start, bounds[i]!.end);
          if (s.value !== want) throw new Error(`charts ${tz}: ${s.date} has ${s.value} views, expected ${want}`);
        });
        const sum = series.reduce((a, s) => a + s.value, 0);
        checks.set(`charts-${days}`, `${series.length} days, every day's views = counted from the generated events (${sum.toLocaleString('en')} in all; days with events: ${series.filter((s) => s.value > 0).length})`);
        return path;
      }
    };
    const chart90 = await chart(90, 'America/New_York');
    const chart30 = await chart(30, 'UTC');
    const top = await answer('/api/v1/insights/top-assets?limit=20');
    {
      const views = new Map<string, number>();
      for (let i = 0; i < built.type.length; i++) if (built.type[i] === 0) views.set(built.assets[built.asset[i]!]!.id, (views.get(built.assets[built.asset[i]!]!.id) ?? 0) + 1);
      const want = [...views].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 20);
      const got = (top.assets as { id: string; value: number; url: string | null; thumbnail_url: string | null }[]).map((a) => [a.id, a.value]);
      if (JSON.stringify(want) !== JSON.stringify(got)) throw new Error(`top-assets: expected ${JSON.stringify(want.slice(0, 3))}…, got ${JSON.stringify(got.slice(0, 3))}…`);
      const signed = (top.assets as { url: string | null; thumbnail_url: string | null }[]).filter((a) => a.url).length;
      checks.set('top-assets', `the 20 ids and view counts = counted from the generated events (most viewed: ${want[0]![1].toLocaleString('en')}); ${signed} signed URLs, ${(top.assets as { thumbnail_url: string | null }[]).filter((a) => a.thumbnail_url).length} thumbnails`);
    }
    agent.destroy();

    // ---- measurements
    const specs = [
      { key: 'stats', label: 'stats (30 days and the 30 before, storage)', path: '/api/v1/insights/stats' },
      { key: 'charts-90', label: 'views per day, 90 days, America/New_York', path: chart90 },
      { key: 'charts-30', label: 'views per day, 30 days, UTC', path: chart30 },
      { key: 'top-assets', label: 'top 20 assets by views (all time)', path: '/api/v1/insights/top-assets?limit=20' },
    ];
    const endpoints: InsightsEndpoint[] = [];
    for (const s of specs) {
      log(`bench: insights: ${s.key}: ${s.path}`);
      const measured = await measureEndpoint(s.key, { url: server.base + s.path, headers: auth }, { ...opts, log: (line) => log(`bench: insights: ${line}`) });
      endpoints.push({ ...s, ...measured, checked: checks.get(s.key) ?? '' });
    }
    await server.stop();

    return {
      startedAt: started.startedAt,
      ms: performance.now() - started.t0,
      build: built.build,
      explained,
      endpoints,
      durationS: opts.durationS,
      connections: opts.connections,
      loadStart: started.loadStart,
      loadEnd: loadAverage(),
      nproc: cpus().length,
      node: process.version,
    };
  });
}
