/**
 * Kept list pages (api/services/page-cache.ts) are never older than the database. Two apps share
 * one file, as two processes or isolates would: `reader` keeps pages, `writer` keeps none and makes
 * every change, so nothing in the reader's memory hears of it but the owner's version that the
 * triggers raise. After each step, every list the reader answers equals the one the writer reads
 * fresh.
 */
import * as fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PageCache } from '../api/services/page-cache.ts';
import { call, ingest, makeUser, nodeTarget, type Target, type TestUser } from './harness.ts';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...Array.from({ length: 40 }, (_, i) => i)]);

type Op =
  | { kind: 'create'; user: number; project: number | null }
  | { kind: 'progress'; job: number; progress: number }
  | { kind: 'complete'; job: number }
  | { kind: 'image'; job: number }
  | { kind: 'trash'; job: number }
  | { kind: 'restore'; job: number }
  | { kind: 'rename'; project: number; name: string };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('create' as const), user: fc.nat(1), project: fc.option(fc.nat(1)) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('progress' as const), job: fc.nat(), progress: fc.nat(99) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('complete' as const), job: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('image' as const), job: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('trash' as const), job: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('restore' as const), job: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rename' as const), project: fc.nat(1), name: fc.constantFrom('Spring', 'Summer', 'Autumn') }) },
);

/** The lists clients poll: the counters, the first page, a short one and the page after it, the trash, newest and oldest; seed 003's dashboard. */
const LISTS = ['/api/v1/jobs/stats', '/api/v1/jobs', '/api/v1/jobs?limit=2', '/api/v1/jobs?trashed=true', '/api/v1/jobs?sort=oldest&limit=3', '/api/me/jobs/stats', '/api/me/jobs', '/api/me/jobs?page=2&limit=2&status=processing'];

