import { hasBody, resolveRange, type BlobMeta, type BlobRange, type BlobStore } from '../blobs/types.ts';

/**
 * Serves a stored blob per RFC 9110: `Accept-Ranges`, one range (`bytes=a-b`, `a-`, `-n`) → 206
 * with `Content-Range`, unsatisfiable → 416 naming the size, `HEAD`, strong `ETag` with
 * `If-None-Match` → 304, `If-Modified-Since`, `If-Range` (evaluated here: R2 ignores it) and
 * `Last-Modified`. Several ranges are answered with the whole object (200), which RFC 9110
 * allows and no media player needs otherwise. Memory per response is constant: the body is
 * the store's stream. Web standards only: the same code serves R2 on workerd.
 */
export interface ServeOptions {
  /** Ask the browser to save it under this name (`Content-Disposition: attachment`). */
  downloadName?: string;
  cacheControl?: string;
}

/**
 * What every response carrying stored or proxied bytes sends (files, assets, public links, the
 * video proxy, downloads): the browser takes the declared type as it is and never runs the bytes
 * as a document on the API's origin — an uploaded or provider-sent page is inert (issue 11, 5).
 * The one place these headers are set; byte-serving code builds its headers from it.
 */
export const BYTES_POLICY: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; sandbox",
};

/** Headers for a response of bytes: `BYTES_POLICY` plus `init`. */
export function bytesHeaders(init: Record<string, string> = {}): Headers {
  return new Headers({ ...init, ...BYTES_POLICY });
}

type ParsedRange = { kind: 'none' } | { kind: 'ignored' } | { kind: 'range'; range: BlobRange } | { kind: 'unsatisfiable' };

/** Parses a `Range` header against an object of `size` bytes. */
export function parseRange(header: string | null, size: number): ParsedRange {
  if (!header) return { kind: 'none' };
  const m = /^\s*bytes\s*=\s*(.+)$/i.exec(header);
  if (!m) return { kind: 'ignored' };
  const specs = m[1]!.split(',').map((s) => s.trim());
  if (specs.length !== 1) return { kind: 'ignored' };
  const spec = /^(\d*)-(\d*)$/.exec(specs[0]!);
  if (!spec || (spec[1] === '' && spec[2] === '')) return { kind: 'ignored' };
  if (spec[1] === '') {
    const suffix = Number(spec[2]);
    return suffix === 0 || size === 0 ? { kind: 'unsatisfiable' } : { kind: 'range', range: { suffix } };
  }
  const first = Number(spec[1]);
  const last = spec[2] === '' ? undefined : Number(spec[2]);
  if (last !== undefined && last < first) return { kind: 'ignored' };
  if (first >= size) return { kind: 'unsatisfiable' };
  return { kind: 'range', range: last === undefined ? { offset: first } : { offset: first, length: last - first + 1 } };
}

const bareTag = (t: string) => t.trim().replace(/^W\//, '');
const httpDate = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000).toUTCString();

function noneMatch(header: string, meta: BlobMeta): boolean {
  return header.split(',').some((t) => t.trim() === '*' || bareTag(t) === meta.httpEtag);
}

/** If-Range holds when it names the current strong ETag, or a date no older than the object. */
function ifRangeHolds(header: string, meta: BlobMeta): boolean {
  const v = header.trim();
  if (v.startsWith('"') || v.startsWith('W/')) return v === meta.httpEtag;
  const date = Date.parse(v);
  return !Number.isNaN(date) && Math.floor(meta.uploaded.getTime() / 1000) * 1000 <= date;
}

/** `attachment` with an ASCII fallback and the exact name in RFC 5987 form; no header injection. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_').replace(/[\r\n]/g, '') || 'download';
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function baseHeaders(meta: BlobMeta, opts: ServeOptions): Headers {
  const h = bytesHeaders({
    'Accept-Ranges': 'bytes',
    ETag: meta.httpEtag,
    'Last-Modified': httpDate(meta.uploaded),
    'Cache-Control': opts.cacheControl ?? 'private, max-age=3600',
  });
  if (opts.downloadName) h.set('Content-Disposition', contentDisposition(opts.downloadName));
  return h;
}

/**
 * The common request — a GET, whole or one range, without validators — in one `get`: the store
 * answers the object's size, ETag and type together with the bytes (R2 and the disk store
 * alike), so there is nothing to look up first. `undefined` hands the request to the general
 * path: a range that turns out unsatisfiable (its 416 names the size) or one the store refused.
 */
