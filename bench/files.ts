/**
 * `npm run bench -- --only files` (also part of a plain `npm run bench`): byte serving, measured
 * side by side with a plain createReadStream server and nginx (when installed), on one file.
 *
 * Set-up, all in a temp directory under bench/.data that is removed at the end: a fresh genshelf
 * server (api/node.ts, its own libSQL file and blob directory); a 256 MiB MP4-sniffable file
 * generated on disk in 1 MiB chunks and uploaded through the real ingest route
 * (`POST /api/v1/jobs/:id/assets`, raw body); the plain server and nginx then serve the very file
 * the blob store wrote (same inode, same page cache). Measured for each server:
 *   - random 1 MiB `Range: bytes=a-b` requests at 8 connections, in rounds run in alternating
 *     server order (ABC, CBA …): requests/s, MiB/s, round-trip p50/p99 — every answer checked
 *     (206, Content-Range, byte count);
 *   - full downloads of the 256 MiB file, each body counted to the last byte;
 *   - the server's RSS under 50 concurrent range requests of 1 MiB and of 16 MiB (SPEC §8:
 *     constant memory).
 * And genshelf's server-side ZIP: a job with 100 ~200 KiB PNG-sniffable images, timed through
 * `GET /api/generations/:id/download`, Content-Length checked against the bytes received and the
 * archive's end record against the file count.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes, randomFillSync } from 'node:crypto';
import { chmodSync, createReadStream, createWriteStream, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, closeSync, rmSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { signUserToken } from '../api/auth/tokens.ts';
import { fetchCounted, get, prng, rangeLoad, rssOf, summarize, watchRss, type Fetched, type RangeLoad } from './measure.ts';
import { findNginx, nginxVersion, startChild, startNginx, type Child } from './servers.ts';

const MiB = 2 ** 20;

export interface FilesOptions {
  root: string;
  dataDir: string;
  log: (line: string) => void;
  /** seconds per range round */
  roundS: number;
  rounds: number;
  /** false: leave nginx out even when installed (\`--no-nginx\`) */
  nginx: boolean;
  /** register a child so the caller's signal handler can stop it */
  track: (c: Child) => void;
}

export interface ServerRuns {
  key: 'genshelf' | 'genshelf-bearer' | 'node' | 'nginx';
  label: string;
  request: string;
  /** the rounds merged */
  ranges: RangeLoad;
  rounds: RangeLoad[];
  full: Fetched[];
  memory?: { before: number; at1: { load: RangeLoad; peak: number }; at16: { load: RangeLoad; peak: number }; after: number };
}

export interface ZipRun {
  ms: number;
  headersMs: number;
  bytes: number;
  contentLength: number;
}

export interface FilesResult {
  startedAt: string;
  ms: number;
  fileBytes: number;
  rangeBytes: number;
  connections: number;
  roundS: number;
  rounds: number;
  nginx: { version: string } | { missing: string };
  upload: { ms: number; bytes: number };
  servers: ServerRuns[];
  zip: { files: number; bytesIn: number; entries: number; runs: ZipRun[]; uploadMs: number };
  git: { commit: string; dirtyApi: boolean };
  loadStart: string;
  loadEnd: string;
  nproc: number;
  node: string;
}

const FILE_BYTES = 256 * MiB;
const RANGE_BYTES = MiB;
const CONNECTIONS = 8;
const MEMORY_CONNECTIONS = 50;
const FULL_DOWNLOADS = 3;
const ZIP_FILES = 100;
const ZIP_FILE_BYTES = 200 * 1024;
const ZIP_RUNS = 3;

