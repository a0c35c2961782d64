/**
 * `npm run bench -- --only proxy` (also part of a plain `npm run bench`): the video proxy
 * (`GET /video/:proxy_id`, seed 002) side by side with its upstream served directly and with
 * nginx (when installed), on one file.
 *
 * Set-up, all in a temp directory under bench/.data that is removed at the end: a 256 MiB
 * MP4-sniffable file; bench/range-server.ts (node:http + fs.createReadStream) serving it at
 * `/file` on 127.0.0.1 as the provider that keeps the output; a fresh genshelf server allowed to
 * fetch exactly that host:port (`UPSTREAM_ALLOWED_HOSTS`, with `UPSTREAM_ALLOW_HTTP` and
 * `UPSTREAM_ALLOW_PRIVATE` for a plain-http loopback provider). The file is registered the way a
 * generator back-end does it — a job created with the ingest token, then
 * `POST /api/v1/jobs/:id/assets {source_url, kind: "video"}` — and the opaque link is what the
 * owner's history hands out: `GET /api/user-generations?type=<app>` → `proxy_url`. Beside it, in front
 * of the same provider: a naive Node proxy (bench/naive-proxy.ts), a Node TCP relay
 * (bench/tcp-relay.ts: the least a Node proxy does) and nginx as a reverse proxy (a proxy of no
 * JavaScript); and nginx serving the same file.
 * bench/bytes.ts then compares them (spot checks, random 1 MiB ranges at 8 connections with every
 * answer checked, full downloads, RSS under 50 concurrent ranges, the CPU of every process); the
 * proxy's own metrics (access count, upstream requests and errors, time to the upstream's
 * headers) are read from the admin route and set against what the client asked; and the proxy
 * runs once more under the CPU profiler.
 */
import { join } from 'node:path';
import { byteBenchRun, compareServers, FILE_BYTES, MiB, nginxFor, nginxServer, profileRanges, profilerArgs, writeVideo, type ByteBenchOptions, type ByteBenchResult, type ByteServer, type RangeProfile, type ServerRuns } from './bytes.ts';
import { callJson, startClock } from './measure.ts';
import { inWorkDir, startChild, startGenshelf, type Genshelf } from './servers.ts';

export interface ProxyResult extends ByteBenchResult {
  profile: RangeProfile;
  /** registering the provider's file (job + asset) and listing the owner's history for the link */
  link: { registerMs: number; listMs: number; path: string };
  /** the proxy's metrics after the run, and the requests the client sent to `/video/…` */
  metrics: { accessCount: number; upstreamRequests: number; upstreamErrors: number; upstreamP50: number | null; upstreamP95: number | null; clientRequests: number };
}

const APP = 'text-to-video';

/** Every request the comparison sent to one server: 4 spot checks, the range rounds, the full downloads, the memory runs. */
const requestsSent = (s: ServerRuns) => 4 + s.rounds.reduce((a, r) => a + r.requests, 0) + s.full.length + (s.memory ? s.memory.at1.load.requests + s.memory.at16.load.requests : 0);

/**
 * The provider's file registered on `g` the way a generator back-end hands over an output the
 * provider keeps, and its `/video/` link as the owner's history gives it.
 */
async function linkOn(g: Genshelf, upstreamHost: string): Promise<{ proxyPath: string; registerMs: number; listMs: number }> {
  const { INGEST_TOKEN } = g.secrets;
  const sub = 'bench-proxy';
  const r0 = performance.now();
  await g.registerApps([APP]);
  const job = await callJson(g.base, 'POST', '/api/v1/jobs', INGEST_TOKEN, { user_id: sub, app_id: APP, prompt: 'bench: video proxy' }, 201);
  const asset = await callJson(g.base, 'POST', `/api/v1/jobs/${job.id}/assets`, INGEST_TOKEN, { source_url: `http://${upstreamHost}/file`, kind: 'video', mime: 'video/mp4', title: 'bench.mp4' }, 201);
  const registerMs = performance.now() - r0;
  const l0 = performance.now();
  const history = await callJson(g.base, 'GET', `/api/user-generations?type=${APP}`, await g.tokenFor(sub), undefined, 200);
  const listMs = performance.now() - l0;
  const generation = (history.generations as { id: string; proxy_url: string | null }[]).find((x) => x.id === job.id);
  const proxyPath = generation?.proxy_url ? new URL(generation.proxy_url).pathname : '';
  if (!/^\/video\/[\w-]+$/.test(proxyPath)) throw new Error(`the history has no /video/ link for job ${job.id} (asset ${asset.id}): ${JSON.stringify(history).slice(0, 500)}`);
  if (JSON.stringify(history).includes(upstreamHost)) throw new Error("the history shows the provider's address");
  return { proxyPath, registerMs, listMs };
}

