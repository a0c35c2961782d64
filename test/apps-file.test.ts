/**
 * `APPS_FILE` (issue 15, item 6): a self-hoster's apps in a JSON file, registered when api/node.ts
 * starts — spawned as `npm start` runs it — and checked as `PUT /api/v1/apps/:id` checks one; a bad
 * file stops the start with one readable message before anything is written.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { appsFromJson } from '../api/services/apps.ts';
import { testSecrets } from './harness.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 20"><path d="M4 4h12v12H4z" stroke="#fff"/></svg>';
const apps = [
  { id: 'poster-forge', name: 'Poster Forge', color: '#f97316', icon_svg: SVG, href_template: 'https://posters.example.com/jobs/{job_id}' },
  { id: 'jingle-box', name: 'Jingle Box', color: 'teal', icon_url: 'https://cdn.example.com/jingle.png', description: 'Short jingles' },
];

function start(env: Record<string, string>): { child: ChildProcess; exited: Promise<{ code: number | null; output: string }>; base: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/node.ts'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: '0', ...env } });
  let output = '';
  let found: (base: string) => void;
  const base = new Promise<string>((r) => (found = r));
  const collect = (c: Buffer) => {
    output += c;
    const m = /genshelf is running at (http:\/\/\S+)/.exec(output);
    if (m) found(m[1]!);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<{ code: number | null; output: string }>((done) => child.once('exit', (code) => done({ code, output })));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  timer.unref();
  cleanups.push(() => child.kill('SIGKILL'));
  return { child, exited, base };
}

function workDir() {
  const dir = mkdtempSync(join(tmpdir(), 'genshelf-apps-file-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return { dir, env: { HOME: dir, DATA_DIR: dir, DATABASE_URL: `file:${join(dir, 'genshelf.db')}`, BLOB_DIR: join(dir, 'blobs'), SEED_DEMO_DATA: '0', ...testSecrets() } };
}

describe('APPS_FILE', () => {
  it('registers the file\'s apps at start-up: listed with their icons and links, and jobs can be ingested for them', async () => {
    const { dir, env } = workDir();
    writeFileSync(join(dir, 'apps.json'), JSON.stringify(apps));
    const server = start({ ...env, APPS_FILE: join(dir, 'apps.json') });
    const base = await Promise.race([server.base, server.exited.then((e) => Promise.reject(new Error(`exited ${e.code}: ${e.output}`)))]);
    const list = (await (await fetch(`${base}/api/v1/apps`)).json()) as { apps: Record<string, unknown>[] };
    // A fresh database with the sample data off: exactly the file's apps.
    expect(list.apps.map((a) => a.id)).toEqual(['poster-forge', 'jingle-box']);
    expect(list.apps[0]).toMatchObject({ name: 'Poster Forge', color: '#f97316', icon_svg: SVG, href_template: 'https://posters.example.com/jobs/{job_id}', image_url: expect.stringMatching(/\/api\/v1\/apps\/poster-forge\/icon\?v=/) });
    expect(list.apps[1]).toMatchObject({ name: 'Jingle Box', color: 'teal', icon_url: 'https://cdn.example.com/jingle.png', image_url: 'https://cdn.example.com/jingle.png', description: 'Short jingles' });
    const created = await fetch(`${base}/api/v1/jobs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${env.INGEST_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: 'someone', app_id: 'jingle-box', prompt: 'a jingle' }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const unknown = await fetch(`${base}/api/v1/jobs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${env.INGEST_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ user_id: 'someone', app_id: 'video-mixer', prompt: 'a sample app, not registered here' }),
    });
    expect(unknown.status).toBe(422);
    expect(((await unknown.json()) as { details: { field: string }[] }).details.map((d) => d.field)).toContain('app_id');
  }, 60_000);

  it('a bad entry stops the start with one readable message per problem, naming entry and field; nothing written', async () => {
    const { dir, env } = workDir();
    writeFileSync(join(dir, 'apps.json'), JSON.stringify([{ ...apps[0], color: 'bogus' }, { ...apps[1], icon_url: null, icon_svg: '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>' }]));
    const { code, output } = await start({ ...env, APPS_FILE: join(dir, 'apps.json') }).exited;
    expect(code, output).toBe(1);
    expect(output).toMatch(/APPS_FILE .*apps\.json is not a valid list of apps:\n {2}0\.color: must be a CSS colour.*\n {2}1\.icon_svg: <script> is not allowed/);
    expect(output).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'genshelf.db')), 'no database was created').toBe(false);
  }, 60_000);

  it.each([
    ['an app listed twice', JSON.stringify([apps[0], apps[0]]), /app "poster-forge" is listed twice/],
    ['not JSON', '[{', /APPS_FILE apps\.json is not JSON/],
    ['not a list', '{"id": "x"}', /\(list\): /],
    ['an unknown field', JSON.stringify([{ ...apps[1], colour: 'red' }]), /0: Unrecognized key/i],
  ])('%s: refused by the same check (the shared core, as the Worker\'s APPS var uses it)', (_what, text, message) => {
    expect(() => appsFromJson(text, 'APPS_FILE apps.json')).toThrow(message);
  });

  it('a file that is not there: stops the start naming it', async () => {
    const { dir, env } = workDir();
    const { code, output } = await start({ ...env, APPS_FILE: join(dir, 'missing.json') }).exited;
    expect(code, output).toBe(1);
    expect(output.trim()).toBe(`genshelf cannot start: APPS_FILE ${join(dir, 'missing.json')} cannot be read (ENOENT)`);
  }, 60_000);
});
