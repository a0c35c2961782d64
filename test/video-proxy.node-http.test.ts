/**
 * The video proxy as the Node server sends it (api/node.ts's `listen` with the Node fetch): over
 * real HTTP, a proxied body nobody read is piped from the upstream socket into the client's
 * (`sendUpstreamMessage`) rather than through its web stream. The whole proxy contract — ranges,
 * cut-short and stalled upstreams, leaks, expiry — runs through that path, and a last check shows
 * the path was taken.
 */
import type { Server } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { listen } from '../api/node.ts';
import { nodeFetch } from '../api/node-fetch.ts';
import { defineVideoProxyContract } from './contract/video-proxy.contract.ts';
import { nodeTarget, type Target } from './harness.ts';

/** The body of every `/video/` response the app gave the server. */
const videoBodies: ReadableStream[] = [];
const servers: Server[] = [];

async function overHttp(env: Record<string, string>): Promise<Target> {
  // Links name the origin the contract expects of an in-process app; it follows their paths only.
  const t = await nodeTarget({ PUBLIC_BASE_URL: 'http://localhost', ...env }, { fetch: nodeFetch });
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
  return { ...t, fetch: (path, init) => fetch(`${base}${path}`, init) };
}

defineVideoProxyContract('node over HTTP', overHttp);

describe('proxied bodies on the Node server', () => {
  afterAll(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((done) => s.close(done));
    }
  });

  it('were piped from the upstream socket, not read through their web stream', () => {
    // A piped body's web stream is never read (@hono/node-server would have locked it); only a
    // provider that ignored the range (the range is cut here) goes through the stream.
    const piped = videoBodies.filter((b) => !b.locked);
    expect(videoBodies.length).toBeGreaterThan(20);
    expect(piped.length).toBeGreaterThan(videoBodies.length / 2);
  });
});
