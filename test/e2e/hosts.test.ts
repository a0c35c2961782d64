/**
 * genshelf as a package, in the apps of the people who install it. `npm pack` (its `prepack` builds
 * everything) gives the tarball; the host projects in test/hosts/ are copied to a temp directory and
 * the tarball installed into each with npm from the registry, once per run:
 * - `server/`: a Node host's Hono app mounting `genshelf/server/node` at /genshelf beside its own
 *   token route (its own sign-in) and its static files;
 * - `react/`: React 19 + Vite through `genshelf/react` — `tokenProvider` as a prop, `onGsOpen`;
 *   `tsc` type-checks the host before `vite build`;
 * - `vue/`: Vue 3 + Vite with `isCustomElement`, `:tokenProvider.prop`, `@gs-open` and template
 *   types for the tags, checked by `vue-tsc` before `vite build`;
 * - `plain/`: a page loading the single-file bundle from a CDN address (answered with the packed file);
 * - `worker/`: a Worker's Hono app mounting `genshelf/server` on D1 and R2, bundled as wrangler does
 *   and run in workerd (miniflare) with the package's migrations applied.
 * Each built host is served by the server host and driven in Debian's Chromium against the real
 * API: `<job-stats>` shows the user's jobs, a property set by the host reaches the element, clicking
 * a `<recent-work>` item sends `gs-open` back to the host, and no console error. Each host's build
 * prints no warning. The README's "Embed it" blocks are these files (test/readme-snippets.test.ts).
 *
 * About 5 minutes on two cores, mostly `npm pack`'s build and the installs. A developer's loop:
 * `GENSHELF_HOSTS_DIR=/tmp/hosts npx vitest run --project api test/e2e/hosts.test.ts` prepares the
 * hosts there once and reuses them on later runs (remove the folder after changing the package).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, mkdtempSync, writeFileSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SignJWT } from 'jose';
import { Miniflare } from 'miniflare';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumPath } from '../../scripts/ensure-chromium.ts';

const root = join(import.meta.dirname, '..', '..');
const hosts = join(root, 'test', 'hosts');
const executablePath = chromiumPath();
const WAIT = { timeout: 20_000, interval: 100 };
const CDN_BUNDLE = 'https://cdn.jsdelivr.net/npm/genshelf@0.1/dist/genshelf.js';
const SECRETS = { AUTH_JWT_SECRET: 'host-jwt-secret-'.padEnd(40, 'x'), SIGNING_SECRET: 'host-signing-secret-'.padEnd(40, 'y'), INGEST_TOKEN: 'host-ingest-token-'.padEnd(32, 'z') };

/** The environment without the parent npm's `npm_*` settings (a nested npm would obey them). */
const cleanEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))),
  npm_config_update_notifier: 'false',
  npm_config_fund: 'false',
  npm_config_audit: 'false',
  ...extra,
});

