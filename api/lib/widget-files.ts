/**
 * What the API serves under `/widgets/` (the built widget bundle, `npm run build:widgets` →
 * `dist/`), the same on both runtimes: which files, and their headers. api/node.ts reads them from
 * disk; api/worker.ts from the Worker's static assets (`[assets]` in wrangler.toml).
 *
 * Beside the bundle: its translations other than English (`locales/<code>.js`), the bulk download's service worker, the frame page that registers it on this
 * origin, and their widget-side client (widgets/base/download-sw/); the worker answers
 * `/widgets/download/…` in the browser, so those requests only reach the server (404) when it is gone.
 */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';

const widgetFile = /^\/widgets\/((genshelf\.js|download-(client|frame|sw)\.js|elements\/(chunks\/)?[\w-]+\.js|locales\/[\w-]+\.js)(\.map|\.LEGAL\.txt)?|download-frame\.html)$/;

/** Only the built files, nothing else that may lie in the directory: anything else is a 404. */
export const onlyWidgetFiles = createMiddleware<AppEnv>(async (c, next) => {
  if (!widgetFile.test(c.req.path.slice(c.var.mount.length))) throw new ApiError('not_found', 'No such widget file');
  await next();
});

/** The file's path in the built directory. */
export const widgetFilePath = (path: string): string => path.replace(/^.*?\/widgets\//, '/');

/** Caching, and what the service worker and its frame need. */
export function widgetFileHeaders(path: string, corsOrigins: string[]): Record<string, string> {
  const headers: Record<string, string> = {
    // Chunks are content-hashed; entry files keep their names and are revalidated.
    'Cache-Control': path.includes('/chunks/') ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
  // The bulk download's service worker: its scope is /widgets/download/.
  if (path.endsWith('/download-sw.js')) headers['Service-Worker-Allowed'] = '/widgets/download/';
  // The frame widgets load from here to register it: only the host pages in CORS_ORIGINS may embed it
  // (frame-ancestors; browsers then ignore the app-wide X-Frame-Options: DENY).
  if (path.endsWith('/download-frame.html')) headers['Content-Security-Policy'] = downloadFrameCsp(corsOrigins);
  return headers;
}

/** The frame's CSP: its own script and worker, child frames for the downloads, embedded only by the host origins. */
function downloadFrameCsp(origins: string[]): string {
  const ancestors = origins.includes('*') ? '*' : ["'self'", ...origins.filter((o) => /^https?:\/\/[^\s;,'"]+$/.test(o))].join(' ');
  return `default-src 'none'; script-src 'self'; worker-src 'self'; frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors ${ancestors}`;
}
