/**
 * Opaque things genshelf hands out — signed file URLs, list cursors, video proxy ids, anonymous
 * session tokens — altered at every position: each altered copy is refused with a 4xx and the
 * standard body, never a 5xx, never anyone's bytes, and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous } from '../contract/sessions.contract.ts';
import { expectError } from '../contract/expect.ts';
import { call, ingest, makeUser, nodeTarget, type Reply, type Target, type TestUser } from '../harness.ts';
import { dbState } from './db-state.ts';
import { ownedWork, type Owned } from './world.ts';

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const HEX = '0123456789abcdef';

/**
 * Every copy of `value` with one character replaced: by the next character of its alphabet and,
 * for base64url, by the one differing only in the lowest bit (a lenient decoder would ignore it).
 */
function flips(value: string, alphabet = B64URL): string[] {
  const out = new Set<string>();
  for (let i = 0; i < value.length; i++) {
    const at = alphabet.indexOf(value[i]!);
    if (at < 0) continue; // separators ('.', '-') stay: changing them is a different shape, tested apart
    const swaps = alphabet === B64URL ? [alphabet[(at + 1) % 64]!, alphabet[at ^ 1]!] : [alphabet[(at + 1) % alphabet.length]!];
    for (const ch of swaps) if (ch !== value[i]) out.add(value.slice(0, i) + ch + value.slice(i + 1));
  }
  return [...out];
}

/** Shapes that are not flips: cut, doubled, separators moved, another token's halves. */
function reshapes(value: string, other: string): string[] {
  const [a = '', b = ''] = value.split('.');
  const [c = '', d = ''] = other.split('.');
  return [value.slice(0, -1), value.slice(1), `${value}A`, `${value}${value}`, value.replace('.', ''), `${a}.${d}`, `${c}.${b}`, `${a}..${b}`, `.${b}`, `${a}.`, '.', encodeURIComponent(value + '\u0000')];
}

