import { html } from 'lit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commands, userEvent } from 'vitest/browser';
import type { GsEventMap } from '../base/events.ts';
import type { GenerationItem } from '../base/types.ts';
import { apiGet, createJob, env, expectAccessible, fixture, makeUser, shadow, text, updateJob } from '../test/fixtures.ts';
import './define.ts';
import type { RecentWork } from './recent-work.ts';

const rows = (el: RecentWork) => [...shadow(el).querySelectorAll<HTMLLIElement>('li[part=item]')];
const opens = (el: RecentWork) => [...shadow(el).querySelectorAll<HTMLElement>('[part=open]')];
const loaded = (el: RecentWork) => vi.waitFor(() => expect(rows(el).length + shadow(el).querySelectorAll('[part=empty]').length).toBeGreaterThan(0));

/** Collects `name` events on the document while `body` runs. */
async function collect<K extends keyof GsEventMap>(name: K, body: (events: GsEventMap[K][]) => Promise<void>, onEvent?: (e: GsEventMap[K]) => void) {
  const events: GsEventMap[K][] = [];
  const listener = (e: Event) => {
    events.push(e as GsEventMap[K]);
    onEvent?.(e as GsEventMap[K]);
  };
  document.addEventListener(name, listener);
  try {
    await body(events);
  } finally {
    document.removeEventListener(name, listener);
  }
}

