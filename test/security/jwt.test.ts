/**
 * The JWT attack set of RFC 8725 (JSON Web Token Best Current Practices) against real routes of
 * every kind a token opens — a user's read and write, ingest, claiming a session, an admin route,
 * a file's bytes — through the Hono app on a libSQL file. Each attack changes one thing about a
 * token the same routes accept, and must get the standard 401, write nothing, and make genshelf
 * fetch nothing (`jku`, `x5u`, `kid` and embedded keys are never followed).
 */
import * as jose from 'jose';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous } from '../contract/sessions.contract.ts';
import { expectError } from '../contract/expect.ts';
import { call, ingest, makeUser, nodeTarget, unique, type Reply, type Target, type TestUser } from '../harness.ts';
import { unchangedBy } from './db-state.ts';
import { ownedWork } from './world.ts';

const ISS = 'https://id.example.com/';
const AUD = 'genshelf-api';
const HOUR_S = 3600;
/** Beyond the verifier's 30 s of clock skew. */
const PAST_SKEW_S = 120;

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A server that records every request it gets: where an attacker's `jku`/`x5u` would point. */
async function trapServer(body: string): Promise<{ server: Server; origin: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

const closeServer = (s: Server | undefined) => new Promise<void>((resolve) => (s ? s.close(() => resolve()) : resolve()));

/** `fetch` as the app gets it, recording every URL it is asked for. */
function recordingFetch(): { fetch: typeof fetch; urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    fetch: ((input: RequestInfo | URL, init?: RequestInit) => {
      urls.push(input instanceof Request ? input.url : String(input));
      return globalThis.fetch(input, init);
    }) as typeof fetch,
  };
}

interface Claims {
  header?: jose.JWTHeaderParameters & Record<string, unknown>;
  payload?: Record<string, unknown>;
  /** Seconds relative to now; null leaves the claim out. */
  exp?: number | null;
  nbf?: number;
  iss?: string | null;
  aud?: string | null;
  critical?: Record<string, boolean>;
}

interface Route {
  label: string;
  method: string;
  path: () => string;
  body?: () => unknown;
}

/** The standard 401 for a token the verifier refuses (SPEC §2, §4.1). */
function expectRefused(r: Reply, label: string) {
  expect(r.status, `${label}: ${r.text}`).toBe(401);
  expectError(r, 401, 'unauthorized');
  expect(r.headers.get('www-authenticate'), `${label}: ${r.text}`).toMatch(/invalid_token/);
}