/** A valid MP4 start (`ftyp` box, then an `mdat` box header spanning the rest) and random bytes, written 1 MiB at a time. */
async function writeVideo(path: string, size: number): Promise<string> {
  const out = createWriteStream(path);
  const hash = createHash('sha256');
  const head = Buffer.alloc(32);
  head.writeUInt32BE(24, 0);
  head.write('ftypisom', 4, 'latin1');
  head.writeUInt32BE(0x200, 12);
  head.write('isomiso2', 16, 'latin1');
  head.writeUInt32BE(size - 24, 24);
  head.write('mdat', 28, 'latin1');
  const chunk = Buffer.alloc(MiB);
  for (let at = 0; at < size; at += MiB) {
    const n = Math.min(MiB, size - at);
    const buf = Buffer.from(chunk.subarray(0, n)); // a fresh buffer per write: the stream may still hold the last one
    randomFillSync(buf);
    if (at === 0) head.copy(buf, 0);
    hash.update(buf);
    if (!out.write(buf)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return hash.digest('hex');
}

/** A JSON call; throws on an unexpected status. */
async function callJson(base: string, method: string, path: string, token: string, body: unknown, expect: number): Promise<Record<string, any>> {
  const res = await fetch(base + path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (res.status !== expect) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as Record<string, any>;
}

/** A raw upload through the ingest route, streamed from a file or a buffer. */
function uploadRaw(base: string, path: string, token: string, contentType: string, body: { file: string; size: number } | Buffer): Promise<Record<string, any>> {
  return new Promise((resolve, reject) => {
    const length = Buffer.isBuffer(body) ? body.length : body.size;
    const req = request(base + path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': contentType, 'content-length': String(length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 201) reject(new Error(`POST ${path} → ${res.statusCode}: ${text.slice(0, 500)}`));
        else resolve(JSON.parse(text) as Record<string, any>);
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (Buffer.isBuffer(body)) req.end(body);
    else createReadStream(body.file).on('error', reject).pipe(req);
  });
}

/** The data file the disk blob store keeps for `key` (found through its metadata files). */
function blobFile(blobDir: string, key: string): { path: string; etag: string } {
  const objects = join(blobDir, 'objects');
  for (const shard of readdirSync(objects)) {
    for (const name of readdirSync(join(objects, shard))) {
      if (!name.endsWith('.json')) continue;
      const meta = JSON.parse(readFileSync(join(objects, shard, name), 'utf8')) as { key: string; file: string; etag: string };
      if (meta.key === key) return { path: join(objects, shard, meta.file), etag: meta.etag };
    }
  }
  throw new Error(`no blob for ${key} in ${blobDir}`);
}

function mergeRounds(rounds: RangeLoad[]): RangeLoad {
  const ms = rounds.reduce((a, r) => a + r.ms, 0);
  const requests = rounds.reduce((a, r) => a + r.requests, 0);
  const bytes = rounds.reduce((a, r) => a + r.bytes, 0);
  return {
    connections: rounds[0]!.connections,
    rangeBytes: rounds[0]!.rangeBytes,
    ms,
    requests,
    bytes,
    reqPerSec: requests / (ms / 1000),
    mibPerSec: bytes / MiB / (ms / 1000),
    clientCpu: rounds.reduce((a, r) => a + r.clientCpu * r.ms, 0) / ms,
    latency: summarize(rounds.flatMap((r) => r.raw.latencies)),
    server: summarize(rounds.flatMap((r) => r.raw.server)),
    errors: rounds.reduce((a, r) => a + r.errors, 0),
    firstError: rounds.find((r) => r.firstError)?.firstError,
    raw: { latencies: [], server: [] },
  };
}

/** The entry count in a ZIP's end-of-central-directory record (ZIP64's when present). */
function zipEntries(zip: Buffer): number {
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--) {
    if (zip.readUInt32LE(i) !== 0x06054b50) continue;
    const n = zip.readUInt16LE(i + 10);
    if (n !== 0xffff) return n;
    const z64 = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x06, 0x06]), i);
    return z64 >= 0 ? Number(zip.readBigUInt64LE(z64 + 32)) : NaN;
  }
  return NaN;
}

const fmt = (x: number) => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : Math.round(x).toLocaleString('en'));

