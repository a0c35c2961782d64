/**
 * bulkDownload's service-worker path in real Chromium, against the real API on another origin than
 * the test page — a host page embedding the widgets. The downloads are the browser's own, caught by
 * playwright (the `waitForDownload` command in vitest.config.ts).
 *
 * The API is reached as `localhost:<port>`: another origin on the same site as vitest's page. Across
 * sites (`127.0.0.1:<port>`, as `env.api`) Chromium refuses service workers to the frame, because
 * playwright's contexts block third-party storage as incognito windows do — the last tests check that
 * bulkDownload then falls back to the Blob.
 */
import { predictLength } from 'client-zip';
import { unzipSync } from 'fflate';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { commands } from 'vitest/browser';
import { captureBlob, completedDownload, env } from '../test/fixtures.ts';
import { ApiClient } from './api-client.ts';
import { bulkDownload, BulkDownloadError, type BulkDownloadProgress, type DownloadManifest } from './bulk-download.ts';
import { unavailableReason } from './download-sw/available.ts';

const api = env.api.replace('//127.0.0.1:', '//localhost:');
const client = new ApiClient(api, { kind: 'token', token: env.demoToken });
const realFetch = globalThis.fetch;
const framePath = `${api}/widgets/download-frame.html`;

let jobIds: string[];
let manifest: DownloadManifest;

beforeAll(async () => {
  await commands.waitForDownload('watch');
  ({ jobIds, manifest } = await completedDownload(client, 6));
  expect(manifest.files.length).toBeGreaterThan(3);
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const decode = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** The download frame(s) on the page. */
const frames = () => [...document.querySelectorAll<HTMLIFrameElement>('iframe')].filter((f) => f.src === framePath);

/** The ids the download worker still holds (asked through the frame, as the widget talks to it). */
async function pending(): Promise<string[]> {
  const [frame] = frames();
  const { port1, port2 } = new MessageChannel();
  const answer = new Promise<string[]>((resolve) => (port1.onmessage = ({ data }) => resolve(data.ids)));
  frame!.contentWindow!.postMessage({ gs: 'pending', reply: port2 }, api, [port2]);
  return answer;
}

/** Every file fetch goes through `rewrite` (a Response replaces it). */
function interceptFiles(rewrite: (nth: number, url: string, init?: RequestInit) => Response | undefined) {
  let nth = 0;
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.includes('/files/')) return realFetch(input, init);
    return rewrite(++nth, url, init) ?? realFetch(input, init);
  });
}

/** The second file's body hangs until its fetch is aborted (or the body cancelled), so the browser is mid-download. */
function interceptHang() {
  const hang = { reached: false, ended: '' };
  interceptFiles((nth, _url, init) => {
    if (nth !== 2) return undefined;
    hang.reached = true;
    const signal = init!.signal!;
    const aborted = new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    return new Response(
      new ReadableStream({
        pull: (c) => aborted.catch((e: unknown) => ((hang.ended = 'aborted'), c.error(e))),
        cancel: () => void (hang.ended ||= 'cancelled'),
      }),
    );
  });
  return hang;
}

