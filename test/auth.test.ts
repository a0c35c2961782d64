/**
 * Token verification (SPEC §2) on Node, where the app's clock can be moved and the verifier's
 * configuration (issuer, audience, JWKS) can be set per target.
 */
import * as jose from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, ingest, makeUser, nodeTarget, unique, type Reply, type Target } from './harness.ts';

/** Awaits a call and asserts its status, with the response as the message. */
async function expectStatus(pending: Promise<Reply>, status: number, label?: string): Promise<Reply> {
  const r = await pending;
  expect(r.status, label ? `${label}: ${r.text}` : r.text).toBe(status);
  return r;
}

const HOUR_S = 3600;
const TOLERANCE_S = 30;

function expectUnauthorized(r: Reply) {
  expect(r.status, r.text).toBe(401);
  expect(r.body, r.text).toMatchObject({ error: 'unauthorized', message: expect.any(String), request_id: expect.any(String) });
  expect(r.headers.get('x-request-id'), r.text).toBe(r.body.request_id);
}

interface SignOptions {
  alg?: string;
  /** Seconds since epoch; defaults to the target clock. */
  iat?: number;
  exp?: number | null;
  nbf?: number;
  iss?: string;
  aud?: string;
  kid?: string;
}

/** Signs arbitrary claims (jose), so tests can make tokens the harness helper would not. */
async function sign(key: jose.CryptoKey | Uint8Array | string, claims: jose.JWTPayload, o: SignOptions = {}): Promise<string> {
  const iat = o.iat ?? Math.floor(Date.now() / 1000);
  let jwt = new jose.SignJWT(claims).setProtectedHeader({ alg: o.alg ?? 'HS256', typ: 'JWT', ...(o.kid ? { kid: o.kid } : {}) }).setIssuedAt(iat);
  if (o.exp !== null) jwt = jwt.setExpirationTime(o.exp ?? iat + HOUR_S);
  if (o.nbf !== undefined) jwt = jwt.setNotBefore(o.nbf);
  if (o.iss) jwt = jwt.setIssuer(o.iss);
  if (o.aud) jwt = jwt.setAudience(o.aud);
  return jwt.sign(typeof key === 'string' ? new TextEncoder().encode(key) : key);
}

const get = (t: Target, token: string, path = '/api/v1/jobs') => call(t, 'GET', path, { token });

