/**
 * Who gets the demo user's token in the demo page (issue 11, finding 10): only a request straight
 * from this machine — loopback and no proxy header — and only while the sample data is on and the
 * server is not in production mode. Behind a reverse proxy on the same machine every visitor is
 * 127.0.0.1, so a proxy header alone withholds it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { diskBlobStore } from '../api/blobs/disk.ts';
import { parseConfig } from '../api/config.ts';
import { systemClock } from '../api/env.ts';
import { silentLogger } from '../api/lib/logger.ts';
import { openDatabase, serveWidgets } from '../api/node.ts';
import { testSecrets } from './harness.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TOKEN = 'the-demo-token';
const tokenIn = (html: string) => /<meta name="genshelf-demo-token" content="([^"]*)"/.exec(html)?.[1];

describe('the demo page hands out the demo token', () => {
  let dir: string;
  let close: () => void;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'genshelf-demo-token-'));
    const config = parseConfig({ DATABASE_URL: `file:${join(dir, 'test.db')}`, ...testSecrets() });
    const { db, client } = await openDatabase(config.DATABASE_URL);
    close = () => client.close();
    app = createApp({ db, blobs: diskBlobStore(join(dir, 'blobs')), config, clock: systemClock, fetch: globalThis.fetch, log: silentLogger });
    serveWidgets(app, TOKEN, join(dir, 'dist'));
  });
  afterAll(() => {
    close?.();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The demo page as a peer at `address` sees it (the socket @hono/node-server hands the app). */
  const pageFrom = async (address: string, headers: Record<string, string> = {}) => {
    const res = await app.request('/', { headers }, { incoming: { socket: { remoteAddress: address } } });
    expect(res.status).toBe(200);
    return tokenIn(await res.text());
  };

  it('to a request straight from this machine', async () => {
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) expect(await pageFrom(address), address).toBe(TOKEN);
  });

  it('never to another machine', async () => {
    for (const address of ['192.0.2.10', '10.0.0.2', '::ffff:192.0.2.10', '2001:db8::1']) expect(await pageFrom(address), address).toBe('');
  });

  it.each([
    ['Forwarded', 'for=198.51.100.7'],
    ['X-Forwarded-For', '198.51.100.7'],
    ['X-Forwarded-For', '127.0.0.1'],
    ['X-Forwarded-Host', 'genshelf.example.com'],
    ['X-Forwarded-Proto', 'https'],
    ['X-Real-IP', '198.51.100.7'],
    ['Via', '1.1 proxy'],
  ])('never through a proxy on this machine (%s: %s)', async (name, value) => {
    expect(await pageFrom('127.0.0.1', { [name]: value })).toBe('');
  });
});

describe('npm start in production mode (NODE_ENV=production)', () => {
  it('serves the demo page without the token, even to this machine', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'genshelf-demo-prod-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'api/node.ts'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH, HOME: dir, DATA_DIR: dir, DATABASE_URL: `file:${join(dir, 'genshelf.db')}`, BLOB_DIR: join(dir, 'blobs'), WIDGETS_DIR: join(dir, 'dist'), HOST: '127.0.0.1', PORT: '0', NODE_ENV: 'production', SEED_DEMO_DATA: '1' },
    });
    try {
      let out = '';
      const base = await new Promise<string>((ready, fail) => {
        const onData = (chunk: Buffer) => {
          out += chunk.toString('utf8');
          const found = /genshelf is running at (http:\/\/\S+)/.exec(out)?.[1];
          if (found) ready(found);
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.once('exit', (code) => fail(new Error(`api/node.ts exited (${code}) before it was ready:\n${out}`)));
      });
      const res = await fetch(`${base}/`);
      expect(res.status).toBe(200);
      expect(tokenIn(await res.text()), out).toBe('');
    } finally {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
