/**
 * The Node entry: an embedded libSQL file and files on disk. `npm start` runs this file.
 * The only module (with api/worker.ts) that knows its runtime.
 */
import { serve, type ServerType } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { createClient, type Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { createApp } from './app.ts';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer, type Socket } from 'node:net';
import { diskBlobStore, sendFileSlice, takeFileSlice } from './blobs/disk.ts';
import { createNodeFetch, sendUpstreamMessage, takeUpstreamMessage, whenClosedEarly } from './node-fetch.ts';
import { keepFreedHeap } from './node-heap.ts';
import { takeHandoff } from './lib/stream-handoff.ts';
import { signUserToken } from './auth/tokens.ts';
import { ConfigError, parseConfig, type Config } from './config.ts';
import { ApiError } from './errors.ts';
import type { Db } from './db/client.ts';
import { tuneConnections } from './db/node-connections.ts';
import { NATIVE_BUSY_TIMEOUT_MS, waitOutLocks } from './db/node-lock-wait.ts';
import * as schema from './db/schema/index.ts';
import { systemClock, type AppEnv, type Deps } from './env.ts';
import { consoleLogger } from './lib/logger.ts';
import { packageRoot } from './lib/package-root.ts';
import { demoPageHeaders, fromThisMachine } from './lib/demo-page.ts';
import { onlyWidgetFiles, widgetFileHeaders, widgetFilePath } from './lib/widget-files.ts';
import { DEMO_SUBJECT, seedDemoData } from './sample/demo-data.ts';
import { mountDemoApi } from './sample/demo-api.ts';
import { removeAbandonedUploads, runMaintenance } from './tasks/maintenance.ts';
import { ViewCounter } from './services/views.ts';
import { appsFromJson, registerApps } from './services/apps.ts';
import type { AppDefinition } from './schemas/apps.ts';

/**
 * No allocation-site pretenuring. V8 watches where objects are allocated and, for a site whose
 * objects survived collections, allocates later ones straight in the old generation. Building
 * list pages (objects held across awaits) taught it that about sites every request shares —
 * Hono's context, headers, responses — and from then on every short-lived request object went to
 * the old generation: `/health` after list traffic spent a fifth of its thread in the collector
 * (a mark-compact every 0.4 s) and ran at 28,000–37,000 req/s against 54,000 fresh. Without it:
 * 52,000–54,000 either way. A flag V8 reads at each collection, so setting it here is in time.
 */
setFlagsFromString('--no-allocation-site-pretenuring');

const root = packageRoot(import.meta.url);
export const migrationsFolder = join(root, 'drizzle');

/**
 * Opens (creating if needed) a libSQL database, tunes the embedded file, and applies migrations.
 * Every pooled connection gets the pragmas and a short busy timeout (db/node-connections.ts); a
 * statement held up by another process's lock is tried again for up to `busyTimeoutMs`
 * (db/node-lock-wait.ts), then fails as SQLITE_BUSY, which the app answers with a 503.
 */
export async function openDatabase(url: string, { busyTimeoutMs = 5000 } = {}): Promise<{ db: Db; client: Client }> {
  tuneConnections();
  if (url.startsWith('file:')) mkdirSync(dirname(resolve(url.slice(5))), { recursive: true });
  const client = waitOutLocks(createClient({ url, timeout: Math.min(NATIVE_BUSY_TIMEOUT_MS, busyTimeoutMs) }), busyTimeoutMs);
  // WAL lets readers run beside the writer (it is kept in the file, unlike the per-connection pragmas).
  if (url.startsWith('file:')) await client.execute('PRAGMA journal_mode = WAL');
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder });
  return { db, client };
}

/**
 * `APPS_FILE`: a JSON array of apps (each what `PUT /api/v1/apps/:id` takes, plus its `id`),
 * registered at every start — the file wins over changes made through the API since.
 * @throws ConfigError naming the file and what is wrong
 */
