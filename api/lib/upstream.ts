import type { Config } from '../config.ts';
import type { Deps } from '../env.ts';
import { withKnownLength } from './known-length.ts';
import { offerHandoff } from './stream-handoff.ts';

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

/** An IPv6 address (no brackets, no zone) → its eight 16-bit words, or null when it is not one. */
function ipv6Words(host: string): number[] | null {
  let h = host;
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(h);
  if (dotted) {
    const v4 = ipv4(dotted[2]!);
    if (v4 === null) return null;
    h = `${dotted[1]}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const halves = h.split('::');
  if (halves.length > 2) return null;
  const words = (part: string) => (part === '' ? [] : part.split(':').map((w) => (/^[0-9a-f]{1,4}$/.test(w) ? parseInt(w, 16) : NaN)));
  const head = words(halves[0]!);
  const tail = halves.length === 2 ? words(halves[1]!) : [];
  if ([...head, ...tail].some(Number.isNaN)) return null;
  if (halves.length === 1 ? head.length !== 8 : head.length + tail.length > 7) return null;
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

function isPrivateV4(v4: number): boolean {
  return v4Ranges.some(([base, bits]) => {
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    return ((v4 & mask) >>> 0) === ((ipv4(base)! & mask) >>> 0);
  });
}

/**
 * Loopback, private, link-local, shared, multicast or reserved: not a place to fetch from. IPv6
 * forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4, Teredo) are judged by it or
 * refused, and anything with a colon that does not parse is refused.
 */
export function isPrivateAddress(address: string): boolean {
  const host = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '').toLowerCase();
  const v4 = ipv4(host);
  if (v4 !== null) return isPrivateV4(v4);
  if (!host.includes(':')) return false;
  const w = ipv6Words(host);
  if (!w) return true;
  const embedded = (hi: number) => isPrivateV4(((w[hi]! << 16) >>> 0) + w[hi + 1]!);
  const zero = (from: number, to: number) => w.slice(from, to).every((x) => x === 0);
  if (zero(0, 6)) return true; // ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d
  if (zero(0, 5) && w[5] === 0xffff) return true; // IPv4-mapped: only ever an IPv4 address in disguise
  if (w[0] === 0x64 && w[1] === 0xff9b) return !zero(2, 6) || embedded(6); // NAT64: 64:ff9b::/96 reaches its IPv4; 64:ff9b:1::/48 is local
  if (w[0] === 0x2002) return embedded(1); // 6to4
  if (w[0] === 0x2001 && w[1] === 0) return true; // Teredo
  if (w[0] === 0x100 && zero(1, 4)) return true; // discard-only 100::/64
  return (w[0]! & 0xfe00) === 0xfc00 || (w[0]! & 0xff00) === 0xfe00 || (w[0]! & 0xff00) === 0xff00; // unique local, link/site-local, multicast
}

/** Names that mean this machine or its network (a trailing dot is the same name, fully qualified). */
function localName(hostname: string): boolean {
  const host = hostname.replace(/\.+$/, '');
  return host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal');
}

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

/**
 * Where the host gives a resolver (`lookupHost`, for a fetch of its own), refuses names that point
 * at private addresses. The fetch resolves the name again to connect, so this cannot stop a name
 * that changes its answer in between; genshelf's own Node fetch checks the address it connects to
 * instead (api/node-fetch.ts `refusingPrivate`), and the Node entry gives no `lookupHost`.
 */
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

/** Why an idle guard gives up on a body. */
const stoppedSending = () => new UpstreamUnavailable('the upstream stopped sending');

/**
 * `body` as long as the upstream keeps sending: waiting longer than `idleMs` for its next chunk
 * calls `stop` (which aborts the upstream request) and errors the stream, so the client sees a
 * broken response, not one that hangs. Only the upstream's silence counts: while the client is
 * slow, nothing is pulled and the wait is not measured. One timer per body, not one per chunk (a
 * video is thousands of chunks): it wakes at most every `idleMs` and looks at how long the read
 * under way, if any, has waited.
 */
export function idleGuard(body: ReadableStream<Uint8Array>, idleMs: number, stop: (reason: Error) => void): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  /** When the read under way began; 0 while none is. */
  let waitingSince = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let failed = false;
  let ctrl!: ReadableStreamDefaultController<Uint8Array>;
  const fail = (reason: Error) => {
    if (failed) return;
    failed = true;
    clearTimeout(timer);
    stop(reason);
    reader.cancel(reason).catch(() => {});
    ctrl.error(reason);
  };
  const check = () => {
    timer = undefined;
    if (failed || waitingSince === 0) return;
    const waited = Date.now() - waitingSince;
    if (waited >= idleMs) fail(stoppedSending());
    else timer = setTimeout(check, idleMs - waited);
  };
  const guarded = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        ctrl = controller;
      },
      async pull(controller) {
        waitingSince = Date.now();
        timer ??= setTimeout(check, idleMs);
        let next: ReadableStreamReadResult<Uint8Array>;
        try {
          next = await reader.read();
        } catch (err) {
          fail(err instanceof Error ? err : new UpstreamUnavailable('the upstream body failed'));
          return;
        } finally {
          waitingSince = 0;
        }
        if (failed) return;
        if (next.done) {
          clearTimeout(timer);
          controller.close();
        } else controller.enqueue(next.value);
      },
      cancel: (reason) => {
        failed = true;
        clearTimeout(timer);
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  // A runtime that sends the source itself keeps the same rule (api/node.ts). Its `stalled` only
  // tells the owner: the wrapper is abandoned then, and a closure over `fail` would keep both
  // streams alive for as long as the runtime sends the body.
  offerHandoff(guarded, { source: body, idleMs, stalled: stallOf(stop) });
  return guarded;
}

/** The upstream request under way (one per redirect hop) and whether the client has left. */
interface UnderWay {
  current?: AbortController;
  clientGone: boolean;
}

// The listeners below live as long as the body does. A closure keeps its whole enclosing scope, and
// fetchUpstream's reaches the caller's `init` — on the video route, the request's whole context — so
// they are made out here and keep only what they use. What a range keeps that long reaches the old
// generation, which only full collections free: on Node, 50 connections of proxied ranges promoted
// about 25 KiB per range with these closures made inside, about 20 KiB without (--trace-gc-nvp).

/** Aborts the request under way once the client goes away (`underWay.current`, set per hop). */
function watchClientGone(whenClientGone: ((gone: () => void) => void) | undefined): UnderWay {
  const underWay: UnderWay = { clientGone: false };
  whenClientGone?.(() => {
    underWay.clientGone = true;
    underWay.current?.abort();
  });
  return underWay;
}

/** A handed-off body's `stalled`: tells the guard's owner, as the guard itself would. */
function stallOf(stop: (reason: Error) => void): () => void {
  return () => stop(stoppedSending());
}

/** What the idle guard calls when it gives up: tell the caller, abort the upstream request. */
function stopOnStall(upstream: AbortController, onStall: (() => void) | undefined): (reason: Error) => void {
  return (reason) => {
    if (!(reason instanceof UpstreamUnavailable)) return;
    onStall?.();
    upstream.abort(reason);
  };
}

/**
 * What `fetchUpstream` answers: the provider's status, headers and body (guarded). Not a Response:
 * every caller reads these once and builds its own, and on Node each Response in between was one
 * more object to build per proxied range (its headers copied, its body stream re-wrapped).
 */
export interface UpstreamAnswer {
  status: number;
  statusText: string;
  headers: Headers;
  body: ReadableStream<Uint8Array> | null;
}

/**
 * GET/HEAD of an allowed upstream URL with only the given request headers. Redirects are
 * followed by hand, each hop checked against the same rules; the response headers must arrive
 * within UPSTREAM_TIMEOUT_MS, then each body chunk within UPSTREAM_IDLE_TIMEOUT_MS of the one
 * before (else the upstream request is aborted and the body fails, `onStall` told); the client
 * going away aborts the upstream request.
 */
export async function fetchUpstream(
  deps: Pick<Deps, 'config' | 'fetch' | 'lookupHost'>,
  source: string,
  init: { method: 'GET' | 'HEAD'; headers: Headers; whenClientGone?: (gone: () => void) => void; onStall?: () => void },
): Promise<UpstreamAnswer> {
  let url = new URL(source);
  const underWay = watchClientGone(init.whenClientGone);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    checkUpstreamUrl(deps.config, url);
    await checkResolved(deps, url);
    // One controller for the three reasons to stop (time, a stalled body, the client gone), not
    // AbortSignal.any over three: on Node 20 every AbortSignal leaves work for a full collection
    // (api/node-flags.ts), and any() ties its signals together through WeakRefs, which only a full
    // collection clears.
    const upstream = (underWay.current = new AbortController());
    if (underWay.clientGone) upstream.abort();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      upstream.abort();
    }, deps.config.UPSTREAM_TIMEOUT_MS);
    let res: Response;
    try {
      res = await deps.fetch(url, { method: init.method, headers: init.headers, redirect: 'manual', signal: upstream.signal });
    } catch (err) {
      // A fetch that checks the address it connects to (api/node-fetch.ts) refuses like checkResolved.
      if (err instanceof UpstreamRefused) throw err;
      throw new UpstreamUnavailable(timedOut ? 'the upstream did not answer in time' : 'the upstream could not be reached');
    } finally {
      clearTimeout(timer);
    }
    if (res.status >= 300 && res.status < 400 && res.headers.get('location')) {
      await res.body?.cancel();
      url = new URL(res.headers.get('location')!, url);
      continue;
    }
    if (!res.body) return { status: res.status, statusText: res.statusText, headers: res.headers, body: null };
    const body = idleGuard(res.body, deps.config.UPSTREAM_IDLE_TIMEOUT_MS, stopOnStall(upstream, init.onStall));
    // workerd would send a stream of ours chunked, without its length: keep the provider's.
    const length = Number(res.headers.get('content-length') ?? NaN);
    return { status: res.status, statusText: res.statusText, headers: res.headers, body: Number.isSafeInteger(length) && length >= 0 ? withKnownLength(body, length) : body };
  }
  throw new UpstreamUnavailable('the upstream redirected too many times');
}
