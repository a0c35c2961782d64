/**
 * `npm run soak` — issue 11: the real server under a mixed load, then killed while it writes.
 *
 *   npm run soak                        60 s at 50 connections, then the crash (about 2–3 minutes)
 *   npm run soak -- --seconds 10        a short run (figures printed; bench/RESULTS.md is left alone
 *                                       below 60 s)
 *   npm run soak -- --connections 20
 *
 * Steps: the real server (api/node.ts, the `npm start` entry, in its own process) on a temp
 * directory with the sample data; every connection cycles through a mixed workload — its own
 * user's lists, stats, search, one job and the demo user's seed 003 page (reads), a byte range
 * of a sample file behind a signed URL, and a generator back-end's writes for that user: create a
 * job in a project, report progress, upload a file, record an event, complete the job. Every
 * acknowledged (2xx) write is remembered. Then writers create jobs and upload 256 KiB files
 * concurrently (sent in pieces, so some are mid-body), and the server is killed with SIGKILL while requests are in flight; it is
 * started again on the same files, and every acknowledged write must be readable through the
 * API (jobs with at least the status and progress acknowledged, uploads with their bytes,
 * events in the table). Last, with the server stopped: `PRAGMA integrity_check`, and the blob
 * directory against the database — objects no row names, data files no metadata names, and
 * temp files left behind are orphans. Budgets: no errors, no lost writes, integrity ok, no
 * orphans; the exit code is 1 when one fails. Figures go to bench/RESULTS.md ("Soak").
 */
import { createClient } from '@libsql/client';
import autocannon, { type RequestSpec } from 'autocannon';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { signUserToken } from '../api/auth/tokens.ts';
import { markedBlock, writeBlock } from './report.ts';
import { inWorkDir, startChild, type Child } from './servers.ts';

const root = resolve(import.meta.dirname, '..');
const RESULTS = join(root, 'bench', 'RESULTS.md');

