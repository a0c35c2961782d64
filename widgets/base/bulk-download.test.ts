import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { predictLength } from 'client-zip';
import { unzipSync } from 'fflate';
import { captureBlob, completedDownload, env, makeUser, rejectionOf, sleep, stubGlobal } from '../test/fixtures.ts';
import { ApiClient } from './api-client.ts';
import { bulkDownload, BulkDownloadError, type BulkDownloadProgress, type DownloadManifest } from './bulk-download.ts';

const client = new ApiClient(env.api, { kind: 'token', token: env.demoToken });
const realFetch = globalThis.fetch;

// ---- a small ZIP reader: fflate for the contents, the central directory read here for CRCs ----

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

interface ZipEntry {
  name: string;
  size: number;
  crc: number;
  data: Uint8Array;
}

/** Every entry of a ZIP, its central-directory CRC checked against its bytes. */
function readZip(zip: Uint8Array): ZipEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = zip.length - 22;
  while (eocd >= 0 && view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  expect(eocd, 'end of central directory').to.be.at.least(0);
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const contents = unzipSync(zip);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    expect(view.getUint32(at, true)).to.equal(0x02014b50);
    const crc = view.getUint32(at + 16, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true);
    const comment = view.getUint16(at + 32, true);
    const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
    const data = contents[name]!;
    expect(data, name).not.to.equal(undefined);
    expect(data.length, `${name} size`).to.equal(size);
    expect(crc32(data), `${name} CRC`).to.equal(crc);
    entries.push({ name, size, crc, data });
    at += 46 + nameLength + extra + comment;
  }
  expect(Object.keys(contents)).to.have.length(count);
  return entries;
}

// ---- sinks: the Blob path (object URL captured, the click swallowed) and a stubbed file picker ----
// (the service-worker path has its own tests, in bulk-download-sw.test.ts)

/** A file picker returning an in-memory writable. */
function stubPicker() {
  const chunks: Uint8Array[] = [];
  const state = { suggestedName: '', closed: false, aborted: false, removed: false };
  const writable = new WritableStream<Uint8Array>({
    write: (chunk) => void chunks.push(chunk.slice()),
    close: () => void (state.closed = true),
    abort: () => void (state.aborted = true),
  });
  const picker = sinon.fake(async (options?: { suggestedName?: string }) => {
    state.suggestedName = options?.suggestedName ?? '';
    return { kind: 'file', name: state.suggestedName, createWritable: async () => writable, remove: async () => void (state.removed = true) };
  });
  stubGlobal('showSaveFilePicker', picker);
  return { picker, state, bytes: () => concat(chunks) };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) out.set(c, (at += c.length) - c.length);
  return out;
}

/** Spies on fetch: the file URLs asked for, and how many file bodies were open at once. */
function watchFetches(rewrite?: (url: string) => string | Response | undefined) {
  const files: string[] = [];
  const signals: (AbortSignal | null | undefined)[] = [];
  let open = 0;
  const state = { maxOpen: 0, files, signals };
  sinon.stub(globalThis, 'fetch').callsFake(async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.includes('/files/')) return realFetch(input, init);
    files.push(url);
    signals.push(init?.signal);
    const replaced = rewrite?.(url);
    if (replaced instanceof Response) return replaced;
    const res = await realFetch(replaced ?? url, init);
    if (!res.body) return res;
    open++;
    state.maxOpen = Math.max(state.maxOpen, open);
    const body = res.body.pipeThrough(new TransformStream({ flush: () => void open-- }));
    return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  });
  return state;
}

function expectMonotonic(events: BulkDownloadProgress[], totals: { totalFiles: number; totalBytes: number }) {
  expect(events.length).to.be.above(2);
  expect(events[0]).to.deep.equal({ files: 0, bytes: 0, ...totals });
  for (let i = 1; i < events.length; i++) {
    expect(events[i]!.files).to.be.at.least(events[i - 1]!.files);
    expect(events[i]!.bytes).to.be.at.least(events[i - 1]!.bytes);
    expect(events[i]).to.include(totals);
  }
  expect(events.at(-1)).to.deep.equal({ files: totals.totalFiles, bytes: totals.totalBytes, ...totals });
}

let jobIds: string[];
/** The manifest as the API answers it (signed URLs differ per request; names, sizes and content do not). */
let manifest: DownloadManifest;

before(async () => {
  ({ jobIds, manifest } = await completedDownload(client, 8));
  // The sample data has images, videos and texts.
  expect(manifest.files.length).to.be.above(4);
});


const names = (m: DownloadManifest) => m.files.map((f) => f.name);

