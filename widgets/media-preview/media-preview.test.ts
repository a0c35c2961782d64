import { html } from 'lit';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { GsEventMap } from '../base/events.ts';
import type { Asset } from '../base/types.ts';
import { apiGet, env, expectAccessible, fixture, shadow, text } from '../test/fixtures.ts';
import './define.ts';
import type { MediaPreview } from './media-preview.ts';

let images: Asset[];
let videos: Asset[];
let texts: Asset[];

beforeAll(async () => {
  const of = async (kind: string) => (await apiGet<{ assets: Asset[] }>(`/api/v1/assets?kind=${kind}&limit=3`, env.demoToken)).assets;
  [images, videos, texts] = await Promise.all([of('image'), of('video'), of('text')]);
});

const root = (el: MediaPreview) => shadow(el);
const dialog = (el: MediaPreview) => root(el).querySelector('dialog')!;
const focused = (el: MediaPreview) => root(el).activeElement;

async function opened(items: Asset[], index = 0, setup?: (el: MediaPreview) => void) {
  const wrapper = await fixture<HTMLDivElement>(html`<div><button id="opener">open</button><media-preview api=${env.api} token=${env.demoToken}></media-preview></div>`);
  const el = wrapper.querySelector('media-preview')!;
  setup?.(el);
  const opener = wrapper.querySelector<HTMLButtonElement>('#opener')!;
  opener.focus();
  el.show(index, items);
  await el.updateComplete;
  return { el, opener };
}

function collect<K extends keyof GsEventMap>(name: K): GsEventMap[K][] {
  const events: GsEventMap[K][] = [];
  document.addEventListener(name, (e) => events.push(e as GsEventMap[K]), { once: false });
  return events;
}

