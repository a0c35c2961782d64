/**
 * Orphaned blobs (issue 11, finding 7): an upload's intent is recorded before its blob is written,
 * so a process killed between the blob and the asset row leaves nothing untracked. Maintenance
 * removes the blobs of intents older than an hour that no asset names (on disk and in R2), Node's
 * start-up removes them all, and the disk store's stale temp files go with them.
 */
import { eq, sql } from 'drizzle-orm';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diskBlobStore } from '../api/blobs/disk.ts';
import { parseConfig } from '../api/config.ts';
import type { Db } from '../api/db/client.ts';
import { assets, blobUploads, jobs } from '../api/db/schema/index.ts';
import type { Deps } from '../api/env.ts';
import { silentLogger } from '../api/lib/logger.ts';
import { openDatabase } from '../api/node.ts';
import { sampleApps } from '../api/sample/apps.ts';
import { registerApps } from '../api/services/apps.ts';
import { storeUpload } from '../api/services/uploads.ts';
import { removeAbandonedUploads, runMaintenance } from '../api/tasks/maintenance.ts';
import { blobStores, type StoreUnderTest } from './blob-stores.ts';
import { ingest, makeUser, nodeTarget, TestClock, testSecrets, unique } from './harness.ts';

const HOUR = 3_600_000;
const body = (text: string) => new Blob([text]).stream() as ReadableStream<Uint8Array>;

for (const [name, startStore] of blobStores) {
  describe(`unfinished uploads leave nothing behind (${name})`, () => {
    let dir: string;
    let store: StoreUnderTest;
    let db: Db;
    let close: () => void;
    let clock: TestClock;
    let deps: Deps;
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'genshelf-orphans-'));
      store = await startStore();
      const opened = await openDatabase(`file:${join(dir, 'test.db')}`);
      db = opened.db;
      close = () => opened.client.close();
      clock = new TestClock();
      await registerApps(db, sampleApps, clock.now(), { replace: false });
      deps = { db, blobs: store.store, config: parseConfig({ DATABASE_URL: 'file:unused.db', ...testSecrets() }), clock, fetch: globalThis.fetch, log: silentLogger };
    });
    afterAll(async () => {
      close?.();
      await store?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    /** An upload whose process is killed after the blob is written and before its row: the commit never comes. */
    async function killedAfterBlob(key: string, owner = 'user:someone') {
      let written!: () => void;
      const blobWritten = new Promise<void>((r) => (written = r));
      void storeUpload(deps, { key, owner, body: body(`bytes of ${key}`) }, () => {
        written();
        return new Promise<never>(() => {});
      });
      await blobWritten;
      expect(await store.store.head(key), `${key} written`).not.toBeNull();
    }
    const intents = async (key: string) => (await db.select().from(blobUploads).where(eq(blobUploads.key, key))).length;

    it('maintenance removes the blob of an upload killed over an hour ago, and leaves one under way alone', async () => {
      const old = unique('old');
      await killedAfterBlob(old);
      clock.advance(HOUR + 60_000);
      const fresh = unique('fresh');
      await killedAfterBlob(fresh);
      await runMaintenance(deps);
      expect(await store.store.head(old), 'the abandoned blob').toBeNull();
      expect(await intents(old)).toBe(0);
      expect(await store.store.head(fresh), 'the upload under way').not.toBeNull();
      expect(await intents(fresh)).toBe(1);
      // Idempotent: a second run finds nothing more to do.
      expect((await removeAbandonedUploads(deps, clock.now() - HOUR)).blobs).toBe(0);
    });

    it('keeps a blob whose asset row was written before the process died (only the intent goes)', async () => {
      const key = unique('named');
      await killedAfterBlob(key);
      const jobId = unique('job');
      await db.insert(jobs).values({ id: jobId, owner: 'user:someone', appId: 'video-mixer', status: 'completed', createdAt: clock.now(), updatedAt: clock.now() });
      await db.insert(assets).values({ id: unique('asset'), jobId, owner: 'user:someone', kind: 'image', blobKey: key, createdAt: clock.now() });
      clock.advance(2 * HOUR);
      await runMaintenance(deps);
      expect(await store.store.head(key)).not.toBeNull();
      expect(await intents(key)).toBe(0);
    });

    it("Node's start-up removes every unfinished upload, however recent (one process per blob directory)", async () => {
      const key = unique('at-start');
      await killedAfterBlob(key);
      await removeAbandonedUploads(deps, clock.now() + 1);
      expect(await store.store.head(key)).toBeNull();
      expect(await intents(key)).toBe(0);
    });

    it('a failed upload removes its blob and its intent at once', async () => {
      const key = unique('failed');
      await expect(storeUpload(deps, { key, owner: 'user:someone', body: body('bytes') }, async () => Promise.reject(new Error('the row could not be written')))).rejects.toThrow(/row/);
      expect(await store.store.head(key)).toBeNull();
      expect(await intents(key)).toBe(0);
    });
  });
}

describe('the disk store after a crash', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'genshelf-disk-crash-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('removes temp files last written before the cutoff (a killed put), and keeps newer ones', async () => {
    const store = diskBlobStore(dir);
    mkdirSync(join(dir, 'tmp'), { recursive: true });
    writeFileSync(join(dir, 'tmp', 'killed-put'), 'half an upload');
    writeFileSync(join(dir, 'tmp', 'current-put'), 'an upload under way');
    const anHourAgo = new Date(Date.now() - HOUR);
    utimesSync(join(dir, 'tmp', 'killed-put'), new Date(anHourAgo.getTime() - 1000), new Date(anHourAgo.getTime() - 1000));
    expect(await store.removeStaleTemp!(anHourAgo)).toBe(1);
    expect(readdirSync(join(dir, 'tmp'))).toEqual(['current-put']);
  });

  it('deleting a key removes a data file its metadata never named (killed between the two renames)', async () => {
    const store = diskBlobStore(dir);
    await store.put('k', 'the bytes');
    const shard = readdirSync(join(dir, 'objects'))[0]!;
    const files = () => readdirSync(join(dir, 'objects', shard));
    const data = files().find((f) => !f.endsWith('.json'))!;
    // What a put of the same key killed before its metadata rename leaves: a second data file.
    writeFileSync(join(dir, 'objects', shard, data.replace(/\.[^.]+$/, '.0123456789abcdef')), 'orphaned');
    expect(files()).toHaveLength(3);
    await store.delete('k');
    expect(files()).toEqual([]);
  });
});

describe('over HTTP (Node)', () => {
  it('an upload refused mid-stream leaves no blob and no intent', async () => {
    const t = await nodeTarget({ MAX_UPLOAD_BYTES: '1000' });
    try {
      const alice = await makeUser(t);
      const job = await ingest(t).job(alice);
      for (const [bytes, type] of [[new Uint8Array(5000).fill(7), 'text/plain'], [new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]), 'image/png']] as const) {
        const res = await t.fetch(`/api/v1/jobs/${job.id}/assets`, { method: 'POST', headers: { authorization: `Bearer ${t.secrets.INGEST_TOKEN}`, 'content-type': type }, body: new Blob([bytes]).stream(), duplex: 'half' } as RequestInit);
        expect([413, 415], await res.text()).toContain(res.status);
      }
      expect((await t.blobs!.list()).objects.filter((o) => o.key.includes(job.id))).toEqual([]);
      expect(Number((await t.db!.all<{ n: number }>(sql`select count(*) as n from blob_uploads`))[0]!.n)).toBe(0);
    } finally {
      await t.close();
    }
  });
});
