/**
 * The video proxy as the Node server sends it (api/node.ts's `listen` with the Node fetch): over
 * real HTTP, a proxied body nobody read is sent from the upstream socket to the client's
 * (`sendUpstreamMessage`) rather than through its web stream. The whole proxy contract — ranges,
 * cut-short and stalled upstreams, leaks, expiry — runs through that path, a slow client holds the
 * provider back, and a last check shows the path was taken.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { clientGoneOnNode, listen } from '../api/node.ts';
import { nodeFetch } from '../api/node-fetch.ts';
import { defineVideoProxyContract } from './contract/video-proxy.contract.ts';
import { call, ingest, makeUser, nodeTarget, unique, type Target } from './harness.ts';

/** The body of every `/video/` response the app gave the server. */
const videoBodies: ReadableStream[] = [];
const servers: Server[] = [];

async function overHttp(env: Record<string, string>): Promise<Target & { port: number }> {
  // Links name the origin the contract expects of an in-process app; it follows their paths only.
  // Node's fetch and its watch for a client that went away, as api/node.ts gives them.
  const t = await nodeTarget({ PUBLIC_BASE_URL: 'http://localhost', ...env }, { fetch: nodeFetch, onClientGone: clientGoneOnNode });
  const port = await new Promise<number>((ready) => {
    const server = listen(
      async (req, bindings) => {
        const res = await t.app.fetch(req, bindings);
        if (new URL(req.url).pathname.startsWith('/video/') && res.body) videoBodies.push(res.body);
        return res;
      },
      { port: 0, hostname: '127.0.0.1', maxHeaderBytes: 16 * 1024 },
      ready,
    ) as Server;
    servers.push(server);
  });
  const base = `http://127.0.0.1:${port}`;
  return { ...t, port, fetch: (path, init) => fetch(`${base}${path}`, init) };
}

/**
 * A provider answering with `handler`, and a Node server over HTTP allowed to fetch from it
 * (`env` on top): a provider-kept video registered for a new user, and its `/video/` path.
 */
async function proxied(handler: (req: IncomingMessage, res: ServerResponse) => void, env: Record<string, string> = {}): Promise<{ t: Target & { port: number }; path: string }> {
  const provider = createServer(handler);
  servers.push(provider);
  const providerPort = await new Promise<number>((ready) => provider.listen(0, '127.0.0.1', () => ready((provider.address() as { port: number }).port)));
  const host = `127.0.0.1:${providerPort}`;
  const t = await overHttp({ UPSTREAM_ALLOWED_HOSTS: host, UPSTREAM_ALLOW_HTTP: '1', UPSTREAM_ALLOW_PRIVATE: '1', ...env });
  const owner = await makeUser(t, unique('user'));
  const job = await ingest(t).job(owner, { app_id: 'text-to-video', status: 'completed' });
  const reg = await call(t, 'POST', `/api/v1/jobs/${job.id}/assets`, { token: t.secrets.INGEST_TOKEN, body: { source_url: `http://${host}/big.mp4`, kind: 'video' } });
  expect(reg.status, reg.text).toBe(201);
  const listed = await owner.get('/api/user-generations?limit=50');
  const path = new URL((listed.body.generations as { id: string; proxy_url: string }[]).find((g) => g.id === job.id)!.proxy_url).pathname;
  return { t, path };
}

/** Resolves once `res`'s connection closed; `true` when it closed before the response was complete. */
const closedEarly = (res: ServerResponse) => new Promise<boolean>((done) => res.once('close', () => done(!res.writableFinished)));

defineVideoProxyContract('node over HTTP', overHttp);

describe('proxied bodies on the Node server', () => {
  afterAll(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((done) => s.close(done));
    }
  });

  it('a client that stops reading holds the provider back (the video is not buffered) and still gets every byte, no stall declared', async () => {
    const MiB = 2 ** 20;
    const size = 64 * MiB;
    let sent = 0;
    const { t, path } = await proxied((_req, res) => {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(size) });
      const chunk = Buffer.alloc(64 * 1024, 7);
      const pump = () => {
        while (sent < size) {
          const n = Math.min(chunk.length, size - sent);
          sent += n;
          if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
    }, { UPSTREAM_IDLE_TIMEOUT_MS: '300' });

    const client = connect(t.port, '127.0.0.1');
    client.pause();
    client.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    await new Promise((r) => setTimeout(r, 1200));
    // What the provider got rid of sits in the kernel's socket buffers (a few MiB each on
    // loopback) and, at most 256 KiB of it, in the proxy: far from the whole file.
    const sentWhileStopped = sent;
    expect(sentWhileStopped).toBeLessThan(40 * MiB);
    let head = '';
    let body = 0;
    await new Promise<void>((done, fail) => {
      client.on('data', (d: Buffer) => {
        if (head.endsWith('\r\n\r\n')) body += d.length;
        else {
          const text = head + d.toString('latin1');
          const end = text.indexOf('\r\n\r\n');
          if (end < 0) return void (head = text);
          head = text.slice(0, end + 4);
          body += d.length - (end + 4 - (text.length - d.length));
        }
        if (body >= size) done();
      });
      client.once('close', () => (body >= size ? done() : fail(new Error(`the connection closed after ${body} of ${size} body bytes`))));
      client.resume();
    });
    client.destroy();
    expect(head).toMatch(/^HTTP\/1\.1 200 /);
    expect(head.toLowerCase()).toContain(`content-length: ${size}`);
    expect(body).toBe(size);
  });

  it('a client that goes away mid-video closes the provider\'s connection (the rest is never fetched)', async () => {
    const MiB = 2 ** 20;
    const size = 256 * MiB;
    let sent = 0;
    let providerClosed!: Promise<boolean>;
    const { t, path } = await proxied((_req, res) => {
      providerClosed = closedEarly(res);
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(size) });
      const chunk = Buffer.alloc(64 * 1024, 7);
      const pump = () => {
        while (sent < size && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        if (sent >= size) res.end();
      };
      pump();
    });
    const client = connect(t.port, '127.0.0.1');
    client.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    await new Promise((got) => client.once('data', got));
    client.destroy();
    expect(await providerClosed).toBe(true);
    expect(sent).toBeLessThan(size / 2);
  });

  it('a client that goes away before the provider answers ends the request to the provider', async () => {
    let providerClosed!: Promise<boolean>;
    let asked!: () => void;
    const requested = new Promise<void>((done) => (asked = done));
    const { t, path } = await proxied((_req, res) => {
      // Answers only after the client is gone, if its connection is still there.
      providerClosed = closedEarly(res);
      asked();
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': '4' });
        res.end('abcd');
      }, 3000);
    });
    const client = connect(t.port, '127.0.0.1');
    client.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    await requested;
    client.destroy();
    expect(await providerClosed).toBe(true);
  });

  it('were sent from the upstream socket, not read through their web stream', () => {
    // A body sent that way has a web stream nobody read (@hono/node-server would have locked it); only a
    // provider that ignored the range (the range is cut here) goes through the stream.
    const sent = videoBodies.filter((b) => !b.locked);
    expect(videoBodies.length).toBeGreaterThan(20);
    expect(sent.length).toBeGreaterThan(videoBodies.length / 2);
  });
});