export async function runFiles(opts: FilesOptions): Promise<FilesResult> {
  const { log } = opts;
  const startedAt = new Date().toISOString();
  const loadStart = loadavg().map((x) => x.toFixed(2)).join(' ');
  const t0 = performance.now();
  mkdirSync(opts.dataDir, { recursive: true });
  const work = mkdtempSync(join(opts.dataDir, 'files-'));
  chmodSync(work, 0o755); // nginx runs as nobody when the bench runs as root: it must reach the file
  const children: Child[] = [];
  const track = (c: Child) => {
    children.push(c);
    opts.track(c);
    return c;
  };
  // The temp directory holds ~300 MiB (the generated file goes as soon as it is uploaded).
  const removeWork = () => rmSync(work, { recursive: true, force: true });
  process.once('exit', removeWork);
  try {
    // ------------------------------------------------------------ the server and the file
    const secrets = {
      AUTH_JWT_SECRET: randomBytes(32).toString('base64url'),
      SIGNING_SECRET: randomBytes(32).toString('base64url'),
      INGEST_TOKEN: randomBytes(32).toString('base64url'),
    };
    log('bench: files: starting a fresh genshelf server (api/node.ts) …');
    const blobDir = join(work, 'blobs');
    const genshelf = track(
      await startChild(
        'genshelf',
        'api/node.ts',
        { ...secrets, DATABASE_URL: `file:${join(work, 'genshelf.db')}`, BLOB_DIR: blobDir, DATA_DIR: join(work, 'server'), SEED_DEMO_DATA: '0', MAX_UPLOAD_BYTES: String(1024 * MiB) },
        { cwd: opts.root, logFile: join(work, 'genshelf.log'), readyPath: '/health' },
      ),
    );
    const sub = 'bench-files';
    const userToken = await signUserToken(secrets.AUTH_JWT_SECRET, { sub }, { expiresIn: '3h' });

    const source = join(work, 'video.mp4');
    log(`bench: files: writing ${FILE_BYTES / MiB} MiB to ${source} …`);
    const sha = await writeVideo(source, FILE_BYTES);
    const job = await callJson(genshelf.base, 'POST', '/api/v1/jobs', secrets.INGEST_TOKEN, { user_id: sub, app_id: 'video-mixer', prompt: 'bench: file serving' }, 201);
    log('bench: files: uploading it through POST /api/v1/jobs/:id/assets …');
    const up0 = performance.now();
    const asset = await uploadRaw(genshelf.base, `/api/v1/jobs/${job.id}/assets?title=bench.mp4`, secrets.INGEST_TOKEN, 'video/mp4', { file: source, size: FILE_BYTES });
    const upload = { ms: performance.now() - up0, bytes: FILE_BYTES };
    log(`bench: files:   ${fmt(upload.ms / 1000)} s (${fmt(FILE_BYTES / MiB / (upload.ms / 1000))} MiB/s)`);
    if (asset.file_size !== FILE_BYTES) throw new Error(`the asset has ${asset.file_size} bytes, expected ${FILE_BYTES}`);
    // The disk store names its data file by (part of) the SHA-256 it computed while writing.
    const blob = blobFile(blobDir, `user:${sub}/${job.id}/${asset.id}`);
    const file = blob.path;
    if (!sha.startsWith(blob.etag) || statSync(file).size !== FILE_BYTES) throw new Error(`the stored blob ${file} differs from the generated file`);
    rmSync(source);

    // ------------------------------------------------------------ the baselines, on the same file
    log('bench: files: starting the plain createReadStream server …');
    const plain = track(await startChild('node-createReadStream', 'bench/range-server.ts', { FILE: file }, { cwd: opts.root, logFile: join(work, 'range-server.log'), readyPath: '/ready' }));
    const nginxBin = opts.nginx ? findNginx() : null;
    let nginx: Child | null = null;
    let nginxInfo: FilesResult['nginx'];
    if (nginxBin) {
      log(`bench: files: starting nginx (${nginxBin}) …`);
      nginx = track(await startNginx(nginxBin, file, join(work, 'nginx')));
      nginxInfo = { version: nginxVersion(nginxBin) };
    } else {
      nginxInfo = { missing: opts.nginx ? 'not installed' : 'left out (--no-nginx)' };
      log(`bench: files: nginx: ${nginxInfo.missing}${opts.nginx ? ' (apt-get install nginx to compare against it)' : ''}`);
    }

    type Entry = { key: ServerRuns['key']; label: string; request: string; child: Child; url: string; headers: Record<string, string> };
    const entries: Entry[] = [
      { key: 'genshelf', label: 'genshelf, signed URL', request: 'GET /files/:token', child: genshelf, url: String(asset.url).replace(/^https?:\/\/[^/]+/, genshelf.base), headers: {} },
      { key: 'genshelf-bearer', label: 'genshelf, Bearer token', request: 'GET /api/v1/assets/:id/content', child: genshelf, url: `${genshelf.base}/api/v1/assets/${asset.id}/content`, headers: { authorization: `Bearer ${userToken}` } },
      { key: 'node', label: 'node:http + fs.createReadStream', request: 'GET /file', child: plain, url: `${plain.base}/file`, headers: {} },
    ];
    if (nginx) entries.push({ key: 'nginx', label: `${'version' in nginxInfo ? nginxInfo.version : 'nginx'} (sendfile)`, request: 'GET /file', child: nginx, url: `${nginx.base}/file`, headers: {} });

    // Spot checks: the same bytes from every server.
    const fd = openSync(file, 'r');
    try {
      const pick = prng(7);
      const agent = new Agent({ keepAlive: false });
      for (const e of entries) {
        for (let i = 0; i < 4; i++) {
          const a = i === 0 ? 0 : Math.floor(pick() * (FILE_BYTES - RANGE_BYTES));
          const r = await get(agent, { url: e.url, headers: { ...e.headers, range: `bytes=${a}-${a + RANGE_BYTES - 1}` } });
          const want = Buffer.alloc(RANGE_BYTES);
          readSync(fd, want, 0, RANGE_BYTES, a);
          if (r.status !== 206 || !r.body.equals(want)) throw new Error(`${e.key}: bytes=${a}-${a + RANGE_BYTES - 1} → ${r.status}, ${r.body.length} bytes, ${r.body.equals(want) ? 'same' : 'different'} content`);
        }
      }
      agent.destroy();
    } finally {
      closeSync(fd);
    }

    // ------------------------------------------------------------ ranges at 8 connections
    const rounds = new Map<string, RangeLoad[]>(entries.map((e) => [e.key, []]));
    for (let round = 0; round < opts.rounds; round++) {
      const order = round % 2 === 0 ? entries : [...entries].reverse();
      for (const e of order) {
        const r = await rangeLoad(e.url, e.headers, { size: FILE_BYTES, rangeBytes: RANGE_BYTES, connections: CONNECTIONS, durationMs: opts.roundS * 1000, seed: 1000 + round });
        rounds.get(e.key)!.push(r);
        log(`bench: files: ranges ${e.key.padEnd(16)} round ${round + 1}: ${fmt(r.reqPerSec)} req/s, ${fmt(r.mibPerSec)} MiB/s, p50 ${fmt(r.latency.p50)} ms p99 ${fmt(r.latency.p99)} ms, client CPU ${Math.round(r.clientCpu * 100)} %${r.errors ? `, ${r.errors} ERRORS (${r.firstError})` : ''}`);
        if (r.errors) throw new Error(`${e.key}: ${r.errors} bad range responses, first: ${r.firstError}`);
      }
    }

    // ------------------------------------------------------------ full downloads
    const full = new Map<string, Fetched[]>(entries.map((e) => [e.key, []]));
    for (let i = 0; i < FULL_DOWNLOADS; i++) {
      const order = i % 2 === 0 ? entries : [...entries].reverse();
      for (const e of order) {
        const r = await fetchCounted(e.url, e.headers);
        const cl = Number(r.headers['content-length']);
        if (r.status !== 200 || r.bytes !== FILE_BYTES || cl !== FILE_BYTES) throw new Error(`${e.key}: full download → ${r.status}, ${r.bytes} bytes, Content-Length ${cl}`);
        full.get(e.key)!.push(r);
        log(`bench: files: full ${e.key.padEnd(16)} ${fmt(r.ms)} ms, ${fmt(FILE_BYTES / MiB / (r.ms / 1000))} MiB/s`);
      }
    }

    // ------------------------------------------------------------ memory under 50 concurrent ranges
    const memory = new Map<string, ServerRuns['memory']>();
    for (const e of entries) {
      if (e.key === 'genshelf-bearer') continue; // the same process as 'genshelf'
      const pid = e.child.proc.pid!;
      const before = rssOf(pid);
      const at = async (rangeBytes: number, seed: number) => {
        const watch = watchRss(pid);
        const load = await rangeLoad(e.url, e.headers, { size: FILE_BYTES, rangeBytes, connections: MEMORY_CONNECTIONS, durationMs: opts.roundS * 1000, seed });
        const { peak } = watch.stop();
        if (load.errors) throw new Error(`${e.key}: ${load.errors} bad range responses at ${MEMORY_CONNECTIONS} connections, first: ${load.firstError}`);
        return { load, peak };
      };
      const at1 = await at(MiB, 50);
      const at16 = await at(16 * MiB, 51);
      const after = rssOf(pid);
      memory.set(e.key, { before, at1, at16, after });
      log(`bench: files: memory ${e.key.padEnd(16)} RSS ${fmt(before / MiB)} MiB → peak ${fmt(at1.peak / MiB)} (50 × 1 MiB, ${fmt(at1.load.mibPerSec)} MiB/s) / ${fmt(at16.peak / MiB)} MiB (50 × 16 MiB, ${fmt(at16.load.mibPerSec)} MiB/s)`);
    }

    const servers: ServerRuns[] = entries.map((e) => ({
      key: e.key,
      label: e.label,
      request: e.request,
      ranges: mergeRounds(rounds.get(e.key)!),
      rounds: rounds.get(e.key)!.map((r) => ({ ...r, raw: { latencies: [], server: [] } })),
      full: full.get(e.key)!,
      memory: memory.get(e.key),
    }));
    for (const c of [nginx, plain]) if (c) await c.stop();

    // ------------------------------------------------------------ the server-side ZIP
    log(`bench: files: a job with ${ZIP_FILES} images of ${ZIP_FILE_BYTES / 1024} KiB …`);
    const zipJob = await callJson(genshelf.base, 'POST', '/api/v1/jobs', secrets.INGEST_TOKEN, { user_id: sub, app_id: 'carousel-mix', prompt: 'bench: server-side zip' }, 201);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const zu0 = performance.now();
    for (let i = 0; i < ZIP_FILES; i++) {
      const body = randomBytes(ZIP_FILE_BYTES);
      png.copy(body, 0);
      await uploadRaw(genshelf.base, `/api/v1/jobs/${zipJob.id}/assets?title=slide-${String(i + 1).padStart(3, '0')}.png`, secrets.INGEST_TOKEN, 'image/png', body);
    }
    const uploadMs = performance.now() - zu0;
    const zipUrl = `${genshelf.base}/api/generations/${zipJob.id}/download`;
    const auth = { authorization: `Bearer ${userToken}` };
    const check = await fetch(zipUrl, { headers: auth });
    const zipBody = Buffer.from(await check.arrayBuffer());
    const entriesInZip = zipEntries(zipBody);
    if (check.status !== 200 || check.headers.get('content-type') !== 'application/zip' || Number(check.headers.get('content-length')) !== zipBody.length || entriesInZip !== ZIP_FILES) {
      throw new Error(`ZIP download → ${check.status} ${check.headers.get('content-type')}, Content-Length ${check.headers.get('content-length')}, ${zipBody.length} bytes, ${entriesInZip} entries`);
    }
    const zipRuns: ZipRun[] = [];
    for (let i = 0; i < ZIP_RUNS; i++) {
      const r = await fetchCounted(zipUrl, auth);
      const cl = Number(r.headers['content-length']);
      if (r.status !== 200 || r.bytes !== cl) throw new Error(`ZIP download → ${r.status}, ${r.bytes} bytes, Content-Length ${cl}`);
      zipRuns.push({ ms: r.ms, headersMs: r.headersMs, bytes: r.bytes, contentLength: cl });
      log(`bench: files: zip of ${ZIP_FILES}: ${fmt(r.ms)} ms, ${fmt(r.bytes / MiB / (r.ms / 1000))} MiB/s (${r.bytes.toLocaleString('en')} bytes = Content-Length)`);
    }
    await genshelf.stop();

    return {
      startedAt,
      ms: performance.now() - t0,
      fileBytes: FILE_BYTES,
      rangeBytes: RANGE_BYTES,
      connections: CONNECTIONS,
      roundS: opts.roundS,
      rounds: opts.rounds,
      nginx: nginxInfo,
      upload,
      servers,
      zip: { files: ZIP_FILES, bytesIn: ZIP_FILES * ZIP_FILE_BYTES, entries: entriesInZip, runs: zipRuns, uploadMs },
      git: gitState(opts.root),
      loadStart,
      loadEnd: loadavg().map((x) => x.toFixed(2)).join(' '),
      nproc: cpus().length,
      node: process.version,
    };
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    removeWork();
    process.off('exit', removeWork);
  }
}

function gitState(root: string): FilesResult['git'] {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirtyApi = execFileSync('git', ['status', '--porcelain', '--', 'api'], { cwd: root, encoding: 'utf8' }).trim() !== '';
    return { commit, dirtyApi };
  } catch {
    return { commit: 'unknown', dirtyApi: false };
  }
}

