import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diskBlobStore } from '../api/blobs/disk.ts';
import { hasBody, type BlobMeta, type BlobWithBody } from '../api/blobs/types.ts';
import { blobStores } from './blob-stores.ts';
import { defineBlobStoreContract } from './contract/blob-store.contract.ts';

for (const [name, start] of blobStores) defineBlobStoreContract(name, start);

const text = async (o: BlobMeta | BlobWithBody | null) => {
  if (!o || !hasBody(o)) throw new Error('expected an object with a body');
  return new TextDecoder().decode(await new Response(o.body).arrayBuffer());
};

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

  it('streams the version it described while the object is replaced or deleted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'genshelf-blobs-'));
    try {
      const store = diskBlobStore(dir);
      const old = new Uint8Array(3 * 1024 * 1024).map((_, i) => i % 253);
      await store.put('k', old);
      const reading = await store.get('k', { range: { offset: 1 } });
      const deleting = await store.get('k');
      await store.put('k', 'new content');
      expect(await text(await store.get('k'))).toBe('new content');
      const ranged = new Uint8Array(await new Response((reading as BlobWithBody).body).arrayBuffer());
      expect(ranged.length).toBe(old.length - 1);
      expect(ranged.every((b, i) => b === old[i + 1])).toBe(true);
      await store.delete('k');
      expect(await store.get('k')).toBeNull();
      expect((await new Response((deleting as BlobWithBody).body).arrayBuffer()).byteLength).toBe(old.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('notices objects another process replaced or deleted (its cached metadata names a missing file)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'genshelf-blobs-'));
    const otherDir = mkdtempSync(join(tmpdir(), 'genshelf-blobs-'));
    try {
      const store = diskBlobStore(dir);
      await store.put('gone', 'a');
      await store.put('changed', 'first');
      expect(await store.head('gone')).not.toBeNull();
      expect(await text(await store.get('changed'))).toBe('first');
      // "Another process": a store on a copy of the directory, its result copied back over it.
      cpSync(dir, otherDir, { recursive: true });
      const other = diskBlobStore(otherDir);
      await other.delete('gone');
      await other.put('changed', 'second', { contentType: 'text/plain' });
      rmSync(join(dir, 'objects'), { recursive: true, force: true });
      cpSync(join(otherDir, 'objects'), join(dir, 'objects'), { recursive: true });
      await new Promise((r) => setTimeout(r, 5_300)); // files nobody reads are kept open for 5 s
      expect(await store.get('gone')).toBeNull();
      const got = await store.get('changed');
      expect(await text(got)).toBe('second');
      expect(got).toMatchObject({ contentType: 'text/plain' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(otherDir, { recursive: true, force: true });
    }
  }, 15_000);

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
