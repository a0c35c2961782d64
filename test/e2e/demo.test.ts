/**
 * End to end: `npm start` (api/node.ts in a temp directory, the bundle freshly built) and the demo
 * host app, Acme Studio (demo/), in Debian's Chromium driven by playwright-core. Signed in as the
 * demo user: the figures, recent work, my-work's thumbnails, a video that plays and seeks in the
 * preview, selecting 20 items and downloading them as one ZIP by each of bulkDownload's paths (the
 * file picker writing into OPFS, the service worker, a Blob and `<a download>`; every archive read
 * back and checked against the API), deleting them with Undo, <asset-gallery> by job (expand, Copy
 * URL opened in a private window, visibility kept over a reload) and flat (the kind tabs, a star
 * kept over a reload), the theme switch, the keyboard, the hostile-host page, a recent item's link,
 * a project's page, the event log; every page at 1440 px and on a 390 px touch phone (screenshots,
 * axe, one scroller, the navigation behind a menu button); a visitor's sample generation and the
 * sign-in; and not one console error. Screenshots go to test/e2e/screenshots/ (gitignored).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Asset, JobsPage, JobStatsData, Project } from '../../widgets/base/types.ts';
import type { DownloadManifest } from '../../widgets/base/bulk-download.ts';
import { chromiumPath } from '../../scripts/ensure-chromium.ts';
import { startDemoServer, type DemoServer } from './server.ts';
import { readZip } from './zip.ts';

const executablePath = chromiumPath();
const screenshots = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');
const args = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const WAIT = { timeout: 15_000, interval: 100 };
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Acme Studio's pages: [route, page name, the element that shows it is ready]. */
const PAGES = [
  ['/', 'dashboard', 'job-stats [part~=card-total] [part=value]'],
  ['/work', 'work', 'my-work [part~=item]'],
  ['/history', 'history', 'generation-history [part~=item]'],
  ['/assets', 'assets', 'asset-gallery [part~=job]'],
  ['/assets/all', 'assets-all', 'asset-gallery [part~=asset]'],
  ['/projects', 'projects', 'project-list [part~=item]'],
  ['/insights', 'insights', 'usage-insights [part~=tile-views] .value'],
  ['/settings', 'settings', 'user-settings [part~=tone]'],
  ['/developers', 'developers', '#own-csp'],
] as const;
/** The pages made of one list element: on a wide screen it ends at the window's bottom, and the page does not scroll. */
const ONE_SCROLLER = ['work', 'history', 'assets', 'assets-all', 'projects'];

/** Signs the page in as the demo user before any script runs (what the Sign in button stores). */
const signedInAsDemoUser = () => localStorage.setItem('acme-studio.session', JSON.stringify({ kind: 'demo' }));

/**
 * Replaces the File System Access picker by one that answers a real file handle in the origin
 * private file system, so the file-picker path writes a file the test can read back.
 */
const opfsPicker = () => {
  Object.defineProperty(window, 'showSaveFilePicker', {
    configurable: true,
    writable: true,
    value: async (options?: { suggestedName?: string }) => {
      const name = options?.suggestedName ?? 'download.zip';
      const w = window as unknown as { pickedFiles?: string[] };
      (w.pickedFiles ??= []).push(name);
      return (await navigator.storage.getDirectory()).getFileHandle(name, { create: true });
    },
  });
};

