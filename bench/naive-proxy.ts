/**
 * The video proxy a user would write in an afternoon (the proxy's counterpart of
 * bench/naive-server.ts): a plain `node:http` server that forwards `GET /video` with its `Range`
 * to one upstream URL through a keep-alive agent and pipes the answer back, status and headers as
 * they come. No link lookup, no checks, no idle guard, no header filtering. Run as a child process
 * by bench/proxy.ts: `UPSTREAM=http://… PORT=… node --import tsx bench/naive-proxy.ts`.
 */
import { Agent, createServer, request } from 'node:http';
import { serveAsChild } from './child-server.ts';

const upstream = new URL(process.env.UPSTREAM ?? '');
const agent = new Agent({ keepAlive: true });

const server = createServer((req, res) => {
  if (req.url === '/ready') return void res.end('ok');
  if (req.url !== '/video') {
    res.statusCode = 404;
    return void res.end();
  }
  const headers: Record<string, string> = {};
  if (req.headers.range) headers.range = req.headers.range;
  const up = request(upstream, { method: req.method, headers, agent }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  up.on('error', () => res.destroy());
  res.on('close', () => up.destroy());
  up.end();
});

serveAsChild(server);
