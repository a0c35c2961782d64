import { SCOPE_ADMIN } from '../auth/caller.ts';
import { authenticate, limitAnonymousIngest, requireScope } from '../auth/middleware.ts';
import { revalidate } from './revalidate.ts';

const bearer = [{ bearer: [] }];

/** Spread into `createRoute({...})`: who may call a route, and how its answers are cached. */
export const presets = {
  /** A signed-in user's (or anonymous visitor's) GET that clients poll: auth, ETag, 304. */
  userRead: { security: bearer, middleware: [authenticate(['user', 'anon']), revalidate] },
  /** A user's (or anonymous visitor's) request that answers its own caching headers (bytes). */
  user: { security: bearer, middleware: [authenticate(['user', 'anon'])] },
  /** A user's (or anonymous visitor's) change to their own data. */
  userWrite: { security: bearer, middleware: [authenticate(['user', 'anon'])] },
  /** Generator back-ends (service credential) or users acting on their own jobs; anonymous sessions' writes are rate-limited. */
  ingest: { security: bearer, middleware: [authenticate(['user', 'anon', 'service']), limitAnonymousIngest] },
  /** A signed-in user only (not an anonymous visitor): claiming a session. */
  signedIn: { security: bearer, middleware: [authenticate(['user'])] },
  /** Operators: a token with the `genshelf:admin` scope. */
  admin: { security: bearer, middleware: [authenticate(['user', 'service']), requireScope(SCOPE_ADMIN)] },
};
