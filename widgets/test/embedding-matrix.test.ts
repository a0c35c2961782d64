/**
 * The embedding matrix (issue 17 §2): every element, from the built bundle as a host loads it
 * (`/widgets/genshelf.js` from the real API), on the pages hosts actually have — a plain page; a
 * strict CSP (scripts from the API's origin only, nothing inline); two copies of the bundle; global
 * CSS resets; `dir="rtl"`; 200 % zoom; host `--gs-*` tokens; `forced-colors: active` — each with
 * the demo user's real data and zero axe violations. `demo/hostile.html` (and test/e2e) show the
 * resets and the second copy to a person; this checks them for every element.
 */
import { expect } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type * as Bundle from '../genshelf.ts';
import type { Asset } from '../base/types.ts';
import { apiGet, emulateMedia, env, eventually, press, shadow } from './fixtures.ts';

type GenshelfBundle = typeof Bundle;
const bundleUrl = `${env.api}/widgets/genshelf.js`;
const first = (await import(/* @vite-ignore */ bundleUrl)) as GenshelfBundle;

const tags = ['job-stats', 'recent-work', 'my-work', 'asset-gallery', 'generation-history', 'project-list', 'usage-insights', 'user-settings', 'media-preview'] as const;
type Tag = (typeof tags)[number];

/** A laptop's window (the suites' default is a phone): 200 % zoom halves it. */
const DESKTOP = { width: 1280, height: 800 };

let images: Asset[];

before(async () => {
  await setViewport(DESKTOP);
  images = (await apiGet<{ assets: Asset[] }>('/api/v1/assets?kind=image&limit=3', env.demoToken)).assets;
  expect(images.length, 'the sample data has images').to.equal(3);
});

beforeEach(async () => {
  // Layouts compare between pages: nothing spins or shimmers while they are measured.
  await emulateMedia({ reducedMotion: 'reduce' });
});

afterEach(async () => {
  document.querySelectorAll('gs-matrix-host, link[data-matrix]').forEach((n) => n.remove());
  await setViewport(DESKTOP);
  await emulateMedia({ forcedColors: null } as never);
});

/** The host page's markup for every element (`prefix` names a second copy's tags). */
const markup = (prefix = '') =>
  tags.map((tag) => `<section><${prefix}${tag} api="${env.api}" token="${env.demoToken}"></${prefix}${tag}></section>`).join('');

/**
 * A host page's container with every element, created from markup as a host writes it; `setup`
 * shapes the container (its `dir`, tokens) before the elements connect.
 */
async function hostPage(setup: (host: HTMLElement) => void = () => {}, prefix = ''): Promise<Map<Tag, HTMLElement>> {
  const host = document.createElement('gs-matrix-host');
  // A fixed width through the CSSOM (no style attribute), so layouts compare across pages.
  host.style.display = 'block';
  host.style.width = `${Math.min(DESKTOP.width, innerWidth) - 40}px`;
  setup(host);
  host.innerHTML = markup(prefix);
  document.body.append(host);
  const els = new Map(tags.map((tag) => [tag, host.querySelector<HTMLElement>(`${prefix}${tag}`)!]));
  await Promise.all([...els.values()].map((el) => ready(el)));
  return els;
}

/** The element shows its data: rendered, nothing loading (skeletons, busy), no error. */
async function ready(el: HTMLElement) {
  await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
  await eventually(
    () => {
      const root = shadow(el);
      expect(root.childElementCount, `${el.localName} rendered`).to.be.above(0);
      expect(root.querySelector('.skeleton, [aria-busy="true"]'), `${el.localName} still loading`).to.equal(null);
      expect(root.querySelector('[part~=error]'), `${el.localName} failed`).to.equal(null);
    },
    { timeout: 15_000 },
  );
}

/** `<media-preview>` opened on images (closed it shows nothing to check). */
async function openPreview(el: HTMLElement) {
  const preview = el as unknown as InstanceType<GenshelfBundle['MediaPreview']>;
  preview.show(0, images);
  await preview.updateComplete;
  await eventually(() => expect(shadow(preview).querySelector<HTMLImageElement>('[part=image]')?.naturalWidth).to.be.above(0));
  return () => preview.close();
}

/** Zero axe violations in every element (the preview opened on images). */
async function accessible(els: Map<Tag, HTMLElement>) {
  for (const [tag, el] of els) {
    if (tag === 'media-preview') continue;
    await expect(el, tag).to.be.accessible();
  }
  const close = await openPreview(els.get('media-preview')!);
  await expect(els.get('media-preview')!).to.be.accessible();
  close();
}

