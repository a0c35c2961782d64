/**
 * What the widget (client.ts), the download frame (frame.ts) and the service worker (sw.ts) say
 * to each other. Every message carries `gs`, so none is mistaken for a host page's own traffic.
 *
 * frame → widget (window.postMessage): `hello` (the frame's script runs), then `ready` or
 *   `unavailable` with the reason;
 * widget → frame (window.postMessage) → worker (ServiceWorker.postMessage, which wakes it):
 *   `download` (the archive as a transferred ReadableStream, else a chunk port; a reply port),
 *   `end` (the widget is done with it: drop what is left), `pending` (the ids the worker still
 *   holds; for tests); frame → worker: `ping` every few seconds while a download runs;
 * worker → frame (the reply port the frame puts in): `registered` (the frame then opens the URL),
 *   `started` (the browser asked for it), then `finished`, `cancelled` (the browser stopped reading)
 *   or `failed` (the stream errored); frame → widget (the widget's reply port): the last four.
 */

/** The frame page the API serves (api/node.ts). */
export const FRAME_PATH = '/widgets/download-frame.html';
/** The worker's scope: it answers `<DOWNLOAD_PATH><id>/<file name>`. */
export const DOWNLOAD_PATH = '/widgets/download/';

export type FrameMessage = { gs: 'hello' } | { gs: 'ready' } | { gs: 'unavailable'; reason: string };

export interface DownloadRequest {
  gs: 'download';
  /** Random and single-use: the URL is `<DOWNLOAD_PATH><id>/<name>`. */
  id: string;
  name: string;
  /** The Content-Length, when known. */
  size?: number;
  /** The archive, where the browser can transfer streams. */
  stream?: ReadableStream<Uint8Array>;
  /** Else the chunks, one per `'pull'` the worker sends ({@link PortChunk}). */
  port?: MessagePort;
  /** For {@link WorkerReply}. */
  reply: MessagePort;
}

export type ToFrame = DownloadRequest | { gs: 'end'; id: string } | { gs: 'pending'; reply: MessagePort };
export type ToWorker = ToFrame | { gs: 'ping' };

export type WorkerReply = { gs: 'registered' | 'started' | 'finished' } | { gs: 'cancelled' | 'failed'; reason: string } | { gs: 'pending'; ids: string[] };

/** Widget → worker on the chunk port: a chunk (only after a `'pull'`), the end, or an error. */
export type PortChunk = Uint8Array | 'end' | { error: string };
/** Worker → widget on the chunk port. */
export type PortSignal = 'pull' | 'cancel';

/** What a `download` message transfers: its stream or chunk port, and its reply port. */
export const transfers = (request: DownloadRequest) => [request.stream ?? request.port!, request.reply] as Transferable[];