describe('bulkDownload through a service worker', () => {
  it('without a file picker, streams the archive into a real browser download', async () => {
    vi.stubGlobal('showSaveFilePicker', undefined);
    const events: BulkDownloadProgress[] = [];
    const [result, file] = await Promise.all([
      bulkDownload(client, { body: { job_ids: jobIds }, fileName: 'mes générations.zip', onProgress: (p) => events.push(p) }),
      commands.waitForDownload('end'),
    ]);
    expect(result).toEqual({ files: manifest.count, bytes: manifest.total_size, failed: [], method: 'service-worker' });
    expect(file).toMatchObject({ name: 'mes générations.zip', failure: null });
    const zip = decode(file.base64!);
    expect(zip.length).toBe(Number(predictLength(manifest.files.map((f) => ({ name: f.name, size: f.size })))));
    const contents = unzipSync(zip);
    expect(Object.keys(contents)).toEqual(manifest.files.map((f) => f.name));
    for (const f of manifest.files) expect(contents[f.name]!.length, f.name).toBe(f.size);
    const written = JSON.parse(text(contents['manifest.json']!));
    expect(written).toEqual({ ...JSON.parse(manifest.files.find((f) => f.name === 'manifest.json')!.content!), generated_at: expect.any(String) });
    expect(events.at(-1)).toEqual({ files: manifest.count, totalFiles: manifest.count, bytes: manifest.total_size, totalBytes: manifest.total_size });
    // The set-up stays for the next download; the download itself left nothing behind.
    expect(frames()).toHaveLength(1);
    expect(await pending()).toEqual([]);
  });

  it('continues past failed files and lists them in manifest.json', async () => {
    const media = manifest.files.filter((f) => f.url);
    interceptFiles((nth) => (nth === 2 ? new Response('gone', { status: 404, statusText: 'Not Found' }) : undefined));
    const [result, file] = await Promise.all([bulkDownload(client, { body: { job_ids: jobIds }, strategy: 'service-worker' }), commands.waitForDownload('end')]);
    expect(result).toMatchObject({ method: 'service-worker', files: manifest.count - 1, failed: [{ name: media[1]!.name, error: 'HTTP 404 Not Found' }] });
    expect(file.failure).toBeNull();
    const contents = unzipSync(decode(file.base64!));
    expect(Object.keys(contents)).toEqual(manifest.files.map((f) => f.name).filter((n) => n !== media[1]!.name));
    expect(JSON.parse(text(contents['manifest.json']!)).failures).toEqual(result.failed);
    expect(frames()).toHaveLength(1);
  });

  it('cancel mid-way fails the browser download and leaves nothing registered', async () => {
    const hang = interceptHang();
    const controller = new AbortController();
    const started = bulkDownload(client, { body: { job_ids: jobIds }, strategy: 'service-worker', signal: controller.signal }).catch((e: unknown) => e);
    expect(await commands.waitForDownload('start')).toMatchObject({ name: expect.stringMatching(/^genshelf-.*\.zip$/) });
    await vi.waitFor(() => expect(hang.reached).toBe(true));
    controller.abort();
    expect(await started).toMatchObject({ name: 'AbortError' });
    const file = await commands.waitForDownload('end');
    expect(file.failure).toBeTruthy();
    expect(file.base64).toBeUndefined();
    expect(hang.ended).toBe('aborted');
    await vi.waitFor(async () => expect(await pending()).toEqual([]));
  });

  it('a download cancelled in the browser stops the archive', async () => {
    const hang = interceptHang();
    const started = bulkDownload(client, { body: { job_ids: jobIds }, strategy: 'service-worker', signal: new AbortController().signal }).catch((e: unknown) => e);
    await commands.waitForDownload('start');
    await vi.waitFor(() => expect(hang.reached).toBe(true));
    await commands.waitForDownload('cancel');
    expect(await started).toMatchObject({ name: 'AbortError', message: expect.stringContaining('cancelled in the browser') });
    expect((await commands.waitForDownload('end')).failure).toBeTruthy();
    // The hanging fetch was aborted, and nothing is left.
    expect(hang.ended).toBe('aborted');
    await vi.waitFor(async () => expect(await pending()).toEqual([]));
  });

  it('passes chunks over a MessageChannel where streams cannot be transferred', async () => {
    const post = MessagePort.prototype.postMessage;
    const sent: unknown[] = [];
    // As in a browser without transferable streams: posting one fails (in this page; the frame and worker are other realms).
    vi.spyOn(MessagePort.prototype, 'postMessage').mockImplementation(function (this: MessagePort, message: unknown, options?: StructuredSerializeOptions | Transferable[]) {
      if (message instanceof ReadableStream) throw new DOMException('ReadableStream cannot be transferred', 'DataCloneError');
      sent.push(message);
      return post.call(this, message, options as StructuredSerializeOptions);
    });
    const [result, file] = await Promise.all([bulkDownload(client, { body: { job_ids: jobIds }, strategy: 'service-worker' }), commands.waitForDownload('end')]);
    expect(result).toMatchObject({ method: 'service-worker', files: manifest.count, failed: [] });
    expect(sent.filter((m) => m instanceof Uint8Array).length).toBeGreaterThan(manifest.count);
    expect(sent).toContain('end');
    const contents = unzipSync(decode(file.base64!));
    expect(Object.entries(contents).map(([name, data]) => [name, data.length])).toEqual(manifest.files.map((f) => [f.name, f.size]));
    expect(await pending()).toEqual([]);
  });

  it('falls back to the Blob without service workers; too large for it only when nothing can stream', async () => {
    const { created } = captureBlob();
    expect(await bulkDownload(client, { body: { job_ids: jobIds } })).toMatchObject({ method: 'blob', files: manifest.count });
    expect(created).toHaveBeenCalledTimes(1);
    await expect(bulkDownload(client, { body: { job_ids: jobIds }, maxBlobBytes: 1000 })).rejects.toMatchObject({
      code: 'too_large_for_browser',
      message: expect.stringMatching(/no save dialog and cannot stream it through a service worker \(no service workers on this page\).*at most 1000/),
    });
    await expect(bulkDownload(client, { body: { job_ids: jobIds }, strategy: 'service-worker' })).rejects.toBeInstanceOf(BulkDownloadError);
  });

  it('falls back to the Blob when the browser refuses the frame a service worker (third-party storage blocked)', async () => {
    vi.stubGlobal('showSaveFilePicker', undefined);
    const crossSite = new ApiClient(env.api, { kind: 'token', token: env.demoToken });
    const created = vi.spyOn(URL, 'createObjectURL');
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    expect(await bulkDownload(crossSite, { body: { job_ids: jobIds } })).toMatchObject({ method: 'blob', files: manifest.count });
    expect(created).toHaveBeenCalledTimes(1);
    const err = await bulkDownload(crossSite, { body: { job_ids: jobIds }, strategy: 'service-worker' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'unsupported', message: expect.stringContaining('denied') });
    // The failed set-up is not kept.
    expect([...document.querySelectorAll('iframe')].filter((f) => f.src.startsWith(env.api))).toEqual([]);
  });

  it('takes over when the file picker is refused (no user activation), also above the Blob\'s limit', async () => {
    const picker = vi.fn(async () => {
      throw new DOMException('Must be handling a user gesture to show a file picker.', 'SecurityError');
    });
    vi.stubGlobal('showSaveFilePicker', picker);
    const [result, file] = await Promise.all([bulkDownload(client, { body: { job_ids: jobIds }, maxBlobBytes: 1000 }), commands.waitForDownload('end')]);
    expect(picker).toHaveBeenCalledTimes(1);
    expect(result).toMatchObject({ method: 'service-worker', files: manifest.count, failed: [] });
    expect(file.failure).toBeNull();
    expect(Object.keys(unzipSync(decode(file.base64!)))).toEqual(manifest.files.map((f) => f.name));
  });

  it('knows which API origins are secure enough for a service worker', () => {
    expect(unavailableReason(new URL('https://genshelf.example.com'))).toBeUndefined();
    expect(unavailableReason(new URL('http://127.0.0.1:8787'))).toBeUndefined();
    expect(unavailableReason(new URL('http://localhost:8787'))).toBeUndefined();
    expect(unavailableReason(new URL('http://api.localhost'))).toBeUndefined();
    expect(unavailableReason(new URL('http://[::1]:8787'))).toBeUndefined();
    expect(unavailableReason(new URL('http://genshelf.example.com'))).toMatch(/not a secure origin/);
    expect(unavailableReason(new URL('http://192.168.1.10:8787'))).toMatch(/not a secure origin/);
  });
});
