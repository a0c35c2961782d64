import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assets } from '../api/db/schema/index.ts';
import { demoMedia, demoTexts } from '../api/sample/demo-media.ts';
import { DEMO_SUBJECT, seedDemoData } from '../api/sample/demo-data.ts';
import { makeUser, nodeTarget, type Target, type TestUser } from './harness.ts';

const mediaDir = fileURLToPath(new URL('../api/sample/media/', import.meta.url));

/** Top-level MP4 boxes in order, and the boxes of `moov` it contains (walks moov/trak). */
function mp4Boxes(buf: Uint8Array, from = 0, to = buf.byteLength): { type: string; start: number; end: number }[] {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const boxes = [];
  for (let i = from; i + 8 <= to; ) {
    let size = view.getUint32(i);
    const type = String.fromCharCode(...buf.subarray(i + 4, i + 8));
    let header = 8;
    if (size === 1) {
      size = Number(view.getBigUint64(i + 8));
      header = 16;
    } else if (size === 0) size = to - i;
    if (size < header) throw new Error(`bad box ${type} at ${i}`);
    boxes.push({ type, start: i + header, end: i + size });
    i += size;
  }
  return boxes;
}

/** Width, height and duration (ms) of an MP4's first video track, from mvhd and tkhd. */
function mp4Info(buf: Uint8Array): { width: number; height: number; durationMs: number } {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const moov = mp4Boxes(buf).find((b) => b.type === 'moov')!;
  const inMoov = mp4Boxes(buf, moov.start, moov.end);
  const mvhd = inMoov.find((b) => b.type === 'mvhd')!;
  const v1 = buf[mvhd.start] === 1;
  const timescale = view.getUint32(mvhd.start + (v1 ? 20 : 12));
  const duration = v1 ? Number(view.getBigUint64(mvhd.start + 24)) : view.getUint32(mvhd.start + 16);
  for (const trak of inMoov.filter((b) => b.type === 'trak')) {
    const tkhd = mp4Boxes(buf, trak.start, trak.end).find((b) => b.type === 'tkhd')!;
    const width = view.getUint32(tkhd.end - 8) >>> 16;
    const height = view.getUint32(tkhd.end - 4) >>> 16;
    if (width && height) return { width, height, durationMs: Math.round((duration / timescale) * 1000) };
  }
  throw new Error('no video track');
}