describe('user tokens (HS256 shared secret)', () => {
  let t: Target;
  beforeAll(async () => {
    t = await nodeTarget();
  });
  afterAll(() => t.close());
  const nowS = () => Math.floor(t.clock!.now() / 1000);

  it('a valid token is accepted', async () => {
    const u = await makeUser(t);
    await expectStatus(u.get('/api/v1/jobs'), 200);
  });

  it('an expired token → 401 once the clock passes exp plus the tolerance', async () => {
    const u = await makeUser(t, unique('user'), {}, { expiresIn: 60 });
    await expectStatus(u.get('/api/v1/jobs'), 200);
    t.clock!.advance((60 + TOLERANCE_S - 5) * 1000);
    await expectStatus(u.get('/api/v1/jobs'), 200, 'inside the clock tolerance');
    t.clock!.advance(10 * 1000);
    const r = await u.get('/api/v1/jobs');
    expectUnauthorized(r);
    expect(r.body.message, r.text).toMatch(/expired/i);
    expect(r.headers.get('www-authenticate'), r.text).toMatch(/invalid_token/);
  });

  it('a token whose nbf is in the future → 401 until that time', async () => {
    const sub = unique('user');
    const token = await sign(t.secrets.AUTH_JWT_SECRET, { sub }, { iat: nowS(), nbf: nowS() + 600, exp: nowS() + 2 * HOUR_S });
    expectUnauthorized(await get(t, token));
    t.clock!.advance(601 * 1000);
    await expectStatus(get(t, token), 200);
  });

  it('alg none → 401', async () => {
    const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const token = `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ sub: unique('u'), iat: nowS(), exp: nowS() + HOUR_S })}.`;
    expectUnauthorized(await get(t, token));
    expectUnauthorized(await get(t, `${token}AAAA`));
  });

  it('HS256 signed with another secret → 401', async () => {
    expectUnauthorized(await get(t, await sign(`x${t.secrets.AUTH_JWT_SECRET}`, { sub: unique('u') }, { iat: nowS() })));
  });

  it('a token without exp → 401', async () => {
    expectUnauthorized(await get(t, await sign(t.secrets.AUTH_JWT_SECRET, { sub: unique('u') }, { iat: nowS(), exp: null })));
  });

  it('a token without any subject → 401', async () => {
    expectUnauthorized(await get(t, await sign(t.secrets.AUTH_JWT_SECRET, { name: 'who?' }, { iat: nowS() })));
    expectUnauthorized(await get(t, await sign(t.secrets.AUTH_JWT_SECRET, { sub: '   ' }, { iat: nowS() })));
  });

  it('a token with a modified payload → 401', async () => {
    const u = await makeUser(t);
    const [h, , s] = u.token.split('.') as [string, string, string];
    const forged = Buffer.from(JSON.stringify({ sub: 'someone-else', exp: nowS() + HOUR_S })).toString('base64url');
    expectUnauthorized(await get(t, `${h}.${forged}.${s}`));
  });

  it('HS384 and HS512 with the shared secret are accepted', async () => {
    for (const alg of ['HS384', 'HS512']) {
      await expectStatus(get(t, await sign(t.secrets.AUTH_JWT_SECRET, { sub: unique('u') }, { alg, iat: nowS() })), 200, alg);
    }
  });

  it.each(['userId', 'user_id'])('the %s claim names the user when there is no sub (seeds 002/003)', async (claim) => {
    const sub = unique('legacy');
    const made = await ingest(t).job({ sub }, { prompt: `for ${claim}` });
    const token = await sign(t.secrets.AUTH_JWT_SECRET, { [claim]: sub }, { iat: nowS() });
    const r = await get(t, token);
    expect(r.status, r.text).toBe(200);
    expect(r.body.jobs.map((j: { id: string }) => j.id), r.text).toEqual([made.id]);
  });

  it('a numeric userId claim works too', async () => {
    const n = Math.floor(Math.random() * 1e9) + 1e9;
    const made = await ingest(t).job({ sub: String(n) });
    const r = await get(t, await sign(t.secrets.AUTH_JWT_SECRET, { userId: n }, { iat: nowS() }));
    expect(r.body.jobs?.map((j: { id: string }) => j.id), r.text).toEqual([made.id]);
  });

  it('sub wins over userId', async () => {
    const sub = unique('sub');
    const made = await ingest(t).job({ sub });
    const r = await get(t, await sign(t.secrets.AUTH_JWT_SECRET, { sub, userId: unique('other') }, { iat: nowS() }));
    expect(r.body.jobs.map((j: { id: string }) => j.id), r.text).toEqual([made.id]);
  });

  it('a JWT with scope genshelf:ingest acts as a service', async () => {
    const owner = await makeUser(t);
    const token = await sign(t.secrets.AUTH_JWT_SECRET, { sub: 'generator-backend', scope: 'openid genshelf:ingest' }, { iat: nowS() });
    const created = await call(t, 'POST', '/api/v1/jobs', { token, body: { user_id: owner.sub, app_id: 'video-mixer', prompt: 'from a scoped JWT' } });
    expect(created.status, created.text).toBe(201);
    expect(created.body.user_id, created.text).toBe(owner.sub);
    const patched = await call(t, 'PATCH', `/api/v1/jobs/${created.body.id}`, { token, body: { status: 'processing' } });
    expect(patched.status, patched.text).toBe(200);
    // Services must name the owner, and user routes are not theirs.
    await expectStatus(call(t, 'POST', '/api/v1/jobs', { token, body: { app_id: 'video-mixer' } }), 422);
    const list = await get(t, token);
    expect(list.status, list.text).toBe(403);
    expect(list.body.error, list.text).toBe('forbidden');
  });

  it('the scope may also arrive as an scp array', async () => {
    const owner = await makeUser(t);
    const token = await sign(t.secrets.AUTH_JWT_SECRET, { sub: 'svc', scp: ['genshelf:ingest'] }, { iat: nowS() });
    const r = await call(t, 'POST', '/api/v1/jobs', { token, body: { user_id: owner.sub, app_id: 'video-mixer' } });
    expect(r.status, r.text).toBe(201);
  });

  it('a user token with other scopes is still a user', async () => {
    const u = await makeUser(t, unique('user'), { scope: 'genshelf:read profile' });
    await expectStatus(u.get('/api/v1/jobs'), 200);
    const r = await u.send('POST', '/api/v1/jobs', { user_id: unique('victim'), app_id: 'video-mixer' });
    expect(r.status, r.text).toBe(403);
  });

  it('the ingest credential is compared exactly', async () => {
    const token = t.secrets.INGEST_TOKEN;
    const owner = await makeUser(t);
    const body = { user_id: owner.sub, app_id: 'video-mixer' };
    await expectStatus(call(t, 'POST', '/api/v1/jobs', { token, body }), 201);
    const variants = [
      `${token}x`,
      token.slice(0, -1),
      `x${token}`,
      token.slice(1),
      token.toUpperCase(),
      `${token.slice(0, 10)}${token[10] === 'a' ? 'b' : 'a'}${token.slice(11)}`,
      `${token}${token}`,
      token.slice(0, 8),
    ];
    for (const v of variants) {
      const r = await call(t, 'POST', '/api/v1/jobs', { token: v, body });
      expect(r.status, `${v}: ${r.text}`).toBe(401);
    }
    const mine = await owner.get('/api/v1/jobs');
    expect(mine.body.total, mine.text).toBe(1);
  });

  it('the ingest credential is not a user', async () => {
    const r = await call(t, 'GET', '/api/me/jobs', { token: t.secrets.INGEST_TOKEN });
    expect(r.status, r.text).toBe(403);
  });
});