function option(name: string, fallback: number): number {
  const args = process.argv.slice(2);
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return fallback;
  const raw = args[i]!.includes('=') ? args[i]!.split('=')[1] : args[i + 1];
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} wants a positive number, got ${raw}`);
  return n;
}

const SECONDS = option('seconds', 60);
const CONNECTIONS = option('connections', 50);
const USERS = 50;
const CRASH_WRITERS = 16;
const CRASH_UPLOAD_BYTES = 256 * 1024;
const log = (msg: string) => process.stderr.write(`soak: ${msg}\n`);

/** A PNG signature and `size` more bytes: what the upload guard takes as an image. */
const png = (size: number) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(size)]);
const STATUS_RANK: Record<string, number> = { queued: 0, processing: 1, completed: 2, failed: 2, partial: 2 };

interface User {
  sub: string;
  token: string;
}

/** Every write the server acknowledged with a 2xx, and the state it acknowledged. */
class Acknowledged {
  readonly jobs = new Map<string, { owner: User; status: string; progress: number }>();
  readonly assets = new Map<string, { owner: User; size: number }>();
  /** `owner\nid` of every acknowledged event. */
  readonly events = new Set<string>();
  writes = 0;

  job(owner: User, j: { id: string; status: string; progress: number }) {
    const known = this.jobs.get(j.id);
    const status = known && STATUS_RANK[known.status]! > STATUS_RANK[j.status]! ? known.status : j.status;
    this.jobs.set(j.id, { owner, status, progress: Math.max(known?.progress ?? 0, j.progress) });
    this.writes++;
  }
}

interface Load {
  requests: number;
  durationS: number;
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statuses: Record<string, number>;
}

/** The mixed workload: one cycle per connection, repeated; each cycle acts for the next user of the pool. */
async function mixedLoad(server: Child, users: User[], demo: User, ingestToken: string, fileUrl: string, acked: Acknowledged): Promise<Load> {
  let next = 0;
  let serial = 0;
  const statuses: Record<string, number> = {};
  const ingestJson = { authorization: `Bearer ${ingestToken}`, 'content-type': 'application/json' };
  const as = (u: User, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${u.token}`, ...extra });
  const upload = png(4096);
  const parse = (body: string) => JSON.parse(body) as Record<string, any>;
  const step = (spec: RequestSpec, onOk?: (body: Record<string, any>, c: Record<string, any>) => void): RequestSpec => ({
    ...spec,
    onResponse: (status, body, c) => {
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status >= 200 && status < 300 && onOk) onOk(parse(body), c);
    },
  });
  const requests: RequestSpec[] = [
    step({ method: 'GET', path: '/api/v1/jobs?limit=20', setupRequest: (req, c) => ((c.user = users[next++ % users.length]), { ...req, headers: as(c.user) }) }),
    step(
      { method: 'POST', path: '/api/v1/jobs', setupRequest: (req, c) => ({ ...req, headers: ingestJson, body: JSON.stringify({ user_id: c.user.sub, app_id: 'text-to-video', prompt: `soak prompt ${++serial}`, project_name: `Soak ${serial % 4}`, task_id: randomUUID() }) }) },
      (j, c) => {
        c.jobId = j.id;
        acked.job(c.user, j as never);
      },
    ),
    step({ method: 'GET', path: '/api/v1/jobs/stats', setupRequest: (req, c) => ({ ...req, headers: as(c.user) }) }),
    step(
      { method: 'PATCH', setupRequest: (req, c) => c.jobId && { ...req, path: `/api/v1/jobs/${c.jobId}`, headers: ingestJson, body: JSON.stringify({ status: 'processing', progress: 40 }) } },
      (j, c) => acked.job(c.user, j as never),
    ),
    step(
      { method: 'POST', setupRequest: (req, c) => c.jobId && { ...req, path: `/api/v1/jobs/${c.jobId}/assets?title=frame`, headers: { authorization: `Bearer ${ingestToken}`, 'content-type': 'image/png' }, body: upload } },
      (a, c) => {
        c.assetId = a.id;
        acked.assets.set(a.id, { owner: c.user, size: upload.length });
        acked.writes++;
      },
    ),
    step({ method: 'GET', path: '/api/v1/assets?limit=20', setupRequest: (req, c) => ({ ...req, headers: as(c.user) }) }),
    step({ method: 'GET', path: new URL(fileUrl).pathname, headers: { range: 'bytes=0-4095' } }),
    step(
      { method: 'POST', path: '/api/v1/events', setupRequest: (req, c) => c.assetId && ((c.eventId = randomUUID()), { ...req, headers: as(c.user, { 'content-type': 'application/json' }), body: JSON.stringify({ events: [{ id: c.eventId, asset_id: c.assetId, type: 'click' }] }) }) },
      (_, c) => {
        acked.events.add(`user:${c.user.sub}\n${c.eventId}`);
        acked.writes++;
      },
    ),
    step({ method: 'GET', path: '/api/v1/jobs?q=soak&limit=10', setupRequest: (req, c) => ({ ...req, headers: as(c.user) }) }),
    step(
      { method: 'PATCH', setupRequest: (req, c) => c.jobId && { ...req, path: `/api/v1/jobs/${c.jobId}`, headers: ingestJson, body: JSON.stringify({ status: 'completed', progress: 100 }) } },
      (j, c) => acked.job(c.user, j as never),
    ),
    step({ method: 'GET', setupRequest: (req, c) => c.jobId && { ...req, path: `/api/v1/jobs/${c.jobId}`, headers: as(c.user) } }),
    step({ method: 'GET', path: '/api/me/jobs?page=1&limit=10', headers: as(demo) }),
  ];
  const r = await autocannon({ url: server.base, connections: CONNECTIONS, duration: SECONDS, pipelining: 1, timeout: 30, requests });
  return {
    requests: r['2xx'] + r.non2xx,
    durationS: r.duration,
    reqPerSec: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    statuses,
  };
}

interface Crash {
  ackedWrites: number;
  inFlightAtKill: number;
  /** Uploads whose body was still being sent. */
  streamingAtKill: number;
  /** Files in the blob store's temp folder: uploads the server was writing. */
  writingAtKill: number;
  refused: number;
}

