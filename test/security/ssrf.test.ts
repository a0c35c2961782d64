/**
 * Server-side request forgery at the one place genshelf accepts a URL (`source_url` of an output
 * the provider keeps, `POST /api/v1/jobs/:id/assets`) and at the one place it fetches one (the
 * video proxy, every redirect hop checked). Address forms that spell a private or loopback
 * target differently are refused at registration even when the operator allow-listed that exact
 * host; redirects from an allowed provider to anything else are never followed, and the server
 * they point at never hears from genshelf.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../contract/expect.ts';
import { lookup as dnsLookup } from 'node:dns';
import { createNodeFetch, nodeFetch } from '../../api/node-fetch.ts';
import { call, ingest, makeUser, nodeTarget, type Target, type TestUser } from '../harness.ts';
import { mediaFiles } from '../upstream.ts';
import { unchangedBy } from './db-state.ts';

interface Local {
  server: Server;
  port: number;
  origin: string;
  hits: string[];
}

/**
 * A provider on 127.0.0.1: `/ok.mp4` is a video, `/to?u=<url>` redirects to `u` (302), every other
 * path 404. Every request is recorded.
 */
async function provider(): Promise<Local> {
  const video = [...mediaFiles().values()][0]!.bytes;
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    const url = new URL(req.url ?? '/', 'http://provider.invalid');
    if (url.pathname === '/to') {
      res.writeHead(302, { location: url.searchParams.get('u') ?? '/' });
      res.end();
    } else if (url.pathname === '/ok.mp4') {
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(video.length) });
      res.end(req.method === 'HEAD' ? undefined : video);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, port, origin: `http://127.0.0.1:${port}`, hits };
}

const close = (l: Local | undefined) => new Promise<void>((resolve) => (l ? l.server.close(() => resolve()) : resolve()));
const to = (p: Local, location: string) => `${p.origin}/to?u=${encodeURIComponent(location)}`;

/** Registers `source_url` as a video of a new job of `owner` (service credential); the raw reply. */
async function register(t: Target, owner: TestUser, source_url: string) {
  const job = await ingest(t).job(owner, { app_id: 'text-to-video', prompt: `source ${source_url}` });
  return { job, reply: await call(t, 'POST', `/api/v1/jobs/${job.id}/assets`, { token: t.secrets.INGEST_TOKEN, body: { source_url, kind: 'video' } }) };
}

