/**
 * The download frame's script (built to `dist/download-frame.js`, loaded by
 * `/widgets/download-frame.html`, which the API serves on its own origin with a CSP whose
 * `frame-ancestors` are the host origins of `CORS_ORIGINS`).
 *
 * A widget runs on its host's origin, where it cannot register a service worker; this page runs on
 * the API's. Loaded once per page in a hidden iframe, it registers sw.ts (scope `/widgets/download/`)
 * and tells the widget `ready`, or `unavailable` with the reason. For each download it hands the
 * widget's stream to the worker, opens `/widgets/download/<id>/<name>` in a child iframe once the
 * worker holds it (the worker answers with the stream as an attachment: the browser's download),
 * tells the widget when the browser started, finished or stopped it, and pings the worker while
 * any download runs, so the browser does not stop an idle-looking worker mid-download.
 * It takes messages only from the page that embeds it.
 */
import { DOWNLOAD_PATH, transfers, type FrameMessage, type ToFrame, type ToWorker, type WorkerReply } from './protocol.ts';

/** Well inside the browsers' 30-second idle limit for a service worker. */
const KEEP_ALIVE_MS = 10_000;
/** How long the browser may take to ask for a registered download. */
const START_MS = 15_000;

const toParent = (message: FrameMessage) => parent.postMessage(message, '*');
toParent({ gs: 'hello' });

async function start(): Promise<void> {
  if (parent === window) throw new Error('the download frame works only inside a page that embeds it');
  if (!isSecureContext) throw new Error('the API is not a secure context here');
  if (!navigator.serviceWorker) throw new Error('no service workers for the API here');
  const registration = await navigator.serviceWorker.register('download-sw.js', { scope: DOWNLOAD_PATH });
  let worker = await activated(registration);
  const toWorker = (message: ToWorker, transfer: Transferable[] = []) => {
    worker = registration.active ?? worker;
    worker.postMessage(message, transfer);
  };

  /** The downloads running, each with its clean-up. */
  const running = new Map<string, (last?: WorkerReply) => void>();
  let keepAlive: ReturnType<typeof setInterval> | undefined;
  const track = () => {
    if (running.size && !keepAlive) keepAlive = setInterval(() => toWorker({ gs: 'ping' }), KEEP_ALIVE_MS);
    else if (!running.size && keepAlive) keepAlive = void clearInterval(keepAlive);
  };

  const download = (request: Extract<ToFrame, { gs: 'download' }>) => {
    const { id, reply: widget } = request;
    const fromWorker = new MessageChannel();
    let child: HTMLIFrameElement | undefined;
    const timer = setTimeout(() => stop({ gs: 'failed', reason: 'the browser did not ask for the download' }), START_MS);
    const stop = (last?: WorkerReply) => {
      if (!running.delete(id)) return;
      clearTimeout(timer);
      if (last) widget.postMessage(last);
      toWorker({ gs: 'end', id });
      fromWorker.port1.close();
      // Kept a moment: the browser owns the download by now, but need not lose its frame first.
      setTimeout(() => child?.remove(), 1000);
      track();
    };
    running.set(id, stop);
    fromWorker.port1.onmessage = ({ data }: MessageEvent<WorkerReply>) => {
      if (data.gs === 'registered') {
        child = document.createElement('iframe');
        child.src = `${DOWNLOAD_PATH}${id}/${encodeURIComponent(request.name)}`;
        document.body.append(child);
      } else if (data.gs === 'started') {
        clearTimeout(timer);
        widget.postMessage(data);
      } else stop(data);
    };
    toWorker({ ...request, reply: fromWorker.port2 }, transfers({ ...request, reply: fromWorker.port2 }));
  };

  addEventListener('message', ({ source, data: message }: MessageEvent<ToFrame>) => {
    if (source !== parent) return;
    if (message?.gs === 'download' && /^[\w-]{8,64}$/.test(message.id)) download(message);
    // The widget is done (finished, cancelled or failed): nothing of it stays.
    else if (message?.gs === 'end') running.get(message.id)?.();
    else if (message?.gs === 'pending') toWorker(message, [message.reply]);
    track();
  });
  toParent({ gs: 'ready' });
}

/** The registration's worker once it is active (on a first visit, after it installs). */
function activated(registration: ServiceWorkerRegistration): Promise<ServiceWorker> {
  const worker = registration.active ?? registration.installing ?? registration.waiting;
  return new Promise((resolve, reject) => {
    const check = () => {
      if (worker?.state === 'activated') resolve(worker);
      else if (!worker || worker.state === 'redundant') reject(new Error('the download service worker did not install'));
    };
    worker?.addEventListener('statechange', check);
    check();
  });
}

start().catch((err: unknown) => toParent({ gs: 'unavailable', reason: (err as Error)?.message || String(err) }));
