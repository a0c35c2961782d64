import * as jose from 'jose';
import type { Config } from '../config.ts';
import { setBounded } from '../lib/bounded-map.ts';
import { fromBase64url, hmac, timingSafeEqualText } from '../lib/crypto.ts';
import { anonOwner, SCOPE_INGEST, type Caller, userOwner } from './caller.ts';

/** Asymmetric algorithms accepted from a JWKS; `none` and HMAC-with-a-public-key confusions are impossible. */
const JWKS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'EdDSA'];
const SECRET_ALGORITHMS = ['HS256', 'HS384', 'HS512'];
const CLOCK_TOLERANCE_S = 30;

export class InvalidTokenError extends Error {
  override name = 'InvalidTokenError';
}

export type TokenVerifier = (token: string) => Promise<Caller>;

/**
 * Verified JWTs, so a widget polling every 2 s doesn't pay for signature checks each time.
 * Purely an optimisation (each isolate/process has its own, nothing depends on it): an entry
 * lives at most until the token's `exp` (no extra tolerance) and never longer than 5 minutes,
 * so a key removed from the JWKS stops working within that time.
 */
class VerifiedTokens {
  private readonly entries = new Map<string, { caller: Caller; until: number }>();
  constructor(private readonly max = 2000, private readonly ttlMs = 5 * 60_000) {}

  get(token: string, now: number): Caller | undefined {
    const hit = this.entries.get(token);
    if (!hit) return undefined;
    if (now < hit.until) return hit.caller;
    this.entries.delete(token);
    return undefined;
  }

  set(token: string, caller: Caller, payload: jose.JWTPayload, now: number) {
    const nbfOk = payload.nbf === undefined || payload.nbf * 1000 <= now;
    if (!nbfOk || payload.exp === undefined) return;
    setBounded(this.entries, token, { caller, until: Math.min(payload.exp * 1000, now + this.ttlMs) }, this.max);
  }
}

const looksLikeJwt = (token: string) => token.split('.').length === 3;

/** Every part canonical base64url (jose's decoder ignores unused bits: an altered last character could verify). */
const canonicalJwt = (token: string) => token.split('.').every((part) => fromBase64url(part) !== null);

/** Anonymous-session tokens are genshelf's own JWTs: their own key and an explicit `typ`. */
export const ANON_TOKEN_TYPE = 'genshelf-anon+jwt';
const ANON_ISSUER = 'genshelf';
/** A key of its own, derived from SIGNING_SECRET, so no other signed thing can pass as a session. */
const anonKey = (signingSecret: string) => hmac(signingSecret, 'anon-session-key', 'v1');

export async function signAnonToken(signingSecret: string, sessionId: string, now: number, ttlSeconds: number): Promise<string> {
  const iat = Math.floor(now / 1000);
  return new jose.SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: ANON_TOKEN_TYPE })
    .setIssuer(ANON_ISSUER)
    .setSubject(sessionId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(anonKey(signingSecret));
}

/** The session id of a valid anonymous token, or null (wrong type, key, issuer, expired, altered). */
export async function verifyAnonToken(signingSecret: string, token: string, now: number): Promise<{ sessionId: string; payload: jose.JWTPayload } | null> {
  if (!looksLikeJwt(token) || !canonicalJwt(token)) return null;
  try {
    const { payload, protectedHeader } = await jose.jwtVerify(token, anonKey(signingSecret), {
      algorithms: ['HS256'],
      typ: ANON_TOKEN_TYPE,
      issuer: ANON_ISSUER,
      requiredClaims: ['exp', 'sub'],
      clockTolerance: CLOCK_TOLERANCE_S,
      currentDate: new Date(now),
    });
    if (protectedHeader.typ !== ANON_TOKEN_TYPE || !payload.sub || payload.sub.length > 128) return null;
    return { sessionId: payload.sub, payload };
  } catch {
    return null;
  }
}

const isAnonToken = (token: string) => {
  try {
    return jose.decodeProtectedHeader(token).typ === ANON_TOKEN_TYPE;
  } catch {
    return false;
  }
};

function scopesOf(payload: jose.JWTPayload): Set<string> {
  const raw = payload.scope ?? payload.scp;
  if (typeof raw === 'string') return new Set(raw.split(/\s+/).filter(Boolean));
  if (Array.isArray(raw)) return new Set(raw.filter((s): s is string => typeof s === 'string'));
  return new Set();
}

