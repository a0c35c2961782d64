/**
 * What the byte-serving benches share (bench/files.ts: genshelf's own files; bench/proxy.ts: the
 * video proxy): the 256 MiB test file, nginx as a reference when installed, and one comparison
 * of several servers serving the same bytes —
 *   - spot checks: four 1 MiB ranges per server compared byte for byte with the file;
 *   - random 1 MiB `Range: bytes=a-b` requests at 8 connections, in rounds run in alternating
 *     server order (ABC, CBA …): requests/s, MiB/s, round-trip p50/p99 — every answer checked
 *     (206, Content-Range, byte count);
 *   - full downloads of the whole file, each body counted to the last byte;
 *   - each server process's RSS under 50 concurrent range requests of 1 MiB and of 16 MiB
 *     (SPEC §8: constant memory).
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import { closeSync, createWriteStream, mkdirSync, openSync, readSync, rmSync } from 'node:fs';
import { relative } from 'node:path';
import { once } from 'node:events';
import { Agent } from 'node:http';
import { cpus } from 'node:os';
import { fetchCounted, get, loadAverage, processCpu, rangeLoad, rssOf, summarize, watchRss, type Fetched, type ProcessCpu, type RangeLoad, type Started } from './measure.ts';
import { prng } from './random.ts';
import { mainThreadProfile, summariseProfile, type ProfileSummary } from './profile.ts';
import { findNginx, nginxVersion, startNginx, type Child } from './servers.ts';

export const MiB = 2 ** 20;
export const FILE_BYTES = 256 * MiB;
export const RANGE_BYTES = MiB;
export const CONNECTIONS = 8;
const MEMORY_CONNECTIONS = 50;
const FULL_DOWNLOADS = 3;

/** One server in a comparison: where to ask, with which headers, and the process that answers. */
export interface ByteServer {
  key: string;
  label: string;
  /** the request as the report shows it */
  request: string;
  child: Child;
  url: string;
  headers: Record<string, string>;
  /** Every process that serves it, by a short name (default: `child`, by `key`): their CPU is measured in every run. */
  processes?: { name: string; child: Child }[];
}

/** CPU used while one kind of run went on: by each process serving it, and by the client (this process). */
export interface CpuUse {
  /** wall time of the runs */
  ms: number;
  /** body bytes and requests the runs moved */
  bytes: number;
  requests: number;
  processes: ({ name: string } & ProcessCpu)[];
  client: { userS: number; sysS: number };
}

export interface ServerRuns {
  key: string;
  label: string;
  request: string;
  /** the rounds merged */
  ranges: RangeLoad;
  rounds: RangeLoad[];
  full: Fetched[];
  /** CPU during the range rounds and during the full downloads */
  cpu: { ranges: CpuUse; full: CpuUse };
  memory?: { before: number; at1: { load: RangeLoad; peak: number }; at16: { load: RangeLoad; peak: number }; after: number };
}

export type NginxInfo = { version: string } | { missing: string };

/** What the file-serving and video-proxy results have in common. */
export interface ByteBenchResult {
  startedAt: string;
  ms: number;
  fileBytes: number;
  rangeBytes: number;
  connections: number;
  roundS: number;
  rounds: number;
  nginx: NginxInfo;
  servers: ServerRuns[];
  git: { commit: string; dirtyApi: boolean };
  loadStart: string;
  loadEnd: string;
  nproc: number;
  node: string;
}

/** The options a byte bench takes from bench/run.ts. */
export interface ByteBenchOptions {
  root: string;
  dataDir: string;
  log: (line: string) => void;
  /** seconds per range round */
  roundS: number;
  rounds: number;
  /** false: leave nginx out even when installed (`--no-nginx`) */
  nginx: boolean;
  /** register a child so the caller's signal handler can stop it */
  track: (c: Child) => void;
}

