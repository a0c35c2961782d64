/**
 * Measurements: sequential samples of server time (the `Server-Timing: total;dur=…` header that
 * hono/timing adds) and client round trip, and autocannon runs for latency and throughput.
 */
import autocannon from 'autocannon';
import { Agent, request } from 'node:http';
import { loadavg } from 'node:os';

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
