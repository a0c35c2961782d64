/**
 * The blob store on Cloudflare R2 (Workers binding `BUCKET`). Imported only by api/worker.ts
 * (and the workerd tests); R2 already has the semantics the interface describes.
 */
import type { BlobConditions, BlobMeta, BlobStore, BlobWithBody } from './types.ts';

/** R2 wants streams of known length; larger bodies go up in parts of this size (bounded memory). */
export const PART_BYTES = 8 * 1024 * 1024;

interface R2ObjectLike {
  key: string;
  size: number;
  etag: string;
  httpEtag: string;
  uploaded: Date;
  httpMetadata?: { contentType?: string };
  customMetadata?: Record<string, string>;
  range?: { offset?: number; length?: number; suffix?: number };
  body?: ReadableStream<Uint8Array>;
}

/** The structural subset of `R2Bucket` used here (also what miniflare's proxy offers in Node tests). */
interface R2MultipartLike {
  uploadPart(partNumber: number, value: Uint8Array): Promise<{ partNumber: number; etag: string }>;
  complete(parts: { partNumber: number; etag: string }[]): Promise<R2ObjectLike>;
  abort(): Promise<void>;
}

export interface R2BucketLike {
  createMultipartUpload(key: string, options?: { httpMetadata?: { contentType?: string }; customMetadata?: Record<string, string> }): Promise<R2MultipartLike>;
  put(key: string, value: ReadableStream | Uint8Array | string, options?: { httpMetadata?: { contentType?: string }; customMetadata?: Record<string, string> }): Promise<R2ObjectLike>;
  get(key: string, options?: { range?: unknown; onlyIf?: unknown }): Promise<R2ObjectLike | null>;
  head(key: string): Promise<R2ObjectLike | null>;
  delete(keys: string | string[]): Promise<void>;
  list(options?: { prefix?: string; cursor?: string; limit?: number; include?: ('httpMetadata' | 'customMetadata')[] }): Promise<{ objects: R2ObjectLike[]; truncated: boolean; cursor?: string }>;
}

function meta(o: R2ObjectLike): BlobMeta {
  const m: BlobMeta = { key: o.key, size: o.size, etag: o.etag, httpEtag: o.httpEtag, uploaded: new Date(o.uploaded), contentType: o.httpMetadata?.contentType, customMetadata: { ...o.customMetadata } };
  if (o.range) {
    // R2 reports the range as asked; normalise it to [offset, offset + length).
    const r = o.range;
    const offset = r.suffix !== undefined ? Math.max(0, o.size - r.suffix) : (r.offset ?? 0);
    const length = r.suffix !== undefined ? o.size - offset : Math.min(r.length ?? o.size - offset, o.size - offset);
    m.range = { offset, length };
  }
  return m;
}

/** Reads up to `max` bytes from a stream (less only at its end). */
async function readUpTo(reader: ReadableStreamDefaultReader<Uint8Array>, max: number, carry: Uint8Array[]): Promise<{ bytes: Uint8Array; done: boolean }> {
  const parts = carry.splice(0);
  let size = parts.reduce((n, p) => n + p.byteLength, 0);
  let done = false;
  while (size < max) {
    const r = await reader.read();
    if (r.done) {
      done = true;
      break;
    }
    parts.push(r.value);
    size += r.value.byteLength;
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.byteLength;
  }
  if (size > max) carry.push(all.slice(max));
  return { bytes: size > max ? all.subarray(0, max) : all, done: done && size <= max };
}

/** R2 compares bare ETags and takes one per condition. */
function r2Conditions(c: BlobConditions | undefined) {
  if (!c) return undefined;
  const bare = (t?: string) => t?.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
  return { ...c, etagMatches: bare(c.etagMatches), etagDoesNotMatch: bare(c.etagDoesNotMatch) };
}

export function r2BlobStore(bucket: R2BucketLike): BlobStore {
  return {
    async put(key, value, options = {}) {
      const putOptions = { httpMetadata: options.contentType ? { contentType: options.contentType } : undefined, customMetadata: options.customMetadata };
      if (!(value instanceof ReadableStream)) return meta(await bucket.put(key, value, putOptions));
      // A stream of unknown length: one put if it fits in a part, else a multipart upload.
      const reader = value.getReader();
      const carry: Uint8Array[] = [];
      let chunk = await readUpTo(reader, PART_BYTES, carry);
      if (chunk.done) return meta(await bucket.put(key, chunk.bytes, putOptions));
      const upload = await bucket.createMultipartUpload(key, putOptions);
      try {
        const parts: { partNumber: number; etag: string }[] = [];
        for (let n = 1; ; n++) {
          parts.push(await upload.uploadPart(n, chunk.bytes));
          if (chunk.done) break;
          chunk = await readUpTo(reader, PART_BYTES, carry);
          if (chunk.bytes.byteLength === 0) break;
        }
        return meta(await upload.complete(parts));
      } catch (err) {
        await upload.abort().catch(() => {});
        throw err;
      }
    },
    async get(key, options = {}) {
      const o = await bucket.get(key, { range: options.range, onlyIf: r2Conditions(options.onlyIf) });
      if (!o) return null;
      const m = meta(o);
      // R2 (and miniflare) may describe a whole-object read as a range; only a requested one counts.
      if (!options.range) delete m.range;
      return o.body ? ({ ...m, body: o.body } satisfies BlobWithBody) : m;
    },
    async head(key) {
      const o = await bucket.head(key);
      return o ? meta(o) : null;
    },
    delete: (keys) => bucket.delete(keys),
    async list(options = {}) {
      const r = await bucket.list({ ...options, include: ['httpMetadata', 'customMetadata'] });
      return { objects: r.objects.map(meta), truncated: r.truncated, cursor: r.truncated ? r.cursor : undefined };
    },
  };
}