describe('altered opaque values are refused', () => {
  let t: Target;
  let alice: TestUser;
  let bob: TestUser;
  let aliceWork: Owned;
  let bobWork: Owned;
  /** Bytes no refusal may contain: the start of every file either owner has. */
  let fileHeads: Buffer[];

  beforeAll(async () => {
    t = await nodeTarget();
    alice = await makeUser(t);
    bob = await makeUser(t);
    aliceWork = await ownedWork(t, alice, 'alice');
    bobWork = await ownedWork(t, bob, 'bob');
    // Enough jobs and assets for lists with a next page.
    for (let i = 0; i < 3; i++) {
      await ingest(t).job(alice, { prompt: `page filler ${i}` });
      await ingest(t).job(bob, { prompt: `page filler ${i}` });
    }
    const heads = [aliceWork.image.url, aliceWork.video.url, bobWork.image.url, bobWork.video.url].map(async (url) => Buffer.from(await (await t.fetch(new URL(url).pathname)).arrayBuffer()).subarray(0, 16));
    fileHeads = await Promise.all(heads);
  });
  afterAll(() => t?.close());

  /**
   * Sends each variant; all must be refused with `status` and `code` (or one of the `also`
   * answers: a value too long for the route is a 422), carrying none of the files' bytes, writing nothing.
   */
  async function expectAllRefused(variants: string[], send: (v: string) => Promise<Reply>, status: number, code: string, also: Record<number, string> = {}) {
    expect(variants.length).toBeGreaterThan(10);
    const before = await dbState(t);
    for (const v of variants) {
      const r = await send(v);
      const expected = r.status in also ? r.status : status;
      expect(r.status, `${v}: ${r.text}`).toBe(expected);
      expectError(r, expected, also[r.status] ?? code);
      const raw = Buffer.from(r.text, 'latin1');
      for (const head of fileHeads) expect(raw.includes(head), `${v}: a file's bytes in the refusal`).toBe(false);
    }
    expect(await dbState(t)).toEqual(before);
  }

  it('a signed file URL altered anywhere → 404 not_found (never a file: not Alice\'s, not Bob\'s)', async () => {
    const token = new URL(aliceWork.image.url).pathname.split('/').pop()!;
    const other = new URL(bobWork.image.url).pathname.split('/').pop()!;
    const works = await t.fetch(`/files/${token}`);
    expect(works.status).toBe(200);
    const variants = [...flips(token), ...reshapes(token, other).filter((v) => v.length > 0 && !/^\.*$/.test(v))];
    await expectAllRefused(variants, (v) => call(t, 'GET', `/files/${v}`), 404, 'not_found');
  });

  it('the same with a range, HEAD-free download and If-None-Match: still 404, no partial bytes', async () => {
    const token = new URL(aliceWork.video.url).pathname.split('/').pop()!;
    const variants = flips(token).filter((_, i) => i % 3 === 0);
    await expectAllRefused(variants, (v) => call(t, 'GET', `/files/${v}?download=1`, { headers: { range: 'bytes=0-15', 'if-none-match': '*' } }), 404, 'not_found');
  });

  for (const [list, key] of [
    ['/api/v1/jobs', 'jobs'],
    ['/api/v1/assets', 'assets'],
    ['/api/v1/jobs?sort=name', 'jobs'],
  ] as const) {
    it(`a cursor of ${list} altered anywhere → 422 validation_error naming cursor`, async () => {
      const sep = list.includes('?') ? '&' : '?';
      const first = await alice.get(`${list}${sep}limit=1`);
      expect(first.status, first.text).toBe(200);
      const cursor = first.body.next_cursor as string;
      expect(cursor, first.text).toEqual(expect.any(String));
      const next = await alice.get(`${list}${sep}limit=1&cursor=${encodeURIComponent(cursor)}`);
      expect(next.status, next.text).toBe(200);
      expect(next.body[key].length, next.text).toBe(1);
      const other = (await bob.get(`${list}${sep}limit=1`)).body.next_cursor as string;
      expect(other).toEqual(expect.any(String));
      const variants = [...flips(cursor), ...reshapes(cursor, other)].filter((v) => v !== cursor);
      const before = await dbState(t);
      for (const v of variants) {
        const r = await alice.get(`${list}${sep}limit=1&cursor=${encodeURIComponent(v)}`);
        expect(r.status, `${v}: ${r.text}`).toBe(422);
        expectError(r, 422, 'validation_error');
        expect(r.body.details.map((d: { field: string }) => d.field), r.text).toContain('cursor');
      }
      expect(await dbState(t)).toEqual(before);
    });
  }

  it("a cursor is no key to its owner's rows: Bob paging with Alice's cursor sees only his own", async () => {
    const cursor = (await alice.get('/api/v1/jobs?limit=1')).body.next_cursor as string;
    const r = await bob.get(`/api/v1/jobs?limit=100&cursor=${encodeURIComponent(cursor)}`);
    expect(r.status, r.text).toBeLessThan(500);
    if (r.status === 200) for (const job of r.body.jobs as { user_id: string }[]) expect(job.user_id, r.text).toBe(bob.sub);
    const assets = (await alice.get('/api/v1/assets?limit=1')).body.next_cursor as string;
    const a = await bob.get(`/api/v1/assets?limit=100&cursor=${encodeURIComponent(assets)}`);
    expect(a.status, a.text).toBeLessThan(500);
    if (a.status === 200) for (const asset of a.body.assets as { id: string }[]) expect([aliceWork.image.id, aliceWork.text.id, aliceWork.video.id]).not.toContain(asset.id);
  });

  it('a jobs cursor on the assets list, and an assets cursor on the jobs list → 422', async () => {
    const jobs = (await alice.get('/api/v1/jobs?limit=1')).body.next_cursor as string;
    const assets = (await alice.get('/api/v1/assets?limit=1')).body.next_cursor as string;
    expectError(await alice.get(`/api/v1/assets?cursor=${encodeURIComponent(jobs)}`), 422, 'validation_error');
    expectError(await alice.get(`/api/v1/jobs?cursor=${encodeURIComponent(assets)}`), 422, 'validation_error');
    expectError(await alice.get(`/api/v1/jobs?sort=oldest&cursor=${encodeURIComponent(jobs)}`), 422, 'validation_error');
  });

  it('a video proxy id altered anywhere → 404 video_not_found, never a video (Bob\'s link exists beside it)', async () => {
    const id = aliceWork.proxyPath.split('/').pop()!;
    expect((await t.fetch(aliceWork.proxyPath)).status).toBe(200);
    const other = bobWork.proxyPath.split('/').pop()!;
    const variants = [...flips(id, HEX), ...flips(id.toUpperCase(), HEX.toUpperCase()), id.toUpperCase(), ...reshapes(id, other).filter((v) => v && !/^\.*$/.test(v)), `${id}/`.slice(0, -1) + '%2F', id.replaceAll('-', '')];
    const distinct = [...new Set(variants)].filter((v) => v !== id && v !== other);
    await expectAllRefused(distinct, (v) => call(t, 'GET', `/video/${v}`, { headers: { range: 'bytes=0-15' } }), 404, 'video_not_found', { 422: 'validation_error' });
  });

  it('an anonymous session token altered anywhere → 401 as a bearer, 422 when claimed, nothing moved', async () => {
    const visitor = await anonymous(t);
    await ingest(t).job({ sub: '' }, { session_id: visitor.session_id, user_id: undefined, prompt: 'anonymous work' });
    const variants = flips(visitor.token).filter((_, i) => i % 2 === 0);
    await expectAllRefused(variants, (v) => call(t, 'GET', '/api/v1/jobs', { token: v }), 401, 'unauthorized');
    await expectAllRefused(variants.slice(0, 60), (v) => alice.send('POST', '/api/v1/sessions/claim', { anonymous_token: v }), 422, 'validation_error');
    const still = await visitor.get('/api/v1/jobs');
    expect(still.body.total, still.text).toBe(1);
  });
});