async function serveDirect(request: Request, store: BlobStore, key: string, opts: ServeOptions): Promise<Response | null | undefined> {
  const rangeHeader = request.headers.get('range');
  const asked = parseRange(rangeHeader, Number.MAX_SAFE_INTEGER);
  if (asked.kind === 'unsatisfiable') return undefined;
  const range = asked.kind === 'range' ? asked.range : undefined;
  let got: Awaited<ReturnType<BlobStore['get']>>;
  try {
    got = await store.get(key, range ? { range } : undefined);
  } catch (err) {
    if (range) return undefined; // e.g. a range past the end: the general path answers 416
    throw err;
  }
  if (!got) return null;
  if (!hasBody(got)) return undefined;
  if (range && (!got.range || parseRange(rangeHeader, got.size).kind !== 'range')) {
    await got.body.cancel().catch(() => {});
    return undefined;
  }
  const headers = baseHeaders(got, opts);
  headers.set('Content-Type', got.contentType ?? 'application/octet-stream');
  if (range && got.range) {
    headers.set('Content-Range', `bytes ${got.range.offset}-${got.range.offset + got.range.length - 1}/${got.size}`);
    headers.set('Content-Length', String(got.range.length));
    return new Response(got.body, { status: 206, headers });
  }
  headers.set('Content-Length', String(got.size));
  return new Response(got.body, { status: 200, headers });
}

/** The response for `key`, or null when the store has no such object. */
export async function serveBlob(request: Request, store: BlobStore, key: string, opts: ServeOptions = {}): Promise<Response | null> {
  const head = request.method === 'HEAD';
  const h = request.headers;
  if (!head && !h.has('if-none-match') && !h.has('if-modified-since') && !h.has('if-range')) {
    const direct = await serveDirect(request, store, key, opts);
    if (direct !== undefined) return direct;
  }
  // HEAD, validators, or a range handed back above: describe the object, then read exactly that version.
  for (let attempt = 0; attempt < 2; attempt++) {
    const meta = await store.head(key);
    if (!meta) return null;
    const headers = baseHeaders(meta, opts);

    const inm = request.headers.get('if-none-match');
    const ims = request.headers.get('if-modified-since');
    const notModified = inm !== null ? noneMatch(inm, meta) : ims !== null && !Number.isNaN(Date.parse(ims)) && Math.floor(meta.uploaded.getTime() / 1000) * 1000 <= Date.parse(ims);
    if (notModified) return new Response(null, { status: 304, headers });

    const ifRange = request.headers.get('if-range');
    let parsed = parseRange(request.headers.get('range'), meta.size);
    if (ifRange !== null && !ifRangeHolds(ifRange, meta)) parsed = { kind: 'none' };
    if (parsed.kind === 'unsatisfiable') {
      headers.set('Content-Range', `bytes */${meta.size}`);
      return new Response(null, { status: 416, headers });
    }
    headers.set('Content-Type', meta.contentType ?? 'application/octet-stream');
    const range = parsed.kind === 'range' ? parsed.range : undefined;

    if (head) {
      const r = range ? resolveRange(range, meta.size) : null;
      if (r) headers.set('Content-Range', `bytes ${r.offset}-${r.offset + r.length - 1}/${meta.size}`);
      headers.set('Content-Length', String(r ? r.length : meta.size));
      return new Response(null, { status: r ? 206 : 200, headers });
    }

    // Read exactly the version we described: if it changed in between, describe it again.
    const got = await store.get(key, { range, onlyIf: { etagMatches: meta.etag } });
    if (!got) return null;
    if (!hasBody(got)) continue;
    if (got.range) {
      headers.set('Content-Range', `bytes ${got.range.offset}-${got.range.offset + got.range.length - 1}/${meta.size}`);
      headers.set('Content-Length', String(got.range.length));
      return new Response(got.body, { status: 206, headers });
    }
    headers.set('Content-Length', String(meta.size));
    return new Response(got.body, { status: 200, headers });
  }
  throw new Error(`blob ${key} kept changing while it was being served`);
}

