import { makeZip, predictLength } from 'client-zip';
import { usageRecorder } from './usage-events.ts';
import { ApiError, type ApiClient } from './api-client.ts';
import { CLIENT_PATH, unavailableReason } from './download-sw/available.ts';
import { saveUrl } from './save-url.ts';

/**
 * Bulk download as a ZIP streamed in the browser (SPEC §5).
 *
 * 1. `POST /api/v1/downloads` with `body` answers a manifest: the files (signed URLs, sizes,
 *    dates) and, last, a `manifest.json` entry whose content describes prompts and params.
 * 2. Above {@link CONFIRM_ABOVE_BYTES} the caller's `confirm` is asked; `false` downloads nothing.
 * 3. Where the archive goes, the first that works (`strategy` picks one for tests; it then fails
 *    with `unsupported` where that one is not available):
 *    - `file-picker`: `showSaveFilePicker` (Chromium); the ZIP stream is piped into the file's
 *      writable. Dismissing it downloads nothing; a refusal (no user activation, a cross-origin
 *      frame) moves on to the next.
 *    - `service-worker`: a normal browser download fed by a service worker, as StreamSaver.js does
 *      it. The widget runs on its host's origin, where it cannot register one, so it loads a frame
 *      from the API's own origin (`/widgets/download-frame.html`, hidden, once per API origin and
 *      page) that registers `/widgets/download-sw.js` (scope `/widgets/download/`). The archive
 *      goes to the worker through the frame — a transferred ReadableStream, else a MessageChannel
 *      carrying one chunk per request from the worker — under a random id, and the frame opens
 *      `/widgets/download/<id>/<file name>` in a child iframe; the worker answers with the stream,
 *      `Content-Disposition: attachment` and the predicted `Content-Length`. The frame pings the
 *      worker while a download runs, so the browser does not stop it, and every entry is dropped
 *      when its download ends. Needs service workers on this page and the API on a secure origin
 *      (https, or http on localhost/127.0.0.1); the browser may still refuse them to the frame
 *      (third-party storage blocked, as in private windows). The widget side
 *      (download-sw/client.ts) is imported from the API at run time, so it is not in the bundle.
 *      Everything is set up, and the browser has asked for the download, before any file is
 *      fetched; a failure there moves on to the Blob.
 *    - `blob`: built in memory and saved through an object URL and an `<a download>`, only up to
 *      {@link BLOB_MAX_BYTES}. Above that, when neither streaming path is available, it refuses with
 *      a {@link BulkDownloadError} (`too_large_for_browser`, naming why each was out) before
 *      fetching anything.
 * 4. The files are fetched lazily, one after another: an async generator feeds client-zip's
 *    `makeZip` and fetches the next file only when the previous one has been written. Entries are
 *    stored (no compression), so with the known sizes `predictLength` gives the exact length.
 * 5. A file that fails (network error, non-2xx, or a body that breaks off) does not stop the
 *    archive: it is left out (or, if it broke off mid-way, kept truncated) and listed with its
 *    error in a `failures` array appended to the archive's `manifest.json` (absent when nothing
 *    failed, so then manifest.json is exactly what the API wrote). The archive's length then
 *    differs from the service worker's `Content-Length`; Chromium saves what the stream carried.
 * 6. `signal` cancels everything: the manifest request, the file fetch in flight, and the writer —
 *    a file picker's writable is aborted (Chromium then discards what it had written) and the
 *    empty file it created removed where the browser allows; the service worker's stream errors,
 *    so the browser's download fails, and the worker drops it; no Blob is saved. Cancelling,
 *    declining the confirmation and dismissing the picker all reject with an `AbortError`, and so
 *    does a service-worker download the user cancels in the browser (the fetch in flight is aborted
 *    then too, as whenever the writer fails).
 *
 * 7. Once the archive is saved, each asset written whole counts a `download` in the owner's insights
 *    (batched through `POST /api/v1/events`: usage-events.ts).
 *
 * Counts follow the API's manifest: `totalFiles` and `totalBytes` include the manifest.json entry.
 * Progress is reported as files are processed and bytes stream in; a failed file counts as
 * processed (its unread bytes are added), so the last event is always at the totals.
 *
 * Call it from a click handler: the file picker needs the click's user activation, which lasts a few
 * seconds (the manifest request and a confirmation dialog's own click keep it alive), and Chromium
 * asks the user before a page's second download that no click started.
 */

