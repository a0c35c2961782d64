import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { countHit, underLimit } from '../services/sessions.ts';
import type { CallerKind } from './caller.ts';
import { InvalidTokenError } from './tokens.ts';

/** Reads the bearer token from `Authorization: Bearer …` or seed 002's `x-access-token`. */
export function tokenFrom(headers: Headers): string | null {
  const auth = headers.get('authorization');
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m?.[1] ?? null;
  }
  return headers.get('x-access-token')?.trim() || null;
}

const missing = () => new ApiError('unauthorized', 'Missing or invalid authorization header');

/**
 * Authenticates the caller and puts it on `c.var.caller`; rejects kinds the route does not serve.
 * @example
 * router.use('/api/me/*', authenticate(['user', 'anon']))
 */
export function authenticate(allow: readonly CallerKind[]) {
  return createMiddleware<AppEnv>(async function authenticateCaller(c, next) {
    const token = tokenFrom(c.req.raw.headers);
    if (!token) throw missing();
    let caller;
    try {
      caller = await c.get('verifyToken')(token);
    } catch (err) {
      if (err instanceof InvalidTokenError) {
        throw new ApiError('unauthorized', err.message === 'token expired' ? 'The access token has expired' : 'Missing or invalid authorization header', {
          headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
        });
      }
      throw err;
    }
    if (!allow.includes(caller.kind)) {
      throw new ApiError('forbidden', caller.kind === 'service' ? "This route acts for a user: call it with the user's token" : 'This route is for generator back-ends (ingest credential)');
    }
    c.set('caller', caller);
    await next();
  });
}

/** Requires a scope (e.g. `genshelf:admin`) on an authenticated caller. */
export function requireScope(scope: string) {
  return createMiddleware<AppEnv>(async function requireCallerScope(c, next) {
    if (!c.var.caller.scopes.has(scope)) throw new ApiError('forbidden', `This route needs the ${scope} scope`);
    await next();
  });
}

const HOUR_MS = 3_600_000;

/**
 * Ingest writes of an anonymous session (create, progress, retry, uploads), counted per session in
 * the database-kept windows new sessions are counted in: past `ANON_INGEST_RATE_LIMIT` an hour, 429
 * with `Retry-After`. Only writes that succeed count (a refused request changes nothing). Generator
 * back-ends and signed-in users are not limited here.
 * @example
 * createRoute({ ..., middleware: [authenticate(['user', 'anon', 'service']), limitAnonymousIngest] })
 */
export const limitAnonymousIngest = createMiddleware<AppEnv>(async function limitAnonymousIngest(c, next) {
  const { caller, deps } = c.var;
  if (caller.kind !== 'anon') return next();
  const key = `anon-ingest:${caller.owner}`;
  await underLimit(deps.db, key, deps.config.ANON_INGEST_RATE_LIMIT, HOUR_MS, deps.clock.now(), 'Too many writes from this anonymous session; try again later');
  await next();
  if (c.res.status < 400) await countHit(deps.db, key, HOUR_MS, deps.clock.now());
});
