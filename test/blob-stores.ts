/** Real blob stores for tests: a temp directory, and R2 in workerd through miniflare. */
import { Miniflare } from 'miniflare';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diskBlobStore } from '../api/blobs/disk.ts';
import { r2BlobStore, type R2BucketLike } from '../api/blobs/r2.ts';
import type { BlobStore } from '../api/blobs/types.ts';

export interface StoreUnderTest {
  store: BlobStore;
  close(): Promise<void>;
}

export async function diskStore(): Promise<StoreUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), 'genshelf-blobs-'));
  return { store: diskBlobStore(dir), close: async () => rmSync(dir, { recursive: true, force: true }) };
}

export async function r2Store(): Promise<StoreUnderTest> {
  const dir = mkdtempSync(join(tmpdir(), 'genshelf-r2-'));
  const mf = new Miniflare({
    modules: true,
    script: 'export default { fetch() { return new Response(null, { status: 204 }) } }',
    compatibilityDate: '2026-04-20',
    cf: false,
    r2Buckets: ['BUCKET'],
    r2Persist: join(dir, 'r2'),
  });
  const bucket = (await mf.getR2Bucket('BUCKET')) as unknown as R2BucketLike;
  return {
    store: r2BlobStore(bucket),
    close: async () => {
      await mf.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const blobStores = [
  ['disk', diskStore],
  ['R2 (miniflare)', r2Store],
] as const;
