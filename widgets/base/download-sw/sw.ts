/**
 * The download service worker (built to `dist/download-sw.js`; the API serves it at
 * `/widgets/download-sw.js`, and the download frame registers it with scope `/widgets/download/`).
 *
 * It holds the archives widgets hand it (through the frame) under random single-use ids, and answers
 * the browser's request for `/widgets/download/<id>/<file name>` with that stream as an attachment,
 * so the ZIP goes to disk as it is made. An entry leaves when its URL is asked for, when the widget
 * says `end`, or unclaimed after a minute. See protocol.ts for the messages.
 */
import { DOWNLOAD_PATH, type DownloadRequest, type PortChunk, type PortSignal, type ToWorker, type WorkerReply } from './protocol.ts';

// The few service-worker types used here (the WebWorker lib cannot share a program with the DOM lib).
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Response | Promise<Response>): void;
}
interface ExtendableMessageEvent extends ExtendableEvent {
  readonly data: unknown;
  readonly origin: string;
}
interface ServiceWorkerScope {
  readonly location: Location;
  skipWaiting(): Promise<void>;
  readonly clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  addEventListener(type: 'message', listener: (event: ExtendableMessageEvent) => void): void;
}
const scope = self as unknown as ServiceWorkerScope;

/** How long a registered download waits for the browser to ask for it. */
const UNCLAIMED_MS = 60_000;

const waiting = new Map<string, { request: DownloadRequest; timer: ReturnType<typeof setTimeout> }>();
const streaming = new Set<string>();
const say = (request: DownloadRequest, message: WorkerReply) => request.reply.postMessage(message);

scope.addEventListener('install', () => void scope.skipWaiting());
scope.addEventListener('activate', (event) => event.waitUntil(scope.clients.claim()));

scope.addEventListener('message', (event) => {
  // Only the frame (this origin) talks to the worker; it accepts messages only from its parent page.
  if (event.origin !== scope.location.origin) return;
  const message = event.data as ToWorker;
  switch (message.gs) {
    case 'download':
      drop(message.id);
      waiting.set(message.id, { request: message, timer: setTimeout(() => drop(message.id), UNCLAIMED_MS) });
      say(message, { gs: 'registered' });
      break;
    case 'end':
      drop(message.id);
      break;
    case 'pending':
      message.reply.postMessage({ gs: 'pending', ids: [...waiting.keys(), ...streaming] } satisfies WorkerReply);
      break;
    case 'ping':
      // The message event itself is the keep-alive: the browser restarts the worker's idle timer.
      break;
  }
});

/** Forgets a download nobody asked for, cancelling its stream. */
function drop(id: string): void {
  const entry = waiting.get(id);
  if (!entry) return;
  waiting.delete(id);
  clearTimeout(entry.timer);
  const { stream, port } = entry.request;
  if (stream) void stream.cancel().catch(() => {});
  else port?.postMessage('cancel' satisfies PortSignal);
}

scope.addEventListener('fetch', (event) => {
  const path = new URL(event.request.url).pathname;
  if (!path.startsWith(DOWNLOAD_PATH)) return;
  const id = path.slice(DOWNLOAD_PATH.length).split('/')[0]!;
  const entry = waiting.get(id);
  if (!entry) {
    event.respondWith(new Response('This download has ended.', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } }));
    return;
  }
  waiting.delete(id);
  clearTimeout(entry.timer);
  const { request } = entry;
  const headers = new Headers({
    'Content-Type': 'application/zip',
    'Content-Disposition': contentDisposition(request.name),
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'no-store',
  });
  if (request.size !== undefined) headers.set('Content-Length', String(request.size));
  streaming.add(id);
  event.respondWith(new Response(watched(request, () => streaming.delete(id)), { headers }));
  say(request, { gs: 'started' });
});

/** The archive as the response body, telling the widget how it ended. */
function watched(request: DownloadRequest, ended: () => void): ReadableStream<Uint8Array> {
  const reader = (request.stream ?? fromPort(request.port!)).getReader();
  const end = (message: WorkerReply) => {
    ended();
    say(request, message);
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await reader.read();
        if (!done) return controller.enqueue(value);
        controller.close();
        end({ gs: 'finished' });
      } catch (err) {
        // The widget aborted (or failed): the browser's download fails with it.
        controller.error(err);
        end({ gs: 'failed', reason: String((err as Error)?.message ?? err) });
      }
    },
    cancel(reason) {
      end({ gs: 'cancelled', reason: String(reason) });
      return reader.cancel(reason);
    },
  });
}

/** The chunks of a port (browsers without transferable streams): one `'pull'` per chunk, so the widget never runs ahead. */
function fromPort(port: MessagePort): ReadableStream<Uint8Array> {
  let arrived: (() => void) | undefined;
  let over = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        port.onmessage = ({ data }: MessageEvent<PortChunk>) => {
          if (over) return;
          if (data instanceof Uint8Array) controller.enqueue(data);
          else {
            over = true;
            if (data === 'end') controller.close();
            else controller.error(new Error(data.error));
          }
          arrived?.();
          arrived = undefined;
        };
      },
      pull() {
        port.postMessage('pull' satisfies PortSignal);
        return new Promise<void>((resolve) => (arrived = resolve));
      },
      cancel() {
        over = true;
        port.postMessage('cancel' satisfies PortSignal);
      },
    },
    { highWaterMark: 4 },
  );
}

/** `attachment` with an ASCII fallback name and the exact one (RFC 6266 / RFC 8187). */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const exact = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${exact}`;
}
