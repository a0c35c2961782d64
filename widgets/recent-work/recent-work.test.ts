import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import type { GsEventMap } from '../base/events.ts';
import type { GenerationItem } from '../base/types.ts';
import { apiGet, createJob, emulateMedia, env, eventually, makeUser, press, shadow, text, updateJob, userClick } from '../test/fixtures.ts';
import './define.ts';
import type { RecentWork } from './recent-work.ts';

const rows = (el: RecentWork) => [...shadow(el).querySelectorAll<HTMLLIElement>('li[part=item]')];
const opens = (el: RecentWork) => [...shadow(el).querySelectorAll<HTMLElement>('[part=open]')];
const loaded = (el: RecentWork) => eventually(() => expect(rows(el).length + shadow(el).querySelectorAll('[part=empty]').length).to.be.above(0));

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
  // The five latest generations with app, project, status and time.
  it('renders', async () => {
    const el = await fixture<RecentWork>(html`<recent-work api=${env.api} token=${env.demoToken}></recent-work>`);
    const { generations } = await apiGet<{ generations: GenerationItem[] }>('/api/generations/recent', env.demoToken);
    await eventually(() => expect(rows(el)).to.have.length(5));
    rows(el).forEach((row, i) => {
      const g = generations[i]!;
      expect(row.dataset.id).to.equal(g.id);
      expect(text(row.querySelector('[part=open]'))).to.equal(g.projectName);
      expect(text(row.querySelector('[part=meta]'))).to.include(g.appName);
      // The registered apps' icons are pictures (`image_url`), never the registry's emoji (empty boxes without an emoji font).
      expect(text(row.querySelector('[part=thumbnail]'))).not.to.include(g.appIcon);
      expect(row.querySelector('time')!.dateTime).to.equal(g.createdAt);
      expect(row.querySelector('[part~=badge]')!.getAttribute('data-status')).to.equal(g.status === 'pending' ? 'queued' : g.status);
      expect(!!row.querySelector('[part=download-button]')).to.equal(g.status === 'completed' || g.status === 'partial');
      if (g.thumbnailUrl) expect(row.querySelector<HTMLImageElement>('[part=thumbnail] > img')!.src).to.equal(g.thumbnailUrl);
    });
    const { apps } = await apiGet<{ apps: { id: string; image_url: string }[] }>('/api/v1/apps', env.demoToken);
    await eventually(() =>
      rows(el).forEach((row, i) => expect(row.querySelector('[part=thumbnail] .app-icon img')?.getAttribute('src')).to.equal(apps.find((a) => a.id === generations[i]!.appId)!.image_url)),
    );
  });

  // Loaded, in both themes.
  it('is accessible', async () => {
    const el = await fixture<RecentWork>(html`<recent-work api=${env.api} token=${env.demoToken}></recent-work>`);
    await eventually(() => expect(rows(el)).to.have.length(5));
    await expect(el).to.be.accessible();
    el.theme = 'light';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('fires gs-open with the generation when a row is clicked', async () => {
    const el = await fixture<RecentWork>(html`<recent-work api=${env.api} token=${env.demoToken}></recent-work>`);
    await eventually(() => expect(rows(el)).to.have.length(5));
    await collect('gs-open', async (events) => {
      await userClick(opens(el)[1]!);
      expect(events).to.have.length(1);
      expect(events[0]!.detail.id).to.equal(rows(el)[1]!.dataset.id);
      const detail = events[0]!.detail;
      expect('generation' in detail && detail.generation.id).to.equal(detail.id);
      expect(events[0]!.detail.href).to.equal(undefined);
      expect(events[0]!.bubbles && events[0]!.composed).to.equal(true);
    });
  });

  it('with href-template, rows are links; gs-open is cancelable', async () => {
    const el = await fixture<RecentWork>(html`<recent-work api=${env.api} token=${env.demoToken} href-template="#/work/{id}?app={appId}"></recent-work>`);
    await eventually(() => expect(rows(el)).to.have.length(5));
    const first = rows(el)[0]!;
    const link = first.querySelector<HTMLAnchorElement>('a[part=open]')!;
    expect(link.getAttribute('href')).to.match(new RegExp(`^#/work/${first.dataset.id}\\?app=[\\w-]+$`));
    const before = location.href;
    await collect(
      'gs-open',
      async (events) => {
        await userClick(link);
        expect(events[0]!.detail.href).to.equal(link.getAttribute('href'));
        expect(events[0]!.cancelable).to.equal(true);
      },
      (e) => e.preventDefault(),
    );
    expect(location.href).to.equal(before);
  });

  it('works by keyboard: Tab in, arrows/Home/End between rows, Enter opens', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div><button>before</button><recent-work api=${env.api} token=${env.demoToken}></recent-work></div>`);
    const el = wrapper.querySelector('recent-work')!;
    await eventually(() => expect(rows(el)).to.have.length(5));
    wrapper.querySelector('button')!.focus();
    await press('Tab');
    const focused = () => shadow(el).activeElement;
    expect(focused()).to.equal(opens(el)[0]);
    expect(getComputedStyle(rows(el)[0]!).outlineStyle).to.equal('solid');
    await press('ArrowDown');
    expect(focused()).to.equal(opens(el)[1]);
    await press('End');
    expect(focused()).to.equal(opens(el)[4]);
    await press('ArrowDown');
    expect(focused()).to.equal(opens(el)[4]);
    await press('Home');
    expect(focused()).to.equal(opens(el)[0]);
    await press('ArrowUp');
    expect(focused()).to.equal(opens(el)[0]);
    await collect('gs-open', async (events) => {
      await press('Enter');
      expect(events.map((e) => e.detail.id)).to.deep.equal([rows(el)[0]!.dataset.id]);
    });
  });

  it('shows the empty state (or the host\'s slot) for a user with nothing yet', async () => {
    const user = await makeUser();
    const el = await fixture<RecentWork>(html`<recent-work api=${env.api} token=${user.token}></recent-work>`);
    await loaded(el);
    expect(text(shadow(el).querySelector('[part=empty]'))).to.equal('Nothing generated yet. Your latest generations will show up here.');
    await expect(el).to.be.accessible();
    const slotted = await fixture<RecentWork>(html`<recent-work api=${env.api} token=${user.token}><a slot="empty" href="#generate">Generate your first video</a></recent-work>`);
    await loaded(slotted);
    const slot = shadow(slotted).querySelector<HTMLSlotElement>('slot[name=empty]')!;
    expect(slot.assignedElements().map((e) => e.textContent)).to.deep.equal(['Generate your first video']);
  });

  it('shows the loading state, then an error with a retry', async () => {
    const el = await fixture<RecentWork>(html`<recent-work api=${env.api} token="not-a-token"></recent-work>`);
    expect(shadow(el).querySelector('[aria-busy=true]')).not.to.equal(null);
    expect(text(shadow(el).querySelector('[role=status]'))).to.equal('Loading recent work');
    await eventually(() => expect(text(shadow(el).querySelector('[role=alert]'))).to.include('Sign in to see your work.'));
    expect(shadow(el).querySelector('[part=retry-button]')).not.to.equal(null);
  });

  it('follows work in progress: the badge moves on, the change is announced, the download appears', async () => {
    const user = await makeUser();
    const job = await createJob(user, { project_name: 'Launch teaser' });
    await updateJob(job.id, { status: 'processing', progress: 30 });
    const el = await fixture<RecentWork>(html`<recent-work api=${env.api} token=${user.token} poll-interval="50"></recent-work>`);
    await eventually(() => expect(rows(el)).to.have.length(1));
    const badge = () => rows(el)[0]!.querySelector('[part~=badge]')!;
    expect(text(badge())).to.equal('Processing');
    expect(getComputedStyle(badge().querySelector('.dot')!).animationName).to.equal('gs-pulse');
    await emulateMedia({ reducedMotion: 'reduce' });
    expect(getComputedStyle(badge().querySelector('.dot')!).animationName).to.equal('none');

    await fetch(`${env.api}/api/v1/jobs/${job.id}/assets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${env.ingestToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Hook line one', title: 'hooks' }),
    });
    await updateJob(job.id, { status: 'completed' });
    await eventually(() => expect(text(badge())).to.equal('Completed'));
    expect(text(shadow(el).querySelector('[role=status]'))).to.equal('Launch teaser: Completed');
    expect(rows(el)[0]!.querySelector('[part=download-button]')!.getAttribute('aria-label')).to.equal('Download Launch teaser');
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
    const click = sinon.stub(HTMLAnchorElement.prototype, 'click').callsFake(function (this: HTMLAnchorElement) {
      clicked.push(this);
    });
    try {
      const el = await fixture<RecentWork>(html`<recent-work api=${env.api} token=${user.token}></recent-work>`);
      await eventually(() => expect(rows(el)).to.have.length(1));
      await userClick(rows(el)[0]!.querySelector('[part=download-button]')!);
      await eventually(() => expect(clicked).to.have.length(1));
      expect(clicked[0]!.href).to.match(/^blob:/);
      expect(clicked[0]!.download).to.match(/^Copy pack .*\.zip$/);

      const demo = await fixture<RecentWork>(html`<recent-work api=${env.api} token=${env.demoToken}></recent-work>`);
      await eventually(() => expect(rows(demo)).to.have.length(5));
      const { generations } = await apiGet<{ generations: GenerationItem[] }>('/api/generations/recent', env.demoToken);
      const single = generations.findIndex((g) => g.fileCount === 1);
      await userClick(rows(demo)[single]!.querySelector('[part=download-button]')!);
      await eventually(() => expect(clicked).to.have.length(2));
      const url = new URL(clicked[1]!.href);
      expect(`${url.origin}${url.pathname}`).to.equal(generations[single]!.outputPaths[0]);
      expect(url.searchParams.get('download')).to.equal('1');
      const res = await fetch(url);
      expect(res.headers.get('content-disposition')).to.match(/^attachment/);
    } finally {
      click.restore();
    }
  });
});
