import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { timing } from 'hono/timing';
import { createTokenVerifier } from './auth/tokens.ts';
import { renderDocsPage } from './docs-page.ts';
import type { AppEnv, Deps } from './env.ts';
import { ApiError } from './errors.ts';
import { onError, onNotFound } from './lib/error-handler.ts';
import { hostCors } from './lib/cors.ts';
import { validationHook } from './lib/router.ts';
import { refuseUnstorableText } from './lib/stored-text.ts';
import { appsRouter } from './routes/apps.ts';
import { assetsRouter } from './routes/assets.ts';
import { downloadsRouter } from './routes/downloads.ts';
import { filesRouter } from './routes/files.ts';
import { generationsRouter } from './routes/generations.ts';
import { jobAssetsRouter } from './routes/job-assets.ts';
import { healthRouter } from './routes/health.ts';
import { ingestRouter } from './routes/jobs-ingest.ts';
import { jobsRouter } from './routes/jobs.ts';
import { meJobsRouter } from './routes/me-jobs.ts';
import { projectsRouter } from './routes/projects.ts';
import { settingsRouter } from './routes/settings.ts';
import { eventsRouter } from './routes/events.ts';
import { insightsRouter } from './routes/insights.ts';
import { sessionsRouter } from './routes/sessions.ts';
import { usageRouter } from './routes/usage.ts';
import { userGenerationsRouter } from './routes/user-generations.ts';
import { videoRouter } from './routes/video.ts';
import { adminRouter } from './routes/admin.ts';
import { PageCache } from './services/page-cache.ts';
import { ViewCounter } from './services/views.ts';

export const API_VERSION = '0.1.0';

/** The one route that takes a raw file as its body (`POST /api/v1/jobs/:id/assets`). */
const RAW_UPLOAD_PATH = /^\/api\/v1\/jobs\/[^/]+\/assets$/;

const openApiInfo = {
  openapi: '3.1.0',
  info: {
    title: 'genshelf API',
    version: API_VERSION,
    description: 'Jobs, assets, projects, settings and insights of AI-generation apps, in one place. Errors are `{error, message, request_id, details?}`.',
  },
  // The docs page's sidebar follows this order; each group says who calls it.
  tags: [
    { name: 'Jobs', description: 'A user\'s generation runs: list, search, stats, trash and restore.' },
    { name: 'Assets', description: 'Every output (image, video, text) independent of its job: favourites, visibility, trash.' },
    { name: 'Files', description: 'The bytes, behind a signed URL or the auth header, with ranges.' },
    { name: 'Projects', description: 'Projects (product packages): search, rename, archive, duplicate, trash.' },
    { name: 'Settings', description: 'AI preferences and integrations per user.' },
    { name: 'Insights', description: 'Usage events and the figures computed from them.' },
    { name: 'Sessions', description: 'Anonymous visitors, and moving their work to an account at sign-in.' },
    { name: 'Apps', description: 'The generator apps shown in the UI.' },
    { name: 'Ingest', description: 'For generator back-ends: create jobs, report progress, attach outputs.' },
    { name: 'Generations (app dashboards)', description: 'The "Recent Work & My Work" surface: camelCase GenerationItems, downloads as one file or a ZIP.' },
    { name: 'Jobs dashboard', description: 'The `/api/me/jobs` surface: page-numbered jobs with stats and ownership-checked deletes.' },
    { name: 'Generation history', description: 'The `/api/user-generations` surface for signed-in and anonymous visitors, videos behind opaque links.' },
    { name: 'Video proxy', description: 'Opaque video links that never reveal the provider.' },
    { name: 'Health', description: 'Liveness.' },
    { name: 'Admin', description: 'Operator endpoints (scope `genshelf:admin`).' },
  ],
};

/**
 * Builds the whole API from injected dependencies. Runtime-agnostic: `api/node.ts` and
 * `api/worker.ts` are the only places that know where `deps` come from.
 */
