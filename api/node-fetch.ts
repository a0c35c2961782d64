/**
 * `fetch` for the Node entry (imported only by api/node.ts): the upstream requests of the video
 * proxy (GET/HEAD without a body, `redirect: 'manual'`, api/lib/upstream.ts) go through node:http
 * with keep-alive agents, their body a web stream of the response's own buffers; everything else
 * is the global fetch. Node 20's fetch (undici) copies every body chunk into a new array and
 * feeds it through a byte stream before anyone reads it — for a proxied video, one more copy of
 * every byte than the proxy needs, and most of its CPU. api/node.ts then sends such a body from
 * the upstream socket to the client's (`sendUpstreamMessage`) rather than through its web stream.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isPrivateAddress, UpstreamRefused } from './lib/upstream.ts';

/** What an agent's `lookup` is called with: net asks for every address (`all`) when it tries them in turn. */
type LookupOptions = Parameters<LookupFunction>[1];

/**
 * A `lookup` for the agents that refuses a name with a private address among its answers, so the
 * address checked is the address connected to. A check before the request (`lookupHost`) resolves
 * the name once and the connection resolves it again: a name that answers a public address to the
 * first and 127.0.0.1 to the second (DNS rebinding) would pass. It also saves that second round trip.
 */
export function refusingPrivate(lookup: typeof dnsLookup = dnsLookup): LookupFunction {
  return (hostname, options: LookupOptions, callback) => {
    lookup(hostname, { ...options, all: true }, (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      if (!addresses.length || addresses.some((a) => isPrivateAddress(a.address))) return callback(new UpstreamRefused('the upstream host resolves to a private address'), '', 0);
      if (options.all) return (callback as unknown as (err: null, addresses: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
/** Statuses whose responses have no body (the Response constructor refuses one). */
const NULL_BODY = new Set([101, 204, 205, 304]);

const abortError = (signal: AbortSignal) => (signal.reason instanceof Error ? signal.reason : new DOMException('This operation was aborted', 'AbortError'));

/** An upstream response not read yet, by the web stream standing for its body: api/node.ts sends it itself. */
export interface UpstreamMessage {
  response: IncomingMessage;
  request: ClientRequest;
}

const unread = new WeakMap<ReadableStream<Uint8Array>, UpstreamMessage>();

/** The upstream response behind `body` while nobody has read the stream, once (the stream must then be left alone). */
export function takeUpstreamMessage(body: ReadableStream<Uint8Array>): UpstreamMessage | undefined {
  const message = unread.get(body);
  unread.delete(body);
  return message && !message.response.readableFlowing && !message.response.destroyed ? message : undefined;
}

/**
 * The response's bytes as a web stream of its own buffers; pauses the socket while the reader is
 * behind. It starts listening at the first read, so a response taken over (`takeUpstreamMessage`)
 * was never touched by it.
 */
function bodyOf(res: IncomingMessage, req: ClientRequest): ReadableStream<Uint8Array> {
  /** Until the stream is closed, errored or cancelled: events after that are ignored. */
  let open = true;
  let listening = false;
  let stream!: ReadableStream<Uint8Array>;
  const listen = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    listening = true;
    unread.delete(stream);
    const fail = (err: Error) => {
      if (!open) return;
      open = false;
      controller.error(err);
    };
    res.on('data', (chunk: Buffer) => {
      if (!open) return;
      controller.enqueue(chunk);
      if ((controller.desiredSize ?? 0) <= 0) res.pause();
    });
    res.once('end', () => {
      if (!open) return;
      open = false;
      controller.close();
    });
    res.on('error', fail);
    // The connection went away before the last byte: an error, never a short body that looks complete.
    res.once('close', () => {
      if (!res.complete) fail(new Error('the upstream response was cut short'));
    });
  };
  stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (!listening) listen(controller);
        res.resume();
      },
      cancel() {
        open = false;
        req.destroy();
      },
    },
    // No read-ahead: the stream must not start reading before someone does (a queue to fill
    // would pull at once). A reader gets each chunk as the socket delivers it.
    { highWaterMark: 0 },
  );
  unread.set(stream, { response: res, request: req });
  return stream;
}

interface Agents {
  http: HttpAgent;
  https: HttpsAgent;
}

function nodeRequest(agents: Agents, url: URL, init: RequestInit): Promise<Response> {
  return new Promise((resolve, reject) => {
    const signal = init.signal ?? undefined;
    if (signal?.aborted) return reject(abortError(signal));
    const headers = Object.fromEntries(new Headers(init.headers));
    // No compression: the bytes are passed on as they are, with the upstream's length and ranges.
    headers['accept-encoding'] ??= 'identity';
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method: init.method ?? 'GET', headers, agent: url.protocol === 'https:' ? agents.https : agents.http });
    const onAbort = () => req.destroy(abortError(signal!));
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => signal?.removeEventListener('abort', onAbort);
    // Also after the response: a reset mid-body reaches the body through the response's own events.
    req.on('error', (err) => {
      done();
      reject(err);
    });
    req.once('response', (res) => {
      res.once('close', done);
      const status = res.statusCode ?? 502;
      const responseHeaders = new Headers();
      for (let i = 0; i < res.rawHeaders.length; i += 2) responseHeaders.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
      const empty = init.method === 'HEAD' || NULL_BODY.has(status);
      if (empty) res.resume();
      try {
        resolve(new Response(empty ? null : bodyOf(res, req), { status, statusText: res.statusMessage, headers: responseHeaders }));
      } catch (err) {
        req.destroy();
        reject(err);
      }
    });
    req.end();
  });
}

