import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import type { GsEventMap } from '../base/events.ts';
import type { Project } from '../base/types.ts';
import { apiGet, chooseOption, createJob, env, eventually, finishedJob, makeUser, press, shadow, text, type User, typeText, userClick } from '../test/fixtures.ts';
import './define.ts';
import type { ProjectList } from './project-list.ts';

const $ = <T extends Element = HTMLElement>(el: ProjectList, selector: string) => shadow(el).querySelector<T>(selector)!;
const $$ = (el: ProjectList, selector: string) => [...shadow(el).querySelectorAll<HTMLElement>(selector)];
const cards = (el: ProjectList) => $$(el, '[part=item]');
const names = (el: ProjectList) => cards(el).map((c) => text(c.querySelector('[part=name]')));
const card = (el: ProjectList, name: string) => cards(el).find((c) => text(c.querySelector('[part=name]')) === name)!;
const loaded = (el: ProjectList) => eventually(() => expect(cards(el).length + $$(el, '[part=empty]').length + $$(el, '[part=error]').length).to.be.above(0));
const list = (user: User, query = '') => apiGet<{ projects: Project[]; total: number }>(`/api/v1/projects?limit=100${query}`, user.token);

async function mount(user: User, attrs: { href?: string } = {}) {
  const el = await fixture<ProjectList>(html`<project-list api=${env.api} token=${user.token} locale="en" search-delay="200" href-template=${attrs.href ?? ''} style="--gs-project-list-height: 640px; width: 1000px"></project-list>`);
  if (!attrs.href) el.removeAttribute('href-template');
  await loaded(el);
  return el;
}

/** A user with projects: two with files (counts to check), one archived, one of another type. */
async function userWithProjects(): Promise<User> {
  const user = await makeUser();
  await finishedJob(user, [{ title: 'Mug photo' }, { text: 'Sip slowly.' }], { app_id: 'product-studio', project_name: 'Ceramic Mug' });
  await finishedJob(user, [{ title: 'Mug banner' }], { app_id: 'product-studio', project_name: 'Ceramic Mug' });
  await finishedJob(user, [{ title: 'Reel cover' }], { app_id: 'video-mixer', project_name: 'Summer Reels' });
  const apple = await createJob(user, { app_id: 'carousel-mix', project_name: 'apple harvest' });
  const gym = await createJob(user, { app_id: 'video-mixer', project_name: 'Gym Teasers' });
  const { projects } = await list(user);
  const byName = (n: string) => projects.find((p) => p.name === n)!;
  await fetch(`${env.api}/api/v1/projects/${byName('Gym Teasers').id}`, { method: 'PATCH', headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ status: 'archived' }) });
  await fetch(`${env.api}/api/v1/projects/${byName('apple harvest').id}`, { method: 'PATCH', headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'product_package' }) });
  void apple;
  void gym;
  return user;
}

function collect<K extends keyof GsEventMap>(el: Element, name: K) {
  const events: GsEventMap[K][] = [];
  el.addEventListener(name, (e) => events.push(e as GsEventMap[K]));
  return events;
}