export function createApp(deps: Deps) {
  const verifyToken = createTokenVerifier(deps.config, deps.fetch, () => deps.clock.now());
  const views = deps.views ?? new ViewCounter(deps.db, deps.log, { flushMs: deps.config.VIEW_FLUSH_MS });
  // A character of a kept page is two bytes in a JavaScript string.
  const pages = new PageCache(deps.db, (deps.config.PAGE_CACHE_MB * 1024 * 1024) / 2);

  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.onError(onError);
  app.notFound(onNotFound);

  // Liveness first, before every middleware: load balancers poll it, and it answers with its own
  // JSON and X-Request-ID (routes/health.ts). (Kept as a value so `AppType` still has the route.)
  const liveness = app.route('/', healthRouter(deps));
  // Every other response carries an X-Request-ID too.
  app.use('*', requestId({ headerName: 'X-Request-ID' }));

  // Server-Timing: lets the bench (and a browser's devtools) see server time apart from the network.
  app.use('*', timing({ crossOrigin: true }));
  app.use(
    '*',
    createMiddleware<AppEnv>(async function init(c, next) {
      c.set('deps', deps);
      // This middleware's own pattern is '/*', or '<prefix>/*' once a host mounts the app under a prefix.
      c.set('mount', c.req.routePath.slice(0, -2));
      c.set('log', deps.log);
      c.set('verifyToken', verifyToken);
      c.set('views', views);
      c.set('pages', pages);
      if (deps.ready) await deps.ready();
      await next();
    }),
  );
  app.use(
    '*',
    secureHeaders({
      // Media is embedded by other sites (<img src>, <video src>) through signed URLs.
      crossOriginResourcePolicy: 'cross-origin',
      crossOriginOpenerPolicy: false,
      xFrameOptions: 'DENY',
      referrerPolicy: 'no-referrer',
    }),
  );
  app.use('*', hostCors(deps.config.CORS_ORIGINS));
  const jsonLimit = bodyLimit({
    maxSize: deps.config.MAX_JSON_BYTES,
    onError: () => {
      throw new ApiError('payload_too_large', `JSON bodies are limited to ${deps.config.MAX_JSON_BYTES} bytes`);
    },
  });
  app.use(
    '/api/*',
    createMiddleware<AppEnv>(async function limitJsonBodies(c, next) {
      // A raw upload (any type but JSON, `text/*` included: a Markdown file is a file) carries its
      // own, larger limit (MAX_UPLOAD_BYTES); every other body is small JSON, whatever its type says.
      if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
      if (c.req.method === 'POST' && RAW_UPLOAD_PATH.test(c.req.path.slice(c.var.mount.length)) && !/json/i.test(c.req.header('content-type') ?? '')) return next();
      return jsonLimit(c, next);
    }),
  );
  app.use('/api/*', refuseUnstorableText);

  const routes = liveness
    .route('/', appsRouter)
    .route('/', jobsRouter)
    .route('/', ingestRouter)
    .route('/', meJobsRouter)
    .route('/', filesRouter)
    .route('/', jobAssetsRouter)
    .route('/', assetsRouter)
    .route('/', projectsRouter)
    .route('/', generationsRouter)
    .route('/', downloadsRouter)
    .route('/', settingsRouter)
    .route('/', usageRouter)
    .route('/', eventsRouter)
    .route('/', insightsRouter)
    .route('/', sessionsRouter)
    .route('/', userGenerationsRouter)
    .route('/', videoRouter)
    .route('/', adminRouter);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'A user\'s JWT from the host\'s identity provider, or the ingest credential for generator back-ends. `x-access-token` works too.',
  });
  app.doc31('/api/v1/openapi.json', openApiInfo);
  app.get('/api/docs', (c) => {
    c.header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    return c.html(renderDocsPage(app.getOpenAPI31Document(openApiInfo) as unknown as Record<string, unknown>));
  });

  return routes;
}

/** The typed shape of the API, for `hc<AppType>()` clients (the widgets). */
export type AppType = ReturnType<typeof createApp>;
