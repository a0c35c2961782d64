/**
 * Browser-side helpers for the element suites (@web/test-runner, mocha, @open-wc/testing): the
 * real API that test/wtr/genshelf-api.ts starts, one new user per test (tokens signed here with
 * WebCrypto), the ingest route to create and move jobs, waits that tolerate a loaded machine,
 * the user's real clicks, keys and hovers (playwright, through @web/test-runner-commands and
 * test/wtr/browser-commands.ts), and real browser downloads.
 *
 * After each test: the fixtures are removed (@open-wc/testing), sinon's fakes restored, the mouse
 * released and moved away, media emulation reset.
 */
import { waitUntil } from '@open-wc/testing';
import { emulateMedia, executeServerCommand, resetMouse, selectOption, sendKeys, setViewport } from '@web/test-runner-commands';
import sinon from 'sinon';
import type { ApiClient } from '../base/api-client.ts';
import type { DownloadManifest } from '../base/bulk-download.ts';
import type { WidgetTestEnv } from './env.ts';

export { emulateMedia };

export const env = await executeServerCommand<WidgetTestEnv, undefined>('genshelf-env');

/**
 * Every suite's page is 414 × 896 (a phone held upright; the windowing and layout assertions are
 * written against it). WTR's playwright launcher sizes each new page 800 × 600 itself, so this
 * is set here, once per test file.
 */
export const VIEWPORT = { width: 414, height: 896 };
await setViewport(VIEWPORT);

afterEach(async () => {
  sinon.restore();
  await moveApiClock('reset');
  await resetMouse();
  await emulateMedia({ colorScheme: null, reducedMotion: null } as never);
});

/**
 * Waits until `check` stops throwing (an assertion) and returns what it returned. Five seconds by
 * default: CI runs the suites on 2 shared cores, where a poll or a render can take longer than
 * @open-wc's one-second `waitUntil` default without anything being wrong; a test that waits for
 * something that never comes still fails, with the last assertion's message.
 */
export async function eventually<T>(check: () => T | Promise<T>, { timeout = 5000, interval = 20 } = {}): Promise<T> {
  let result: T | undefined;
  let last: unknown;
  try {
    await waitUntil(
      async () => {
        try {
          result = await check();
          return true;
        } catch (err) {
          last = err;
          return false;
        }
      },
      undefined,
      { timeout, interval },
    );
  } catch {
    throw last;
  }
  return result as T;
}

let targets = 0;
/** Runs `action` with a selector that finds `el` alone (playwright's CSS reaches into open shadow roots). */
async function withSelector<T>(el: Element, action: (selector: string) => Promise<T>): Promise<T> {
  const id = String(++targets);
  el.setAttribute('data-test-target', id);
  try {
    return await action(`[data-test-target="${id}"]`);
  } finally {
    el.removeAttribute('data-test-target');
  }
}

type Modifier = 'Shift' | 'Control' | 'Meta' | 'Alt';

/** A user's click on `el` (playwright: scrolled into view, waited until it can be clicked), with `modifiers` held. */
export const userClick = (el: Element, modifiers?: Modifier[]) => withSelector(el, (selector) => executeServerCommand('user-click', { selector, modifiers }));

/** The pointer over `el`. */
export const userHover = (el: Element) => withSelector(el, (selector) => executeServerCommand('user-hover', { selector }));

/** The pointer away from everything (the page's top-left corner). */
export const userUnhover = () => resetMouse();

/** Chooses `value` in `select` as a user would (input and change events). */
export const chooseOption = (select: HTMLSelectElement, value: string) => withSelector(select, (selector) => selectOption({ selector, value }));

/**
 * Presses keys one after another, each as playwright names it, modifiers joined with `+`:
 * `press('ArrowRight', 'Shift+ArrowRight', 'Control+Home', ' ')`.
 */
export async function press(...keys: string[]): Promise<void> {
  for (const key of keys) await sendKeys({ press: key === ' ' ? 'Space' : key });
}

/** Types `text` into the focused element, key by key. */
export const typeText = (text: string) => sendKeys({ type: text });

/** Holds `key` down while `action` runs (`holding('Shift', () => press('ArrowRight', 'ArrowRight'))`). */
export async function holding(key: Modifier, action: () => Promise<unknown>): Promise<void> {
  await sendKeys({ down: key });
  try {
    await action();
  } finally {
    await sendKeys({ up: key });
  }
}

/** The page's real browser downloads (test/wtr/browser-commands.ts): `watch` before the first, `start`, `cancel`, then `end`. */
export function waitForDownload(step: 'watch' | 'cancel'): Promise<unknown>;
export function waitForDownload(step: 'start'): Promise<{ name: string }>;
export function waitForDownload(step: 'end'): Promise<{ name: string; failure: string | null; base64?: string }>;
export function waitForDownload(step: string): Promise<unknown> {
  return executeServerCommand('wait-for-download', step);
}