describe('bulkDownload', () => {
  it('streams the manifest\'s files one after another into a valid ZIP saved as a Blob', async () => {
    const saved = captureBlob();
    const fetches = watchFetches();
    const events: BulkDownloadProgress[] = [];
    const result = await bulkDownload(client, { body: { job_ids: jobIds }, fileName: 'mine.zip', onProgress: (p) => events.push(p) });
    expect(result).to.deep.equal({ files: manifest.count, bytes: manifest.total_size, failed: [], method: 'blob' });
    expect(saved.clicks).to.deep.equal(['mine.zip']);
    expect(saved.blob()!.type).to.equal('application/zip');
    const zip = await saved.bytes();
    expect(zip.length).to.equal(Number(predictLength(manifest.files.map((f) => ({ name: f.name, size: f.size })))));
    const entries = readZip(zip);
    expect(entries.map((e) => e.name)).to.deep.equal(names(manifest));
    expect(entries.map((e) => e.size)).to.deep.equal(manifest.files.map((f) => f.size));
    // The bytes are the files' own, and manifest.json is the API's (from its own request: only the time differs).
    for (const [i, file] of manifest.files.entries()) {
      if (file.content !== undefined) {
        const written = JSON.parse(new TextDecoder().decode(entries[i]!.data));
        expect(written.generated_at).to.be.a('string');
        expect(written).to.deep.equal({ ...JSON.parse(file.content), generated_at: written.generated_at });
      }
      else expect(crc32(new Uint8Array(await (await realFetch(file.url!)).arrayBuffer()))).to.equal(entries[i]!.crc);
    }
    expect(fetches.files).to.have.length(manifest.count - 1);
    expect(fetches.maxOpen).to.equal(1);
    expectMonotonic(events, { totalFiles: manifest.count, totalBytes: manifest.total_size });
  });

  it('writes into the file picker\'s writable where the browser has one', async () => {
    const picked = stubPicker();
    const result = await bulkDownload(client, { body: { job_ids: jobIds } });
    expect(result).to.deep.include({ method: 'file-picker', files: manifest.count, failed: [] });
    expect(picked.state).to.include({ closed: true, aborted: false });
    expect(picked.state.suggestedName).to.match(/^genshelf-\d{4}-\d{2}-\d{2}\.zip$/);
    const entries = readZip(picked.bytes());
    expect(entries.map((e) => [e.name, e.size])).to.deep.equal(manifest.files.map((f) => [f.name, f.size]));
  });

  it('falls back to the Blob when the picker is refused; a dismissed picker downloads nothing', async () => {
    const saved = captureBlob();
    stubGlobal('showSaveFilePicker', async () => {
      throw new DOMException('Must be handling a user gesture to show a file picker.', 'SecurityError');
    });
    const result = await bulkDownload(client, { body: { job_ids: jobIds } });
    expect(result).to.deep.include({ method: 'blob', files: manifest.count, failed: [] });
    expect(readZip(await saved.bytes()).map((e) => e.name)).to.deep.equal(names(manifest));
    // Refused and too big for a Blob: a clear error, nothing fetched.
    const fetches = watchFetches();
    const refused = await rejectionOf(bulkDownload(client, { body: { job_ids: jobIds }, maxBlobBytes: 1000 }));
    expect(refused).to.have.property('code', 'too_large_for_browser');
    expect(refused).to.have.property('message').that.includes('refused');
    // Dismissed by the user.
    stubGlobal('showSaveFilePicker', async () => {
      throw new DOMException('The user aborted a request.', 'AbortError');
    });
    expect(await rejectionOf(bulkDownload(client, { body: { job_ids: jobIds } }))).to.have.property('name', 'AbortError');
    expect(fetches.files).to.deep.equal([]);
    expect(saved.clicks).to.have.length(1);
  });

  it('continues past failed files and lists them in manifest.json', async () => {
    const saved = captureBlob();
    const media = manifest.files.filter((f) => f.url);
    const [missing, broken] = [media[1]!, media[2]!];
    let nth = 0;
    watchFetches(() => {
      nth++;
      if (nth === 2) return `${env.api}/files/not-a-signed-token`; // the real API's refusal
      if (nth === 3) {
        // A body that breaks off after 10 bytes.
        const body = new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(new Uint8Array(10).fill(7));
          },
          pull(c) {
            c.error(new TypeError('network connection lost'));
          },
        });
        return new Response(body, { status: 200 });
      }
      return undefined;
    });
    const events: BulkDownloadProgress[] = [];
    const result = await bulkDownload(client, { body: { job_ids: jobIds }, onProgress: (p) => events.push(p) });
    expect(result.failed.map((f) => f.name)).to.deep.equal([missing.name, broken.name]);
    expect(result.failed[0]).to.have.all.keys('name', 'error');
    expect(result.failed[0]!.error).to.match(/^HTTP 4\d\d/);
    expect(result.failed[1]).to.have.all.keys('name', 'error');
    expect(result.failed[1]!.error).to.match(/^broke off after 10 of \d+ bytes \(network connection lost\)/);
    expect(result.files).to.equal(manifest.count - 2);
    expectMonotonic(events, { totalFiles: manifest.count, totalBytes: manifest.total_size });

    const entries = readZip(await saved.bytes());
    expect(entries.map((e) => e.name)).to.deep.equal(names(manifest).filter((n) => n !== missing.name));
    expect(entries.find((e) => e.name === broken.name)!.data).to.deep.equal(new Uint8Array(10).fill(7));
    const written = JSON.parse(new TextDecoder().decode(entries.find((e) => e.name === 'manifest.json')!.data));
    const original = JSON.parse(manifest.files.find((f) => f.name === 'manifest.json')!.content!);
    expect(written.generated_at).to.be.a('string');
    expect(written).to.deep.equal({ ...original, generated_at: written.generated_at, failures: result.failed });
    for (const entry of entries.filter((e) => e.name !== broken.name && e.name !== 'manifest.json')) {
      expect(entry.size).to.equal(manifest.files.find((f) => f.name === entry.name)!.size);
    }
  });

  it('cancel aborts the fetch in flight, fetches nothing more and aborts the writable', async () => {
    for (const when of ['mid-file', 'between files'] as const) {
      const picked = stubPicker();
      const fetches = watchFetches();
      const controller = new AbortController();
      const err = await bulkDownload(client, {
        body: { job_ids: jobIds },
        signal: controller.signal,
        onProgress: (p) => {
          if (when === 'mid-file' ? p.bytes > 0 : p.files === 1) controller.abort();
        },
      }).catch((e: unknown) => e);
      expect(err, when).to.be.instanceOf(DOMException);
      expect((err as DOMException).name).to.equal('AbortError');
      expect(fetches.files, when).to.have.length(1);
      expect(fetches.signals[0]!.aborted).to.equal(true);
      await sleep(100);
      expect(fetches.files).to.have.length(1);
      expect(picked.state, when).to.include({ aborted: true, closed: false, removed: true });
      sinon.restore();
    }
  });

  it('cancel on the Blob path saves nothing', async () => {
    const saved = captureBlob();
    const controller = new AbortController();
    const err = await bulkDownload(client, { body: { job_ids: jobIds }, signal: controller.signal, onProgress: (p) => p.bytes > 0 && controller.abort() }).catch((e: unknown) => e);
    expect((err as DOMException).name).to.equal('AbortError');
    expect(saved.blob()).to.equal(undefined);
    expect(saved.clicks).to.deep.equal([]);
    // Already aborted: not even the manifest is asked for.
    const spy = sinon.spy(globalThis, 'fetch');
    expect(await rejectionOf(bulkDownload(client, { body: { job_ids: jobIds }, signal: controller.signal }))).to.have.property('name', 'AbortError');
    expect(spy).not.to.have.been.called;
  });

  it('asks for confirmation above the threshold; declining downloads nothing', async () => {
    const saved = captureBlob();
    const fetches = watchFetches();
    const confirm = sinon.fake(async () => false);
    expect(await rejectionOf(bulkDownload(client, { body: { job_ids: jobIds }, confirm, confirmAboveBytes: 1000 }))).to.have.property('name', 'AbortError');
    expect(confirm).to.have.been.calledWith(manifest.total_size, manifest.count);
    expect(fetches.files).to.deep.equal([]);
    expect(saved.blob()).to.equal(undefined);
    // Below the threshold it is not asked; accepting goes ahead.
    await bulkDownload(client, { body: { job_ids: jobIds }, confirm, confirmAboveBytes: manifest.total_size });
    expect(confirm).to.have.callCount(1);
    const yes = sinon.fake(async () => true);
    expect((await bulkDownload(client, { body: { job_ids: jobIds }, confirm: yes, confirmAboveBytes: 1000 })).files).to.equal(manifest.count);
    expect(yes).to.have.callCount(1);
  });

  it('refuses the Blob path above its limit before fetching anything', async () => {
    const saved = captureBlob();
    const fetches = watchFetches();
    const err = await bulkDownload(client, { body: { job_ids: jobIds }, maxBlobBytes: 1000 }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(BulkDownloadError);
    expect(err).to.have.property('code', 'too_large_for_browser');
    expect(err).to.have.property('message').that.includes('at most 1000');
    expect(fetches.files).to.deep.equal([]);
    expect(saved.blob()).to.equal(undefined);
  });

  it('turns the API\'s 422 into a typed error with its message; an empty selection is an error too', async () => {
    captureBlob();
    const err = await bulkDownload(client, { body: { job_ids: jobIds, asset_ids: ['x'] } }).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(BulkDownloadError);
    expect(err).to.have.property('code', 'rejected');
    expect(err).to.have.property('message').that.is.a('string');
    expect((err as BulkDownloadError).details).to.have.length(1);
    expect((err as BulkDownloadError).details![0]!.message).to.include('exactly one of');
    const nobody = new ApiClient(env.api, { kind: 'token', token: (await makeUser()).token });
    expect(await rejectionOf(bulkDownload(nobody, { body: { asset_ids: ['nothing-here'] } }))).to.have.property('code', 'empty');
  });
});
