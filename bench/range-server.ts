/**
 * The file-serving floor: a plain node:http server that answers `GET /file` with
 * `fs.createReadStream(path, { start, end }).pipe(res)` — one `bytes=a-b` / `a-` / `-n` range → 206
 * with `Content-Range`, unsatisfiable → 416, otherwise 200. No framework, no auth, no database.
 * Run as a child process by bench/files.ts: `FILE=… PORT=… node --import tsx bench/range-server.ts`.
 */
import { createReadStream, stat } from 'node:fs';
import { createServer } from 'node:http';
import { serveAsChild } from './child-server.ts';

const file = process.env.FILE ?? '';

/** [start, end] inclusive, 'unsatisfiable', or null (no usable range: send the whole file). */
function range(header: string | undefined, size: number): [number, number] | 'unsatisfiable' | null {
  const m = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const n = Number(m[2]);
    return n === 0 || size === 0 ? 'unsatisfiable' : [Math.max(0, size - n), size - 1];
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (m[2] !== '' && Number(m[2]) < start) return null;
  return start >= size ? 'unsatisfiable' : [start, end];
}

const server = createServer((req, res) => {
  if (req.url === '/ready') return void res.end('ok');
  if (req.url !== '/file' || (req.method !== 'GET' && req.method !== 'HEAD')) {
    res.statusCode = 404;
    return void res.end();
  }
  stat(file, (err, st) => {
    if (err) {
      res.statusCode = 500;
      return void res.end(String(err));
    }
    const r = range(req.headers.range, st.size);
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('Content-Type', 'video/mp4');
    if (r === 'unsatisfiable') {
      res.writeHead(416, { 'Content-Range': `bytes */${st.size}` });
      return void res.end();
    }
    const [start, end] = r ?? [0, st.size - 1];
    if (r) res.setHeader('Content-Range', `bytes ${start}-${end}/${st.size}`);
    res.writeHead(r ? 206 : 200, { 'Content-Length': String(end - start + 1) });
    if (req.method === 'HEAD') return void res.end();
    const body = createReadStream(file, { start, end });
    body.on('error', () => res.destroy());
    res.on('close', () => body.destroy());
    body.pipe(res);
  });
});

serveAsChild(server);