describe('<project-list>', () => {
  // The API’s projects: name, app, counts, status, picture; the most recently active first.
  it('renders', async () => {
    const user = await userWithProjects();
    const el = await mount(user);
    const { projects } = await list(user, '&sort=recent');
    expect(names(el)).to.deep.equal(projects.map((p) => p.name));
    const mug = projects.find((p) => p.name === 'Ceramic Mug')!;
    const c = card(el, 'Ceramic Mug');
    expect(text(c.querySelector('[part=counts]'))).to.equal(`${mug.job_count} jobs · ${mug.asset_count} assets`);
    expect(mug).to.deep.include({ job_count: 2, asset_count: 3 });
    expect(c.querySelector<HTMLImageElement>('[part=thumbnail] img')!.src).to.equal(mug.thumbnail_url);
    expect(text(c.querySelector('[part=meta]'))).to.equal('Product Studio');
    expect(card(el, 'Gym Teasers').querySelector('[part=status]')!.textContent).to.equal('Archived');
    expect(text(card(el, 'apple harvest').querySelector('[part=meta]'))).to.equal('Carousel Mix Product package');
    expect(card(el, 'apple harvest').querySelector('[part=thumbnail] .app-icon')).not.to.equal(null);
    expect(text($(el, '.more'))).to.equal('4 of 4 projects');
  });

  // Grid, list, renaming with an error, the delete confirmation.
  it('is accessible', async () => {
    const user = await userWithProjects();
    const el = await mount(user);
    await expect(el).to.be.accessible();
    el.view = 'list';
    await el.updateComplete;
    await expect(el).to.be.accessible();
    await userClick(card(el, 'Summer Reels').querySelector<HTMLElement>('.rename-button')!);
    await press('Control+a', 'Backspace', 'Enter');
    await eventually(() => expect($(el, '.rename-error')).not.to.equal(null));
    await expect(el).to.be.accessible();
    await press('Escape');
    await userClick(card(el, 'Summer Reels').querySelector<HTMLElement>('.delete-button')!);
    await eventually(() => expect($<HTMLDialogElement>(el, '.confirm-dialog').open).to.equal(true));
    await expect(el).to.be.accessible();
    await press('Escape');
  });

  it('searches (debounced, one request for the word), filters by status and type, sorts by name', async () => {
    const user = await userWithProjects();
    const el = await mount(user);
    const sent: string[] = [];
    const realFetch = globalThis.fetch;
    const spy = sinon.stub(globalThis, 'fetch').callsFake((input, init) => (sent.push(String(input)), realFetch(input, init)));
    try {
      $(el, '[part=search]').focus();
      await typeText('mug');
      await eventually(() => expect(names(el)).to.deep.equal(['Ceramic Mug']));
      expect(sent.filter((u) => u.includes('/api/v1/projects?')).map((u) => new URL(u).searchParams.get('q'))).to.deep.equal(['mug']);
    } finally {
      spy.restore();
    }
    $(el, '[part=search]').focus();
    await press('Control+a', 'Backspace');
    await eventually(() => expect(names(el)).to.have.length(4));
    await chooseOption($<HTMLSelectElement>(el, '[data-filter=status]'), 'archived');
    await eventually(() => expect(names(el)).to.deep.equal(['Gym Teasers']));
    await chooseOption($<HTMLSelectElement>(el, '[data-filter=status]'), '');
    const typeOptions = [...$<HTMLSelectElement>(el, '[data-filter=type]').options].map((o) => o.value);
    expect(typeOptions).to.deep.equal(['', 'general', 'product_package']);
    // Types read as words, not identifiers.
    expect([...$<HTMLSelectElement>(el, '[data-filter=type]').options].map((o) => o.text)).to.deep.equal(['All types', 'General', 'Product package']);
    await chooseOption($<HTMLSelectElement>(el, '[data-filter=type]'), 'product_package');
    await eventually(() => expect(names(el)).to.deep.equal(['apple harvest']));
    await chooseOption($<HTMLSelectElement>(el, '[data-filter=type]'), '');
    await chooseOption($<HTMLSelectElement>(el, '[data-filter=sort]'), 'name');
    await eventually(async () => expect(names(el)).to.deep.equal((await list(user, '&sort=name')).projects.map((p) => p.name)));
    expect(names(el)[0]).to.equal('apple harvest');
    await chooseOption($<HTMLSelectElement>(el, '[data-filter=sort]'), 'oldest');
    await eventually(async () => expect(names(el)).to.deep.equal((await list(user, '&sort=oldest')).projects.map((p) => p.name)));
  });

  it('nothing matches: says so and offers Clear filters', async () => {
    const user = await userWithProjects();
    const el = await mount(user);
    el.filters = { q: 'no such project', sort: 'newest' };
    await eventually(() => expect(text($(el, '[part=empty]'))).to.equal('No project matches these filters. Clear filters'));
    await userClick($(el, '[part=empty] button'));
    await eventually(() => expect(names(el)).to.have.length(4));
  });

  it('a user without projects sees the empty state; a bad token the error with Retry', async () => {
    const el = await mount(await makeUser());
    expect(text($(el, '[part=empty]'))).to.equal('No projects yet Projects appear here as you generate in any app.');
    await expect(el).to.be.accessible();
    const bad = await fixture<ProjectList>(html`<project-list api=${env.api} token="not-a-token"></project-list>`);
    await eventually(() => expect(text($(bad, '[part=error]'))).to.equal('Sign in to see your projects. Retry'));
    await expect(bad).to.be.accessible();
  });

  it('pages: "Load more", and scrolling to the end loads the next page', async () => {
    const user = await makeUser();
    for (let i = 0; i < 65; i++) await createJob(user, { app_id: 'brand-studio', project_name: `Campaign ${String(i).padStart(2, '0')}` });
    const el = await mount(user);
    await eventually(() => expect(text($(el, '.more'))).to.equal('30 of 65 projects Load more'));
    await userClick($(el, '[part=load-more]'));
    await eventually(() => expect(text($(el, '.more'))).to.match(/^60 of 65 projects/));
    const scroller = $(el, '[part=scroller]');
    scroller.scrollTop = scroller.scrollHeight;
    await eventually(() => expect(text($(el, '.more'))).to.equal('65 of 65 projects'));
    // Only the rows in view are in the DOM.
    expect(cards(el).length).to.be.below(65);
  });

  it('opens a project: gs-open with the project, and an href-template link', async () => {
    const user = await userWithProjects();
    const el = await mount(user);
    const opened = collect(el, 'gs-open');
    await userClick(card(el, 'Summer Reels').querySelector('[part=name]')!);
    expect(opened).to.have.length(1);
    const detail = opened[0]!.detail;
    expect('project' in detail && detail.project.name).to.equal('Summer Reels');
    // By keyboard: the card has focus, Enter opens.
    card(el, 'Ceramic Mug').focus();
    await press('Enter');
    expect(opened.map((e) => e.detail.id)).to.have.length(2);
    const linked = await mount(user, { href: '/projects/{id}?app={appId}' });
    const link = card(linked, 'Summer Reels').querySelector<HTMLAnchorElement>('a[part=name]')!;
    const reels = (await list(user)).projects.find((p) => p.name === 'Summer Reels')!;
    expect(link.getAttribute('href')).to.equal(`/projects/${reels.id}?app=video-mixer`);
    linked.addEventListener('gs-open', (e) => e.preventDefault());
    await userClick(link);
    expect(location.pathname).not.to.include('/projects/');
  });

  it('moves between projects with the arrow keys; Tab reaches a project’s actions', async () => {
    const user = await userWithProjects();
    const el = await mount(user);
    cards(el)[0]!.focus();
    await press('ArrowRight');
    expect(shadow(el).activeElement).to.equal(cards(el)[1]);
    await press('End');
    expect(shadow(el).activeElement).to.equal(cards(el).at(-1));
    await press('Home');
    expect(shadow(el).activeElement).to.equal(cards(el)[0]);
    await press('Tab');
    expect(shadow(el).activeElement).to.equal(cards(el)[0]!.querySelector('[part=name]'));
    await press('Tab');
    expect(shadow(el).activeElement).to.equal(cards(el)[0]!.querySelector('.rename-button'));
  });

  it('renames in place by keyboard: Enter saves, Escape cancels, the API’s reason shows at the field', async () => {
    const user = await userWithProjects();
    const el = await mount(user);
    card(el, 'Summer Reels').querySelector<HTMLElement>('.rename-button')!.focus();
    await press('Enter');
    const input = () => $<HTMLInputElement>(el, 'input.rename');
    await eventually(() => expect(shadow(el).activeElement).to.equal(input()));
    expect(input().value).to.equal('Summer Reels');
    await typeText('Winter Reels'); await press('Escape');
    expect($(el, 'input.rename')).to.equal(null);
    expect(names(el)).to.include('Summer Reels');
    expect(shadow(el).activeElement).to.equal(card(el, 'Summer Reels'));

    card(el, 'Summer Reels').querySelector<HTMLElement>('.rename-button')!.focus();
    await press('Enter');
    await eventually(() => expect(shadow(el).activeElement).to.equal(input()));
    await typeText(`${'x'.repeat(201)}`); await press('Enter');
    await eventually(() => expect(text($(el, '.rename-error'))).to.match(/200/));
    expect(input().getAttribute('aria-invalid')).to.equal('true');
    expect(shadow(el).activeElement).to.equal(input());
    await press('Control+a'); await typeText('Autumn Reels'); await press('Enter');
    await eventually(() => expect(names(el)).to.include('Autumn Reels'));
    expect(text($(el, '[role=status]'))).to.equal('Renamed to Autumn Reels');
    expect((await list(user)).projects.map((p) => p.name)).to.include('Autumn Reels');
  });

  it('archives and unarchives', async () => {
    const user = await userWithProjects();
    const el = await mount(user);
    await userClick(card(el, 'Summer Reels').querySelector<HTMLElement>('.archive-button')!);
    await eventually(() => expect(card(el, 'Summer Reels').querySelector('[part=status]')!.textContent).to.equal('Archived'));
    expect(text($(el, '[role=status]'))).to.equal('Summer Reels archived');
    expect((await list(user, '&status=archived')).projects.map((p) => p.name).sort()).to.deep.equal(['Gym Teasers', 'Summer Reels']);
    expect(card(el, 'Summer Reels').querySelector('.archive-button')!.getAttribute('aria-label')).to.equal('Unarchive Summer Reels');
    await userClick(card(el, 'Summer Reels').querySelector<HTMLElement>('.archive-button')!);
    await eventually(() => expect(card(el, 'Summer Reels').querySelector('[part=status]')!.textContent).to.equal('Active'));
  });

  it('duplicates: the copy comes first, focused and announced', async () => {
    const user = await userWithProjects();
    const el = await mount(user);
    await userClick(card(el, 'Ceramic Mug').querySelector<HTMLElement>('.duplicate-button')!);
    await eventually(() => expect(names(el)[0]).to.equal('Ceramic Mug (copy)'));
    await eventually(() => expect(shadow(el).activeElement).to.equal(cards(el)[0]));
    expect(text($(el, '[role=status]'))).to.equal('Copied as Ceramic Mug (copy)');
    expect(text(cards(el)[0]!.querySelector('[part=counts]'))).to.equal('2 jobs · 3 assets');
    expect((await list(user)).projects[0]!.name).to.equal('Ceramic Mug (copy)');
  });

  it('deletes after a confirmation naming its jobs and assets; Undo restores it', async () => {
    const user = await userWithProjects();
    const el = await mount(user);
    card(el, 'Ceramic Mug').querySelector<HTMLElement>('.delete-button')!.focus();
    await press('Enter');
    const dialog = $<HTMLDialogElement>(el, '.confirm-dialog');
    await eventually(() => expect(dialog.open).to.equal(true));
    expect(text(dialog.querySelector('p'))).to.equal('Delete “Ceramic Mug”? Its 2 jobs and 3 assets move to the trash with it (Undo brings everything back).');
    expect(shadow(el).activeElement?.textContent).to.equal('Cancel');
    await press('Tab', 'Enter');
    await eventually(() => expect(names(el)).not.to.include('Ceramic Mug'));
    expect((await list(user)).projects.map((p) => p.name)).not.to.include('Ceramic Mug');
    expect(text($(el, '[part=toast]'))).to.match(/^“Ceramic Mug” deleted/);
    await userClick($(el, '[part=toast] button'));
    await eventually(() => expect(names(el)).to.include('Ceramic Mug'));
    const back = (await list(user)).projects.find((p) => p.name === 'Ceramic Mug')!;
    expect(back).to.deep.include({ job_count: 2, asset_count: 3 });
  });

  it('on a 390 px phone: the page scrolls, a card shows its whole time, list rows fit and do not overlap, targets at least 24 px', async () => {
    const user = await userWithProjects();
    const el = await fixture<ProjectList>(html`<project-list api=${env.api} token=${user.token} locale="en" style="width: 390px"></project-list>`);
    await loaded(el);
    const scroller = $(el, '[part=scroller]');
    await eventually(() => expect(getComputedStyle(scroller).overflowY).to.equal('visible'));
    expect(scroller.scrollHeight).to.be.at.most(scroller.clientHeight + 1);
    const inside = (inner: DOMRect, outer: DOMRect) => inner.left >= outer.left - 0.5 && inner.right <= outer.right + 0.5 && inner.top >= outer.top - 0.5 && inner.bottom <= outer.bottom + 0.5;
    for (const c of cards(el)) {
      const time = c.querySelector('time')!;
      expect(time.scrollWidth, text(time)).to.be.at.most(time.clientWidth);
      // The actions sit on the picture, not on the text under it.
      expect(inside(c.querySelector('.actions')!.getBoundingClientRect(), c.querySelector('[part=thumbnail]')!.getBoundingClientRect()), 'actions on the picture').to.equal(true);
    }
    el.view = 'list';
    await el.updateComplete;
    await eventually(() => expect(cards(el)).to.have.length(4));
    const rows = cards(el).map((c) => c.getBoundingClientRect());
    rows.slice(1).forEach((r, i) => expect(r.top, 'rows apart').to.be.at.least(rows[i]!.bottom));
    for (const c of cards(el)) {
      const box = c.getBoundingClientRect();
      for (const part of c.querySelectorAll('[part=name], [part=counts], [part=status], time, .actions')) expect(inside(part.getBoundingClientRect(), box), part.className || part.localName).to.equal(true);
      const time = c.querySelector('time')!;
      expect(time.scrollWidth, text(time)).to.be.at.most(time.clientWidth);
    }
    for (const b of $$(el, '.actions button, .view-toggle button, select')) {
      const r = b.getBoundingClientRect();
      expect(Math.min(r.width, r.height), b.className).to.be.at.least(24);
    }
  });
});
