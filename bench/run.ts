/**
 * `npm run bench` — SPEC §8's list/stats/search budgets, measured.
 *
 *   npm run bench                      re-use bench/.data/bench.db when complete, else build it
 *   npm run bench -- --rebuild         build the 1,000,000-job database again
 *   npm run bench -- --duration=10     seconds per autocannon run (default 5)
 *   npm run bench -- --scale=0.1       a smaller database, for trying the bench out
 *                                      (results go to bench/.data/, not bench/RESULTS.md)
 *   npm run bench -- --only list       only the list/stats/search part (steps 1-5 below)
 *   npm run bench -- --only files      only file serving + the server-side ZIP (bench/files.ts)
 *   npm run bench -- --only proxy      only the video proxy beside its upstream and nginx (bench/proxy.ts)
 *   npm run bench -- --only insights   only the insights endpoints on 1,000,000 events (bench/insights.ts)
 *   npm run bench -- --only browser-zip  only the browser ZIP, client-zip vs JSZip in Chromium (bench/browser-zip.ts)
 *   npm run bench -- --only widgets    only the widgets: bundle sizes and <my-work>'s render/scroll in Chromium (bench/widgets.ts)
 *   npm run bench -- --rounds=2 --round=5   file serving and proxy: rounds × seconds of range load per server
 *   npm run bench -- --no-nginx        file serving and proxy without the nginx comparison
 *
 * Steps: build (or re-use) the dataset; look at every endpoint's SQL in-process (EXPLAIN QUERY
 * PLAN, database time); start the real server (api/node.ts, the `npm start` entry, in its own
 * process) and a bare Hono baseline (bench/bare-server.ts) on 127.0.0.1; per endpoint sample
 * server time from `Server-Timing` over sequential requests, then autocannon at 1 and at N
 * connections; write bench/RESULTS.md. Then file serving (bench/files.ts): genshelf beside a plain
 * createReadStream server and nginx on one 256 MiB file, and the server-side ZIP; its section of
 * bench/RESULTS.md is replaced on its own. Then the video proxy (bench/proxy.ts): `/video/:proxy_id`
 * in front of a createReadStream server acting as the provider, beside that provider served
 * directly and nginx, on one 256 MiB file; its own section too. Then the insights endpoints
 * (bench/insights.ts) on a fresh database with one owner's 1,000,000 usage events; its own section
 * too. Then the widgets (bench/widgets.ts): the bundle sizes after `npm run build:widgets`, and
 * `<my-work>`'s first render and scrolling with 10,000 items in Chromium; its own section too.
 * Progress goes to stderr.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { cpus, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../api/node.ts';
import { jobStats, pageOfJobs, readJson, readRows, type JobFilters } from '../api/services/jobs/list.ts';
import type { Keyset, PageRequest } from '../api/lib/paging.ts';
import type { Db } from '../api/db/client.ts';

/** What each endpoint asks of the database (the same service calls the routes make). */
const page = (db: Db, owner: string, f: JobFilters, p: PageRequest, rows = false) => (rows ? pageOfJobs(db, owner, f, p, readRows) : pageOfJobs(db, owner, f, p, readJson));
import { explainAll, type Explained } from './explain.ts';
import { ensureDataset, type BenchDataset } from './generate.ts';
import type { ByteBenchOptions, NginxInfo } from './bytes.ts';
import { mainThreadProfile, summariseProfile } from './profile.ts';
import { getJson, load, loadAverage, measureEndpoint, summarize, type EndpointResult, type Summary, type Target } from './measure.ts';
import { runBrowserZip, writeBrowserZipResults } from './browser-zip.ts';
import { runWidgets, writeWidgetsResults } from './widgets.ts';
import { runFiles } from './files.ts';
import { runInsights } from './insights.ts';
import { runProxy } from './proxy.ts';
import { writeFilesResults, writeInsightsResults, writeProxyResults, writeResults, type ListProfile, type RunInfo, type Verdict } from './report.ts';
import { startChild, startGenshelf, type Child } from './servers.ts';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = resolve(benchDir, '..');
const dataDir = join(benchDir, '.data');

