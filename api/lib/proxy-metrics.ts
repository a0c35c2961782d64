/**
 * The video proxy's upstream health as this process/isolate saw it: request and error counts
 * and a window of recent latencies (time to the upstream's response headers). In memory on
 * purpose: it describes this instance's network path, and costs nothing per request.
 */
export class ProxyMetrics {
  requests = 0;
  errors = 0;
  private readonly latencies: number[] = [];
  private readonly recent: boolean[] = [];
  constructor(private readonly window = 500) {}

  record(ms: number, ok: boolean): void {
    this.requests++;
    if (!ok) this.errors++;
    this.latencies.push(ms);
    this.recent.push(ok);
    if (this.latencies.length > this.window) this.latencies.shift();
    if (this.recent.length > this.window) this.recent.shift();
  }

  /** Share of failed upstream requests among the recent ones (0 with none). */
  recentErrorRate(): number {
    return this.recent.length ? this.recent.filter((ok) => !ok).length / this.recent.length : 0;
  }

  snapshot() {
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const at = (q: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 10) / 10 : null);
    return { requests: this.requests, errors: this.errors, error_rate: this.requests ? Math.round((this.errors / this.requests) * 10_000) / 10_000 : 0, p50_ms: at(0.5), p95_ms: at(0.95) };
  }
}

const perApp = new WeakMap<object, ProxyMetrics>();

/** The metrics of one app (keyed by its deps, so tests' apps don't share counters). */
export function proxyMetrics(deps: object): ProxyMetrics {
  let m = perApp.get(deps);
  if (!m) perApp.set(deps, (m = new ProxyMetrics()));
  return m;
}

/**
 * Link accesses counted in memory and written in batches: a write transaction per range request
 * was a sixth of the proxy's time, and a player makes many. At most FLUSH_MS of counts wait;
 * readers of the counts (admin metrics, cleanup) flush first.
 */
export class AccessCounter {
  private pending = new Map<string, number>();
  private lastFlush = 0;
  constructor(private readonly flushMs = 5_000) {}

  add(proxyId: string): void {
    this.pending.set(proxyId, (this.pending.get(proxyId) ?? 0) + 1);
  }

  due(now: number): boolean {
    return this.pending.size > 0 && now - this.lastFlush >= this.flushMs;
  }

  /** Takes the pending counts (the caller writes them); put back with `restore` if that fails. */
  take(now: number): Map<string, number> {
    const taken = this.pending;
    this.pending = new Map();
    this.lastFlush = now;
    return taken;
  }

  restore(counts: Map<string, number>): void {
    for (const [id, n] of counts) this.pending.set(id, (this.pending.get(id) ?? 0) + n);
  }
}

const counters = new WeakMap<object, AccessCounter>();

export function accessCounter(deps: object): AccessCounter {
  let c = counters.get(deps);
  if (!c) counters.set(deps, (c = new AccessCounter()));
  return c;
}
