/**
 * The app registry is data (issue 15, item 6), in Chromium against the real API: a host registers
 * its own app (`PUT /api/v1/apps/:id`), ingests a job for it, and `<recent-work>` and `<my-work>`
 * show its name, its icon (the SVG the API serves, as an `<img>`) and its colour; its
 * `href_template` becomes "Open in app" in the preview, and where Regenerate goes unless the host
 * handles it.
 */
import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import '../my-work/define.ts';
import type { MyWork } from '../my-work/my-work.ts';
import '../recent-work/define.ts';
import type { RecentWork } from '../recent-work/recent-work.ts';
import { createJob, env, eventually, finishedJob, makeUser, press, registerApp, shadow, text } from '../test/fixtures.ts';
import { appHref } from './app-registry.ts';

// A white poster on a transparent ground: the app's colour shows around it.
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 20"><path d="M5 3h10v14H5z" fill="#fff"/></svg>';
const COLOR = 'rgb(13, 148, 136)';

/** The icon `<img>` in `root` has the registry's picture and has drawn it. */
async function expectIcon(root: Element, imageUrl: string) {
  await eventually(() => {
    const img = root.querySelector<HTMLImageElement>('.app-icon img');
    expect(img, 'the app icon image').not.to.equal(null);
    expect(img!.getAttribute('src')).to.equal(imageUrl);
    expect(img!.complete && img!.naturalWidth > 0, 'the icon loaded').to.equal(true);
    expect(img!.hidden).to.equal(false);
  });
  expect(getComputedStyle(root.querySelector('.app-icon')!).backgroundColor).to.equal(COLOR);
}