type Box = { key: string; x: number; y: number; w: number; h: number };

/**
 * Where the element's own parts sit inside it: every visible element of its shadow root (not of
 * nested elements), relative to the host, keyed by its path so two renders compare. Parts laid
 * out left to right on purpose in any language (`direction: ltr`, the chart) are left out when
 * `skipLtr`.
 */
function boxes(el: HTMLElement, skipLtr = false): Box[] {
  const host = el.getBoundingClientRect();
  const out: Box[] = [];
  const seen = new Map<string, number>();
  for (const node of shadow(el).querySelectorAll<HTMLElement>('*')) {
    const r = node.getBoundingClientRect();
    if (!r.width || !r.height || node.closest('.visually-hidden, [hidden]')) continue;
    const style = getComputedStyle(node);
    // Inline boxes are their text (its shaping may differ by a pixel between directions): their boxes around them count.
    if (style.display === 'inline' || (skipLtr && style.direction === 'ltr')) continue;
    const name = `${node.localName}${node.getAttribute('part') ? `[${node.getAttribute('part')}]` : ''}${node.className && typeof node.className === 'string' ? `.${node.className.trim().split(/\s+/).join('.')}` : ''}`;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    out.push({ key: `${name}#${n}`, x: r.left - host.left, y: r.top - host.top, w: r.width, h: r.height });
  }
  return out;
}

/**
 * The boxes of `after` that moved against `before` (mapped by `map`), as readable lines; a
 * comparison of next to nothing (the renders differ, or everything was left out) is a failure too.
 */
function moved(before: Box[], after: Box[], map: (b: Box) => Box = (b) => b, tolerance = 1.5): string[] {
  const byKey = new Map(after.map((b) => [b.key, b]));
  const out: string[] = [];
  const compared = before.filter((b) => byKey.has(b.key)).length;
  if (compared < Math.min(10, before.length / 2)) return [`only ${compared} of ${before.length} boxes compare`];
  for (const b of before) {
    const a = byKey.get(b.key);
    if (!a) continue;
    const want = map(b);
    if (Math.abs(a.x - want.x) > tolerance || Math.abs(a.y - want.y) > tolerance || Math.abs(a.w - want.w) > tolerance || Math.abs(a.h - want.h) > tolerance)
      out.push(`${b.key}: expected ${[want.x, want.y, want.w, want.h].map(Math.round).join(',')} got ${[a.x, a.y, a.w, a.h].map(Math.round).join(',')}`);
  }
  return out;
}

