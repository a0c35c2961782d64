/**
 * `<my-work>`'s cards, preview hand-off and phone layout (issue 12 part 3), in Chromium against
 * the real API: prompts and error messages, text cards, app icons, sort by name, the 390 px
 * layout, and the actions revealed on hover/focus on a pointer device.
 */
import { expect, fixture, html } from '@open-wc/testing';
import type { JobsPage } from '../base/types.ts';
import { apiGet, chooseOption, createJob, emulateMedia, env, eventually, makeUser, press, shadow, text, type User, userHover, userUnhover } from '../test/fixtures.ts';
import './define.ts';
import type { MyWork } from './my-work.ts';

const items = (el: MyWork) => [...shadow(el).querySelectorAll<HTMLElement>('[part~=item]')];
const item = (el: MyWork, id: string) => shadow(el).querySelector<HTMLElement>(`[data-id="${id}"]`)!;
const loaded = (el: MyWork) => eventually(() => expect(items(el).length + shadow(el).querySelectorAll('[part=empty]').length).to.be.above(0));

async function mount(user: User | string, width = 900) {
  const token = typeof user === 'string' ? user : user.token;
  const el = await fixture<MyWork>(html`<my-work api=${env.api} token=${token} style="--gs-my-work-height: 560px; width: ${width}px"></my-work>`);
  await loaded(el);
  return el;
}

async function attach(jobId: string, body: unknown, type = 'application/json') {
  const res = await fetch(`${env.api}/api/v1/jobs/${jobId}/assets`, { method: 'POST', headers: { authorization: `Bearer ${env.ingestToken}`, 'content-type': type }, body: body as BodyInit });
  expect(res.ok).to.equal(true);
}

