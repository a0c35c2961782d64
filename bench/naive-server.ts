/**
 * The fair yardstick (issue 16 §1): what a user would write in an afternoon instead of genshelf.
 * Hono + @hono/node-server + @libsql/client on the same database file, the bearer verified with
 * jose on every request (no cache), the owner's 20 newest live jobs read with the same index
 * (all columns, `JSON.stringify`), no thumbnails, no ETag, no total. hono/timing is on so its
 * `Server-Timing` is comparable with the real app's (which has the same middleware).
 * Run as a child process by bench/run.ts:
 * `DATABASE_URL=file:… AUTH_JWT_SECRET=… PORT=… node --import tsx bench/naive-server.ts`.
 */
import { serve } from '@hono/node-server';
import { createClient } from '@libsql/client';
import { Hono } from 'hono';
import { timing } from 'hono/timing';
import { jwtVerify } from 'jose';

const db = createClient({ url: process.env.DATABASE_URL ?? '' });
const secret = new TextEncoder().encode(process.env.AUTH_JWT_SECRET ?? '');
const app = new Hono();
app.use(timing());

app.get('/jobs', async (c) => {
  const token = c.req.header('authorization')?.replace(/^Bearer /, '');
  if (!token) return c.json({ error: 'unauthorized' }, 401);
  let sub: string;
  try {
    sub = String((await jwtVerify(token, secret)).payload.sub);
  } catch {
    return c.json({ error: 'unauthorized' }, 401);
  }
  const limit = Math.min(Math.max(Number(c.req.query('limit') ?? 20) || 20, 1), 100);
  const { rows } = await db.execute({
    sql: 'select * from jobs where owner = ? and deleted_at is null order by created_at desc, id desc limit ?',
    args: [`user:${sub}`, limit],
  });
  return c.body(JSON.stringify({ jobs: rows }), 200, { 'content-type': 'application/json' });
});
app.get('/ready', (c) => c.text('ok'));

const server = serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' });
const stop = () => {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
