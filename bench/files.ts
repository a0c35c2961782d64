/**
 * `npm run bench -- --only files` (also part of a plain `npm run bench`): byte serving, measured
 * side by side with a plain createReadStream server and nginx (when installed), on one file.
 *
 * Set-up, all in a temp directory under bench/.data that is removed at the end: a fresh genshelf
 * server (api/node.ts, its own libSQL file and blob directory); a 256 MiB MP4-sniffable file
 * generated on disk in 1 MiB chunks and uploaded through the real ingest route
 * (`POST /api/v1/jobs/:id/assets`, raw body); the plain server and nginx then serve the very file
 * the blob store wrote (same inode, same page cache). Measured for each server, by
 * bench/bytes.ts: byte-for-byte spot checks, random 1 MiB ranges at 8 connections (every answer
 * checked), full downloads of the 256 MiB file and the server's RSS under 50 concurrent range
 * requests (SPEC §8: constant memory).
 * And genshelf's server-side ZIP: a job with 100 ~200 KiB PNG-sniffable images, timed through
 * `GET /api/generations/:id/download`, Content-Length checked against the bytes received and the
 * archive's end record against the file count.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { byteBenchRun, compareServers, FILE_BYTES, MiB, nginxFor, nginxServer, profileRanges, profilerArgs, writeVideo, type ByteBenchOptions, type ByteBenchResult, type ByteServer, type RangeProfile } from './bytes.ts';
import { callJson, fetchCounted, startClock } from './measure.ts';
import { inWorkDir, startChild, startGenshelf } from './servers.ts';

export type FilesOptions = ByteBenchOptions;
export type { ServerRuns } from './bytes.ts';

export interface ZipRun {
  ms: number;
  headersMs: number;
  bytes: number;
  contentLength: number;
}

export interface FilesResult extends ByteBenchResult {
  profile: RangeProfile;
  upload: { ms: number; bytes: number };
  zip: { files: number; bytesIn: number; entries: number; runs: ZipRun[]; uploadMs: number };
}

const ZIP_FILES = 100;
const ZIP_FILE_BYTES = 200 * 1024;
const ZIP_RUNS = 3;

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
  const log = (line: string) => opts.log(`bench: files: ${line}`);
  const started = startClock();
  // The temp directory holds ~300 MiB (the generated file goes as soon as it is uploaded).
  return inWorkDir(opts.dataDir, 'files-', opts.track, async (work, track) => {
    // ------------------------------------------------------------ the server and the file
    log('starting a fresh genshelf server (api/node.ts) …');
    const blobDir = join(work, 'blobs');
    const genshelfEnv = { DATABASE_URL: `file:${join(work, 'genshelf.db')}`, BLOB_DIR: blobDir, DATA_DIR: join(work, 'server'), MAX_UPLOAD_BYTES: String(1024 * MiB) };
    const genshelf = track(await startGenshelf(genshelfEnv, { cwd: opts.root, logFile: join(work, 'genshelf.log') }));
    const { INGEST_TOKEN } = genshelf.secrets;
    const sub = 'bench-files';
    const userToken = await genshelf.tokenFor(sub);

    const source = join(work, 'video.mp4');
    log(`writing ${FILE_BYTES / MiB} MiB to ${source} …`);
    const sha = await writeVideo(source, FILE_BYTES);
    await genshelf.registerApps(['video-mixer', 'carousel-mix']);
    const job = await callJson(genshelf.base, 'POST', '/api/v1/jobs', INGEST_TOKEN, { user_id: sub, app_id: 'video-mixer', prompt: 'bench: file serving' }, 201);
    log('uploading it through POST /api/v1/jobs/:id/assets …');
    const up0 = performance.now();
    const asset = await uploadRaw(genshelf.base, `/api/v1/jobs/${job.id}/assets?title=bench.mp4`, INGEST_TOKEN, 'video/mp4', { file: source, size: FILE_BYTES });
    const upload = { ms: performance.now() - up0, bytes: FILE_BYTES };
    log(`  ${fmt(upload.ms / 1000)} s (${fmt(FILE_BYTES / MiB / (upload.ms / 1000))} MiB/s)`);
    if (asset.file_size !== FILE_BYTES) throw new Error(`the asset has ${asset.file_size} bytes, expected ${FILE_BYTES}`);
    // The disk store names its data file by (part of) the SHA-256 it computed while writing.
    const blob = blobFile(blobDir, `user:${sub}/${job.id}/${asset.id}`);
    const file = blob.path;
    if (!sha.startsWith(blob.etag) || statSync(file).size !== FILE_BYTES) throw new Error(`the stored blob ${file} differs from the generated file`);
    rmSync(source);

    // ------------------------------------------------------------ the baselines, on the same file
    log('starting the plain createReadStream server …');
    const plain = track(await startChild('node-createReadStream', 'bench/range-server.ts', { FILE: file }, { cwd: opts.root, logFile: join(work, 'range-server.log'), readyPath: '/ready' }));
    const { nginx, info: nginxInfo } = await nginxFor({ ...opts, log }, file, join(work, 'nginx'), track);

    const signedUrl = String(asset.url).replace(/^https?:\/\/[^/]+/, genshelf.base);
    const servers: ByteServer[] = [
      { key: 'genshelf', label: 'genshelf, signed URL', request: 'GET /files/:token', child: genshelf, url: signedUrl, headers: {} },
      { key: 'genshelf-bearer', label: 'genshelf, Bearer token', request: 'GET /api/v1/assets/:id/content', child: genshelf, url: `${genshelf.base}/api/v1/assets/${asset.id}/content`, headers: { authorization: `Bearer ${userToken}` } },
      { key: 'node', label: 'node:http + fs.createReadStream', request: 'GET /file', child: plain, url: `${plain.base}/file`, headers: {} },
    ];
    if (nginx) servers.push(nginxServer(nginx, nginxInfo));
    const runs = await compareServers(servers, { file, size: FILE_BYTES, rounds: opts.rounds, roundS: opts.roundS, log });
    for (const c of [nginx, plain]) if (c) await c.stop();

    // ------------------------------------------------------------ the server-side ZIP
    log(`a job with ${ZIP_FILES} images of ${ZIP_FILE_BYTES / 1024} KiB …`);
    const zipJob = await callJson(genshelf.base, 'POST', '/api/v1/jobs', INGEST_TOKEN, { user_id: sub, app_id: 'carousel-mix', prompt: 'bench: server-side zip' }, 201);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const zu0 = performance.now();
    for (let i = 0; i < ZIP_FILES; i++) {
      const body = randomBytes(ZIP_FILE_BYTES);
      png.copy(body, 0);
      await uploadRaw(genshelf.base, `/api/v1/jobs/${zipJob.id}/assets?title=slide-${String(i + 1).padStart(3, '0')}.png`, INGEST_TOKEN, 'image/png', body);
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
      log(`zip of ${ZIP_FILES}: ${fmt(r.ms)} ms, ${fmt(r.bytes / MiB / (r.ms / 1000))} MiB/s (${r.bytes.toLocaleString('en')} bytes = Content-Length)`);
    }
    await genshelf.stop();

    // The same server again (same database, blobs and secrets, so the signed URL holds) under the profiler.
    log('CPU profile of 1 MiB ranges through the signed URL (node --cpu-prof) …');
    const profileDir = join(opts.dataDir, 'profiles-files');
    const profiled = track(await startGenshelf({ ...genshelfEnv, ...genshelf.secrets }, { cwd: opts.root, logFile: join(work, 'genshelf-profiled.log'), nodeArgs: profilerArgs(profileDir) }));
    const profile = await profileRanges(profiled, signedUrl.replace(genshelf.base, profiled.base), {}, { size: FILE_BYTES, roundS: opts.roundS, dir: profileDir, root: opts.root });
    log(`  ${fmt(profile.mibPerSec)} MiB/s under the profiler; main thread busy ${Math.round(profile.busy * 100)} %`);

    return {
      ...byteBenchRun(opts, started, { nginx: nginxInfo, servers: runs }),
      profile,
      upload,
      zip: { files: ZIP_FILES, bytesIn: ZIP_FILES * ZIP_FILE_BYTES, entries: entriesInZip, runs: zipRuns, uploadMs },
    };
  });
}
