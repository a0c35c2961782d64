/**
 * bulkDownload's service-worker path in real Chromium, against the real API on another origin than
 * the test page — a host page embedding the widgets. The downloads are the browser's own, caught by
 * playwright (the `wait-for-download` command, test/wtr/browser-commands.ts).
 *
 * The API is reached as `localhost:<port>`: another origin on the same site as the test page (WTR's, on localhost). Across
 * sites (`127.0.0.1:<port>`, as `env.api`) Chromium refuses service workers to the frame, because
 * playwright's contexts block third-party storage as incognito windows do — the last tests check that
 * bulkDownload then falls back to the Blob.
 */
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { predictLength } from 'client-zip';
import { unzipSync } from 'fflate';
import { captureBlob, completedDownload, env, eventually, rejectionOf, stubGlobal, waitForDownload } from '../test/fixtures.ts';
import { ApiClient } from './api-client.ts';
import { bulkDownload, BulkDownloadError, type BulkDownloadProgress, type DownloadManifest } from './bulk-download.ts';
import { unavailableReason } from './download-sw/available.ts';

const api = env.api.replace('//127.0.0.1:', '//localhost:');
const client = new ApiClient(api, { kind: 'token', token: env.demoToken });
const realFetch = globalThis.fetch;
const framePath = `${api}/widgets/download-frame.html`;

let jobIds: string[];
let manifest: DownloadManifest;

