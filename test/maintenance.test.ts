import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assets, blobDeletions, jobs } from '../api/db/schema/index.ts';
import { drainBlobDeletions, mergeSearchIndex, purgeTrash } from '../api/tasks/maintenance.ts';
import { ingest, makeUser, nodeTarget, unique, type Target } from './harness.ts';

const DAY = 86_400_000;

describe('trash purge', () => {
  let t: Target;
  beforeAll(async () => {
    t = await nodeTarget({ TRASH_RETENTION_DAYS: '30' });
  });
  afterAll(() => t.close());

  async function addAsset(jobId: string, owner: string, blobKey: string | null) {
    const id = unique('asset');
    await t.db!.insert(assets).values({ id, jobId, owner, kind: 'image', blobKey, createdAt: t.clock!.now() });
    return id;
  }

  it('removes expired jobs with their assets, enqueues only blobs nobody else references, and is idempotent', async () => {
    const alice = await makeUser(t, unique('user'), {}, { expiresIn: '365d' });
    const doomed = await ingest(t).job(alice, { status: 'completed' });
    const survivor = await ingest(t).job(alice, { status: 'completed' });
    const own = unique('blob');
    const shared = unique('blob');
    await addAsset(doomed.id, alice.owner, own);
    await addAsset(doomed.id, alice.owner, shared);
    await addAsset(survivor.id, alice.owner, shared); // a duplicated project shares this blob
    expect((await alice.send('DELETE', `/api/v1/jobs/${doomed.id}`)).status).toBe(200);

    // Within retention nothing is purged.
    t.clock!.advance(29 * DAY);
    await purgeTrash(t.db!, t.clock!.now(), 30 * DAY);
    expect(await t.db!.select().from(jobs).where(eq(jobs.id, doomed.id))).toHaveLength(1);

    t.clock!.advance(2 * DAY);
    const first = await purgeTrash(t.db!, t.clock!.now(), 30 * DAY);
    expect(first.jobs).toBeGreaterThanOrEqual(1);
    expect(await t.db!.select().from(jobs).where(eq(jobs.id, doomed.id))).toHaveLength(0);
    expect(await t.db!.select().from(assets).where(eq(assets.jobId, doomed.id))).toHaveLength(0);
    const queued = (await t.db!.select().from(blobDeletions)).map((r) => r.key);
    expect(queued).toContain(own);
    expect(queued).not.toContain(shared);
    expect(await t.db!.select().from(assets).where(eq(assets.jobId, survivor.id))).toHaveLength(1);

    const again = await purgeTrash(t.db!, t.clock!.now(), 30 * DAY);
    expect(again).toEqual({ jobs: 0, assets: 0 });
    // The counters forget the purged (already trashed) job: stats are unchanged by a purge.
    const stats = await alice.get('/api/v1/jobs/stats');
    expect(stats.body.total, stats.text).toBe(1);
  });

  it('purges an asset trashed on its own once it expires, leaving its live job alone', async () => {
    const bob = await makeUser(t, unique('user'), {}, { expiresIn: '365d' });
    const job = await ingest(t).job(bob);
    const blob = unique('blob');
    const assetId = await addAsset(job.id, bob.owner, blob);
    await t.db!.update(assets).set({ deletedAt: t.clock!.now() }).where(eq(assets.id, assetId));
    t.clock!.advance(31 * DAY);
    await purgeTrash(t.db!, t.clock!.now(), 30 * DAY);
    expect(await t.db!.select().from(assets).where(eq(assets.id, assetId))).toHaveLength(0);
    expect((await t.db!.select().from(blobDeletions)).map((r) => r.key)).toContain(blob);
    expect((await bob.get(`/api/v1/jobs/${job.id}`)).status).toBe(200);
  });
});

describe('search index upkeep', () => {
  it('merges the FTS segments that many small writes leave behind, and search still finds everything', async () => {
    const t = await nodeTarget();
    try {
      const alice = await makeUser(t);
      // Each ingest is its own write, so FTS5 adds a segment per job (automerge only tidies up in batches).
      for (let i = 0; i < 40; i++) await ingest(t).job(alice, { prompt: `segment test ${i} saffron` });
      const segments = async () => Number((await t.db!.all<{ n: number }>(sql`select count(distinct segid) as n from jobs_fts_idx`))[0]!.n);
      const before = await segments();
      expect(before).toBeGreaterThan(1);
      expect(await mergeSearchIndex(t.db!)).toBeGreaterThan(0);
      expect(await segments()).toBe(1);
      expect(await mergeSearchIndex(t.db!)).toBe(0); // nothing left to do: idempotent
      const r = await alice.get('/api/v1/jobs?q=affro&limit=100');
      expect(r.body.total, r.text).toBe(40);
    } finally {
      await t.close();
    }
  });
});

