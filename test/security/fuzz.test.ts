/**
 * Property-based fuzzing (fast-check) of every list route's query string and every JSON body,
 * both walked from the OpenAPI document: keys and values with NUL, lone surrogates, RTL and
 * other format marks, broken percent-encoding, huge and deep values, prototype keys. Whatever
 * arrives, genshelf never answers 5xx, every refusal has the standard body, and a refused
 * request changes nothing. Seeded per operation, so a failure replays exactly (fast-check
 * prints the seed and path); run counts stay modest to keep `npm test` fast.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../contract/expect.ts';
import { adminToken, ingest, makeUser, nodeTarget, registerApp, unique, type Reply, type Target, type TestUser } from '../harness.ts';
import { dbState } from './db-state.ts';
import { fill, operations, type Operation } from './openapi.ts';
import { ownedWork, type Owned } from './world.ts';

const SEED = 11_2026;
// Modest: about 700 requests in all, each between two reads of every table.
const QUERY_RUNS = 40;
const BODY_RUNS = 30;

/** A stable seed for each operation: adding a route does not reshuffle the others' cases. */
const seedOf = (key: string) => [...key].reduce((h, ch) => (Math.imul(h, 31) + ch.charCodeAt(0)) | 0, SEED);

/** Characters that break naive text handling: NUL, lone surrogates, bidi and format marks, separators. */
const SPECIALS = ['\u0000', '\uD800', '\uDFFF', '\uDBFF\uDBFF', '\u202E', '\u200F', '\u061C', '\u2066', '\uFEFF', '\u200B', '\u2028', '\uFFFF', '\u0085', 'e\u0301', '😀', '%', '&', '=', '+', '#', '?', '/', '\\', '"', "'", ' ', ',', '.', '-', ':', '*', '_'];
const unit = fc.oneof({ weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) }, { weight: 3, arbitrary: fc.constantFrom(...SPECIALS) }, { weight: 2, arbitrary: fc.constantFrom(...'abcxyz019') });
const EDGE_VALUES = ['', ' ', '0', '-1', '-0', '1e309', 'NaN', 'Infinity', '9007199254740993', '0x10', '1.5', '01', 'true', 'false', 'null', 'undefined', '[]', '{}', '*', '%', '../../etc/passwd', "' or '1'='1", '"; drop table jobs; --', '\u202Egnp.exe', 'a'.repeat(5000), '\u0000'.repeat(3), '\uD800'.repeat(3), '2024-13-45', '2024-01-01T25:00:00Z', '9999-12-31T23:59:59Z', '-271821-04-20T00:00:00Z', 'Etc/GMT+99', 'NOT/AZONE'];
const hostileString = fc.oneof(fc.string({ unit, maxLength: 24 }), fc.constantFrom(...EDGE_VALUES), fc.integer().map(String), fc.double().map(String));

/** Percent-encoded as a browser would send it, lone surrogates included (as WTF-8, which is not UTF-8). */
function percentEncode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const cu = s.charCodeAt(i);
    const pair = cu >= 0xd800 && cu <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    if (pair) {
      out += encodeURIComponent(s.slice(i, i + 2));
      i++;
    } else if (cu >= 0xd800 && cu <= 0xdfff) {
      out += [0xe0 | (cu >> 12), 0x80 | ((cu >> 6) & 0x3f), 0x80 | (cu & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    } else {
      out += encodeURIComponent(s[i]!);
    }
  }
  return out;
}

/** Already-encoded fragments a hand-written URL can hold: broken escapes, overlong and invalid UTF-8. */
const RAW = ['%ZZ', '%', '%E', '%ED%A0%80', '%FF', '%C0%AF', '%00', '%F4%90%80%80', '%2525', '+', '%E2%80%AE', '%EF%BB%BF', '%0A', '%0D%0A'];

interface Env {
  t: Target;
  alice: TestUser;
  work: Owned;
  /** Alice's values the generators mix in, so fuzzed requests also reach past validation. */
  known: string[];
}

function queryArb(op: Operation, env: Env): fc.Arbitrary<string> {
  const key = fc.oneof({ weight: 6, arbitrary: op.query.length ? fc.constantFrom(...op.query) : fc.constant('q') }, { weight: 1, arbitrary: fc.string({ unit, maxLength: 8 }) });
  const value = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...env.known) }, { weight: 4, arbitrary: hostileString });
  const encoded = (a: fc.Arbitrary<string>) => fc.oneof({ weight: 8, arbitrary: a.map(percentEncode) }, { weight: 1, arbitrary: fc.constantFrom(...RAW) }, { weight: 1, arbitrary: a.map((s) => `${percentEncode(s)}${RAW[s.length % RAW.length]}`) });
  const pair = fc.oneof({ weight: 9, arbitrary: fc.tuple(encoded(key), encoded(value)).map(([k, v]) => `${k}=${v}`) }, { weight: 1, arbitrary: encoded(key) });
  return fc.array(pair, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('&'));
}