export async function runProxy(opts: ByteBenchOptions): Promise<ProxyResult> {
  const log = (line: string) => opts.log(`bench: proxy: ${line}`);
  const started = startClock();
  return inWorkDir(opts.dataDir, 'proxy-', opts.track, async (work, track) => {
    // ------------------------------------------------------------ the provider and its file
    const file = join(work, 'video.mp4');
    log(`writing ${FILE_BYTES / MiB} MiB to ${file} …`);
    await writeVideo(file, FILE_BYTES);
    log('starting the provider (bench/range-server.ts, createReadStream) …');
    const upstream = track(await startChild('upstream-createReadStream', 'bench/range-server.ts', { FILE: file }, { cwd: opts.root, logFile: join(work, 'upstream.log'), readyPath: '/ready' }));
    const upstreamHost = `127.0.0.1:${upstream.port}`;

    // ------------------------------------------------------------ genshelf, allowed to fetch from it
    log(`starting a fresh genshelf server (api/node.ts) with UPSTREAM_ALLOWED_HOSTS=${upstreamHost} …`);
    const genshelfEnv = { DATABASE_URL: `file:${join(work, 'genshelf.db')}`, BLOB_DIR: join(work, 'blobs'), DATA_DIR: join(work, 'server'), UPSTREAM_ALLOWED_HOSTS: upstreamHost, UPSTREAM_ALLOW_HTTP: '1', UPSTREAM_ALLOW_PRIVATE: '1' };
    const genshelf = track(await startGenshelf(genshelfEnv, { cwd: opts.root, logFile: join(work, 'genshelf.log') }));
    const { proxyPath, registerMs, listMs } = await linkOn(genshelf, upstreamHost);
    log(`registered in ${registerMs.toFixed(1)} ms; ${proxyPath} from the history in ${listMs.toFixed(1)} ms`);

    log('starting the naive proxy (bench/naive-proxy.ts: node:http, Range forwarded, answer piped) …');
    const naive = track(await startChild('naive-proxy', 'bench/naive-proxy.ts', { UPSTREAM: `http://${upstreamHost}/file` }, { cwd: opts.root, logFile: join(work, 'naive-proxy.log'), readyPath: '/ready' }));
    log('starting the Node TCP relay (bench/tcp-relay.ts: bytes copied between two sockets, no HTTP) …');
    const relay = track(await startChild('tcp-relay', 'bench/tcp-relay.ts', { UPSTREAM: upstream.base }, { cwd: opts.root, logFile: join(work, 'tcp-relay.log'), readyPath: '/ready' }));
    const { nginx, info: nginxInfo } = await nginxFor({ ...opts, log }, file, join(work, 'nginx'), track, `${upstream.base}/file`);
    const provider = { name: 'provider', child: upstream };
    const servers: ByteServer[] = [
      { key: 'proxy', label: 'genshelf video proxy → provider', request: 'GET /video/:proxy_id', child: genshelf, url: genshelf.base + proxyPath, headers: {}, processes: [{ name: 'genshelf', child: genshelf }, provider] },
      { key: 'naive-proxy', label: 'a naive Node proxy → provider (node:http, pipe)', request: 'GET /video', child: naive, url: `${naive.base}/video`, headers: {}, processes: [{ name: 'naive proxy', child: naive }, provider] },
      { key: 'tcp-relay', label: 'a Node TCP relay → provider (node:net, pipe both ways, no HTTP)', request: 'GET /file', child: relay, url: `${relay.base}/file`, headers: {}, processes: [{ name: 'relay', child: relay }, provider] },
      { key: 'upstream', label: 'the provider directly (node:http + fs.createReadStream)', request: 'GET /file', child: upstream, url: `${upstream.base}/file`, headers: {}, processes: [provider] },
    ];
    if (nginx) {
      // The proxy of no JavaScript: nginx in front of the same provider.
      servers.splice(3, 0, { key: 'nginx-proxy', label: `${'version' in nginxInfo ? nginxInfo.version : 'nginx'} as a proxy → provider (proxy_pass, buffering off)`, request: 'GET /video', child: nginx, url: `${nginx.base}/video`, headers: {}, processes: [{ name: 'nginx proxy', child: nginx }, provider] });
      servers.push(nginxServer(nginx, nginxInfo));
    }
    const runs = await compareServers(servers, { file, size: FILE_BYTES, rounds: opts.rounds, roundS: opts.roundS, log });

    // ------------------------------------------------------------ the proxy's own count of it all
    const m = await callJson(genshelf.base, 'GET', '/api/v1/admin/video-proxy/metrics', await genshelf.tokenFor('bench-admin', 'genshelf:admin'), undefined, 200);
    const metrics = { accessCount: m.access_count, upstreamRequests: m.upstream.requests, upstreamErrors: m.upstream.errors, upstreamP50: m.upstream.p50_ms, upstreamP95: m.upstream.p95_ms, clientRequests: requestsSent(runs[0]!) };
    log(`proxy metrics: ${metrics.accessCount} accesses, ${metrics.upstreamRequests} upstream requests (${metrics.upstreamErrors} errors; headers p50 ${metrics.upstreamP50} ms, p95 ${metrics.upstreamP95} ms); the client sent ${metrics.clientRequests}`);

    // The proxy again (same database, so the same link) under the profiler.
    log('CPU profile of 1 MiB ranges through the proxy (node --cpu-prof) …');
    await genshelf.stop();
    const profileDir = join(opts.dataDir, 'profiles-proxy');
    const profiled = track(await startGenshelf({ ...genshelfEnv, ...genshelf.secrets }, { cwd: opts.root, logFile: join(work, 'genshelf-profiled.log'), nodeArgs: profilerArgs(profileDir) }));
    const profile = await profileRanges(profiled, profiled.base + proxyPath, {}, { size: FILE_BYTES, roundS: opts.roundS, dir: profileDir, root: opts.root });
    log(`  ${profile.mibPerSec.toFixed(0)} MiB/s under the profiler; main thread busy ${Math.round(profile.busy * 100)} %`);

    return { ...byteBenchRun(opts, started, { nginx: nginxInfo, servers: runs }), profile, link: { registerMs, listMs, path: proxyPath.replace(/[\w-]+$/, '<uuid>') }, metrics };
  });
}
