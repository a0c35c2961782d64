/**
 * Measurements: sequential samples of server time (the `Server-Timing: total;dur=…` header that
 * hono/timing adds) and client round trip, and autocannon runs for latency and throughput.
 */
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect, type NetConnectOpts, type Socket } from 'node:net';
import { loadavg } from 'node:os';
import { prng } from './random.ts';

export interface Target {
  url: string;
  headers: Record<string, string>;
}

export interface Summary {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(values: number[]): Summary {
  const xs = [...values].sort((a, b) => a - b);
  // Nearest-rank percentiles: p99 of 300 samples is the 297th value, not an interpolation.
  const q = (p: number) => (xs.length ? xs[Math.min(xs.length - 1, Math.max(0, Math.ceil((p / 100) * xs.length) - 1))]! : NaN);
  const mean = xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
  return { n: xs.length, p50: q(50), p90: q(90), p99: q(99), max: xs.at(-1) ?? NaN, mean };
}

export interface Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  ms: number;
}

/** One GET over a keep-alive socket, timed from the request to the last body byte. */
export function get(agent: Agent, target: Target, timeoutMs = 30_000): Promise<Response> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request(target.url, { agent, headers: target.headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - t0 }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms: ${target.url}`)));
    req.on('error', reject);
    req.end();
  });
}

/** A GET on `agent` that must answer 200; its body parsed as JSON (and kept raw), with the server and round-trip times. */
export async function getJson(agent: Agent, target: Target): Promise<{ body: Record<string, any>; raw: Buffer; server: number; ms: number }> {
  const r = await get(agent, target);
  if (r.status !== 200) throw new Error(`GET ${target.url} → ${r.status}: ${r.body.toString('utf8').slice(0, 500)}`);
  return { body: JSON.parse(r.body.toString('utf8')) as Record<string, any>, raw: r.body, server: serverTotal(r.headers), ms: r.ms };
}

/** A JSON call with a Bearer token (a JSON body when one is given); throws on any status but `expect`. */
export async function callJson(base: string, method: string, path: string, token: string, body: unknown, expect: number): Promise<Record<string, any>> {
  const res = await fetch(base + path, { method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (res.status !== expect) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as Record<string, any>;
}

/** hono/timing's `total;dur=1.23` (milliseconds), or NaN when the header is missing. */
export function serverTotal(headers: Response['headers']): number {
  const raw = headers['server-timing'];
  const text = Array.isArray(raw) ? raw.join(',') : (raw ?? '');
  const m = /(?:^|,)\s*total;\s*dur=([\d.]+)/.exec(text);
  return m ? Number(m[1]) : NaN;
}

export interface Sampled {
  server: Summary;
  client: Summary;
  statuses: Record<number, number>;
  bytes: number;
}

/**
 * Sequential requests on one keep-alive connection: up to `maxSamples`, or until `maxMs` has
 * passed (slow endpoints get fewer samples; `n` is reported). A short warm-up is discarded.
 */
export async function sample(target: Target, opts: { maxSamples: number; maxMs: number; warmup: number }): Promise<Sampled> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const warmUntil = performance.now() + opts.maxMs / 4;
    for (let i = 0; i < opts.warmup && performance.now() < warmUntil; i++) await get(agent, target);
    const server: number[] = [];
    const client: number[] = [];
    const statuses: Record<number, number> = {};
    let bytes = 0;
    const until = performance.now() + opts.maxMs;
    while (server.length < opts.maxSamples && (performance.now() < until || server.length < 5)) {
      const r = await get(agent, target);
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      bytes = r.body.length;
      server.push(serverTotal(r.headers));
      client.push(r.ms);
    }
    return { server: summarize(server.filter((x) => !Number.isNaN(x))), client: summarize(client), statuses, bytes };
  } finally {
    agent.destroy();
  }
}

export interface Load {
  connections: number;
  durationS: number;
  reqPerSec: number;
  latency: { p50: number; p99: number; mean: number; max: number };
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  load1: number;
}

/** An autocannon run (latencies are recorded by autocannon in whole milliseconds). */
export async function load(target: Target, connections: number, durationS: number): Promise<Load> {
  const r = await autocannon({ url: target.url, headers: target.headers, connections, duration: durationS, pipelining: 1, timeout: 30 });
  return {
    connections,
    durationS,
    reqPerSec: (r.requests.total ?? 0) / (r.duration || durationS),
    latency: { p50: r.latency.p50, p99: r.latency.p99, mean: r.latency.mean, max: r.latency.max },
    requests: r.requests.total ?? 0,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    load1: loadavg()[0]!,
  };
}

export interface EndpointResult {
  key: string;
  label: string;
  path: string;
  seq: Sampled;
  one: Load;
  many: Load;
}

const ms2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '—');

/**
 * One JSON endpoint as the list and insights benches measure it: sequential samples (up to 300,
 * or 8 s, after 20 warm-ups), then autocannon at 1 and at `connections` connections. Anything but
 * a 200 fails the bench. `log` gets indented progress lines.
 */
export async function measureEndpoint(key: string, target: Target, opts: { durationS: number; connections: number; log: (line: string) => void }): Promise<Pick<EndpointResult, 'seq' | 'one' | 'many'>> {
  const seq = await sample(target, { maxSamples: 300, maxMs: 8000, warmup: 20 });
  if (Object.keys(seq.statuses).some((k) => k !== '200')) throw new Error(`${key}: unexpected statuses ${JSON.stringify(seq.statuses)}`);
  opts.log(`  sequential ×${seq.client.n}: server p50 ${ms2(seq.server.p50)} ms p99 ${ms2(seq.server.p99)} ms; round trip p50 ${ms2(seq.client.p50)} ms p99 ${ms2(seq.client.p99)} ms`);
  const one = await load(target, 1, opts.durationS);
  opts.log(`  1 connection:  ${Math.round(one.reqPerSec)} req/s, p50 ${one.latency.p50} ms p99 ${one.latency.p99} ms`);
  const many = await load(target, opts.connections, opts.durationS);
  opts.log(`  ${opts.connections} connections: ${Math.round(many.reqPerSec)} req/s, p50 ${many.latency.p50} ms p99 ${many.latency.p99} ms (load ${many.load1.toFixed(2)})`);
  for (const l of [one, many]) if (l.non2xx || l.errors || l.timeouts) throw new Error(`${key}: ${l.non2xx} non-2xx, ${l.errors} errors, ${l.timeouts} timeouts at ${l.connections} connections`);
  return { seq, one, many };
}

/** The 1/5/15-minute load averages, as the reports print them. */
export const loadAverage = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

export interface Started {
  startedAt: string;
  loadStart: string;
  t0: number;
}

/** When a bench part starts: the time, the load average and the clock. */
export const startClock = (): Started => ({ startedAt: new Date().toISOString(), loadStart: loadAverage(), t0: performance.now() });

// ------------------------------------------------------------------ byte serving

export interface Fetched {
  status: number;
  headers: Record<string, string>;
  bytes: number;
  /** request to response headers */
  headersMs: number;
  /** request to the last body byte */
  ms: number;
}

/**
 * A minimal HTTP/1.1 keep-alive client for large bodies: one socket, one request at a time, the
 * body counted (not kept) as it arrives into one reused 1 MiB read buffer (`onread`), so the
 * client spends about half the CPU node:http's client does on 1 MiB bodies — on a 2-core machine
 * whatever the client burns is taken from the server under test. Only what the bench needs: GET,
 * responses with a `Content-Length` (anything else is an error), reconnects when the server
 * closed the idle connection.
 */
export class ByteClient {
  private sock: Socket | null = null;
  private connected: Promise<void> | null = null;
  /** The start of a response head that did not end in the read it came in (a copy: the read buffer is reused). */
  private head = Buffer.alloc(0);
  private inBody = false;
  private remaining = 0;
  private cur: { resolve: (r: Fetched) => void; reject: (e: Error) => void; t0: number; res: Fetched } | null = null;
  private readonly buffer = Buffer.allocUnsafe(1 << 20);

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  static for(url: string): ByteClient {
    const u = new URL(url);
    return new ByteClient(u.hostname, Number(u.port || 80));
  }

  private connect(): Promise<void> {
    const sock = connect({
      host: this.host,
      port: this.port,
      onread: { buffer: this.buffer, callback: (n: number, b: Uint8Array) => this.onData(b, n) },
    } as unknown as NetConnectOpts);
    sock.setNoDelay(true);
    this.sock = sock;
    this.head = Buffer.alloc(0);
    this.inBody = false;
    const fail = (err: Error) => {
      if (this.sock === sock) this.sock = null;
      const cur = this.cur;
      this.cur = null;
      cur?.reject(err);
    };
    sock.on('error', fail);
    sock.on('close', () => fail(new Error(`connection closed by the server after ${this.cur?.res.bytes ?? 0} body bytes`)));
    this.connected = new Promise((resolve, reject) => {
      sock.once('connect', () => resolve());
      sock.once('error', reject);
    });
    return this.connected;
  }

  private onData(b: Uint8Array, n: number): boolean {
    let off = 0;
    while (off < n && this.cur) {
      const cur = this.cur;
      if (!this.inBody) {
        // Only the head becomes a string: a server that sends its first body bytes with the headers
        // (one write) must not cost the client a string of a whole read.
        const chunk = Buffer.from(b.buffer, b.byteOffset + off, n - off);
        const all = this.head.length ? Buffer.concat([this.head, chunk]) : chunk;
        const end = all.indexOf('\r\n\r\n');
        if (end < 0) {
          this.head = Buffer.from(all);
          return true;
        }
        off += end + 4 - this.head.length;
        this.head = Buffer.alloc(0);
        const lines = all.subarray(0, end).toString('latin1').split('\r\n');
        cur.res.status = Number(lines[0]!.split(' ')[1]);
        for (const line of lines.slice(1)) {
          const i = line.indexOf(':');
          if (i > 0) cur.res.headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
        }
        cur.res.headersMs = performance.now() - cur.t0;
        const length = cur.res.headers['content-length'];
        if (length === undefined || !/^\d+$/.test(length)) {
          this.cur = null;
          this.sock?.destroy();
          cur.reject(new Error(`status ${cur.res.status} without a Content-Length (${cur.res.headers['transfer-encoding'] ?? 'no transfer-encoding'})`));
          return false;
        }
        this.remaining = Number(length);
        this.inBody = true;
      }
      const take = Math.min(this.remaining, n - off);
      this.remaining -= take;
      cur.res.bytes += take;
      off += take;
      if (this.remaining === 0) {
        this.inBody = false;
        this.cur = null;
        cur.res.ms = performance.now() - cur.t0;
        cur.resolve(cur.res);
      }
    }
    return true;
  }

  /** GET `path`; resolves when the whole body has arrived. */
  async get(path: string, headers: Record<string, string> = {}, timeoutMs = 120_000): Promise<Fetched> {
    if (this.cur) throw new Error('ByteClient: one request at a time');
    if (!this.sock || this.sock.destroyed) await this.connect();
    else await this.connected;
    const sock = this.sock!;
    return new Promise<Fetched>((resolve, reject) => {
      const timer = setTimeout(() => sock.destroy(new Error(`timeout after ${timeoutMs} ms: GET ${path}`)), timeoutMs);
      const done = <T>(f: (x: T) => void) => (x: T) => {
        clearTimeout(timer);
        f(x);
      };
      this.cur = { resolve: done(resolve), reject: done(reject), t0: performance.now(), res: { status: 0, headers: {}, bytes: 0, headersMs: NaN, ms: NaN } };
      const lines = [`GET ${path} HTTP/1.1`, `Host: ${this.host}:${this.port}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
      sock.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
  }

  close(): void {
    this.sock?.destroy();
    this.sock = null;
  }
}