function option(name: string): string | undefined {
  const hit = process.argv.slice(2).find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (!hit) return undefined;
  return hit.includes('=') ? hit.slice(hit.indexOf('=') + 1) : '';
}

const rebuild = option('rebuild') !== undefined;
const scale = Number(option('scale') ?? 1);
const durationS = Number(option('duration') ?? 5);
const connections = Number(option('connections') ?? 16);
const onlyIndex = process.argv.indexOf('--only');
const only = option('only') || (onlyIndex > 0 ? process.argv[onlyIndex + 1] : undefined);
const filesRounds = Number(option('rounds') ?? 2);
const filesRoundS = Number(option('round') ?? 5);
if (
  !(scale > 0 && scale <= 1) ||
  !(durationS > 0 && durationS <= 60) ||
  !(connections >= 1 && connections <= 256) ||
  !(only === undefined || only === 'list' || only === 'files' || only === 'proxy' || only === 'insights' || only === 'browser-zip' || only === 'widgets') ||
  !(Number.isInteger(filesRounds) && filesRounds >= 1 && filesRounds <= 10) ||
  !(filesRoundS > 0 && filesRoundS <= 60)
) {
  console.error('usage: npm run bench [-- --only list|files|proxy|insights|browser-zip|widgets] [--rebuild] [--duration=5] [--connections=16] [--scale=1] [--rounds=2] [--round=5] [--no-nginx]');
  process.exit(2);
}

const log = (line: string) => process.stderr.write(`${line}\n`);
const fmt = (ms: number) => (Number.isFinite(ms) ? ms.toFixed(2) : '—');
const DEEP_POSITION = Math.round(90_000 * scale);
const WALK_PAGE = 100;

const children: Child[] = [];
let interrupted = false;
async function shutdown() {
  await Promise.all(children.splice(0).map((c) => c.stop()));
}
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    interrupted = true;
    log(`bench: ${sig}, stopping the servers`);
    void shutdown().finally(() => process.exit(130));
  });
}

const resultsFile = scale === 1 ? join(benchDir, 'RESULTS.md') : join(dataDir, `RESULTS-scale-${scale}.md`);

async function main() {
  const bytes: ByteBenchOptions = { root, dataDir, log, roundS: filesRoundS, rounds: filesRounds, nginx: option('no-nginx') === undefined, track: (c) => children.push(c) };
  if (only === undefined || only === 'list') await listBench();
  // File serving and the server-side ZIP (bench/files.ts).
  if (only === undefined || only === 'files') await part('file-serving', () => runFiles(bytes), writeFilesResults);
  // The video proxy beside its upstream and nginx (bench/proxy.ts).
  if (only === undefined || only === 'proxy') await part('video-proxy', () => runProxy(bytes), writeProxyResults);
  // The insights endpoints on one owner's 1,000,000 events (bench/insights.ts).
  if (only === undefined || only === 'insights') await part('insights', () => runInsights({ root, dataDir, log, durationS, connections, track: (c) => children.push(c) }), writeInsightsResults);
  // The browser ZIP of 200 files / 1 GB: client-zip vs JSZip in Chromium (bench/browser-zip.ts).
  if (only === undefined || only === 'browser-zip') await part('browser-zip', () => runBrowserZip({ root, log }), writeBrowserZipResults);
  // Widget bundle sizes, <my-work>'s and <asset-gallery>'s first render / scrolling with 10,000 items in Chromium (bench/widgets.ts).
  if (only === undefined || only === 'widgets') await part('widgets', () => runWidgets({ root, log }), writeWidgetsResults);
}