/** JSON values built from hostile strings, nested a little. */
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { maxDepth: 3 },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(hostileString, fc.constantFrom('__proto__', 'constructor', 'prototype')), tie('value'), { maxKeys: 4 }),
  ),
})).value;

const deep = (n: number, open: string, close: string, inner = '1') => open.repeat(n) + inner + close.repeat(n);

/** Bodies no generator builds by accident: deep, huge, malformed, escaped NUL and lone surrogates, prototype keys. */
function rawBodies(base: Record<string, unknown>): string[] {
  const valid = JSON.stringify(base);
  const first = Object.keys(base)[0] ?? 'x';
  return [
    deep(2000, '[', ']'),
    deep(5000, '{"a":', '}'),
    `{"${first}":${deep(1500, '[', ']')}}`,
    `{"${first}":"${'x'.repeat(1024 * 1024 + 10)}"}`,
    '',
    'null',
    '[]',
    '"just a string"',
    '{"a":',
    `${valid} trailing`,
    `\uFEFF${valid}`,
    valid.replace(/"([^"]*)"/, '"$1\\u0000"'),
    valid.replace(/"([^"]*)"/, '"$1\\ud800"'),
    `{"__proto__":{"polluted":true},${valid.slice(1)}`,
    `{"constructor":{"prototype":{"polluted":true}},${valid.slice(1)}`,
    `{"${first}":1,${valid.slice(1)}`,
    `{"${first}":1e999}`,
    `{"${first}":-0}`,
  ];
}

const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'application/json; charset=utf-16', 'text/plain', 'application/x-www-form-urlencoded', 'application/merge-patch+json', 'APPLICATION/JSON', ''];

function bodyArb(op: Operation, base: Record<string, unknown>): fc.Arbitrary<{ body: string; type: string }> {
  const field = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...(op.bodyFields.length ? op.bodyFields : Object.keys(base)), ...Object.keys(base)) }, { weight: 1, arbitrary: hostileString });
  const mutated = fc.tuple(field, fc.option(jsonValue, { freq: 8 })).map(([k, v]) => {
    const copy: Record<string, unknown> = { ...base };
    if (v === null) delete copy[k];
    else copy[k] = v;
    return JSON.stringify(copy);
  });
  const text = fc.oneof({ weight: 6, arbitrary: mutated }, { weight: 2, arbitrary: jsonValue.map((v) => JSON.stringify(v) ?? 'null') }, { weight: 2, arbitrary: fc.constantFrom(...rawBodies(base)) });
  const type = fc.oneof({ weight: 8, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom(...CONTENT_TYPES) });
  return fc.record({ body: text, type });
}

/** Never a 5xx; a refusal has the standard body and leaves the database as it was. Answers are tallied in `seen`. */
async function expectSafe(env: Env, seen: Set<number>, label: string, send: () => Promise<Reply>) {
  const before = await dbState(env.t);
  const r = await send();
  seen.add(Math.floor(r.status / 100) * 100);
  expect(r.status, `${label}: ${r.text}`).toBeLessThan(500);
  if (r.status >= 400) {
    expectError(r, r.status, r.body?.error);
    expect(await dbState(env.t), `${label}: ${r.text}`).toEqual(before);
  }
}

async function send(env: Env, op: Operation, pathAndQuery: string, init: { token: string; body?: string; type?: string }): Promise<Reply> {
  const headers: Record<string, string> = { authorization: `Bearer ${init.token}` };
  if (init.type) headers['content-type'] = init.type;
  const res = await env.t.fetch(pathAndQuery, { method: op.method, headers, body: init.body });
  const raw = await res.text();
  let body: any = raw;
  try {
    body = raw ? JSON.parse(raw) : null;
  } catch {
    /* bytes or text */
  }
  return { status: res.status, headers: res.headers, body, text: `${res.status} ${raw.slice(0, 500)}` };
}