/** A provider-kept video's `/video/<id>` path, from the owner's history. */
async function proxyPath(t: Target, owner: TestUser, source_url: string): Promise<string> {
  const { job, reply } = await register(t, owner, source_url);
  expect(reply.status, reply.text).toBe(201);
  const history = await owner.get('/api/user-generations?type=text-to-video&limit=50');
  const url = (history.body.generations as { id: string; proxy_url: string | null }[]).find((g) => g.id === job.id)?.proxy_url;
  expect(url, history.text).toMatch(/^\/video\/|\/video\//);
  return new URL(url!, 'http://x').pathname;
}

describe('SSRF: address forms at registration (UPSTREAM_ALLOW_PRIVATE off, each host allow-listed as written)', () => {
  // Each private target in the normalised form URLs give it, so only the private-address rule stands in the way.
  const allowed = [
    '127.0.0.1', '0.0.0.0', '169.254.169.254', '10.0.0.1', '[::1]', '[::]', '[::ffff:7f00:1]', '[::7f00:1]', '[64:ff9b::7f00:1]', '[64:ff9b::a9fe:a9fe]',
    '[64:ff9b:1::1]', '[2002:7f00:1::]', '[2002:a9fe:a9fe::1]', '[2001:0:4136:e378:8000:63bf:3fff:fdd2]', '[fe80::1]', '[fec0::1]', '[fd00::1]', '[ff02::1]', '[100::1]',
    'localhost', 'localhost.', 'metadata.google.internal', 'printer.local', 'cdn.example.com', '[64:ff9b::808:808]', '[2002:808:808::1]',
  ];
  let t: Target;
  let owner: TestUser;
  beforeAll(async () => {
    t = await nodeTarget({ UPSTREAM_ALLOWED_HOSTS: allowed.join(','), UPSTREAM_ALLOW_HTTP: '1' });
    owner = await makeUser(t);
  });
  afterAll(() => t?.close());

  it.each([
    ['decimal', 'http://2130706433/v.mp4'],
    ['hexadecimal', 'http://0x7f000001/v.mp4'],
    ['hexadecimal parts', 'http://0x7f.0x0.0x0.0x1/v.mp4'],
    ['octal', 'http://0177.0.0.1/v.mp4'],
    ['octal as one number', 'http://017700000001/v.mp4'],
    ['shortened', 'http://127.1/v.mp4'],
    ['a trailing dot', 'http://127.0.0.1./v.mp4'],
    ['fullwidth digits', 'http://１２７.０.０.１/v.mp4'],
    ['ideographic full stops', 'http://127。0。0。1/v.mp4'],
    ['zero', 'http://0/v.mp4'],
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data/'],
    ['a private network', 'http://10.0.0.1/v.mp4'],
    ['https to loopback', 'https://127.0.0.1/v.mp4'],
    ['[::1]', 'http://[::1]/v.mp4'],
    ['[::1] spelled out', 'http://[0:0:0:0:0:0:0:1]/v.mp4'],
    ['[::]', 'http://[::]/v.mp4'],
    ['IPv4-mapped', 'http://[::ffff:127.0.0.1]/v.mp4'],
    ['IPv4-compatible', 'http://[::127.0.0.1]/v.mp4'],
    ['NAT64 of loopback', 'http://[64:ff9b::127.0.0.1]/v.mp4'],
    ['NAT64 of the metadata address', 'http://[64:ff9b::169.254.169.254]/v.mp4'],
    ['local-use NAT64', 'http://[64:ff9b:1::1]/v.mp4'],
    ['6to4 of loopback', 'http://[2002:7f00:1::]/v.mp4'],
    ['6to4 of the metadata address', 'http://[2002:a9fe:a9fe::1]/v.mp4'],
    ['Teredo', 'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/v.mp4'],
    ['link-local', 'http://[fe80::1]/v.mp4'],
    ['site-local', 'http://[fec0::1]/v.mp4'],
    ['unique local', 'http://[fd00::1]/v.mp4'],
    ['multicast', 'http://[ff02::1]/v.mp4'],
    ['discard-only', 'http://[100::1]/v.mp4'],
    ['localhost', 'http://localhost/v.mp4'],
    ['LOCALHOST', 'http://LOCALHOST/v.mp4'],
    ['localhost with a trailing dot', 'http://localhost./v.mp4'],
    ['an .internal name', 'http://metadata.google.internal/computeMetadata/v1/'],
    ['a .local name', 'http://printer.local/v.mp4'],
    ['credentials before an allowed host', 'http://cdn.example.com@127.0.0.1/v.mp4'],
    ['credentials on an allowed host', 'http://user:secret@cdn.example.com/v.mp4'],
    ['an allowed host after a fragment', 'http://127.0.0.1#@cdn.example.com/v.mp4'],
    ['an allowed name as a subdomain elsewhere', 'http://cdn.example.com.127.0.0.1.nip.io/v.mp4'],
    ['an allowed name with a trailing dot', 'http://cdn.example.com./v.mp4'],
    ['file:', 'file:///etc/passwd'],
    ['gopher:', 'gopher://127.0.0.1:6379/_INFO'],
    ['ftp:', 'ftp://cdn.example.com/v.mp4'],
    ['ws:', 'ws://cdn.example.com/v.mp4'],
    ['data:', 'data:video/mp4;base64,AAAAIGZ0eXBpc29t'],
    ['javascript:', 'javascript:alert(1)'],
  ])('%s (%s) → 422 naming source_url, nothing written', async (_label, source) => {
    const job = await ingest(t).job(owner, { app_id: 'text-to-video' });
    for (const token of [t.secrets.INGEST_TOKEN, owner.token]) {
      const r = await unchangedBy(t, () => call(t, 'POST', `/api/v1/jobs/${job.id}/assets`, { token, body: { source_url: source, kind: 'video' } }), source);
      expectError(r, 422, 'validation_error');
      expect(r.body.details.map((d: { field: string }) => d.field), r.text).toContain('source_url');
    }
  });

  it.each([
    ['an allowed public name', 'https://cdn.example.com/v.mp4'],
    ['NAT64 of a public address (DNS64 networks)', 'http://[64:ff9b::8.8.8.8]/v.mp4'],
    ['6to4 of a public address', 'http://[2002:808:808::1]/v.mp4'],
  ])('%s (%s) is accepted: the refusals above are about the address', async (_label, source) => {
    const { reply } = await register(t, owner, source);
    expect(reply.status, reply.text).toBe(201);
  });
});

describe('SSRF: redirects from an allowed provider are never followed elsewhere', () => {
  let up: Local;
  let trap: Local;
  let t: Target;
  let owner: TestUser;
  beforeAll(async () => {
    up = await provider();
    trap = await provider();
    // The provider is on loopback, so private addresses are allowed here: the allow-list alone must hold.
    // Upstream requests as api/node.ts makes them (node:http, api/node-fetch.ts): redirects are followed by hand, never by the client.
    t = await nodeTarget({ UPSTREAM_ALLOWED_HOSTS: `127.0.0.1:${up.port}`, UPSTREAM_ALLOW_HTTP: '1', UPSTREAM_ALLOW_PRIVATE: '1' }, { fetch: nodeFetch });
    owner = await makeUser(t);
  });
  afterAll(async () => {
    await t?.close();
    await close(up);
    await close(trap);
  });

  it('a redirect to the same provider is followed (so the refusals below are about where they point)', async () => {
    const path = await proxyPath(t, owner, to(up, '/ok.mp4'));
    const res = await t.fetch(path);
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });

  it.each([
    ['another port of the same address', (tr: Local) => `http://127.0.0.1:${tr.port}/ok.mp4`],
    ['the other port in decimal', (tr: Local) => `http://2130706433:${tr.port}/ok.mp4`],
    ['the other port in hex', (tr: Local) => `http://0x7f.1:${tr.port}/ok.mp4`],
    ['the other port as localhost', (tr: Local) => `http://localhost:${tr.port}/ok.mp4`],
    ['the other port protocol-relative', (tr: Local) => `//127.0.0.1:${tr.port}/ok.mp4`],
    ['[::1]', (tr: Local) => `http://[::1]:${tr.port}/ok.mp4`],
    ['the metadata address', () => 'http://169.254.169.254/latest/meta-data/'],
    ['a public host not on the list', () => 'https://evil.example.com/x.mp4'],
    ['credentials on the allowed provider', () => `http://user:secret@127.0.0.1:${up.port}/ok.mp4`],
    ['file:', () => 'file:///etc/passwd'],
    ['the other port after a second hop', (tr: Local) => to(up, `http://127.0.0.1:${tr.port}/ok.mp4`)],
  ])('a redirect to %s → 503 upstream_unavailable, the target never contacted', async (_label, location) => {
    const path = await proxyPath(t, owner, to(up, location(trap)));
    const r = await call(t, 'GET', path, { headers: { range: 'bytes=0-99' } });
    expectError(r, 503, 'upstream_unavailable');
    expect(r.headers.get('retry-after'), r.text).toBeTruthy();
    expect(r.text).not.toContain(String(trap.port));
    expect(trap.hits).toEqual([]);
  });

  it('a redirect loop stops after a few hops with 503', async () => {
    const before = up.hits.length;
    const loop = `${up.origin}/to?u=${encodeURIComponent(`${up.origin}/to?u=`)}`;
    const path = await proxyPath(t, owner, `${up.origin}/to?u=${encodeURIComponent(loop)}`);
    expectError(await call(t, 'GET', path), 503, 'upstream_unavailable');
    expect(up.hits.length - before).toBeLessThanOrEqual(7);
  });
});

describe('SSRF: a redirect from a public provider to a private address (UPSTREAM_ALLOW_PRIVATE off)', () => {
  let up: Local;
  let trap: Local;
  let t: Target;
  let owner: TestUser;
  beforeAll(async () => {
    up = await provider();
    trap = await provider();
    // cdn.example.com resolves to the local provider, as a hosts-file entry would make it.
    const resolving: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.hostname === 'cdn.example.com') url.host = `127.0.0.1:${up.port}`;
      return nodeFetch(url, init);
    };
    // Even the trap's own address is allow-listed: only the private-address rule can stop the hop.
    t = await nodeTarget({ UPSTREAM_ALLOWED_HOSTS: `cdn.example.com,127.0.0.1:${trap.port},localhost:${trap.port},[::ffff:7f00:1]:${trap.port}`, UPSTREAM_ALLOW_HTTP: '1' }, { fetch: resolving });
    owner = await makeUser(t);
  });
  afterAll(async () => {
    await t?.close();
    await close(up);
    await close(trap);
  });

  it('the public provider itself is served', async () => {
    const res = await t.fetch(await proxyPath(t, owner, 'http://cdn.example.com/ok.mp4'));
    expect(res.status).toBe(200);
    await res.arrayBuffer();
  });

  it.each([
    ['loopback', (p: number) => `http://127.0.0.1:${p}/ok.mp4`],
    ['loopback in decimal', (p: number) => `http://2130706433:${p}/ok.mp4`],
    ['loopback in octal', (p: number) => `http://0177.0.0.1:${p}/ok.mp4`],
    ['localhost', (p: number) => `http://localhost:${p}/ok.mp4`],
    ['IPv4-mapped loopback', (p: number) => `http://[::ffff:127.0.0.1]:${p}/ok.mp4`],
  ])('a redirect to %s → 503, the private server never contacted', async (_label, location) => {
    const path = await proxyPath(t, owner, `http://cdn.example.com/to?u=${encodeURIComponent(location(trap.port))}`);
    expectError(await call(t, 'GET', path), 503, 'upstream_unavailable');
    expect(trap.hits).toEqual([]);
    expect(up.hits.at(-1)).toMatch(/^GET \/to\?/);
  });
});