const b64url = (bytes: Uint8Array | string) =>
  btoa(typeof bytes === 'string' ? bytes : String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** An HS256 JWT from the host's identity provider (the API's test secret). */
export async function signToken(sub: string, expiresInS = 3600, claims: Record<string, unknown> = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const body = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify({ sub, iat: now, exp: now + expiresInS, ...claims }))}`;
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(env.jwtSecret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return `${body}.${b64url(new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body))))}`;
}

export interface User {
  sub: string;
  token: string;
}

/** A fresh user with no jobs. */
export async function makeUser(): Promise<User> {
  const sub = `widget-${crypto.randomUUID()}`;
  return { sub, token: await signToken(sub) };
}

async function ingest<T = Record<string, unknown>>(method: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${env.api}${path}`, {
    method,
    headers: { authorization: `Bearer ${env.ingestToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

/** Creates a job for `user` through the ingest route (as a generator back-end would). */
export function createJob(user: User, fields: Record<string, unknown> = {}) {
  return ingest<{ id: string; status: string }>('POST', '/api/v1/jobs', { user_id: user.sub, app_id: 'video-mixer', prompt: 'a test prompt', project_name: 'Widget tests', ...fields });
}

/**
 * Registers an app as an operator does (`PUT /api/v1/apps/:id`, a token with the `genshelf:admin`
 * scope) and returns it as the registry answers it.
 */
export async function registerApp(id: string, fields: Record<string, unknown>): Promise<{ id: string; name: string; color: string; image_url: string | null; href_template: string | null }> {
  const res = await fetch(`${env.api}/api/v1/apps/${id}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${await signToken('widget-operator', 600, { scope: 'genshelf:admin' })}`, 'content-type': 'application/json' },
    body: JSON.stringify(fields),
  });
  if (res.status !== 201 && res.status !== 200) throw new Error(`PUT /api/v1/apps/${id}: ${res.status} ${await res.text()}`);
  return res.json() as never;
}

/** Moves a job on (`{status: 'processing'}`, `{status: 'completed'}`, …). */
export function updateJob(id: string, fields: Record<string, unknown>) {
  return ingest('PATCH', `/api/v1/jobs/${id}`, fields);
}

/** A 1×1 PNG, for outputs that are images. */
const PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0));

/** Attaches an output to a job through the ingest route: `{text}` (copy) or, without it, a small PNG. Returns the asset's id. */
export async function attachAsset(jobId: string, output: { text?: string; title?: string } = {}): Promise<string> {
  const body = output.text !== undefined ? JSON.stringify(output) : PNG;
  const query = output.text === undefined && output.title ? `?title=${encodeURIComponent(output.title)}` : '';
  const res = await fetch(`${env.api}/api/v1/jobs/${jobId}/assets${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${env.ingestToken}`, 'content-type': output.text !== undefined ? 'application/json' : 'image/png' },
    body,
  });
  if (!res.ok) throw new Error(`attaching to ${jobId}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** A finished job of `user` with the given outputs; its id and its assets' ids. */
export async function finishedJob(user: User, outputs: { text?: string; title?: string }[], fields: Record<string, unknown> = {}): Promise<{ id: string; assetIds: string[] }> {
  const job = await createJob(user, fields);
  const assetIds: string[] = [];
  for (const output of outputs) assetIds.push(await attachAsset(job.id, output));
  await updateJob(job.id, { status: 'processing' });
  await updateJob(job.id, { status: 'completed' });
  return { id: job.id, assetIds };
}

/** GET from the API as `token` (for comparing what an element shows with what the API says). */
export async function apiGet<T>(path: string, token: string): Promise<T> {
  const res = await fetch(`${env.api}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
  return res.json() as Promise<T>;
}

/** The element's shadow root, for assertions on what it shows. */
export const shadow = (el: Element) => el.shadowRoot!;

/** Visible text, whitespace collapsed. */
export const text = (node: Element | ShadowRoot | null | undefined) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

/** `globalThis[name]` is `value` until the test ends (sinon restores it after each test). */
export const stubGlobal = (name: string, value: unknown) => sinon.stub(globalThis as Record<string, unknown>, name).value(value);

/**
 * The bulk download's Blob path: no file picker and no service worker; the object URL is captured
 * and the `<a download>` click swallowed (until the test ends).
 */
export function captureBlob() {
  stubGlobal('showSaveFilePicker', undefined);
  sinon.stub(navigator, 'serviceWorker').get(() => undefined);
  const created = sinon.spy(URL, 'createObjectURL');
  const clicks: string[] = [];
  sinon.stub(HTMLAnchorElement.prototype, 'click').callsFake(function (this: HTMLAnchorElement) {
    clicks.push(this.download);
  });
  return {
    created,
    /** The `download` names of the swallowed clicks. */
    clicks,
    blob: () => created.args[0]?.[0] as Blob | undefined,
    bytes: async () => new Uint8Array(await (created.args[0]![0] as Blob).arrayBuffer()),
  };
}

/** The `limit` latest of the sample data's completed jobs (as `client`'s user sees them), and the download manifest the API answers for them. */
export async function completedDownload(client: ApiClient, limit: number): Promise<{ jobIds: string[]; manifest: DownloadManifest }> {
  const { data } = await client.get<{ jobs: { id: string }[] }>(`/api/v1/jobs?status=completed&limit=${limit}`);
  const jobIds = data.jobs.map((j) => j.id);
  const manifest = (await client.request<DownloadManifest>('/api/v1/downloads', { method: 'POST', body: { job_ids: jobIds } })).data;
  return { jobIds, manifest };
}

/**
 * Moves the API's clock `ms` ahead (`'reset'`: back to the real time; every test ends with it):
 * video links and sessions expire for real. Users' tokens are checked against it too — sign the
 * test's own with a long life (`signToken(sub, 3 * 86_400)`).
 */
export const moveApiClock = (ms: number | 'reset') => executeServerCommand('genshelf-clock', ms === 'reset' ? { reset: true } : { advance: ms });

/** Who owns a job made through the ingest route: a user, or an anonymous session. */
export type Owner = User | { session_id: string; token: string };
const ownerOf = (owner: Owner) => ('session_id' in owner ? { session_id: owner.session_id } : { user_id: owner.sub });

let sampleVideo: Promise<Uint8Array<ArrayBuffer>> | undefined;
/** A real H.264 video: the sample data's first, read through the API as its user. */
const videoBytes = () =>
  (sampleVideo ??= (async () => {
    const { assets } = await apiGet<{ assets: { download_url: string }[] }>('/api/v1/assets?kind=video&limit=1', env.demoToken);
    return new Uint8Array(await (await fetch(assets[0]!.download_url)).arrayBuffer());
  })());

/**
 * A finished text-to-video generation of `owner`, as a generator back-end makes it: the job, its
 * video (a real one, `duration` seconds long by its metadata) and a PNG thumbnail. Returns the job's id.
 */
export async function videoJob(owner: Owner, fields: Record<string, unknown> = {}, duration = 3): Promise<string> {
  const job = await ingest<{ id: string }>('POST', '/api/v1/jobs', { ...ownerOf(owner), app_id: 'text-to-video', prompt: 'a paper boat in the rain', ...fields });
  const upload = async (query: string, type: string, body: Uint8Array<ArrayBuffer>) => {
    const res = await fetch(`${env.api}/api/v1/jobs/${job.id}/assets${query}`, { method: 'POST', headers: { authorization: `Bearer ${env.ingestToken}`, 'content-type': type }, body });
    if (!res.ok) throw new Error(`attaching to ${job.id}: ${res.status} ${await res.text()}`);
  };
  await upload(`?duration=${duration}`, 'video/mp4', await videoBytes());
  await upload('?asset_type=thumbnail', 'image/png', PNG);
  await updateJob(job.id, { status: 'processing' });
  await updateJob(job.id, { status: 'completed' });
  return job.id;
}

/** A job of `owner` through the ingest route, in any state (`{status: 'processing', progress: 40}`). */
export const ownedJob = (owner: Owner, fields: Record<string, unknown> = {}) =>
  ingest<{ id: string }>('POST', '/api/v1/jobs', { ...ownerOf(owner), app_id: 'text-to-video', prompt: 'a test prompt', ...fields });

/** A new anonymous session, as a visitor's browser starts one. */
export async function anonymousVisitor(): Promise<{ session_id: string; token: string; expires_at: string }> {
  const res = await fetch(`${env.api}/api/v1/sessions/anonymous`, { method: 'POST' });
  if (!res.ok) throw new Error(`anonymous session: ${res.status}`);
  return res.json() as Promise<{ session_id: string; token: string; expires_at: string }>;
}

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The URLs `fetch` was called with, as strings. */
export const calledUrls = (spy: { args: unknown[][] }) => spy.args.map(([input]) => (input instanceof Request ? input.url : String(input)));

/** What `promise` rejects with; fails the test when it fulfils instead. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Record<string, unknown>> {
  try {
    await promise;
  } catch (err) {
    return err as Record<string, unknown>;
  }
  throw new Error('expected the promise to reject, but it fulfilled');
}
