/**
 * The blob store: the subset of R2's Workers API genshelf uses, so the R2 adapter is thin and
 * the disk store (Node) can keep R2's semantics — content-hash ETags, sizes, content types,
 * custom metadata, ranges, and conditional reads that answer metadata without a body.
 */

export interface BlobMeta {
  key: string;
  size: number;
  /** A hash of the content (R2: MD5 hex; disk: SHA-256 prefix); same bytes, same ETag. */
  etag: string;
  /** `etag` in quotes, ready for an `ETag` header. */
  httpEtag: string;
  uploaded: Date;
  contentType?: string;
  customMetadata: Record<string, string>;
  /** The part of the object a ranged read returns. */
  range?: { offset: number; length: number };
}

export interface BlobWithBody extends BlobMeta {
  body: ReadableStream<Uint8Array>;
}

/** R2's ranges: from an offset (optionally a length), or the last `suffix` bytes. */
export type BlobRange = { offset: number; length?: number } | { suffix: number };

/** R2's conditions; when one fails, `get` answers the metadata without a body. */
export interface BlobConditions {
  etagMatches?: string;
  etagDoesNotMatch?: string;
  uploadedBefore?: Date;
  uploadedAfter?: Date;
}

export interface BlobPutOptions {
  contentType?: string;
  customMetadata?: Record<string, string>;
}

export interface BlobList {
  objects: BlobMeta[];
  truncated: boolean;
  cursor?: string;
}

export interface BlobStore {
  put(key: string, value: ReadableStream<Uint8Array> | Uint8Array | string, options?: BlobPutOptions): Promise<BlobMeta>;
  /** null when the key is unknown; metadata without `body` when a condition fails. */
  get(key: string, options?: { range?: BlobRange; onlyIf?: BlobConditions }): Promise<BlobWithBody | BlobMeta | null>;
  head(key: string): Promise<BlobMeta | null>;
  /** Deleting a missing key is not an error. */
  delete(keys: string | string[]): Promise<void>;
  /** Keys in ascending order; `cursor` continues a truncated listing. */
  list(options?: { prefix?: string; cursor?: string; limit?: number }): Promise<BlobList>;
  /**
   * Stores that keep partial writes aside (the disk store's `tmp/`; R2 keeps nothing of a failed
   * put): removes those last touched before `cutoff`, a crashed process's leftovers. Returns how many.
   */
  removeStaleTemp?(cutoff: Date): Promise<number>;
}

export const hasBody = (o: BlobMeta | BlobWithBody): o is BlobWithBody => 'body' in o && o.body !== undefined;

/** The byte range [offset, offset + length) a range asks of an object of `size` bytes, or null if unsatisfiable. */
export function resolveRange(range: BlobRange, size: number): { offset: number; length: number } | null {
  if ('suffix' in range) {
    if (range.suffix <= 0 || size === 0) return null;
    const length = Math.min(range.suffix, size);
    return { offset: size - length, length };
  }
  if (range.offset < 0 || range.offset >= size) return null;
  const length = Math.min(range.length ?? size - range.offset, size - range.offset);
  return length > 0 ? { offset: range.offset, length } : null;
}

const bare = (etag: string) => etag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');

/** Whether R2-style conditions hold for an object (a missing condition holds). */
export function conditionsHold(meta: BlobMeta, c: BlobConditions | undefined): boolean {
  if (!c) return true;
  if (c.etagMatches !== undefined && !c.etagMatches.split(',').some((t) => bare(t) === '*' || bare(t) === meta.etag)) return false;
  if (c.etagDoesNotMatch !== undefined && c.etagDoesNotMatch.split(',').some((t) => bare(t) === '*' || bare(t) === meta.etag)) return false;
  if (c.uploadedBefore && !(meta.uploaded < c.uploadedBefore)) return false;
  if (c.uploadedAfter && !(meta.uploaded > c.uploadedAfter)) return false;
  return true;
}