/** Writers create jobs, upload 256 KiB files and complete them; the server is killed with requests in flight. */
async function crashDuringWrites(server: Child, users: User[], ingestToken: string, acked: Acknowledged, blobDir: string): Promise<Crash> {
  let stop = false;
  let inFlight = 0;
  let ackedWrites = 0;
  let refused = 0;
  let streaming = 0;
  const send = async (path: string, init: RequestInit): Promise<Record<string, any> | null> => {
    inFlight++;
    try {
      const res = await fetch(server.base + path, init);
      const text = await res.text();
      if (!res.ok) {
        refused++;
        return null;
      }
      ackedWrites++;
      return JSON.parse(text);
    } finally {
      inFlight--;
    }
  };
  /** The file in 16 KiB pieces a millisecond apart, so uploads are mid-stream when the kill comes. */
  const trickle = (bytes: Buffer) => {
    let at = 0;
    return new ReadableStream<Uint8Array>({
      start: () => void streaming++,
      async pull(controller) {
        if (at >= bytes.length) {
          streaming--;
          controller.close();
          return;
        }
        await new Promise((r) => setTimeout(r, 1));
        controller.enqueue(bytes.subarray(at, (at += 16 * 1024)));
      },
      cancel: () => void streaming--,
    });
  };
  const auth = { authorization: `Bearer ${ingestToken}` };
  const writer = async (w: number) => {
    for (let i = 0; !stop; i++) {
      const owner = users[(w * 7 + i) % users.length]!;
      try {
        const job = await send('/api/v1/jobs', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ user_id: owner.sub, app_id: 'video-mixer', prompt: `crash ${w}-${i}`, project_name: `Crash ${w}`, task_id: randomUUID() }) });
        if (!job) continue;
        acked.job(owner, job as never);
        const bytes = png(CRASH_UPLOAD_BYTES);
        const asset = await send(`/api/v1/jobs/${job.id}/assets`, { method: 'POST', headers: { ...auth, 'content-type': 'image/png' }, body: trickle(bytes), duplex: 'half' } as RequestInit);
        if (!asset) continue;
        acked.assets.set(asset.id, { owner, size: bytes.length });
        acked.writes++;
        const done = await send(`/api/v1/jobs/${job.id}`, { method: 'PATCH', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ status: 'completed', progress: 100 }) });
        if (done) acked.job(owner, done as never);
      } catch {
        return; // the server is gone: whatever was not acknowledged does not count
      }
    }
  };
  const writers = Array.from({ length: CRASH_WRITERS }, (_, w) => writer(w));
  const deadline = Date.now() + 20_000;
  // The moment that matters: uploads the server is still writing into its temp folder.
  const writing = () => filesUnder(join(blobDir, 'tmp')).length;
  while (Date.now() < deadline && !(ackedWrites >= 150 && streaming >= CRASH_WRITERS / 4 && writing() >= 2)) await new Promise((r) => setTimeout(r, 2));
  const inFlightAtKill = inFlight;
  const streamingAtKill = streaming;
  const writingAtKill = writing();
  server.proc.kill('SIGKILL');
  stop = true;
  await Promise.all(writers);
  return { ackedWrites, inFlightAtKill, streamingAtKill, writingAtKill, refused };
}

/** Runs `work` over `items` with `limit` at a time. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (i < items.length) await work(items[i++]!);
  }));
}

/** Every acknowledged job and upload, read back through the API; the ones that are not as acknowledged. */
async function lostThroughApi(server: Child, acked: Acknowledged): Promise<{ jobs: string[]; assets: string[] }> {
  const jobs: string[] = [];
  const assets: string[] = [];
  await pool([...acked.jobs], 16, async ([id, want]) => {
    const res = await fetch(`${server.base}/api/v1/jobs/${id}`, { headers: { authorization: `Bearer ${want.owner.token}` } });
    const got = res.ok ? ((await res.json()) as { status: string; progress: number }) : (await res.arrayBuffer(), null);
    if (!got || STATUS_RANK[got.status]! < STATUS_RANK[want.status]! || got.progress < want.progress) jobs.push(`${id}: ${res.status} ${got ? `${got.status} ${got.progress}` : ''} (acknowledged ${want.status} ${want.progress})`);
  });
  await pool([...acked.assets], 16, async ([id, want]) => {
    const res = await fetch(`${server.base}/api/v1/assets/${id}/content`, { headers: { authorization: `Bearer ${want.owner.token}` } });
    const size = (await res.arrayBuffer()).byteLength;
    if (res.status !== 200 || size !== want.size) assets.push(`${id}: ${res.status}, ${size} of ${want.size} bytes`);
  });
  return { jobs, assets };
}

interface Orphans {
  objects: number;
  dataFiles: number;
  tempFiles: number;
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/** The blob directory against the database (server stopped): what nothing refers to. */
function orphansIn(blobDir: string, referenced: Set<string>): Orphans {
  const files = filesUnder(join(blobDir, 'objects'));
  const metas = files.filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(f, 'utf8')) as { key: string; file: string });
  const named = new Set(metas.map((m) => m.file));
  return {
    objects: metas.filter((m) => !referenced.has(m.key)).length,
    dataFiles: files.filter((f) => !f.endsWith('.json') && !named.has(f.split('/').pop()!)).length,
    tempFiles: filesUnder(join(blobDir, 'tmp')).length,
  };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const load = () => loadavg().map((x) => x.toFixed(2)).join(' / ');