describe('kept list pages', () => {
  let dir: string;
  let reader: Target;
  let writer: Target;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'genshelf-pages-'));
    const url = `file:${join(dir, 'shared.db')}`;
    reader = await nodeTarget({ DATABASE_URL: url });
    writer = await nodeTarget({ DATABASE_URL: url, ...reader.secrets, PAGE_CACHE_MB: 0 });
    // One time for both, so signed URLs in both answers are the same.
    writer.clock!.t = reader.clock!.t;
  });
  afterAll(async () => {
    await reader.close();
    await writer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The same user as the reader and as the writer sees them (same token). */
  const asBoth = async (user: TestUser, path: string) => {
    const kept = await call(reader, 'GET', path, { token: user.token });
    const fresh = await call(writer, 'GET', path, { token: user.token });
    expect(kept.status, kept.text).toBe(200);
    expect(kept.text, `${path} as kept`).toBe(fresh.text);
    return kept;
  };

  async function compareAll(users: TestUser[]) {
    for (const u of users) {
      for (const path of LISTS) {
        const first = await asBoth(u, path);
        // …and the page after it, through the cursor.
        if (first.body.next_cursor) await asBoth(u, `${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(first.body.next_cursor)}`);
      }
    }
  }

  it('equal a fresh read after any sequence of jobs, progress, outputs, trash, restore and project renames made elsewhere', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 14 }), async (ops) => {
        const users = [await makeUser(writer), await makeUser(writer)];
        const projects = ['p-one', 'p-two'];
        const pool: { id: string; user: TestUser }[] = [];
        const pick = (i: number) => pool[i % pool.length]!;
        const send = async (method: string, path: string, opts: Parameters<typeof call>[3]) => {
          const r = await call(writer, method, path, opts);
          if (r.status >= 500) throw new Error(`server error: ${r.text}`);
          return r;
        };
        await compareAll(users);
        for (const o of ops) {
          if (o.kind === 'create') {
            const user = users[o.user]!;
            const job = await ingest(writer).job(user, { status: 'processing', ...(o.project === null ? {} : { project_name: projects[o.project] }) });
            pool.push({ id: job.id, user });
          } else if (o.kind === 'rename') {
            const user = users[0]!;
            const list = await call(writer, 'GET', '/api/v1/projects', { token: user.token });
            const project = list.body.projects?.[o.project % Math.max(1, list.body.projects.length)];
            if (project) await send('PATCH', `/api/v1/projects/${project.id}`, { token: user.token, body: { name: `${o.name} ${project.id.slice(0, 6)}` } });
          } else if (pool.length) {
            const j = pick(o.job);
            if (o.kind === 'progress') await send('PATCH', `/api/v1/jobs/${j.id}`, { token: writer.secrets.INGEST_TOKEN, body: { progress: o.progress } });
            if (o.kind === 'complete') await send('PATCH', `/api/v1/jobs/${j.id}`, { token: writer.secrets.INGEST_TOKEN, body: { status: 'completed', progress: 100 } });
            if (o.kind === 'image') {
              const r = await writer.fetch(`/api/v1/jobs/${j.id}/assets`, { method: 'POST', headers: { authorization: `Bearer ${writer.secrets.INGEST_TOKEN}`, 'content-type': 'image/png' }, body: PNG });
              if (r.status >= 500) throw new Error(`upload failed: ${r.status}`);
            }
            if (o.kind === 'trash') await send('DELETE', `/api/v1/jobs/${j.id}`, { token: j.user.token });
            if (o.kind === 'restore') await send('POST', '/api/v1/jobs/restore', { token: j.user.token, body: { ids: [j.id] } });
          }
          await compareAll(users);
        }
      }),
      { numRuns: 20 },
    );
  });

  it('keeps what it answered: the same page twice is the same text, with the same ETag', async () => {
    const user = await makeUser(writer);
    await ingest(writer).job(user);
    const a = await call(reader, 'GET', '/api/v1/jobs', { token: user.token });
    const b = await call(reader, 'GET', '/api/v1/jobs', { token: user.token, headers: { 'if-none-match': a.headers.get('etag')! } });
    expect(b.status).toBe(304);
    await ingest(writer).job(user);
    const c = await call(reader, 'GET', '/api/v1/jobs', { token: user.token, headers: { 'if-none-match': a.headers.get('etag')! } });
    expect(c.status, c.text).toBe(200);
    expect(c.body.total).toBe(2);
  });

  it('signs file URLs anew when their expiry step passes', async () => {
    const user = await makeUser(writer);
    const job = await ingest(writer).job(user);
    await writer.fetch(`/api/v1/jobs/${job.id}/assets`, { method: 'POST', headers: { authorization: `Bearer ${writer.secrets.INGEST_TOKEN}`, 'content-type': 'image/png' }, body: PNG });
    const before = (await call(reader, 'GET', '/api/v1/jobs', { token: user.token })).body.jobs[0].thumbnail_url;
    expect(before).toBeTruthy();
    reader.clock!.advance(3600_000);
    const after = (await call(reader, 'GET', '/api/v1/jobs', { token: user.token })).body.jobs[0].thumbnail_url;
    expect(after).not.toBe(before);
    // (The file lies in the writer's blob directory.)
    expect((await writer.fetch(new URL(after).pathname)).status).toBe(200);
    reader.clock!.t = writer.clock!.t;
  });
});

describe('PageCache', () => {
  let t: Target;
  beforeAll(async () => {
    t = await nodeTarget();
  });
  afterAll(() => t.close());

  it('keeps at most its size, dropping the least recently used owner first, and nothing at size 0', async () => {
    const made: string[] = [];
    const page = (owner: string, text: string) => async () => {
      made.push(owner);
      return text;
    };
    const cache = new PageCache(t.db!, 100);
    await cache.remember('a', 'k', page('a', 'x'.repeat(12)));
    await cache.remember('b', 'k', page('b', 'x'.repeat(12)));
    await cache.remember('a', 'k', page('a', 'unused'));
    expect(made).toEqual(['a', 'b']);
    // 12 × 8 characters more than fit: b (used longest ago) goes first, a stays while it can.
    for (const owner of ['c', 'd', 'e', 'f', 'g', 'h', 'i']) await cache.remember(owner, 'k', page(owner, 'x'.repeat(12)));
    made.length = 0;
    await cache.remember('b', 'k', page('b', 'x'.repeat(12)));
    expect(made).toEqual(['b']);
    // Larger than an eighth of the whole: answered, never kept.
    await cache.remember('z', 'big', page('z', 'x'.repeat(13)));
    await cache.remember('z', 'big', page('z', 'x'.repeat(13)));
    expect(made).toEqual(['b', 'z', 'z']);
    const none = new PageCache(t.db!, 0);
    made.length = 0;
    await none.remember('a', 'k', page('a', 'x'));
    await none.remember('a', 'k', page('a', 'x'));
    expect(made).toEqual(['a', 'a']);
  });
});
