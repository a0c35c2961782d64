import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import type { GsEventMap } from '../base/events.ts';
import type { Job, JobsPage, JobStatsData } from '../base/types.ts';
import { apiGet, captureBlob, chooseOption, createJob, env, eventually, makeUser, press, shadow, stubGlobal, text, updateJob, type User, userClick } from '../test/fixtures.ts';
import '../job-stats/define.ts';
import './define.ts';
import type { MyWork } from './my-work.ts';

const items = (el: MyWork) => [...shadow(el).querySelectorAll<HTMLElement>('[part~=item]')];
const ids = (el: MyWork) => items(el).map((i) => i.dataset.id!);
const loaded = (el: MyWork) => eventually(() => expect(items(el).length + shadow(el).querySelectorAll('[part=empty]').length).to.be.above(0), { timeout: 5000 });
const button = (el: MyWork, selector: string) => shadow(el).querySelector<HTMLButtonElement>(selector)!;
/** A click with modifiers, dispatched on the element (composed, like a real one). */
async function click(target: Element, modifiers: { ctrlKey?: boolean; shiftKey?: boolean; metaKey?: boolean } = {}) {
  target.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true, button: 0, ...modifiers }));
  await ((target.getRootNode() as ShadowRoot).host as MyWork | undefined)?.updateComplete;
}
const selectedIds = (el: MyWork) => items(el).filter((i) => i.getAttribute('aria-selected') === 'true').map((i) => i.dataset.id!);

async function mount(token: string, attrs: { poll?: number } = {}) {
  const el = await fixture<MyWork>(html`<my-work api=${env.api} token=${token} poll-interval=${attrs.poll ?? 2000} search-delay="400" style="--gs-my-work-height: 480px; width: 900px"></my-work>`);
  await loaded(el);
  return el;
}

/** A user with `n` completed jobs named "Job 0" … (oldest first). */
async function userWith(n: number, fields: (i: number) => Record<string, unknown> = () => ({})): Promise<{ user: User; jobs: { id: string }[] }> {
  const user = await makeUser();
  const jobs: { id: string }[] = [];
  for (let i = 0; i < n; i += 10) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(10, n - i) }, (_, k) => createJob(user, { project_name: `Job ${i + k}`, task_id: `t-${crypto.randomUUID()}`, ...fields(i + k) })),
    );
    jobs.push(...batch);
  }
  return { user, jobs };
}

function collect<K extends keyof GsEventMap>(name: K) {
  const events: GsEventMap[K][] = [];
  const listener = (e: Event) => events.push(e as GsEventMap[K]);
  document.addEventListener(name, listener);
  return { events, stop: () => document.removeEventListener(name, listener) };
}

