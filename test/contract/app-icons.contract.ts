import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, call, unique, type Target } from '../harness.ts';
import { expectError } from './expect.ts';

/** A 1×1 PNG. */
const PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));
const SVG = '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 20"><circle cx="10" cy="10" r="8" fill="#0d9488"/></svg>';

/**
 * A picture host on 127.0.0.1: what an operator's `icon_url` may name. Types are sent wrong on
 * purpose (`application/octet-stream` for the PNG): genshelf goes by the bytes.
 */
async function startPictureHost(): Promise<{ base: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const send = (status: number, type: string, body: string | Uint8Array) => res.writeHead(status, { 'content-type': type }).end(body);
    switch (req.url) {
      case '/icon.png':
        return send(200, 'application/octet-stream', PNG);
      case '/icon.svg':
        return send(200, 'image/svg+xml', SVG);
      case '/evil.svg':
        return send(200, 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
      case '/page.html':
        return send(200, 'text/html', '<!doctype html><title>not an icon</title><script>alert(1)</script>');
      case '/big.png':
        return send(200, 'image/png', new Uint8Array([...PNG.subarray(0, 8), ...new Uint8Array(300 * 1024)]));
      case '/moved.png':
        return res.writeHead(302, { location: '/icon.png' }).end();
      case '/away.png':
        return res.writeHead(302, { location: 'http://pictures.example.com/icon.png' }).end();
      default:
        return send(404, 'text/plain', 'not here');
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, requests, close: () => new Promise((done) => server.close(() => done())) };
}

/**
 * Issue 15 item 6: an app's icon given by URL is kept by genshelf — fetched when the app is
 * registered, checked by its bytes, served from genshelf's own origin — and a URL that is no
 * picture is a 422 that changes nothing. `start(env)` starts a target with those settings.
 */
export function defineAppIconsContract(name: string, start: (env: Record<string, string>) => Promise<Target>) {
  describe(`app icons copied from icon_url (${name})`, () => {
    let host: Awaited<ReturnType<typeof startPictureHost>>;
    let t: Target;
    let admin: string;
    const put = (id: string, body: Record<string, unknown>) => call(t, 'PUT', `/api/v1/apps/${id}`, { token: admin, body: { name: 'Pictured', color: 'teal', ...body } });
    const served = async (imageUrl: string, headers: Record<string, string> = {}) => {
      const url = new URL(imageUrl);
      const res = await t.fetch(url.pathname + url.search, { headers });
      return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
    };

    beforeAll(async () => {
      host = await startPictureHost();
      t = await start({ UPSTREAM_ALLOW_HTTP: '1', UPSTREAM_ALLOW_PRIVATE: '1' });
      admin = await adminToken(t);
    });
    afterAll(async () => {
      await t?.close();
      await host?.close();
    });

    it('copies a PNG and serves it from genshelf, typed by its bytes, inert, cacheable', async () => {
      const id = unique('png-app');
      const r = await put(id, { icon_url: `${host.base}/icon.png` });
      expect(r.status, r.text).toBe(201);
      expect(r.body).toMatchObject({ icon_url: `${host.base}/icon.png`, icon_svg: null });
      expect(r.body.image_url).toMatch(new RegExp(`^https?://[^/]+/api/v1/apps/${id}/icon\\?v=\\w+$`));
      const { res, bytes } = await served(r.body.image_url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toContain('sandbox');
      expect([...bytes]).toEqual([...PNG]);
      const again = await served(r.body.image_url, { 'if-none-match': res.headers.get('etag')! });
      expect(again.res.status).toBe(304);
      // The list and GET answer the same, without fetching the picture again.
      const before = host.requests.length;
      expect((await call(t, 'GET', `/api/v1/apps/${id}`)).body).toEqual(r.body);
      expect(host.requests.length).toBe(before);
    });

    it('checks an SVG like icon_svg and keeps it as the SVG icon; follows a redirect on the same host', async () => {
      const svg = await put(unique('svg-app'), { icon_url: `${host.base}/icon.svg` });
      expect(svg.status, svg.text).toBe(201);
      expect(svg.body.icon_svg).toBe('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 20"><circle cx="10" cy="10" r="8" fill="#0d9488"/></svg>');
      const { res } = await served(svg.body.image_url);
      expect(res.headers.get('content-type')).toBe('image/svg+xml');
      const moved = await put(unique('moved-app'), { icon_url: `${host.base}/moved.png` });
      expect(moved.status, moved.text).toBe(201);
      expect([...(await served(moved.body.image_url)).bytes]).toEqual([...PNG]);
    });

    it.each([
      ['a page, not a picture', '/page.html', /not a PNG, JPEG, GIF, WebP or AVIF picture/],
      ['an SVG with a script', '/evil.svg', /SVG it names is refused/],
      ['a picture over 256 KiB', '/big.png', /larger than 256 KiB/],
      ['a URL that answers 404', '/gone.png', /answered 404/],
      ['a redirect to another host', '/away.png', /not in UPSTREAM_ALLOWED_HOSTS/],
    ])('%s is a 422 on icon_url that registers nothing', async (_, path, message) => {
      const id = unique('refused-app');
      const r = await put(id, { icon_url: `${host.base}${path}` });
      expectError(r, 422, 'validation_error');
      expect(r.body.details, r.text).toEqual([{ field: 'icon_url', message: expect.stringMatching(message) }]);
      expect(r.text).not.toContain('127.0.0.1');
      expectError(await call(t, 'GET', `/api/v1/apps/${id}`), 404, 'not_found');
    });

    it('a replacement whose picture is refused leaves the app as it was; one without a URL forgets the copy', async () => {
      const id = unique('kept-app');
      const first = await put(id, { icon_url: `${host.base}/icon.png` });
      expect(first.status, first.text).toBe(201);
      expectError(await put(id, { name: 'Renamed', icon_url: `${host.base}/page.html` }), 422, 'validation_error');
      expect((await call(t, 'GET', `/api/v1/apps/${id}`)).body).toEqual(first.body);
      const plain = await put(id, {});
      expect(plain.body).toMatchObject({ icon_url: null, image_url: null });
      expectError(await call(t, 'GET', `/api/v1/apps/${id}/icon`), 404, 'not_found');
    });

    describe('with the default upstream rules', () => {
      let strict: Target;
      let strictAdmin: string;
      beforeAll(async () => {
        strict = await start({});
        strictAdmin = await adminToken(strict);
      });
      afterAll(() => strict?.close());

      it.each([
        ['plain http', (base: string) => `${base}/icon.png`, /only https URLs are accepted/],
        ['a loopback address', () => 'https://127.0.0.1:9/icon.png', /private and loopback addresses are not accepted/],
        ['a local name', () => 'https://icons.localhost/icon.png', /private and loopback addresses are not accepted/],
      ])('refuses %s', async (_, url, message) => {
        const r = await call(strict, 'PUT', `/api/v1/apps/${unique('strict-app')}`, { token: strictAdmin, body: { name: 'Strict', color: 'teal', icon_url: url(host.base) } });
        expectError(r, 422, 'validation_error');
        expect(r.body.details, r.text).toEqual([{ field: 'icon_url', message: expect.stringMatching(message) }]);
      });
    });
  });
}
