/**
 * What Node itself refuses before the app sees a request (issue 11, 11): headers over
 * MAX_HEADER_BYTES, a malformed request. Over real HTTP through api/node.ts's `listen`, on the real app.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { diskBlobStore } from '../api/blobs/disk.ts';
import { parseConfig } from '../api/config.ts';
import { silentLogger } from '../api/lib/logger.ts';
import { listen, openDatabase } from '../api/node.ts';
import { TestClock, testSecrets } from './harness.ts';

interface Running {
  base: string;
  port: number;
  close(): Promise<void>;
}

async function start(env: Record<string, string> = {}): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'genshelf-headers-'));
  const config = parseConfig({ DATABASE_URL: `file:${join(dir, 'test.db')}`, ...testSecrets(), ...env });
  const { db, client } = await openDatabase(config.DATABASE_URL);
  const app = createApp({ db, blobs: diskBlobStore(join(dir, 'blobs')), config, clock: new TestClock(), fetch: globalThis.fetch, log: silentLogger });
  let port = 0;
  const server = await new Promise<ReturnType<typeof listen>>((ready) => {
    const s = listen(app.fetch, { port: 0, hostname: '127.0.0.1', maxHeaderBytes: config.MAX_HEADER_BYTES }, (p) => {
      port = p;
      ready(s);
    });
  });
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    close: async () => {
      await new Promise((done) => server.close(done));
      client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Bytes sent as they are, and everything the server answers until it closes the connection. */
function rawRequest(port: number, request: string): Promise<string> {
  return new Promise((done, fail) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.on('error', fail);
    socket.on('close', () => done(answer));
  });
}

async function expectStandardError(res: Response, status: number, code: string) {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  const body = JSON.parse(text);
  expect(body, text).toMatchObject({ error: code, message: expect.any(String), request_id: expect.any(String) });
  expect(res.headers.get('x-request-id')).toBe(body.request_id);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
}

describe('requests Node refuses itself get the standard error body', () => {
  let s: Running;
  beforeAll(async () => {
    s = await start();
  });
  afterAll(() => s?.close());

  it('a 100 KB token: 431 headers_too_large naming the limit, and the server goes on serving', async () => {
    const res = await fetch(`${s.base}/api/v1/jobs`, { headers: { authorization: `Bearer ${'a'.repeat(100_000)}` } });
    await expectStandardError(res.clone(), 431, 'headers_too_large');
    expect((await res.json()).message).toContain('16384');
    expect((await fetch(`${s.base}/health`)).status).toBe(200);
  });

  it('a malformed request: 400 bad_request', async () => {
    const answer = await rawRequest(s.port, 'GET /health HTTP/1.1\r\nHost: x\r\nBad Header Without Colon\r\n\r\n');
    const [head, body] = answer.split('\r\n\r\n');
    expect(head, answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(body!), answer).toMatchObject({ error: 'bad_request', message: expect.any(String), request_id: expect.any(String) });
  });

  it('MAX_HEADER_BYTES sets the limit: raised, the same token reaches the app (a 401 for a bad token)', async () => {
    const big = await start({ MAX_HEADER_BYTES: String(256 * 1024) });
    try {
      const res = await fetch(`${big.base}/api/v1/jobs`, { headers: { authorization: `Bearer ${'a'.repeat(100_000)}` } });
      await expectStandardError(res, 401, 'unauthorized');
    } finally {
      await big.close();
    }
  });
});
