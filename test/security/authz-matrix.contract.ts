/**
 * The authorization matrix, generated from the app's own OpenAPI document: every operation with
 * a path parameter is called on an owner's resource by another user, by an anonymous session and
 * with no token, and must give the standard refusal, leak nothing of the owner's, and change
 * nothing in the database; then the owner makes the same call and it works (so each refusal is
 * about who asked). Every secured operation also refuses a missing or broken token. An operation
 * with a path parameter that `matrix` below does not cover fails the suite: a new id route must
 * say here how it is protected. Runtime-agnostic (Node and workerd).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous } from '../contract/sessions.contract.ts';
import { expectError } from '../contract/expect.ts';
import { adminToken, call, ingest, makeUser, registerApp, unique, type Reply, type Target, type TestUser } from '../harness.ts';
import { dbState } from './db-state.ts';
import { fill, operations, type Operation } from './openapi.ts';
import { ownedWork, ownerFields, type Owned } from './world.ts';

interface World {
  t: Target;
  /** The owner: a signed-in user, or an anonymous session (see `defineAuthzMatrix`). */
  alice: TestUser;
  /** Alice's shared work (only read by the entries that use it). */
  work: Owned;
  /** A marker in every text of Alice's: no refusal may carry it. */
  marker: string;
  /** A token with the `genshelf:admin` scope (an operator). */
  admin: string;
  /** A fresh job of Alice's with one text asset, for entries that change what they touch. */
  freshJob(fields?: Record<string, unknown>): Promise<{ id: string; project_id: string | null; assetId: string }>;
}

interface OwnedEntry {
  kind: 'owned';
  /** The id in the path: a resource of Alice's that her own call below acts on. */
  id(w: World): Promise<string>;
  body?: unknown;
  /** What another user or an anonymous session gets: 403 (exists, not yours) or 404 (as unknown). */
  refused: 403 | 404;
  code?: string;
}

interface CapabilityEntry {
  kind: 'capability';
  /** The id is itself the secret. `guess`: what a caller holding only Alice's ids could try; everyone gets `refused`. */
  guess(w: World): Promise<string>;
  /** A real capability for Alice's resource: works with no token at all. */
  valid(w: World): Promise<string>;
  refused: 404;
  code?: string;
}

/** An operator's route (scope `genshelf:admin`): every caller without the scope is refused, the owner too. */
interface AdminEntry {
  kind: 'admin';
  /** The id in the path: what the admin's own call below acts on. */
  id(w: World): Promise<string>;
  body?: unknown;
}

/** Public by design (the app registry): everyone gets the same answer, no token needed. */
interface PublicEntry {
  kind: 'public';
  id(w: World): Promise<string>;
}

type Entry = OwnedEntry | CapabilityEntry | AdminEntry | PublicEntry;

const fresh = async (w: World) => (await w.freshJob()).id;
const freshAsset = async (w: World) => (await w.freshJob()).assetId;
const freshProject = async (w: World) => (await w.freshJob({ project_name: unique('Project') })).project_id!;