describe('<recent-work>', () => {
  afterEach(() => commands.emulateMedia({ colorScheme: null, reducedMotion: null }));

  it('renders the five latest generations with app, project, status and time', async () => {
    const el = await fixture<RecentWork>(html`<recent-work api=${env.api} token=${env.demoToken}></recent-work>`);
    const { generations } = await apiGet<{ generations: GenerationItem[] }>('/api/generations/recent', env.demoToken);
    await vi.waitFor(() => expect(rows(el)).toHaveLength(5));
    rows(el).forEach((row, i) => {
      const g = generations[i]!;
      expect(row.dataset.id).toBe(g.id);
      expect(text(row.querySelector('[part=open]'))).toBe(g.projectName);
      expect(text(row.querySelector('[part=meta]'))).toContain(g.appName);
      // The registered apps' icons are drawn (SVG), never the registry's emoji (empty boxes without an emoji font).
      expect(row.querySelector('[part=thumbnail] .app-icon svg')).not.toBeNull();
      expect(text(row.querySelector('[part=thumbnail]'))).not.toContain(g.appIcon);
      expect(row.querySelector('time')!.dateTime).toBe(g.createdAt);
      expect(row.querySelector('[part~=badge]')!.getAttribute('data-status')).toBe(g.status === 'pending' ? 'queued' : g.status);
      expect(!!row.querySelector('[part=download-button]')).toBe(g.status === 'completed' || g.status === 'partial');
      if (g.thumbnailUrl) expect(row.querySelector('img')!.src).toBe(g.thumbnailUrl);
    });
  });

  it('is accessible, loaded and in both themes', async () => {
    const el = await fixture<RecentWork>(html`<recent-work api=${env.api} token=${env.demoToken}></recent-work>`);
    await vi.waitFor(() => expect(rows(el)).toHaveLength(5));
    await expectAccessible(el);
    el.theme = 'light';
    await el.updateComplete;
    await expectAccessible(el);
  });

  it('fires gs-open with the generation when a row is clicked', async () => {
    const el = await fixture<RecentWork>(html`<recent-work api=${env.api} token=${env.demoToken}></recent-work>`);
    await vi.waitFor(() => expect(rows(el)).toHaveLength(5));
    await collect('gs-open', async (events) => {
      await userEvent.click(opens(el)[1]!);
      expect(events).toHaveLength(1);
      expect(events[0]!.detail.id).toBe(rows(el)[1]!.dataset.id);
      expect(events[0]!.detail.generation.id).toBe(events[0]!.detail.id);
      expect(events[0]!.detail.href).toBeUndefined();
      expect(events[0]!.bubbles && events[0]!.composed).toBe(true);
    });
  });

  it('with href-template, rows are links; gs-open is cancelable', async () => {
    const el = await fixture<RecentWork>(html`<recent-work api=${env.api} token=${env.demoToken} href-template="#/work/{id}?app={appId}"></recent-work>`);
    await vi.waitFor(() => expect(rows(el)).toHaveLength(5));
    const first = rows(el)[0]!;
    const link = first.querySelector<HTMLAnchorElement>('a[part=open]')!;
    expect(link.getAttribute('href')).toMatch(new RegExp(`^#/work/${first.dataset.id}\\?app=[\\w-]+$`));
    const before = location.href;
    await collect(
      'gs-open',
      async (events) => {
        await userEvent.click(link);
        expect(events[0]!.detail.href).toBe(link.getAttribute('href'));
        expect(events[0]!.cancelable).toBe(true);
      },
      (e) => e.preventDefault(),
    );
    expect(location.href).toBe(before);
  });

  it('works by keyboard: Tab in, arrows/Home/End between rows, Enter opens', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div><button>before</button><recent-work api=${env.api} token=${env.demoToken}></recent-work></div>`);
    const el = wrapper.querySelector('recent-work')!;
    await vi.waitFor(() => expect(rows(el)).toHaveLength(5));
    wrapper.querySelector('button')!.focus();
    await userEvent.keyboard('{Tab}');
    const focused = () => shadow(el).activeElement;
    expect(focused()).toBe(opens(el)[0]);
    expect(getComputedStyle(rows(el)[0]!).outlineStyle).toBe('solid');
    await userEvent.keyboard('{ArrowDown}');
    expect(focused()).toBe(opens(el)[1]);
    await userEvent.keyboard('{End}');
    expect(focused()).toBe(opens(el)[4]);
    await userEvent.keyboard('{ArrowDown}');
    expect(focused()).toBe(opens(el)[4]);
    await userEvent.keyboard('{Home}');
    expect(focused()).toBe(opens(el)[0]);
    await userEvent.keyboard('{ArrowUp}');
    expect(focused()).toBe(opens(el)[0]);
    await collect('gs-open', async (events) => {
      await userEvent.keyboard('{Enter}');
      expect(events.map((e) => e.detail.id)).toEqual([rows(el)[0]!.dataset.id]);
    });
  });

  it('shows the empty state (or the host\'s slot) for a user with nothing yet', async () => {
    const user = await makeUser();
    const el = await fixture<RecentWork>(html`<recent-work api=${env.api} token=${user.token}></recent-work>`);
    await loaded(el);
    expect(text(shadow(el).querySelector('[part=empty]'))).toBe('Nothing generated yet. Your latest generations will show up here.');
    await expectAccessible(el);
    const slotted = await fixture<RecentWork>(html`<recent-work api=${env.api} token=${user.token}><a slot="empty" href="#generate">Generate your first video</a></recent-work>`);
    await loaded(slotted);
    const slot = shadow(slotted).querySelector<HTMLSlotElement>('slot[name=empty]')!;
    expect(slot.assignedElements().map((e) => e.textContent)).toEqual(['Generate your first video']);
  });

  it('shows the loading state, then an error with a retry', async () => {
    const el = await fixture<RecentWork>(html`<recent-work api=${env.api} token="not-a-token"></recent-work>`);
    expect(shadow(el).querySelector('[aria-busy=true]')).not.toBeNull();
    expect(text(shadow(el).querySelector('[role=status]'))).toBe('Loading recent work');
    await vi.waitFor(() => expect(text(shadow(el).querySelector('[role=alert]'))).toContain('Sign in to see your work.'));
    expect(shadow(el).querySelector('[part=retry-button]')).not.toBeNull();
  });

  it('follows work in progress: the badge moves on, the change is announced, the download appears', async () => {
    const user = await makeUser();
    const job = await createJob(user, { project_name: 'Launch teaser' });
    await updateJob(job.id, { status: 'processing', progress: 30 });
    const el = await fixture<RecentWork>(html`<recent-work api=${env.api} token=${user.token} poll-interval="50"></recent-work>`);
    await vi.waitFor(() => expect(rows(el)).toHaveLength(1));
    const badge = () => rows(el)[0]!.querySelector('[part~=badge]')!;
    expect(text(badge())).toBe('Processing');
    expect(getComputedStyle(badge().querySelector('.dot')!).animationName).toBe('gs-pulse');
    await commands.emulateMedia({ reducedMotion: 'reduce' });
    expect(getComputedStyle(badge().querySelector('.dot')!).animationName).toBe('none');

    await fetch(`${env.api}/api/v1/jobs/${job.id}/assets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${env.ingestToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Hook line one', title: 'hooks' }),
    });
    await updateJob(job.id, { status: 'completed' });
    await vi.waitFor(() => expect(text(badge())).toBe('Completed'));
    expect(text(shadow(el).querySelector('[role=status]'))).toBe('Launch teaser: Completed');
    expect(rows(el)[0]!.querySelector('[part=download-button]')!.getAttribute('aria-label')).toBe('Download Launch teaser');
  });

  it('downloads one file from its signed URL and several as the API\'s ZIP', async () => {
    const user = await makeUser();
    const job = await createJob(user, { project_name: 'Copy pack' });
    for (const t of ['First hook', 'Second hook']) {
      await fetch(`${env.api}/api/v1/jobs/${job.id}/assets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${env.ingestToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text: t }),
      });
    }
    await updateJob(job.id, { status: 'processing' });
    await updateJob(job.id, { status: 'completed' });
    const clicked: HTMLAnchorElement[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    try {
      const el = await fixture<RecentWork>(html`<recent-work api=${env.api} token=${user.token}></recent-work>`);
      await vi.waitFor(() => expect(rows(el)).toHaveLength(1));
      await userEvent.click(rows(el)[0]!.querySelector('[part=download-button]')!);
      await vi.waitFor(() => expect(clicked).toHaveLength(1));
      expect(clicked[0]!.href).toMatch(/^blob:/);
      expect(clicked[0]!.download).toMatch(/^Copy pack .*\.zip$/);

      const demo = await fixture<RecentWork>(html`<recent-work api=${env.api} token=${env.demoToken}></recent-work>`);
      await vi.waitFor(() => expect(rows(demo)).toHaveLength(5));
      const { generations } = await apiGet<{ generations: GenerationItem[] }>('/api/generations/recent', env.demoToken);
      const single = generations.findIndex((g) => g.fileCount === 1);
      await userEvent.click(rows(demo)[single]!.querySelector('[part=download-button]')!);
      await vi.waitFor(() => expect(clicked).toHaveLength(2));
      const url = new URL(clicked[1]!.href);
      expect(`${url.origin}${url.pathname}`).toBe(generations[single]!.outputPaths[0]);
      expect(url.searchParams.get('download')).toBe('1');
      const res = await fetch(url);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment/);
    } finally {
      click.mockRestore();
    }
  });
});