/** Above this total the caller's `confirm` is asked first. */
export const CONFIRM_ABOVE_BYTES = 500 * 1000 ** 2;
/** The largest archive the Blob fallback builds in memory. */
export const BLOB_MAX_BYTES = 512 * 1024 ** 2;

export interface DownloadManifestFile {
  name: string;
  /** The asset saved under this name (null for manifest.json). */
  asset_id?: string | null;
  /** A signed URL (no auth header needed); null for inline entries. */
  url: string | null;
  size: number;
  modified: string;
  /** Inline content (the manifest.json entry). */
  content?: string;
}

/** `POST /api/v1/downloads`. */
export interface DownloadManifest {
  files: DownloadManifestFile[];
  total_size: number;
  count: number;
}

export interface BulkDownloadProgress {
  /** Entries processed (written or failed). */
  files: number;
  totalFiles: number;
  /** Bytes of file content processed so far. */
  bytes: number;
  totalBytes: number;
}

export interface BulkDownloadFailure {
  name: string;
  error: string;
}

export interface BulkDownloadResult {
  /** Entries written whole. */
  files: number;
  /** Bytes of file content written (the archive itself is a little larger). */
  bytes: number;
  failed: BulkDownloadFailure[];
  method: 'file-picker' | 'service-worker' | 'blob';
}

export interface BulkDownloadOptions {
  body: { job_ids?: string[]; asset_ids?: string[]; filter?: Record<string, unknown> };
  /** Default `genshelf-<YYYY-MM-DD>.zip`. */
  fileName?: string;
  /** Cancels the manifest request, every file fetch and the writer. */
  signal?: AbortSignal;
  onProgress?: (p: BulkDownloadProgress) => void;
  /** Asked when the total is above {@link CONFIRM_ABOVE_BYTES}; false → nothing is downloaded. */
  confirm?: (totalBytes: number, count: number) => Promise<boolean>;
  /** Overrides {@link BLOB_MAX_BYTES}. */
  maxBlobBytes?: number;
  /** Overrides {@link CONFIRM_ABOVE_BYTES}. */
  confirmAboveBytes?: number;
  /**
   * Which write path: `auto` (default) tries the file picker, then a service worker, then the Blob;
   * any other value uses only that one and fails with `unsupported` when it is not available here.
   */
  strategy?: 'auto' | BulkDownloadResult['method'];
}

/** Where the archive's bytes go (bulkDownload pipes into `writable`, then calls `finish`, or `discard` after a failure). */
export interface Sink {
  method: BulkDownloadResult['method'];
  writable: WritableStream<Uint8Array>;
  finish: () => Promise<void>;
  discard: () => Promise<void>;
}

