/**
 * Seed 001's web app on its own origin calling genshelf on another, in Chromium: its API client
 * sends every request with `credentials: 'include'`, so the browser hands it the answer only when
 * genshelf allows credentials for that origin. Two origins on two ports of 127.0.0.1: a plain page
 * (a small HTTP server) and the real API (the Hono app on a libSQL file over real HTTP).
 * Skipped without Chromium, like the other browser suites.
 */
import { serve } from '@hono/node-server';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath } from '../../scripts/ensure-chromium.ts';
import { call, ingest, makeUser, nodeTarget, type Target, type TestUser } from '../harness.ts';

const executablePath = chromiumPath();

/**
 * The page: seed 001's api-client as its useAssets hooks use it (token from localStorage, JSON
 * headers, `credentials: 'include'` on every call; a failed call is "Failed to load assets").
 */
const PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>My Assets</title>
<script type="module">
const API_BASE = new URLSearchParams(location.search).get('api') + '/api/v1';
function getAccessToken() { return localStorage.getItem('access_token'); }
async function request(path, init = {}) {
  const res = await fetch(API_BASE + path, {
    ...init,
    credentials: 'include',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + getAccessToken(), ...init.headers },
  });
  if (!res.ok) throw new Error('Failed to load assets (' + res.status + ')');
  return res.json();
}
window.seed001 = {
  useJobs: (filters = {}) => request('/jobs?' + new URLSearchParams(filters)),
  useJobAssets: (jobId) => request('/jobs/' + jobId + '/assets'),
  toggleVisibility: (assetId, isPublic) => request('/assets/' + assetId + '/visibility', { method: 'PUT', body: JSON.stringify({ is_public: isPublic }) }),
};
</script><h1>My Assets</h1></html>`;

interface Listening {
  origin: string;
  close(): Promise<void>;
}

async function listening(server: Server): Promise<Listening> {
  await new Promise<void>((ready) => (server.listening ? ready() : server.once('listening', ready)));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((done) => server.close(() => done()));
    },
  };
}

/** A plain page server: the host site's origin. */
const pageServer = () => listening(createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE)).listen(0, '127.0.0.1'));

/** The API over real HTTP with the given CORS_ORIGINS. */
async function apiServer(corsOrigins: string): Promise<Listening & { t: Target }> {
  const t = await nodeTarget({ CORS_ORIGINS: corsOrigins });
  const http = await listening(serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }) as Server);
  return { ...http, t, close: async () => (await http.close(), await t.close()) };
}

type Outcome = { ok: true; value: any } | { ok: false; error: string };

describe.skipIf(!executablePath)("seed 001's client with credentials: 'include', cross-origin in Chromium", { timeout: 60_000 }, () => {
  let browser: Browser;
  let host: Listening;
  let stranger: Listening;
  let named: Listening & { t: Target };
  let wildcard: Listening & { t: Target };
  let user: TestUser;
  let job: { id: string };
  let assetId: string;

  beforeAll(async () => {
    [host, stranger, browser] = await Promise.all([pageServer(), pageServer(), chromium.launch({ executablePath, headless: true, args: chromiumArgs })]);
    [named, wildcard] = await Promise.all([apiServer(host.origin), apiServer('*')]);
    user = await makeUser(named.t);
    job = await ingest(named.t).job(user, { app_id: 'brand-studio', asset_type: 'thumbnail', status: 'completed' });
    const text = await call(named.t, 'POST', `/api/v1/jobs/${job.id}/assets`, { token: named.t.secrets.INGEST_TOKEN, body: { text: 'a caption', title: 'caption' } });
    assetId = text.body.id;
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([host?.close(), stranger?.close(), named?.close(), wildcard?.close()]);
  });

  /** Opens the page on `page` origin pointed at `api`, signed in as `token`. */
  async function openPage(pageOrigin: string, api: string, token: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${pageOrigin}/assets?api=${encodeURIComponent(api)}`);
    await page.evaluate((tk) => localStorage.setItem('access_token', tk), token);
    await page.waitForFunction(() => 'seed001' in window);
    return page;
  }

  /** Runs one of the client's calls in the page; a refused call is an error, as the page would see it. */
  const inPage = (page: Page, call: string, ...args: unknown[]): Promise<Outcome> =>
    page.evaluate(
      async ([name, rest]) => {
        try {
          return { ok: true as const, value: await (window as any).seed001[name as string](...(rest as unknown[])) };
        } catch (err) {
          return { ok: false as const, error: String(err) };
        }
      },
      [call, args] as const,
    );

  it('a listed origin reads the jobs, a job\'s assets, and changes visibility (a preflighted PUT)', async () => {
    const page = await openPage(host.origin, named.origin, user.token);
    const jobs = await inPage(page, 'useJobs', { status: 'completed', limit: '20', offset: '0' });
    expect(jobs, JSON.stringify(jobs)).toMatchObject({ ok: true });
    expect((jobs as { value: { jobs: { id: string }[] } }).value.jobs.map((j) => j.id)).toEqual([job.id]);
    const assets = await inPage(page, 'useJobAssets', job.id);
    expect(assets, JSON.stringify(assets)).toMatchObject({ ok: true, value: [{ id: assetId }] });
    const shown = await inPage(page, 'toggleVisibility', assetId, true);
    expect(shown, JSON.stringify(shown)).toMatchObject({ ok: true, value: { id: assetId, is_public: true } });
    expect((await user.get(`/api/v1/assets/${assetId}`)).body.is_public).toBe(true);
    await page.context().close();
  });

  it('the API\'s errors reach a listed origin too (the page can say why)', async () => {
    const page = await openPage(host.origin, named.origin, 'not-a-token');
    expect(await inPage(page, 'useJobs')).toEqual({ ok: false, error: 'Error: Failed to load assets (401)' });
    await page.context().close();
  });

  it('an origin that is not listed gets nothing: the browser refuses the answer', async () => {
    const page = await openPage(stranger.origin, named.origin, user.token);
    const jobs = await inPage(page, 'useJobs');
    expect(jobs.ok).toBe(false);
    expect((jobs as { error: string }).error).toMatch(/TypeError: Failed to fetch/);
    await page.context().close();
  });

  it('with CORS_ORIGINS=* a credentialed call is refused (never credentials with *), the same call without credentials works', async () => {
    const viewer = await makeUser(wildcard.t);
    const page = await openPage(host.origin, wildcard.origin, viewer.token);
    const credentialed = await inPage(page, 'useJobs');
    expect(credentialed.ok, JSON.stringify(credentialed)).toBe(false);
    const plain = await page.evaluate(
      async ([api, token]) => (await fetch(`${api}/api/v1/jobs`, { credentials: 'omit', headers: { Authorization: `Bearer ${token}` } })).status,
      [wildcard.origin, viewer.token] as const,
    );
    expect(plain).toBe(200);
    await page.context().close();
  });
});
