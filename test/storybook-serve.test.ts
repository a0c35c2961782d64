/**
 * `npm start` serves the built Storybook at /storybook/ from disk on every request: before the
 * first `npm run build-storybook` it says how to make one, and a rebuild shows at once, with no
 * restart (api/node.ts `serveStorybook`).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { diskBlobStore } from '../api/blobs/disk.ts';
import { parseConfig } from '../api/config.ts';
import { systemClock } from '../api/env.ts';
import { silentLogger } from '../api/lib/logger.ts';
import { openDatabase, serveStorybook } from '../api/node.ts';
import { testSecrets } from './harness.ts';

describe('/storybook/', () => {
  let dir: string;
  let close: () => void;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'genshelf-storybook-'));
    const config = parseConfig({ DATABASE_URL: `file:${join(dir, 'test.db')}`, ...testSecrets() });
    const { db, client } = await openDatabase(config.DATABASE_URL);
    close = () => client.close();
    app = createApp({ db, blobs: diskBlobStore(join(dir, 'blobs')), config, clock: systemClock, fetch: globalThis.fetch, log: silentLogger });
    serveStorybook(app, undefined, join(dir, 'storybook-static'));
  });
  afterAll(() => {
    close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says how to build it, then serves each build as it lands, without a restart', async () => {
    const before = await app.request('/storybook/');
    expect(before.status).toBe(404);
    expect(((await before.json()) as { message: string }).message).toMatch(/npm run build-storybook/);

    const out = join(dir, 'storybook-static');
    mkdirSync(out);
    writeFileSync(join(out, 'index.html'), '<title>first build</title>');
    const first = await app.request('/storybook/');
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('first build');
    expect(first.headers.get('content-security-policy')).toBe("frame-ancestors 'self'");

    rmSync(out, { recursive: true });
    mkdirSync(out);
    writeFileSync(join(out, 'index.html'), '<title>second build</title>');
    writeFileSync(join(out, 'index.json'), '{"v":5}');
    expect(await (await app.request('/storybook/')).text()).toContain('second build');
    expect(await (await app.request('/storybook/index.json')).json()).toEqual({ v: 5 });
  });
});
