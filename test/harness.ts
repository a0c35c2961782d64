/**
 * The test harness: real apps on real databases. A `Target` is one running genshelf — the Hono
 * app on a temp libSQL file (Node) or the bundled Worker in workerd with D1 (see
 * worker-target.ts) — driven only through HTTP, so one contract suite runs on both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../api/app.ts';
import { diskBlobStore } from '../api/blobs/disk.ts';
import type { BlobStore } from '../api/blobs/types.ts';
import { signUserToken } from '../api/auth/tokens.ts';
import { parseConfig, type Config, type ConfigInput } from '../api/config.ts';
import type { Db } from '../api/db/client.ts';
import type { Clock, Deps } from '../api/env.ts';
import { silentLogger } from '../api/lib/logger.ts';
import { openDatabase } from '../api/node.ts';
import { sampleApps } from '../api/sample/apps.ts';
import { registerApps } from '../api/services/apps.ts';

export interface Secrets {
  AUTH_JWT_SECRET: string;
  INGEST_TOKEN: string;
  SIGNING_SECRET: string;
}

export interface Target {
  name: 'node' | 'workerd';
  /** Sends a request to the app; `path` is origin-relative (`/api/v1/jobs?limit=2`). */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  secrets: Secrets;
  /** Node only: the app's clock (tests move time); null on workerd. */
  clock: TestClock | null;
  /** Node only: direct database access for assertions about what was (not) written. */
  db: Db | null;
  /** Node only: the app's blob store (a temp directory). */
  blobs: BlobStore | null;
  /** Reads the database directly (libSQL on Node, D1 on workerd), one result per query, in one round trip: assertions that nothing was written. */
  sql(queries: string[]): Promise<Record<string, unknown>[][]>;
  close(): Promise<void>;
}

/** A clock tests can move (token expiry, trash retention). */
export class TestClock implements Clock {
  constructor(public t = Date.now()) {}
  now() {
    return this.t;
  }
  advance(ms: number) {
    this.t += ms;
  }
}

export const testSecrets = (): Secrets => ({
  AUTH_JWT_SECRET: `test-jwt-secret-${crypto.randomUUID()}`,
  INGEST_TOKEN: `test-ingest-${crypto.randomUUID()}`,
  SIGNING_SECRET: `test-signing-secret-${crypto.randomUUID()}`,
});

/**
 * The app on a fresh libSQL file in a temp directory, removed on close. The sample apps
 * (api/sample/apps.ts) are registered, as most suites ingest for them; `sampleApps: false` starts
 * with an empty registry.
 */