describe('an app of the host\'s own, from the registry', () => {
  it('shows its name, icon and colour in <recent-work> and <my-work>, and "Open in app" in the preview', async () => {
    const id = `poster-forge-${crypto.randomUUID().slice(0, 8)}`;
    const app = await registerApp(id, { name: 'Poster Forge', color: COLOR, icon_svg: SVG, href_template: 'https://posters.example.com/jobs/{job_id}?p={project_id}' });
    expect(app.image_url).to.match(new RegExp(`/api/v1/apps/${id}/icon\\?v=`));
    const user = await makeUser();
    const job = await finishedJob(user, [{ text: 'A poster headline' }], { app_id: id, project_name: 'Gig posters', prompt: 'a gig poster' });

    const recent = await fixture<RecentWork>(html`<recent-work api=${env.api} token=${user.token}></recent-work>`);
    await eventually(() => expect(shadow(recent).querySelector(`[data-id="${job.id}"]`)).not.to.equal(null));
    const row = shadow(recent).querySelector<HTMLElement>(`[data-id="${job.id}"]`)!;
    expect(text(row.querySelector('[part=meta]'))).to.include('Poster Forge');
    await expectIcon(row.querySelector('[part=thumbnail]')!, app.image_url!);

    const work = await fixture<MyWork>(html`<my-work api=${env.api} token=${user.token} style="--gs-my-work-height: 560px; width: 900px"></my-work>`);
    await eventually(() => expect(shadow(work).querySelector(`[data-id="${job.id}"]`)).not.to.equal(null));
    const card = shadow(work).querySelector<HTMLElement>(`[data-id="${job.id}"]`)!;
    await eventually(() => expect(text(card.querySelector('.app-name'))).to.equal('Poster Forge'));
    await expectIcon(card.querySelector('[part=meta]')!, app.image_url!);
    // The app filter offers it by name.
    expect([...shadow(work).querySelectorAll('select option')].map((o) => text(o))).to.include('Poster Forge');

    card.focus();
    await press('Enter');
    const preview = shadow(work).querySelector('media-preview')!;
    await eventually(() => expect(preview.open).to.equal(true));
    const link = await eventually(() => {
      const a = shadow(preview).querySelector<HTMLAnchorElement>('[part=open-in-app]');
      expect(a).not.to.equal(null);
      return a!;
    });
    const projectId = (await (await fetch(`${env.api}/api/v1/jobs/${job.id}`, { headers: { authorization: `Bearer ${user.token}` } })).json()).project_id as string;
    expect(link.href).to.equal(`https://posters.example.com/jobs/${job.id}?p=${projectId}`);
    expect(link.target).to.equal('_blank');
    expect(link.rel).to.include('noopener');
    await expect(preview).to.be.accessible();
    await press('Escape');
  });

  it('Regenerate opens the job in its app unless the host handles gs-regenerate (cancels it)', async () => {
    const id = `remix-${crypto.randomUUID().slice(0, 8)}`;
    await registerApp(id, { name: 'Remix', color: 'teal', href_template: 'https://remix.example.com/again/{job_id}' });
    const user = await makeUser();
    const job = await finishedJob(user, [{ text: 'A verse' }], { app_id: id, prompt: 'a verse' });
    const work = await fixture<MyWork>(html`<my-work api=${env.api} token=${user.token} style="--gs-my-work-height: 560px; width: 900px"></my-work>`);
    await eventually(() => expect(text(shadow(work).querySelector(`[data-id="${job.id}"] .app-name`))).to.equal('Remix'));
    const regenerate = () => shadow(work).querySelector<HTMLButtonElement>(`[data-id="${job.id}"] .regenerate`)!.click();
    const open = sinon.stub(window, 'open').returns(null);
    const seen: Event[] = [];
    const listen = (e: Event) => seen.push(e);
    const handle = (e: Event) => e.preventDefault();
    document.addEventListener('gs-regenerate', listen);
    try {
      regenerate();
      expect(seen).to.have.length(1);
      expect(open.calledOnceWithExactly(`https://remix.example.com/again/${job.id}`, '_blank', 'noopener,noreferrer'), String(open.args)).to.equal(true);
      document.addEventListener('gs-regenerate', handle);
      regenerate();
      expect(seen).to.have.length(2);
      expect(open.callCount).to.equal(1);
    } finally {
      open.restore();
      document.removeEventListener('gs-regenerate', listen);
      document.removeEventListener('gs-regenerate', handle);
    }
  });

  it('an app without an icon shows its initials on its colour; a picture that fails to load steps aside for them', async () => {
    const plain = await registerApp(`jingle-${crypto.randomUUID().slice(0, 8)}`, { name: 'Jingle Box', color: 'teal' });
    // Registered from the operator's apps file, where an icon_url stays a link (test/wtr/genshelf-api.ts): one that never loads.
    const broken = { id: 'broken-icon' };
    const user = await makeUser();
    const a = await createJob(user, { app_id: plain.id, project_name: 'Jingles' });
    const b = await createJob(user, { app_id: broken.id, project_name: 'Broken' });
    const recent = await fixture<RecentWork>(html`<recent-work api=${env.api} token=${user.token}></recent-work>`);
    await eventually(() => expect(shadow(recent).querySelector(`[data-id="${b.id}"] .app-icon img`)).not.to.equal(null));
    const tile = (jobId: string) => shadow(recent).querySelector<HTMLElement>(`[data-id="${jobId}"] .app-icon`)!;
    const drawn = (el: HTMLElement) => getComputedStyle(el, '::before').content.replace(/"/g, '');
    expect(tile(a.id).querySelector('img')).to.equal(null);
    expect(drawn(tile(a.id))).to.equal('JB');
    expect(getComputedStyle(tile(a.id)).backgroundColor).to.equal('rgb(20, 184, 166)');
    await eventually(() => expect(tile(b.id).querySelector('img')!.hidden).to.equal(true));
    expect(drawn(tile(b.id))).to.equal('BI');
  });

  it('appHref fills and encodes the placeholders, and gives nothing but http(s) links', () => {
    const job = { id: 'j 1', app_id: 'a', project_id: null };
    expect(appHref({ href_template: 'https://x.example/{app_id}/{job_id}?p={project_id}' }, job)).to.equal('https://x.example/a/j%201?p=');
    expect(appHref({ href_template: null }, job)).to.equal(undefined);
    expect(appHref(undefined, job)).to.equal(undefined);
    expect(appHref({ href_template: 'javascript:alert(1)//{job_id}' }, job)).to.equal(undefined);
  });
});
