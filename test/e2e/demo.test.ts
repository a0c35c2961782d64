/**
 * End to end: `npm start` (api/node.ts in a temp directory, the bundle freshly built) and the demo
 * page at / in Debian's Chromium driven by playwright-core — the figures, recent work, my-work's
 * thumbnails, a video that plays and seeks in the preview, selecting 20 items and downloading them
 * as one ZIP by each of bulkDownload's paths (the file picker writing into OPFS, the service
 * worker, a Blob and `<a download>`; every archive read back and checked against the API),
 * deleting them with Undo, <asset-gallery> by job (expand, Copy URL opened in a private window,
 * visibility kept over a reload) and flat (the kind tabs, a star kept over a reload), the theme
 * switch, the keyboard, the hostile-host section, <my-work>'s
 * layout at 1440 px and on a 390 px touch phone, and not one console error. Screenshots go to test/e2e/screenshots/ (gitignored).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Asset, JobsPage, JobStatsData } from '../../widgets/base/types.ts';
import type { DownloadManifest } from '../../widgets/base/bulk-download.ts';
import { chromiumPath } from '../../scripts/ensure-chromium.ts';
import { startDemoServer, type DemoServer } from './server.ts';
import { readZip } from './zip.ts';

const executablePath = chromiumPath();
const screenshots = join(dirname(fileURLToPath(import.meta.url)), 'screenshots');
const args = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const WAIT = { timeout: 15_000, interval: 100 };

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
  /** Runs `check` on the demo page in a fresh context at 1440 px (mouse) and at 390 px (a touch phone). */
  const atDesktopAndPhone = async (check: (p: Page, width: number, touch: boolean) => Promise<void>) => {
    for (const [width, height, touch] of [[1440, 1000, false], [390, 844, true]] as const) {
      const ctx = await browser.newContext({ viewport: { width, height }, colorScheme: 'dark', reducedMotion: 'reduce', hasTouch: touch, isMobile: touch });
      const p = await ctx.newPage();
      p.on('pageerror', (e) => void problems.push(`page error (${width} px): ${e.message}`));
      try {
        await p.goto(server.base);
        await check(p, width, touch);
      } finally {
        await ctx.close();
      }
    }
  };
  const shot = (name: string) => page.screenshot({ path: join(screenshots, name), fullPage: true, animations: 'disabled' });

  it('is the demo page signed in as the demo user: <job-stats> figures, 5 recent items, <my-work> with real thumbnails', async () => {
    expect(await page.locator('meta[name=genshelf-demo-token]').getAttribute('content')).toBe(server.demoToken);
    const { data: stats } = await server.api<JobStatsData>('/api/v1/jobs/stats');
    expect(stats.total).toBe(60);
    for (const card of ['total', 'completed', 'processing', 'queued', 'failed', 'partial'] as const) {
      await expect.poll(() => page.locator(`job-stats [part~=card-${card}] [part=value]`).first().textContent().then((t) => t?.trim()), WAIT).toBe(String(stats[card]));
    }

    const { data: recent } = await server.api<{ generations: { id: string }[] }>('/api/generations/recent');
    await expect.poll(() => page.locator('recent-work li[part=item]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id'))), WAIT).toEqual(recent.generations.map((g) => g.id));
    expect(recent.generations).toHaveLength(5);

    const { data: list } = await server.api<JobsPage>('/api/v1/jobs?limit=50');
    await myWork().scrollIntoViewIfNeeded();
    await expect.poll(() => page.locator('my-work [part~=item]').first().getAttribute('data-id'), WAIT).toBe(list.jobs[0]!.id);
    await expect.poll(() => page.locator('my-work .stat[data-status=total] .stat-value').textContent(), WAIT).toBe('60');
    // Thumbnails are real images: the ones in view have loaded with pixels, none failed (a failed one is hidden).
    const thumbs = page.locator('my-work [part~=item] img');
    await expect.poll(() => thumbs.evaluateAll((imgs) => (imgs as HTMLImageElement[]).filter((i) => i.complete && i.naturalWidth > 0).length), WAIT).toBeGreaterThanOrEqual(5);
    expect(await page.locator('my-work [part~=item] img[hidden]').count()).toBe(0);
    const firstThumb = list.jobs.find((j) => j.thumbnail_url)!;
    expect(await page.locator(`my-work [data-id="${firstThumb.id}"] img`).getAttribute('src')).toBe(firstThumb.thumbnail_url);
    await shot('demo-dark.png');
  });

  it('keeps the elements intact on the hostile host (global resets, all: unset, a second bundle copy)', async () => {
    const hostile = page.locator('.hostile job-stats');
    const main = page.locator('job-stats').first();
    const read = (el: typeof main) =>
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
    await expect.poll(() => read(hostile).then((r) => r.values), WAIT).toEqual(await read(main).then((r) => r.values));
    const [a, b] = [await read(main), await read(hostile)];
    expect(b).toEqual(a);
    expect(b.cards).toBe(6);
    expect(b.font).not.toMatch(/comic/i);
    // The page around it is hostile indeed.
    expect(await colour('.hostile h2', 'font-family')).toMatch(/comic/i);
    // The second copy of the bundle defined nothing twice and broke nothing.
    expect(await page.evaluate(() => ['job-stats', 'recent-work', 'my-work', 'media-preview', 'asset-gallery'].every((t) => !!customElements.get(t)))).toBe(true);
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

  it('switches the widgets between dark and light', async () => {
    const look = async () => ({
      stats: await colour('job-stats [part~=card]', 'background-color'),
      statsText: await colour('job-stats [part~=value]', 'color'),
      myWork: await colour('my-work [part~=item]', 'background-color'),
      recent: await colour('recent-work [part=item]', 'color'),
    });
    const dark = await look();
    await page.locator('#theme label', { hasText: 'Light' }).click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    expect(await page.locator('job-stats, recent-work, my-work').evaluateAll((els) => els.map((e) => e.getAttribute('theme')))).toEqual(['light', 'light', 'light', 'light']);
    await expect.poll(look, WAIT).not.toEqual(dark);
    const light = await look();
    for (const key of Object.keys(dark) as (keyof typeof dark)[]) expect(light[key], key).not.toBe(dark[key]);
    await shot('demo-light.png');
    await page.locator('#theme label', { hasText: 'Dark' }).click();
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
    await atDesktopAndPhone(async (p, width, touch) => {
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
    await page.reload();
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
    await gallery().scrollIntoViewIfNeeded();
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
    await gallery().scrollIntoViewIfNeeded();
    await expect.poll(() => first.locator('.favourite').getAttribute('aria-label'), WAIT).toMatch(/^Remove .+ from favourites$/);
    await gallery().locator('[part=favourites-button]').click();
    await expect.poll(() => gallery().locator('[part~=asset]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.id)), WAIT).toEqual([all.assets[0]!.id]);
    await gallery().locator('[part=favourites-button]').click();
    await first.hover();
    await first.locator('.favourite').click();
    await expect.poll(async () => (await server.api<Asset>(`/api/v1/assets/${all.assets[0]!.id}`)).data.favorite, WAIT).toBe(false);
  });

  it('lays <asset-gallery> out at 1440 px and on a 390 px phone (touch), both groupings: no nested scroller on the phone, actions shown on touch only', async () => {
    await atDesktopAndPhone(async (p, width, touch) => {
      for (const [name, selector, cell] of [['job', 'asset-gallery:not([group-by=none])', '[part~=job]'], ['flat', 'asset-gallery[group-by=none]', '[part~=asset]']] as const) {
        const el = p.locator(selector);
        await el.locator(cell).first().waitFor();
        if (name === 'job') {
          await el.locator('select[data-filter=status]').selectOption('completed');
          await el.locator('[part~=job] [part=disclosure]').first().click();
          await el.locator('[part~=asset]').first().waitFor();
        }
        await el.evaluate((host) => host.scrollIntoView());
        const layout = await el.evaluate((host) => {
          const root = host.shadowRoot!;
          const tile = root.querySelector<HTMLElement>('[part~=asset]')!;
          const targets = [...tile.querySelectorAll('button')].map((b) => Math.min(b.getBoundingClientRect().width, b.getBoundingClientRect().height));
          return {
            nestedScroller: getComputedStyle(root.querySelector('[part=scroller]')!).overflowY !== 'visible',
            actionsShown: getComputedStyle(tile.querySelector('.actions')!).opacity,
            smallestTarget: Math.min(...targets),
          };
        });
        expect(layout.smallestTarget, `${name} at ${width}`).toBeGreaterThanOrEqual(24);
        expect(layout, `${name} at ${width}`).toMatchObject(touch ? { nestedScroller: false, actionsShown: '1' } : { nestedScroller: true });
        await p.waitForTimeout(300);
        await p.screenshot({ path: join(screenshots, `asset-gallery-${name}-${width}.png`) });
      }
    });
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