describe('RFC 8725 attacks on a shared-secret deployment (HS256, issuer and audience set)', () => {
  let t: Target;
  let victim: TestUser;
  let anonToken: string;
  let assetId: string;
  let trap: Awaited<ReturnType<typeof trapServer>>;
  let attacker: jose.GenerateKeyPairResult;
  const outbound = recordingFetch();
  const nowS = () => Math.floor(t.clock!.now() / 1000);

  /** A token as the identity provider would sign it for the victim (with the admin scope, to open every route), then altered by `o`. */
  async function token(o: Claims = {}, key: Uint8Array | jose.CryptoKey = new TextEncoder().encode(t.secrets.AUTH_JWT_SECRET)): Promise<string> {
    const iat = nowS();
    let jwt = new jose.SignJWT({ sub: victim.sub, scope: 'genshelf:admin', ...o.payload }).setProtectedHeader({ alg: 'HS256', typ: 'JWT', ...o.header }).setIssuedAt(iat);
    if (o.exp !== null) jwt = jwt.setExpirationTime(iat + (o.exp ?? HOUR_S));
    if (o.nbf !== undefined) jwt = jwt.setNotBefore(iat + o.nbf);
    if (o.iss !== null) jwt = jwt.setIssuer(o.iss ?? ISS);
    if (o.aud !== null) jwt = jwt.setAudience(o.aud ?? AUD);
    return jwt.sign(key, o.critical ? { crit: o.critical } : undefined);
  }

  const routes: Route[] = [
    { label: "a user's read", method: 'GET', path: () => '/api/v1/jobs' },
    { label: "a user's write", method: 'PATCH', path: () => '/api/v1/user/settings', body: () => ({ preferences: { tone: 'witty' } }) },
    { label: 'ingest', method: 'POST', path: () => '/api/v1/jobs', body: () => ({ user_id: victim.sub, app_id: 'video-mixer', prompt: 'made by whoever holds the token' }) },
    { label: 'claiming a session', method: 'POST', path: () => '/api/v1/sessions/claim', body: () => ({ anonymous_token: anonToken }) },
    { label: 'an admin route', method: 'POST', path: () => '/api/v1/admin/video-proxy/cleanup' },
    { label: "a file's bytes", method: 'GET', path: () => `/api/v1/assets/${assetId}/content` },
  ];
  const send = (route: Route, tok: string) => call(t, route.method, route.path(), { token: tok, body: route.body?.() });

  beforeAll(async () => {
    attacker = await jose.generateKeyPair('RS256');
    const attackerJwk = { ...(await jose.exportJWK(attacker.publicKey)), kid: 'attacker', alg: 'RS256' };
    trap = await trapServer(JSON.stringify({ keys: [attackerJwk] }));
    t = await nodeTarget({ AUTH_ISSUER: ISS, AUTH_AUDIENCE: AUD }, { fetch: outbound.fetch });
    victim = await makeUser(t, unique('victim'), { iss: ISS, aud: AUD });
    anonToken = (await anonymous(t)).token;
    assetId = (await ownedWork(t, victim, 'victim')).image.id;
  });
  afterAll(async () => {
    await t?.close();
    await closeServer(trap?.server);
  });

  it('the untampered token opens every route (so each refusal below is the attack\'s doing)', async () => {
    const tok = await token();
    for (const route of routes) {
      const r = await send(route, tok);
      expect(r.status, `${route.label}: ${r.text}`).toBeLessThan(300);
    }
  });

  it('a correctly signed token carrying jku, x5u, a URL kid and an embedded jwk is honoured without fetching any of them', async () => {
    const jwk = await jose.exportJWK(attacker.publicKey);
    const r = await send(routes[0]!, await token({ header: { alg: 'HS256', jku: `${trap.origin}/jwks.json`, x5u: `${trap.origin}/cert.pem`, kid: `${trap.origin}/kid`, jwk } }));
    expect(r.status, r.text).toBe(200);
    expect(trap.hits).toEqual([]);
    expect(outbound.urls).toEqual([]);
  });

  const enc = new TextEncoder();
  const attacks: [string, () => Promise<string>][] = [
    ['alg none, no signature', async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: victim.sub, scope: 'genshelf:admin', iss: ISS, aud: AUD, iat: nowS(), exp: nowS() + HOUR_S })}.`],
    ['alg None with the original signature', async () => {
      const [, payload, sig] = (await token()).split('.');
      return `${b64({ alg: 'None', typ: 'JWT' })}.${payload}.${sig}`;
    }],
    ['alg NONE, signature "none"', async () => `${b64({ alg: 'NONE' })}.${b64({ sub: victim.sub, iss: ISS, aud: AUD, exp: nowS() + HOUR_S })}.${b64('none')}`],
    ['the header switched to HS512 over an HS256 signature', async () => {
      const [, payload, sig] = (await token()).split('.');
      return `${b64({ alg: 'HS512', typ: 'JWT' })}.${payload}.${sig}`;
    }],
    ['signed with another secret', async () => token({}, enc.encode(`${t.secrets.AUTH_JWT_SECRET}-but-not-quite`))],
    ['signed with the signing secret (the key of cursors and file URLs)', async () => token({}, enc.encode(t.secrets.SIGNING_SECRET))],
    ['signed with the ingest credential as the key', async () => token({}, enc.encode(t.secrets.INGEST_TOKEN))],
    ['signed with an empty-looking key', async () => token({}, new Uint8Array(32))],
    ['RS256 by an attacker key (no key set configured)', async () => token({ header: { alg: 'RS256', kid: 'attacker' } }, attacker.privateKey)],
    ['RS256 by an attacker key named by jku', async () => token({ header: { alg: 'RS256', kid: 'attacker', jku: `${trap.origin}/jwks.json` } }, attacker.privateKey)],
    ['RS256 by an attacker key named by x5u', async () => token({ header: { alg: 'RS256', x5u: `${trap.origin}/cert.pem` } }, attacker.privateKey)],
    ['RS256 by an attacker key embedded as jwk', async () => token({ header: { alg: 'RS256', jwk: await jose.exportJWK(attacker.publicKey) } }, attacker.privateKey)],
    ['RS256 by an attacker key with a URL kid', async () => token({ header: { alg: 'RS256', kid: `${trap.origin}/jwks.json` } }, attacker.privateKey)],
    ['expired beyond the clock skew', async () => token({ exp: -PAST_SKEW_S })],
    ['nbf in the future beyond the clock skew', async () => token({ nbf: PAST_SKEW_S })],
    ['no exp', async () => token({ exp: null })],
    ['a wrong issuer', async () => token({ iss: 'https://evil.example.com/' })],
    ['no issuer', async () => token({ iss: null })],
    ['a wrong audience', async () => token({ aud: 'another-api' })],
    ['no audience', async () => token({ aud: null })],
    ['crit naming an extension genshelf does not know', async () => token({ header: { alg: 'HS256', crit: ['x-must-understand'], 'x-must-understand': true } as never, critical: { 'x-must-understand': true } })],
    ['crit b64:false (an unencoded payload), correctly signed', async () => {
      // The "unencoded" payload is itself base64url, so the token is well-formed and its signature holds: only b64 is wrong.
      const payload = b64({ sub: victim.sub, scope: 'genshelf:admin', iss: ISS, aud: AUD, iat: nowS(), exp: nowS() + HOUR_S });
      const jws = await new jose.FlattenedSign(enc.encode(payload)).setProtectedHeader({ alg: 'HS256', b64: false, crit: ['b64'] }).sign(enc.encode(t.secrets.AUTH_JWT_SECRET));
      return `${jws.protected}.${payload}.${jws.signature}`;
    }],
    ['dressed as an anonymous session (typ genshelf-anon+jwt, the IdP secret)', async () => token({ header: { alg: 'HS256', typ: 'genshelf-anon+jwt' }, payload: { iss: 'genshelf' }, iss: 'genshelf' })],
    ['the payload swapped for another user\'s', async () => {
      const [header, , sig] = (await token()).split('.');
      return `${header}.${b64({ sub: 'someone-else', scope: 'genshelf:admin genshelf:ingest', iss: ISS, aud: AUD, iat: nowS(), exp: nowS() + HOUR_S })}.${sig}`;
    }],
    ['the signature of another token', async () => {
      const [header, payload] = (await token()).split('.');
      return `${header}.${payload}.${(await token({ payload: { sub: 'someone-else' } })).split('.')[2]}`;
    }],
    ['the signature cut short', async () => (await token()).slice(0, -4)],
    ['the signature left out', async () => (await token()).split('.').slice(0, 2).join('.') + '.'],
    ['a signed file-URL token as the bearer', async () => {
      const list = await victim.get('/api/v1/assets');
      return new URL(list.body.assets[0].url).pathname.split('/').pop()!;
    }],
    ['a list cursor as the bearer', async () => {
      const r = await victim.get('/api/v1/assets?limit=1');
      expect(r.body.next_cursor, r.text).toEqual(expect.any(String));
      return r.body.next_cursor;
    }],
    ['four segments', async () => `${await token()}.${b64('x')}`],
  ];

  it.each(attacks)('%s → 401 on every route, nothing written, nothing fetched', async (label, make) => {
    const tok = await make();
    for (const route of routes) {
      const r = await unchangedBy(t, () => send(route, tok), route.label);
      expectRefused(r, `${label} on ${route.label}`);
    }
    expect(trap.hits).toEqual([]);
    expect(outbound.urls).toEqual([]);
  });

  it('every single-character change anywhere in a valid token → 401 (header, payload, signature, and the signature\'s unused bits)', async () => {
    const good = await token();
    await expect(send(routes[0]!, good)).resolves.toMatchObject({ status: 200 });
    for (let i = 0; i < good.length; i++) {
      if (good[i] === '.') continue;
      // The next base64url character, and the one that differs only in the last bit: both must fail.
      const at = B64URL.indexOf(good[i]!);
      for (const ch of new Set([B64URL[(at + 1) % 64]!, B64URL[at ^ 1]!])) {
        const forged = good.slice(0, i) + ch + good.slice(i + 1);
        const r = await send(routes[0]!, forged);
        expect(r.status, `position ${i} ${good[i]}→${ch}: ${r.text}`).toBe(401);
      }
    }
  });

  it('ingest routes: a service JWT (scope genshelf:ingest) forged with each attack is refused too', async () => {
    const route = routes[2]!;
    const service = { payload: { sub: 'generator-backend', scope: 'genshelf:ingest' } };
    expect((await send(route, await token(service))).status).toBe(201);
    for (const [label, o, key] of [
      ['another secret', service, enc.encode('x'.repeat(40))],
      ['expired', { ...service, exp: -PAST_SKEW_S }],
      ['no exp', { ...service, exp: null }],
      ['a wrong audience', { ...service, aud: 'other' }],
    ] as [string, Claims, Uint8Array?][]) {
      const r = await unchangedBy(t, async () => send(route, await token(o, key)), label);
      expectRefused(r, label);
    }
  });

  it('no outbound request was made by any test above', () => {
    expect(trap.hits).toEqual([]);
    expect(outbound.urls).toEqual([]);
  });
});

describe('RFC 8725 attacks on a key-set deployment (AUTH_JWKS_URL, no shared secret)', () => {
  let t: Target;
  let jwksServer: Awaited<ReturnType<typeof trapServer>>;
  let trap: Awaited<ReturnType<typeof trapServer>>;
  let es: jose.GenerateKeyPairResult;
  let rs: jose.GenerateKeyPairResult;
  let attacker: jose.GenerateKeyPairResult;
  let esJwk: jose.JWK;
  let rsJwk: jose.JWK;
  let victim: string;
  const outbound = recordingFetch();
  const nowS = () => Math.floor(t.clock!.now() / 1000);

  async function token(key: jose.CryptoKey | Uint8Array, header: Record<string, unknown>, payload: Record<string, unknown> = {}, expiresIn = HOUR_S): Promise<string> {
    return new jose.SignJWT({ sub: victim, ...payload })
      .setProtectedHeader({ typ: 'JWT', ...header } as jose.JWTHeaderParameters)
      .setIssuedAt(nowS())
      .setExpirationTime(nowS() + expiresIn)
      .sign(key);
  }
  const get = (tok: string) => call(t, 'GET', '/api/v1/jobs', { token: tok });
  const post = (tok: string) => call(t, 'POST', '/api/v1/jobs', { token: tok, body: { user_id: victim, app_id: 'video-mixer', prompt: 'x' } });

  beforeAll(async () => {
    es = await jose.generateKeyPair('ES256');
    rs = await jose.generateKeyPair('RS256');
    attacker = await jose.generateKeyPair('RS256');
    esJwk = { ...(await jose.exportJWK(es.publicKey)), kid: 'es-1', alg: 'ES256', use: 'sig' };
    rsJwk = { ...(await jose.exportJWK(rs.publicKey)), kid: 'rs-1', alg: 'RS256', use: 'sig' };
    jwksServer = await trapServer(JSON.stringify({ keys: [esJwk, rsJwk] }));
    trap = await trapServer(JSON.stringify({ keys: [{ ...(await jose.exportJWK(attacker.publicKey)), kid: 'rs-1', alg: 'RS256' }] }));
    t = await nodeTarget({ AUTH_JWKS_URL: `${jwksServer.origin}/jwks.json`, AUTH_JWT_SECRET: undefined }, { fetch: outbound.fetch });
    victim = unique('victim');
    await ingest(t).job({ sub: victim });
  });
  afterAll(async () => {
    await t?.close();
    await closeServer(jwksServer?.server);
    await closeServer(trap?.server);
  });

  it('tokens from the key set are accepted', async () => {
    expect((await get(await token(es.privateKey, { alg: 'ES256', kid: 'es-1' }))).status).toBe(200);
    expect((await get(await token(rs.privateKey, { alg: 'RS256', kid: 'rs-1' }))).status).toBe(200);
  });

  const enc = new TextEncoder();
  const attacks: [string, () => Promise<string>][] = [
    ['HS256 keyed with the public key as PEM (algorithm confusion)', async () => token(enc.encode(await jose.exportSPKI(rs.publicKey)), { alg: 'HS256', kid: 'rs-1' })],
    ['HS256 keyed with the public JWK as JSON', async () => token(enc.encode(JSON.stringify(esJwk)), { alg: 'HS256', kid: 'es-1' })],
    ['HS256 keyed with the public key set document', async () => token(enc.encode(JSON.stringify({ keys: [esJwk, rsJwk] })), { alg: 'HS256' })],
    ['HS256 keyed with the RSA modulus', async () => token(enc.encode(rsJwk.n!), { alg: 'HS256', kid: 'rs-1' })],
    ['alg none naming a real kid', async () => `${b64({ alg: 'none', kid: 'es-1' })}.${b64({ sub: victim, exp: nowS() + HOUR_S })}.`],
    ['an attacker key under a real kid', async () => token(attacker.privateKey, { alg: 'RS256', kid: 'rs-1' })],
    ['an attacker key named by jku', async () => token(attacker.privateKey, { alg: 'RS256', kid: 'rs-1', jku: `${trap.origin}/jwks.json` })],
    ['an attacker key named by x5u', async () => token(attacker.privateKey, { alg: 'RS256', kid: 'rs-1', x5u: `${trap.origin}/cert.pem` })],
    ['an attacker key embedded as jwk', async () => token(attacker.privateKey, { alg: 'RS256', jwk: await jose.exportJWK(attacker.publicKey) })],
    ['an attacker key with a kid that is a URL', async () => token(attacker.privateKey, { alg: 'RS256', kid: `${trap.origin}/jwks.json` })],
    ['an attacker key with a path-traversal kid', async () => token(attacker.privateKey, { alg: 'RS256', kid: '../../../../../dev/null' })],
    ['an attacker key with an SQL kid', async () => token(attacker.privateKey, { alg: 'RS256', kid: "rs-1' or '1'='1" })],
    ['a stranger\'s ES256 key under the real ES kid', async () => token((await jose.generateKeyPair('ES256')).privateKey, { alg: 'ES256', kid: 'es-1' })],
    ['PS256 claiming the RS kid, signed by an attacker', async () => token((await jose.generateKeyPair('PS256')).privateKey, { alg: 'PS256', kid: 'rs-1' })],
    ['a key-set token expired beyond the skew', async () => token(es.privateKey, { alg: 'ES256', kid: 'es-1' }, {}, -PAST_SKEW_S)],
    ['a key-set token without exp', async () => new jose.SignJWT({ sub: victim }).setProtectedHeader({ alg: 'ES256', kid: 'es-1' }).setIssuedAt(nowS()).sign(es.privateKey)],
    ['a key-set token with crit', async () => new jose.SignJWT({ sub: victim }).setProtectedHeader({ alg: 'ES256', kid: 'es-1', crit: ['x-ext'], 'x-ext': 1 } as never).setIssuedAt(nowS()).setExpirationTime(nowS() + HOUR_S).sign(es.privateKey, { crit: { 'x-ext': true } })],
    ['a key-set token with its payload swapped', async () => {
      const [h, , s] = (await token(es.privateKey, { alg: 'ES256', kid: 'es-1' })).split('.');
      return `${h}.${b64({ sub: 'someone-else', scope: 'genshelf:ingest', exp: nowS() + HOUR_S })}.${s}`;
    }],
  ];

  it.each(attacks)('%s → 401, nothing written, only the configured key set fetched', async (label, make) => {
    const tok = await make();
    expectRefused(await get(tok), label);
    expectRefused(await unchangedBy(t, () => post(tok), label), label);
    expect(trap.hits, label).toEqual([]);
    expect(outbound.urls.filter((u) => u !== `${jwksServer.origin}/jwks.json`), label).toEqual([]);
  });
});
