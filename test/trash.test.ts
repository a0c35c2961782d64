/**
 * The trash (SPEC §3): soft delete, restore within TRASH_RETENTION_DAYS, and assets that go to
 * the trash with their job coming back with it. Node only: moves the clock and writes asset rows.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assets } from '../api/db/schema/index.ts';
import { ingest, makeUser as makeShortUser, nodeTarget, unique, type Reply, type Target, type TestUser } from './harness.ts';

/** Awaits a call and asserts its status, with the response as the message. */
async function expectStatus(pending: Promise<Reply>, status: number, label?: string): Promise<Reply> {
  const r = await pending;
  expect(r.status, label ? `${label}: ${r.text}` : r.text).toBe(status);
  return r;
}

const DAY = 86_400_000;

/** Users whose tokens outlive the clock jumps these tests make. */
const makeUser = (t: Target) => makeShortUser(t, unique('user'), {}, { expiresIn: '400d' });

describe('trash and restore', () => {
  let t: Target;
  beforeAll(async () => {
    t = await nodeTarget();
  });
  afterAll(() => t.close());

  const job = (u: TestUser, fields: Record<string, unknown> = {}) => ingest(t).job(u, fields);
  const restore = (u: TestUser, ids: string[]) => u.send('POST', '/api/v1/jobs/restore', { ids });

  async function addAsset(u: TestUser, jobId: string, deletedAt: number | null = null) {
    const id = crypto.randomUUID();
    await t.db!.insert(assets).values({ id, jobId, owner: u.owner, kind: 'image', assetType: 'thumbnail', mime: 'image/png', createdAt: t.clock!.now(), deletedAt });
    return id;
  }
  const assetDeletedAt = async (id: string) => (await t.db!.select({ d: assets.deletedAt }).from(assets).where(eq(assets.id, id)))[0]?.d;

  it('DELETE answers restorable_until = now + TRASH_RETENTION_DAYS', async () => {
    const u = await makeUser(t);
    const j = await job(u);
    const r = await u.send('DELETE', `/api/v1/jobs/${j.id}`);
    expect(r.status, r.text).toBe(200);
    expect(r.body.restorable_until, r.text).toBe(new Date(t.clock!.now() + 30 * DAY).toISOString());
  });

  it('restores within the retention window', async () => {
    const u = await makeUser(t);
    const j = await job(u, { status: 'completed', prompt: 'keep me' });
    await u.send('DELETE', `/api/v1/jobs/${j.id}`);
    t.clock!.advance(29 * DAY);
    const r = await restore(u, [j.id]);
    expect(r.body, r.text).toEqual({ count: 1, ids: [j.id], not_found: [] });
    const back = await u.get(`/api/v1/jobs/${j.id}`);
    expect(back.status, back.text).toBe(200);
    expect(back.body, back.text).toMatchObject({ prompt: 'keep me', status: 'completed', deleted_at: null });
  });

  it('after the retention window a restore answers not_found and the job stays in the trash', async () => {
    const u = await makeUser(t);
    const j = await job(u);
    await u.send('DELETE', `/api/v1/jobs/${j.id}`);
    t.clock!.advance(31 * DAY);
    const r = await restore(u, [j.id]);
    expect(r.status, r.text).toBe(200);
    expect(r.body, r.text).toEqual({ count: 0, ids: [], not_found: [j.id] });
    await expectStatus(u.get(`/api/v1/jobs/${j.id}`), 404);
    const stats = await u.get('/api/v1/jobs/stats');
    expect(stats.body.total, stats.text).toBe(0);
  });

  it('honours a configured TRASH_RETENTION_DAYS', async () => {
    const short = await nodeTarget({ TRASH_RETENTION_DAYS: '2' });
    try {
      const u = await makeUser(short);
      const a = await ingest(short).job(u);
      const b = await ingest(short).job(u);
      const del = await u.send('POST', '/api/v1/jobs/bulk-delete', { ids: [a.id, b.id] });
      expect(del.body.restorable_until, del.text).toBe(new Date(short.clock!.now() + 2 * DAY).toISOString());
      short.clock!.advance(DAY);
      const early = await u.send('POST', '/api/v1/jobs/restore', { ids: [a.id] });
      expect(early.body.count, early.text).toBe(1);
      short.clock!.advance(DAY + 1);
      const late = await u.send('POST', '/api/v1/jobs/restore', { ids: [b.id] });
      expect(late.body.not_found, late.text).toEqual([b.id]);
    } finally {
      await short.close();
    }
  });

  it('assets trashed with the job come back with it; an asset trashed earlier stays trashed', async () => {
    const u = await makeUser(t);
    const j = await job(u, { status: 'completed' });
    const earlier = await addAsset(u, j.id, t.clock!.now() - 5_000);
    const live1 = await addAsset(u, j.id);
    const live2 = await addAsset(u, j.id);
    t.clock!.advance(60_000);
    const del = await u.send('DELETE', `/api/v1/jobs/${j.id}`);
    expect(del.status, del.text).toBe(200);
    const trashedAt = t.clock!.now();
    expect(await assetDeletedAt(live1)).toBe(trashedAt);
    expect(await assetDeletedAt(live2)).toBe(trashedAt);
    const earlierAt = await assetDeletedAt(earlier);
    expect(earlierAt).not.toBe(trashedAt);

    t.clock!.advance(DAY);
    const r = await restore(u, [j.id]);
    expect(r.body.count, r.text).toBe(1);
    expect(await assetDeletedAt(live1)).toBeNull();
    expect(await assetDeletedAt(live2)).toBeNull();
    expect(await assetDeletedAt(earlier)).toBe(earlierAt);
  });

  it('bulk delete and the seed 003 delete trash the assets too', async () => {
    const u = await makeUser(t);
    const a = await job(u);
    const b = await job(u);
    const assetA = await addAsset(u, a.id);
    const assetB = await addAsset(u, b.id);
    await u.send('POST', '/api/v1/jobs/bulk-delete', { ids: [a.id] });
    await u.send('DELETE', `/api/me/jobs/${b.id}`);
    expect(await assetDeletedAt(assetA)).toBe(t.clock!.now());
    expect(await assetDeletedAt(assetB)).toBe(t.clock!.now());
    t.clock!.advance(1_000);
    await restore(u, [a.id, b.id]);
    expect(await assetDeletedAt(assetA)).toBeNull();
    expect(await assetDeletedAt(assetB)).toBeNull();
  });

  it("restoring touches neither another owner's jobs nor their assets", async () => {
    const alice = await makeUser(t);
    const bob = await makeUser(t);
    const j = await job(alice);
    const asset = await addAsset(alice, j.id);
    await alice.send('DELETE', `/api/v1/jobs/${j.id}`);
    const trashedAt = t.clock!.now();
    const r = await restore(bob, [j.id]);
    expect(r.body, r.text).toEqual({ count: 0, ids: [], not_found: [j.id] });
    expect(await assetDeletedAt(asset)).toBe(trashedAt);
    const rows = await t.db!.select().from(assets).where(and(eq(assets.jobId, j.id), eq(assets.owner, alice.owner)));
    expect(rows).toHaveLength(1);
  });

  it('a restored job can be trashed and restored again', async () => {
    const u = await makeUser(t);
    const j = await job(u);
    for (let i = 0; i < 3; i++) {
      await expectStatus(u.send('DELETE', `/api/v1/jobs/${j.id}`), 200);
      t.clock!.advance(1_000);
      const back = await restore(u, [j.id]);
      expect(back.body.ids, back.text).toEqual([j.id]);
    }
    const stats = await u.get('/api/v1/jobs/stats');
    expect(stats.body.total, stats.text).toBe(1);
  });
});
