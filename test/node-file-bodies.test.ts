/**
 * Bytes from the disk store as the Node server sends them (api/node.ts's `listen`, which hands
 * a file body to the disk store's `sendFileSlice` instead of reading its web stream): over real
 * HTTP, on the real app, every answer is the one the app gives in process — the RFC 9110 matrix
 * of test/serve-blob.test.ts on an object of several read chunks — and the file is what is sent.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, truncateSync } from 'node:fs';
import { request as httpRequest, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { diskBlobStore } from '../api/blobs/disk.ts';
import { parseConfig } from '../api/config.ts';
import { assets } from '../api/db/schema/index.ts';
import { signFileUrl } from '../api/lib/file-urls.ts';
import { silentLogger } from '../api/lib/logger.ts';
import { listen, openDatabase } from '../api/node.ts';
import { sampleApps } from '../api/sample/apps.ts';
import { registerApps } from '../api/services/apps.ts';
import { ingest, makeUser, TestClock, testSecrets, unique, type Target, type TestUser } from './harness.ts';

/** 3 MiB and a bit: several of the sender's reads, the last one short. */
const SIZE = 3 * 1024 * 1024 + 123;
const CONTENT = randomBytes(SIZE);

/** Headers that differ between any two answers (or that only the HTTP layer adds). */
const VOLATILE = new Set(['date', 'connection', 'keep-alive', 'x-request-id', 'server-timing', 'transfer-encoding']);
const stable = (h: Headers) => Object.fromEntries([...h].filter(([k]) => !VOLATILE.has(k)));