/** `sub`, or the `userId` / `user_id` claims that seeds 002/003 issue. */
function subjectOf(payload: jose.JWTPayload): string | null {
  for (const claim of [payload.sub, payload.userId, payload.user_id]) {
    if (typeof claim === 'string' && claim.trim() && claim.length <= 256) return claim;
    if (typeof claim === 'number' && Number.isFinite(claim)) return String(claim);
  }
  return null;
}

/**
 * Builds the verifier once per app: the service credential, then user JWTs (HS* shared secret
 * or a JWKS URL), with issuer/audience checks when configured, `exp` required and `nbf` enforced.
 */
export function createTokenVerifier(config: Config, fetchImpl: typeof fetch, now: () => number): TokenVerifier {
  const jwks = config.AUTH_JWKS_URL
    ? jose.createRemoteJWKSet(new URL(config.AUTH_JWKS_URL), { [jose.customFetch]: fetchImpl })
    : null;
  const secret = config.AUTH_JWT_SECRET ? new TextEncoder().encode(config.AUTH_JWT_SECRET) : null;

  const verified = new VerifiedTokens();
  // Comparing every user JWT with the ingest token costs two HMACs; only tokens of the ingest
  // token's shape can equal it (the shape is not secret; the bytes are compared in constant time).
  const ingestIsJwtShaped = looksLikeJwt(config.INGEST_TOKEN);

  return async (token) => {
    const jwtShaped = looksLikeJwt(token);
    if (jwtShaped === ingestIsJwtShaped && timingSafeEqualText(token, config.INGEST_TOKEN)) {
      return { kind: 'service', subject: null, scopes: new Set([SCOPE_INGEST]) };
    }
    // Only tokens that passed every check below are remembered, so a remembered one skips them all.
    const cached = jwtShaped ? verified.get(token, now()) : undefined;
    if (cached) return cached;
    if (!jwtShaped || !canonicalJwt(token)) throw new InvalidTokenError('invalid token');
    if (isAnonToken(token)) {
      const anon = await verifyAnonToken(config.SIGNING_SECRET, token, now());
      if (!anon) throw new InvalidTokenError('invalid or expired session token');
      const caller: Caller = { kind: 'anon', owner: anonOwner(anon.sessionId), session: anon.sessionId, scopes: new Set() };
      verified.set(token, caller, anon.payload, now());
      return caller;
    }
    const options: jose.JWTVerifyOptions = {
      issuer: config.AUTH_ISSUER,
      audience: config.AUTH_AUDIENCE,
      clockTolerance: CLOCK_TOLERANCE_S,
      requiredClaims: ['exp'],
      currentDate: new Date(now()),
    };
    let payload: jose.JWTPayload;
    try {
      if (secret && looksSymmetric(token)) {
        ({ payload } = await jose.jwtVerify(token, secret, { ...options, algorithms: SECRET_ALGORITHMS }));
      } else if (jwks) {
        ({ payload } = await jose.jwtVerify(token, jwks, { ...options, algorithms: JWKS_ALGORITHMS }));
      } else {
        throw new InvalidTokenError('unsupported token algorithm');
      }
    } catch (err) {
      throw new InvalidTokenError(err instanceof jose.errors.JWTExpired ? 'token expired' : 'invalid token');
    }
    const scopes = scopesOf(payload);
    const subject = subjectOf(payload);
    let caller: Caller;
    if (scopes.has(SCOPE_INGEST)) caller = { kind: 'service', subject, scopes };
    else if (!subject) throw new InvalidTokenError('token has no subject');
    else caller = { kind: 'user', owner: userOwner(subject), subject, scopes };
    verified.set(token, caller, payload, now());
    return caller;
  };
}

function looksSymmetric(token: string): boolean {
  try {
    return SECRET_ALGORITHMS.includes(jose.decodeProtectedHeader(token).alg ?? '');
  } catch {
    return false;
  }
}

/** Signs a user token with the shared secret (demo token on Node start-up, tests). */
export async function signUserToken(
  secret: string,
  claims: { sub: string; scope?: string; [k: string]: unknown },
  opts: { expiresIn?: string | number; issuer?: string; audience?: string; now?: number } = {},
): Promise<string> {
  const iat = Math.floor((opts.now ?? Date.now()) / 1000);
  let jwt = new jose.SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt(iat);
  const exp = opts.expiresIn ?? '1h';
  jwt = jwt.setExpirationTime(typeof exp === 'number' ? iat + exp : exp);
  if (opts.issuer) jwt = jwt.setIssuer(opts.issuer);
  if (opts.audience) jwt = jwt.setAudience(opts.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
