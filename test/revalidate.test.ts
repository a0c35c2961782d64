/**
 * api/lib/revalidate.ts: ETags follow the body exactly. Tags of long bodies are remembered by
 * length, so bodies of the same length that differ must never share a tag.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../api/env.ts';
import { revalidate } from '../api/lib/revalidate.ts';

const app = new Hono<AppEnv>().get('/page', revalidate, (c) => {
  const fill = c.req.query('fill') ?? 'a';
  const size = Number(c.req.query('size') ?? 4000);
  // A new string each time, as a rebuilt page is.
  return c.json({ items: [fill.repeat(size - 14)] });
});

async function get(fill: string, size: number, ifNoneMatch?: string) {
  const res = await app.request(`/page?fill=${fill}&size=${size}`, { headers: ifNoneMatch ? { 'if-none-match': ifNoneMatch } : {} });
  return { status: res.status, etag: res.headers.get('etag'), text: await res.text() };
}

describe('revalidate', () => {
  it('gives equal bodies one tag and answers 304 for it', async () => {
    const a = await get('a', 4000);
    expect(a.status).toBe(200);
    expect(a.text).toHaveLength(4000);
    expect((await get('a', 4000)).etag).toBe(a.etag);
    const again = await get('a', 4000, a.etag!);
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
  });

  it('never gives two different bodies of the same length one tag, in any order', async () => {
    for (const size of [100, 4000, 300_000]) {
      const a = await get('a', size);
      const b = await get('b', size);
      expect(b.text).toHaveLength(a.text.length);
      expect(b.etag).not.toBe(a.etag);
      expect((await get('a', size)).etag).toBe(a.etag);
      expect((await get('b', size, a.etag!)).status).toBe(200);
      expect((await get('a', size, b.etag!)).status).toBe(200);
    }
  });

  it('tags many bodies of different lengths right while older ones are forgotten', async () => {
    const first = await get('c', 3000);
    for (let size = 100_000; size < 100_060; size++) await get('d', size); // 6 M characters: past what is kept
    expect((await get('c', 3000)).etag).toBe(first.etag);
  });
});
