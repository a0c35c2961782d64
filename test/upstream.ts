/**
 * A real upstream video host for the video proxy's tests: a node:http server on 127.0.0.1 that
 * serves the committed sample videos (api/sample/media/*.mp4) with RFC 9110 ranges, plus paths
 * that misbehave the way real CDNs do.
 *
 * | path | behaviour |
 * |---|---|
 * | `/<file>` | the file: 200 / 206 / 416, `Content-Range`, `Accept-Ranges`, strong `ETag`, `Last-Modified`, `If-Range`, `HEAD` |
 * | `/drop/<file>` | headers and part of the body, then the socket is destroyed |
 * | `/ignore-range/<file>` | 200 with the whole file, whatever `Range` says |
 * | `/x-leak/<file>` | the file plus headers that must never reach genshelf's clients |
 * | `/redirect-ok/<file>` | 302 to this server's `/<file>` |
 * | `/redirect-evil` | 302 to `http://evil.example.com/x.mp4` |
 * | `/as/<type>/<subtype>/<file>` | the file declared as `<type>/<subtype>` (`none/none`: no `Content-Type` at all) |
 * | `/html` | 200 `text/html` with a script: what must never be served as a page on genshelf's origin |
 * | `/stall/<file>` | headers and the first 1,000 bytes, then nothing more until the client gives up (`stalled` counts those sockets' closes) |
 * | `/slow` | answers after 30 s (use a short `UPSTREAM_TIMEOUT_MS`) |
 * | `/gone` · `/forbidden` · `/boom` | 404 · 403 · 500 |
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';

export const MEDIA_DIR = join(import.meta.dirname, '..', 'api', 'sample', 'media');

export interface MediaFile {
  name: string;
  bytes: Buffer;
  etag: string;
  lastModified: string;
}

let cache: Map<string, MediaFile> | undefined;

/** The committed sample videos, by file name (`paper-boat-dream.mp4` → bytes, ETag, Last-Modified). */
export function mediaFiles(): Map<string, MediaFile> {
  if (!cache) {
    cache = new Map();
    for (const name of readdirSync(MEDIA_DIR).filter((n) => n.endsWith('.mp4')).sort()) {
      const path = join(MEDIA_DIR, name);
      const bytes = readFileSync(path);
      cache.set(name, {
        name,
        bytes,
        etag: `"${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}"`,
        lastModified: new Date(Math.floor(statSync(path).mtimeMs / 1000) * 1000).toUTCString(),
      });
    }
  }
  return cache;
}

/** Headers `/x-leak/` adds: none of them may be passed through by the proxy. */
export const LEAK_HEADERS: Record<string, string> = {
  'X-Upstream-Secret': '127.0.0.1',
  'Set-Cookie': 'qwen_session=upstream-secret-cookie; Path=/; HttpOnly',
  Server: 'qwen-cdn',
  'X-Amz-Request-Id': 'upstream-request-id-123',
  Via: '1.1 qwen-edge',
  'X-Served-By': 'qwen-cdn-node-7',
  'Access-Control-Allow-Origin': '*',
  Link: '<http://127.0.0.1/secret>; rel=preload',
};

export interface UpstreamRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

export interface Upstream {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** `127.0.0.1:PORT`: what goes into `UPSTREAM_ALLOWED_HOSTS`. */
  host: string;
  port: number;
  url(path: string): string;
  /** Every request received, in order. */
  requests: UpstreamRequest[];
  files: Map<string, MediaFile>;
  /** `/stall/` responses whose connection the client has closed (it gave up waiting). */
  stalledClosed(): number;
  close(): Promise<void>;
}

type Range = { start: number; end: number } | 'unsatisfiable' | null;

