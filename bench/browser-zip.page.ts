/**
 * The browser side of bench/browser-zip.ts (bundled by esbuild, loaded by a blank page on the
 * bench's own server): the same files zipped two ways, the bytes of the archive counted.
 *
 * - client-zip, as widgets/base/bulk-download.ts does it: files fetched lazily one after another
 *   into `makeZip`, the archive read as a stream and dropped chunk by chunk (what a file picker's
 *   writable does with it: it goes to disk).
 * - JSZip, the usual way: every file fetched as an ArrayBuffer and added, then
 *   `generateAsync({type: 'blob'})` (STORE, like client-zip).
 * - The same fetches alone, the bytes dropped: what neither library can beat here.
 */
import { makeZip } from 'client-zip';
import JSZip from 'jszip';

interface Run {
  bytes: number;
  ms: number;
  files: number;
}

const urls = (n: number) => Array.from({ length: n }, (_, i) => `/f/${i}`);

async function clientZip(n: number): Promise<Run> {
  const t0 = performance.now();
  async function* files() {
    for (const [i, url] of urls(n).entries()) {
      const res = await fetch(url);
      yield { name: `files/${i}.bin`, lastModified: new Date(0), input: res, size: Number(res.headers.get('content-length')) };
    }
  }
  const reader = makeZip(files()).getReader();
  let bytes = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
  }
  return { bytes, ms: performance.now() - t0, files: n };
}

async function jsZip(n: number): Promise<Run> {
  const t0 = performance.now();
  const zip = new JSZip();
  for (const [i, url] of urls(n).entries()) zip.file(`files/${i}.bin`, await (await fetch(url)).arrayBuffer(), { date: new Date(0), binary: true });
  const blob = await zip.generateAsync({ type: 'blob', compression: 'STORE', streamFiles: true });
  return { bytes: blob.size, ms: performance.now() - t0, files: n };
}

/** The same fetches with the bytes dropped: the ceiling of any ZIP library here. */
async function fetchOnly(n: number): Promise<Run> {
  const t0 = performance.now();
  let bytes = 0;
  for (const url of urls(n)) {
    const reader = (await fetch(url)).body!.getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
    }
  }
  return { bytes, ms: performance.now() - t0, files: n };
}

Object.assign(globalThis, { benchZip: { clientZip, jsZip, fetchOnly } });