/** Why a bulk download could not start. */
export class BulkDownloadError extends Error {
  override name = 'BulkDownloadError';
  constructor(
    /**
     * `rejected`: the API's 422 — over its limits (1000 files, 20 GiB, a filter matching over 500
     * jobs) or a malformed selection; `message` and `details` are the API's;
     * `too_large_for_browser`: neither a file picker nor a service worker here, and too big for the
     * Blob fallback; `unsupported`: the `strategy` asked for is not available here;
     * `empty`: nothing to download.
     */
    readonly code: 'rejected' | 'too_large_for_browser' | 'unsupported' | 'empty',
    message: string,
    readonly details?: { field: string; message: string }[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

interface SaveFilePickerOptions {
  suggestedName?: string;
  types?: { description?: string; accept: Record<string, string[]> }[];
}
type SaveFilePicker = (options?: SaveFilePickerOptions) => Promise<FileSystemFileHandle>;

const abortError = (signal?: AbortSignal): unknown => signal?.reason ?? new DOMException('The download was cancelled', 'AbortError');
const isAbort = (err: unknown) => err instanceof DOMException && err.name === 'AbortError';

export async function bulkDownload(client: ApiClient, opts: BulkDownloadOptions): Promise<BulkDownloadResult> {
  const { signal } = opts;
  signal?.throwIfAborted();
  let manifest: DownloadManifest;
  try {
    manifest = (await client.request<DownloadManifest>('/api/v1/downloads', { method: 'POST', body: opts.body, signal, mutates: false })).data;
  } catch (err) {
    if (err instanceof ApiError && err.status === 422) throw new BulkDownloadError('rejected', err.message, err.details, { cause: err });
    throw err;
  }
  signal?.throwIfAborted();
  const entries = manifest.files;
  if (!entries.some((f) => f.name !== 'manifest.json')) throw new BulkDownloadError('empty', 'There is nothing to download');
  const totalBytes = manifest.total_size;
  const totalFiles = entries.length;

  if (totalBytes > (opts.confirmAboveBytes ?? CONFIRM_ABOVE_BYTES) && opts.confirm) {
    const ok = await opts.confirm(totalBytes, manifest.count);
    signal?.throwIfAborted();
    if (!ok) throw new DOMException('The download was declined', 'AbortError');
  }

  const fileName = opts.fileName ?? `genshelf-${new Date().toISOString().slice(0, 10)}.zip`;
  // Exact when nothing fails (then manifest.json keeps its size and every file its bytes).
  const zipLength = Number(predictLength(entries.map((f) => ({ name: f.name, size: f.size }))));
  const sink = await openSink(client, opts, fileName, zipLength);
  if (signal?.aborted) {
    await sink.writable.abort(abortError(signal)).catch(() => {});
    await sink.discard();
    throw abortError(signal);
  }
  // Stops the fetch in flight when the caller cancels, and when the writer fails (a download
  // cancelled in the browser, a full disk): client-zip does not pass that on to the entry it reads.
  const stop = new AbortController();
  const onAbort = () => stop.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });

  // The archive's entries, one fetch at a time, pulled by client-zip as it writes.
  const failed: BulkDownloadFailure[] = [];
  let done = 0;
  let bytes = 0; // processed (reported)
  let written = 0; // really written
  let wholeFiles = 0;
  /** Assets written whole: each counts a `download` once the archive is saved. */
  const saved: string[] = [];
  const report = () => opts.onProgress?.({ files: done, totalFiles, bytes: Math.min(bytes, totalBytes), totalBytes });

  async function* entriesOf(): AsyncGenerator<{ name: string; lastModified: Date; input: ReadableStream<Uint8Array> | string; size?: number }> {
    for (const file of entries) {
      if (signal?.aborted) throw abortError(signal);
      const lastModified = new Date(file.modified);
      if (file.content !== undefined) {
        let content = file.content;
        if (file.name === 'manifest.json' && failed.length) content = withFailures(content, failed);
        const size = new TextEncoder().encode(content).byteLength;
        yield { name: file.name, lastModified, input: content };
        bytes += file.size;
        written += size;
        wholeFiles++;
        done++;
        report();
        continue;
      }
      let res: Response;
      try {
        if (!file.url) throw new Error('no URL');
        res = await globalThis.fetch(file.url, { signal: stop.signal, credentials: 'omit' });
        if (!res.ok || !res.body) {
          void res.body?.cancel().catch(() => {});
          throw new Error(`HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
        }
      } catch (err) {
        if (signal?.aborted) throw abortError(signal);
        failed.push({ name: file.name, error: (err as Error).message || String(err) });
        bytes += file.size;
        done++;
        report();
        continue;
      }
      // Counts bytes as they stream; a body that breaks off ends the entry where it broke.
      let seen = 0;
      let broke = false;
      const reader = res.body.getReader();
      const counted = new ReadableStream<Uint8Array>({
        async pull(controller) {
          try {
            const { value, done: end } = await reader.read();
            if (end) {
              controller.close();
              return;
            }
            seen += value.byteLength;
            bytes += value.byteLength;
            written += value.byteLength;
            report();
            controller.enqueue(value);
          } catch (err) {
            if (signal?.aborted) {
              controller.error(abortError(signal));
              return;
            }
            broke = true;
            failed.push({ name: file.name, error: `broke off after ${seen} of ${file.size} bytes (${(err as Error).message || String(err)}); the entry is truncated` });
            controller.close();
          }
        },
        cancel: (reason) => reader.cancel(reason),
      });
      yield { name: file.name, lastModified, input: counted, size: file.size };
      // client-zip asks for the next entry only once this one's bytes are all written.
      if (!broke) {
        wholeFiles++;
        if (file.asset_id) saved.push(file.asset_id);
      }
      bytes += Math.max(0, file.size - seen);
      done++;
      report();
    }
  }

  report();
  try {
    await makeZip(entriesOf(), { buffersAreUTF8: true }).pipeTo(sink.writable, { signal });
    await sink.finish();
    usageRecorder(client).record(saved, 'download');
  } catch (err) {
    // pipeTo has aborted the writable (a picker's file is then discarded by the browser).
    stop.abort(err);
    await sink.discard();
    if (signal?.aborted) throw abortError(signal);
    throw err;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  return { files: wholeFiles, bytes: written, failed, method: sink.method };
}

/** Where the bytes go, tried in this order (or only `opts.strategy`); see the header. */
async function openSink(client: ApiClient, opts: BulkDownloadOptions, fileName: string, zipLength: number): Promise<Sink> {
  const strategy = opts.strategy ?? 'auto';
  const maxBlob = opts.maxBlobBytes ?? BLOB_MAX_BYTES;
  /** Why each streaming path is out, for the error when the Blob cannot take it either. */
  const missed: string[] = [];

  const picker = (globalThis as { showSaveFilePicker?: SaveFilePicker }).showSaveFilePicker;
  if (strategy === 'auto' || strategy === 'file-picker') {
    if (typeof picker !== 'function') {
      if (strategy === 'file-picker') throw new BulkDownloadError('unsupported', 'This browser has no save dialog (showSaveFilePicker)');
      missed.push('has no save dialog');
    } else {
      try {
        const handle = await picker({ suggestedName: fileName, types: [{ description: 'ZIP archive', accept: { 'application/zip': ['.zip'] } }] });
        return {
          method: 'file-picker',
          writable: await handle.createWritable(),
          finish: async () => {},
          discard: async () => {
            // The picker created the file; leave nothing behind where the browser lets us.
            await (handle as FileSystemFileHandle & { remove?: () => Promise<void> }).remove?.().catch(() => {});
          },
        };
      } catch (err) {
        // Dismissed by the user: nothing to do. Refused (no user activation, a cross-origin frame): try the others.
        if (isAbort(err) || strategy === 'file-picker') throw err;
        missed.push(`refused to open a save dialog (${(err as Error).message})`);
      }
    }
  }

  if (strategy === 'auto' || strategy === 'service-worker') {
    const api = new URL(client.base || location.origin, location.href);
    let reason = unavailableReason(api);
    if (!reason) {
      try {
        const sw = (await import(/* @vite-ignore */ api.origin + CLIENT_PATH)) as typeof import('./download-sw/client.ts');
        return await sw.serviceWorkerSink(api, fileName, zipLength);
      } catch (err) {
        reason = (err as Error).message || String(err);
      }
    }
    if (strategy === 'service-worker') throw new BulkDownloadError('unsupported', `This browser cannot stream the download through a service worker: ${reason}`);
    missed.push(`cannot stream it through a service worker (${reason})`);
  }

  if (zipLength > maxBlob) {
    const why = missed.length ? `This browser ${missed.join(' and ')}, and ${zipLength} bytes are` : `${zipLength} bytes are`;
    throw new BulkDownloadError('too_large_for_browser', `${why} too many to build in memory (at most ${maxBlob}): select fewer files`);
  }
  const chunks: Uint8Array[] = [];
  return {
    method: 'blob',
    writable: new WritableStream<Uint8Array>({ write: (chunk) => void chunks.push(chunk) }),
    finish: async () => saveBlob(new Blob(chunks as BlobPart[], { type: 'application/zip' }), fileName),
    discard: async () => void (chunks.length = 0),
  };
}

/** The API's manifest.json with the failures appended (or beside it when it does not parse). */
function withFailures(content: string, failed: BulkDownloadFailure[]): string {
  try {
    const parsed = JSON.parse(content) as Record<string, unknown>;
    return JSON.stringify({ ...parsed, failures: failed }, null, 2);
  } catch {
    return JSON.stringify({ manifest: content, failures: failed }, null, 2);
  }
}

/** Saves a Blob as a download through an object URL and a clicked `<a download>`. */
function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  saveUrl(url, fileName);
  // Revoked late: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