/**
 * The fetch api/node.ts gives the app (see the top of this file for what it takes over). With
 * `refusePrivate` (UPSTREAM_ALLOW_PRIVATE off) its upstream requests connect only to names whose
 * addresses are all public (`refusingPrivate`); `lookup` is the resolver under that rule (tests).
 */
export function createNodeFetch(options: { refusePrivate: boolean; lookup?: typeof dnsLookup }): typeof fetch {
  const lookup = options.refusePrivate ? refusingPrivate(options.lookup) : options.lookup;
  const agents: Agents = { http: new HttpAgent({ keepAlive: true, lookup }), https: new HttpsAgent({ keepAlive: true, lookup }) };
  return (input, init = {}) => {
    const url = input instanceof URL ? input : typeof input === 'string' ? new URL(input) : null;
    const method = (init.method ?? 'GET').toUpperCase();
    if (url && (url.protocol === 'http:' || url.protocol === 'https:') && init.redirect === 'manual' && (method === 'GET' || method === 'HEAD') && init.body == null) return nodeRequest(agents, url, { ...init, method });
    return globalThis.fetch(input, init);
  };
}

/** Upstream requests through node:http with no address rule of its own (tests and the bench allow private providers). */
export const nodeFetch = createNodeFetch({ refusePrivate: false });

/** Calls `gone` once if the client's response closes before it was finished — at once if it already has. */
export function whenClosedEarly(outgoing: ServerResponse, gone: () => void): void {
  if (outgoing.destroyed) return gone();
  outgoing.once('close', () => {
    if (!outgoing.writableFinished) gone();
  });
}

/**
 * How much of a body may wait in user space for a slow client before the upstream is paused.
 * `pipe()` pauses at the response's high-water mark (16 KiB), which a single 64 KiB socket read
 * already passes: it stopped and restarted the upstream socket on every chunk, even while the
 * kernel took each write at once. A bound per response still keeps 50 slow clients to a few MiB.
 */
const MAX_QUEUED_BYTES = 256 * 1024;

/**
 * Sends a taken-over upstream response (`takeUpstreamMessage`) to the client straight from the
 * upstream socket's buffers: no web stream, no copy; the upstream is paused only while more than
 * MAX_QUEUED_BYTES wait for the client. The app's status and headers are sent as they are. The
 * body's rules stay those of the stream it replaces (api/lib/upstream.ts `idleGuard`): an
 * upstream silent for `idleMs` while the client keeps up is given up (`stalled`), and the
 * client's connection is then destroyed, as it is when the upstream is cut short — never a short
 * body that looks complete; a client that goes away ends the upstream request. A body that
 * arrives whole leaves the upstream socket to its keep-alive pool.
 */
export function sendUpstreamMessage(message: UpstreamMessage, rules: { idleMs: number; stalled: () => void }, outgoing: ServerResponse, status: number, headers: Record<string, string | string[]>): void {
  // Not `rules` itself in the closures below: they live as long as the body, and a handoff also
  // carries the web stream standing for it.
  const { idleMs, stalled } = rules;
  const { response: upstream, request } = message;
  let done = false;
  let lastData = Date.now();
  const finish = () => {
    done = true;
    clearInterval(watch);
  };
  const fail = () => {
    if (done) return;
    finish();
    request.destroy();
    outgoing.destroy();
  };
  const watch = setInterval(
    () => {
      // Only the upstream's silence counts: while the client is behind, the upstream is paused.
      if (done || upstream.isPaused() || outgoing.writableLength > 0) return void (lastData = Date.now());
      if (Date.now() - lastData < idleMs) return;
      stalled();
      fail();
    },
    Math.max(10, Math.min(1000, idleMs / 4)),
  );
  watch.unref();
  const resume = () => upstream.resume();
  upstream.on('data', (chunk: Buffer) => {
    lastData = Date.now();
    if (done || outgoing.destroyed) return;
    outgoing.write(chunk);
    if (outgoing.writableLength > MAX_QUEUED_BYTES) {
      upstream.pause();
      outgoing.once('drain', resume);
    }
  });
  upstream.once('end', () => {
    if (done) return;
    finish();
    outgoing.end();
  });
  upstream.once('error', fail);
  upstream.once('close', () => {
    if (!upstream.complete) fail();
  });
  whenClosedEarly(outgoing, fail);
  if (!done) outgoing.writeHead(status, headers);
}