/** One GET on a new connection, the body counted to the last byte. */
export async function fetchCounted(url: string, headers: Record<string, string> = {}): Promise<Fetched> {
  const u = new URL(url);
  const client = ByteClient.for(url);
  try {
    return await client.get(u.pathname + u.search, headers);
  } finally {
    client.close();
  }
}

export interface RangeLoad {
  connections: number;
  rangeBytes: number;
  /** wall time from the first request to the last response */
  ms: number;
  requests: number;
  bytes: number;
  reqPerSec: number;
  mibPerSec: number;
  /** round trip per range, request to last byte */
  latency: Summary;
  /** CPU the client (this process) used, as a share of one core */
  clientCpu: number;
  /** hono/timing's server time (genshelf only: up to the Response object, before the body) */
  server: Summary;
  errors: number;
  firstError?: string;
  /** the samples behind `latency` and `server`, for merging runs */
  raw: { latencies: number[]; server: number[] };
}

/**
 * `connections` workers, one keep-alive connection each (ByteClient), asking for random `Range: bytes=a-b` ranges of
 * `rangeBytes` of a `size`-byte file until `durationMs` has passed. Every answer must be a 206
 * with the right `Content-Range` and exactly `rangeBytes` of body, or it counts as an error.
 */
export async function rangeLoad(url: string, headers: Record<string, string>, opts: { size: number; rangeBytes: number; connections: number; durationMs: number; seed: number }): Promise<RangeLoad> {
  const next = prng(opts.seed);
  const latencies: number[] = [];
  const server: number[] = [];
  let bytes = 0;
  let errors = 0;
  let firstError: string | undefined;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const until = t0 + opts.durationMs;
  const u = new URL(url);
  const path = u.pathname + u.search;
  const worker = async () => {
    const client = ByteClient.for(url);
    try {
      while (performance.now() < until) {
        const a = Math.floor(next() * (opts.size - opts.rangeBytes + 1));
        const b = a + opts.rangeBytes - 1;
        try {
          const r = await client.get(path, { ...headers, range: `bytes=${a}-${b}` }, 30_000);
          const problem =
            r.status !== 206 ? `status ${r.status}` : r.headers['content-range'] !== `bytes ${a}-${b}/${opts.size}` ? `Content-Range ${String(r.headers['content-range'])}` : r.bytes !== opts.rangeBytes ? `${r.bytes} bytes` : null;
          if (problem) {
            errors++;
            firstError ??= `${problem} for bytes=${a}-${b}`;
            continue;
          }
          bytes += r.bytes;
          latencies.push(r.ms);
          const st = serverTotal(r.headers);
          if (!Number.isNaN(st)) server.push(st);
        } catch (err) {
          errors++;
          firstError ??= String(err);
          client.close();
        }
      }
    } finally {
      client.close();
    }
  };
  await Promise.all(Array.from({ length: opts.connections }, worker));
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return {
    clientCpu: (cpu.user + cpu.system) / 1000 / ms,
    connections: opts.connections,
    rangeBytes: opts.rangeBytes,
    ms,
    requests: latencies.length,
    bytes,
    reqPerSec: latencies.length / (ms / 1000),
    mibPerSec: bytes / 2 ** 20 / (ms / 1000),
    latency: summarize(latencies),
    server: summarize(server),
    errors,
    firstError,
    raw: { latencies, server },
  };
}

