import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBody, type BlobMeta, type BlobStore, type BlobWithBody } from '../../api/blobs/types.ts';
import { unique } from '../harness.ts';

const text = async (o: BlobMeta | BlobWithBody | null) => {
  if (!o || !hasBody(o)) throw new Error('expected an object with a body');
  return new TextDecoder().decode(new Uint8Array(await new Response(o.body).arrayBuffer()));
};

/** A stream of `chunks` pieces, so puts are exercised the way uploads arrive. */
function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({ pull: (c) => (i < chunks.length ? c.enqueue(chunks[i++]!) : c.close()) });
}

/** One contract, every implementation: what genshelf relies on from R2 and the disk store alike. */
export function defineBlobStoreContract(name: string, start: () => Promise<{ store: BlobStore; close(): Promise<void> }>) {
  describe(`blob store contract (${name})`, () => {
    let store: BlobStore;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ store, close } = await start());
    });
    afterAll(() => close());

    it('round-trips bytes, content type and custom metadata', async () => {
      const key = `${unique('k')}/out put ü.mp4`;
      const put = await store.put(key, 'hello blob', { contentType: 'video/mp4', customMetadata: { job: 'j1' } });
      expect(put).toMatchObject({ key, size: 10, contentType: 'video/mp4', customMetadata: { job: 'j1' } });
      expect(put.httpEtag).toBe(`"${put.etag}"`);
      const got = await store.get(key);
      expect(await text(got)).toBe('hello blob');
      expect(got).toMatchObject({ size: 10, etag: put.etag, contentType: 'video/mp4', customMetadata: { job: 'j1' } });
      expect(got!.range, 'a whole-object read reports no range').toBeUndefined();
      expect(await store.head(key)).toMatchObject({ size: 10, etag: put.etag });
    });

    it('streams a multi-megabyte upload from many chunks', async () => {
      const chunk = new Uint8Array(64 * 1024).map((_, i) => i % 251);
      const put = await store.put(unique('big'), streamOf(Array.from({ length: 48 }, () => chunk)));
      expect(put.size).toBe(48 * 64 * 1024);
      const got = await store.get(put.key);
      const bytes = new Uint8Array(await new Response((got as BlobWithBody).body).arrayBuffer());
      expect(bytes.length).toBe(put.size);
      expect(bytes[64 * 1024 + 5]).toBe(5);
    });

    it('streams an upload larger than one R2 part (multipart on R2) and reads any range of it', async () => {
      const chunk = new Uint8Array(256 * 1024).map((_, i) => (i * 7) % 256);
      const put = await store.put(unique('huge'), streamOf(Array.from({ length: 37 }, () => chunk))); // 9.25 MiB
      expect(put.size).toBe(37 * 256 * 1024);
      const offset = 8 * 1024 * 1024 - 3; // across the first part boundary
      const got = await store.get(put.key, { range: { offset, length: 6 } });
      const bytes = new Uint8Array(await new Response((got as BlobWithBody).body).arrayBuffer());
      expect([...bytes]).toEqual([...Array(6)].map((_, i) => chunk[(offset + i) % chunk.length]!));
    });

    it('gives the same content the same ETag and different content another', async () => {
      const a = await store.put(unique('e'), 'same');
      const b = await store.put(unique('e'), 'same');
      const c = await store.put(unique('e'), 'other');
      expect(a.etag).toBe(b.etag);
      expect(c.etag).not.toBe(a.etag);
    });

    it('overwrites an object completely', async () => {
      const key = unique('o');
      const first = await store.put(key, 'first version', { contentType: 'text/plain', customMetadata: { v: '1' } });
      const second = await store.put(key, 'v2', { contentType: 'image/png' });
      expect(second.etag).not.toBe(first.etag);
      const got = await store.get(key);
      expect(await text(got)).toBe('v2');
      expect(got).toMatchObject({ size: 2, contentType: 'image/png', customMetadata: {} });
    });

    it.each([
      ['offset + length', { offset: 2, length: 3 }, 'cde', { offset: 2, length: 3 }],
      ['offset to the end', { offset: 7 }, 'hij', { offset: 7, length: 3 }],
      ['a length past the end is clipped', { offset: 8, length: 100 }, 'ij', { offset: 8, length: 2 }],
      ['suffix', { suffix: 4 }, 'ghij', { offset: 6, length: 4 }],
      ['a suffix longer than the object', { suffix: 50 }, 'abcdefghij', { offset: 0, length: 10 }],
    ] as const)('reads a range: %s', async (_label, range, expected, reported) => {
      const key = unique('r');
      await store.put(key, 'abcdefghij');
      const got = await store.get(key, { range });
      expect(await text(got)).toBe(expected);
      expect(got!.size).toBe(10);
      expect(got!.range).toEqual(reported);
    });

    it('refuses a range that starts past the end', async () => {
      const key = unique('r');
      await store.put(key, 'abc');
      await expect(store.get(key, { range: { offset: 3 } })).rejects.toThrow();
    });

    it('answers metadata without a body when a condition fails, and the body when it holds', async () => {
      const key = unique('c');
      const put = await store.put(key, 'conditional');
      const mismatch = await store.get(key, { onlyIf: { etagMatches: '"nope"' } });
      expect(mismatch && hasBody(mismatch)).toBe(false);
      expect(mismatch).toMatchObject({ etag: put.etag, size: 11 });
      const notModified = await store.get(key, { onlyIf: { etagDoesNotMatch: put.httpEtag } });
      expect(notModified && hasBody(notModified)).toBe(false);
      expect(await text(await store.get(key, { onlyIf: { etagMatches: put.etag } }))).toBe('conditional');
      expect(await text(await store.get(key, { onlyIf: { etagDoesNotMatch: '"other"' } }))).toBe('conditional');
      const later = await store.get(key, { onlyIf: { uploadedAfter: new Date(Date.now() + 3_600_000) } });
      expect(later && hasBody(later)).toBe(false);
    });

    it('deletes one or many keys; deleting a missing key is fine', async () => {
      const keys = [unique('d'), unique('d'), unique('d')];
      for (const k of keys) await store.put(k, k);
      await store.delete(keys[0]!);
      await store.delete([keys[1]!, keys[2]!, unique('missing')]);
      for (const k of keys) {
        expect(await store.get(k)).toBeNull();
        expect(await store.head(k)).toBeNull();
      }
    });

    it('answers null for an unknown key', async () => {
      expect(await store.get(unique('none'))).toBeNull();
      expect(await store.head(unique('none'))).toBeNull();
    });

    it('lists by prefix in key order, page by page', async () => {
      const prefix = `${unique('list')}/`;
      const keys = ['b', 'a', 'd', 'c', 'e'].map((k) => prefix + k);
      for (const k of keys) await store.put(k, k, { contentType: 'text/plain' });
      await store.put(`${unique('other')}/a`, 'x');
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.list({ prefix, limit: 2, cursor });
        expect(page.objects.length).toBeLessThanOrEqual(2);
        seen.push(...page.objects.map((o) => o.key));
        expect(page.objects.every((o) => o.size === 1 + prefix.length && o.contentType === 'text/plain')).toBe(true);
        cursor = page.truncated ? page.cursor : undefined;
      } while (cursor);
      expect(seen).toEqual([...keys].sort());
    });
  });
}