describe('file bodies sent by the Node server', () => {
  let dir: string;
  let t: Target & { app: ReturnType<typeof createApp> };
  let base: string;
  let server: ReturnType<typeof listen>;
  let closeDb: () => void;
  /** The body of every response the app gave the server, to tell which were read through their web stream. */
  const bodies: (ReadableStream | null)[] = [];
  let alice: TestUser;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'genshelf-file-bodies-'));
    const secrets = testSecrets();
    const config = parseConfig({ DATABASE_URL: `file:${join(dir, 'test.db')}`, ...secrets });
    const { db, client } = await openDatabase(config.DATABASE_URL);
    closeDb = () => client.close();
    const clock = new TestClock();
    await registerApps(db, sampleApps, clock.now(), { replace: false });
    const blobs = diskBlobStore(join(dir, 'blobs'));
    const app = createApp({ db, blobs, config, clock, fetch: globalThis.fetch, log: silentLogger });
    t = { name: 'node', app, fetch: async (path, init) => app.request(path, init), secrets, clock, db, blobs, sql: async () => [], close: async () => {} };
    alice = await makeUser(t, unique('user'));
    const port = await new Promise<number>((ready) => {
      server = listen(
        async (req, env) => {
          const res = await app.fetch(req, env);
          bodies.push(res.body);
          return res;
        },
        { port: 0, hostname: '127.0.0.1', maxHeaderBytes: config.MAX_HEADER_BYTES },
        ready,
      );
    });
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    (server as Server).closeAllConnections();
    await new Promise((done) => server.close(done));
    closeDb();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A stored video of `content` and a signed URL path for it. */
  async function video(content: Uint8Array | string = CONTENT) {
    const job = await ingest(t).job(alice);
    const id = unique('asset');
    const blobKey = `${alice.owner}/${id}`;
    const meta = await t.blobs!.put(blobKey, content, { contentType: 'video/mp4' });
    await t.db!.insert(assets).values({ id, jobId: job.id, owner: alice.owner, kind: 'video', mime: 'video/mp4', blobKey, size: meta.size, createdAt: t.clock!.now() });
    return { path: await signFileUrl(t.secrets.SIGNING_SECRET, '', { id, owner: alice.owner }, t.clock!.now(), 3600, false), meta };
  }

  /** The data file the disk store keeps for the object with this ETag. */
  function dataFile(etag: string): string {
    const objects = join(dir, 'blobs', 'objects');
    for (const shard of readdirSync(objects)) for (const name of readdirSync(join(objects, shard))) if (name.endsWith(`.${etag}`)) return join(objects, shard, name);
    throw new Error(`no data file for ${etag}`);
  }

  it('answers the RFC 9110 matrix exactly as the app does in process, from the file', async () => {
    const { path, meta } = await video();
    const cases: [string, Record<string, string>][] = [
      ['GET', {}],
      ['GET', { range: 'bytes=0-4' }],
      ['GET', { range: 'bytes=20-' }],
      ['GET', { range: 'bytes=-3' }],
      ['GET', { range: `bytes=${SIZE - 2}-${SIZE + 100}` }],
      ['GET', { range: `bytes=-${SIZE + 100}` }],
      ['GET', { range: 'bytes=524287-1572865' }],
      ['GET', { range: `bytes=${SIZE - 1}-${SIZE - 1}` }],
      ['GET', { range: `bytes=${SIZE}-` }],
      ['GET', { range: 'bytes=-0' }],
      ['GET', { range: 'bytes=0-1,4-5' }],
      ['GET', { range: 'items=0-3' }],
      ['GET', { range: 'bytes=5-2' }],
      ['HEAD', {}],
      ['HEAD', { range: 'bytes=-5' }],
      ['GET', { 'if-none-match': meta.httpEtag }],
      ['GET', { 'if-none-match': '"other"' }],
      ['GET', { range: 'bytes=0-1', 'if-range': meta.httpEtag }],
      ['GET', { range: 'bytes=0-1', 'if-range': '"stale"' }],
      ['GET', { 'if-modified-since': new Date(Date.now() + 60_000).toUTCString() }],
    ];
    for (const [method, headers] of cases) {
      const label = `${method} ${JSON.stringify(headers)}`;
      const want = await t.fetch(path, { method, headers });
      const wantBody = Buffer.from(await want.arrayBuffer());
      const got = await fetch(base + path, { method, headers });
      const gotBody = Buffer.from(await got.arrayBuffer());
      expect(got.status, label).toBe(want.status);
      expect(stable(got.headers), label).toEqual(stable(want.headers));
      expect(gotBody.equals(wantBody), label).toBe(true);
      if (method === 'GET' && (got.status === 200 || got.status === 206)) expect(Number(got.headers.get('content-length')), label).toBe(gotBody.length);
    }
    const whole = await fetch(base + path);
    expect(createHash('sha256').update(Buffer.from(await whole.arrayBuffer())).digest('hex')).toBe(createHash('sha256').update(CONTENT).digest('hex'));
    // Sent from the file: the web stream of a file body was never read (@hono/node-server would have locked it).
    const fileBodies = bodies.filter((b) => b !== null && !b.locked);
    expect(fileBodies.length).toBeGreaterThan(10);
  });

  it('a client that goes away mid-body costs nothing that later answers need', async () => {
    const { path } = await video();
    // Many more than the sender's buffers: a buffer or a file kept by an abandoned answer would stall the full downloads below.
    await Promise.all(
      Array.from({ length: 40 }, () => {
        return new Promise<void>((done, fail) => {
          const req = httpRequest(base + path, (res) => {
            res.once('data', () => {
              req.destroy();
              done();
            });
          });
          req.on('error', (err) => ((err as NodeJS.ErrnoException).code === 'ECONNRESET' ? done() : fail(err)));
          req.end();
        });
      }),
    );
    const all = await Promise.all(Array.from({ length: 40 }, async () => Buffer.from(await (await fetch(base + path)).arrayBuffer())));
    for (const body of all) expect(body.equals(CONTENT)).toBe(true);
  });

  it('a file cut short: 500 with the standard body before any byte, a broken answer after', async () => {
    const early = await video(randomBytes(SIZE));
    truncateSync(dataFile(early.meta.etag), 1000);
    const res = await fetch(base + early.path);
    expect(res.status).toBe(500);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ error: 'internal_error' });
    expect(body.request_id).toBe(res.headers.get('x-request-id'));

    const late = await video(randomBytes(SIZE));
    truncateSync(dataFile(late.meta.etag), 2 * 1024 * 1024);
    const broken = await fetch(base + late.path);
    expect(broken.status).toBe(200);
    await expect(broken.arrayBuffer()).rejects.toThrow();
  });
});