describe('fuzzing queries and bodies: never a 5xx, nothing changed by a refusal', () => {
  let env: Env;
  let ops: Operation[];
  /** A valid body for each JSON operation, and the id its path takes. */
  let bodies: Record<string, { id?: string; body: Record<string, unknown>; service?: boolean; admin?: boolean }>;
  let admin: string;

  beforeAll(async () => {
    const t = await nodeTarget();
    const alice = await makeUser(t);
    const work = await ownedWork(t, alice, 'fuzz');
    const bob = await makeUser(t);
    await ownedWork(t, bob, 'bob');
    for (const status of ['queued', 'processing', 'failed', 'partial']) await ingest(t).job(alice, { status, prompt: `a ${status} job`, project_name: `Fuzz ${status}` });
    const running = await ingest(t).job(alice, { status: 'processing', progress: 5 });
    const decoy = await ingest(t).job(alice, { prompt: 'decoy' });
    const cursor = (await alice.get('/api/v1/jobs?limit=1')).body.next_cursor as string;
    const known = [
      'completed', 'queued,processing', 'failed', 'newest', 'oldest', 'name', 'createdAt', 'image', 'video', 'text', 'thumbnail', 'true', 'false', '1', '2', '20', '50', '100', '101', '0',
      '2024-01-01T00:00:00Z', '2024-01-01', new Date().toISOString(), 'UTC', 'America/New_York', '7', '30', '90', 'views', 'downloads', 'conversions',
      'video-mixer', 'text-to-video', 'active', 'archived', 'paper', work.job.id, work.job.project_id!, work.image.id, cursor,
    ];
    env = { t, alice, work, known };
    bodies = {
      'POST /api/v1/jobs': { service: true, body: { user_id: alice.sub, app_id: 'video-mixer', prompt: 'fuzzed', project_name: 'Fuzzed', params: { seed: 1 }, task_id: unique('task') } },
      'PATCH /api/v1/jobs/{id}': { service: true, id: running.id, body: { status: 'processing', progress: 10 } },
      'POST /api/v1/jobs/bulk-delete': { id: undefined, body: { ids: [decoy.id] } },
      'POST /api/v1/jobs/restore': { body: { ids: [decoy.id] } },
      'POST /api/me/jobs/bulk-delete': { body: { jobIds: [decoy.id] } },
      'POST /api/v1/jobs/{id}/assets': { service: true, id: work.job.id, body: { text: 'fuzzed copy', title: 'fuzzed' } },
      'PATCH /api/v1/assets/{id}': { id: work.image.id, body: { favorite: true, title: 'fuzzed' } },
      'PUT /api/v1/assets/{id}/visibility': { id: work.image.id, body: { is_public: false } },
      'POST /api/v1/assets/bulk-delete': { body: { ids: [work.text.id] } },
      'POST /api/v1/assets/restore': { body: { ids: [work.text.id] } },
      'PATCH /api/v1/projects/{id}': { id: work.job.project_id!, body: { name: 'Fuzzed project' } },
      'POST /api/v1/downloads': { body: { asset_ids: [work.image.id] } },
      'PATCH /api/v1/user/settings': { body: { preferences: { tone: 'witty', language: 'de-DE' } } },
      'POST /api/v1/events': { body: { asset_id: work.image.id, type: 'click' } },
      'POST /api/v1/sessions/claim': { body: { anonymous_token: 'not-a-session' } },
      'PUT /api/v1/apps/{id}': { admin: true, id: (await registerApp(t, 'fuzzed-app')).id, body: { name: 'Fuzzed', color: '#f97316', icon_svg: '<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0h4"/></svg>', href_template: 'https://app.example/jobs/{job_id}', description: 'fuzzed' } },
    };
    admin = await adminToken(t);
    ops = await operations(t);
  });
  afterAll(() => env?.t.close());

  it('every list route with a query string is fuzzed (the list comes from the OpenAPI document)', () => {
    expect(ops.filter((o) => o.method === 'GET' && o.query.length && !o.params.length).length).toBeGreaterThanOrEqual(10);
  });

  it('every operation with a JSON body has a valid body here to mutate', () => {
    const json = ops.filter((o) => o.bodyTypes.includes('application/json')).map((o) => o.key).sort();
    expect(json, 'a JSON operation without a base body: add it to `bodies` in test/security/fuzz.test.ts').toEqual(Object.keys(bodies).sort());
  });

  it('query strings of every list route', async () => {
    const lists = ops.filter((o) => o.method === 'GET' && o.query.length && !o.params.length);
    for (const op of lists) {
      const seen = new Set<number>();
      await fc.assert(
        fc.asyncProperty(queryArb(op, env), async (qs) => expectSafe(env, seen, `${op.key}?${qs}`, () => send(env, op, `${op.path}?${qs}`, { token: env.alice.token }))),
        { seed: seedOf(op.key), numRuns: QUERY_RUNS },
      );
      // Both outcomes: the cases reach the route's work and its validation (not 401s all along).
      expect([...seen].sort(), op.key).toEqual([200, 400]);
    }
  }, 180_000);

  it('JSON bodies of every write', async () => {
    for (const op of ops.filter((o) => o.bodyTypes.includes('application/json'))) {
      const spec = bodies[op.key]!;
      const path = spec.id ? fill(op.path, spec.id) : op.path;
      const token = spec.admin ? admin : spec.service ? env.t.secrets.INGEST_TOKEN : env.alice.token;
      const seen = new Set<number>();
      await fc.assert(
        fc.asyncProperty(bodyArb(op, spec.body), async ({ body, type }) => expectSafe(env, seen, `${op.key} (${type}) ${body.slice(0, 200)}`, () => send(env, op, path, { token, body, type }))),
        { seed: seedOf(op.key), numRuns: BODY_RUNS },
      );
      expect(seen.has(400), `${op.key}: no case was refused`).toBe(true);
      if (op.key !== 'POST /api/v1/sessions/claim') expect(seen.has(200), `${op.key}: no case was accepted`).toBe(true);
    }
  }, 180_000);
});
