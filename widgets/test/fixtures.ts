/**
 * Browser-side helpers for the widget tests: the real API started by global-setup.ts, one new
 * user per test (tokens signed here with WebCrypto), the ingest route to create and move jobs,
 * one hand-written fixture per test, and axe.
 */
import axe from 'axe-core';
import { render, type TemplateResult } from 'lit';
import { afterEach, expect, inject, vi } from 'vitest';
import type { ApiClient } from '../base/api-client.ts';
import type { DownloadManifest } from '../base/bulk-download.ts';
import type { GsElement } from '../base/gs-element.ts';
import './env.ts';

export const env = inject('genshelf');

const containers = new Set<HTMLElement>();
afterEach(() => {
  for (const c of containers) c.remove();
  containers.clear();
});

/** Renders `template` into the page and returns its first element once it has rendered. */
export async function fixture<T extends Element = GsElement>(template: TemplateResult): Promise<T> {
  const container = document.createElement('div');
  document.body.append(container);
  containers.add(container);
  render(template, container);
  const el = container.firstElementChild as T;
  await (el as unknown as GsElement).updateComplete;
  return el;
}

const b64url = (bytes: Uint8Array | string) =>
  btoa(typeof bytes === 'string' ? bytes : String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

/** An HS256 JWT from the host's identity provider (the API's test secret). */
export async function signToken(sub: string, expiresInS = 3600): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const body = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify({ sub, iat: now, exp: now + expiresInS }))}`;
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

/** Zero axe violations (WCAG 2.x A/AA and best practices), shadow DOM included. */
export async function expectAccessible(el: Element): Promise<void> {
  const results = await axe.run(el, { resultTypes: ['violations'] });
  const report = results.violations.map((v) => `${v.id}: ${v.help}\n${v.nodes.map((n) => `  ${JSON.stringify(n.target)} ${n.failureSummary}`).join('\n')}`);
  expect(report).toEqual([]);
}

/**
 * The bulk download's Blob path: no file picker and no service worker; the object URL is captured
 * and the `<a download>` click swallowed. Restore with `vi.restoreAllMocks()` + `vi.unstubAllGlobals()`.
 */
export function captureBlob() {
  vi.stubGlobal('showSaveFilePicker', undefined);
  vi.spyOn(navigator, 'serviceWorker', 'get').mockReturnValue(undefined as never);
  const created = vi.spyOn(URL, 'createObjectURL');
  const clicks: string[] = [];
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    clicks.push(this.download);
  });
  return {
    created,
    /** The `download` names of the swallowed clicks. */
    clicks,
    blob: () => (created.mock.calls.length ? (created.mock.calls[0]![0] as Blob) : undefined),
    bytes: async () => new Uint8Array(await (created.mock.calls[0]![0] as Blob).arrayBuffer()),
  };
}

/** The `limit` latest of the sample data's completed jobs (as `client`'s user sees them), and the download manifest the API answers for them. */
export async function completedDownload(client: ApiClient, limit: number): Promise<{ jobIds: string[]; manifest: DownloadManifest }> {
  const { data } = await client.get<{ jobs: { id: string }[] }>(`/api/v1/jobs?status=completed&limit=${limit}`);
  const jobIds = data.jobs.map((j) => j.id);
  const manifest = (await client.request<DownloadManifest>('/api/v1/downloads', { method: 'POST', body: { job_ids: jobIds } })).data;
  return { jobIds, manifest };
}

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The URLs `fetch` was called with, as strings. */
export const calledUrls = (spy: { mock: { calls: unknown[][] } }) => spy.mock.calls.map(([input]) => (input instanceof Request ? input.url : String(input)));

declare module 'vitest/browser' {
  interface BrowserCommands {
    /** Playwright's `page.emulateMedia` (vitest.config.ts). */
    emulateMedia: (options: { colorScheme?: 'light' | 'dark' | null; reducedMotion?: 'reduce' | 'no-preference' | null }) => Promise<void>;
    /** The page's real browser downloads (vitest.config.ts): `watch` before the first, `start`, `cancel`, then `end`. */
    waitForDownload(step: 'watch' | 'cancel'): Promise<null>;
    waitForDownload(step: 'start'): Promise<{ name: string }>;
    waitForDownload(step: 'end'): Promise<{ name: string; failure: string | null; base64?: string }>;
  }
}