describe('<my-work>', () => {
  // The demo user's jobs newest first, with stats, status badges and thumbnails.
  it('renders', async () => {
    const el = await mount(env.demoToken);
    const page = await apiGet<JobsPage>('/api/v1/jobs?limit=50', env.demoToken);
    await eventually(() => expect(text(shadow(el).querySelector('.stat[data-status=total] .stat-value'))).to.equal(String(page.total)));
    const shown = items(el);
    expect(shown.length).to.be.above(3);
    shown.forEach((item, i) => {
      const job = page.jobs[i]!;
      expect(item.dataset.id).to.equal(job.id);
      expect(item.querySelector('[part~=badge]')!.getAttribute('data-status')).to.equal(job.status);
      if (job.thumbnail_url) expect(item.querySelector('[part=thumbnail] > img')!.getAttribute('src')).to.equal(job.thumbnail_url);
      expect(!!item.querySelector('[part=progress]')).to.equal(job.status === 'processing' || job.status === 'queued');
    });
    expect(shadow(el).querySelector('[role=grid]')!.getAttribute('aria-multiselectable')).to.equal('true');
  });

  // In both themes and both views.
  it('is accessible', async () => {
    const el = await mount(env.demoToken);
    await expect(el).to.be.accessible();
    el.theme = 'light';
    el.view = 'list';
    await el.updateComplete;
    await expect(el).to.be.accessible();
  });

  it('filters by status, app and kind, and searches (debounced) — the list matches the API', async () => {
    const el = await mount(env.demoToken);
    const statusSelect = shadow(el).querySelectorAll('select')[1]!;
    await chooseOption(statusSelect, 'failed');
    const failed = await apiGet<JobsPage>('/api/v1/jobs?status=failed&limit=50', env.demoToken);
    // Only the rows in view are rendered: they are the API's first ones.
    // (Rows, and not the empty grid of the moment the filter changed.)
    await eventually(() => {
      expect(ids(el).length).to.be.above(0);
      expect(ids(el)).to.deep.equal(failed.jobs.slice(0, ids(el).length).map((j) => j.id));
    });
    expect(el.total).to.equal(failed.total);
    el.filters = { app: 'video-mixer', status: '', kind: '', q: '', sort: 'oldest' };
    const mixer = await apiGet<JobsPage>('/api/v1/jobs?app=video-mixer&sort=oldest&limit=50', env.demoToken);
    await eventually(() => expect(ids(el)).to.deep.equal(mixer.jobs.slice(0, ids(el).length).map((j) => j.id)));
    el.filters = { app: '', status: '', kind: 'video', q: '', sort: 'newest' };
    const videos = await apiGet<JobsPage>('/api/v1/jobs?kind=video&limit=50', env.demoToken);
    expect(videos.jobs.length).to.be.above(0);
    await eventually(() => expect(el.total).to.equal(videos.total));
    await eventually(() => expect(ids(el)).to.deep.equal(videos.jobs.slice(0, ids(el).length).map((j) => j.id)));
    // Through the select, as a user would: texts.
    await chooseOption(shadow(el).querySelectorAll('select')[2]!, 'text');
    const texts = await apiGet<JobsPage>('/api/v1/jobs?kind=text&limit=50', env.demoToken);
    expect(texts.jobs.length).to.be.above(0);
    // Only the rows in view are rendered: they are the API's first ones.
    await eventually(() => expect(el.total).to.equal(texts.total));
    await eventually(() => {
      expect(ids(el).length).to.be.above(0);
      expect(ids(el)).to.deep.equal(texts.jobs.slice(0, ids(el).length).map((j) => j.id));
    });
    el.filters = { app: '', status: '', kind: '', q: '', sort: 'newest' };
    await loaded(el);
    const fetchSpy = sinon.spy(globalThis, 'fetch');
    try {
      // Keystrokes in quick succession (faster than the debounce on any machine).
      const search = shadow(el).querySelector<HTMLInputElement>('[part=search]')!;
      for (const prefix of ['z', 'zz', 'zzq', 'zzqx', 'zzqx-nothing']) {
        search.value = prefix;
        search.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      }
      await eventually(() => expect(text(shadow(el).querySelector('[part=empty]'))).to.include('Nothing matches'));
      // One request for the whole word, not one per keystroke.
      const searches = fetchSpy.args.map(([u]) => String(u instanceof Request ? u.url : u)).filter((u) => u.includes('q=zz'));
      expect(searches).to.have.length(1);
    } finally {
      fetchSpy.restore();
    }
    await click(button(el, '.clear-filters'));
    await eventually(() => expect(items(el).length).to.be.above(0));
  });

  it('pages with the cursor as it scrolls and keeps only the visible rows in the DOM', async () => {
    const { user } = await userWith(130);
    const el = await mount(user.token);
    expect(el.items).to.have.length(50);
    expect(el.total).to.equal(130);
    expect(items(el).length).to.be.below(50);
    const fetchSpy = sinon.spy(globalThis, 'fetch');
    const scroller = shadow(el).querySelector<HTMLElement>('.scroller')!;
    try {
      for (let i = 0; i < 10 && el.items.length < 130; i++) {
        scroller.scrollTop = scroller.scrollHeight;
        scroller.dispatchEvent(new Event('scroll'));
        await eventually(() => expect(el.items.length).to.be.at.least(Math.min(130, 50 * (i + 2))));
      }
      const pages = fetchSpy.args.map(([u]) => String(u instanceof Request ? u.url : u)).filter((u) => u.includes('/api/v1/jobs?') && u.includes('cursor='));
      expect(pages.length).to.be.at.least(2);
    } finally {
      fetchSpy.restore();
    }
    expect(new Set(el.items.map((j) => j.id)).size).to.equal(130);
    scroller.scrollTop = scroller.scrollHeight;
    scroller.dispatchEvent(new Event('scroll'));
    await eventually(() => expect(items(el).at(-1)!.dataset.index).to.equal('129'));
    expect(items(el).length).to.be.below(50);
  });

  it('selection: click selects one, ctrl or the checkbox toggles, shift selects a range, Escape clears', async () => {
    const { user } = await userWith(12);
    const el = await mount(user.token);
    const at = (i: number) => items(el)[i]!;
    await click(at(1));
    expect(selectedIds(el)).to.deep.equal([at(1).dataset.id]);
    await click(at(3), { ctrlKey: true });
    expect(selectedIds(el)).to.deep.equal([at(1).dataset.id, at(3).dataset.id]);
    await click(at(6), { shiftKey: true });
    expect(selectedIds(el)).to.deep.equal([1, 3, 4, 5, 6].map((i) => at(i).dataset.id));
    await click(at(4), { ctrlKey: true });
    expect(selectedIds(el)).to.deep.equal([1, 3, 5, 6].map((i) => at(i).dataset.id));
    expect(text(shadow(el).querySelector('[part=selection-bar] .count'))).to.equal('4 selected');
    await click(at(0));
    expect(selectedIds(el)).to.deep.equal([at(0).dataset.id]);
    // The checkbox toggles without clearing the rest (a real click, at its place on screen).
    await userClick(at(2).querySelector('[part=checkbox]')!);
    expect(selectedIds(el)).to.deep.equal([at(0).dataset.id, at(2).dataset.id]);
    await userClick(at(0).querySelector('[part=checkbox]')!);
    expect(selectedIds(el)).to.deep.equal([at(2).dataset.id]);
    at(0).focus();
    await press('Escape');
    expect(selectedIds(el)).to.deep.equal([]);
    expect(shadow(el).querySelector('[part=selection-bar]')).to.equal(null);
  });

  it('"select all N matching" shows the count, asks, and selects on the server side', async () => {
    const { user } = await userWith(70);
    const el = await mount(user.token);
    await click(items(el)[0]!);
    const selectAll = button(el, '.select-all');
    expect(text(selectAll)).to.equal('Select all 70 matching');
    await click(selectAll);
    expect(text(shadow(el).querySelector('.confirm-all'))).to.equal('Select all 70 items that match the current filters?');
    await click(button(el, '.confirm-all-ok'));
    expect(el.allMatching).to.equal(true);
    expect(el.selectedCount).to.equal(70);
    expect(text(shadow(el).querySelector('[part=selection-bar] .count'))).to.equal('All 70 matching items selected');
    expect(items(el).every((i) => i.getAttribute('aria-selected') === 'true')).to.equal(true);
    // Deleting them all goes to the server for every matching id (only 50 are loaded).
    const deleting = el.deleteSelected();
    await eventually(() => expect(text(shadow(el).querySelector('#confirm-text'))).to.equal('Delete 70 items? They move to the trash and can be restored.'));
    await click(button(el, '.confirm-dialog .ok'));
    await deleting;
    expect((await apiGet<JobsPage>('/api/v1/jobs?limit=1', user.token)).total).to.equal(0);
  });

  it('bulk delete asks with the count, then Undo restores', async () => {
    const { user } = await userWith(6);
    const el = await mount(user.token);
    await click(items(el)[0]!);
    await click(items(el)[2]!, { shiftKey: true });
    const chosen = selectedIds(el);
    expect(chosen).to.have.length(3);
    await click(button(el, '.bulk-delete'));
    const dialog = shadow(el).querySelector<HTMLDialogElement>('.confirm-dialog')!;
    expect(dialog.open).to.equal(true);
    expect(text(dialog.querySelector('#confirm-text'))).to.equal('Delete 3 items? They move to the trash and can be restored.');
    await click(button(el, '.confirm-dialog .cancel'));
    expect(ids(el)).to.have.length(6);
    await click(button(el, '.bulk-delete'));
    await click(button(el, '.confirm-dialog .ok'));
    await eventually(() => expect(ids(el)).to.have.length(3));
    expect(ids(el).some((id) => chosen.includes(id))).to.equal(false);
    expect((await apiGet<JobsPage>('/api/v1/jobs?limit=50', user.token)).total).to.equal(3);
    expect(text(shadow(el).querySelector('[part=toast]'))).to.include('3 items deleted');
    await click(button(el, '.undo'));
    await eventually(() => expect(ids(el)).to.have.length(6));
    expect((await apiGet<JobsPage>('/api/v1/jobs?limit=50', user.token)).total).to.equal(6);
    await eventually(() => expect(text(shadow(el).querySelector('[role=status]'))).to.equal('3 items restored'));
  });

  it('the other elements on the same client follow a bulk delete and its Undo, with nothing in progress to poll', async () => {
    const { user, jobs } = await userWith(4);
    for (const job of jobs) await updateJob(job.id, { status: 'completed', progress: 100 });
    const wrapper = await fixture<HTMLDivElement>(html`<div>
      <job-stats api=${env.api} token=${user.token}></job-stats>
      <my-work api=${env.api} token=${user.token} style="--gs-my-work-height: 480px; width: 900px"></my-work>
    </div>`);
    const stats = wrapper.querySelector('job-stats')!;
    const el = wrapper.querySelector('my-work')!;
    await loaded(el);
    const completed = () => text(shadow(stats).querySelector('[data-card=completed] [part=value]'));
    await eventually(() => expect(completed()).to.equal('4'));
    await click(items(el)[0]!);
    await click(items(el)[1]!, { shiftKey: true });
    await click(button(el, '.bulk-delete'));
    await click(button(el, '.confirm-dialog .ok'));
    await eventually(() => expect(completed()).to.equal('2'));
    await click(button(el, '.undo'));
    await eventually(() => expect(completed()).to.equal('4'));
  });

  it('polls while a job is in progress, shows its progress, and stops once it is done', async () => {
    const user = await makeUser();
    const job = await createJob(user, { project_name: 'Live one' });
    await updateJob(job.id, { status: 'processing', progress: 20 });
    const el = await mount(user.token, { poll: 150 });
    const bar = () => items(el)[0]!.querySelector('[part=progress]');
    expect(bar()!.getAttribute('aria-valuenow')).to.equal('20');
    await updateJob(job.id, { progress: 60 });
    await eventually(() => expect(bar()!.getAttribute('aria-valuenow')).to.equal('60'));
    await updateJob(job.id, { status: 'completed', progress: 100 });
    await eventually(() => expect(items(el)[0]!.querySelector('[part~=badge]')!.getAttribute('data-status')).to.equal('completed'));
    expect(text(shadow(el).querySelector('[role=status]'))).to.equal('Live one: Completed');
    await eventually(() => expect((el as unknown as { list: { polling: boolean } }).list.polling).to.equal(false));
    const fetchSpy = sinon.spy(globalThis, 'fetch');
    try {
      await new Promise((r) => setTimeout(r, 600));
      // No polls (reading the finished job's outputs once, for a text card, is not one).
      expect(fetchSpy.args.map(([u]) => String(u)).filter((u) => !u.includes('/assets'))).to.deep.equal([]);
    } finally {
      fetchSpy.restore();
    }
  });

  it('jobs started elsewhere appear on top without a reload (refresh(), then polling while they run)', async () => {
    const user = await makeUser();
    const old = await createJob(user, { project_name: 'Old one' });
    await updateJob(old.id, { status: 'completed', progress: 100 });
    const el = await mount(user.token, { poll: 150 });
    await eventually(() => expect(text(shadow(el).querySelector('.stat[data-status=total] .stat-value'))).to.equal('1'));
    // Nothing in progress: not polling, so a new job shows after refresh() (or the tab coming back).
    await eventually(() => expect((el as unknown as { list: { polling: boolean } }).list.polling).to.equal(false));
    const fresh = await createJob(user, { project_name: 'New one' });
    await click(items(el)[0]!);
    await el.refresh();
    await eventually(() => expect(ids(el)).to.deep.equal([fresh.id, old.id]));
    expect(text(shadow(el).querySelector('[role=status]'))).to.equal('1 new item');
    // The selection stays on the job it was on.
    expect(selectedIds(el)).to.deep.equal([old.id]);
    // It is queued, so polling goes on and follows it to the end.
    await updateJob(fresh.id, { status: 'completed', progress: 100 });
    await eventually(() => expect(items(el)[0]!.querySelector('[part~=badge]')!.getAttribute('data-status')).to.equal('completed'));
    // Polling also picks up one more started meanwhile, while another is in progress.
    const running = await createJob(user, { project_name: 'Running' });
    await el.refresh();
    await eventually(() => expect(ids(el)[0]).to.equal(running.id));
    const third = await createJob(user, { project_name: 'Third' });
    await eventually(() => expect(ids(el)).to.deep.equal([third.id, running.id, fresh.id, old.id]));
    await eventually(() => expect(text(shadow(el).querySelector('.stat[data-status=total] .stat-value'))).to.equal('4'));
  });

  it('keyboard: roving focus with arrows/Home/End, Space selects, Enter opens the preview', async () => {
    const { user } = await userWith(12);
    // One job with a text output to preview.
    const res = await fetch(`${env.api}/api/v1/jobs/${(await apiGet<JobsPage>('/api/v1/jobs?limit=1', user.token)).jobs[0]!.id}/assets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${env.ingestToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Hello from a test', title: 'Copy' }),
    });
    expect(res.ok).to.equal(true);
    const wrapper = await fixture<HTMLDivElement>(html`<div><button>before</button><my-work api=${env.api} token=${user.token} style="--gs-my-work-height: 480px; width: 900px"></my-work></div>`);
    const el = wrapper.querySelector('my-work')!;
    await loaded(el);
    const cols = Number(shadow(el).querySelector('[role=grid]')!.getAttribute('aria-colcount'));
    expect(cols).to.be.above(1);
    items(el)[0]!.focus();
    const focused = () => Number((shadow(el).activeElement as HTMLElement).dataset.index);
    expect(items(el).filter((i) => i.tabIndex === 0)).to.have.length(1);
    await press('ArrowRight');
    expect(focused()).to.equal(1);
    await press('ArrowDown');
    expect(focused()).to.equal(1 + cols);
    await press('Home');
    expect(focused()).to.equal(cols);
    await press('End');
    expect(focused()).to.equal(cols * 2 - 1);
    await press('Control+End');
    expect(focused()).to.equal(11);
    await press('Control+Home');
    expect(focused()).to.equal(0);
    expect(items(el).filter((i) => i.tabIndex === 0).map((i) => i.dataset.index)).to.deep.equal(['0']);
    await press(' ');
    expect(selectedIds(el)).to.deep.equal([items(el)[0]!.dataset.id]);
    await press('Escape');
    expect(selectedIds(el)).to.deep.equal([]);
    await press('Enter');
    const preview = shadow(el).querySelector('media-preview')!;
    await eventually(() => expect(preview.open).to.equal(true));
    expect(shadow(preview).querySelector('[part=text]')!.textContent).to.equal('Hello from a test');
    await press('Escape');
    await eventually(() => expect(preview.open).to.equal(false));
  });

  it('Tab gets into the grid even when the active item has scrolled out of the DOM', async () => {
    const { user } = await userWith(60);
    const el = await mount(user.token);
    await eventually(() => expect(el.items.length).to.equal(50));
    const tabbable = () => items(el).filter((i) => i.tabIndex === 0);
    expect(tabbable().map((i) => i.dataset.index)).to.deep.equal(['0']);
    // Move far down by keyboard, then scroll back to the top with the wheel (the active item leaves the DOM).
    items(el)[0]!.focus();
    await press('PageDown', 'PageDown', 'PageDown', 'PageDown');
    // Focus lands once the window has moved there.
    const roving = (el as unknown as { roving: { active: number } }).roving;
    await eventually(() => expect(Number((shadow(el).activeElement as HTMLElement).dataset.index)).to.equal(roving.active));
    const active = roving.active;
    expect(active).to.be.above(30);
    const scroller = shadow(el).querySelector<HTMLElement>('.scroller')!;
    scroller.scrollTop = 0;
    scroller.dispatchEvent(new Event('scroll'));
    // (A jump this far shows placeholders until scrolling settles.)
    await eventually(() => expect(tabbable().map((i) => i.dataset.index)).to.deep.equal(['0']));
    expect(shadow(el).querySelector(`[data-index="${active}"]`)).to.equal(null);
    // Back near it, it is the tabbable one again.
    const { rowHeight, columns } = (el as unknown as { viewport: { rowHeight: number; columns: number } }).viewport;
    scroller.scrollTop = Math.floor(active / columns) * rowHeight;
    scroller.dispatchEvent(new Event('scroll'));
    await eventually(() => expect(tabbable().map((i) => Number(i.dataset.index))).to.deep.equal([active]));
  });

  it('regenerate fires gs-regenerate with the prompt and params', async () => {
    const user = await makeUser();
    await createJob(user, { prompt: 'a red kite', params: { seed: 7 } });
    const el = await mount(user.token);
    const { events, stop } = collect('gs-regenerate');
    try {
      await click(items(el)[0]!.querySelector<HTMLButtonElement>('.regenerate')!);
      expect(events).to.have.length(1);
      expect(events[0]!.detail.prompt).to.equal('a red kite');
      expect(events[0]!.detail.params).to.deep.equal({ seed: 7 });
      expect(events[0]!.detail.app_id).to.equal('video-mixer');
      expect(events[0]!.composed).to.equal(true);
    } finally {
      stop();
    }
    // The action buttons don't change the selection.
    expect(selectedIds(el)).to.deep.equal([]);
  });

  it('shows the empty state (or the host\'s slot) and an error state with retry', async () => {
    const user = await makeUser();
    const el = await mount(user.token);
    expect(text(shadow(el).querySelector('[part=empty]'))).to.include('Nothing generated yet');
    await expect(el).to.be.accessible();
    const bad = await fixture<MyWork>(html`<my-work api=${env.api} token="not-a-token"></my-work>`);
    await eventually(() => expect(shadow(bad).querySelector('[part=error]')).not.to.equal(null));
    expect(text(shadow(bad).querySelector('[part=error]'))).to.include('Sign in');
    bad.token = user.token;
    await click(shadow(bad).querySelector<HTMLButtonElement>('[part=retry-button]')!);
    await eventually(() => expect(shadow(bad).querySelector('[part=empty]')).not.to.equal(null));
  });

  it('downloads the selection as one ZIP with progress (files and bytes), and Cancel aborts', async () => {
    const el = await mount(env.demoToken);
    el.filters = { app: '', status: 'completed', kind: '', q: '', sort: 'newest' };
    await eventually(() => expect(items(el).every((i) => i.querySelector('[part~=badge]')!.getAttribute('data-status') === 'completed')).to.equal(true));
    await loaded(el);
    await click(items(el)[0]!);
    await click(items(el)[1]!, { ctrlKey: true });
    const { created, clicks: saved } = captureBlob();
    const realFetch = globalThis.fetch;
    let hold = false;
    const progress: string[] = [];
    sinon.stub(globalThis, 'fetch').callsFake(async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (hold && url.includes('/files/')) {
        // Never answers until aborted (a slow file).
        return new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
      }
      const toast = shadow(el).querySelector('.download-progress');
      if (toast) progress.push(text(toast));
      return realFetch(input, init);
    });
    try {
      await click(button(el, '.bulk-download'));
      await eventually(() => expect(text(shadow(el).querySelector('[part=toast]'))).to.match(/^Downloaded \d+ files$/), { timeout: 10_000 });
      expect(saved).to.have.length(1);
      expect(saved[0]).to.match(/\.zip$/);
      const zip = created.args[0]![0] as Blob;
      expect(zip.size).to.be.above(1000);
      expect(progress.some((p) => /^\d+ of \d+ files · .+ of .+$/.test(p))).to.equal(true);
      // Cancel: the next download hangs on its first file until Cancel aborts it.
      hold = true;
      await click(button(el, '.bulk-download'));
      await eventually(() => expect(shadow(el).querySelector('.cancel-download')).not.to.equal(null));
      await click(button(el, '.cancel-download'));
      await eventually(() => expect(shadow(el).querySelector('.download-progress')).to.equal(null));
      await new Promise((r) => setTimeout(r, 100));
      expect(saved).to.have.length(1);
    } finally {
      sinon.restore();
    }
  });

  it('a dismissed save dialog is a cancelled download, not a failure', async () => {
    const el = await mount(env.demoToken);
    el.filters = { app: '', status: 'completed', kind: '', q: '', sort: 'newest' };
    await eventually(() => expect(items(el).length && items(el).every((i) => i.querySelector('[part~=badge]')!.getAttribute('data-status') === 'completed')).to.equal(true));
    await click(items(el)[0]!);
    stubGlobal('showSaveFilePicker', () => Promise.reject(new DOMException('The user aborted a request.', 'AbortError')));
    await click(button(el, '.bulk-download'));
    await eventually(() => expect(text(shadow(el).querySelector('[part=toast]'))).to.equal('Download cancelled'));
  });

  // The first-render time is a budget for `npm run bench`, not an assertion here.
  it('10,000 items: only the rows in view are in the DOM, also after scrolling to the middle', async () => {
    const user = await makeUser();
    const el = await mount(user.token);
    const base: Job = { id: '', user_id: user.sub, app_id: 'video-mixer', project_id: null, project_name: null, asset_type: 'video', prompt: 'p', params: null, status: 'completed', progress: 100, error_message: null, credit_used: 1, created_at: new Date().toISOString(), updated_at: new Date().toISOString(), completed_at: null, thumbnail_url: null };
    const many = Array.from({ length: 10_000 }, (_, i) => ({ ...base, id: `job-${i}`, project_name: `Item ${i}` }));
    el.items = many;
    await el.updateComplete;
    expect(items(el).length).to.be.above(0);
    expect(items(el).length).to.be.below(100);
    const scroller = shadow(el).querySelector<HTMLElement>('.scroller')!;
    // One row down: rows still in view keep their DOM; the ones entering reuse rows that left.
    const rowOf = (index: number) => shadow(el).querySelector(`[data-index="${index}"]`)!.closest('[role=row]');
    const cols = Number(shadow(el).querySelector('[role=grid]')!.getAttribute('aria-colcount'));
    const kept = rowOf(cols * 2);
    const rowsBefore = new Set(shadow(el).querySelectorAll('[role=row]'));
    scroller.scrollTop = rowOf(cols)!.getBoundingClientRect().height * 3;
    scroller.dispatchEvent(new Event('scroll'));
    await el.updateComplete;
    expect(rowOf(cols * 2)).to.equal(kept);
    const rowsAfter = [...shadow(el).querySelectorAll('[role=row]')];
    expect(rowsAfter.filter((r) => !rowsBefore.has(r)).length).to.be.at.most(2);
    // A jump far away (a fling): placeholders first — nothing to lay out — then the items once it settles.
    scroller.scrollTop = scroller.scrollHeight / 2;
    await new Promise((r) => scroller.addEventListener('scroll', r, { once: true }));
    await el.updateComplete;
    const placeholders = [...shadow(el).querySelectorAll<HTMLElement>('.item.placeholder')];
    expect(placeholders.length).to.be.above(0);
    expect(items(el)).to.have.length(0);
    expect(Math.min(...placeholders.map((p) => Number(p.dataset.index)))).to.be.above(4000);
    await eventually(() => expect(items(el).length).to.equal(placeholders.length));
    const shown = items(el).map((i) => Number(i.dataset.index));
    expect(shown.length).to.be.below(100);
    expect(Math.min(...shown)).to.be.above(4000);
    expect(Math.max(...shown)).to.be.below(6000);
    expect(shadow(el).querySelector('.item.placeholder')).to.equal(null);
  });

  it('grid/list toggle; in the list, badges and actions line up whatever the status', async () => {
    const { user, jobs } = await userWith(4);
    await updateJob(jobs[0]!.id, { status: 'completed', progress: 100 });
    await updateJob(jobs[1]!.id, { status: 'failed', error_message: 'no credits left' });
    await updateJob(jobs[2]!.id, { status: 'processing', progress: 40 });
    const el = await mount(user.token);
    await click(button(el, '.view-list'));
    expect(el.view).to.equal('list');
    expect(shadow(el).querySelector('[role=grid]')!.getAttribute('aria-colcount')).to.equal('1');
    expect(button(el, '.view-list').getAttribute('aria-pressed')).to.equal('true');
    expect(items(el)).to.have.length(4);
    const lefts = (selector: string) => new Set(items(el).map((i) => Math.round(i.querySelector(selector)!.getBoundingClientRect().left)));
    expect(new Set(items(el).map((i) => i.querySelector('[part~=badge]')!.getAttribute('data-status')))).to.deep.equal(new Set(['completed', 'failed', 'processing', 'queued']));
    expect(lefts('[part~=badge]').size).to.equal(1);
    expect(lefts('.regenerate').size).to.equal(1);
  });

  it('"select all N matching" with a type filter downloads what the filter matches on the server', async () => {
    const { user, jobs } = await userWith(5, (i) => ({ project_name: i < 2 ? `Copy ${i}` : `Still ${i}` }));
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
    for (const [i, job] of jobs.entries()) {
      await updateJob(job.id, { status: 'completed', progress: 100 });
      // Two jobs wrote a text, the others an image.
      const res = await fetch(`${env.api}/api/v1/jobs/${job.id}/assets${i < 2 ? '' : '?title=still'}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${env.ingestToken}`, 'content-type': i < 2 ? 'application/json' : 'image/png' },
        body: i < 2 ? JSON.stringify({ text: `copy of ${job.id}`, title: 'copy' }) : png,
      });
      expect(res.ok).to.equal(true);
    }
    const el = await mount(user.token);
    el.setFilter('kind', 'text');
    await eventually(() => expect(ids(el).sort()).to.deep.equal(jobs.slice(0, 2).map((j) => j.id).sort()));
    await click(items(el)[0]!);
    await click(button(el, '.select-all'));
    await click(button(el, '.confirm-all-ok'));
    const { created } = captureBlob();
    const sent: unknown[] = [];
    const realFetch = globalThis.fetch;
    sinon.stub(globalThis, 'fetch').callsFake((input, init) => {
      if (String(input instanceof Request ? input.url : input).endsWith('/api/v1/downloads')) sent.push(JSON.parse(String(init?.body)));
      return realFetch(input, init);
    });
    try {
      await click(button(el, '.bulk-download'));
      await eventually(() => expect(text(shadow(el).querySelector('[part=toast]'))).to.equal('Downloaded 3 files'), { timeout: 10_000 });
      expect(sent).to.deep.equal([{ filter: { kind: 'text' } }]);
      const { unzipSync, strFromU8 } = await import('fflate');
      const entries = unzipSync(new Uint8Array(await (created.args[0]![0] as Blob).arrayBuffer()));
      expect(Object.keys(entries).sort()).to.deep.equal(['Copy 0/copy.txt', 'Copy 1/copy.txt', 'manifest.json']);
      expect(JSON.parse(strFromU8(entries['manifest.json']!)).files.map((f: { job_id: string }) => f.job_id).sort()).to.deep.equal(jobs.slice(0, 2).map((j) => j.id).sort());
    } finally {
      sinon.restore();
    }
  });

  it('`project` scopes <my-work> to one project: its jobs and its stats only', async () => {
    const user = await makeUser();
    const alpha = await createJob(user, { project_name: 'Alpha', app_id: 'video-mixer' });
    await createJob(user, { project_name: 'Alpha', app_id: 'video-mixer', prompt: 'a second take' });
    await createJob(user, { project_name: 'Beta', app_id: 'video-mixer' });
    const { project_id } = await apiGet<{ project_id: string }>(`/api/v1/jobs/${alpha.id}`, user.token);
    const el = await fixture<MyWork>(html`<my-work api=${env.api} token=${user.token} project=${project_id} style="--gs-my-work-height: 480px; width: 900px"></my-work>`);
    const expected = await apiGet<JobsPage>(`/api/v1/jobs?project_id=${project_id}`, user.token);
    await eventually(() => expect([...shadow(el).querySelectorAll<HTMLElement>('[part~=item]')].map((i) => i.dataset.id).sort()).to.deep.equal(expected.jobs.map((j) => j.id).sort()));
    expect(expected.jobs).to.have.length(2);
    const stats = await apiGet<JobStatsData>(`/api/v1/jobs/stats?project_id=${project_id}`, user.token);
    expect(stats.total).to.equal(2);
    await eventually(() => expect(text(shadow(el).querySelector('[data-status=total] .stat-value'))).to.equal('2'));
    el.removeAttribute('project');
    await eventually(() => expect(shadow(el).querySelectorAll('[part~=item]')).to.have.length(3));
    await eventually(() => expect(text(shadow(el).querySelector('[data-status=total] .stat-value'))).to.equal('3'));
  });
});

export type { Job };