/** Keyed by `METHOD /path/{param}` exactly as the OpenAPI document names the operation. */
export const matrix: Record<string, Entry> = {
  'GET /api/v1/jobs/{id}': { kind: 'owned', id: async (w) => w.work.job.id, refused: 403 },
  'DELETE /api/v1/jobs/{id}': { kind: 'owned', id: fresh, refused: 403 },
  'PATCH /api/v1/jobs/{id}': { kind: 'owned', id: async (w) => (await w.freshJob({ status: 'processing', progress: 10 })).id, body: { progress: 50 }, refused: 403 },
  'POST /api/v1/jobs/{id}/retry': { kind: 'owned', id: async (w) => (await w.freshJob({ status: 'failed', error_message: 'boom' })).id, refused: 403 },
  'GET /api/me/jobs/{jobId}': { kind: 'owned', id: async (w) => w.work.job.id, refused: 404 },
  'DELETE /api/me/jobs/{jobId}': { kind: 'owned', id: fresh, refused: 403 },
  'GET /api/v1/jobs/{id}/assets': { kind: 'owned', id: async (w) => w.work.job.id, refused: 403 },
  'POST /api/v1/jobs/{id}/assets': { kind: 'owned', id: fresh, body: { text: 'an output added by whoever holds the id' }, refused: 403 },
  'GET /api/v1/assets/{id}': { kind: 'owned', id: async (w) => w.work.image.id, refused: 403 },
  'PATCH /api/v1/assets/{id}': { kind: 'owned', id: freshAsset, body: { favorite: true, title: 'renamed' }, refused: 403 },
  'DELETE /api/v1/assets/{id}': { kind: 'owned', id: freshAsset, refused: 403 },
  'PUT /api/v1/assets/{id}/visibility': { kind: 'owned', id: freshAsset, body: { is_public: true }, refused: 403 },
  'GET /api/v1/assets/{id}/content': { kind: 'owned', id: async (w) => w.work.image.id, refused: 403 },
  'GET /api/v1/projects/{id}': { kind: 'owned', id: async (w) => w.work.job.project_id!, refused: 403 },
  'PATCH /api/v1/projects/{id}': { kind: 'owned', id: freshProject, body: { name: 'taken over' }, refused: 403 },
  'DELETE /api/v1/projects/{id}': { kind: 'owned', id: freshProject, refused: 403 },
  'POST /api/v1/projects/{id}/restore': {
    kind: 'owned',
    id: async (w) => {
      const id = await freshProject(w);
      const r = await w.alice.send('DELETE', `/api/v1/projects/${id}`);
      expect(r.status, r.text).toBe(200);
      return id;
    },
    refused: 404,
  },
  'POST /api/v1/projects/{id}/duplicate': { kind: 'owned', id: freshProject, refused: 403 },
  'DELETE /api/generations/{id}': { kind: 'owned', id: fresh, refused: 404 },
  'GET /api/generations/{id}/download': { kind: 'owned', id: async (w) => w.work.job.id, refused: 404 },
  'GET /api/user-generations/{id}': { kind: 'owned', id: async (w) => w.work.job.id, refused: 404 },
  'GET /files/{token}': {
    kind: 'capability',
    guess: async (w) => w.work.image.id,
    valid: async (w) => new URL(w.work.image.url).pathname.split('/').pop()!,
    refused: 404,
  },
  'GET /api/v1/asset/{id}': {
    kind: 'capability',
    // Alice's asset is private: its stable link answers nobody, whoever asks.
    guess: async (w) => w.work.image.id,
    valid: async (w) => {
      const id = await freshAsset(w);
      const r = await w.alice.send('PUT', `/api/v1/assets/${id}/visibility`, { is_public: true });
      expect(r.status, r.text).toBe(200);
      return id;
    },
    refused: 404,
  },
  'GET /api/v1/apps/{id}': { kind: 'public', id: async (w) => (await registerApp(w.t, unique('public-app'))).id },
  'GET /api/v1/apps/{id}/icon': { kind: 'public', id: async (w) => (await registerApp(w.t, unique('icon-app'), { icon_svg: '<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0h4"/></svg>' })).id },
  'PUT /api/v1/apps/{id}': { kind: 'admin', id: async (w) => (await registerApp(w.t, unique('put-app'))).id, body: { name: 'Taken over', color: 'red' } },
  'DELETE /api/v1/apps/{id}': { kind: 'admin', id: async (w) => (await registerApp(w.t, unique('delete-app'))).id },
  'GET /video/{proxy_id}': { kind: 'capability', guess: async (w) => w.work.video.id, valid: async (w) => w.work.proxyPath.split('/').pop()!, refused: 404, code: 'video_not_found' },
};

const codeFor = (status: number) => ({ 401: 'unauthorized', 403: 'forbidden', 404: 'not_found' })[status]!;

/** `status` with the standard body, and none of the owner's text in it. */
function expectRefusal(r: Reply, status: number, code: string, marker: string, label: string) {
  expect(r.status, `${label}: ${r.text}`).toBe(status);
  expectError(r, status, code);
  expect(r.text, label).not.toContain(marker);
}

/**
 * `owners`: whose resources the matrix is run on — a signed-in user's, and an anonymous
 * session's (the same routes, other owner keys).
 */
export function defineAuthzMatrix(name: string, start: () => Promise<Target>, owners: ('user' | 'anon')[] = ['user', 'anon']) {
  for (const ownerKind of owners) defineMatrix(name, start, ownerKind);
}

