import { etag } from 'hono/etag';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.ts';

const strongEtag = etag();

/**
 * For per-user GETs that clients poll: an ETag over the body and `If-None-Match` → 304, and
 * `Cache-Control: private, no-cache` so shared caches keep out and browsers always revalidate.
 */
export const revalidate = createMiddleware<AppEnv>(async function revalidateResponse(c, next) {
  await strongEtag(c, async () => {
    await next();
    if (c.res.status === 200) c.header('Cache-Control', 'private, no-cache');
  });
});