describe('<my-work> cards', () => {
  it('show the prompt in two lines (all of it in the tooltip), the project as title, and a failed job\'s error message', async () => {
    const user = await makeUser();
    const long = 'A paper boat sailing down a rainy city street at dusk, macro lens, golden hour light on the wet cobblestones, reflections of neon signs in the puddles';
    const ok = await createJob(user, { project_name: 'Boats', prompt: long, status: 'completed' });
    const bad = await createJob(user, { project_name: 'Boats', prompt: 'a kite', status: 'failed', error_message: 'Upstream provider timed out after 120s' });
    const el = await mount(user);
    const prompt = item(el, ok.id).querySelector<HTMLElement>('[part=prompt]')!;
    expect(prompt.title).to.equal(long);
    expect(text(prompt)).to.include(long);
    // Two lines at most, whatever its length.
    const lineHeight = parseFloat(getComputedStyle(prompt).lineHeight);
    expect(prompt.getBoundingClientRect().height).to.be.at.most(lineHeight * 2 + 1);
    expect(text(item(el, ok.id).querySelector('[part=title]'))).to.equal('Boats');
    expect(text(item(el, bad.id).querySelector('[part=error-message]'))).to.equal('Upstream provider timed out after 120s');
    el.view = 'list';
    await el.updateComplete;
    expect(item(el, bad.id).querySelector('.error-text')!.checkVisibility()).to.equal(true);
    expect(text(item(el, bad.id).querySelector('.error-text'))).to.equal('Upstream provider timed out after 120s');
    await expect(el).to.be.accessible();
  });

  it('Preview on a job with no outputs says so (by keyboard too)', async () => {
    const user = await makeUser();
    const job = await createJob(user, { project_name: 'Empty', status: 'failed', error_message: 'No credits left' });
    const el = await mount(user);
    item(el, job.id).focus();
    await press('Enter');
    await eventually(() => expect(text(shadow(el).querySelector('[part=toast]'))).to.equal('Nothing to preview: this job failed (No credits left).'));
    expect(shadow(el).querySelector('media-preview')!.open).to.equal(false);
  });

  it('text outputs show as text cards: under the Texts filter, and for finished jobs without a picture', async () => {
    const user = await makeUser();
    const copy = await createJob(user, { project_name: 'Copy', status: 'completed' });
    await attach(copy.id, JSON.stringify({ text: 'Sun is out, prices are down.\nUp to 50% off.', title: 'caption' }));
    const video = await createJob(user, { project_name: 'Clip', status: 'completed' });
    await attach(video.id, new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]), 'image/png');
    await attach(video.id, JSON.stringify({ text: 'Caption of the clip', title: 'caption' }));
    const el = await mount(user);
    // Without a picture: its text.
    await eventually(() => expect(text(item(el, copy.id).querySelector('.text-card'))).to.equal('Sun is out, prices are down. Up to 50% off.'));
    // With one: the picture, until the Texts filter asks for texts.
    expect(item(el, video.id).querySelector('[part=thumbnail] img')).not.to.equal(null);
    el.setFilter('kind', 'text');
    await eventually(() => expect(text(item(el, video.id)?.querySelector('.text-card'))).to.equal('Caption of the clip'));
    expect(item(el, video.id).querySelector('[part=thumbnail] img')).to.equal(null);
  });

  it('app icons are the registry\'s pictures (image_url), never its emoji (empty boxes without an emoji font)', async () => {
    const user = await makeUser();
    const apps = (await apiGet<{ apps: { id: string; icon: string; image_url: string }[] }>('/api/v1/apps', user.token)).apps;
    const ids = ['video-mixer', 'carousel-mix', 'text-to-video', 'brand-studio', 'anime-motion', 'product-studio'];
    const jobs = await Promise.all(ids.map((app_id) => createJob(user, { app_id })));
    const el = await mount(user);
    const srcs = (where: string) => jobs.map((job) => item(el, job.id).querySelector(`${where} .app-icon img`)?.getAttribute('src'));
    const expected = ids.map((id) => apps.find((a) => a.id === id)!.image_url);
    expect(expected.every((src) => typeof src === 'string')).to.equal(true);
    await eventually(() => expect(srcs('[part=thumbnail]')).to.deep.equal(expected));
    expect(srcs('[part=meta]')).to.deep.equal(expected);
    for (const a of apps) if (a.icon) expect(text(shadow(el).querySelector('[part=grid]'))).not.to.include(a.icon);
  });

  it('sorts by name (the API\'s sort=name), by keyboard through the Sort select', async () => {
    const user = await makeUser();
    for (const name of ['beta', 'Alpha', 'gamma']) await createJob(user, { project_name: name });
    const el = await mount(user);
    const sort = shadow(el).querySelector<HTMLSelectElement>('select[data-filter=sort]')!;
    await chooseOption(sort, 'name');
    const byName = await apiGet<JobsPage>('/api/v1/jobs?sort=name&limit=50', user.token);
    await eventually(() => expect(items(el).map((i) => text(i.querySelector('[part=title]')))).to.deep.equal(['Alpha', 'beta', 'gamma']));
    expect(items(el).map((i) => i.dataset.id)).to.deep.equal(byName.jobs.map((j) => j.id));
  });

  it('on a pointer device the checkbox and actions appear on hover, focus or selection; targets are at least 24 px', async () => {
    await emulateMedia({ reducedMotion: 'reduce' });
    const user = await makeUser();
    const job = await createJob(user, { project_name: 'One', status: 'completed' });
    await createJob(user, { project_name: 'Two', status: 'completed' });
    const el = await mount(user);
    const card = item(el, job.id);
    await userUnhover();
    const opacity = (selector: string) => getComputedStyle(card.querySelector(selector)!).opacity;
    expect([opacity('[part=checkbox]'), opacity('.actions')]).to.deep.equal(['0', '0']);
    card.focus();
    expect([opacity('[part=checkbox]'), opacity('.actions')]).to.deep.equal(['1', '1']);
    card.blur();
    await userHover(card);
    expect(opacity('.actions')).to.equal('1');
    card.focus();
    await press(' ');
    card.blur();
    await userUnhover();
    expect(card.getAttribute('aria-selected')).to.equal('true');
    expect(opacity('[part=checkbox]')).to.equal('1');
    for (const target of [card.querySelector('[part=checkbox]')!, ...card.querySelectorAll('.actions button')]) {
      const box = target.getBoundingClientRect();
      expect(Math.min(box.width, box.height)).to.be.at.least(24);
    }
  });
});

describe('<my-work> at 390 px', () => {
  it('stats in one compact row, filters behind one Filters button, and the grid uses the page (no nested scroller)', async () => {
    const user = await makeUser();
    for (let i = 0; i < 12; i++) await createJob(user, { project_name: `Job ${i}`, status: 'completed' });
    const el = await mount(user, 390);
    const stats = [...shadow(el).querySelectorAll<HTMLElement>('[part=stat]')];
    expect(new Set(stats.map((s) => Math.round(s.getBoundingClientRect().top))).size).to.equal(1);
    const toggle = shadow(el).querySelector<HTMLButtonElement>('.filters-toggle')!;
    const filters = shadow(el).querySelector<HTMLElement>('#filters')!;
    expect(toggle.checkVisibility()).to.equal(true);
    expect(filters.checkVisibility()).to.equal(false);
    toggle.focus();
    await press('Enter');
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect(filters.checkVisibility()).to.equal(true);
    await chooseOption(shadow(el).querySelector<HTMLSelectElement>('select[data-filter=status]')!, 'completed');
    await eventually(() => expect(text(toggle)).to.equal('Filters1'));
    // The scroller grows with its rows: the page scrolls, the grid window follows it.
    const scroller = shadow(el).querySelector<HTMLElement>('[part=scroller]')!;
    expect(getComputedStyle(scroller).overflowY).to.equal('visible');
    expect(scroller.scrollHeight).to.be.at.most(scroller.clientHeight + 1);
    expect(Number(shadow(el).querySelector('[role=grid]')!.getAttribute('aria-colcount'))).to.equal(2);
    await expect(el).to.be.accessible();
  });
});
