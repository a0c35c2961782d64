import { html } from 'lit';
import { describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { GsEventMap } from '../base/events.ts';
import type { Project } from '../base/types.ts';
import { apiGet, createJob, env, expectAccessible, finishedJob, fixture, makeUser, shadow, text, type User } from '../test/fixtures.ts';
import './define.ts';
import type { ProjectList } from './project-list.ts';

const $ = <T extends Element = HTMLElement>(el: ProjectList, selector: string) => shadow(el).querySelector<T>(selector)!;
const $$ = (el: ProjectList, selector: string) => [...shadow(el).querySelectorAll<HTMLElement>(selector)];
const cards = (el: ProjectList) => $$(el, '[part=item]');
const names = (el: ProjectList) => cards(el).map((c) => text(c.querySelector('[part=name]')));
const card = (el: ProjectList, name: string) => cards(el).find((c) => text(c.querySelector('[part=name]')) === name)!;
const loaded = (el: ProjectList) => vi.waitFor(() => expect(cards(el).length + $$(el, '[part=empty]').length + $$(el, '[part=error]').length).toBeGreaterThan(0));
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
  it('renders the API’s projects: name, app, counts, status, picture; newest first', async () => {
    const user = await userWithProjects();
    const el = await mount(user);
    const { projects } = await list(user);
    expect(names(el)).toEqual(projects.map((p) => p.name));
    const mug = projects.find((p) => p.name === 'Ceramic Mug')!;
    const c = card(el, 'Ceramic Mug');
    expect(text(c.querySelector('[part=counts]'))).toBe(`${mug.job_count} jobs · ${mug.asset_count} assets`);
    expect(mug).toMatchObject({ job_count: 2, asset_count: 3 });
    expect(c.querySelector<HTMLImageElement>('[part=thumbnail] img')!.src).toBe(mug.thumbnail_url);
    expect(text(c.querySelector('[part=meta]'))).toBe('Product Studio');
    expect(card(el, 'Gym Teasers').querySelector('[part=status]')!.textContent).toBe('Archived');
    expect(text(card(el, 'apple harvest').querySelector('[part=meta]'))).toBe('Carousel Mix product_package');
    expect(card(el, 'apple harvest').querySelector('[part=thumbnail] .app-icon')).not.toBeNull();
    expect(text($(el, '.more'))).toBe('4 of 4 projects');
  });

  it('is accessible: grid, list, renaming with an error, the delete confirmation', async () => {
    const user = await userWithProjects();
    const el = await mount(user);
    await expectAccessible(el);
    el.view = 'list';
    await el.updateComplete;
    await expectAccessible(el);
    await userEvent.click(card(el, 'Summer Reels').querySelector<HTMLElement>('.rename-button')!);
    await userEvent.keyboard('{Control>}a{/Control}{Backspace}{Enter}');
    await vi.waitFor(() => expect($(el, '.rename-error')).not.toBeNull());
    await expectAccessible(el);
    await userEvent.keyboard('{Escape}');
    await userEvent.click(card(el, 'Summer Reels').querySelector<HTMLElement>('.delete-button')!);
    await vi.waitFor(() => expect($<HTMLDialogElement>(el, '.confirm-dialog').open).toBe(true));
    await expectAccessible(el);
    await userEvent.keyboard('{Escape}');
  });

  it('searches (debounced, one request for the word), filters by status and type, sorts by name', async () => {
    const user = await userWithProjects();
    const el = await mount(user);
    const sent: string[] = [];
    const realFetch = globalThis.fetch;
    const spy = vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => (sent.push(String(input)), realFetch(input, init)));
    try {
      $(el, '[part=search]').focus();
      await userEvent.keyboard('mug');
      await vi.waitFor(() => expect(names(el)).toEqual(['Ceramic Mug']));
      expect(sent.filter((u) => u.includes('/api/v1/projects?')).map((u) => new URL(u).searchParams.get('q'))).toEqual(['mug']);
    } finally {
      spy.mockRestore();
    }
    await userEvent.fill($(el, '[part=search]'), '');
    await vi.waitFor(() => expect(names(el)).toHaveLength(4));
    await userEvent.selectOptions($<HTMLSelectElement>(el, '[data-filter=status]'), 'archived');
    await vi.waitFor(() => expect(names(el)).toEqual(['Gym Teasers']));
    await userEvent.selectOptions($<HTMLSelectElement>(el, '[data-filter=status]'), '');
    const typeOptions = [...$<HTMLSelectElement>(el, '[data-filter=type]').options].map((o) => o.value);
    expect(typeOptions).toEqual(['', 'general', 'product_package']);
    await userEvent.selectOptions($<HTMLSelectElement>(el, '[data-filter=type]'), 'product_package');
    await vi.waitFor(() => expect(names(el)).toEqual(['apple harvest']));
    await userEvent.selectOptions($<HTMLSelectElement>(el, '[data-filter=type]'), '');
    await userEvent.selectOptions($<HTMLSelectElement>(el, '[data-filter=sort]'), 'name');
    await vi.waitFor(async () => expect(names(el)).toEqual((await list(user, '&sort=name')).projects.map((p) => p.name)));
    expect(names(el)[0]).toBe('apple harvest');
    await userEvent.selectOptions($<HTMLSelectElement>(el, '[data-filter=sort]'), 'oldest');
    await vi.waitFor(async () => expect(names(el)).toEqual((await list(user, '&sort=oldest')).projects.map((p) => p.name)));
  });

  it('nothing matches: says so and offers Clear filters', async () => {
    const user = await userWithProjects();
    const el = await mount(user);
    el.filters = { q: 'no such project', sort: 'newest' };
    await vi.waitFor(() => expect(text($(el, '[part=empty]'))).toBe('No project matches these filters. Clear filters'));
    await userEvent.click($(el, '[part=empty] button'));
    await vi.waitFor(() => expect(names(el)).toHaveLength(4));
  });

  it('a user without projects sees the empty state; a bad token the error with Retry', async () => {
    const el = await mount(await makeUser());
    expect(text($(el, '[part=empty]'))).toBe('No projects yet. Projects appear here as you generate in any app.');
    await expectAccessible(el);
    const bad = await fixture<ProjectList>(html`<project-list api=${env.api} token="not-a-token"></project-list>`);
    await vi.waitFor(() => expect(text($(bad, '[part=error]'))).toBe('Sign in to see your projects. Retry'));
    await expectAccessible(bad);
  });

  it('pages: "Load more", and scrolling to the end loads the next page', async () => {
    const user = await makeUser();
    for (let i = 0; i < 65; i++) await createJob(user, { app_id: 'brand-studio', project_name: `Campaign ${String(i).padStart(2, '0')}` });
    const el = await mount(user);
    await vi.waitFor(() => expect(text($(el, '.more'))).toBe('30 of 65 projects Load more'));
    await userEvent.click($(el, '[part=load-more]'));
    await vi.waitFor(() => expect(text($(el, '.more'))).toMatch(/^60 of 65 projects/));
    const scroller = $(el, '[part=scroller]');
    scroller.scrollTop = scroller.scrollHeight;
    await vi.waitFor(() => expect(text($(el, '.more'))).toBe('65 of 65 projects'));
    // Only the rows in view are in the DOM.
    expect(cards(el).length).toBeLessThan(65);
  });

  it('opens a project: gs-open with the project, and an href-template link', async () => {
    const user = await userWithProjects();
    const el = await mount(user);
    const opened = collect(el, 'gs-open');
    await userEvent.click(card(el, 'Summer Reels').querySelector('[part=name]')!);
    expect(opened).toHaveLength(1);
    const detail = opened[0]!.detail;
    expect('project' in detail && detail.project.name).toBe('Summer Reels');
    // By keyboard: the card has focus, Enter opens.
    card(el, 'Ceramic Mug').focus();
    await userEvent.keyboard('{Enter}');
    expect(opened.map((e) => e.detail.id)).toHaveLength(2);
    const linked = await mount(user, { href: '/projects/{id}?app={appId}' });
    const link = card(linked, 'Summer Reels').querySelector<HTMLAnchorElement>('a[part=name]')!;
    const reels = (await list(user)).projects.find((p) => p.name === 'Summer Reels')!;
    expect(link.getAttribute('href')).toBe(`/projects/${reels.id}?app=video-mixer`);
    linked.addEventListener('gs-open', (e) => e.preventDefault());
    await userEvent.click(link);
    expect(location.pathname).not.toContain('/projects/');
  });

  it('moves between projects with the arrow keys; Tab reaches a project’s actions', async () => {
    const user = await userWithProjects();
    const el = await mount(user);
    cards(el)[0]!.focus();
    await userEvent.keyboard('{ArrowRight}');
    expect(shadow(el).activeElement).toBe(cards(el)[1]);
    await userEvent.keyboard('{End}');
    expect(shadow(el).activeElement).toBe(cards(el).at(-1));
    await userEvent.keyboard('{Home}');
    expect(shadow(el).activeElement).toBe(cards(el)[0]);
    await userEvent.keyboard('{Tab}');
    expect(shadow(el).activeElement).toBe(cards(el)[0]!.querySelector('[part=name]'));
    await userEvent.keyboard('{Tab}');
    expect(shadow(el).activeElement).toBe(cards(el)[0]!.querySelector('.rename-button'));
  });

  it('renames in place by keyboard: Enter saves, Escape cancels, the API’s reason shows at the field', async () => {
    const user = await userWithProjects();
    const el = await mount(user);
    card(el, 'Summer Reels').querySelector<HTMLElement>('.rename-button')!.focus();
    await userEvent.keyboard('{Enter}');
    const input = () => $<HTMLInputElement>(el, 'input.rename');
    await vi.waitFor(() => expect(shadow(el).activeElement).toBe(input()));
    expect(input().value).toBe('Summer Reels');
    await userEvent.keyboard('Winter Reels{Escape}');
    expect($(el, 'input.rename')).toBeNull();
    expect(names(el)).toContain('Summer Reels');
    expect(shadow(el).activeElement).toBe(card(el, 'Summer Reels'));

    card(el, 'Summer Reels').querySelector<HTMLElement>('.rename-button')!.focus();
    await userEvent.keyboard('{Enter}');
    await vi.waitFor(() => expect(shadow(el).activeElement).toBe(input()));
    await userEvent.keyboard(`${'x'.repeat(201)}{Enter}`);
    await vi.waitFor(() => expect(text($(el, '.rename-error'))).toMatch(/200/));
    expect(input().getAttribute('aria-invalid')).toBe('true');
    expect(shadow(el).activeElement).toBe(input());
    await userEvent.keyboard('{Control>}a{/Control}Autumn Reels{Enter}');
    await vi.waitFor(() => expect(names(el)).toContain('Autumn Reels'));
    expect(text($(el, '[role=status]'))).toBe('Renamed to Autumn Reels');
    expect((await list(user)).projects.map((p) => p.name)).toContain('Autumn Reels');
  });

  it('archives and unarchives', async () => {
    const user = await userWithProjects();
    const el = await mount(user);
    await userEvent.click(card(el, 'Summer Reels').querySelector<HTMLElement>('.archive-button')!);
    await vi.waitFor(() => expect(card(el, 'Summer Reels').querySelector('[part=status]')!.textContent).toBe('Archived'));
    expect(text($(el, '[role=status]'))).toBe('Summer Reels archived');
    expect((await list(user, '&status=archived')).projects.map((p) => p.name).sort()).toEqual(['Gym Teasers', 'Summer Reels']);
    expect(card(el, 'Summer Reels').querySelector('.archive-button')!.getAttribute('aria-label')).toBe('Unarchive Summer Reels');
    await userEvent.click(card(el, 'Summer Reels').querySelector<HTMLElement>('.archive-button')!);
    await vi.waitFor(() => expect(card(el, 'Summer Reels').querySelector('[part=status]')!.textContent).toBe('Active'));
  });

  it('duplicates: the copy comes first, focused and announced', async () => {
    const user = await userWithProjects();
    const el = await mount(user);
    await userEvent.click(card(el, 'Ceramic Mug').querySelector<HTMLElement>('.duplicate-button')!);
    await vi.waitFor(() => expect(names(el)[0]).toBe('Ceramic Mug (copy)'));
    await vi.waitFor(() => expect(shadow(el).activeElement).toBe(cards(el)[0]));
    expect(text($(el, '[role=status]'))).toBe('Copied as Ceramic Mug (copy)');
    expect(text(cards(el)[0]!.querySelector('[part=counts]'))).toBe('2 jobs · 3 assets');
    expect((await list(user)).projects[0]!.name).toBe('Ceramic Mug (copy)');
  });

  it('deletes after a confirmation naming its jobs and assets; Undo restores it', async () => {
    const user = await userWithProjects();
    const el = await mount(user);
    card(el, 'Ceramic Mug').querySelector<HTMLElement>('.delete-button')!.focus();
    await userEvent.keyboard('{Enter}');
    const dialog = $<HTMLDialogElement>(el, '.confirm-dialog');
    await vi.waitFor(() => expect(dialog.open).toBe(true));
    expect(text(dialog.querySelector('p'))).toBe('Delete “Ceramic Mug”? Its 2 jobs and 3 assets move to the trash with it (Undo brings everything back).');
    expect(shadow(el).activeElement?.textContent).toBe('Cancel');
    await userEvent.keyboard('{Tab}{Enter}');
    await vi.waitFor(() => expect(names(el)).not.toContain('Ceramic Mug'));
    expect((await list(user)).projects.map((p) => p.name)).not.toContain('Ceramic Mug');
    expect(text($(el, '[part=toast]'))).toMatch(/^“Ceramic Mug” deleted/);
    await userEvent.click($(el, '[part=toast] button'));
    await vi.waitFor(() => expect(names(el)).toContain('Ceramic Mug'));
    const back = (await list(user)).projects.find((p) => p.name === 'Ceramic Mug')!;
    expect(back).toMatchObject({ job_count: 2, asset_count: 3 });
  });
});
