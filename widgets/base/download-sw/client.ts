/**
 * The widget's side of the service-worker download. Built to `dist/download-client.js` and not part
 * of the widget bundle: bulk-download.ts imports it at run time from the API's origin (which serves
 * it with CORS), the first time a download takes this path — so it costs the bundle nothing, and it
 * always matches the frame (frame.ts) and the worker (sw.ts) that the same API serves.
 *
 * Once per API origin a hidden iframe loads the API's download frame, which registers the download
 * worker. Per download the archive goes to the frame under a random id — as a transferred
 * ReadableStream where the browser can transfer streams, else over a MessageChannel one chunk per
 * `'pull'` from the worker — and the frame has the browser open `/widgets/download/<id>/<name>`,
 * which the worker answers with the stream as an attachment. Anything that stops the set-up (no
 * service workers, an insecure origin, an API without the frame, a host CSP that blocks it) throws
 * before any file is fetched, so the caller can fall back.
 */
import type { Sink } from '../bulk-download.ts';
import { FRAME_PATH, transfers, type DownloadRequest, type FrameMessage, type PortSignal, type ToFrame, type WorkerReply } from './protocol.ts';

/** How long the frame may take to load, or a download to start, before the caller falls back. */
const SETUP_MS = 15_000;

const frames = new Map<string, Promise<HTMLIFrameElement>>();

/** The API origin's download frame: set up once, reused while it stays in the document. */
function frameFor(origin: string): Promise<HTMLIFrameElement> {
  let frame = frames.get(origin);
  if (!frame) {
    frames.set(origin, (frame = openFrame(origin)));
    frame.catch(() => frames.delete(origin));
  }
  return frame.then((iframe) => (iframe.isConnected ? iframe : (frames.delete(origin), frameFor(origin))));
}

function openFrame(origin: string): Promise<HTMLIFrameElement> {
  const iframe = document.createElement('iframe');
  iframe.hidden = true;
  iframe.title = 'genshelf download';
  iframe.src = origin + FRAME_PATH;
  let hello = false;
  return new Promise<HTMLIFrameElement>((resolve, reject) => {
    const settle = (error?: string) => {
      removeEventListener('message', onMessage);
      clearTimeout(timer);
      if (!error) return resolve(iframe);
      iframe.remove();
      reject(new Error(error));
    };
    const onMessage = ({ source, origin: from, data }: MessageEvent<FrameMessage>) => {
      if (source !== iframe.contentWindow || from !== origin) return;
      if (data?.gs === 'hello') hello = true;
      else if (data?.gs) settle(data.gs === 'ready' ? undefined : data.reason);
    };
    addEventListener('message', onMessage);
    const timer = setTimeout(settle, SETUP_MS, 'the download frame did not answer');
    // Loaded without a word from the frame's script: not the frame (an older API, an error page).
    iframe.onload = () => setTimeout(() => hello || settle(`no download frame at ${iframe.src}`), 1000);
    document.body.append(iframe);
  });
}

const cancelled = () => new DOMException('The download was cancelled in the browser', 'AbortError');

/** Whether this browser can transfer a ReadableStream through postMessage. */
function canTransferStreams(): boolean {
  try {
    const stream = new ReadableStream();
    new MessageChannel().port1.postMessage(stream, [stream as unknown as Transferable]);
    return true;
  } catch {
    return false;
  }
}

/**
 * A sink whose bytes become a browser download of `name` (`size` is its Content-Length). Resolves
 * once the browser has asked the worker for it; throws when that does not happen.
 */
export async function serviceWorkerSink(api: URL, name: string, size?: number): Promise<Sink> {
  const frame = await frameFor(api.origin);
  const post = (message: ToFrame, transfer?: Transferable[]) => frame.contentWindow!.postMessage(message, api.origin, transfer);
  const id = crypto.randomUUID();
  const reply = new MessageChannel();
  let fail!: (reason: unknown) => void;
  // The caller writes into `pipe`; its readable side goes to the worker.
  const pipe = new TransformStream<Uint8Array, Uint8Array>({ start: (controller) => void (fail = (reason) => controller.error(reason)) });
  const request: DownloadRequest = { gs: 'download', id, name, size, reply: reply.port2 };
  if (canTransferStreams()) request.stream = pipe.readable;
  else request.port = chunkPort(pipe.readable);

  let heard: WorkerReply | undefined;
  let wake = () => {};
  reply.port1.onmessage = ({ data }: MessageEvent<WorkerReply>) => {
    heard = data;
    // The browser stopped reading (the user cancelled the download): the archive stops with it.
    if (data.gs === 'cancelled') fail(cancelled());
    wake();
  };
  /** Resolves at `want`, rejects at a cancel or failure (or after `ms`). */
  const until = (want: 'started' | 'finished', ms = 0) =>
    new Promise<void>((resolve, reject) => {
      const timer = ms && setTimeout(reject, ms, new Error('the download did not start'));
      (wake = () => {
        if (!heard || (heard.gs === 'started' && want === 'finished')) return;
        clearTimeout(timer);
        if (heard.gs === want) resolve();
        else reject(heard.gs === 'cancelled' ? cancelled() : new Error(`The download failed (${'reason' in heard ? heard.reason : heard.gs})`));
      })();
    });
  const end = () => {
    post({ gs: 'end', id });
    reply.port1.close();
  };

  try {
    post(request, transfers(request));
    await until('started', SETUP_MS);
  } catch (err) {
    fail(err);
    end();
    throw err;
  }
  return {
    method: 'service-worker',
    writable: pipe.writable,
    // Resolves once the worker has handed the browser the last byte.
    finish: () => until('finished').finally(end),
    discard: async () => {
      // pipeTo has aborted the writable, so the stream the browser reads errors: its download fails.
      fail(new DOMException('The download was cancelled', 'AbortError'));
      end();
    },
  };
}

/** For browsers without transferable streams: the worker sends `'pull'`, and gets the next chunk. */
function chunkPort(readable: ReadableStream<Uint8Array>): MessagePort {
  const { port1, port2 } = new MessageChannel();
  const reader = readable.getReader();
  port1.onmessage = ({ data }: MessageEvent<PortSignal>) =>
    data === 'pull'
      ? reader.read().then(
          ({ value, done }) => port1.postMessage(done ? 'end' : value),
          (err: unknown) => port1.postMessage({ error: String((err as Error)?.message ?? err) }),
        )
      : void reader.cancel(cancelled());
  return port2;
}
