import { Hono } from 'hono';
import { createGenshelf, maintainGenshelf, type GenshelfApp } from 'genshelf/server';

interface Env {
  DB: D1Database; // migrations: migrations_dir = "node_modules/genshelf/drizzle" in wrangler.toml
  BUCKET: R2Bucket;
  AUTH_JWKS_URL: string; // your identity provider's keys (or AUTH_JWT_SECRET), + AUTH_ISSUER, AUTH_AUDIENCE
  SIGNING_SECRET: string;
  INGEST_TOKEN: string;
}

let app: Hono<{ Bindings: Env }> | undefined;
let genshelf: GenshelfApp | undefined;

/** Built on the first request (bindings are known from then on), once per isolate. */
function init(env: Env) {
  if (!app || !genshelf) {
    const apps = [{ id: 'text-to-video', name: 'Text to Video', color: 'cyan' }];
    genshelf = createGenshelf({ database: env.DB, bucket: env.BUCKET, settings: env, apps });
    app = new Hono<{ Bindings: Env }>();
    app.route('/genshelf', genshelf);
    app.get('/', (c) => c.text('Your own routes live here.'));
  }
  return { app, genshelf };
}

export default {
  fetch: (request, env, ctx) => init(env).app.fetch(request, env, ctx),
  scheduled: (_controller, env, ctx) => ctx.waitUntil(maintainGenshelf(init(env).genshelf)),
} satisfies ExportedHandler<Env>;
