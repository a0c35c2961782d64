import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { SignJWT } from 'jose';
import { createNodeGenshelf } from 'genshelf/server/node';

const app = new Hono();

// genshelf's API and widget files under /genshelf: a libSQL file and files on disk in .data/,
// settings from the environment (AUTH_JWT_SECRET, SIGNING_SECRET, INGEST_TOKEN, …), and the
// generator apps your users' jobs come from.
const apps = [{ id: 'text-to-video', name: 'Text to Video', color: 'cyan' }];
app.route('/genshelf', await createNodeGenshelf({ dataDir: '.data', settings: process.env, apps }));

// Your own sign-in says who the user is; genshelf gets a short-lived token for them.
const secret = new TextEncoder().encode(process.env.AUTH_JWT_SECRET);
app.get('/session/genshelf-token', async (c) => {
  const userId = 'user-1'; // e.g. (await getSession(c)).userId
  const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(userId).setExpirationTime('10m').sign(secret);
  return c.text(token);
});

app.use('/*', serveStatic({ root: './public' }));
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000) });