describe('blob outbox', () => {
  it('deletes purged blobs from the store, keeps shared ones, and retries a failed deletion later', async () => {
    const t = await nodeTarget();
    try {
      const alice = await makeUser(t, unique('user'), {}, { expiresIn: '365d' });
      const doomed = await ingest(t).job(alice);
      const survivor = await ingest(t).job(alice);
      const own = unique('blob');
      const shared = unique('blob');
      for (const key of [own, shared]) await t.blobs!.put(key, `bytes of ${key}`);
      const add = (jobId: string, blobKey: string) =>
        t.db!.insert(assets).values({ id: unique('asset'), jobId, owner: alice.owner, kind: 'image', blobKey, createdAt: t.clock!.now() });
      await add(doomed.id, own);
      await add(doomed.id, shared);
      await add(survivor.id, shared);
      await alice.send('DELETE', `/api/v1/jobs/${doomed.id}`);
      t.clock!.advance(31 * DAY);
      await purgeTrash(t.db!, t.clock!.now(), 30 * DAY);

      // First attempt: the store fails, the key stays queued with a later not_before.
      const failing = { ...t.blobs!, delete: async () => Promise.reject(new Error('store unavailable')) };
      const log = { info() {}, warn() {}, error() {} };
      expect(await drainBlobDeletions({ db: t.db!, blobs: failing, clock: t.clock!, log })).toBe(0);
      const [queued] = await t.db!.select().from(blobDeletions).where(eq(blobDeletions.key, own));
      expect(queued!.attempts).toBe(1);
      expect(queued!.notBefore).toBeGreaterThan(t.clock!.now());
      expect(await drainBlobDeletions({ db: t.db!, blobs: t.blobs!, clock: t.clock!, log })).toBe(0); // not due yet

      t.clock!.advance(5 * 60_000);
      expect(await drainBlobDeletions({ db: t.db!, blobs: t.blobs!, clock: t.clock!, log })).toBe(1);
      expect(await t.blobs!.head(own)).toBeNull();
      expect(await t.blobs!.head(shared)).not.toBeNull();
      expect(await t.db!.select().from(blobDeletions).where(eq(blobDeletions.key, own))).toHaveLength(0);
    } finally {
      await t.close();
    }
  });
});

describe('purge interrupted halfway', () => {
  it('finishes on the next run: no row, no orphan blob, every blob deleted once', async () => {
    const t = await nodeTarget();
    try {
      const owner = await makeUser(t, unique('user'), {}, { expiresIn: '365d' });
      const keys: string[] = [];
      const jobIds: string[] = [];
      for (let i = 0; i < 7; i++) {
        const job = await ingest(t).job(owner);
        jobIds.push(job.id);
        const key = unique('blob');
        keys.push(key);
        await t.blobs!.put(key, `bytes ${i}`);
        await t.db!.insert(assets).values({ id: unique('asset'), jobId: job.id, owner: owner.owner, kind: 'image', blobKey: key, createdAt: t.clock!.now() });
      }
      // delete → restore → delete, as a user might
      expect((await owner.send('POST', '/api/v1/jobs/bulk-delete', { ids: jobIds })).body.count).toBe(7);
      expect((await owner.send('POST', '/api/v1/jobs/restore', { ids: jobIds })).body.count).toBe(7);
      expect((await owner.send('POST', '/api/v1/jobs/bulk-delete', { ids: jobIds })).body.count).toBe(7);
      t.clock!.advance(31 * DAY);

      // The process dies after one batch of 3 (each batch is one atomic db.batch) …
      expect(await purgeTrash(t.db!, t.clock!.now(), 30 * DAY, { batchSize: 3, maxBatches: 1 })).toEqual({ jobs: 3, assets: 3 });
      // … and after deleting one blob but before forgetting its outbox row.
      const [first] = await t.db!.select().from(blobDeletions).limit(1);
      await t.blobs!.delete(first!.key);

      // The next run (a restart) finishes everything.
      const log = { info() {}, warn() {}, error() {} };
      await purgeTrash(t.db!, t.clock!.now(), 30 * DAY, { batchSize: 3 });
      expect(await drainBlobDeletions({ db: t.db!, blobs: t.blobs!, clock: t.clock!, log })).toBe(7);
      expect(await t.db!.select().from(jobs).where(eq(jobs.owner, owner.owner))).toHaveLength(0);
      expect(await t.db!.select().from(assets).where(eq(assets.owner, owner.owner))).toHaveLength(0);
      expect(await t.db!.select().from(blobDeletions)).toHaveLength(0);
      for (const key of keys) expect(await t.blobs!.head(key)).toBeNull();
      expect((await t.blobs!.list()).objects).toHaveLength(0);
    } finally {
      await t.close();
    }
  });
});