describe('<media-preview>', () => {
  it('the sample data has images, videos and texts', () => {
    expect(images.length).toBeGreaterThan(0);
    expect(videos.length).toBeGreaterThan(0);
    expect(texts.length).toBeGreaterThan(0);
  });

  it('opens as a modal dialog, focuses close, shows an image fitted to the stage; accessible', async () => {
    const { el } = await opened(images);
    expect(dialog(el).open).toBe(true);
    expect(dialog(el).matches(':modal')).toBe(true);
    expect(dialog(el).getAttribute('aria-labelledby')).toBe('title');
    expect(text(root(el).querySelector('[part=title]'))).toBe(images[0]!.title || 'Untitled');
    expect(focused(el)).toBe(root(el).querySelector('[part=close-button]'));
    const img = root(el).querySelector<HTMLImageElement>('[part=image]')!;
    expect(img.src).toBe(images[0]!.url);
    await vi.waitFor(() => expect(img.naturalWidth).toBeGreaterThan(0));
    expect(text(root(el).querySelector('.zoom-level'))).toBe('Fit');
    await expectAccessible(el);
  });

  it('prev/next with arrow keys and buttons (wrapping), position shown', async () => {
    const items = [images[0]!, videos[0]!, texts[0]!];
    const { el } = await opened(items);
    expect(text(root(el).querySelector('.position'))).toBe('1 of 3');
    await userEvent.keyboard('{ArrowRight}');
    expect(el.index).toBe(1);
    expect(root(el).querySelector<HTMLVideoElement>('[part=video]')!.src).toBe(videos[0]!.url);
    await userEvent.keyboard('{ArrowRight}');
    expect(el.index).toBe(2);
    await userEvent.keyboard('{ArrowRight}');
    expect(el.index).toBe(0);
    await userEvent.keyboard('{ArrowLeft}');
    expect(el.index).toBe(2);
    await userEvent.click(root(el).querySelector<HTMLButtonElement>('[part=prev-button]')!);
    expect(el.index).toBe(1);
    await userEvent.click(root(el).querySelector<HTMLButtonElement>('[part=next-button]')!);
    expect(el.index).toBe(2);
    expect(text(root(el).querySelector('.position'))).toBe('3 of 3');
  });

  it('Escape closes, fires gs-close once and returns focus to the opener', async () => {
    const events = collect('gs-close');
    const { el, opener } = await opened([images[0]!, texts[0]!], 1);
    await userEvent.keyboard('{Escape}');
    await vi.waitFor(() => expect(events).toHaveLength(1));
    expect(el.open).toBe(false);
    expect(dialog(el).open).toBe(false);
    expect(events[0]!.detail.index).toBe(1);
    expect(events[0]!.detail.item?.id).toBe(texts[0]!.id);
    expect(events[0]!.bubbles && events[0]!.composed).toBe(true);
    expect(document.activeElement).toBe(opener);
  });

  it('a click outside (on the backdrop) closes; a click inside does not', async () => {
    const { el } = await opened(images);
    await userEvent.click(root(el).querySelector('[part=header]')!);
    expect(el.open).toBe(true);
    const box = dialog(el).getBoundingClientRect();
    // A point on the backdrop, outside the dialog's box.
    dialog(el).dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: box.left - 5, clientY: box.top - 5 }));
    await el.updateComplete;
    expect(el.open).toBe(false);
  });

  it('traps Tab inside the dialog', async () => {
    const { el } = await opened([images[0]!, texts[0]!], 1);
    const controls = () => [...root(el).querySelectorAll<HTMLElement>('button:not([disabled]), [tabindex="0"]')];
    const close = root(el).querySelector('[part=close-button]');
    expect(focused(el)).toBe(close);
    for (let i = 0; i < controls().length; i++) await userEvent.keyboard('{Tab}');
    expect(focused(el)).toBe(close);
    controls()[0]!.focus();
    await userEvent.keyboard('{Shift>}{Tab}{/Shift}');
    expect(focused(el)).toBe(controls().at(-1));
  });

  it('shows a text with a copy button that writes it to the clipboard', async () => {
    const { el } = await opened([texts[0]!]);
    expect(root(el).querySelector('[part=text]')!.textContent).toBe(texts[0]!.text);
    const spy = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    try {
      await userEvent.click(root(el).querySelector<HTMLButtonElement>('[part=copy-button]')!);
      expect(spy).toHaveBeenCalledWith(texts[0]!.text);
      await vi.waitFor(() => expect(text(root(el).querySelector('[role=status]'))).toBe('Copied'));
    } finally {
      spy.mockRestore();
    }
    await expectAccessible(el);
  });

  it('plays a video with seek', async () => {
    const { el } = await opened([videos[0]!]);
    const video = root(el).querySelector<HTMLVideoElement>('[part=video]')!;
    expect(video.controls).toBe(true);
    await vi.waitFor(() => expect(video.readyState).toBeGreaterThanOrEqual(1));
    expect(video.duration).toBeGreaterThan(1);
    video.currentTime = 1;
    await vi.waitFor(() => expect(video.seeking).toBe(false));
    expect(video.currentTime).toBeCloseTo(1, 0);
  });

  it('an expired signed URL (403) is renewed through the API and the video resumes where it was', async () => {
    const { el } = await opened([videos[0]!]);
    const video = root(el).querySelector<HTMLVideoElement>('[part=video]')!;
    await vi.waitFor(() => expect(video.readyState).toBeGreaterThanOrEqual(1));
    video.currentTime = 1.5;
    await vi.waitFor(() => expect(video.seeking).toBe(false));
    video.dispatchEvent(new Event('timeupdate'));
    // The link stops working: the file route refuses the token (403 once expired; 404 for this altered signature).
    const expired = videos[0]!.url!.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await fetch(expired, { method: 'HEAD' })).ok).toBe(false);
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    try {
      video.src = expired;
      await vi.waitFor(() => expect(fetchSpy.mock.calls.some(([u]) => String(u).includes(`/api/v1/assets/${videos[0]!.id}`))).toBe(true), { timeout: 5000 });
    } finally {
      fetchSpy.mockRestore();
    }
    const current = () => root(el).querySelector<HTMLVideoElement>('[part=video]')!;
    await vi.waitFor(() => {
      expect(current().src).not.toBe(expired);
      expect(current().readyState).toBeGreaterThanOrEqual(1);
      expect(current().currentTime).toBeCloseTo(1.5, 0);
    }, { timeout: 5000 });
  });

  it('uses urlProvider for a fresh URL when the host sets one', async () => {
    const asked: string[] = [];
    const { el } = await opened([{ ...videos[0]!, url: videos[0]!.url!.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')) }], 0, (e) => {
      e.urlProvider = async (item) => {
        asked.push(item.id);
        return videos[0]!.url!;
      };
    });
    const video = root(el).querySelector<HTMLVideoElement>('[part=video]')!;
    await vi.waitFor(() => expect(asked).toEqual([videos[0]!.id]), { timeout: 5000 });
    await vi.waitFor(() => expect(video.readyState).toBeGreaterThanOrEqual(1), { timeout: 5000 });
    expect(video.src).toBe(videos[0]!.url);
  });
});

