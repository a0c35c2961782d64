import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../env.ts';
import { ownerOf } from '../auth/caller.ts';
import { signAnonToken, verifyAnonToken } from '../auth/tokens.ts';
import { ApiError } from '../errors.ts';
import { randomId } from '../lib/crypto.ts';
import { presets } from '../lib/route-presets.ts';
import { clientAddress } from '../lib/request-context.ts';
import { createRouter } from '../lib/router.ts';
import { iso, json, jsonBody, pick } from '../schemas/common.ts';
import { claimSession, createSession, rateLimit, renewSession } from '../services/sessions.ts';

const HOUR_MS = 3_600_000;

const SessionSchema = z
  .object({
    token: z.string().openapi({ description: 'Send as `Authorization: Bearer …` (or `x-access-token`)' }),
    session_id: z.string(),
    expires_at: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('AnonymousSession');

const ClaimBody = z.object({ anonymous_token: z.string().min(1).max(4096) }).strict().openapi('ClaimRequest');
const ClaimSchema = z
  .object({
    session_id: z.string(),
    moved: z.object({ jobs: z.number().int(), assets: z.number().int(), projects: z.number().int(), events: z.number().int() }),
  })
  .openapi('ClaimResult');

const start = createRoute({
  method: 'post',
  path: '/api/v1/sessions/anonymous',
  tags: ['Sessions'],
  summary: 'Start an anonymous session (a visitor who has not signed in)',
  description: 'Its generations are kept under the session until a signed-in user claims it. Limited per client address (`ANON_SESSION_RATE_LIMIT` an hour).',
  responses: { 201: json(SessionSchema, 'The session and its token'), 429: { description: 'Too many new sessions from this address (see `Retry-After`)' } },
});

const claim = createRoute({
  method: 'post',
  path: '/api/v1/sessions/claim',
  tags: ['Sessions'],
  summary: "Move an anonymous session's history to the signed-in user",
  description: 'Call with the user\'s token and the session\'s token in the body. Atomic and idempotent; a session another user claimed is refused (409).',
  ...presets.signedIn,
  request: { body: jsonBody(ClaimBody) },
  responses: { 200: json(ClaimSchema, 'What moved'), ...pick(400, 401, 403, 409, 422) },
});

const getApiToken = createRoute({
  method: 'post',
  path: '/get-api-token',
  tags: ['Generation history'],
  summary: "An anonymous visitor's token, where seed 002's page asks for it",
  description:
    'Seed 002\'s page calls `POST /get-api-token` and sends the `token` as `x-access-token`. The answer is an anonymous session ' +
    '(as `POST /api/v1/sessions/anonymous`, sharing its per-address limit) and an HttpOnly cookie that remembers it for this route only, ' +
    'so the same browser gets the same session — and its history — again, as the original\'s session cookie did. A renewal does not count against the limit; ' +
    'a session that was claimed, or a cookie that is not a valid session token, starts a new one. The body, if any, is ignored.',
  responses: {
    200: json(SessionSchema.extend({ success: z.literal(true) }).openapi('ApiToken'), 'The token (new, or renewed for the session the cookie names)'),
    429: { description: 'Too many new sessions from this address (see `Retry-After`)' },
  },
});

/** The cookie that keeps `/get-api-token`'s session for a browser (the token in it is the session's own). */
const SESSION_COOKIE = 'genshelf_anon';

/** A session token for `id` (new or renewed) lasting ANON_SESSION_TTL_DAYS from now. */
async function issue(c: Context<AppEnv>, id: string, now: number) {
  const ttl = c.var.deps.config.ANON_SESSION_TTL_DAYS * 86_400;
  const expiresAt = Math.floor(now / 1000) * 1000 + ttl * 1000;
  return { id, ttl, expiresAt, token: await signAnonToken(c.var.deps.config.SIGNING_SECRET, id, now, ttl) };
}

/** A new anonymous session, counted against the caller's address (429 past ANON_SESSION_RATE_LIMIT an hour). */
async function newSession(c: Context<AppEnv>, now: number) {
  const { deps } = c.var;
  await rateLimit(deps.db, `anon-session:${clientAddress(c)}`, deps.config.ANON_SESSION_RATE_LIMIT, HOUR_MS, now);
  const session = await issue(c, randomId(), now);
  await createSession(deps.db, session.id, now, session.expiresAt);
  return session;
}

export const sessionsRouter = createRouter()
  .openapi(start, async (c) => {
    const s = await newSession(c, c.var.deps.clock.now());
    return c.json({ token: s.token, session_id: s.id, expires_at: iso(s.expiresAt)! }, 201);
  })
  .openapi(getApiToken, async (c) => {
    const { deps } = c.var;
    const now = deps.clock.now();
    const remembered = await verifyAnonToken(deps.config.SIGNING_SECRET, getCookie(c, SESSION_COOKIE) ?? '', now);
    let s = remembered ? await issue(c, remembered.sessionId, now) : null;
    if (s && !(await renewSession(deps.db, s.id, s.expiresAt))) s = null;
    s ??= await newSession(c, now);
    setCookie(c, SESSION_COOKIE, s.token, { path: `${c.var.mount}/get-api-token`, httpOnly: true, sameSite: 'Lax', secure: new URL(c.req.url).protocol === 'https:', maxAge: s.ttl });
    c.header('Cache-Control', 'no-store');
    return c.json({ success: true as const, token: s.token, session_id: s.id, expires_at: iso(s.expiresAt)! }, 200);
  })
  .openapi(claim, async (c) => {
    const { deps, caller } = c.var;
    const now = deps.clock.now();
    const anon = await verifyAnonToken(deps.config.SIGNING_SECRET, c.req.valid('json').anonymous_token, now);
    if (!anon) {
      throw new ApiError('validation_error', 'The request is not valid', { details: [{ field: 'anonymous_token', message: 'is not a valid, unexpired anonymous session token' }] });
    }
    const moved = await claimSession(deps.db, anon.sessionId, ownerOf(caller), now);
    return c.json({ session_id: anon.sessionId, moved }, 200);
  });