function defineMatrix(name: string, start: () => Promise<Target>, ownerKind: 'user' | 'anon') {
  describe(`authorization matrix from the OpenAPI document, on ${ownerKind === 'user' ? "a signed-in user's" : "an anonymous session's"} resources (${name})`, () => {
    let t: Target;
    let w: World;
    let ops: Operation[];
    /** Each caller but the owner: another user, an anonymous session, no token, a broken token. */
    let strangers: { label: string; token: string | null }[];

    beforeAll(async () => {
      t = await start();
      const marker = unique('alice-secret');
      const alice = ownerKind === 'user' ? await makeUser(t) : await anonymous(t);
      const work = await ownedWork(t, alice, marker);
      w = {
        t,
        alice,
        work,
        marker,
        admin: await adminToken(t),
        async freshJob(fields = {}) {
          const job = await ingest(t).job(alice, { prompt: `${marker} fresh`, status: 'completed', ...ownerFields(alice), ...fields });
          const text = await call(t, 'POST', `/api/v1/jobs/${job.id}/assets`, { token: t.secrets.INGEST_TOKEN, body: { text: `${marker} text`, title: `${marker} title` } });
          expect(text.status, text.text).toBe(201);
          return { id: job.id, project_id: job.project_id as string | null, assetId: text.body.id as string };
        },
      };
      const bob = await makeUser(t);
      // Bob has work of his own, so a bug that mixes owners has something to mix.
      await ownedWork(t, bob, unique('bob'));
      const visitor = await anonymous(t);
      strangers = [
        { label: 'another user', token: bob.token },
        { label: 'an anonymous session', token: visitor.token },
        { label: 'no token', token: null },
      ];
      ops = await operations(t);
    });
    afterAll(() => t?.close());

    it('covers every operation with a path parameter, and nothing the document no longer has', () => {
      const withParams = ops.filter((o) => o.params.length).map((o) => o.key).sort();
      expect(withParams.length).toBeGreaterThan(0);
      expect(withParams, 'an id route the matrix does not cover: add it to `matrix` in test/security/authz-matrix.contract.ts').toEqual(Object.keys(matrix).sort());
      for (const o of ops.filter((op) => op.params.length)) expect(o.params.length, `${o.key}: one path parameter`).toBe(1);
    });

    it.each(Object.entries(matrix))('%s: refused to everyone but the owner, nothing changed', async (key, entry) => {
      const op = ops.find((o) => o.key === key);
      expect(op, `${key} is not in the OpenAPI document`).toBeDefined();
      const { method, path } = op!;
      // One look at every table before the refused calls and one after them (a write by any shows).
      if (entry.kind === 'owned') {
        const id = await entry.id(w);
        const before = await dbState(t);
        const replies: string[] = [];
        for (const s of strangers) {
          const r = await call(t, method, fill(path, id), { token: s.token, body: entry.body });
          replies.push(`${s.label}: ${r.text}`);
          const status = s.token ? entry.refused : 401;
          expectRefusal(r, status, s.token ? (entry.code ?? codeFor(status)) : 'unauthorized', w.marker, `${key} as ${s.label}`);
        }
        expect(await dbState(t), `${key}, refused:\n${replies.join('\n')}`).toEqual(before);
        const own = await call(t, method, fill(path, id), { token: w.alice.token, body: entry.body });
        expect(own.status, `${key} as the owner: ${own.text}`).toBeGreaterThanOrEqual(200);
        expect(own.status, `${key} as the owner: ${own.text}`).toBeLessThan(300);
      } else if (entry.kind === 'admin') {
        const id = await entry.id(w);
        const before = await dbState(t);
        // Nobody without the scope: not the owner of anything, not the ingest service.
        for (const s of [...strangers, { label: 'a user (Alice)', token: w.alice.token }, { label: 'the ingest service', token: t.secrets.INGEST_TOKEN }]) {
          const r = await call(t, method, fill(path, id), { token: s.token, body: entry.body });
          expectRefusal(r, s.token ? 403 : 401, s.token ? 'forbidden' : 'unauthorized', w.marker, `${key} as ${s.label}`);
        }
        expect(await dbState(t), `${key}, refused`).toEqual(before);
        const own = await call(t, method, fill(path, id), { token: w.admin, body: entry.body });
        expect(own.status, `${key} as an admin: ${own.text}`).toBeGreaterThanOrEqual(200);
        expect(own.status, `${key} as an admin: ${own.text}`).toBeLessThan(300);
      } else if (entry.kind === 'public') {
        const id = await entry.id(w);
        const answers = new Set<string>();
        for (const s of [...strangers, { label: 'the owner', token: w.alice.token }]) {
          const r = await call(t, method, fill(path, id), { token: s.token });
          expect(r.status, `${key} as ${s.label}: ${r.text}`).toBe(200);
          answers.add(r.text);
        }
        expect(answers.size, `${key}: the same answer for everyone`).toBe(1);
      } else {
        const guess = await entry.guess(w);
        const before = await dbState(t);
        for (const s of [...strangers, { label: 'the owner', token: w.alice.token }]) {
          const r = await call(t, method, fill(path, guess), { token: s.token });
          expectRefusal(r, entry.refused, entry.code ?? codeFor(entry.refused), w.marker, `${key} (a guessed id) as ${s.label}`);
        }
        expect(await dbState(t), `${key} with a guessed id`).toEqual(before);
        const res = await t.fetch(fill(path, await entry.valid(w)));
        expect(res.status, `${key} with the real capability and no token`).toBe(200);
        await res.arrayBuffer();
      }
    });

    it('every secured operation: 401 with the standard body for no token and for a broken one, nothing changed', async () => {
      const secured = ops.filter((o) => o.secured);
      expect(secured.length).toBeGreaterThan(30);
      const before = await dbState(t);
      for (const o of secured) {
        const path = fill(o.path, crypto.randomUUID());
        for (const token of [null, 'not-a-token', `${w.alice.token.slice(0, -2)}AA`]) {
          const r = await call(t, o.method, path, { token, body: o.method === 'GET' || o.method === 'DELETE' ? undefined : {} });
          expectRefusal(r, 401, 'unauthorized', w.marker, `${o.key} with ${token === null ? 'no token' : 'a broken token'}`);
        }
      }
      expect(await dbState(t)).toEqual(before);
    });
  });
}
