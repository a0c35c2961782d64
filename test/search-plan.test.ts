import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assets, jobs } from '../api/db/schema/index.ts';
import { textMatchFor } from '../api/services/assets.ts';
import { makeUser, nodeTarget, unique, type Target } from './harness.ts';

/**
 * The search planner switches strategy when a term matches more than 500 jobs in total; these
 * tests build that much data directly in the database (Node only) and check both plans answer alike.
 */
describe('search over a very common term', () => {
  let t: Target;
  const term = 'lumenfrost';
  let alice: Awaited<ReturnType<typeof makeUser>>;

  beforeAll(async () => {
    t = await nodeTarget();
    alice = await makeUser(t, unique('user'), {}, { expiresIn: '1d' });
    const now = t.clock!.now();
    const row = (owner: string, i: number, prompt: string) => ({
      id: crypto.randomUUID(),
      owner,
      appId: 'video-mixer',
      prompt,
      createdAt: now - i * 1000,
      updatedAt: now - i * 1000,
    });
    // 2,100 matches for other people make the term "common"...
    const others = Array.from({ length: 2100 }, (_, i) => row(`user:${unique('other')}`, i, `scene ${i} ${term} glow`));
    // ...and alice has 1,100 of her own (more than the total cap of 500), in mixed case, plus non-matches.
    const mine = Array.from({ length: 1100 }, (_, i) => row(alice.owner, i, i % 2 ? `A ${term.toUpperCase()} night ${i}` : `${term} dawn ${i}`));
    const noise = Array.from({ length: 50 }, (_, i) => row(alice.owner, 2000 + i, `plain prompt ${i}`));
    for (let i = 0; i < others.length; i += 500) await t.db!.insert(jobs).values(others.slice(i, i + 500));
    for (const chunk of [mine.slice(0, 550), mine.slice(550), noise]) await t.db!.insert(jobs).values(chunk);
  });
  afterAll(() => t.close());

  it('finds the owner\'s matches only, case-insensitively, newest first', async () => {
    const r = await alice.get(`/api/v1/jobs?q=${term.slice(2, 8).toUpperCase()}&limit=5`);
    expect(r.status, r.text).toBe(200);
    expect(r.body.jobs).toHaveLength(5);
    for (const j of r.body.jobs) expect(j.prompt.toLowerCase()).toContain(term);
    expect(r.body.jobs.map((j: { user_id: string }) => j.user_id)).toEqual(Array(5).fill(alice.sub));
    const times = r.body.jobs.map((j: { created_at: string }) => Date.parse(j.created_at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('caps the total at 500 but pages through every match with the cursor', async () => {
    const first = await alice.get(`/api/v1/jobs?q=${term}&limit=100`);
    expect(first.body.total, first.text).toBe(500);
    expect(first.body.has_more).toBe(true);
    const seen = new Set<string>();
    let cursor: string | null = null;
    let r = first;
    for (;;) {
      for (const j of r.body.jobs) seen.add(j.id);
      cursor = r.body.next_cursor;
      if (!cursor) break;
      r = await alice.get(`/api/v1/jobs?q=${term}&limit=100&cursor=${encodeURIComponent(cursor)}`);
      expect(r.status, r.text).toBe(200);
    }
    expect(seen.size).toBe(1100);
  });

  it('answers seed 003\'s page/total from the same plan', async () => {
    const r = await alice.get(`/api/me/jobs?search=${term}&page=2&limit=10`);
    expect(r.status, r.text).toBe(200);
    expect(r.body.jobs).toHaveLength(10);
    expect(r.body.pagination).toEqual({ page: 2, limit: 10, total: 500, pages: 50 });
  });

  it('counts every match when asked for the exact total', async () => {
    const r = await alice.get(`/api/v1/jobs?q=${term}&limit=1&exact_total=true`);
    expect(r.body.total, r.text).toBe(1100);
  });

  it('combines the term with other filters', async () => {
    const r = await alice.get(`/api/v1/jobs?q=${term}&app=carousel-mix`);
    expect(r.body.total, r.text).toBe(0);
    expect(r.body.jobs).toEqual([]);
  });
});

/** The gallery's search switches to LIKE over the owner's assets when a term is common in the indexes. */
describe('gallery search over a very common term', () => {
  let t: Target;
  const term = 'glimmerquay';
  let alice: Awaited<ReturnType<typeof makeUser>>;
  const expected: string[] = [];

  beforeAll(async () => {
    t = await nodeTarget();
    alice = await makeUser(t, unique('user'), {}, { expiresIn: '1d' });
    const now = t.clock!.now();
    const job = (owner: string, i: number, prompt: string) => ({ id: crypto.randomUUID(), owner, appId: 'brand-studio', prompt, createdAt: now - i * 1000, updatedAt: now - i * 1000 });
    const text = (owner: string, jobId: string, i: number, content: string) => ({ id: crypto.randomUUID(), jobId, owner, kind: 'text' as const, mime: 'text/plain', textContent: content, createdAt: now - i * 1000 });
    // 600 other people's texts and 600 of their prompts make the term common in both indexes.
    const otherOwner = `user:${unique('other')}`;
    const otherJobs = Array.from({ length: 600 }, (_, i) => job(otherOwner, i, `poster ${term} ${i}`));
    await t.db!.insert(jobs).values(otherJobs.slice(0, 300));
    await t.db!.insert(jobs).values(otherJobs.slice(300));
    const otherTexts = otherJobs.map((j, i) => text(otherOwner, j.id, i, `caption ${term.toUpperCase()} ${i}`));
    await t.db!.insert(assets).values(otherTexts.slice(0, 300));
    await t.db!.insert(assets).values(otherTexts.slice(300));
    // Alice: one job whose prompt matches (both its assets match through it), one text that matches
    // by content in mixed case, one by title, and noise.
    const byPrompt = job(alice.owner, 1, `A ${term} banner`);
    const plain = job(alice.owner, 2, 'plain prompt');
    await t.db!.insert(jobs).values([byPrompt, plain]);
    const mine = [
      { ...text(alice.owner, byPrompt.id, 3, 'no match here'), key: true },
      { ...text(alice.owner, byPrompt.id, 4, 'neither'), key: true },
      { ...text(alice.owner, plain.id, 5, `Hello ${term.toUpperCase()}!`), key: true },
      { ...text(alice.owner, plain.id, 6, 'body'), title: `${term} title`, key: true },
      { ...text(alice.owner, plain.id, 7, 'unrelated'), key: false },
    ];
    await t.db!.insert(assets).values(mine.map(({ key: _key, ...row }) => row));
    expected.push(...mine.filter((m) => m.key).map((m) => m.id));
  });
  afterAll(() => t.close());

  it('finds exactly the owner\'s matches by text, title and prompt, case-insensitively', async () => {
    expect(await textMatchFor(t.db!, term.slice(1, 9))).toBe('like');
    expect(await textMatchFor(t.db!, 'banner')).toBe('fts');
    const r = await alice.get(`/api/v1/assets?q=${term.slice(1, 9)}&limit=100`);
    expect(r.status, r.text).toBe(200);
    expect(r.body.assets.map((a: { id: string }) => a.id).sort()).toEqual([...expected].sort());
    expect(r.body.total).toBe(4);
  });

  it('pages the matches with the cursor', async () => {
    const first = await alice.get(`/api/v1/assets?q=${term}&limit=3`);
    expect(first.body.has_more, first.text).toBe(true);
    const second = await alice.get(`/api/v1/assets?q=${term}&limit=3&cursor=${encodeURIComponent(first.body.next_cursor)}`);
    expect([...first.body.assets, ...second.body.assets].map((a: { id: string }) => a.id).sort()).toEqual([...expected].sort());
  });

  it('treats LIKE metacharacters as text', async () => {
    const r = await alice.get(`/api/v1/assets?q=${encodeURIComponent('%_%')}`);
    expect(r.status, r.text).toBe(200);
    expect(r.body.total).toBe(0);
  });
});