describe('issuer and audience (AUTH_ISSUER / AUTH_AUDIENCE set)', () => {
  const ISS = 'https://id.example.com/';
  const AUD = 'genshelf-api';
  let t: Target;
  beforeAll(async () => {
    t = await nodeTarget({ AUTH_ISSUER: ISS, AUTH_AUDIENCE: AUD });
  });
  afterAll(() => t.close());
  const tok = (o: SignOptions) => sign(t.secrets.AUTH_JWT_SECRET, { sub: unique('u') }, { iat: Math.floor(t.clock!.now() / 1000), ...o });

  it('the right issuer and audience → 200', async () => {
    const r = await get(t, await tok({ iss: ISS, aud: AUD }));
    expect(r.status, r.text).toBe(200);
  });

  it.each([
    ['a wrong issuer', { iss: 'https://evil.example.com/', aud: AUD }],
    ['no issuer', { aud: AUD }],
    ['a wrong audience', { iss: ISS, aud: 'another-api' }],
    ['no audience', { iss: ISS }],
    ['neither', {}],
  ])('%s → 401', async (_label, o) => {
    expectUnauthorized(await get(t, await tok(o)));
  });

  it('an audience list containing ours → 200', async () => {
    const token = await new jose.SignJWT({ sub: unique('u'), aud: ['other', AUD] })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(ISS)
      .setIssuedAt(Math.floor(t.clock!.now() / 1000))
      .setExpirationTime(Math.floor(t.clock!.now() / 1000) + HOUR_S)
      .sign(new TextEncoder().encode(t.secrets.AUTH_JWT_SECRET));
    await expectStatus(get(t, token), 200);
  });

  it('the ingest credential does not need issuer or audience', async () => {
    const owner = await makeUser(t, unique('u'), {}, {});
    const r = await call(t, 'POST', '/api/v1/jobs', { token: t.secrets.INGEST_TOKEN, body: { user_id: owner.sub, app_id: 'video-mixer' } });
    expect(r.status, r.text).toBe(201);
  });
});

