import { createRoute, z } from '@hono/zod-openapi';
import { ownerOf } from '../auth/caller.ts';
import { signAnonToken, verifyAnonToken } from '../auth/tokens.ts';
import { ApiError } from '../errors.ts';
import { randomId } from '../lib/crypto.ts';
import { presets } from '../lib/route-presets.ts';
import { clientAddress } from '../lib/request-context.ts';
import { createRouter } from '../lib/router.ts';
import { iso, json, jsonBody, pick } from '../schemas/common.ts';
import { claimSession, createSession, rateLimit } from '../services/sessions.ts';

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

export const sessionsRouter = createRouter()
  .openapi(start, async (c) => {
    const { deps } = c.var;
    const now = deps.clock.now();
    const client = clientAddress(c);
    await rateLimit(deps.db, `anon-session:${client}`, deps.config.ANON_SESSION_RATE_LIMIT, HOUR_MS, now);
    const id = randomId();
    const ttl = deps.config.ANON_SESSION_TTL_DAYS * 86_400;
    const expiresAt = Math.floor(now / 1000) * 1000 + ttl * 1000;
    await createSession(deps.db, id, now, expiresAt);
    const token = await signAnonToken(deps.config.SIGNING_SECRET, id, now, ttl);
    return c.json({ token, session_id: id, expires_at: iso(expiresAt)! }, 201);
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
