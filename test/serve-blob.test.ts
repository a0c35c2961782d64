import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlobMeta } from '../api/blobs/types.ts';
import { contentDisposition, parseRange, serveBlob } from '../api/lib/serve-blob.ts';
import { blobStores, type StoreUnderTest } from './blob-stores.ts';
import { unique } from './harness.ts';

const CONTENT = 'abcdefghijklmnopqrstuvwxyz'; // 26 bytes
const get = (headers: Record<string, string> = {}, method = 'GET') => new Request('http://x/f', { method, headers });

for (const [name, start] of blobStores) {
  describe(`serving bytes per RFC 9110 (${name})`, () => {
    let s: StoreUnderTest;
    let key: string;
    let meta: BlobMeta;
    beforeAll(async () => {
      s = await start();
      key = unique('serve');
      meta = await s.store.put(key, CONTENT, { contentType: 'video/mp4' });
    });
    afterAll(() => s.close());

    const serve = async (headers: Record<string, string> = {}, method = 'GET') => {
      const res = (await serveBlob(get(headers, method), s.store, key))!;
      return { res, body: await res.text() };
    };

    it('serves the whole object with validators and Accept-Ranges', async () => {
      const { res, body } = await serve();
      expect(res.status).toBe(200);
      expect(body).toBe(CONTENT);
      expect(Object.fromEntries(res.headers)).toMatchObject({ 'accept-ranges': 'bytes', 'content-length': '26', 'content-type': 'video/mp4', etag: meta.httpEtag });
      expect(Date.parse(res.headers.get('last-modified')!)).not.toBeNaN();
    });

    it.each([
      ['bytes=0-4', 'abcde', 'bytes 0-4/26'],
      ['bytes=20-', 'uvwxyz', 'bytes 20-25/26'],
      ['bytes=-3', 'xyz', 'bytes 23-25/26'],
      ['bytes=24-100', 'yz', 'bytes 24-25/26'],
      ['bytes=-100', CONTENT, 'bytes 0-25/26'],
      ['bytes=25-25', 'z', 'bytes 25-25/26'],
    ])('Range %s → 206 %s', async (range, expected, contentRange) => {
      const { res, body } = await serve({ range });
      expect(res.status).toBe(206);
      expect(body).toBe(expected);
      expect(res.headers.get('content-range')).toBe(contentRange);
      expect(res.headers.get('content-length')).toBe(String(expected.length));
    });

    it.each(['bytes=26-', 'bytes=100-200', 'bytes=-0'])('unsatisfiable Range %s → 416 with the size', async (range) => {
      const { res, body } = await serve({ range });
      expect(res.status).toBe(416);
      expect(body).toBe('');
      expect(res.headers.get('content-range')).toBe('bytes */26');
    });

    it.each(['bytes=0-1,4-5', 'items=0-3', 'bytes=5-2', 'bytes=x-'])('an ignorable Range %s → the whole object', async (range) => {
      const { res, body } = await serve({ range });
      expect(res.status).toBe(200);
      expect(body).toBe(CONTENT);
    });

    it('HEAD answers the headers of GET without a body, for ranges too', async () => {
      const whole = await serve({}, 'HEAD');
      expect(whole.res.status).toBe(200);
      expect(whole.body).toBe('');
      expect(whole.res.headers.get('content-length')).toBe('26');
      const part = await serve({ range: 'bytes=-5' }, 'HEAD');
      expect(part.res.status).toBe(206);
      expect(part.res.headers.get('content-range')).toBe('bytes 21-25/26');
      expect(part.res.headers.get('content-length')).toBe('5');
    });

    it('If-None-Match with the current ETag (or *) → 304; another → 200', async () => {
      for (const inm of [meta.httpEtag, `W/${meta.httpEtag}`, `"other", ${meta.httpEtag}`, '*']) {
        const { res, body } = await serve({ 'if-none-match': inm });
        expect(res.status, inm).toBe(304);
        expect(body).toBe('');
        expect(res.headers.get('etag')).toBe(meta.httpEtag);
      }
      expect((await serve({ 'if-none-match': '"other"' })).res.status).toBe(200);
    });

    it('If-Modified-Since: 304 when not modified since, 200 when it was', async () => {
      expect((await serve({ 'if-modified-since': new Date(Date.now() + 60_000).toUTCString() })).res.status).toBe(304);
      expect((await serve({ 'if-modified-since': new Date(Date.now() - 3_600_000).toUTCString() })).res.status).toBe(200);
    });

    it('If-Range with the current ETag or a recent date keeps the range; a stale one gets the whole object', async () => {
      expect((await serve({ range: 'bytes=0-1', 'if-range': meta.httpEtag })).res.status).toBe(206);
      expect((await serve({ range: 'bytes=0-1', 'if-range': new Date(Date.now() + 60_000).toUTCString() })).res.status).toBe(206);
      const stale = await serve({ range: 'bytes=0-1', 'if-range': '"stale"' });
      expect(stale.res.status).toBe(200);
      expect(stale.body).toBe(CONTENT);
      expect((await serve({ range: 'bytes=0-1', 'if-range': new Date(Date.now() - 86_400_000).toUTCString() })).res.status).toBe(200);
    });

    it('offers a download under a safe file name', async () => {
      const res = (await serveBlob(get(), s.store, key, { downloadName: 'clip "1"\r\n.mp4' }))!;
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="clip _1___.mp4"; filename*=UTF-8''clip%20%221%22%0D%0A.mp4`);
    });

    it('an empty object: 200 without a body; a range → 416 naming size 0', async () => {
      const empty = unique('empty');
      await s.store.put(empty, '', { contentType: 'text/plain' });
      const whole = (await serveBlob(get(), s.store, empty))!;
      expect(whole.status).toBe(200);
      expect(whole.headers.get('content-length')).toBe('0');
      expect(await whole.text()).toBe('');
      for (const range of ['bytes=0-', 'bytes=-5', 'bytes=0-0']) {
        const res = (await serveBlob(get({ range }), s.store, empty))!;
        expect(res.status, range).toBe(416);
        expect(res.headers.get('content-range')).toBe('bytes */0');
        expect(await res.text()).toBe('');
      }
    });

    it('answers null for a missing object', async () => {
      expect(await serveBlob(get(), s.store, unique('missing'))).toBeNull();
    });
  });
}

describe('Range parsing', () => {
  it('treats an empty object as unsatisfiable for any range', () => {
    expect(parseRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-5', 0)).toEqual({ kind: 'unsatisfiable' });
  });
  it('keeps non-ASCII names exact in filename*', () => {
    expect(contentDisposition('résumé 🎬.png')).toBe(`attachment; filename="r_sum_ __.png"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%F0%9F%8E%AC.png`);
  });
});
