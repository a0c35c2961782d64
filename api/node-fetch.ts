/**
 * `fetch` for the Node entry (imported only by api/node.ts): the upstream requests of the video
 * proxy (GET/HEAD without a body, `redirect: 'manual'`, api/lib/upstream.ts) go through node:http
 * with keep-alive agents, their body a web stream of the response's own buffers; everything else
 * is the global fetch. Node 20's fetch (undici) copies every body chunk into a new array and
 * feeds it through a byte stream before anyone reads it — for a proxied video, one more copy of
 * every byte than the proxy needs, and most of its CPU.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
/** Statuses whose responses have no body (the Response constructor refuses one). */
const NULL_BODY = new Set([101, 204, 205, 304]);
/** Bytes read ahead of the reader, per response. */
const READ_AHEAD_BYTES = 256 * 1024;

const abortError = (signal: AbortSignal) => (signal.reason instanceof Error ? signal.reason : new DOMException('This operation was aborted', 'AbortError'));

/** The response's bytes as a web stream of its own buffers; pauses the socket while the reader is behind. */
function bodyOf(res: IncomingMessage, stop: () => void): ReadableStream<Uint8Array> {
  /** Until the stream is closed, errored or cancelled: events after that are ignored. */
  let open = true;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
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
      },
      pull() {
        res.resume();
      },
      cancel() {
        open = false;
        stop();
      },
    },
    { highWaterMark: READ_AHEAD_BYTES, size: (chunk) => chunk.byteLength },
  );
}

function nodeRequest(url: URL, init: RequestInit): Promise<Response> {
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
        resolve(new Response(empty ? null : bodyOf(res, () => req.destroy()), { status, statusText: res.statusMessage, headers: responseHeaders }));
      } catch (err) {
        req.destroy();
        reject(err);
      }
    });
    req.end();
  });
}

/** The fetch api/node.ts gives the app (see the top of this file for what it takes over). */
export const nodeFetch: typeof fetch = (input, init = {}) => {
  const url = input instanceof URL ? input : typeof input === 'string' ? new URL(input) : null;
  const method = (init.method ?? 'GET').toUpperCase();
  if (url && (url.protocol === 'http:' || url.protocol === 'https:') && init.redirect === 'manual' && (method === 'GET' || method === 'HEAD') && init.body == null) return nodeRequest(url, { ...init, method });
  return globalThis.fetch(input, init);
};