export function readAppsFile(file: string): AppDefinition[] {
  let text: string;
  try {
    text = readFileSync(resolve(file), 'utf8');
  } catch (err) {
    throw new ConfigError(`genshelf cannot start: APPS_FILE ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return appsFromJson(text, `APPS_FILE ${file}`);
}

/**
 * Secrets not set in the environment are generated once and kept in `.data/secrets.json`
 * (mode 0600), so tokens stay valid across restarts. Environment values always win.
 */
function withLocalSecrets(env: NodeJS.ProcessEnv, dataDir: string): Record<string, string | undefined> {
  const file = join(dataDir, 'secrets.json');
  const stored: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const generated = { ...stored };
  for (const key of ['AUTH_JWT_SECRET', 'SIGNING_SECRET', 'INGEST_TOKEN']) {
    generated[key] ??= randomBytes(32).toString('base64url');
  }
  if (JSON.stringify(generated) !== JSON.stringify(stored)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(generated, null, 2) + '\n', { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  const merged: Record<string, string | undefined> = { ...env };
  // A JWKS deployment has no shared secret; don't invent one that would accept HS256 tokens.
  if (!env.AUTH_JWKS_URL) merged.AUTH_JWT_SECRET ??= generated.AUTH_JWT_SECRET;
  merged.SIGNING_SECRET ??= generated.SIGNING_SECRET;
  merged.INGEST_TOKEN ??= generated.INGEST_TOKEN;
  merged.SEED_DEMO_DATA ??= '1';
  return merged;
}

/** The peer's address, from @hono/node-server's incoming message. */
export const remoteAddress = (c: Context): string | undefined => (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket.remoteAddress;

/**
 * The demo user's token for a request straight from this machine (loopback, no proxy header), else ''.
 * `demoToken` is given only when the sample data is on and the server is not in production mode.
 */
const demoTokenFor = (c: Context, demoToken: string | undefined): string =>
  demoToken && fromThisMachine(remoteAddress(c), c.req.raw.headers) ? demoToken : '';

/**
 * Headers for a file serveStatic found, set on its response. (Its `onFound` runs after the
 * response is made, where `c.header` reaches the response only if the context already held one.)
 */
const withHeadersWhenFound = (headersFor: (c: Context) => Record<string, string>) =>
  createMiddleware(async (c, next) => {
    await next();
    if (c.res.ok) for (const [name, value] of Object.entries(headersFor(c))) c.res.headers.set(name, value);
  });

/** The built widget files (which ones and their headers: api/lib/widget-files.ts) at `/widgets/`, from `dist`. */
export function serveWidgetFiles(app: ReturnType<typeof createApp>, dist = join(root, 'dist')): void {
  app.get(
    '/widgets/*',
    onlyWidgetFiles,
    withHeadersWhenFound((c) => widgetFileHeaders(widgetFilePath(c.req.path), (c.var as AppEnv['Variables']).deps.config.CORS_ORIGINS)),
    serveStatic({ root: dist, rewriteRequestPath: widgetFilePath }),
  );
}

/**
 * The widget bundle (`npm run build:widgets` → `dist/`, or the `dist` given) at `/widgets/` (which files and
 * headers: api/lib/widget-files.ts), and the demo host app (demo/) at `/` and `/demo/`.
 * The demo page gets the demo user's token only when asked straight from this machine (loopback, no proxy header), so a
 * server listening on a public address never hands it out.
 */
export function serveWidgets(app: ReturnType<typeof createApp>, demoToken: string | undefined, dist = join(root, 'dist')): void {
  serveWidgetFiles(app, dist);
  const demoPage = (c: Context, name: string) => {
    const page = join(root, 'demo', name);
    if (!existsSync(page)) return name === 'index.html' ? c.redirect('/api/docs') : c.notFound();
    const token = demoTokenFor(c, demoToken);
    for (const [header, value] of Object.entries(demoPageHeaders((c.var as AppEnv['Variables']).deps.config.PUBLIC_BASE_URL))) c.header(header, value);
    return c.html(readFileSync(page, 'utf8').replace('<meta name="genshelf-demo-token" content="" />', `<meta name="genshelf-demo-token" content="${token}" />`));
  };
  app.get('/', (c) => demoPage(c, 'index.html'));
  // The demo host app (demo/): its pages, scripts, style sheets and icon, by name only, nothing else from the folder.
  app.get('/demo/:file{[\\w-]+\\.html}', (c) => demoPage(c, c.req.param('file')));
  app.get('/demo/:file{[\\w-]+\\.(js|css|svg)}', withHeadersWhenFound(() => ({ 'Cache-Control': 'no-cache' })), serveStatic({ root: join(root, 'demo'), rewriteRequestPath: (path) => path.replace(/^\/demo/, '') }));
}

/**
 * The built Storybook (`npm run build-storybook` → `storybook-static/`) at `/storybook/`. Every
 * request reads the folder afresh, so a rebuild shows up without a restart (and before the first
 * build the page says how to make one). Its stories call this server's API (same origin);
 * `genshelf-env.json` hands them the demo user's token on the demo page's terms (only to this
 * machine). `frame-ancestors 'self'` lets the Storybook page frame its stories (browsers then
 * ignore the app-wide `X-Frame-Options: DENY`).
 */
export function serveStorybook(app: ReturnType<typeof createApp>, demoToken: string | undefined, dir = join(root, 'storybook-static')): void {
  app.get('/storybook', (c) => c.redirect('/storybook/'));
  app.get('/storybook/genshelf-env.json', (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json({ token: demoTokenFor(c, demoToken) });
  });
  app.get(
    '/storybook/*',
    async (c, next) => {
      if (!existsSync(join(dir, 'index.html'))) throw new ApiError('not_found', 'Storybook is not built yet: run `npm run build-storybook` (no restart needed)');
      c.header('Cache-Control', 'no-cache');
      await next();
    },
    withHeadersWhenFound(() => ({ 'Content-Security-Policy': "frame-ancestors 'self'" })),
    serveStatic({ root: dir, rewriteRequestPath: (path) => path.replace(/^\/storybook/, '') }),
  );
}

const reasons: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

/** A whole HTTP/1.1 response with the standard error body, for a request the app never saw. */
function rawError(status: 400 | 408 | 431, code: string, message: string): string {
  const requestId = crypto.randomUUID();
  const body = JSON.stringify({ error: code, message, request_id: requestId });
  return [
    `HTTP/1.1 ${status} ${reasons[status]}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `X-Request-ID: ${requestId}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/**
 * Requests Node refuses before the app sees them — headers over MAX_HEADER_BYTES, a malformed
 * request, one too slow to arrive — get the standard error body instead of Node's bare status line.
 */
function answerClientErrors(server: ServerType, maxHeaderBytes: number): void {
  (server as Server).on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    // A response already under way on this connection (Node's own check) cannot be followed by another.
    const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (err.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) return void socket.destroy();
    const answer =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? rawError(431, 'headers_too_large', `Request headers are limited to ${maxHeaderBytes} bytes`)
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? rawError(408, 'request_timeout', 'The request took too long to arrive')
          : rawError(400, 'bad_request', 'Malformed HTTP request');
    socket.end(answer);
  });
}

type Fetch = (request: Request, env?: unknown) => Response | Promise<Response>;

/**
 * `Deps.onClientGone` on Node: the response's own `close` before it finished, so a proxied range
 * makes no AbortSignal for its client (@hono/node-server creates the request's only when asked).
 */
export function clientGoneOnNode(c: Context<AppEnv>, gone: () => void): boolean {
  const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
  if (!outgoing) return false;
  whenClosedEarly(outgoing, gone);
  return true;
}

/**
 * `fetch` as Node serves it: a response whose body is a disk blob file nobody has read yet is sent
 * from the file by the disk store (`sendFileSlice`: pooled buffers, each read overlapping the
 * write before it, headers and first chunk in one write), and a proxied upstream body nobody has
 * read is sent from the upstream socket (`sendUpstreamMessage`) — neither chunk by chunk through
 * its web stream and @hono/node-server's copy loop. Status and headers are the app's, untouched;
 * every other response goes to @hono/node-server as it is.
 */
export function sendingFilesDirectly(fetch: Fetch): Fetch {
  return async (request, env) => {
    const res = await fetch(request, env);
    const outgoing = (env as { outgoing?: ServerResponse } | undefined)?.outgoing;
    // Only byte responses carry Accept-Ranges; asking any other response for its body would cost it @hono/node-server's fast path.
    if (!outgoing || !res.headers.has('accept-ranges') || !res.body) return res;
    const headers = () => {
      const out: Record<string, string | string[]> = {};
      res.headers.forEach((value, name) => {
        out[name] = value;
      });
      return out;
    };
    // A proxied upstream body nobody has read: sent from the upstream socket to the client's.
    const handoff = takeHandoff(res.body);
    const upstream = handoff && takeUpstreamMessage(handoff.source);
    if (handoff && upstream) {
      sendUpstreamMessage(upstream, handoff, outgoing, res.status, headers());
      return RESPONSE_ALREADY_SENT;
    }
    const slice = takeFileSlice(res.body);
    if (!slice) return res;
    try {
      await sendFileSlice(slice, outgoing, res.status, headers());
    } catch (err) {
      // Nothing was sent yet: the standard error body, as the app would have answered a failing read.
      console.error('genshelf: reading a stored file failed:', err instanceof Error ? err.message : err);
      const requestId = res.headers.get('x-request-id') ?? crypto.randomUUID();
      const body = JSON.stringify({ error: 'internal_error', message: 'The file could not be read', request_id: requestId });
      outgoing.writeHead(500, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'X-Request-ID': requestId, 'Cache-Control': 'no-store' });
      outgoing.end(body);
    }
    return RESPONSE_ALREADY_SENT;
  };
}

/** Serves `fetch` on `port`, with the header limit and standard bodies for requests Node refuses itself. */
export function listen(fetch: Fetch, opts: { port: number; hostname: string; maxHeaderBytes: number }, onListening?: (port: number) => void): ServerType {
  const server = serve({ fetch: sendingFilesDirectly(fetch), port: opts.port, hostname: opts.hostname, serverOptions: { maxHeaderSize: opts.maxHeaderBytes } }, (info) => onListening?.(info.port));
  answerClientErrors(server, opts.maxHeaderBytes);
  return server;
}

/** Why genshelf can't listen on `port` (one line saying what to do), or undefined when it can. */
export function portUnavailable(port: number, hostname: string): Promise<string | undefined> {
  return new Promise((done) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') done(`genshelf: port ${port} on ${hostname} is already in use (is genshelf already running?). Pick another one: PORT=${port + 1} npm start`);
      else if (err.code === 'EACCES') done(`genshelf: not allowed to listen on port ${port} on ${hostname}. Pick a port above 1023: PORT=8787 npm start`);
      else done(`genshelf: cannot listen on ${hostname}:${port} (${err.code ?? err.message}). Set HOST and PORT, e.g. HOST=127.0.0.1 PORT=8787 npm start`);
    });
    probe.listen(port, hostname, () => probe.close(() => done(undefined)));
  });
}

export async function main(env = process.env): Promise<void> {
  const dataDir = resolve(env.DATA_DIR ?? '.data');
  let config: Config;
  try {
    config = parseConfig(withLocalSecrets(env, dataDir));
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  // APPS_FILE: the operator's apps, checked before anything is written (a bad file stops the start with one readable message).
  let appsFile: AppDefinition[] = [];
  try {
    if (env.APPS_FILE) appsFile = readAppsFile(env.APPS_FILE);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const log = consoleLogger('info');
  const port = Number(env.PORT ?? 8787);
  const hostname = env.HOST ?? '127.0.0.1';
  // Before the database is filled: a taken port is the commonest first-run failure, and deserves one readable line.
  const portProblem = await portUnavailable(port, hostname);
  if (portProblem) {
    console.error(portProblem);
    process.exit(1);
  }
  keepFreedHeap();
  const { db, client } = await openDatabase(config.DATABASE_URL, { busyTimeoutMs: config.DB_BUSY_TIMEOUT_MS });
  const blobs = diskBlobStore(resolve(env.BLOB_DIR ?? join(dataDir, 'blobs')));
  if (config.SEED_DEMO_DATA && (await seedDemoData(db, blobs, Date.now()))) log.info('filled the empty database with sample data');
  if (appsFile.length) log.info(`registered ${await registerApps(db, appsFile, Date.now(), { replace: true })} apps from ${env.APPS_FILE}`);

  // Ours, not the app's default: the last batch of views is written at shutdown.
  const views = new ViewCounter(db, log, { flushMs: config.VIEW_FLUSH_MS });
  const deps: Deps = {
    db,
    blobs,
    config,
    clock: systemClock,
    // Checks the addresses it connects to (UPSTREAM_ALLOW_PRIVATE), so no lookupHost beside it.
    fetch: createNodeFetch({ refusePrivate: !config.UPSTREAM_ALLOW_PRIVATE }),
    log,
    clientIp: remoteAddress,
    onClientGone: clientGoneOnNode,
    views,
  };
  // What a killed predecessor was uploading (one process per blob directory: none of it is still under way).
  await removeAbandonedUploads(deps, Date.now());
  const app = createApp(deps);
  const demoToken = config.AUTH_JWT_SECRET
    ? await signUserToken(config.AUTH_JWT_SECRET, { sub: DEMO_SUBJECT, name: 'Demo User' }, { expiresIn: '30d', issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE })
    : undefined;
  const adminToken =
    config.AUTH_JWT_SECRET && config.SEED_DEMO_DATA && config.NODE_ENV !== 'production'
      ? await signUserToken(config.AUTH_JWT_SECRET, { sub: 'local-admin', scope: 'genshelf:admin' }, { expiresIn: '1d', issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE })
      : undefined;
  // The pages hand the token out only with the sample data on and outside production mode (and then only to this machine).
  const pagesToken = config.SEED_DEMO_DATA && config.NODE_ENV !== 'production' ? demoToken : undefined;
  // WIDGETS_DIR: where the built bundle is (default dist/; the end-to-end test builds its own).
  serveWidgets(app, pagesToken, env.WIDGETS_DIR ? resolve(env.WIDGETS_DIR) : undefined);
  serveStorybook(app, pagesToken);
  mountDemoApi(app, config);

  // The Worker runs maintenance from cron; on Node a timer does (every task is idempotent).
  const maintain = () => runMaintenance(deps).catch((err) => log.error('maintenance failed', { error: String(err) }));
  void maintain();
  const maintenanceTimer = setInterval(maintain, 30 * 60_000);
  maintenanceTimer.unref();

  const server = listen(app.fetch, { port, hostname, maxHeaderBytes: config.MAX_HEADER_BYTES }, (listeningPort) => {
    const base = `http://${hostname === '0.0.0.0' ? 'localhost' : hostname}:${listeningPort}`;
    const lines = [`genshelf is running at ${base}`, `  demo host app (Acme Studio): ${base}/`, `  API reference: ${base}/api/docs`, `  Storybook: ${base}/storybook/${existsSync(join(root, 'storybook-static')) ? '' : ' (after npm run build-storybook)'}`, `  database: ${config.DATABASE_URL}`];
    // Paths as a reader pastes them: relative inside this folder (as the README writes them), else absolute.
    const shown = (file: string) => {
      const rel = relative(process.cwd(), file);
      return rel && !rel.startsWith('..') && !isAbsolute(rel) ? `./${rel}` : file;
    };
    if (demoToken && config.SEED_DEMO_DATA) {
      // Kept in a file too, so the README's curl lines work as pasted in another terminal.
      const tokenFile = join(dataDir, 'demo-token');
      writeFileSync(tokenFile, demoToken + '\n', { mode: 0o600 });
      lines.push(
        `  the demo user's token (30 days) is in ${shown(tokenFile)}; try:`,
        `    export TOKEN=$(cat ${shown(tokenFile)})`,
        `    curl -H "Authorization: Bearer $TOKEN" "${base}/api/v1/jobs?limit=2"`,
      );
    }
    if (demoToken && config.SEED_DEMO_DATA && config.NODE_ENV !== 'production' && adminToken) {
      // The README's app-registry lines need an admin; a local sample instance has no identity provider to ask.
      const adminFile = join(dataDir, 'admin-token');
      writeFileSync(adminFile, adminToken + '\n', { mode: 0o600 });
      lines.push(`  an admin token (registering apps; 1 day): export ADMIN_TOKEN=$(cat ${shown(adminFile)})`);
    }
    lines.push(`  ingest token (generator back-ends): export INGEST_TOKEN=$(node -p "require('${shown(join(dataDir, 'secrets.json'))}').INGEST_TOKEN")`, 'Press Ctrl-C to stop.');
    console.log(lines.join('\n'));
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('stopping', { signal });
    clearInterval(maintenanceTimer);
    server.close(async () => {
      await views.flush();
      client.close();
      process.exit(0);
    });
    // Open keep-alive connections must not hold the process hostage.
    setTimeout(() => void views.flush().then(() => process.exit(0)), 3000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main();
}
