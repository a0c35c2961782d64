import type { Config } from '../config.ts';
import type { Deps } from '../env.ts';
import { withKnownLength } from './known-length.ts';

/** Why an upstream could not be used. Messages never contain the upstream's address. */
export class UpstreamRefused extends Error {
  override name = 'UpstreamRefused';
}

const MAX_REDIRECTS = 5;

/** IPv4 dotted quad → number, or null. */
function ipv4(host: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
}

const v4Ranges: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
];

/** Loopback, private, link-local, shared, multicast or reserved: not a place to fetch from. */
export function isPrivateAddress(address: string): boolean {
  const host = address.replace(/^\[|\]$/g, '').toLowerCase();
  const v4 = ipv4(host);
  if (v4 !== null) {
    return v4Ranges.some(([base, bits]) => {
      const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
      return ((v4 & mask) >>> 0) === ((ipv4(base)! & mask) >>> 0);
    });
  }
  if (!host.includes(':')) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
  if (mapped) return isPrivateAddress(mapped[1]!);
  return host === '::' || host === '::1' || /^f[cd]/.test(host) || /^fe[89ab]/.test(host) || /^ff/.test(host) || host.startsWith('::ffff:');
}

const localName = (host: string) => host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal');

/**
 * Whether genshelf may fetch this URL: https (or http when allowed), a host in the allow-list
 * (`host` or `host:port`), and not a private/loopback target unless allowed.
 * @throws UpstreamRefused naming the rule (never the URL)
 */
export function checkUpstreamUrl(config: Pick<Config, 'UPSTREAM_ALLOWED_HOSTS' | 'UPSTREAM_ALLOW_HTTP' | 'UPSTREAM_ALLOW_PRIVATE'>, url: URL): void {
  if (!(url.protocol === 'https:' || (url.protocol === 'http:' && config.UPSTREAM_ALLOW_HTTP))) throw new UpstreamRefused('only https URLs are accepted');
  if (url.username || url.password) throw new UpstreamRefused('URLs with credentials are not accepted');
  if (!config.UPSTREAM_ALLOWED_HOSTS.some((h) => h.toLowerCase() === url.host || h.toLowerCase() === url.hostname)) throw new UpstreamRefused('its host is not in UPSTREAM_ALLOWED_HOSTS');
  if (!config.UPSTREAM_ALLOW_PRIVATE && (isPrivateAddress(url.hostname) || localName(url.hostname))) throw new UpstreamRefused('private and loopback addresses are not accepted');
}

/** Where the runtime can resolve names (Node), refuses names that point at private addresses. */
async function checkResolved(deps: Pick<Deps, 'config' | 'lookupHost'>, url: URL): Promise<void> {
  if (deps.config.UPSTREAM_ALLOW_PRIVATE || !deps.lookupHost || ipv4(url.hostname) !== null || url.hostname.startsWith('[')) return;
  let addresses: string[];
  try {
    addresses = await deps.lookupHost(url.hostname);
  } catch {
    throw new UpstreamUnavailable('the upstream host could not be resolved');
  }
  if (addresses.some(isPrivateAddress)) throw new UpstreamRefused('the upstream host resolves to a private address');
}

/** The upstream could not answer (network error, timeout, 5xx). */
export class UpstreamUnavailable extends Error {
  override name = 'UpstreamUnavailable';
}

/**
 * `body` as long as the upstream keeps sending: waiting longer than `idleMs` for its next chunk
 * calls `stop` (which aborts the upstream request) and errors the stream, so the client sees a
 * broken response, not one that hangs. Only the upstream's silence counts: while the client is
 * slow, nothing is pulled and no timer runs.
 */
export function idleGuard(body: ReadableStream<Uint8Array>, idleMs: number, stop: (reason: Error) => void): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const silence = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new UpstreamUnavailable('the upstream stopped sending')), idleMs);
        });
        try {
          const next = await Promise.race([reader.read(), silence]);
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        } catch (err) {
          const reason = err instanceof Error ? err : new UpstreamUnavailable('the upstream body failed');
          stop(reason);
          reader.cancel(reason).catch(() => {});
          controller.error(reason);
        } finally {
          clearTimeout(timer);
        }
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: 0 },
  );
}

/**
 * GET/HEAD of an allowed upstream URL with only the given request headers. Redirects are
 * followed by hand, each hop checked against the same rules; the response headers must arrive
 * within UPSTREAM_TIMEOUT_MS, then each body chunk within UPSTREAM_IDLE_TIMEOUT_MS of the one
 * before (else the upstream request is aborted and the body fails, `onStall` told); the client
 * going away aborts the upstream request.
 */
export async function fetchUpstream(deps: Pick<Deps, 'config' | 'fetch' | 'lookupHost'>, source: string, init: { method: 'GET' | 'HEAD'; headers: Headers; signal?: AbortSignal; onStall?: () => void }): Promise<Response> {
  let url = new URL(source);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    checkUpstreamUrl(deps.config, url);
    await checkResolved(deps, url);
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), deps.config.UPSTREAM_TIMEOUT_MS);
    const stalled = new AbortController();
    const signal = AbortSignal.any([timeout.signal, stalled.signal, ...(init.signal ? [init.signal] : [])]);
    let res: Response;
    try {
      res = await deps.fetch(url, { method: init.method, headers: init.headers, redirect: 'manual', signal });
    } catch {
      throw new UpstreamUnavailable(timeout.signal.aborted ? 'the upstream did not answer in time' : 'the upstream could not be reached');
    } finally {
      clearTimeout(timer);
    }
    if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
      await res.body?.cancel();
      url = new URL(res.headers.get('location')!, url);
      continue;
    }
    if (!res.body) return res;
    const body = idleGuard(res.body, deps.config.UPSTREAM_IDLE_TIMEOUT_MS, (reason) => {
      if (!(reason instanceof UpstreamUnavailable)) return;
      init.onStall?.();
      stalled.abort(reason);
    });
    // workerd would send a stream of ours chunked, without its length: keep the provider's.
    const length = Number(res.headers.get('content-length') ?? NaN);
    return new Response(Number.isSafeInteger(length) && length >= 0 ? withKnownLength(body, length) : body, { status: res.status, statusText: res.statusText, headers: res.headers });
  }
  throw new UpstreamUnavailable('the upstream redirected too many times');
}
