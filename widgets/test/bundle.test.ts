/**
 * The built bundle as a host page loads it: `dist/genshelf.js` (built by test/wtr/genshelf-api.ts and
 * served at /widgets/ by the same code as `npm start`), twice, plus the demo page.
 */
import { expect, fixture, html } from '@open-wc/testing';
import { env, eventually, shadow, text } from './fixtures.ts';

type Bundle = typeof import('../genshelf.ts');
const load = (path: string) => import(/* @vite-ignore */ `${env.api}${path}`) as Promise<Bundle>;

describe('dist/genshelf.js', () => {
  it('registers every element, and a second copy on the page is harmless', async () => {
    const errors: unknown[] = [];
    const onError = (e: ErrorEvent) => errors.push(e.error);
    window.addEventListener('error', onError);
    try {
      const first = await load('/widgets/genshelf.js');
      const second = await load('/widgets/genshelf.js?copy=2');
      const perElement = await load('/widgets/elements/recent-work.js');
      expect(second.JobStats).not.to.equal(first.JobStats);
      expect(customElements.get('job-stats')).to.equal(first.JobStats);
      expect(customElements.get('recent-work')).to.equal(first.RecentWork);
      expect(customElements.get('media-preview')).to.equal(first.MediaPreview);
      expect(customElements.get('my-work')).to.equal(first.MyWork);
      expect(customElements.get('asset-gallery')).to.equal(first.AssetGallery);
      expect(customElements.get('user-settings')).to.equal(first.UserSettings);
      expect(customElements.get('usage-insights')).to.equal(first.UsageInsights);
      expect(customElements.get('project-list')).to.equal(first.ProjectList);
      expect(customElements.get('generation-history')).to.equal(first.GenerationHistory);
      expect(perElement.RecentWork).to.be.a('function');
      expect(errors).to.deep.equal([]);

      const el = await fixture(html`<recent-work api=${env.api} token=${env.demoToken}></recent-work>`);
      await eventually(() => expect(shadow(el).querySelectorAll('li[part=item]')).to.have.length(5));
      const stats = await fixture(html`<job-stats api=${env.api} token=${env.demoToken}></job-stats>`);
      await eventually(() => expect(text(shadow(stats).querySelector('[data-card=total] [part=value]'))).to.match(/^\d+$/));
    } finally {
      window.removeEventListener('error', onError);
    }
  });

  it('leaves the translations out of the bundle: a locale’s file loads when an element first speaks it', async () => {
    const bundle = await (await fetch(`${env.api}/widgets/genshelf.js`)).text();
    expect(bundle).not.to.include('Auftragsstatistik');
    const fetched = () => performance.getEntriesByType('resource').map((e) => e.name).filter((name) => name.includes('/locales/'));
    await load('/widgets/genshelf.js');
    const english = await fixture(html`<job-stats api=${env.api} token=${env.demoToken}></job-stats>`);
    expect(shadow(english).querySelector('[part=base]')!.getAttribute('aria-label')).to.equal('Job statistics');
    expect(fetched()).to.deep.equal([]);
    const german = await fixture(html`<job-stats api=${env.api} token=${env.demoToken} locale="de-AT"></job-stats>`);
    expect(shadow(german).querySelector('[part=base]')!.getAttribute('aria-label')).to.equal('Auftragsstatistik');
    expect(fetched()).to.deep.equal([`${env.api}/widgets/locales/de.js`]);
    const res = await fetch(`${env.api}/widgets/locales/ar.js`);
    expect(res.headers.get('content-type')).to.match(/javascript/);
  });

  // A guard against growth, not the budget: SPEC §8 allows 55 KB and issue 13 asked for 52 KB, and
  // with <asset-gallery> and the dashboard elements the bundle is over both (npm run bench reports it,
  // bench/RESULTS.md). Raised from 76 KB for <generation-history> and the claim after sign-in
  // (issue 14): 74.4 → 79.6 KB gzip (+5.2 KB; <media-preview> alone 19.7 → 20.9 KiB). The locales'
  // plumbing (issue 17: picking, loading, plurals, RTL, the forced-colours palette) took it from
  // 78.7 to 80.5 KB; the translations themselves are files of their own (the test above).
  it('does not grow past 82 KB min+gzip (every element, <asset-gallery>, <generation-history> and the dashboard elements included)', async () => {
    const res = await fetch(`${env.api}/widgets/genshelf.js`);
    expect(res.headers.get('content-type')).to.match(/javascript/);
    const gzipped = await new Response(res.body!.pipeThrough(new CompressionStream('gzip'))).arrayBuffer();
    expect(gzipped.byteLength).to.be.below(82_000);
  });

  it('serves only the widget files under /widgets/', async () => {
    for (const path of ['/widgets/worker.js', '/widgets/../package.json', '/widgets/widgets-sizes.json']) {
      const res = await fetch(`${env.api}${path}`);
      expect(res.status, path).to.equal(404);
    }
  });

  it('serves the demo page at /, with the demo token for a visitor on this machine', async () => {
    const page = await (await fetch(`${env.api}/`)).text();
    expect(page).to.include('<job-stats');
    expect(page).to.include('<recent-work');
    expect(page).to.include('<my-work');
    expect(page).to.include('<asset-gallery');
    // Acme Studio's project page: the project's assets, not grouped (the Assets page switches grouping by tab).
    expect(page).to.match(/<asset-gallery [^>]*group-by="none"/);
    expect(page).to.include(`<meta name="genshelf-demo-token" content="${env.demoToken}" />`);
    expect(page).to.include('<script type="module" src="/widgets/genshelf.js">');
  });
});