async function main() {
  const startedAt = new Date().toISOString();
  const loadStart = load();
  const secrets = { AUTH_JWT_SECRET: randomBytes(32).toString('base64url'), SIGNING_SECRET: randomBytes(32).toString('base64url'), INGEST_TOKEN: randomBytes(32).toString('base64url') };
  const report = await inWorkDir(tmpdir(), 'genshelf-soak-', () => {}, async (work, track) => {
    const env = { ...secrets, DATABASE_URL: `file:${join(work, 'soak.db')}`, BLOB_DIR: join(work, 'blobs'), DATA_DIR: join(work, 'data'), SEED_DEMO_DATA: '1', VIEW_FLUSH_MS: '200' };
    const start = (name: string) => startChild(name, 'api/node.ts', env, { cwd: root, logFile: join(work, `${name}.log`), readyPath: '/health', timeoutMs: 120_000 }).then(track);

    log('starting the server with the sample data');
    let server = await start('genshelf');
    const users: User[] = await Promise.all(Array.from({ length: USERS }, async (_, i) => ({ sub: `soak-${i}`, token: await signUserToken(secrets.AUTH_JWT_SECRET, { sub: `soak-${i}` }, { expiresIn: '3h' }) })));
    const demo: User = { sub: 'demo-user', token: await signUserToken(secrets.AUTH_JWT_SECRET, { sub: 'demo-user' }, { expiresIn: '3h' }) };
    const demoAssets = (await (await fetch(`${server.base}/api/v1/assets?kind=image&limit=1`, { headers: { authorization: `Bearer ${demo.token}` } })).json()) as { assets: { url: string }[] };
    const fileUrl = demoAssets.assets[0]?.url;
    if (!fileUrl) throw new Error('the sample data has no image for the demo user');

    const acked = new Acknowledged();
    log(`mixed load: ${SECONDS} s at ${CONNECTIONS} connections`);
    const mixed = await mixedLoad(server, users, demo, secrets.INGEST_TOKEN, fileUrl, acked);
    log(`${fmt(mixed.reqPerSec)} req/s, p99 ${mixed.p99} ms, ${mixed.errors + mixed.timeouts + mixed.non2xx} errors; ${fmt(acked.writes)} writes acknowledged`);

    log(`kill -9 during writes (${CRASH_WRITERS} writers)`);
    const crash = await crashDuringWrites(server, users, secrets.INGEST_TOKEN, acked, join(work, 'blobs'));
    log(`killed with ${crash.inFlightAtKill} requests in flight (${crash.streamingAtKill} uploads mid-body, ${crash.writingAtKill} files being written) after ${crash.ackedWrites} acknowledged crash writes; restarting`);
    server = await start('genshelf-restarted');
    const lost = await lostThroughApi(server, acked);
    await server.stop();

    const db = createClient({ url: `file:${join(work, 'soak.db')}` });
    const integrity = (await db.execute('PRAGMA integrity_check')).rows.map((r) => String(r[0])).join('; ');
    const events = new Set((await db.execute("select owner || char(10) || id as k from events")).rows.map((r) => String(r.k)));
    const lostEvents = [...acked.events].filter((k) => !events.has(k));
    // What rows name: assets' blobs, and the keys of the blob bookkeeping tables (the deletion outbox, uploads under way).
    const bookkeeping = (await db.execute("select name from sqlite_master where type = 'table' and name like 'blob\\_%' escape '\\'")).rows.map((r) => String(r.name));
    const keyQueries = ['select blob_key as k from assets where blob_key is not null', ...bookkeeping.map((table) => `select key as k from "${table}"`)];
    const referenced = new Set((await db.execute(keyQueries.join(' union '))).rows.map((r) => String(r.k)));
    const counts = (await db.execute('select (select count(*) from jobs) as jobs, (select count(*) from assets) as assets')).rows[0]!;
    const jobRows = Number(counts.jobs);
    const assetRows = Number(counts.assets);
    db.close();
    const orphans = orphansIn(join(work, 'blobs'), referenced);
    return { mixed, crash, lost, lostEvents, integrity, orphans, jobRows, assetRows, acked: { writes: acked.writes, jobs: acked.jobs.size, assets: acked.assets.size, events: acked.events.size } };
  });

  const r = report;
  const errors = r.mixed.errors + r.mixed.timeouts + r.mixed.non2xx;
  const lostCount = r.lost.jobs.length + r.lost.assets.length + r.lostEvents.length;
  const orphanCount = r.orphans.objects + r.orphans.dataFiles + r.orphans.tempFiles;
  const verdicts = [
    { what: 'errors (socket errors, timeouts, non-2xx)', measured: `${fmt(errors)}${errors ? ` (${Object.entries(r.mixed.statuses).filter(([s]) => !s.startsWith('2')).map(([s, n]) => `${n} × ${s}`).join(', ') || `${r.mixed.errors} socket errors, ${r.mixed.timeouts} timeouts`})` : ''}`, budget: '0', pass: errors === 0 },
    { what: 'acknowledged writes lost after kill -9 and restart', measured: `${fmt(lostCount)} of ${fmt(r.acked.writes)} (${fmt(r.acked.jobs)} jobs at their acknowledged status and progress, ${fmt(r.acked.assets)} uploads byte for byte, ${fmt(r.acked.events)} events)`, budget: '0', pass: lostCount === 0 },
    { what: '`PRAGMA integrity_check`', measured: r.integrity, budget: 'ok', pass: r.integrity === 'ok' },
    { what: 'orphaned blobs', measured: `${fmt(orphanCount)} (objects no row names: ${r.orphans.objects}, data files no metadata names: ${r.orphans.dataFiles}, temp files: ${r.orphans.tempFiles})`, budget: '0', pass: orphanCount === 0 },
  ];
  const lines = [
    '## Soak',
    '',
    `Generated by \`npm run soak\` (bench/soak.ts; not part of \`npm test\` or \`npm run bench\`) on ${startedAt.slice(0, 16).replace('T', ' ')} UTC. ` +
      `The real server (api/node.ts, in its own process) on a temp directory with the sample data; ${CONNECTIONS} autocannon connections for ${SECONDS} s, each cycling through 12 requests for one of ${USERS} users: ` +
      "7 reads (the user's jobs, stats, assets, a search, one job, the demo user's seed 003 page, 4 KiB of a sample image behind a signed URL) and 5 acknowledged writes (create a job in a project, report progress, upload a 4 KiB PNG, record an event, complete the job). " +
      `Then ${CRASH_WRITERS} writers created jobs, uploaded 256 KiB files and completed them, and the server was killed with SIGKILL with ${r.crash.inFlightAtKill} requests in flight, ${r.crash.streamingAtKill} of them uploads still sending their body in 16 KiB pieces and ${r.crash.writingAtKill} files in the blob store's temp folder (after ${fmt(r.crash.ackedWrites)} acknowledged crash writes); it was started again on the same files, every acknowledged write read back through the API (events from the table), and the stopped database and blob directory checked.`,
    '',
    '| figure | measured | budget |',
    '|---|---|---|',
    `| throughput | ${fmt(r.mixed.reqPerSec)} req/s (${fmt(r.mixed.requests)} requests in ${r.mixed.durationS.toFixed(0)} s) | — |`,
    `| latency p50 / p99 | ${r.mixed.p50} / ${r.mixed.p99} ms | — |`,
    ...verdicts.map((v) => `| ${v.what} | ${v.measured} | ${v.budget} ${v.pass ? '**PASS**' : '**FAIL**'} |`),
    '',
    `Afterwards the database held ${fmt(r.jobRows)} jobs and ${fmt(r.assetRows)} assets. Machine: ${cpus().length} CPUs, Node ${process.versions.node}; autocannon runs in the soak's process on the same cores. Load average (1/5/15 min) at the start: ${loadStart}, at the end: ${load()}.`,
  ];
  if (lostCount) lines.push('', 'Lost (first ten):', '', ...[...r.lost.jobs, ...r.lost.assets, ...r.lostEvents.map((e) => `event ${e.replace('\n', ' ')}`)].slice(0, 10).map((l) => `- ${l}`));
  const block = markedBlock('soak', lines);
  process.stdout.write(`${lines.join('\n')}\n`);
  if (SECONDS >= 60) {
    writeBlock(RESULTS, 'soak', block);
    log(`written to ${RESULTS}`);
  } else {
    log(`a ${SECONDS} s run: bench/RESULTS.md left alone (60 s or more writes it)`);
  }
  process.exitCode = verdicts.every((v) => v.pass) ? 0 : 1;
}

await main();