/** The innermost focused element (through shadow roots). */
function deepActive(): Element | null {
  let a = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

/** The first focusable control inside an element (what Tab reaches first). */
function firstFocusable(el: HTMLElement): HTMLElement | null {
  return shadow(el).querySelector<HTMLElement>('button:not([disabled]), [href], input:not([disabled]), select, [tabindex="0"]');
}

describe('embedding matrix', function () {
  // Nine elements with real data and axe over each, per page.
  this.timeout(180_000);

  it('a plain page: every element renders its data, accessible', async () => {
    const els = await hostPage();
    await accessible(els);
  });

  it('a strict CSP (scripts from the API origin only, nothing inline, no eval): every element renders, no violation', async () => {
    const frame = document.createElement('iframe');
    frame.style.width = `${DESKTOP.width - 40}px`;
    frame.style.height = '600px';
    document.body.append(frame);
    try {
      const win = frame.contentWindow!;
      const violations: string[] = [];
      win.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`));
      const origin = new URL(env.api).origin;
      const csp = [
        "default-src 'none'",
        `script-src ${origin}`,
        `style-src ${origin}`,
        `img-src ${origin} data: blob:`,
        `media-src ${origin} blob:`,
        `connect-src ${origin}`,
        `frame-src ${origin}`,
        "base-uri 'none'",
        "form-action 'none'",
      ].join('; ');
      const doc = frame.contentDocument!;
      doc.open();
      doc.write(`<!doctype html><html lang="en"><head><meta http-equiv="Content-Security-Policy" content="${csp}"><title>CSP host</title></head>
        <body>${markup()}<script type="module" src="${bundleUrl}"></script></body></html>`);
      doc.close();
      for (const tag of tags) {
        const el = await eventually(() => {
          const found = doc.querySelector<HTMLElement>(tag);
          expect(found?.shadowRoot, `${tag} upgraded under the CSP`).to.be.ok;
          return found!;
        });
        await ready(el);
      }
      expect(violations).to.deep.equal([]);
      // The same elements, the same markup: axe runs on them here, in this page (the CSP allows no test script there).
      const els = await hostPage();
      await accessible(els);
    } finally {
      frame.remove();
    }
  });

  it('two copies of the bundle: the second registers nothing, its classes work under a prefix, both accessible', async () => {
    const second = (await import(/* @vite-ignore */ `${bundleUrl}?copy=2`)) as GenshelfBundle;
    expect(second.JobStats).not.to.equal(first.JobStats);
    expect(customElements.get('my-work')).to.equal(first.MyWork);
    const classes = { 'job-stats': second.JobStats, 'recent-work': second.RecentWork, 'my-work': second.MyWork, 'asset-gallery': second.AssetGallery, 'generation-history': second.GenerationHistory, 'project-list': second.ProjectList, 'usage-insights': second.UsageInsights, 'user-settings': second.UserSettings, 'media-preview': second.MediaPreview };
    for (const [tag, cls] of Object.entries(classes)) cls.define(`copy-${tag}`);
    const [ones, twos] = await Promise.all([hostPage(), hostPage(() => {}, 'copy-')]);
    for (const tag of tags) {
      expect(twos.get(tag)).to.be.instanceOf(classes[tag]);
      expect(shadow(twos.get(tag)!).textContent, tag).to.equal(shadow(ones.get(tag)!).textContent);
    }
    await accessible(twos);
  });

  it('global CSS resets (demo/hostile.css: all: unset, !important fonts, box-sizing): every element lays out as on a plain page', async () => {
    const plain = await hostPage();
    const before = new Map([...plain].map(([tag, el]) => [tag, boxes(el)]));
    document.querySelector('gs-matrix-host')!.remove();
    const link = Object.assign(document.createElement('link'), { rel: 'stylesheet', href: `${env.api}/demo/hostile.css` });
    link.dataset.matrix = '';
    document.head.append(link);
    await new Promise((loaded) => link.addEventListener('load', loaded, { once: true }));
    const els = await hostPage();
    for (const [tag, el] of els) {
      const changed = moved(before.get(tag)!, boxes(el));
      expect(changed, `${tag}:\n${changed.slice(0, 12).join('\n')}`).to.deep.equal([]);
      // Inherited text styles stop at the element's wrapper.
      expect(getComputedStyle(shadow(el).querySelector('[part=base], .base') ?? shadow(el).firstElementChild!).fontFamily, tag).not.to.match(/comic/i);
    }
    await accessible(els);
  });

  it('dir="rtl": every layout mirrors (logical properties), and arrows move where they point', async () => {
    const plain = await hostPage();
    const before = new Map([...plain].map(([tag, el]) => [tag, { boxes: boxes(el), width: el.getBoundingClientRect().width }]));
    document.querySelector('gs-matrix-host')!.remove();
    const els = await hostPage((host) => host.setAttribute('dir', 'rtl'));
    for (const [tag, el] of els) {
      expect(getComputedStyle(shadow(el).firstElementChild!).direction, tag).to.equal('rtl');
      const { boxes: ltr, width } = before.get(tag)!;
      const changed = moved(ltr, boxes(el, true), (b) => ({ ...b, x: width - b.x - b.w }));
      expect(changed, `${tag} does not mirror:\n${changed.slice(0, 12).join('\n')}`).to.deep.equal([]);
    }
    // In a mirrored grid the second item is left of the first: ArrowLeft moves to it.
    for (const tag of ['my-work', 'project-list', 'generation-history'] as const) {
      const el = els.get(tag)!;
      const item = (i: number) => shadow(el).querySelector<HTMLElement>(`[data-index="${i}"]`)!;
      expect(item(1).getBoundingClientRect().left, `${tag}: item 1 is left of item 0`).to.be.below(item(0).getBoundingClientRect().left);
      item(0).focus();
      await press('ArrowLeft');
      await eventually(() => expect(deepActive(), `${tag}: ArrowLeft`).to.equal(item(1)));
      await press('ArrowRight');
      await eventually(() => expect(deepActive(), `${tag}: ArrowRight`).to.equal(item(0)));
    }
    // The preview's Next button is on the left when mirrored: ArrowLeft goes there (three items: it wraps).
    const preview = els.get('media-preview') as unknown as InstanceType<GenshelfBundle['MediaPreview']>;
    preview.show(0, images);
    await preview.updateComplete;
    const next = shadow(preview).querySelector('[part=next-button]')!.getBoundingClientRect();
    const prev = shadow(preview).querySelector('[part=prev-button]')!.getBoundingClientRect();
    expect(next.left, 'Next is left of Previous').to.be.below(prev.left);
    await press('ArrowLeft');
    await eventually(() => expect(preview.index).to.equal(1));
    await press('ArrowRight');
    await eventually(() => expect(preview.index).to.equal(0));
    preview.close();
    await accessible(els);
  });

  it('200 % zoom (a 1280 × 800 window at half the CSS pixels): nothing wider than the page, accessible', async () => {
    await setViewport({ width: DESKTOP.width / 2, height: DESKTOP.height / 2 });
    const els = await hostPage();
    for (const [tag, el] of els) {
      const r = el.getBoundingClientRect();
      expect(r.right, `${tag} fits the width`).to.be.at.most(innerWidth);
      for (const node of shadow(el).querySelectorAll<HTMLElement>('button, input, select, a, h2, h3, p')) {
        const b = node.getBoundingClientRect();
        if (!b.width || node.closest('.visually-hidden')) continue;
        // Inside the element, or inside a scroller of its own (a toolbar that scrolls sideways).
        const clipped = b.right > r.right + 1 && !hasScroller(node, el);
        expect(clipped, `${tag}: ${node.localName}.${node.className} ends at ${Math.round(b.right)} past ${Math.round(r.right)}`).to.equal(false);
      }
    }
    expect(document.documentElement.scrollWidth, 'no sideways scrolling of the page').to.be.at.most(innerWidth);
    await accessible(els);
  });

  it('host --gs-* tokens override the theme in every element', async () => {
    const tokens = { '--gs-color-surface': 'rgb(250, 244, 230)', '--gs-color-text': 'rgb(30, 20, 10)', '--gs-color-text-muted': 'rgb(80, 64, 48)', '--gs-color-primary': 'rgb(120, 40, 0)', '--gs-font-family': 'Georgia, serif' };
    const els = await hostPage((host) => {
      for (const [name, value] of Object.entries(tokens)) host.style.setProperty(name, value);
    });
    for (const [tag, el] of els) {
      el.setAttribute('theme', 'light');
      await (el as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete;
      const nodes = [...shadow(el).querySelectorAll<HTMLElement>('*')].map((n) => getComputedStyle(n));
      // Closed, the preview shows nothing to colour.
      if (tag === 'media-preview') continue;
      expect(nodes.some((s) => s.backgroundColor === tokens['--gs-color-surface']), `${tag} uses --gs-color-surface`).to.equal(true);
      expect(nodes.some((s) => s.color === tokens['--gs-color-text']), `${tag} uses --gs-color-text`).to.equal(true);
      expect(getComputedStyle(shadow(el).querySelector('[part=base], .base') ?? shadow(el).firstElementChild!).fontFamily, tag).to.match(/Georgia/);
    }
    await accessible(els);
  });

  it('forced-colors: active — accessible, and focus stays visible (an outline, not a shadow or a colour)', async () => {
    await emulateMedia({ forcedColors: 'active' } as never);
    expect(matchMedia('(forced-colors: active)').matches).to.equal(true);
    const els = await hostPage();
    for (const [tag, el] of els) {
      if (tag === 'media-preview') continue;
      const control = firstFocusable(el);
      // <job-stats> has nothing to focus.
      if (!control) continue;
      // A key first: the focus that follows is a keyboard user's (:focus-visible).
      await press('Shift');
      control.focus();
      expect(deepActive(), tag).to.equal(control);
      // The control's outline, or its row's (a list draws the ring around the whole row).
      const ringed = [control, control.parentElement, control.parentElement?.parentElement].some((n) => {
        const s = n && getComputedStyle(n);
        return !!s && s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
      });
      expect(ringed, `${tag}: focused ${control.localName}.${control.className} shows an outline`).to.equal(true);
    }
    await accessible(els);
  });
});

/** Whether `node` sits in a scroller inside `el` (content that scrolls is not cut off). */
function hasScroller(node: Element, el: HTMLElement): boolean {
  for (let n: Element | null = node.parentElement; n && n !== el; n = n.parentElement ?? ((n.getRootNode() as ShadowRoot).host as Element | undefined) ?? null) {
    if (n === el) break;
    const s = getComputedStyle(n);
    if (/(auto|scroll)/.test(s.overflowX)) return true;
  }
  return false;
}