/** CPU a process has used so far: user and system seconds (all its threads, and its main thread alone) and minor page faults (Linux /proc; NaN elsewhere). */
export interface ProcessCpu {
  userS: number;
  sysS: number;
  /** user + system seconds of the main thread (the rest: V8's garbage-collector threads, libuv's thread pool) */
  mainS: number;
  faults: number;
}

/** Fields of a `/proc/…/stat` line after the command name (which may hold spaces): index 0 is field 3 of proc(5). */
const statFields = (path: string) => {
  const stat = readFileSync(path, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
};
const USER_HZ = 100;

export function processCpu(pid: number): ProcessCpu {
  try {
    const all = statFields(`/proc/${pid}/stat`);
    const main = statFields(`/proc/${pid}/task/${pid}/stat`);
    // minflt is field 10, utime 14, stime 15.
    return { userS: Number(all[11]) / USER_HZ, sysS: Number(all[12]) / USER_HZ, mainS: (Number(main[11]) + Number(main[12])) / USER_HZ, faults: Number(all[7]) };
  } catch {
    return { userS: NaN, sysS: NaN, mainS: NaN, faults: NaN };
  }
}

/** Resident set size of a process in bytes (Linux /proc), or NaN elsewhere. */
export function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s*(\d+)\s*kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Samples a process's RSS every `everyMs` until stopped; returns the peak. */
export function watchRss(pid: number, everyMs = 50): { stop(): { peak: number; last: number; samples: number } } {
  let peak = rssOf(pid);
  let last = peak;
  let samples = 1;
  const timer = setInterval(() => {
    last = rssOf(pid);
    samples++;
    if (last > peak || Number.isNaN(peak)) peak = last;
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return { peak, last, samples };
    },
  };
}