describe('SSRF: a name that resolves to a private address when genshelf connects (UPSTREAM_ALLOW_PRIVATE off)', () => {
  let up: Local;
  beforeAll(async () => {
    up = await provider();
  });
  afterAll(() => close(up));

  // videos.example.net answers 127.0.0.1 when the connection resolves it, as a rebinding name does
  // after a first, public answer: only a check of the address connected to can stop it.
  const rebinding = ((_host: string, options: object, callback: (...args: unknown[]) => void) => dnsLookup('127.0.0.1', options, callback)) as typeof dnsLookup;
  const target = (refusePrivate: boolean) => nodeTarget({ UPSTREAM_ALLOWED_HOSTS: `videos.example.net:${up.port}`, UPSTREAM_ALLOW_HTTP: '1' }, { fetch: createNodeFetch({ refusePrivate, lookup: rebinding }) });

  it('the Node fetch refuses to connect: 503, the private server never contacted', async () => {
    const t = await target(true);
    try {
      const owner = await makeUser(t);
      const path = await proxyPath(t, owner, `http://videos.example.net:${up.port}/ok.mp4`);
      const before = up.hits.length;
      expectError(await call(t, 'GET', path), 503, 'upstream_unavailable');
      expect(up.hits.length).toBe(before);
    } finally {
      await t.close();
    }
  });

  it('without the rule the same name reaches the server (so the refusal above is the rule)', async () => {
    const t = await target(false);
    try {
      const owner = await makeUser(t);
      const path = await proxyPath(t, owner, `http://videos.example.net:${up.port}/ok.mp4`);
      const res = await t.fetch(path);
      expect(res.status).toBe(200);
      await res.arrayBuffer();
      expect(up.hits.at(-1)).toBe('GET /ok.mp4');
    } finally {
      await t.close();
    }
  });
});
