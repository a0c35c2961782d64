import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diskBlobStore } from '../api/blobs/disk.ts';
import { blobStores } from './blob-stores.ts';
import { defineBlobStoreContract } from './contract/blob-store.contract.ts';

for (const [name, start] of blobStores) defineBlobStoreContract(name, start);

describe('disk blob store', () => {
  it('leaves no temp files behind and keeps one data file per key across overwrites', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'genshelf-blobs-'));
    try {
      const store = diskBlobStore(dir);
      for (const v of ['one', 'two', 'three']) await store.put('k', v);
      expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
      const shard = readdirSync(join(dir, 'objects'))[0]!;
      expect(readdirSync(join(dir, 'objects', shard)).filter((f) => !f.endsWith('.json'))).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the old object when an upload stream fails midway', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'genshelf-blobs-'));
    try {
      const store = diskBlobStore(dir);
      await store.put('k', 'intact');
      let sent = false;
      const failing = new ReadableStream<Uint8Array>({
        pull(c) {
          if (!sent) {
            sent = true;
            c.enqueue(new Uint8Array([1, 2, 3]));
          } else c.error(new Error('client went away'));
        },
      });
      await expect(store.put('k', failing)).rejects.toThrow('client went away');
      const got = await store.get('k');
      expect(new TextDecoder().decode(new Uint8Array(await new Response((got as { body: ReadableStream }).body).arrayBuffer()))).toBe('intact');
      expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
