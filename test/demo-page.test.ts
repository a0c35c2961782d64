/**
 * The demo pages' Content-Security-Policy (issue 11, finding 9): strict (no inline script or style,
 * no eval), from one header builder (api/lib/demo-page.ts), and every page of demo/ obeys it — no
 * inline script, style block, style attribute or event handler, and every script and style sheet
 * it loads is served from this origin. That the page then runs without a CSP violation in Chromium
 * is checked by the end-to-end test (test/e2e/demo.test.ts fails on any console error).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { diskBlobStore } from '../api/blobs/disk.ts';
import { parseConfig } from '../api/config.ts';
import { systemClock } from '../api/env.ts';
import { demoPageCsp } from '../api/lib/demo-page.ts';
import { silentLogger } from '../api/lib/logger.ts';
import { openDatabase, serveWidgets } from '../api/node.ts';
import { testSecrets } from './harness.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Every page of the demo app: index.html at `/`, the others at `/demo/<name>`. */
const pages = readdirSync(join(root, 'demo'))
  .filter((name) => name.endsWith('.html'))
  .map((name) => (name === 'index.html' ? '/' : `/demo/${name}`));

/** The CSP's directives by name. */
const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));

describe('the demo pages are sent with a strict CSP', () => {
  let dir: string;
  let close: () => void;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'genshelf-demo-page-'));
    const config = parseConfig({ DATABASE_URL: `file:${join(dir, 'test.db')}`, ...testSecrets() });
    const { db, client } = await openDatabase(config.DATABASE_URL);
    close = () => client.close();
    app = createApp({ db, blobs: diskBlobStore(join(dir, 'blobs')), config, clock: systemClock, fetch: globalThis.fetch, log: silentLogger });
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'genshelf.js'), '/* the bundle */');
    serveWidgets(app, 'the-demo-token', join(dir, 'dist'));
  });
  afterAll(() => {
    close?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the policy allows nothing inline, no eval, nothing from elsewhere, and no framing', () => {
    const csp = directives(demoPageCsp());
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(demoPageCsp()).not.toMatch(/unsafe-|\*|https?:/);
    // Signed URLs may point at PUBLIC_BASE_URL's origin: media and requests may go there, scripts not.
    const withBase = directives(demoPageCsp('https://genshelf.example.com/base/'));
    for (const name of ['img-src', 'media-src', 'connect-src']) expect(withBase.get(name), name).toContain('https://genshelf.example.com');
    expect(withBase.get('script-src')).toEqual(["'self'"]);
  });

  it.each(pages)('%s is sent with it, never cached', async (path) => {
    const res = await app.request(path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(demoPageCsp());
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it.each(pages)('%s obeys it: no inline script or style, everything it loads served here', async (path) => {
    const html = await (await app.request(path)).text();
    for (const tag of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
      expect(tag[1], tag[0]).toMatch(/\bsrc="/);
      expect(tag[2]!.trim(), tag[0]).toBe('');
    }
    expect(html).not.toMatch(/<style\b/i);
    // Attributes only (a code sample on the page shows markup as text, escaped).
    expect(html).not.toMatch(/<[a-z][\w-]*\s[^>]*\sstyle=/i);
    expect(html).not.toMatch(/<[a-z][\w-]*\s[^>]*\son[a-z]+=/i);
    expect(html).not.toMatch(/javascript:/i);
    const loaded = [...html.matchAll(/<(?:script|link)\b[^>]*\s(?:src|href)="([^"]+)"/gi)].map((m) => m[1]!).filter((url) => !url.startsWith('data:'));
    expect(loaded.length).toBeGreaterThan(0);
    for (const url of loaded) {
      expect(url, 'from this origin').toMatch(/^\/[^/]/);
      const res = await app.request(url);
      expect(res.status, url).toBe(200);
      expect(res.headers.get('content-type'), url).toMatch(/^(text\/javascript|application\/javascript|text\/css|image\/svg\+xml)/);
    }
  });
});

describe('the elements run under it', () => {
  it("never write a style attribute: no element uses lit's styleMap (its first render is an attribute the CSP refuses) or a literal style=\"…\", only widgets/base/style-map.ts", () => {
    const offenders = readdirSync(join(root, 'widgets'), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
      // widgets/test/ holds test-only hosts that never run under the CSP.
      .filter((file) => !file.startsWith('test/'))
      .filter((file) => {
        const source = readFileSync(join(root, 'widgets', file), 'utf8');
        // A literal `style="…"` in a template is an attribute as well, as is lit's styleMap.
        return source.includes('lit/directives/style-map.js') || /\sstyle="/.test(source);
      });
    expect(offenders).toEqual([]);
  });
});