before(async () => {
  await waitForDownload('watch');
  ({ jobIds, manifest } = await completedDownload(client, 6));
  expect(manifest.files.length).to.be.above(3);
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
  sinon.stub(globalThis, 'fetch').callsFake(async (input, init) => {
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
    stubGlobal('showSaveFilePicker', undefined);
    const events: BulkDownloadProgress[] = [];
    const [result, file] = await Promise.all([
      bulkDownload(client, { body: { job_ids: jobIds }, fileName: 'mes générations.zip', onProgress: (p) => events.push(p) }),
      waitForDownload('end'),
    ]);
    expect(result).to.deep.equal({ files: manifest.count, bytes: manifest.total_size, failed: [], method: 'service-worker' });
    expect(file).to.include({ name: 'mes générations.zip', failure: null });
    const zip = decode(file.base64!);
    expect(zip.length).to.equal(Number(predictLength(manifest.files.map((f) => ({ name: f.name, size: f.size })))));
    const contents = unzipSync(zip);
    expect(Object.keys(contents)).to.deep.equal(manifest.files.map((f) => f.name));
    for (const f of manifest.files) expect(contents[f.name]!.length, f.name).to.equal(f.size);
    const written = JSON.parse(text(contents['manifest.json']!));
    expect(written.generated_at).to.be.a('string');
    expect(written).to.deep.equal({ ...JSON.parse(manifest.files.find((f) => f.name === 'manifest.json')!.content!), generated_at: written.generated_at });
    expect(events.at(-1)).to.deep.equal({ files: manifest.count, totalFiles: manifest.count, bytes: manifest.total_size, totalBytes: manifest.total_size });
    // The set-up stays for the next download; the download itself left nothing behind.
    expect(frames()).to.have.length(1);
    expect(await pending()).to.deep.equal([]);
  });

  it('continues past failed files and lists them in manifest.json', async () => {
    const media = manifest.files.filter((f) => f.url);
    interceptFiles((nth) => (nth === 2 ? new Response('gone', { status: 404, statusText: 'Not Found' }) : undefined));
    const [result, file] = await Promise.all([bulkDownload(client, { body: { job_ids: jobIds }, strategy: 'service-worker' }), waitForDownload('end')]);
    expect(result).to.deep.include({ method: 'service-worker', files: manifest.count - 1, failed: [{ name: media[1]!.name, error: 'HTTP 404 Not Found' }] });
    expect(file.failure).to.equal(null);
    const contents = unzipSync(decode(file.base64!));
    expect(Object.keys(contents)).to.deep.equal(manifest.files.map((f) => f.name).filter((n) => n !== media[1]!.name));
    expect(JSON.parse(text(contents['manifest.json']!)).failures).to.deep.equal(result.failed);
    expect(frames()).to.have.length(1);
  });

  it('cancel mid-way fails the browser download and leaves nothing registered', async () => {
    const hang = interceptHang();
    const controller = new AbortController();
    const started = bulkDownload(client, { body: { job_ids: jobIds }, strategy: 'service-worker', signal: controller.signal }).catch((e: unknown) => e);
    expect((await waitForDownload('start')).name).to.match(/^genshelf-.*\.zip$/);
    await eventually(() => expect(hang.reached).to.equal(true));
    controller.abort();
    expect(await started).to.have.property('name', 'AbortError');
    const file = await waitForDownload('end');
    expect(file.failure).to.be.ok;
    expect(file.base64).to.equal(undefined);
    expect(hang.ended).to.equal('aborted');
    await eventually(async () => expect(await pending()).to.deep.equal([]));
  });

  it('a download cancelled in the browser stops the archive', async () => {
    const hang = interceptHang();
    const started = bulkDownload(client, { body: { job_ids: jobIds }, strategy: 'service-worker', signal: new AbortController().signal }).catch((e: unknown) => e);
    await waitForDownload('start');
    await eventually(() => expect(hang.reached).to.equal(true));
    await waitForDownload('cancel');
    expect(await started).to.have.property('name', 'AbortError');
    expect(await started).to.have.property('message').that.includes('cancelled in the browser');
    expect((await waitForDownload('end')).failure).to.be.ok;
    // The hanging fetch was aborted, and nothing is left.
    expect(hang.ended).to.equal('aborted');
    await eventually(async () => expect(await pending()).to.deep.equal([]));
  });

  it('passes chunks over a MessageChannel where streams cannot be transferred', async () => {
    const post = MessagePort.prototype.postMessage;
    const sent: unknown[] = [];
    // As in a browser without transferable streams: posting one fails (in this page; the frame and worker are other realms).
    sinon.stub(MessagePort.prototype, 'postMessage').callsFake(function (this: MessagePort, message: unknown, options?: StructuredSerializeOptions | Transferable[]) {
      if (message instanceof ReadableStream) throw new DOMException('ReadableStream cannot be transferred', 'DataCloneError');
      sent.push(message);
      return post.call(this, message, options as StructuredSerializeOptions);
    });
    const [result, file] = await Promise.all([bulkDownload(client, { body: { job_ids: jobIds }, strategy: 'service-worker' }), waitForDownload('end')]);
    expect(result).to.deep.include({ method: 'service-worker', files: manifest.count, failed: [] });
    expect(sent.filter((m) => m instanceof Uint8Array).length).to.be.above(manifest.count);
    expect(sent).to.include('end');
    const contents = unzipSync(decode(file.base64!));
    expect(Object.entries(contents).map(([name, data]) => [name, data.length])).to.deep.equal(manifest.files.map((f) => [f.name, f.size]));
    expect(await pending()).to.deep.equal([]);
  });

  it('falls back to the Blob without service workers; too large for it only when nothing can stream', async () => {
    const { created } = captureBlob();
    expect(await bulkDownload(client, { body: { job_ids: jobIds } })).to.include({ method: 'blob', files: manifest.count });
    expect(created).to.have.callCount(1);
    const tooLarge = await rejectionOf(bulkDownload(client, { body: { job_ids: jobIds }, maxBlobBytes: 1000 }));
    expect(tooLarge).to.have.property('code', 'too_large_for_browser');
    expect(tooLarge.message).to.match(/no save dialog and cannot stream it through a service worker \(no service workers on this page\).*at most 1000/);
    expect(await rejectionOf(bulkDownload(client, { body: { job_ids: jobIds }, strategy: 'service-worker' }))).to.be.instanceOf(BulkDownloadError);
  });

  it('falls back to the Blob when the browser refuses the frame a service worker (third-party storage blocked)', async () => {
    stubGlobal('showSaveFilePicker', undefined);
    const crossSite = new ApiClient(env.api, { kind: 'token', token: env.demoToken });
    const created = sinon.spy(URL, 'createObjectURL');
    sinon.stub(HTMLAnchorElement.prototype, 'click').callsFake(() => {});
    expect(await bulkDownload(crossSite, { body: { job_ids: jobIds } })).to.include({ method: 'blob', files: manifest.count });
    expect(created).to.have.callCount(1);
    const err = await bulkDownload(crossSite, { body: { job_ids: jobIds }, strategy: 'service-worker' }).catch((e: unknown) => e);
    expect(err).to.have.property('code', 'unsupported');
    expect(err).to.have.property('message').that.includes('denied');
    // The failed set-up is not kept.
    expect([...document.querySelectorAll('iframe')].filter((f) => f.src.startsWith(env.api))).to.deep.equal([]);
  });

  it('takes over when the file picker is refused (no user activation), also above the Blob\'s limit', async () => {
    const picker = sinon.fake(async () => {
      throw new DOMException('Must be handling a user gesture to show a file picker.', 'SecurityError');
    });
    stubGlobal('showSaveFilePicker', picker);
    const [result, file] = await Promise.all([bulkDownload(client, { body: { job_ids: jobIds }, maxBlobBytes: 1000 }), waitForDownload('end')]);
    expect(picker).to.have.callCount(1);
    expect(result).to.deep.include({ method: 'service-worker', files: manifest.count, failed: [] });
    expect(file.failure).to.equal(null);
    expect(Object.keys(unzipSync(decode(file.base64!)))).to.deep.equal(manifest.files.map((f) => f.name));
  });

  it('knows which API origins are secure enough for a service worker', () => {
    expect(unavailableReason(new URL('https://genshelf.example.com'))).to.equal(undefined);
    expect(unavailableReason(new URL('http://127.0.0.1:8787'))).to.equal(undefined);
    expect(unavailableReason(new URL('http://localhost:8787'))).to.equal(undefined);
    expect(unavailableReason(new URL('http://api.localhost'))).to.equal(undefined);
    expect(unavailableReason(new URL('http://[::1]:8787'))).to.equal(undefined);
    expect(unavailableReason(new URL('http://genshelf.example.com'))).to.match(/not a secure origin/);
    expect(unavailableReason(new URL('http://192.168.1.10:8787'))).to.match(/not a secure origin/);
  });
});
