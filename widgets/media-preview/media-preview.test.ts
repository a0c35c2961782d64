import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import type { GsEventMap } from '../base/events.ts';
import type { Asset } from '../base/types.ts';
import { apiGet, env, eventually, press, shadow, text, userClick } from '../test/fixtures.ts';
import './define.ts';
import type { MediaPreview } from './media-preview.ts';

let images: Asset[];
let videos: Asset[];
let texts: Asset[];

before(async () => {
  const of = async (kind: string) => (await apiGet<{ assets: Asset[] }>(`/api/v1/assets?kind=${kind}&limit=3`, env.demoToken)).assets;
  [images, videos, texts] = await Promise.all([of('image'), of('video'), of('text')]);
  // The sample data has images, videos and texts.
  expect(images.length).to.be.above(0);
  expect(videos.length).to.be.above(0);
  expect(texts.length).to.be.above(0);
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
  // Opens as a modal dialog, focuses close, shows an image fitted to the stage.
  it('renders', async () => {
    const { el } = await opened(images);
    expect(dialog(el).open).to.equal(true);
    expect(dialog(el).matches(':modal')).to.equal(true);
    expect(dialog(el).getAttribute('aria-labelledby')).to.equal('title');
    expect(text(root(el).querySelector('[part=title]'))).to.equal(images[0]!.title || 'Untitled');
    expect(focused(el)).to.equal(root(el).querySelector('[part=close-button]'));
    const img = root(el).querySelector<HTMLImageElement>('[part=image]')!;
    expect(img.src).to.equal(images[0]!.url);
    await eventually(() => expect(img.naturalWidth).to.be.above(0));
    expect(text(root(el).querySelector('.zoom-level'))).to.equal('Fit');
  });

  // An image once loaded, then a video (a text and the details panel are checked below).
  it('is accessible', async () => {
    const { el } = await opened([images[0]!, videos[0]!]);
    await eventually(() => expect(root(el).querySelector<HTMLImageElement>('[part=image]')!.naturalWidth).to.be.above(0));
    await expect(el).to.be.accessible();
    await userClick(root(el).querySelector('[part=next-button]')!);
    await eventually(() => expect(root(el).querySelector<HTMLVideoElement>('[part=video]')!.readyState).to.be.at.least(1));
    await expect(el).to.be.accessible();
  });

  it('prev/next with arrow keys and buttons (wrapping), position shown', async () => {
    const items = [images[0]!, videos[0]!, texts[0]!];
    const { el } = await opened(items);
    expect(text(root(el).querySelector('.position'))).to.equal('1 of 3');
    await press('ArrowRight');
    expect(el.index).to.equal(1);
    expect(root(el).querySelector<HTMLVideoElement>('[part=video]')!.src).to.equal(videos[0]!.url);
    await press('ArrowRight');
    expect(el.index).to.equal(2);
    await press('ArrowRight');
    expect(el.index).to.equal(0);
    await press('ArrowLeft');
    expect(el.index).to.equal(2);
    await userClick(root(el).querySelector<HTMLButtonElement>('[part=prev-button]')!);
    expect(el.index).to.equal(1);
    await userClick(root(el).querySelector<HTMLButtonElement>('[part=next-button]')!);
    expect(el.index).to.equal(2);
    expect(text(root(el).querySelector('.position'))).to.equal('3 of 3');
  });

  it('Escape closes, fires gs-close once and returns focus to the opener', async () => {
    const events = collect('gs-close');
    const { el, opener } = await opened([images[0]!, texts[0]!], 1);
    await press('Escape');
    await eventually(() => expect(events).to.have.length(1));
    expect(el.open).to.equal(false);
    expect(dialog(el).open).to.equal(false);
    expect(events[0]!.detail.index).to.equal(1);
    expect(events[0]!.detail.item?.id).to.equal(texts[0]!.id);
    expect(events[0]!.bubbles && events[0]!.composed).to.equal(true);
    expect(document.activeElement).to.equal(opener);
  });

  it('a click outside (on the backdrop) closes; a click inside does not', async () => {
    const { el } = await opened(images);
    await userClick(root(el).querySelector('[part=header]')!);
    expect(el.open).to.equal(true);
    const box = dialog(el).getBoundingClientRect();
    // A point on the backdrop, outside the dialog's box.
    dialog(el).dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: box.left - 5, clientY: box.top - 5 }));
    await el.updateComplete;
    expect(el.open).to.equal(false);
  });

  it('traps Tab inside the dialog', async () => {
    const { el } = await opened([images[0]!, texts[0]!], 1);
    const controls = () => [...root(el).querySelectorAll<HTMLElement>('button:not([disabled]), [tabindex="0"]')];
    const close = root(el).querySelector('[part=close-button]');
    expect(focused(el)).to.equal(close);
    for (let i = 0; i < controls().length; i++) await press('Tab');
    expect(focused(el)).to.equal(close);
    controls()[0]!.focus();
    await press('Shift+Tab');
    expect(focused(el)).to.equal(controls().at(-1));
  });

  it('shows a text with a copy button that writes it to the clipboard', async () => {
    const { el } = await opened([texts[0]!]);
    expect(root(el).querySelector('[part=text]')!.textContent).to.equal(texts[0]!.text);
    const spy = sinon.stub(navigator.clipboard, 'writeText').resolves(undefined);
    try {
      await userClick(root(el).querySelector<HTMLButtonElement>('[part=copy-button]')!);
      expect(spy).to.have.been.calledWith(texts[0]!.text);
      await eventually(() => expect(text(root(el).querySelector('[role=status]'))).to.equal('Copied'));
    } finally {
      spy.restore();
    }
    await expect(el).to.be.accessible();
  });

  it('plays a video with seek', async () => {
    const { el } = await opened([videos[0]!]);
    const video = root(el).querySelector<HTMLVideoElement>('[part=video]')!;
    expect(video.controls).to.equal(true);
    await eventually(() => expect(video.readyState).to.be.at.least(1));
    expect(video.duration).to.be.above(1);
    video.currentTime = 1;
    await eventually(() => expect(video.seeking).to.equal(false));
    expect(video.currentTime).to.be.closeTo(1, 0.5);
  });

  it('an expired signed URL (403) is renewed through the API and the video resumes where it was', async () => {
    const { el } = await opened([videos[0]!]);
    const video = root(el).querySelector<HTMLVideoElement>('[part=video]')!;
    await eventually(() => expect(video.readyState).to.be.at.least(1));
    video.currentTime = 1.5;
    await eventually(() => expect(video.seeking).to.equal(false));
    video.dispatchEvent(new Event('timeupdate'));
    // The link stops working: the file route refuses the token (403 once expired; 404 for this altered signature).
    const expired = videos[0]!.url!.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await fetch(expired, { method: 'HEAD' })).ok).to.equal(false);
    const fetchSpy = sinon.spy(globalThis, 'fetch');
    try {
      video.src = expired;
      await eventually(() => expect(fetchSpy.args.some(([u]) => String(u).includes(`/api/v1/assets/${videos[0]!.id}`))).to.equal(true), { timeout: 5000 });
    } finally {
      fetchSpy.restore();
    }
    const current = () => root(el).querySelector<HTMLVideoElement>('[part=video]')!;
    await eventually(() => {
      expect(current().src).not.to.equal(expired);
      expect(current().readyState).to.be.at.least(1);
      expect(current().currentTime).to.be.closeTo(1.5, 0.5);
    }, { timeout: 5000 });
  });

  it('full screen: the button and F ask for the stage (image or video) to go full screen; not for a text', async () => {
    // Headless Chromium does not go full screen: the request, on the stage, is what is checked.
    const request = sinon.stub(Element.prototype, 'requestFullscreen').resolves();
    const { el } = await opened([videos[0]!, texts[0]!]);
    const button = root(el).querySelector<HTMLButtonElement>('[part=fullscreen-button]')!;
    expect(button.getAttribute('aria-label')).to.equal('Full screen');
    await userClick(button);
    expect(request).to.have.been.calledOnce;
    expect(request.firstCall.thisValue).to.equal(root(el).querySelector('.stage-wrap'));
    root(el).querySelector<HTMLElement>('[part=close-button]')!.focus();
    await press('f');
    expect(request).to.have.been.calledTwice;
    await press('ArrowRight');
    expect(root(el).querySelector('[part=fullscreen-button]')).to.equal(null);
    await press('f');
    expect(request).to.have.been.calledTwice;
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
    await eventually(() => expect(asked).to.deep.equal([videos[0]!.id]), { timeout: 5000 });
    await eventually(() => expect(video.readyState).to.be.at.least(1), { timeout: 5000 });
    expect(video.src).to.equal(videos[0]!.url);
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
    expect(text(info()!.querySelector('.prompt'))).to.equal(job.prompt);
    const rows = Object.fromEntries([...info()!.querySelectorAll('dt')].map((dt) => [text(dt), text(dt.nextElementSibling)]));
    expect(rows).to.include({ App: 'Brand Studio', Project: 'Channel Refresh', seed: '7', aspect_ratio: '16:9', Dimensions: `${images[0]!.width} × ${images[0]!.height} px` });
    expect(rows.Size).to.match(/\d/);
    expect(rows.Created).to.match(/2026/);
    expect(rows.Completed).to.match(/2026/);
    await expect(el).to.be.accessible();
    const toggle = root(el).querySelector<HTMLButtonElement>('[part=info-button]')!;
    toggle.focus();
    await press('Enter');
    expect(info()).to.equal(null);
    expect(toggle.getAttribute('aria-pressed')).to.equal('false');
  });

  it('Download saves the file, Copy link copies the signed URL and says until when it works, Regenerate fires gs-regenerate', async () => {
    const { el } = await opened([withContext(images[0]!)]);
    const saved: string[] = [];
    const click = sinon.stub(HTMLAnchorElement.prototype, 'click').callsFake(function (this: HTMLAnchorElement) {
      saved.push(this.href);
    });
    const copy = sinon.stub(navigator.clipboard, 'writeText').resolves(undefined);
    const events = collect('gs-regenerate');
    try {
      await userClick(root(el).querySelector('[part=download-button]')!);
      expect(saved).to.deep.equal([images[0]!.download_url]);
      await userClick(root(el).querySelector('[part=link-button]')!);
      expect(copy).to.have.been.calledWith(images[0]!.url);
      await eventually(() => expect(text(root(el).querySelector('[role=status]'))).to.match(/^Link copied — it works until .+\d/));
      // The API's url_expires_at, to the minute the toast shows.
      const until = Date.parse(text(root(el).querySelector('[role=status]')).replace(/^.*until /, ''));
      expect(Date.parse(images[0]!.url_expires_at!) - until).to.be.within(0, 60_000);
      await userClick(root(el).querySelector('[part=regenerate-button]')!);
      expect(events.at(-1)!.detail).to.deep.include({ id: 'job-1', prompt: job.prompt, params: job.params, app_id: 'brand-studio' });
    } finally {
      click.restore();
      copy.restore();
    }
  });

  it('zoom: fit → 100 % → 200 % by click, buttons or keys (+ - 0); at 200 % the stage scrolls and a drag pans', async () => {
    const { el } = await opened([images[0]!]);
    const img = () => root(el).querySelector<HTMLImageElement>('[part=image]')!;
    const level = () => text(root(el).querySelector('.zoom-level'));
    await eventually(() => expect(img().naturalWidth).to.be.above(0));
    const fitWidth = img().getBoundingClientRect().width;
    await userClick(img());
    expect(level()).to.equal('100%');
    expect(img().getBoundingClientRect().width).to.equal(images[0]!.width);
    expect(img().getBoundingClientRect().width).not.to.equal(fitWidth);
    root(el).querySelector<HTMLButtonElement>('.zoom-in')!.focus();
    await press('Enter');
    expect(level()).to.equal('200%');
    expect(img().getBoundingClientRect().width).to.equal(images[0]!.width! * 2);
    const stage = root(el).querySelector<HTMLElement>('[part=stage]')!;
    expect(stage.scrollWidth).to.be.above(stage.clientWidth);
    const before = stage.scrollLeft;
    const box = img().getBoundingClientRect();
    const at = (x: number) => ({ bubbles: true, composed: true, clientX: box.left + x, clientY: box.top + 50, pointerId: 1, button: 0 });
    img().dispatchEvent(new PointerEvent('pointerdown', at(300)));
    img().dispatchEvent(new PointerEvent('pointermove', at(200)));
    img().dispatchEvent(new MouseEvent('click', at(200)));
    expect(stage.scrollLeft).to.equal(before + 100);
    expect(level()).to.equal('200%');
    await press('-');
    expect(level()).to.equal('100%');
    await press('0');
    expect(level()).to.equal('Fit');
    await press('+');
    expect(level()).to.equal('100%');
  });

  it('a video starts playing when opened', async () => {
    const { el } = await opened([videos[0]!]);
    const video = root(el).querySelector<HTMLVideoElement>('[part=video]')!;
    await eventually(() => expect(video.paused).to.equal(false), { timeout: 8000 });
    expect(video.currentTime).to.be.at.least(0);
  });
});