describe('JWKS (AUTH_JWKS_URL, no shared secret)', () => {
  let server: Server;
  let t: Target;
  let es: jose.GenerateKeyPairResult;
  let rs: jose.GenerateKeyPairResult;
  let stranger: jose.GenerateKeyPairResult;
  let esJwk: jose.JWK;

  beforeAll(async () => {
    es = await jose.generateKeyPair('ES256');
    rs = await jose.generateKeyPair('RS256');
    stranger = await jose.generateKeyPair('ES256');
    esJwk = { ...(await jose.exportJWK(es.publicKey)), kid: 'es-1', alg: 'ES256', use: 'sig' };
    const rsJwk = { ...(await jose.exportJWK(rs.publicKey)), kid: 'rs-1', alg: 'RS256', use: 'sig' };
    const body = JSON.stringify({ keys: [esJwk, rsJwk] });
    server = createServer((req, res) => {
      if (req.url === '/jwks.json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(body);
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    t = await nodeTarget({ AUTH_JWKS_URL: `http://127.0.0.1:${port}/jwks.json`, AUTH_JWT_SECRET: undefined });
  });
  afterAll(async () => {
    await t?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const nowS = () => Math.floor(t.clock!.now() / 1000);

  it('an ES256 token from the key set is accepted', async () => {
    const sub = unique('es');
    const made = await ingest(t).job({ sub });
    const r = await get(t, await sign(es.privateKey, { sub }, { alg: 'ES256', kid: 'es-1', iat: nowS() }));
    expect(r.status, r.text).toBe(200);
    expect(r.body.jobs.map((j: { id: string }) => j.id), r.text).toEqual([made.id]);
  });

  it('an RS256 token from the key set is accepted', async () => {
    const r = await get(t, await sign(rs.privateKey, { sub: unique('rs') }, { alg: 'RS256', kid: 'rs-1', iat: nowS() }));
    expect(r.status, r.text).toBe(200);
  });

  it('a token signed by a key outside the set → 401', async () => {
    expectUnauthorized(await get(t, await sign(stranger.privateKey, { sub: unique('x') }, { alg: 'ES256', kid: 'es-1', iat: nowS() })));
    expectUnauthorized(await get(t, await sign(stranger.privateKey, { sub: unique('x') }, { alg: 'ES256', kid: 'unknown', iat: nowS() })));
  });

  it('an HS256 token is refused (no shared secret is configured)', async () => {
    expectUnauthorized(await get(t, await sign('a-secret-long-enough-to-be-plausible-000', { sub: unique('hs') }, { iat: nowS() })));
  });

  it('an HS256 token keyed with the public JWK is refused (algorithm confusion)', async () => {
    for (const key of [JSON.stringify(esJwk), esJwk.x!, JSON.stringify({ keys: [esJwk] })]) {
      expectUnauthorized(await get(t, await sign(key, { sub: unique('hs') }, { kid: 'es-1', iat: nowS() })));
    }
  });

  it('an expired ES256 token → 401', async () => {
    const token = await sign(es.privateKey, { sub: unique('es') }, { alg: 'ES256', kid: 'es-1', iat: nowS() - 2 * HOUR_S, exp: nowS() - HOUR_S });
    const r = await get(t, token);
    expectUnauthorized(r);
    expect(r.body.message, r.text).toMatch(/expired/i);
  });

  it('the ingest credential still works', async () => {
    const r = await call(t, 'POST', '/api/v1/jobs', { token: t.secrets.INGEST_TOKEN, body: { user_id: unique('u'), app_id: 'video-mixer' } });
    expect(r.status, r.text).toBe(201);
  });
});