/** A part of the bench with its own section of the results: runs it, replaces its section, prints its verdicts. */
async function part<R extends { ms: number; nginx?: NginxInfo }>(name: string, run: () => Promise<R>, write: (file: string, result: R) => Verdict[]) {
  const result = await run();
  const verdicts = write(resultsFile, result);
  log(`bench: wrote the ${name} section of ${relative(root, resultsFile)} in ${(result.ms / 1000).toFixed(0)} s`);
  if (result.nginx && 'missing' in result.nginx) log(`bench:   nginx: ${result.nginx.missing}`);
  for (const v of verdicts) log(`bench:   ${v.pass ? 'PASS' : 'FAIL'}  ${v.budget}: ${v.measured}`);
}

/** SPEC §8's list/stats/search budgets on the 1,000,000-job database. */
async function listBench() {
  const startedAt = new Date();
  const loadStart = loadAverage();
  const t0 = performance.now();
  mkdirSync(dataDir, { recursive: true });

  // ---------------------------------------------------------------- 1. the dataset
  const { dataset, built } = await ensureDataset({ dataDir, rebuild, scale, log });

  // ---------------------------------------------------------------- 2. in-process look at the SQL
  log('bench: EXPLAIN QUERY PLAN and in-process database time per endpoint …');
  const { client } = await openDatabase(`file:${dataset.dbFile}`);
  const deepKey = await keysetAt(client, dataset.heavy.owner, DEEP_POSITION);
  const heavy = dataset.heavy.owner;
  const meOffset = (4000 - 1) * 25;
  const explained = await explainAll(client, [
    { name: 'list-first', run: (db) => page(db, heavy, {}, { limit: 20, direction: 'desc' }) },
    { name: 'list-deep-keyset', run: (db) => page(db, heavy, {}, { limit: 20, direction: 'desc', after: deepKey }) },
    { name: 'me-jobs-deep-offset', run: (db) => page(db, heavy, {}, { limit: 25, direction: 'desc', offset: meOffset }, true) },
    { name: 'search-rare', run: (db) => page(db, heavy, { q: dataset.rare.term }, { limit: 20, direction: 'desc' }) },
    { name: 'search-common', run: (db) => page(db, heavy, { q: dataset.common.term }, { limit: 20, direction: 'desc' }) },
    { name: 'stats', run: (db) => jobStats(db, heavy) },
    { name: 'typical-first', run: (db) => page(db, dataset.typical.owner, {}, { limit: 20, direction: 'desc' }) },
  ]);
  const sqliteVersion = String((await client.execute('select sqlite_version()')).rows[0]![0]);
  client.close();
  for (const e of explained) log(`bench:   ${e.name.padEnd(20)} in-process p50 ${fmt(e.total.p50)} ms, p99 ${fmt(e.total.p99)} ms`);

  // ---------------------------------------------------------------- 3. servers
  log('bench: starting the real server (api/node.ts) …');
  const serverDir = join(dataDir, 'server');
  mkdirSync(serverDir, { recursive: true });
  // The dataset's trash is recent, but keep the start-up maintenance from purging it on a
  // database re-used months later: the bench must not change its own dataset.
  const real = await startGenshelf({ DATABASE_URL: `file:${dataset.dbFile}`, DATA_DIR: serverDir, TRASH_RETENTION_DAYS: '3650' }, { cwd: root, logFile: join(dataDir, 'server.log') });
  children.push(real);
  // The same app keeping no list pages (PAGE_CACHE_MB=0): every request reads and builds its page,
  // which is what a page costs the first time it is asked for after a change.
  const unkept = await startGenshelf({ DATABASE_URL: `file:${dataset.dbFile}`, DATA_DIR: serverDir, TRASH_RETENTION_DAYS: '3650', PAGE_CACHE_MB: '0', AUTH_JWT_SECRET: real.secrets.AUTH_JWT_SECRET, SIGNING_SECRET: real.secrets.SIGNING_SECRET, INGEST_TOKEN: real.secrets.INGEST_TOKEN }, { cwd: root, logFile: join(dataDir, 'server-unkept.log') });
  children.push(unkept);

  const heavyAuth = { authorization: `Bearer ${await real.tokenFor(dataset.heavy.sub)}` };
  const typicalAuth = { authorization: `Bearer ${await real.tokenFor(dataset.typical.sub)}` };
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const getPage = (path: string, headers: Record<string, string>) => getJson(agent, { url: real.base + path, headers });

  // Sanity: the server sees the dataset we built.
  const first = await getPage('/api/v1/jobs?limit=20', heavyAuth);
  if (first.body.total !== dataset.heavy.jobs) throw new Error(`the heavy owner's total is ${first.body.total}, expected ${dataset.heavy.jobs}`);
  const rare = await getPage(`/api/v1/jobs?limit=20&q=${dataset.rare.term}`, heavyAuth);
  if (rare.body.total !== dataset.rare.jobs) throw new Error(`q=${dataset.rare.term} finds ${rare.body.total}, expected ${dataset.rare.jobs}`);

  // The deep keyset page: cursors are HMAC-signed by the server, so walk next_cursor to position 90,000.
  log(`bench: walking next_cursor to position ${DEEP_POSITION.toLocaleString('en')} (limit=${WALK_PAGE}) …`);
  const walkStart = performance.now();
  const walkServer: number[] = [];
  let cursor: string | null = null;
  for (let seen = 0; seen < DEEP_POSITION; seen += WALK_PAGE) {
    const page: Awaited<ReturnType<typeof getPage>> = await getPage(`/api/v1/jobs?limit=${WALK_PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, heavyAuth);
    walkServer.push(page.server);
    cursor = page.body.next_cursor;
    if (!cursor) throw new Error(`next_cursor ran out after ${seen + WALK_PAGE} jobs`);
  }
  const walkMs = performance.now() - walkStart;
  const walk = { pages: walkServer.length, ms: walkMs, server: summarize(walkServer) };
  const deepPath = `/api/v1/jobs?limit=20&cursor=${encodeURIComponent(cursor!)}`;
  const deep = await getPage(deepPath, heavyAuth);
  if (deep.body.jobs.length !== 20) throw new Error(`the deep page has ${deep.body.jobs.length} jobs`);
  if (deep.body.jobs[0].id === undefined || deep.body.jobs[0].created_at > first.body.jobs[0].created_at) throw new Error('the deep page is not older than the first page');
  log(`bench:   ${walk.pages} pages in ${(walkMs / 1000).toFixed(1)} s (server p50 ${fmt(walk.server.p50)} ms, p99 ${fmt(walk.server.p99)} ms per ${WALK_PAGE}-job page)`);

  const bodyFile = join(dataDir, 'bare-body.json');
  writeFileSync(bodyFile, first.raw);
  log('bench: starting the bare Hono baseline …');
  const bare = await startChild('bare-hono', 'bench/bare-server.ts', { BODY_FILE: bodyFile }, { cwd: root, logFile: join(dataDir, 'bare.log'), readyPath: '/ready' });
  children.push(bare);
  log('bench: starting the naive reference (Hono + libSQL + jose, bench/naive-server.ts) …');
  const naive = await startChild('naive', 'bench/naive-server.ts', { DATABASE_URL: `file:${dataset.dbFile}`, AUTH_JWT_SECRET: real.secrets.AUTH_JWT_SECRET }, { cwd: root, logFile: join(dataDir, 'naive.log'), readyPath: '/ready' });
  children.push(naive);
  const naiveFirst = await getJson(agent, { url: `${naive.base}/jobs?limit=20`, headers: heavyAuth });
  if (naiveFirst.body.jobs.length !== 20 || naiveFirst.body.jobs[0].id !== first.body.jobs[0].id) throw new Error('the naive reference does not answer the same first page');
  agent.destroy();

  // ---------------------------------------------------------------- 4. measurements
  type Spec = { key: string; label: string; path: string; target: Target; note?: string };
  const at = (base: string, path: string, headers: Record<string, string> = {}): Target => ({ url: base + path, headers });
  const specs: Spec[] = [
    { key: 'bare', label: 'bare Hono, same JSON from memory', path: '/bare', target: at(bare.base, '/bare') },
    { key: 'naive', label: 'naive reference: Hono + libSQL + jose, 20 jobs', path: '/jobs?limit=20', target: at(naive.base, '/jobs?limit=20', heavyAuth) },
    { key: 'health', label: 'real app: GET /health (no auth; `select 1` at most once a second)', path: '/health', target: at(real.base, '/health') },
    { key: 'list-first', label: 'first page, heavy owner', path: '/api/v1/jobs?limit=20', target: at(real.base, '/api/v1/jobs?limit=20', heavyAuth) },
    { key: 'list-first-built', label: 'first page, heavy owner, built every time (pages not kept)', path: '/api/v1/jobs?limit=20', target: at(unkept.base, '/api/v1/jobs?limit=20', heavyAuth) },
    { key: 'list-deep-keyset', label: `keyset page at position ${DEEP_POSITION.toLocaleString('en')}, heavy owner`, path: '/api/v1/jobs?limit=20&cursor=…', target: at(real.base, deepPath, heavyAuth) },
    { key: 'list-deep-keyset-built', label: `keyset page at position ${DEEP_POSITION.toLocaleString('en')}, heavy owner, built every time`, path: '/api/v1/jobs?limit=20&cursor=…', target: at(unkept.base, deepPath, heavyAuth) },
    { key: 'me-jobs-deep-offset', label: 'seed 003 deep offset page, heavy owner', path: '/api/me/jobs?page=4000&limit=25', target: at(real.base, '/api/me/jobs?page=4000&limit=25', heavyAuth) },
    { key: 'me-jobs-deep-offset-built', label: 'seed 003 deep offset page, heavy owner, built every time', path: '/api/me/jobs?page=4000&limit=25', target: at(unkept.base, '/api/me/jobs?page=4000&limit=25', heavyAuth) },
    { key: 'search-rare', label: `search, rare term (${dataset.rare.jobs} matches)`, path: `/api/v1/jobs?limit=20&q=${dataset.rare.term}`, target: at(real.base, `/api/v1/jobs?limit=20&q=${dataset.rare.term}`, heavyAuth) },
    { key: 'search-common', label: `search, common term (${dataset.common.heavyJobs.toLocaleString('en')} of the owner's jobs, ${dataset.common.jobs.toLocaleString('en')} overall)`, path: `/api/v1/jobs?limit=20&q=${dataset.common.term}`, target: at(real.base, `/api/v1/jobs?limit=20&q=${dataset.common.term}`, heavyAuth) },
    { key: 'stats', label: 'stats, heavy owner', path: '/api/v1/jobs/stats', target: at(real.base, '/api/v1/jobs/stats', heavyAuth) },
    { key: 'stats-built', label: 'stats, heavy owner, built every time', path: '/api/v1/jobs/stats', target: at(unkept.base, '/api/v1/jobs/stats', heavyAuth) },
    { key: 'typical-first', label: `first page, typical owner (${dataset.typical.jobs} jobs)`, path: '/api/v1/jobs?limit=20', target: at(real.base, '/api/v1/jobs?limit=20', typicalAuth) },
    { key: 'bare-again', label: 'bare Hono again (end of run)', path: '/bare', target: at(bare.base, '/bare') },
    { key: 'naive-again', label: 'naive reference again (end of run)', path: '/jobs?limit=20', target: at(naive.base, '/jobs?limit=20', heavyAuth) },
  ];

  const results: EndpointResult[] = [];
  for (const s of specs) {
    log(`bench: ${s.key}: ${s.path}`);
    const { seq, one, many } = await measureEndpoint(s.key, s.target, { durationS, connections, log: (line) => log(`bench: ${line}`) });
    results.push({ key: s.key, label: s.label, path: s.path, seq, one, many });
  }

  await shutdown();

  // ---------------------------------------------------------------- 4b. where a list request's time goes
  const profile = await profileList(dataset.dbFile, serverDir, dataset.heavy.sub);
  const benchMs = performance.now() - t0;

  // ---------------------------------------------------------------- 5. report
  const info: RunInfo = {
    startedAt: startedAt.toISOString(),
    benchMs,
    built,
    dataset,
    durationS,
    connections,
    walk,
    profile,
    deepPosition: DEEP_POSITION,
    explained,
    machine: {
      nproc: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      memGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      sqlite: sqliteVersion,
      os: osRelease(),
      loadStart,
      loadEnd: loadAverage(),
      autocannon: '8',
    },
  };
  const out = resultsFile;
  const verdicts = writeResults(out, results, info);
  log(`bench: wrote ${relative(root, out)} in ${(benchMs / 1000).toFixed(0)} s total (${built ? `database built in ${(dataset.buildMs / 1000).toFixed(0)} s` : 'database re-used'})`);
  for (const v of verdicts) log(`bench:   ${v.pass ? 'PASS' : 'FAIL'}  ${v.budget}: ${v.measured}`);
}

/**
 * The real server again, under `node --cpu-prof`, with the first list page at N connections for
 * the run's duration; the profile is summarised for the report and kept in bench/.data/profiles/.
 */
async function profileList(dbFile: string, serverDir: string, sub: string): Promise<ListProfile> {
  log('bench: CPU profile of the first list page (node --cpu-prof) …');
  const dir = join(dataDir, 'profiles');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // Pages not kept: the profile shows what building a page costs (a kept page is a version read).
  const real = await startGenshelf({ DATABASE_URL: `file:${dbFile}`, DATA_DIR: serverDir, TRASH_RETENTION_DAYS: '3650', PAGE_CACHE_MB: '0' }, { cwd: root, logFile: join(dataDir, 'server-profile.log'), nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`] });
  children.push(real);
  const auth = { authorization: `Bearer ${await real.tokenFor(sub)}` };
  const target = { url: `${real.base}/api/v1/jobs?limit=20`, headers: auth };
  await load(target, connections, 2); // warm-up: JIT, statement cache; left out of the summary
  const run = await load(target, connections, durationS);
  await shutdown();
  const file = mainThreadProfile(dir);
  // The load's seconds and the stop after it (the start-up's module loading is left out).
  const summary = summariseProfile(file, durationS + 0.2);
  log(`bench:   ${Math.round(run.reqPerSec)} req/s under the profiler; main thread busy ${(summary.busy * 100).toFixed(0)} % of ${(summary.totalMs / 1000).toFixed(1)} s`);
  return { ...summary, requests: run.requests, reqPerSec: run.reqPerSec, file: relative(root, file) };
}

/** The (created_at, id) of the job at 1-based `position` in the owner's newest-first list. */
async function keysetAt(client: import('@libsql/client').Client, owner: string, position: number): Promise<Keyset> {
  const r = await client.execute({
    sql: 'select created_at, id from jobs where owner = ? and deleted_at is null order by created_at desc, id desc limit 1 offset ?',
    args: [owner, position - 1],
  });
  const row = r.rows[0];
  if (!row) throw new Error(`the owner has fewer than ${position} jobs`);
  return { createdAt: Number(row.created_at), id: String(row.id) };
}

function osRelease(): string {
  try {
    return execFileSync('sh', ['-c', '. /etc/os-release && echo "$PRETTY_NAME"; uname -r'], { encoding: 'utf8' }).trim().replace('\n', ', kernel ');
  } catch {
    return process.platform;
  }
}

export type { BenchDataset, Explained, Summary };

main().catch(async (err) => {
  if (interrupted) return; // the signal handler is already stopping the servers and exits
  log(`bench: FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  await shutdown();
  process.exit(1);
});