/** A valid MP4 start (`ftyp` box, then an `mdat` box header spanning the rest) and random bytes, written 1 MiB at a time; its SHA-256. */
export async function writeVideo(path: string, size: number): Promise<string> {
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

/**
 * nginx serving `file` at `/file` from a config in `dir`, when installed and wanted; else why not.
 * With `proxyTo`, the same nginx also proxies `/video` to that URL (bench/servers.ts `startNginx`).
 */
export async function nginxFor(opts: Pick<ByteBenchOptions, 'nginx' | 'log'>, file: string, dir: string, track: <C extends Child>(c: C) => C, proxyTo?: string): Promise<{ nginx: Child | null; info: NginxInfo }> {
  const bin = opts.nginx ? findNginx() : null;
  if (!bin) {
    const info = { missing: opts.nginx ? 'not installed' : 'left out (--no-nginx)' };
    opts.log(`nginx: ${info.missing}${opts.nginx ? ' (apt-get install nginx to compare against it)' : ''}`);
    return { nginx: null, info };
  }
  opts.log(`starting nginx (${bin}) …`);
  return { nginx: track(await startNginx(bin, file, dir, { proxyTo })), info: { version: nginxVersion(bin) } };
}

export const nginxServer = (nginx: Child, info: NginxInfo): ByteServer => ({ key: 'nginx', label: `${'version' in info ? info.version : 'nginx'} (sendfile)`, request: 'GET /file', child: nginx, url: `${nginx.base}/file`, headers: {} });

const fmt = (x: number) => (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : Math.round(x).toLocaleString('en'));

const processesOf = (e: ByteServer) => e.processes ?? [{ name: e.key, child: e.child }];
const noCpu = (e: ByteServer): CpuUse => ({ ms: 0, bytes: 0, requests: 0, processes: processesOf(e).map((p) => ({ name: p.name, userS: 0, sysS: 0, mainS: 0, faults: 0 })), client: { userS: 0, sysS: 0 } });

/** Runs `work` (which moves `moved(result)`), adding the CPU the server's processes and this process used meanwhile to `into`. */
async function measuringCpu<T>(e: ByteServer, into: CpuUse, work: () => Promise<T>, moved: (result: T) => { bytes: number; requests: number }): Promise<T> {
  const procs = processesOf(e);
  const before = procs.map((p) => processCpu(p.child.proc.pid!));
  const client = process.cpuUsage();
  const t0 = performance.now();
  const result = await work();
  into.ms += performance.now() - t0;
  const used = process.cpuUsage(client);
  into.client.userS += used.user / 1e6;
  into.client.sysS += used.system / 1e6;
  procs.forEach((p, i) => {
    const now = processCpu(p.child.proc.pid!);
    const sum = into.processes[i]!;
    sum.userS += now.userS - before[i]!.userS;
    sum.sysS += now.sysS - before[i]!.sysS;
    sum.mainS += now.mainS - before[i]!.mainS;
    sum.faults += now.faults - before[i]!.faults;
  });
  const m = moved(result);
  into.bytes += m.bytes;
  into.requests += m.requests;
  return result;
}

/**
 * The comparison described at the top, on `servers` that all serve `file` (`size` bytes). `log`
 * gets progress lines. Servers sharing a process (the same child) get one memory run.
 */
export async function compareServers(servers: ByteServer[], opts: { file: string; size: number; rounds: number; roundS: number; log: (line: string) => void }): Promise<ServerRuns[]> {
  const { log, size } = opts;
  // Spot checks: the same bytes from every server.
  const fd = openSync(opts.file, 'r');
  try {
    const pick = prng(7);
    const agent = new Agent({ keepAlive: false });
    for (const e of servers) {
      for (let i = 0; i < 4; i++) {
        const a = i === 0 ? 0 : Math.floor(pick() * (size - RANGE_BYTES));
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

  // Ranges at 8 connections, in rounds of alternating server order.
  const rounds = new Map<string, RangeLoad[]>(servers.map((e) => [e.key, []]));
  const cpu = new Map<string, ServerRuns['cpu']>(servers.map((e) => [e.key, { ranges: noCpu(e), full: noCpu(e) }]));
  for (let round = 0; round < opts.rounds; round++) {
    const order = round % 2 === 0 ? servers : [...servers].reverse();
    for (const e of order) {
      const r = await measuringCpu(
        e,
        cpu.get(e.key)!.ranges,
        () => rangeLoad(e.url, e.headers, { size, rangeBytes: RANGE_BYTES, connections: CONNECTIONS, durationMs: opts.roundS * 1000, seed: 1000 + round }),
        (x) => ({ bytes: x.bytes, requests: x.requests }),
      );
      rounds.get(e.key)!.push(r);
      log(`ranges ${e.key.padEnd(16)} round ${round + 1}: ${fmt(r.reqPerSec)} req/s, ${fmt(r.mibPerSec)} MiB/s, p50 ${fmt(r.latency.p50)} ms p99 ${fmt(r.latency.p99)} ms, client CPU ${Math.round(r.clientCpu * 100)} %${r.errors ? `, ${r.errors} ERRORS (${r.firstError})` : ''}`);
      if (r.errors) throw new Error(`${e.key}: ${r.errors} bad range responses, first: ${r.firstError}`);
    }
  }

  // Full downloads, interleaved.
  const full = new Map<string, Fetched[]>(servers.map((e) => [e.key, []]));
  for (let i = 0; i < FULL_DOWNLOADS; i++) {
    const order = i % 2 === 0 ? servers : [...servers].reverse();
    for (const e of order) {
      const r = await measuringCpu(e, cpu.get(e.key)!.full, () => fetchCounted(e.url, e.headers), (x) => ({ bytes: x.bytes, requests: 1 }));
      const cl = Number(r.headers['content-length']);
      if (r.status !== 200 || r.bytes !== size || cl !== size) throw new Error(`${e.key}: full download → ${r.status}, ${r.bytes} bytes, Content-Length ${cl}`);
      full.get(e.key)!.push(r);
      log(`full ${e.key.padEnd(16)} ${fmt(r.ms)} ms, ${fmt(size / MiB / (r.ms / 1000))} MiB/s`);
    }
  }

  // Memory under 50 concurrent ranges, per process.
  const memory = new Map<string, ServerRuns['memory']>();
  for (const [i, e] of servers.entries()) {
    if (servers.slice(0, i).some((x) => x.child === e.child)) continue;
    const pid = e.child.proc.pid!;
    const before = rssOf(pid);
    const at = async (rangeBytes: number, seed: number) => {
      const watch = watchRss(pid);
      const load = await rangeLoad(e.url, e.headers, { size, rangeBytes, connections: MEMORY_CONNECTIONS, durationMs: opts.roundS * 1000, seed });
      const { peak } = watch.stop();
      if (load.errors) throw new Error(`${e.key}: ${load.errors} bad range responses at ${MEMORY_CONNECTIONS} connections, first: ${load.firstError}`);
      return { load, peak };
    };
    const at1 = await at(MiB, 50);
    const at16 = await at(16 * MiB, 51);
    const after = rssOf(pid);
    memory.set(e.key, { before, at1, at16, after });
    log(`memory ${e.key.padEnd(16)} RSS ${fmt(before / MiB)} MiB → peak ${fmt(at1.peak / MiB)} (50 × 1 MiB, ${fmt(at1.load.mibPerSec)} MiB/s) / ${fmt(at16.peak / MiB)} MiB (50 × 16 MiB, ${fmt(at16.load.mibPerSec)} MiB/s)`);
  }

  return servers.map((e) => ({
    key: e.key,
    label: e.label,
    request: e.request,
    ranges: mergeRounds(rounds.get(e.key)!),
    rounds: rounds.get(e.key)!.map((r) => ({ ...r, raw: { latencies: [], server: [] } })),
    full: full.get(e.key)!,
    cpu: cpu.get(e.key)!,
    memory: memory.get(e.key),
  }));
}

/** genshelf under `node --cpu-prof` for one range round (after a warm-up): where its main thread's time went. */
export type RangeProfile = ProfileSummary & { requests: number; mibPerSec: number; file: string };

/** Node's flags for a profiled server writing into `dir` (emptied first). */
export function profilerArgs(dir: string): string[] {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`];
}

/**
 * One round of random 1 MiB ranges at 8 connections against `url` of a server started with
 * `profilerArgs(dir)`, after a second of warm-up (JIT, statement cache; left out of the summary);
 * the server is stopped so that it writes its profile, which is then summarised.
 */
export async function profileRanges(child: Child, url: string, headers: Record<string, string>, opts: { size: number; roundS: number; dir: string; root: string }): Promise<RangeProfile> {
  await rangeLoad(url, headers, { size: opts.size, rangeBytes: RANGE_BYTES, connections: CONNECTIONS, durationMs: 1000, seed: 90 });
  const run = await rangeLoad(url, headers, { size: opts.size, rangeBytes: RANGE_BYTES, connections: CONNECTIONS, durationMs: opts.roundS * 1000, seed: 91 });
  if (run.errors) throw new Error(`profiled ranges: ${run.errors} bad responses, first: ${run.firstError}`);
  await child.stop();
  const file = mainThreadProfile(opts.dir);
  return { ...summariseProfile(file, opts.roundS + 0.2, 12), requests: run.requests, mibPerSec: run.mibPerSec, file: relative(opts.root, file) };
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

/** The run's fields of a byte bench result, around what the bench itself measured. */
export function byteBenchRun(opts: ByteBenchOptions, started: Started, measured: { nginx: NginxInfo; servers: ServerRuns[] }): ByteBenchResult {
  return {
    startedAt: started.startedAt,
    ms: performance.now() - started.t0,
    fileBytes: FILE_BYTES,
    rangeBytes: RANGE_BYTES,
    connections: CONNECTIONS,
    roundS: opts.roundS,
    rounds: opts.rounds,
    ...measured,
    git: gitState(opts.root),
    loadStart: started.loadStart,
    loadEnd: loadAverage(),
    nproc: cpus().length,
    node: process.version,
  };
}

function gitState(root: string): ByteBenchResult['git'] {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirtyApi = execFileSync('git', ['status', '--porcelain', '--', 'api'], { cwd: root, encoding: 'utf8' }).trim() !== '';
    return { commit, dirtyApi };
  } catch {
    return { commit: 'unknown', dirtyApi: false };
  }
}