export async function nodeTarget(
  env: Partial<ConfigInput> = {},
  opts: { fetch?: typeof fetch; onClientGone?: Deps['onClientGone']; extend?: (app: ReturnType<typeof createApp>, config: Config) => void; sampleApps?: boolean } = {},
): Promise<Target & { app: ReturnType<typeof createApp> }> {
  const dir = mkdtempSync(join(tmpdir(), 'genshelf-test-'));
  const secrets = testSecrets();
  const config = parseConfig({ DATABASE_URL: `file:${join(dir, 'test.db')}`, ...secrets, ...env });
  const { db, client } = await openDatabase(config.DATABASE_URL, { busyTimeoutMs: config.DB_BUSY_TIMEOUT_MS });
  const clock = new TestClock();
  if (opts.sampleApps !== false) await registerApps(db, sampleApps, clock.now(), { replace: false });
  const blobs = diskBlobStore(join(dir, 'blobs'));
  const app = createApp({ db, blobs, config, clock, fetch: opts.fetch ?? globalThis.fetch, log: silentLogger, onClientGone: opts.onClientGone });
  // What the Node entry adds after the app is built (api/node.ts), for the tests of those parts.
  opts.extend?.(app, config);
  return {
    name: 'node',
    /** The Hono app itself, for a test that serves it over real HTTP (a browser's cross-origin calls). */
    app,
    fetch: async (path, init) => app.request(path, init),
    secrets: { ...secrets, ...(env as Partial<Secrets>) },
    clock,
    db,
    blobs,
    sql: async (queries) => (await client.batch(queries, 'read')).map((result) => result.rows.map((row) => ({ ...row }))),
    close: async () => {
      client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let counter = 0;
/** A unique name per call, so tests sharing one target never see each other's data. */
export const unique = (prefix = 'u') => `${prefix}-${process.pid}-${++counter}-${crypto.randomUUID().slice(0, 8)}`;

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
  /** For assertion messages: the status and body as text. */
  text: string;
}

export interface CallOptions {
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One HTTP call with JSON in and out. */
export async function call<T = any>(target: Target, method: string, path: string, opts: CallOptions = {}): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: BodyInit | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await target.fetch(path, { method, headers, body });
  const raw = await res.text();
  let parsed: unknown = raw;
  try {
    parsed = raw ? JSON.parse(raw) : null;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text: `${res.status} ${raw.slice(0, 2000)}` };
}

export interface TestUser {
  sub: string;
  owner: string;
  token: string;
  get<T = any>(path: string, headers?: Record<string, string>): Promise<Reply<T>>;
  send<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply<T>>;
}

/** A signed-in user with a valid token from the host's identity provider. */
export async function makeUser(target: Target, sub = unique('user'), claims: Record<string, unknown> = {}, opts: { expiresIn?: string | number; now?: number } = {}): Promise<TestUser> {
  const token = await signUserToken(target.secrets.AUTH_JWT_SECRET, { sub, ...claims }, { now: opts.now ?? target.clock?.now(), expiresIn: opts.expiresIn });
  return {
    sub,
    owner: `user:${sub}`,
    token,
    get: (path, headers) => call(target, 'GET', path, { token, headers }),
    send: (method, path, body, headers) => call(target, method, path, { token, body, headers }),
  };
}

/** The generator back-end: service credential, owner named in the body. */
export function ingest(target: Target) {
  const token = target.secrets.INGEST_TOKEN;
  return {
    token,
    send: <T = any>(method: string, path: string, body?: unknown) => call<T>(target, method, path, { token, body }),
    /** Creates a job for `user` and returns it; fails the test on anything but 201. */
    async job(user: { sub: string }, fields: Record<string, unknown> = {}) {
      const r = await call(target, 'POST', '/api/v1/jobs', { token, body: { user_id: user.sub, app_id: 'video-mixer', prompt: 'a test prompt', ...fields } });
      if (r.status !== 201) throw new Error(`creating a job failed: ${r.text}`);
      return r.body as Record<string, any> & { id: string };
    },
  };
}

/** A token with the `genshelf:admin` scope (an operator), for the registry's writes. */
export const adminToken = (target: Target, sub = unique('admin')) => signUserToken(target.secrets.AUTH_JWT_SECRET, { sub, scope: 'genshelf:admin' }, { now: target.clock?.now() });

/**
 * Registers an app as an operator does (`PUT /api/v1/apps/:id`) and returns it; fails the test on
 * anything but 200/201. `fields` replace the defaults (a name from the id, colour orange).
 */
export async function registerApp(target: Target, id = unique('app'), fields: Record<string, unknown> = {}) {
  const r = await call(target, 'PUT', `/api/v1/apps/${id}`, { token: await adminToken(target), body: { name: `App ${id}`, color: 'orange', ...fields } });
  if (r.status !== 201 && r.status !== 200) throw new Error(`registering app ${id} failed: ${r.text}`);
  return r.body as Record<string, any> & { id: string };
}

/** The error's chain as text (a fetch failure keeps the socket's error in `cause`). */
const describeError = (err: unknown): string => (err instanceof Error ? `${err.name}: ${err.message} ${(err as { code?: string }).code ?? ''} ${describeError(err.cause)}` : String(err ?? ''));

/**
 * Miniflare's loopback proxy sometimes resets a connection whose upload is still under way when
 * the Worker has already answered (an early 413): the client then sees the reset, not the
 * answer. Such a reset is tried again (a few times); the answer is what the test checks.
 */
export async function retryingReset<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      if (attempt >= 4 || !/ECONNRESET|other side closed|socket hang up/i.test(describeError(err))) throw err;
    }
  }
}