/** Runs a command; resolves to everything it printed, rejects with it. */
function run(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, env: cleanEnv(), maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      if (err) reject(new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${output}`));
      else resolve(output);
    });
  });
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

/** A build's lines that warn (vite's `(!)`, `warning`, npm's `warn`), for the no-warnings checks. */
const warnings = (output: string) => output.split('\n').filter((line) => /warn|\(!\)|deprecat/i.test(line));

describe.skipIf(!executablePath)('genshelf installed from its tarball into host apps', () => {
  let work: string;
  let server: ChildProcess | undefined;
  let serverOutput = '';
  let base: string;
  let browser: Browser;
  /** What a host's `npm run build` printed. */
  const buildOutput = (name: string) => readFileSync(join(work, name, 'build-output.txt'), 'utf8');
  const jobIds: string[] = [];

  beforeAll(async () => {
    work = process.env.GENSHELF_HOSTS_DIR ?? mkdtempSync(join(tmpdir(), 'genshelf-hosts-'));
    mkdirSync(work, { recursive: true });
    if (!existsSync(join(work, 'server', 'public'))) await prepare();
    async function prepare() {
    const packed = await run('npm', ['pack', '--pack-destination', work], root);
    const tarball = join(work, readdirSync(work).find((f) => f.endsWith('.tgz')) ?? `no tarball: ${packed}`);
    for (const name of ['server', 'react', 'vue', 'plain', 'worker']) cpSync(join(hosts, name), join(work, name), { recursive: true });
    // One install per host per run (they share npm's cache); a host's own dependencies plus the tarball.
    // Exact versions in the hosts' package.json: a release still spreading over the registry's mirrors
    // would otherwise fail an install now and then. All settled before failing, so none still writes.
    const installs = await Promise.allSettled(['server', 'react', 'vue', 'worker'].map((name) => run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=warn', tarball], join(work, name))));
    for (const result of installs) if (result.status === 'rejected') throw result.reason;
    for (const name of ['react', 'vue']) {
      writeFileSync(join(work, name, 'build-output.txt'), await run('npm', ['run', '--silent', 'build'], join(work, name)));
      cpSync(join(work, name, 'dist'), join(work, 'server', 'public', name), { recursive: true });
    }
    cpSync(join(work, 'plain'), join(work, 'server', 'public', 'plain'), { recursive: true });
    }

    // A reused folder (GENSHELF_HOSTS_DIR) starts from an empty database too.
    rmSync(join(work, 'server', '.data'), { recursive: true, force: true });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, ['server.js'], { cwd: join(work, 'server'), env: cleanEnv({ ...SECRETS, PORT: String(port), HOME: work }), stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout!.on('data', (chunk: Buffer) => (serverOutput += chunk));
    server.stderr!.on('data', (chunk: Buffer) => (serverOutput += chunk));
    for (const started = Date.now(); (await fetch(`${base}/genshelf/health`).catch(() => undefined))?.status !== 200; ) {
      if (server.exitCode !== null || Date.now() - started > 30_000) throw new Error(`the host server did not start:\n${serverOutput}`);
      await new Promise((done) => setTimeout(done, 200));
    }

    // The user's work, as a generator back-end reports it (the ingest credential).
    for (const [i, status] of (['completed', 'completed', 'failed'] as const).entries()) {
      const res = await fetch(`${base}/genshelf/api/v1/jobs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${SECRETS.INGEST_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ user_id: 'user-1', app_id: 'text-to-video', prompt: `host job ${i}`, status }),
      });
      expect(res.status, await res.clone().text()).toBe(201);
      jobIds.push(((await res.json()) as { id: string }).id);
    }
    browser = await chromium.launch({ executablePath, args: chromiumArgs });
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((done) => server!.once('exit', done));
      server.kill('SIGTERM');
      const timer = setTimeout(() => server!.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    if (work && !process.env.GENSHELF_HOSTS_DIR) rmSync(work, { recursive: true, force: true, maxRetries: 3 });
  }, 180_000);

  /** Opens a host page (the CDN address answered with the packed bundle); resolves to the page and its console errors. */
  async function open(path: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('console', (msg) => void (msg.type() === 'error' && errors.push(msg.text())));
    page.on('pageerror', (err) => void errors.push(String(err)));
    await page.route(CDN_BUNDLE, (route) => route.fulfill({ contentType: 'text/javascript', body: readFileSync(join(work, 'server', 'node_modules', 'genshelf', 'dist', 'genshelf.js')) }));
    await page.goto(`${base}${path}`);
    return { page, errors };
  }

  /** What every host must show: the user's figures, a property set by the host, and gs-open reaching the host. */
  async function checkHost(path: string) {
    const { page, errors } = await open(path);
    try {
      const total = page.locator('job-stats [data-card=total] [part=value]');
      await expect.poll(() => total.textContent(), WAIT).toBe('3');
      // The host set `theme` as a property (React, Vue) or attribute; the element reflects it.
      expect(await page.locator('job-stats').getAttribute('theme')).toBe('light');
      expect(await page.locator('recent-work').evaluate((el) => typeof (el as HTMLElement & { tokenProvider?: unknown }).tokenProvider)).toBe('function');
      const items = page.locator('recent-work [part~=item]');
      await expect.poll(() => items.count(), WAIT).toBe(3);
      const first = await items.first().getAttribute('data-id');
      await items.first().locator('[part~=open]').click();
      await expect.poll(() => page.locator('#opened').textContent(), WAIT).toBe(`Opened ${first}`);
      expect(jobIds).toContain(first);
      expect(errors).toEqual([]);
      expect(serverOutput).not.toMatch(/error/i);
    } finally {
      await page.close();
    }
  }

  it('React 19 + Vite through genshelf/react: type-checks, builds without warnings, renders and hands gs-open to the host', async () => {
    expect(warnings(buildOutput('react'))).toEqual([]);
    await checkHost('/react/');
  }, 120_000);

  it('Vue 3 + Vite with isCustomElement, .prop and @gs-open: vue-tsc passes, builds without warnings, renders and hands gs-open to the host', async () => {
    expect(warnings(buildOutput('vue'))).toEqual([]);
    await checkHost('/vue/');
  }, 120_000);

  it('a plain page with the single-file bundle from a CDN address', async () => {
    await checkHost('/plain/');
  }, 120_000);

  it('the package ships what its exports name, and its class-only entry registers nothing', async () => {
    const pkgDir = join(work, 'server', 'node_modules', 'genshelf');
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { exports: Record<string, string | Record<string, string>>; types: string; customElements: string; bin: Record<string, string> };
    const targets = [pkg.types, pkg.customElements, ...Object.values(pkg.bin), ...Object.values(pkg.exports).flatMap((e) => (typeof e === 'string' ? [e] : Object.values(e)))].filter((t) => !t.includes('*'));
    for (const target of targets) expect(() => readFileSync(join(pkgDir, target)), target).not.toThrow();
    // A bundler drops the class-only entry when nothing of it is used (`sideEffects`), and keeps the tags out when a class is.
    const bundle = async (contents: string) =>
      (await build({ stdin: { contents, resolveDir: join(work, 'react'), loader: 'js' }, bundle: true, write: false, format: 'esm', minify: true, logLevel: 'silent' })).outputFiles[0]!.text;
    expect((await bundle("import 'genshelf';")).trim()).toBe('');
    expect(await bundle("import 'genshelf/elements/job-stats.js';")).toMatch(/\.define\("job-stats"\)/);
    // The React wrappers a host does not use are left out, elements and all (tag names also appear
    // in the string catalogues, so the registrations are what is looked for).
    const onlyJobStats = await bundle("import { JobStats } from 'genshelf/react'; console.log(JobStats);");
    // (the wrappers register through `wrap("<tag>", …)`, the entries through `.define("<tag>")`)
    expect(onlyJobStats).toMatch(/\("job-stats",/);
    expect(onlyJobStats).not.toMatch(/\("(my-work|recent-work|asset-gallery|media-preview)",|\.define\("(my-work|recent-work|asset-gallery)"\)/);
    // In a page that loaded nothing else, importing it defines no tag.
    const page = await browser.newPage();
    try {
      await page.goto(`${base}/genshelf/health`);
      // A string, so the test runner's transform leaves the browser's own import() alone.
      const registered = await page.evaluate(`import(${JSON.stringify(`${base}/genshelf/widgets/elements/index.js`)}).then((mod) => ({
        defined: ['asset-gallery', 'generation-history', 'job-stats', 'media-preview', 'my-work', 'project-list', 'recent-work', 'usage-insights', 'user-settings'].filter((t) => customElements.get(t)),
        classes: typeof mod.JobStats,
      }))`);
      expect(registered).toEqual({ defined: [], classes: 'function' });
    } finally {
      await page.close();
    }
  }, 120_000);

  it('a Worker mounting genshelf/server at /genshelf on D1 and R2, in workerd', async () => {
    const dir = join(work, 'worker');
    const script = join(dir, 'dist', 'worker.js');
    // As wrangler bundles a Worker: ESM, neutral platform, the workerd/worker/browser conditions.
    const bundled = await build({ entryPoints: [join(dir, 'worker.ts')], outfile: script, bundle: true, format: 'esm', platform: 'neutral', target: 'es2022', conditions: ['workerd', 'worker', 'browser'], mainFields: ['browser', 'module', 'main'], logLevel: 'silent' });
    expect(bundled.warnings).toEqual([]);
    const mf = new Miniflare({ modules: true, scriptPath: script, modulesRoot: dirname(script), compatibilityDate: '2026-04-20', cf: false, d1Databases: ['DB'], r2Buckets: ['BUCKET'], d1Persist: mkdtempSync(join(dir, 'd1-')), r2Persist: mkdtempSync(join(dir, 'r2-')), bindings: SECRETS });
    try {
      // The package's migrations, in journal order, as `wrangler d1 migrations apply` runs them.
      const drizzle = join(dir, 'node_modules', 'genshelf', 'drizzle');
      const journal = JSON.parse(readFileSync(join(drizzle, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
      const d1 = await mf.getD1Database('DB');
      for (const { tag } of journal.entries) for (const statement of readFileSync(join(drizzle, `${tag}.sql`), 'utf8').split('--> statement-breakpoint')) if (statement.trim()) await d1.prepare(statement).run();

      const call = async (path: string, init: { method?: string; token?: string; body?: BodyInit; type?: string } = {}) => {
        const res = await mf.dispatchFetch(`https://host.example${path}`, { method: init.method ?? 'GET', headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...(init.type ? { 'content-type': init.type } : {}) }, body: init.body as never });
        return { status: res.status, text: await res.text() };
      };
      expect(await call('/')).toEqual({ status: 200, text: 'Your own routes live here.' });
      expect((await call('/genshelf/health')).status).toBe(200);
      const created = await call('/genshelf/api/v1/jobs', { method: 'POST', token: SECRETS.INGEST_TOKEN, type: 'application/json', body: JSON.stringify({ user_id: 'user-w', app_id: 'text-to-video', status: 'completed' }) });
      expect(created.status, created.text).toBe(201);
      const job = JSON.parse(created.text) as { id: string };
      // A file into the bucket; its signed link points under the mount and serves the bytes.
      const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
      const uploaded = await call(`/genshelf/api/v1/jobs/${job.id}/assets`, { method: 'POST', token: SECRETS.INGEST_TOKEN, type: 'image/png', body: png });
      expect(uploaded.status, uploaded.text).toBe(201);
      const url = (JSON.parse(uploaded.text) as { url: string }).url;
      expect(url).toMatch(/^https:\/\/host\.example\/genshelf\/files\//);
      const file = await mf.dispatchFetch(url);
      expect(file.status).toBe(200);
      expect(Buffer.from(await file.arrayBuffer())).toEqual(png);
      // The host's users, by the tokens its identity provider signs.
      const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('user-w').setExpirationTime('5m').sign(new TextEncoder().encode(SECRETS.AUTH_JWT_SECRET));
      const jobs = await call('/genshelf/api/v1/jobs', { token });
      expect(jobs.status, jobs.text).toBe(200);
      expect((JSON.parse(jobs.text) as { jobs: { id: string }[] }).jobs.map((j) => j.id)).toEqual([job.id]);
      expect((await (await mf.getWorker()).scheduled({ cron: '*/30 * * * *' })).outcome).toBe('ok');
    } finally {
      await mf.dispose();
    }
  }, 120_000);
});