/** One `bytes=` range against `size` (RFC 9110 §14.1.2); null means "serve the whole file". */
export function parseRange(header: string | undefined, size: number): Range {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null; // several ranges or another unit: a 200 is allowed
  const [, a, b] = m;
  if (a === '' && b === '') return null;
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(a);
  const end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  if (b !== '' && Number(b) < start) return null; // invalid: ignore the header
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

function fileHeaders(file: MediaFile): Record<string, string> {
  return { 'Content-Type': 'video/mp4', 'Accept-Ranges': 'bytes', ETag: file.etag, 'Last-Modified': file.lastModified };
}

/** Whether `If-Range` lets the range apply: a strong ETag match or the exact Last-Modified date. */
function ifRangeHolds(ifRange: string | undefined, file: MediaFile): boolean {
  if (!ifRange) return true;
  if (ifRange.startsWith('"') || ifRange.startsWith('W/')) return ifRange === file.etag;
  return ifRange === file.lastModified;
}

function serveFile(req: { method: string; headers: IncomingHttpHeaders }, res: ServerResponse, file: MediaFile, extra: Record<string, string> = {}, opts: { ignoreRange?: boolean; drop?: boolean; stall?: () => void; type?: string | null } = {}) {
  const size = file.bytes.length;
  const headers: Record<string, string> = { ...fileHeaders(file), ...extra };
  if (opts.type === null) delete headers['Content-Type'];
  else if (opts.type) headers['Content-Type'] = opts.type;
  let range = opts.ignoreRange ? null : parseRange(req.headers.range, size);
  if (range && !ifRangeHolds(req.headers['if-range'] as string | undefined, file)) range = null;
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'Content-Range': `bytes */${size}`, 'Content-Length': '0' });
    res.end();
    return;
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  const body = file.bytes.subarray(start, end + 1);
  res.writeHead(range ? 206 : 200, {
    ...headers,
    'Content-Length': String(body.length),
    ...(range ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  if (opts.stall) {
    // Some bytes, then silence with the connection open: a provider stuck mid-body.
    res.write(body.subarray(0, Math.min(1000, body.length - 1)));
    res.on('close', opts.stall);
    return;
  }
  if (opts.drop) {
    // Part of the body, then the connection dies: the client must see an error, not a short file.
    res.write(body.subarray(0, Math.max(1, Math.floor(body.length / 3))));
    setTimeout(() => res.socket?.destroy(), 20).unref();
    return;
  }
  res.end(body);
}

function plain(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}) {
  res.writeHead(status, { 'Content-Type': 'text/plain', 'Content-Length': String(Buffer.byteLength(text)), ...extra });
  res.end(text);
}

/** Starts the upstream on a free port of 127.0.0.1. */
export async function startUpstream(): Promise<Upstream> {
  const files = mediaFiles();
  const requests: UpstreamRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let origin = '';
  let stalledClosed = 0;

  const server = createServer((req, res) => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    requests.push({ method, path, headers: req.headers });
    const pathname = decodeURIComponent(new URL(path, 'http://upstream.invalid').pathname);
    const [, first = '', ...rest] = pathname.split('/');
    const tail = rest.join('/');
    const fileNamed = (name: string) => files.get(name);

    switch (first) {
      case 'gone':
        return plain(res, 404, 'not found');
      case 'forbidden':
        return plain(res, 403, 'AccessDenied: signature expired');
      case 'boom':
        return plain(res, 500, 'internal upstream error');
      case 'slow': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          const file = files.values().next().value!;
          serveFile({ method, headers: req.headers }, res, file);
        }, 30_000);
        timer.unref();
        timers.add(timer);
        return;
      }
      case 'html':
        return plain(res, 200, '<!doctype html><script>document.title = "pwned"</script>', { 'Content-Type': 'text/html; charset=utf-8' });
      case 'as': {
        const [type = '', subtype = '', name = ''] = rest;
        const file = fileNamed(name);
        if (!file) return plain(res, 404, 'not found');
        return serveFile({ method, headers: req.headers }, res, file, {}, { type: type === 'none' ? null : `${type}/${subtype}` });
      }
      case 'stall': {
        const file = fileNamed(tail);
        if (!file) return plain(res, 404, 'not found');
        return serveFile({ method, headers: req.headers }, res, file, {}, { stall: () => stalledClosed++ });
      }
      case 'redirect-evil':
        return plain(res, 302, 'moved', { Location: 'http://evil.example.com/x.mp4' });
      case 'redirect-ok':
        return fileNamed(tail) ? plain(res, 302, 'moved', { Location: `${origin}/${tail}` }) : plain(res, 404, 'not found');
      case 'drop':
      case 'ignore-range':
      case 'x-leak': {
        const file = fileNamed(tail);
        if (!file) return plain(res, 404, 'not found');
        if (first === 'drop') return serveFile({ method, headers: req.headers }, res, file, {}, { drop: true });
        if (first === 'ignore-range') return serveFile({ method, headers: req.headers }, res, file, {}, { ignoreRange: true });
        return serveFile({ method, headers: req.headers }, res, file, LEAK_HEADERS);
      }
      default: {
        const file = rest.length === 0 ? fileNamed(first) : undefined;
        if (!file) return plain(res, 404, 'not found');
        if (method !== 'GET' && method !== 'HEAD') return plain(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
        return serveFile({ method, headers: req.headers }, res, file);
      }
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    host: `127.0.0.1:${port}`,
    port,
    url: (path) => `${origin}${path.startsWith('/') ? path : `/${path}`}`,
    requests,
    files,
    stalledClosed: () => stalledClosed,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