describe.skipIf(!executablePath)('the demo page end to end (npm start, Chromium)', { timeout: 60_000 }, () => {
  let server: DemoServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  /** The 20 newest jobs, selected in <my-work>. */
  let chosen: string[] = [];

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    [server, browser] = await Promise.all([startDemoServer(), chromium.launch({ executablePath, headless: true, args })]);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark', reducedMotion: 'reduce', acceptDownloads: true });
    await context.addInitScript(opfsPicker);
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('console', (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()} (${m.location().url})`)));
    page.on('pageerror', (e) => void problems.push(`page error: ${e.message}`));
    await page.goto(`${server.base}/`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const myWork = () => page.locator('my-work');
  const item = (index: number) => page.locator(`my-work [part~=item][data-index="${index}"]`);
  const toast = () => page.locator('my-work [part=toast]');
  const colour = (selector: string, property: string) =>
    page.locator(selector).first().evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), property);
  /** The focused element through shadow roots: its data-index, else its part. */
  const focused = () =>
    page.evaluate(() => {
      let el = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return el?.getAttribute('data-index') ?? el?.getAttribute('part') ?? el?.tagName.toLowerCase() ?? null;
    });
  /** Shows an Acme Studio page by its address (`/work`, `/assets/all`, …), as a link to it would. */
  const go = async (route: string, p = page) => {
    if (new URL(p.url()).origin !== server.base || new URL(p.url()).pathname !== '/') await p.goto(`${server.base}/#${route}`);
    else await p.evaluate((r) => (location.hash = r), route);
    await expect.poll(() => p.evaluate(() => location.hash || '#/'), WAIT).toBe(`#${route}`);
  };
  /** A fresh context at 1440 px (mouse) or 390 px (a touch phone), its page, and its close. */
  const freshPage = async (width: number, { signedIn = true, theme = 'dark' as 'dark' | 'light', motion = 'reduce' as 'reduce' | 'no-preference' } = {}) => {
    const touch = width < 600;
    const ctx = await browser.newContext({ viewport: { width, height: touch ? 844 : 1000 }, colorScheme: theme, reducedMotion: motion, hasTouch: touch, isMobile: touch });
    if (signedIn) await ctx.addInitScript(signedInAsDemoUser);
    const p = await ctx.newPage();
    p.setDefaultTimeout(15_000);
    p.on('console', (m) => void (m.type() === 'error' && problems.push(`console (${width} px): ${m.text()} (${m.location().url})`)));
    p.on('pageerror', (e) => void problems.push(`page error (${width} px): ${e.message}`));
    return { p, touch, close: () => ctx.close() };
  };
  /** Runs `check` on an Acme Studio page, signed in, in a fresh context at 1440 px (mouse) and at 390 px (a touch phone). */
  const atDesktopAndPhone = async (route: string, check: (p: Page, width: number, touch: boolean) => Promise<void>) => {
    for (const width of [1440, 390]) {
      const { p, touch, close } = await freshPage(width);
      try {
        await go(route, p);
        await check(p, width, touch);
      } finally {
        await close();
      }
    }
  };
  /** axe's violations on the page as it is, one line each (rule, count, first targets). */
  const axeViolations = async (p: Page) => {
    if (!(await p.evaluate(() => 'axe' in window))) await p.evaluate(axeSource);
    return p.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
      const { violations } = await axe.run(document, { resultTypes: ['violations'] });
      return violations.map((v) => `${v.id} ×${v.nodes.length}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
    });
  };
  const shot = (name: string, of = page) => of.screenshot({ path: join(screenshots, name), fullPage: true, animations: 'disabled' });

  it('opens signed out, as a visitor; Sign in gives every element the demo user: <job-stats> figures and 5 recent items on the dashboard, <my-work> with real thumbnails', async () => {
    expect(await page.locator('meta[name=genshelf-demo-token]').getAttribute('content')).toBe(server.demoToken);
    await expect.poll(() => page.locator('job-stats [part~=card-total] [part=value]').first().textContent().then((t) => t?.trim()), WAIT).toBe('0');
    expect(await page.locator('job-stats').getAttribute('anonymous')).toBe('');
    expect(await page.locator('.visitor-banner').isVisible()).toBe(true);

    await page.locator('#sign-in').click();
    await expect.poll(() => page.locator('#user-button').textContent().then((t) => t?.replace(/\s+/g, ' ').trim()), WAIT).toBe('DU Demo User');
    expect(await page.locator('#sign-in').isVisible()).toBe(false);
    expect(await page.locator('.visitor-banner').isVisible()).toBe(false);
    expect(await page.locator('job-stats, recent-work, usage-insights').evaluateAll((els) => els.map((e) => [e.getAttribute('token'), e.hasAttribute('anonymous')]))).toEqual([
      [server.demoToken, false],
      [server.demoToken, false],
      [server.demoToken, false],
    ]);
    const { data: stats } = await server.api<JobStatsData>('/api/v1/jobs/stats');
    expect(stats.total).toBe(60);
    for (const card of ['total', 'completed', 'processing', 'queued', 'failed', 'partial'] as const) {
      await expect.poll(() => page.locator(`job-stats [part~=card-${card}] [part=value]`).first().textContent().then((t) => t?.trim()), WAIT).toBe(String(stats[card]));
    }

    const { data: recent } = await server.api<{ generations: { id: string }[] }>('/api/generations/recent');
    await expect.poll(() => page.locator('recent-work li[part=item]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id'))), WAIT).toEqual(recent.generations.map((g) => g.id));
    expect(recent.generations).toHaveLength(5);
    await shot('demo-dark.png');

    await page.locator('#nav a', { hasText: 'My work' }).click();
    expect(await page.evaluate(() => location.hash)).toBe('#/work');
    expect(await page.locator('#nav a[aria-current=page]').textContent()).toBe('My work');
    const { data: list } = await server.api<JobsPage>('/api/v1/jobs?limit=50');
    await expect.poll(() => page.locator('my-work [part~=item]').first().getAttribute('data-id'), WAIT).toBe(list.jobs[0]!.id);
    await expect.poll(() => page.locator('my-work .stat[data-status=total] .stat-value').textContent(), WAIT).toBe('60');
    // Thumbnails are real images: the ones in view have loaded with pixels, none failed (a failed one is hidden).
    const thumbs = page.locator('my-work [part~=item] img');
    await expect.poll(() => thumbs.evaluateAll((imgs) => (imgs as HTMLImageElement[]).filter((i) => i.complete && i.naturalWidth > 0).length), WAIT).toBeGreaterThanOrEqual(5);
    expect(await page.locator('my-work [part~=item] img[hidden]').count()).toBe(0);
    const firstThumb = list.jobs.find((j) => j.thumbnail_url)!;
    expect(await page.locator(`my-work [data-id="${firstThumb.id}"] [part=thumbnail] > img`).getAttribute('src')).toBe(firstThumb.thumbnail_url);
  });

  it('keeps the elements intact on the hostile host page (global resets, all: unset, a second bundle copy): they look as in Acme Studio', async () => {
    const read = (el: ReturnType<Page['locator']>) =>
      el.evaluate((host) => {
        const root = host.shadowRoot!;
        const card = root.querySelector<HTMLElement>('[part~=card]')!;
        const style = getComputedStyle(card);
        const value = getComputedStyle(root.querySelector('[part=value]')!);
        return {
          values: [...root.querySelectorAll('[part=value]')].map((v) => v.textContent?.trim()),
          cards: root.querySelectorAll('[part~=card]').length,
          display: getComputedStyle(root.querySelector('[part=cards]')!).display,
          background: style.backgroundColor,
          border: style.borderTopColor,
          font: value.fontFamily,
          color: value.color,
          spacing: value.letterSpacing,
          height: Math.round(card.getBoundingClientRect().height),
        };
      });
    await go('/');
    const stats = page.locator('job-stats');
    await expect.poll(() => read(stats).then((r) => r.values[0]), WAIT).toBe('60');
    const inAcme = await read(stats);

    await page.goto(`${server.base}/demo/hostile.html`);
    const hostile = page.locator('.hostile job-stats');
    await expect.poll(() => read(hostile).then((r) => r.values), WAIT).toEqual(inAcme.values);
    const onHostile = await read(hostile);
    expect(onHostile).toEqual(inAcme);
    expect(onHostile.cards).toBe(6);
    expect(onHostile.font).not.toMatch(/comic/i);
    // The page around it is hostile indeed.
    expect(await colour('.hostile h2', 'font-family')).toMatch(/comic/i);
    expect(await page.locator('.hostile recent-work li[part=item]').count()).toBe(5);
    // The second copy of the bundle defined nothing twice and broke nothing.
    expect(await page.evaluate(() => ['job-stats', 'recent-work', 'my-work', 'media-preview', 'asset-gallery', 'project-list', 'usage-insights', 'user-settings'].every((t) => !!customElements.get(t)))).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await shot('hostile.png');
    await page.goto(`${server.base}/#/work`);
  });

  it('plays a video in <media-preview>: metadata, a decoded frame, and seeking', async () => {
    // A finished text-to-video job, found through <my-work>'s app filter.
    const { data: jobs } = await server.api<JobsPage>('/api/v1/jobs?app=text-to-video&status=completed&limit=50');
    let job: JobsPage['jobs'][number] | undefined;
    for (const j of jobs.jobs) if (!job && (await server.api<Asset[]>(`/api/v1/jobs/${j.id}/assets`)).data.some((a) => a.kind === 'video')) job = j;
    expect(job).toBeDefined();
    await page.locator('my-work select[aria-label=App]').selectOption('text-to-video');
    await page.locator(`my-work [data-id="${job!.id}"] .open`).click();
    const dialog = page.locator('my-work media-preview [part=dialog]');
    await dialog.waitFor({ state: 'visible' });
    // The job's outputs, oldest first: step to the video.
    const video = page.locator('my-work media-preview video[part=video]');
    for (let i = 0; i < 5 && !(await video.count()); i++) await page.locator('my-work media-preview [part=next-button]').click();
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), WAIT).toBeGreaterThanOrEqual(1);
    // Opened, it plays (muted if the browser asks for that).
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => !v.paused), WAIT).toBe(true);
    const meta = await video.evaluate((v: HTMLVideoElement) => ({ duration: v.duration, width: v.videoWidth, height: v.videoHeight }));
    expect(meta.duration).toBeGreaterThan(0);
    expect(meta.width).toBeGreaterThan(0);
    const target = meta.duration / 2;
    const seeked = await video.evaluate(
      (v: HTMLVideoElement, t) =>
        new Promise<{ time: number; ready: number }>((done, fail) => {
          v.addEventListener('seeked', () => done({ time: v.currentTime, ready: v.readyState }), { once: true });
          v.addEventListener('error', () => fail(new Error(`video error ${v.error?.code}`)), { once: true });
          // It started playing when the preview opened: hold it still where it is sent.
          v.pause();
          v.currentTime = t;
        }),
      target,
    );
    expect(Math.abs(seeked.time - target)).toBeLessThan(0.5);
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.readyState), WAIT).toBeGreaterThanOrEqual(2);
    await shot('preview-open.png');

    await page.locator('my-work media-preview [part=close-button]').click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('my-work select[aria-label=App]').selectOption('');
    await expect.poll(() => page.locator('my-work .stat[data-status=total] .stat-value').textContent(), WAIT).toBe('60');
  });

  it('selects 20 items (click, shift-click) and downloads them through the file picker: the ZIP in OPFS holds their files and manifest.json', async () => {
    const { data: list } = await server.api<JobsPage>('/api/v1/jobs?limit=20');
    chosen = list.jobs.map((j) => j.id);
    await expect.poll(() => item(0).getAttribute('data-id'), WAIT).toBe(chosen[0]);
    await item(0).click();
    // Only the rows in view are in the DOM: wheel down until the 20th is rendered.
    for (let i = 0; i < 20 && !(await item(19).count()); i++) await page.mouse.wheel(0, 250);
    await item(19).scrollIntoViewIfNeeded();
    await item(19).click({ modifiers: ['Shift'] });
    await expect.poll(() => page.locator('my-work [part=selection-bar] .count').textContent(), WAIT).toBe('20 selected');
    expect(await myWork().evaluate((el) => (el as unknown as { selectedIds: string[] }).selectedIds)).toEqual(chosen);
    expect(await page.locator('my-work [part~=item][aria-selected=true]').count()).toBeGreaterThan(0);
    await myWork().screenshot({ path: join(screenshots, 'my-work-selection.png'), animations: 'disabled' });

    await page.locator('my-work .bulk-download').click();
    await expect.poll(() => toast().textContent().then((t) => t?.trim()), WAIT).toMatch(/^Downloaded \d+ files$/);
    // Read now: the toast is gone by the time the archive is checked on a loaded machine.
    const said = (await toast().textContent())?.trim();
    const picked = await page.evaluate(() => (window as unknown as { pickedFiles?: string[] }).pickedFiles ?? []);
    expect(picked).toHaveLength(1);
    expect(picked[0]).toMatch(/^genshelf-\d{4}-\d{2}-\d{2}\.zip$/);
    const base64 = await page.evaluate(async (name) => {
      const file = await (await (await navigator.storage.getDirectory()).getFileHandle(name)).getFile();
      return new Promise<string>((done) => {
        const reader = new FileReader();
        reader.onload = () => done((reader.result as string).split(',')[1] ?? '');
        reader.readAsDataURL(file);
      });
    }, picked[0]!);
    const files = await checkArchive(new Uint8Array(Buffer.from(base64, 'base64')), chosen);
    expect(said).toBe(`Downloaded ${files} files`);
  });

  it('downloads the same selection through the service worker when there is no file picker (a browser download from the API origin)', async () => {
    await page.evaluate(() => {
      delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
      delete (Window.prototype as { showSaveFilePicker?: unknown }).showSaveFilePicker;
    });
    expect(await page.evaluate(() => typeof (window as { showSaveFilePicker?: unknown }).showSaveFilePicker)).toBe('undefined');
    expect(await page.locator('my-work [part=selection-bar] .count').textContent()).toBe('20 selected');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('my-work .bulk-download').click()]);
    expect(new URL(download.url()).pathname).toMatch(/^\/widgets\/download\/[^/]+\/genshelf-\d{4}-\d{2}-\d{2}\.zip$/);
    expect(download.suggestedFilename()).toMatch(/^genshelf-\d{4}-\d{2}-\d{2}\.zip$/);
    await checkArchive(new Uint8Array(readFileSync(await download.path())), chosen);
    await expect.poll(() => toast().textContent().then((t) => t?.trim()), WAIT).toMatch(/^Downloaded \d+ files$/);
    expect(await page.evaluate(() => (window as unknown as { pickedFiles?: string[] }).pickedFiles?.length)).toBe(1);
  });

  it('downloads the same selection through a Blob and <a download> with neither a file picker nor service workers', async () => {
    await page.evaluate(() => delete (Navigator.prototype as { serviceWorker?: unknown }).serviceWorker);
    expect(await page.evaluate(() => [typeof (window as { showSaveFilePicker?: unknown }).showSaveFilePicker, typeof navigator.serviceWorker])).toEqual(['undefined', 'undefined']);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('my-work .bulk-download').click()]);
    expect(download.url()).toMatch(/^blob:/);
    expect(download.suggestedFilename()).toMatch(/^genshelf-\d{4}-\d{2}-\d{2}\.zip$/);
    await checkArchive(new Uint8Array(readFileSync(await download.path())), chosen);
    await expect.poll(() => toast().textContent().then((t) => t?.trim()), WAIT).toMatch(/^Downloaded \d+ files$/);
    expect(await page.evaluate(() => (window as unknown as { pickedFiles?: string[] }).pickedFiles?.length)).toBe(1);
  });

  it('deletes the selection after a confirmation naming the count, and Undo brings the jobs back', async () => {
    await page.locator('my-work .bulk-delete').click();
    const confirm = page.locator('my-work .confirm-dialog');
    await confirm.waitFor({ state: 'visible' });
    expect(await confirm.locator('#confirm-text').textContent()).toBe('Delete 20 items? They move to the trash and can be restored.');
    await confirm.locator('.ok').click();
    await expect.poll(() => toast().locator('span').first().textContent(), WAIT).toBe('20 items deleted');
    const { data: left } = await server.api<JobsPage>('/api/v1/jobs?limit=100');
    expect(left.total).toBe(40);
    expect(left.jobs.filter((j) => chosen.includes(j.id))).toEqual([]);
    const { data: trash } = await server.api<JobsPage>('/api/v1/jobs?trashed=true&limit=100');
    expect(trash.jobs.map((j) => j.id).sort()).toEqual([...chosen].sort());
    await expect.poll(() => page.locator('my-work .stat[data-status=total] .stat-value').textContent(), WAIT).toBe('40');

    await toast().locator('.undo').click();
    await expect.poll(async () => (await server.api<JobsPage>('/api/v1/jobs?limit=100')).data.total, WAIT).toBe(60);
    for (const id of chosen) expect((await server.api(`/api/v1/jobs/${id}`)).status).toBe(200);
    expect((await server.api<JobsPage>('/api/v1/jobs?trashed=true&limit=100')).data.jobs).toEqual([]);
    await expect.poll(() => item(0).getAttribute('data-id'), WAIT).toBe(chosen[0]);
    await expect.poll(() => page.locator('my-work .stat[data-status=total] .stat-value').textContent(), WAIT).toBe('60');
    expect(await page.locator('my-work [part=selection-bar]').count()).toBe(0);
  });

  it("switches the widgets between dark and light, and to another accent, through Acme's --gs-* tokens", async () => {
    const pick = async (group: 'theme' | 'accent', label: string) => {
      await page.locator('#theme-toggle').click();
      await page.locator(`#${group} label`, { hasText: label }).click();
      await page.keyboard.press('Escape');
    };
    const look = async () => {
      await go('/');
      await page.locator('recent-work li[part=item]').first().waitFor();
      const dashboard = {
        stats: await colour('job-stats [part~=card]', 'background-color'),
        statsText: await colour('job-stats [part~=value]', 'color'),
        recent: await colour('recent-work [part=item]', 'color'),
        period: await colour('usage-insights [part~=period-button][aria-pressed=true]', 'background-color'),
      };
      await go('/work');
      return { ...dashboard, myWork: await colour('my-work [part~=item]', 'background-color') };
    };
    const dark = await look();
    // Acme's panel colour, handed to the elements as --gs-color-surface.
    expect(dark.stats).toBe('rgb(22, 25, 34)');
    await pick('theme', 'Light');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    expect(await page.locator('my-work').getAttribute('theme')).toBe('light');
    const light = await look();
    await go('/');
    expect(await page.locator('job-stats, recent-work, usage-insights').evaluateAll((els) => els.map((e) => e.getAttribute('theme')))).toEqual(['light', 'light', 'light']);
    for (const key of Object.keys(dark) as (keyof typeof dark)[]) expect(light[key], key).not.toBe(dark[key]);
    expect(light.stats).toBe('rgb(255, 255, 255)');
    await shot('demo-light.png');

    await pick('theme', 'Dark');
    await pick('accent', 'Teal');
    expect(await page.evaluate(() => document.documentElement.dataset.accent)).toBe('teal');
    const teal = await look();
    expect(teal).toEqual({ ...dark, period: teal.period });
    expect(teal.period).not.toBe(dark.period);
    await pick('accent', 'Violet');
    await expect.poll(look, WAIT).toEqual(dark);
  });

  it('works from the keyboard: Tab into <my-work>, arrows move, Space selects, Enter previews, Escape closes and clears', async () => {
    const { data: list } = await server.api<JobsPage>('/api/v1/jobs?limit=50');
    const cols = Number(await page.locator('my-work [role=grid]').getAttribute('aria-colcount'));
    expect(cols).toBeGreaterThan(1);
    await page.locator('my-work [part=search]').focus();
    for (let i = 0; i < 12 && (await focused()) !== '0'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('0');

    await page.keyboard.press('ArrowRight');
    await expect.poll(focused, WAIT).toBe('1');
    await page.keyboard.press('ArrowDown');
    await expect.poll(focused, WAIT).toBe(String(1 + cols));
    await page.keyboard.press('ArrowLeft');
    await expect.poll(focused, WAIT).toBe(String(cols));
    await page.keyboard.press('ArrowUp');
    await expect.poll(focused, WAIT).toBe('0');
    await page.keyboard.press('Space');
    await expect.poll(() => item(0).getAttribute('aria-selected'), WAIT).toBe('true');
    expect(await page.locator('my-work [part=selection-bar] .count').textContent()).toBe('1 selected');

    // To the first finished job (it has something to preview), then Enter.
    const target = list.jobs.findIndex((j) => j.status === 'completed');
    for (let i = 0; i < target; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(focused, WAIT).toBe(String(target));
    await page.keyboard.press('Enter');
    await page.locator('my-work media-preview [part=dialog]').waitFor({ state: 'visible' });
    await expect.poll(focused, WAIT).toBe('close-button');
    await page.keyboard.press('Escape');
    await page.locator('my-work media-preview [part=dialog]').waitFor({ state: 'hidden' });
    expect(await page.locator('my-work media-preview').getAttribute('open')).toBeNull();
    await expect.poll(focused, WAIT).toBe(String(target));
    expect(await page.locator('my-work [part=selection-bar]').count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.locator('my-work [part=selection-bar]').count(), WAIT).toBe(0);
  });

  it('lays <my-work> out at 1440 px and on a 390 px phone (touch): one stats row, a Filters button, no nested scroller', async () => {
    await atDesktopAndPhone('/work', async (p, width, touch) => {
      await p.locator('my-work [part~=item]').first().waitFor();
      await p.locator('my-work').evaluate((el) => el.scrollIntoView());
      const layout = await p.locator('my-work').evaluate((el) => {
        const root = el.shadowRoot!;
        const scroller = root.querySelector<HTMLElement>('[part=scroller]')!;
        const tops = [...root.querySelectorAll('[part=stat]')].map((s) => Math.round(s.getBoundingClientRect().top));
        const card = root.querySelector<HTMLElement>('[part~=item]')!;
        const targets = [card.querySelector('[part=checkbox]')!, ...card.querySelectorAll('button')].map((b) => Math.min(b.getBoundingClientRect().width, b.getBoundingClientRect().height));
        return {
          statRows: new Set(tops).size,
          filtersButton: root.querySelector<HTMLElement>('.filters-toggle')!.checkVisibility(),
          nestedScroller: getComputedStyle(scroller).overflowY !== 'visible',
          actionsShown: getComputedStyle(card.querySelector('.actions')!).opacity,
          smallestTarget: Math.min(...targets),
          columns: Number(root.querySelector('[role=grid]')!.getAttribute('aria-colcount')),
        };
      });
      expect(layout.statRows).toBe(1);
      expect(layout.smallestTarget).toBeGreaterThanOrEqual(24);
      if (touch) expect(layout).toMatchObject({ filtersButton: true, nestedScroller: false, actionsShown: '1', columns: 2 });
      else expect(layout).toMatchObject({ filtersButton: false, nestedScroller: true, actionsShown: '0' });
      // One scroller: on the wide screen the element's own, the page does not scroll; on the phone the page.
      const page = await p.evaluate(() => ({ scrolls: document.documentElement.scrollHeight > innerHeight + 1, wider: document.documentElement.scrollWidth > innerWidth }));
      expect(page).toEqual({ scrolls: touch, wider: false });
      await (touch ? p.screenshot({ path: join(screenshots, `my-work-${width}.png`) }) : p.locator('my-work').screenshot({ path: join(screenshots, `my-work-${width}.png`) }));
    });
  });

  const byJob = () => page.locator('asset-gallery:not([group-by=none])');
  const gallery = () => page.locator('asset-gallery[group-by=none]');
  /** What the clipboard holds (the page's own, as a user would paste it). */
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
  /** Opens `url` in a fresh browser context: no token, no cookies, no storage (a private window). */
  const openPrivately = async (url: string) => {
    const ctx = await browser.newContext();
    try {
      const res = await (await ctx.newPage()).goto(url);
      return { status: res?.status(), type: res?.headers()['content-type'] };
    } finally {
      await ctx.close();
    }
  };

  it('<asset-gallery> by job: a job expands into its thumbnails; Copy URL gives a link that opens in a private window; visibility survives a reload', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.base });
    await go('/assets');
    const { data: done } = await server.api<JobsPage>('/api/v1/jobs?status=completed&limit=20');
    let job: JobsPage['jobs'][number] | undefined;
    let image: Asset | undefined;
    for (const j of done.jobs.slice(0, 4)) {
      image ??= (await server.api<Asset[]>(`/api/v1/jobs/${j.id}/assets`)).data.find((a) => a.kind === 'image');
      if (image && !job) job = j;
    }
    expect(job && image).toBeTruthy();
    await byJob().locator('select[data-filter=status]').selectOption('completed');
    const card = byJob().locator(`[part~=job][data-id="${job!.id}"]`);
    await card.scrollIntoViewIfNeeded();
    await card.locator('[part=disclosure]').click();
    expect(await card.locator('[part=disclosure]').getAttribute('aria-expanded')).toBe('true');
    const thumbs = card.locator('[part~=asset] img');
    await expect.poll(() => thumbs.evaluateAll((imgs) => (imgs as HTMLImageElement[]).filter((i) => i.complete && i.naturalWidth > 0).length), WAIT).toBeGreaterThan(0);
    const tile = card.locator(`[part~=asset][data-id="${image!.id}"]`);

    await tile.hover();
    await tile.locator('.copy-link').click();
    await expect.poll(() => byJob().locator('[part=toast]').textContent().then((t) => t?.trim()), WAIT).toMatch(/^Link copied — it works until /);
    const signed = await clipboard();
    expect(signed).toMatch(/\/files\//);
    expect(await openPrivately(signed)).toMatchObject({ status: 200, type: image!.mime });

    await tile.locator('.visibility').click();
    await expect.poll(async () => (await server.api<Asset>(`/api/v1/assets/${image!.id}`)).data.is_public, WAIT).toBe(true);
    await tile.locator('.copy-link').click();
    await expect.poll(clipboard, WAIT).toBe(`${server.base}/api/v1/asset/${image!.id}`);
    expect(await openPrivately(await clipboard())).toMatchObject({ status: 200, type: image!.mime });

    await page.reload();
    await byJob().locator('select[data-filter=status]').selectOption('completed');
    await byJob().locator(`[part~=job][data-id="${job!.id}"] [part=disclosure]`).click();
    const again = byJob().locator(`[part~=asset][data-id="${image!.id}"] .visibility`);
    await expect.poll(() => again.getAttribute('aria-label'), WAIT).toMatch(/^Make .+ private$/);
    await again.click();
    await expect.poll(async () => (await server.api<Asset>(`/api/v1/assets/${image!.id}`)).data.is_public, WAIT).toBe(false);
    expect((await openPrivately(`${server.base}/api/v1/asset/${image!.id}`)).status).toBe(404);
  });

  it('<asset-gallery> flat: the Images, Videos and Texts tabs show only those (as many as the API counts); a star survives a reload', async () => {
    await page.locator('.tabs a', { hasText: 'All assets' }).click();
    expect(await page.evaluate(() => location.hash)).toBe('#/assets/all');
    const tab = (name: string) => gallery().locator('[role=tab]', { hasText: name });
    for (const [name, kind] of [['Images', 'image'], ['Videos', 'video'], ['Texts', 'text']] as const) {
      const { data } = await server.api<{ total: number }>(`/api/v1/assets?kind=${kind}&limit=1`);
      expect(data.total).toBeGreaterThan(0);
      await tab(name).click();
      await expect.poll(() => gallery().evaluate((el) => (el as unknown as { total: number }).total), WAIT).toBe(data.total);
      await expect.poll(() => gallery().locator('[part~=asset]').evaluateAll((els) => [...new Set(els.map((e) => (e as HTMLElement).dataset.kind))]), WAIT).toEqual([kind]);
    }
    await tab('All').click();
    const { data: all } = await server.api<{ assets: Asset[]; total: number }>('/api/v1/assets?limit=5');
    await expect.poll(() => gallery().locator('[part~=asset]').first().getAttribute('data-id'), WAIT).toBe(all.assets[0]!.id);
    const first = gallery().locator(`[part~=asset][data-id="${all.assets[0]!.id}"]`);
    await first.hover();
    await first.locator('.favourite').click();
    await expect.poll(async () => (await server.api<Asset>(`/api/v1/assets/${all.assets[0]!.id}`)).data.favorite, WAIT).toBe(true);
    await page.reload();
    await expect.poll(() => first.locator('.favourite').getAttribute('aria-label'), WAIT).toMatch(/^Remove .+ from favourites$/);
    await gallery().locator('[part=favourites-button]').click();
    await expect.poll(() => gallery().locator('[part~=asset]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id)), WAIT).toEqual([all.assets[0]!.id]);
    await gallery().locator('[part=favourites-button]').click();
    await first.hover();
    await first.locator('.favourite').click();
    await expect.poll(async () => (await server.api<Asset>(`/api/v1/assets/${all.assets[0]!.id}`)).data.favorite, WAIT).toBe(false);
  });

  it('lays <asset-gallery> out at 1440 px and on a 390 px phone (touch), both groupings: no nested scroller on the phone, actions shown on touch only', async () => {
    for (const [name, route, cell] of [['job', '/assets', '[part~=job]'], ['flat', '/assets/all', '[part~=asset]']] as const) {
      await atDesktopAndPhone(route, async (p, width, touch) => {
        const el = p.locator('asset-gallery');
        await el.locator(cell).first().waitFor();
        if (name === 'job') {
          await el.locator('select[data-filter=status]').selectOption('completed');
          await el.locator('[part~=job] [part=disclosure]').first().click();
          await el.locator('[part~=asset]').first().waitFor();
        }
        const layout = await el.evaluate((host) => {
          const root = host.shadowRoot!;
          const tile = root.querySelector<HTMLElement>('[part~=asset]')!;
          const targets = [...tile.querySelectorAll('button')].map((b) => Math.min(b.getBoundingClientRect().width, b.getBoundingClientRect().height));
          return {
            nestedScroller: getComputedStyle(root.querySelector('[part=scroller]')!).overflowY !== 'visible',
            actionsShown: getComputedStyle(tile.querySelector('.actions')!).opacity,
            smallestTarget: Math.min(...targets),
            pageScrolls: document.documentElement.scrollHeight > innerHeight + 1,
          };
        });
        expect(layout.smallestTarget, `${name} at ${width}`).toBeGreaterThanOrEqual(24);
        expect(layout, `${name} at ${width}`).toMatchObject(touch ? { nestedScroller: false, actionsShown: '1', pageScrolls: true } : { nestedScroller: true, pageScrolls: false });
        await p.waitForTimeout(300);
        await p.screenshot({ path: join(screenshots, `asset-gallery-${name}-${width}.png`) });
      });
    }
  });

  it("opens a recent item's link (href-template) in My work's preview, and closing it leaves the job's address", async () => {
    await go('/');
    const { data: recent } = await server.api<{ generations: { id: string; status: string }[] }>('/api/generations/recent');
    const done = recent.generations.find((g) => g.status === 'completed')!;
    const link = page.locator(`recent-work li[part=item][data-id="${done.id}"] a[part=open]`);
    expect(await link.getAttribute('href')).toBe(`#/work/${done.id}`);
    await link.click();
    await expect.poll(() => page.evaluate(() => location.hash), WAIT).toBe(`#/work/${done.id}`);
    const dialog = page.locator('my-work media-preview [part=dialog]');
    await dialog.waitFor({ state: 'visible' });
    expect(await page.locator('#nav a[aria-current=page]').textContent()).toBe('My work');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => page.evaluate(() => location.hash), WAIT).toBe('#/work');
  });

  it("opens a project from <project-list> on a page of its own: its name, its jobs in <my-work project>, its assets in <asset-gallery project>", async () => {
    const { data } = await server.api<{ projects: Project[] }>('/api/v1/projects?limit=50');
    const project = data.projects.find((p) => p.job_count >= 2 && p.asset_count > 0)!;
    await go('/projects');
    const name = page.locator(`project-list [part~=item][data-id="${project.id}"] a[part=name]`);
    expect(await name.getAttribute('href')).toBe(`#/projects/${project.id}`);
    await name.click();
    await expect.poll(() => page.locator('h1').textContent(), WAIT).toBe(project.name);
    expect(await page.title()).toBe(`${project.name} · Acme Studio`);
    expect(await page.locator('#nav a[aria-current=page]').textContent()).toBe('Projects');
    expect(await page.locator('my-work').getAttribute('project')).toBe(project.id);
    await expect.poll(() => page.locator('my-work .stat[data-status=total] .stat-value').textContent(), WAIT).toBe(String(project.job_count));
    const { data: jobs } = await server.api<JobsPage>(`/api/v1/jobs?project_id=${project.id}&limit=50`);
    await expect.poll(() => page.locator('my-work [part~=item]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id'))), WAIT).toEqual(jobs.jobs.map((j) => j.id));
    expect(await page.locator('asset-gallery').count()).toBe(0);
    await shot('project.png');

    await page.locator('.tabs a', { hasText: 'Assets' }).click();
    await expect.poll(() => page.evaluate(() => location.hash), WAIT).toBe(`#/projects/${project.id}/assets`);
    expect(await page.locator('asset-gallery').getAttribute('project')).toBe(project.id);
    await expect.poll(() => page.locator('asset-gallery').evaluate((el) => (el as unknown as { total: number }).total), WAIT).toBe(project.asset_count);
    expect(await page.locator('my-work').count()).toBe(0);
    await page.locator('a.back').click();
    await expect.poll(() => page.evaluate(() => location.hash), WAIT).toBe('#/projects');
  });

  it('shows the gs- events in the event log drawer as they fire, and counts those fired while it is closed', async () => {
    await go('/assets/all');
    // What the earlier tests fired is there: seen (the count starts again) and cleared.
    await page.locator('#events-toggle').click();
    expect(await page.locator('#event-log li').count()).toBeGreaterThan(0);
    await page.locator('#events-clear').click();
    expect(await page.locator('#event-log li').count()).toBe(0);
    expect(await page.locator('#event-empty').isVisible()).toBe(true);
    await page.locator('#events-toggle').click();
    expect(await page.locator('#events-count').isVisible()).toBe(false);
    const { data: all } = await server.api<{ assets: Asset[] }>('/api/v1/assets?limit=1');
    const first = page.locator(`asset-gallery [part~=asset][data-id="${all.assets[0]!.id}"]`);
    await first.hover();
    await first.locator('.favourite').click();
    await expect.poll(() => page.locator('#events-count').textContent(), WAIT).toBe('1');
    expect(await page.locator('#events-toggle').getAttribute('aria-label')).toBe('Events, 1 new');

    await page.locator('#events-toggle').click();
    const drawer = page.locator('#events');
    expect(await drawer.isVisible()).toBe(true);
    expect(await page.locator('#events-toggle').getAttribute('aria-expanded')).toBe('true');
    expect(await page.locator('#events-count').isVisible()).toBe(false);
    const entry = drawer.locator('.event-log li').first();
    expect(await entry.locator('.event-name').textContent()).toBe('gs-asset-change');
    expect(await entry.locator('.event-from').textContent()).toBe('<asset-gallery>');
    expect(await entry.locator('.event-summary').textContent()).toMatch(/starred$/);
    await entry.locator('summary').click();
    expect(JSON.parse((await entry.locator('pre').textContent())!)).toMatchObject({ change: 'favorite', asset: { id: all.assets[0]!.id, favorite: true } });

    // With the drawer open, events come in on top.
    await first.hover();
    await first.locator('.favourite').click();
    await expect.poll(() => drawer.locator('.event-log li').count(), WAIT).toBe(2);
    expect(await drawer.locator('.event-log li .event-summary').first().textContent()).toMatch(/unstarred$/);
    expect(await axeViolations(page)).toEqual([]);
    await shot('event-log.png');
    await page.locator('#events-close').click();
    expect(await drawer.isVisible()).toBe(false);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), WAIT).toBe('events-toggle');
  });

  it('walks every page at 1440 px and on a 390 px phone: the page in view, axe clean, one scroller, nothing wider than the window, the navigation behind a menu button on the phone', { timeout: 300_000 }, async () => {
    const passes = [
      [1440, 'dark', true],
      [390, 'dark', true],
      [1440, 'light', true],
      // A visitor's pages have their own parts (the banner, Generate, Sign in, empty states).
      [1440, 'dark', false],
      [390, 'light', false],
    ] as const;
    for (const [width, theme, signedIn] of passes) {
      const { p, touch, close } = await freshPage(width, { theme, signedIn });
      const visitor = signedIn ? '' : '-visitor';
      try {
        if (theme === 'light') {
          await p.goto(server.base);
          await p.locator('#theme-toggle').click();
          await p.locator('#theme label', { hasText: 'Light' }).click();
          await p.keyboard.press('Escape');
        }
        for (const [route, name, ready] of PAGES) {
          await go(route, p);
          // A visitor has no jobs: the lists show their empty states.
          await p.locator(signedIn || name === 'dashboard' || name === 'insights' || name === 'settings' || name === 'developers' ? ready : `${ready.split(' ')[0]} [part~=empty]`).first().waitFor();
          await p.evaluate(() => document.fonts.ready);
          const where = `${name} at ${width} px (${theme}${signedIn ? '' : ', visitor'})`;
          expect(await p.locator('h1').count(), where).toBe(1);
          expect(await axeViolations(p), where).toEqual([]);
          const layout = await p.evaluate(() => ({ scrolls: document.documentElement.scrollHeight > innerHeight + 1, wider: document.documentElement.scrollWidth > innerWidth }));
          expect(layout.wider, where).toBe(false);
          if (!touch && (ONE_SCROLLER as readonly string[]).includes(name)) expect(layout.scrolls, where).toBe(false);
          await p.screenshot({ path: join(screenshots, `page-${name}-${width}${theme === 'light' ? '-light' : ''}${visitor}.png`), fullPage: !ONE_SCROLLER.includes(name) });
        }
        const nav = p.locator('#nav');
        const toggle = p.locator('.nav-toggle');
        if (touch && signedIn) {
          // The navigation folds behind the menu button; a link closes it again.
          expect(await nav.isVisible()).toBe(false);
          await toggle.click();
          expect(await toggle.getAttribute('aria-expanded')).toBe('true');
          await expect.poll(() => nav.isVisible(), WAIT).toBe(true);
          expect(await axeViolations(p)).toEqual([]);
          await p.screenshot({ path: join(screenshots, 'nav-open-390.png') });
          await nav.locator('a', { hasText: 'Insights' }).click();
          await expect.poll(() => p.evaluate(() => location.hash), WAIT).toBe('#/insights');
          await expect.poll(() => nav.isVisible(), WAIT).toBe(false);
          expect(await toggle.getAttribute('aria-expanded')).toBe('false');
        } else if (!touch) {
          expect(await toggle.isVisible()).toBe(false);
          expect(await nav.isVisible()).toBe(true);
        }
      } finally {
        await close();
      }
    }
  });

  it('lets a visitor generate a sample, watch it finish in History, preview it on hover and play it, then sign in and find it under the demo user (the claim), and sign out again', async () => {
    const { p, close } = await freshPage(1440, { signedIn: false, motion: 'no-preference' });
    try {
      await p.goto(server.base);
      await expect.poll(() => p.locator('job-stats [part~=card-total] [part=value]').textContent().then((t) => t?.trim()), WAIT).toBe('0');
      expect(await p.locator('#sign-in').isVisible()).toBe(true);
      await p.locator('.visitor-banner [data-action=generate]').click();
      await expect.poll(() => p.locator('#toast').textContent(), WAIT).toMatch(/^Generating “.+” — it shows up in History/);
      // The shared client's write refreshes the elements: the job is there at once.
      await expect.poll(() => p.locator('job-stats [part~=card-total] [part=value]').textContent().then((t) => t?.trim()), WAIT).toBe('1');

      await p.locator('#nav a', { hasText: 'History' }).click();
      const tile = p.locator('generation-history [part~=item]');
      await expect.poll(() => tile.count(), WAIT).toBe(1);
      const id = (await tile.getAttribute('data-id'))!;
      // Done within seconds, live (the element polls while it runs): a poster, a video.
      await expect.poll(() => tile.getAttribute('data-status'), WAIT).toBe('completed');
      expect(await tile.getAttribute('data-kind')).toBe('video');
      // Its poster is the job's thumbnail (a picture the browser can decode), not a black first frame.
      const poster = await tile.locator('video').getAttribute('poster');
      expect(poster).toBeTruthy();
      expect(await p.evaluate(async (src) => { const i = new Image(); i.src = src; await i.decode(); return i.naturalWidth; }, poster!)).toBeGreaterThan(0);
      // The pointer resting on it plays a muted preview through the opaque /video/ link.
      await tile.hover();
      const preview = tile.locator('video');
      await expect.poll(() => preview.evaluate((v: HTMLVideoElement) => !v.paused && v.muted && v.currentTime > 0).catch(() => false), WAIT).toBe(true);
      expect(new URL(await preview.evaluate((v: HTMLVideoElement) => v.currentSrc)).pathname).toMatch(/^\/video\//);
      await shot('history-visitor.png', p);
      // A click opens the player, which plays it.
      await tile.click();
      const player = p.locator('generation-history media-preview video[part=video]');
      await expect.poll(() => player.evaluate((v: HTMLVideoElement) => !v.paused && v.readyState >= 2), WAIT).toBe(true);
      await p.keyboard.press('Escape');
      await p.locator('generation-history media-preview [part=dialog]').waitFor({ state: 'hidden' });

      // Signing in moves it to the demo user: the element says so, the log shows gs-claimed, the API agrees.
      expect((await server.api(`/api/v1/jobs/${id}`)).status).toBe(403);
      await p.locator('#sign-in').click();
      await expect.poll(() => p.locator('generation-history [part=toast]').textContent().then((t) => t?.trim()), WAIT).toBe('1 generation moved to your account');
      expect(await p.locator('generation-history').getAttribute('token')).toBe(server.demoToken);
      await expect.poll(async () => (await server.api<{ id: string }>(`/api/v1/jobs/${id}`)).data.id, WAIT).toBe(id);
      await expect.poll(() => p.locator(`generation-history [part~=item][data-id="${id}"]`).count(), WAIT).toBe(1);
      await p.locator('#events-toggle').click();
      expect(await p.locator('#event-log li .event-name', { hasText: 'gs-claimed' }).count()).toBe(1);
      expect(await p.locator('#event-log li', { hasText: 'gs-claimed' }).locator('.event-summary').textContent()).toBe("1 generation moved from the visitor's session to the signed-in user");
      await shot('history-claimed.png', p);
      await p.locator('#events-close').click();

      // Signed out: a new visitor, with nothing (the claimed session was forgotten).
      await p.locator('#user-button').click();
      await p.locator('#sign-out').click();
      await expect.poll(() => p.locator('generation-history').getAttribute('anonymous'), WAIT).toBe('');
      await p.locator('generation-history [part=empty]').waitFor();
      expect(await p.locator('#sign-in').isVisible()).toBe(true);
    } finally {
      await close();
    }
  });

  it("registers an app with the banner's admin token as the README does; a job for it shows the app's name and colour in <recent-work>", async () => {
    const icon = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 20"><path d="M4 3h12v14H4z" fill="none" stroke="#fff"/></svg>';
    const app = { name: 'Poster Forge', color: '#f97316', icon_svg: icon, href_template: 'https://posters.example.com/jobs/{job_id}', description: 'Posters from a prompt' };
    const put = (token: string) => fetch(`${server.base}/api/v1/apps/poster-forge`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(app) });
    expect((await put(server.demoToken)).status).toBe(403);
    expect((await put(server.adminToken)).status).toBe(201);
    const job = await server.api<{ id: string }>('/api/v1/jobs', { method: 'POST', body: { app_id: 'poster-forge', prompt: 'A poster for the harbour festival', task_id: 'e2e-poster' } });
    expect(job.status).toBe(201);
    const { p, close } = await freshPage(1440);
    try {
      await go('/', p);
      const row = p.locator(`recent-work [data-id="${job.data.id}"]`);
      await expect.poll(() => row.locator('.app').textContent().then((t) => t?.trim()).catch(() => null), WAIT).toBe('Poster Forge');
      expect(await row.locator('.app').evaluate((e: HTMLElement) => e.style.getPropertyValue('--_app'))).toBe('#f97316');
      expect(await row.locator('.app-icon img').getAttribute('src')).toMatch(/\/api\/v1\/apps\/poster-forge\/icon/);
    } finally {
      await close();
    }
    await server.api(`/api/v1/jobs/${job.data.id}`, { method: 'DELETE' });
  });

  it('logged no console errors and no page errors, and the server logged no errors', () => {
    expect(problems).toEqual([]);
    expect(server.output().split('\n').filter((l) => l.includes('"level":"error"'))).toEqual([]);
  });

  /**
   * Checks a downloaded archive against the API's manifest for the same jobs: the same names, each
   * file byte for byte what its signed URL serves (CRC and size as recorded), and manifest.json
   * describing exactly those files, all from the selected jobs. Returns the number of entries.
   */
  async function checkArchive(bytes: Uint8Array, jobIds: string[]): Promise<number> {
    const entries = readZip(bytes);
    const { status, data: manifest } = await server.api<DownloadManifest>('/api/v1/downloads', { method: 'POST', body: { job_ids: jobIds } });
    expect(status).toBe(200);
    expect(entries.map((e) => e.name)).toEqual(manifest.files.map((f) => f.name));
    for (const file of manifest.files.filter((f) => f.url)) {
      const entry = entries.find((e) => e.name === file.name)!;
      expect(entry.size, file.name).toBe(file.size);
      const served = new Uint8Array(await (await fetch(file.url!)).arrayBuffer());
      expect(Buffer.from(entry.data).equals(Buffer.from(served)), `${file.name} matches the served file`).toBe(true);
    }
    const inZip = JSON.parse(new TextDecoder().decode(entries.find((e) => e.name === 'manifest.json')!.data)) as { files: { name: string; job_id: string }[]; failures?: unknown };
    const fromApi = JSON.parse(manifest.files.find((f) => f.name === 'manifest.json')!.content!) as { files: { name: string; job_id: string; asset_id: string }[] };
    expect(inZip.failures).toBeUndefined();
    expect(inZip.files).toEqual(fromApi.files);
    expect(inZip.files.every((f) => jobIds.includes(f.job_id))).toBe(true);
    // Every finished job among the selected has its files in the archive.
    const { data: list } = await server.api<JobsPage>('/api/v1/jobs?limit=100');
    const finished = list.jobs.filter((j) => jobIds.includes(j.id) && j.status === 'completed').map((j) => j.id);
    expect(finished.length).toBeGreaterThan(5);
    expect(finished.filter((id) => !inZip.files.some((f) => f.job_id === id))).toEqual([]);
    return entries.length;
  }
});