describe('<media-preview> details, actions and zoom', () => {
  const job = { id: 'job-1', prompt: 'a neon frame, purple accents', params: { seed: 7, aspect_ratio: '16:9' }, app_id: 'brand-studio' };
  const withContext = (a: Asset) => ({
    ...a,
    context: { prompt: job.prompt, app: 'Brand Studio', project: 'Channel Refresh', params: job.params, created_at: '2026-01-02T03:04:05.000Z', completed_at: '2026-01-02T03:05:05.000Z', job: job as never },
  });

  it('shows the details (prompt, app, project, times, size, dimensions, parameters); the Details button hides them; accessible', async () => {
    const { el } = await opened([withContext(images[0]!)]);
    const info = () => root(el).querySelector('[part=info]');
    expect(text(info()!.querySelector('.prompt'))).toBe(job.prompt);
    const rows = Object.fromEntries([...info()!.querySelectorAll('dt')].map((dt) => [text(dt), text(dt.nextElementSibling)]));
    expect(rows).toMatchObject({ App: 'Brand Studio', Project: 'Channel Refresh', seed: '7', aspect_ratio: '16:9', Dimensions: `${images[0]!.width} × ${images[0]!.height} px` });
    expect(rows.Size).toMatch(/\d/);
    expect(rows.Created).toMatch(/2026/);
    expect(rows.Completed).toMatch(/2026/);
    await expectAccessible(el);
    const toggle = root(el).querySelector<HTMLButtonElement>('[part=info-button]')!;
    toggle.focus();
    await userEvent.keyboard('{Enter}');
    expect(info()).toBeNull();
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
  });

  it('Download saves the file, Copy link copies the signed URL and says until when it works, Regenerate fires gs-regenerate', async () => {
    const { el } = await opened([withContext(images[0]!)]);
    const saved: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.href);
    });
    const copy = vi.spyOn(navigator.clipboard, 'writeText').mockResolvedValue(undefined);
    const events = collect('gs-regenerate');
    try {
      await userEvent.click(root(el).querySelector('[part=download-button]')!);
      expect(saved).toEqual([images[0]!.download_url]);
      await userEvent.click(root(el).querySelector('[part=link-button]')!);
      expect(copy).toHaveBeenCalledWith(images[0]!.url);
      await vi.waitFor(() => expect(text(root(el).querySelector('[role=status]'))).toMatch(/^Link copied — it works until .+\d/));
      await userEvent.click(root(el).querySelector('[part=regenerate-button]')!);
      expect(events.at(-1)!.detail).toMatchObject({ id: 'job-1', prompt: job.prompt, params: job.params, app_id: 'brand-studio' });
    } finally {
      click.mockRestore();
      copy.mockRestore();
    }
  });

  it('zoom: fit → 100 % → 200 % by click, buttons or keys (+ - 0); at 200 % the stage scrolls and a drag pans', async () => {
    const { el } = await opened([images[0]!]);
    const img = () => root(el).querySelector<HTMLImageElement>('[part=image]')!;
    const level = () => text(root(el).querySelector('.zoom-level'));
    await vi.waitFor(() => expect(img().naturalWidth).toBeGreaterThan(0));
    const fitWidth = img().getBoundingClientRect().width;
    await userEvent.click(img());
    expect(level()).toBe('100%');
    expect(img().getBoundingClientRect().width).toBe(images[0]!.width);
    expect(img().getBoundingClientRect().width).not.toBe(fitWidth);
    root(el).querySelector<HTMLButtonElement>('.zoom-in')!.focus();
    await userEvent.keyboard('{Enter}');
    expect(level()).toBe('200%');
    expect(img().getBoundingClientRect().width).toBe(images[0]!.width! * 2);
    const stage = root(el).querySelector<HTMLElement>('[part=stage]')!;
    expect(stage.scrollWidth).toBeGreaterThan(stage.clientWidth);
    const before = stage.scrollLeft;
    const box = img().getBoundingClientRect();
    const at = (x: number) => ({ bubbles: true, composed: true, clientX: box.left + x, clientY: box.top + 50, pointerId: 1, button: 0 });
    img().dispatchEvent(new PointerEvent('pointerdown', at(300)));
    img().dispatchEvent(new PointerEvent('pointermove', at(200)));
    img().dispatchEvent(new MouseEvent('click', at(200)));
    expect(stage.scrollLeft).toBe(before + 100);
    expect(level()).toBe('200%');
    await userEvent.keyboard('-');
    expect(level()).toBe('100%');
    await userEvent.keyboard('0');
    expect(level()).toBe('Fit');
    await userEvent.keyboard('+');
    expect(level()).toBe('100%');
  });

  it('a video starts playing when opened', async () => {
    const { el } = await opened([videos[0]!]);
    const video = root(el).querySelector<HTMLVideoElement>('[part=video]')!;
    await vi.waitFor(() => expect(video.paused).toBe(false), { timeout: 8000 });
    expect(video.currentTime).toBeGreaterThanOrEqual(0);
  });
});