/** Width and height of a PNG or WebP (VP8, VP8L, VP8X), from its header. */
function imageSize(buf: Uint8Array): { width: number; height: number } {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const ascii = (at: number, n: number) => String.fromCharCode(...buf.subarray(at, at + n));
  if (ascii(1, 3) === 'PNG') return { width: view.getUint32(16), height: view.getUint32(20) };
  const chunk = ascii(12, 4);
  const u24 = (at: number) => buf[at]! | (buf[at + 1]! << 8) | (buf[at + 2]! << 16);
  if (chunk === 'VP8X') return { width: u24(24) + 1, height: u24(27) + 1 };
  if (chunk === 'VP8 ') return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
  if (chunk === 'VP8L') {
    const bits = view.getUint32(21, true);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  throw new Error(`not a PNG or WebP (${chunk})`);
}

const isPng = (b: Uint8Array) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((x, i) => b[i] === x);
const isWebp = (b: Uint8Array) => String.fromCharCode(...b.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...b.subarray(8, 12)) === 'WEBP';
const pathOf = (url: string) => {
  const u = new URL(url, 'http://localhost');
  return u.pathname + u.search;
};

describe('first-run sample data (Node)', () => {
  let t: Target;
  let demo: TestUser;
  beforeAll(async () => {
    // The same database and disk blob store node.ts opens, in a temp directory.
    t = await nodeTarget();
    expect(await seedDemoData(t.db!, t.blobs!, t.clock!.now())).toBe(true);
    demo = await makeUser(t, DEMO_SUBJECT, { name: 'Demo User' }, { expiresIn: '1h' });
  });
  afterAll(() => t.close());

  const allAssets = async () => {
    const out: any[] = [];
    for (let offset = 0; ; offset += 100) {
      const r = await demo.get(`/api/v1/assets?limit=100&offset=${offset}`);
      expect(r.status, r.text).toBe(200);
      out.push(...r.body.assets);
      if (!r.body.has_more) return out;
    }
  };

  it('seeds once: a second run on the same database does nothing', async () => {
    expect(await seedDemoData(t.db!, t.blobs!, t.clock!.now())).toBe(false);
  });

  it('the gallery lists images, videos and copy with their sizes', async () => {
    const list = await allAssets();
    const byKind = (k: string) => list.filter((a) => a.kind === k);
    expect(byKind('image').length).toBeGreaterThan(5);
    expect(byKind('video').length).toBeGreaterThan(5);
    expect(byKind('text').length).toBeGreaterThan(2);
    for (const a of [...byKind('image'), ...byKind('video')]) {
      expect(a.url).toBeTruthy();
      expect(a.width).toBeGreaterThan(0);
      expect(a.height).toBeGreaterThan(0);
      expect(a.file_size).toBeGreaterThan(0);
    }
    for (const v of byKind('video')) expect(v.duration).toBeGreaterThan(1);
    for (const x of byKind('text')) expect(x.text.length).toBeGreaterThan(50);
    expect(new Set(byKind('image').map((a) => a.mime))).toEqual(new Set(['image/png', 'image/webp']));
    expect(new Set(byKind('video').map((a) => a.mime))).toEqual(new Set(['video/mp4']));
    const types = new Set(list.map((a) => a.asset_type));
    for (const type of ['thumbnail', 'banner', 'overlay', 'story_graphic', 'clip_cover']) expect(types).toContain(type);
  });

  it('only finished jobs have files, every finished video job has a video and a thumbnail', async () => {
    const jobs: any[] = (await demo.get('/api/v1/jobs?limit=100')).body.jobs;
    const list = await allAssets();
    for (const job of jobs) {
      const mine = list.filter((a) => a.job_id === job.id);
      if (job.status !== 'completed' && job.status !== 'partial') expect(mine, job.status).toEqual([]);
      else if (['video-mixer', 'carousel-mix', 'text-to-video', 'anime-motion'].includes(job.app_id)) {
        expect(mine.some((a) => a.kind === 'video')).toBe(true);
        expect(mine.some((a) => a.asset_type === 'thumbnail' && a.kind === 'image')).toBe(true);
        expect(job.thumbnail_url).toBeTruthy();
      } else expect(mine.length).toBeGreaterThan(0);
    }
  });

  it("every job's media shows what its prompt asks for, and each job is in its prompt's project", async () => {
    const jobs: any[] = (await demo.get('/api/v1/jobs?limit=100')).body.jobs;
    const list = await allAssets();
    // What a prompt names → words in the title of the job's main output (video, else image, else copy).
    const expected: [RegExp, RegExp][] = [
      [/beach b-roll/i, /beach/i],
      [/summer jingle/i, /summer sale/i],
      [/spanish/i, /verano/i],
      [/drone shots of the venue/i, /venue/i],
      [/morning routines/i, /calm morning/i],
      [/spring catalogue/i, /spring/i],
      [/better sleep/i, /sleep/i],
      [/paper boat/i, /paper boat/i],
      [/sourdough/i, /sourdough/i],
      [/astronaut cat/i, /astronaut cat/i],
      [/misty pine/i, /misty pines/i],
      [/into anime, cinematic/i, /anime cut/i],
      [/panel 3 with rain/i, /panel 3/i],
      [/hero's hair/i, /hero/i],
      [/youtube thumbnail/i, /30 days/i],
      [/stream overlay/i, /overlay/i],
      [/cooking channel/i, /kitchen/i],
      [/live q&a/i, /q&a/i],
      [/episode 12/i, /episode 12/i],
      [/ceramic mug/i, /mug/i],
      [/sneaker drop/i, /drop 07/i],
      [/sneakers on a city run/i, /city run/i],
    ];
    const projects = new Map<string, RegExp>([
      ['Ceramic Mug Listing', /mug/i],
      ['Sneaker Drop', /sneaker/i],
      ['Launch Night Teasers', /venue/i],
      ['Product Launch Carousel', /catalogue/i],
    ]);
    const finished = jobs.filter((j) => j.status === 'completed' || j.status === 'partial');
    expect(finished.length).toBeGreaterThan(30);
    for (const job of finished) {
      const mine = list.filter((a) => a.job_id === job.id);
      const main = mine.find((a) => a.kind === 'video') ?? mine.find((a) => a.kind === 'image') ?? mine[0];
      const rule = expected.find(([prompt]) => prompt.test(job.prompt));
      expect(rule, `no expectation for the prompt "${job.prompt}"`).toBeTruthy();
      expect(main?.title, `"${job.prompt}" shows ${mine.map((a) => a.title).join(', ')}`).toMatch(rule![1]);
    }
    for (const job of jobs) {
      const rule = projects.get(job.project_name);
      if (rule) expect(job.prompt, `a job in "${job.project_name}"`).toMatch(rule);
    }
    // Video jobs with different prompts never share a cover.
    const coverOf = new Map<string, string>();
    for (const job of finished.filter((j) => ['video-mixer', 'carousel-mix', 'text-to-video', 'anime-motion'].includes(j.app_id))) {
      const cover = list.find((a) => a.job_id === job.id && a.asset_type === 'thumbnail')!.title;
      for (const [prompt, other] of coverOf) if (prompt !== job.prompt) expect(other, `"${job.prompt}" and "${prompt}"`).not.toBe(cover);
      coverOf.set(job.prompt, cover);
    }
  });

  it("an image's signed URL serves PNG or WebP bytes of the recorded size", async () => {
    const images = (await allAssets()).filter((a) => a.kind === 'image');
    const seen = new Set<string>();
    for (const a of images) {
      if (seen.has(a.mime + a.title)) continue;
      seen.add(a.mime + a.title);
      const res = await t.fetch(pathOf(a.url));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(new RegExp(`^${a.mime}`));
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(bytes.byteLength).toBe(a.file_size);
      expect(a.mime === 'image/png' ? isPng(bytes) : isWebp(bytes)).toBe(true);
      expect(imageSize(bytes)).toEqual({ width: a.width, height: a.height });
    }
  });

  it('a video answers a range request with 206, and is a faststart MP4 (moov before mdat)', async () => {
    const videos = (await allAssets()).filter((a) => a.kind === 'video');
    const res = await t.fetch(pathOf(videos[0].url), { headers: { range: 'bytes=0-99' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 0-99/${videos[0].file_size}`);
    const head = new Uint8Array(await res.arrayBuffer());
    expect(head.byteLength).toBe(100);
    expect(String.fromCharCode(...head.subarray(4, 8))).toBe('ftyp');

    const distinct = new Map(videos.map((v) => [v.title, v]));
    expect(distinct.size).toBeGreaterThanOrEqual(4);
    for (const v of distinct.values()) {
      const bytes = new Uint8Array(await (await t.fetch(pathOf(v.url))).arrayBuffer());
      const order = mp4Boxes(bytes).map((b) => b.type);
      expect(order.indexOf('moov'), order.join(' ')).toBeGreaterThan(-1);
      expect(order.indexOf('moov'), order.join(' ')).toBeLessThan(order.indexOf('mdat'));
      const info = mp4Info(bytes);
      expect({ width: info.width, height: info.height }).toEqual({ width: v.width, height: v.height });
      // The file's own length (its mvhd box) agrees with the asset's metadata to within 50 ms.
      expect(info.durationMs).toBeCloseTo(v.duration * 1000, -2);
    }
  });

  it('every committed media file is used, none is missing, and all of them fit in 3 MB', () => {
    const files = readdirSync(mediaDir);
    const used = [...Object.values(demoMedia).map((m) => m.file), ...Object.values(demoTexts).map((x) => x.file)];
    expect(new Set(files)).toEqual(new Set(used));
    const total = files.reduce((sum, f) => sum + statSync(mediaDir + f).size, 0);
    expect(total).toBeLessThanOrEqual(3 * 1024 * 1024);
    for (const f of files.filter((f) => f.endsWith('.mp4'))) expect(mp4Boxes(readFileSync(mediaDir + f)).map((b) => b.type).indexOf('moov')).toBe(1);
  });

  it('shared files are stored once: one blob per media file, whichever jobs use it', async () => {
    const keys = new Set((await t.db!.select({ key: assets.blobKey }).from(assets)).map((r) => r.key).filter((k) => k !== null));
    const listed = await t.blobs!.list({ limit: 1000 });
    expect(new Set(listed.objects.map((o) => o.key))).toEqual(keys);
    // The seed is deterministic: every committed picture and video reaches the demo.
    expect(keys.size).toBe(Object.keys(demoMedia).length);
  });

  it('insights have two months of real usage: totals, changes against the previous month, a daily series and top assets agree', async () => {
    const stats = await demo.get('/api/v1/insights/stats');
    expect(stats.status, stats.text).toBe(200);
    const cur = stats.body.current;
    expect(cur.views).toBeGreaterThan(1000);
    expect(cur.clicks).toBeGreaterThan(0);
    expect(cur.clicks).toBeLessThan(cur.views);
    expect(cur.conversions).toBeGreaterThan(0);
    expect(cur.generations.total).toBeGreaterThan(25);
    expect(stats.body.storage_used).toBeGreaterThan(100_000);
    // The month before has usage too, so every headline number has a change to show.
    const prev = stats.body.previous;
    for (const key of ['views', 'clicks', 'downloads', 'shares', 'conversions', 'credits_used'] as const) expect(prev[key], key).toBeGreaterThan(0);
    expect(prev.generations.total).toBeGreaterThan(10);
    for (const key of ['views', 'clicks', 'ctr', 'downloads', 'shares', 'conversions', 'conversion_rate', 'generations', 'credits_used', 'storage_used']) {
      expect(stats.body.change[key], key).toEqual(expect.any(Number));
    }
    expect(stats.body.change.views).not.toBe(0);
    const chart = await demo.get('/api/v1/insights/charts?metric=views&days=30');
    const sum = chart.body.series.reduce((n: number, d: { value: number }) => n + d.value, 0);
    // The same span as the chart (whole UTC days up to now; no event is in the future) counts the same.
    const since = await demo.get(`/api/v1/insights/stats?from=${chart.body.series[0].date}T00:00:00Z`);
    expect(sum).toBe(since.body.current.views);
    expect(sum).toBeGreaterThan(0);
    const top = await demo.get('/api/v1/insights/top-assets?metric=views&limit=3');
    expect(top.body.assets).toHaveLength(3);
    expect(top.body.assets[0].value).toBeGreaterThanOrEqual(top.body.assets[2].value);
  });
});
