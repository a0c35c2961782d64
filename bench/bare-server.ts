/**
 * The baseline: a bare Hono app on @hono/node-server that answers with fixed JSON bytes from
 * memory (the real server's first page, captured by the bench). No middleware, no database.
 * Run as a child process by bench/run.ts: `BODY_FILE=… PORT=… node --import tsx bench/bare-server.ts`.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { readFileSync } from 'node:fs';

const body = new Uint8Array(readFileSync(process.env.BODY_FILE ?? ''));
const app = new Hono();
app.get('/bare', (c) => c.body(body, 200, { 'content-type': 'application/json' }));
app.get('/ready', (c) => c.text('ok'));

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' });
const stop = () => {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
