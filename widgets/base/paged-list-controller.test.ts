import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import { apiGet, calledUrls, createJob, env, eventually, makeUser, sleep, updateJob, type User } from '../test/fixtures.ts';
import '../test/list-host.ts';
import type { ListHost } from '../test/list-host.ts';
import { offsetEndpoint, type ListEndpoint } from './list-endpoint.ts';

type Item = { id: string; status?: string; project_name?: string | null };

/** `n` jobs for `user`, oldest first (distinct, increasing created_at). */
async function jobsFor(user: User, n: number, fields: (i: number) => Record<string, unknown> = () => ({})) {
  const base = Date.now() - n * 60_000;
  const made: { id: string }[] = [];
  for (let i = 0; i < n; i += 10) {
    made.push(
      ...(await Promise.all(
        Array.from({ length: Math.min(10, n - i) }, (_, k) =>
          createJob(user, { project_name: `P${String(i + k).padStart(3, '0')}`, status: 'completed', created_at: new Date(base + (i + k) * 60_000).toISOString(), ...fields(i + k) }),
        ),
      )),
    );
  }
  return made;
}

const ids = (el: ListHost) => el.list.items.map((i) => i.id);
const mount = (token: string, filter = {}) => fixture<ListHost>(html`<list-host api=${env.api} token=${token} .filter=${filter}></list-host>`);
const loaded = (el: ListHost) => eventually(() => expect(el.list.loading || !el.list.items.length).to.equal(false));

describe('PagedListController', () => {
  it('loads the first page, pages by cursor to the end, and keeps the total', async () => {
    const user = await makeUser();
    const made = await jobsFor(user, 25);
    const el = await mount(user.token);
    await loaded(el);
    expect(ids(el)).to.deep.equal(made.slice(15).reverse().map((j) => j.id));
    expect(el.list.total).to.equal(25);
    expect(el.list.hasMore).to.equal(true);
    const spy = sinon.spy(globalThis, 'fetch');
    try {
      el.list.loadMore();
      el.list.loadMore(); // one page at a time
      await eventually(() => expect(el.list.items).to.have.length(20));
      el.list.loadMore();
      await eventually(() => expect(el.list.items).to.have.length(25));
      expect(calledUrls(spy).filter((u) => u.includes('cursor='))).to.have.length(2);
    } finally {
      spy.restore();
    }
    expect(ids(el)).to.deep.equal(made.slice().reverse().map((j) => j.id));
    expect(el.list.hasMore).to.equal(false);
  });

  it('a new filter starts over, and a page asked for under the old one never lands (the task race guard)', async () => {
    const user = await makeUser();
    await jobsFor(user, 30, (i) => ({ app_id: i % 2 ? 'carousel-mix' : 'video-mixer' }));
    const el = await mount(user.token);
    await loaded(el);
    // The next page of the unfiltered list is slow; the filter changes while it is on its way.
    const realFetch = globalThis.fetch;
    const spy = sinon.stub(globalThis, 'fetch').callsFake(async (input, init) => {
      if (String(input).includes('cursor=')) await sleep(400);
      return realFetch(input, init);
    });
    try {
      el.list.loadMore();
      await eventually(() => expect(calledUrls(spy).some((u) => u.includes('cursor='))).to.equal(true));
      el.filter = { app: 'carousel-mix' };
      const mixes = await apiGet<{ jobs: Item[] }>('/api/v1/jobs?app=carousel-mix&limit=10', user.token);
      await eventually(() => expect(ids(el)).to.deep.equal(mixes.jobs.map((j) => j.id)));
      await sleep(600);
      expect(ids(el)).to.deep.equal(mixes.jobs.map((j) => j.id));
      expect(el.list.total).to.equal(15);
    } finally {
      spy.restore();
    }
  });

  it('polls while something is in progress: new items on top, changes in place, gone ones dropped; then stops', async () => {
    const user = await makeUser();
    const made = await jobsFor(user, 12);
    const running = await createJob(user, { project_name: 'Running' });
    await updateJob(running.id, { status: 'processing', progress: 10 });
    const el = await mount(user.token);
    await loaded(el);
    expect(ids(el)[0]).to.equal(running.id);
    const fresh = await createJob(user, { project_name: 'Fresh' });
    await eventually(() => expect(ids(el).slice(0, 2)).to.deep.equal([fresh.id, running.id]));
    expect(el.list.total).to.equal(14);
    await updateJob(running.id, { progress: 70 });
    await eventually(() => expect((el.list.items[1] as { progress?: number }).progress).to.equal(70));
    // Deleted elsewhere: gone from the list.
    const res = await fetch(`${env.api}/api/v1/jobs/${made[11]!.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${user.token}` } });
    expect(res.ok).to.equal(true);
    await eventually(() => expect(ids(el)).not.to.include(made[11]!.id));
    expect(el.merges.some((m) => m.added.some((i) => i.id === fresh.id))).to.equal(true);
    expect(el.merges.some((m) => m.removed.some((i) => i.id === made[11]!.id))).to.equal(true);
    await updateJob(fresh.id, { status: 'completed', progress: 100 });
    await updateJob(running.id, { status: 'completed', progress: 100 });
    await eventually(() => expect(el.list.polling).to.equal(false));
    expect(el.list.items.slice(0, 2).map((i) => i.status)).to.deep.equal(['completed', 'completed']);
    // Stopped: nothing more is asked, until refresh().
    const spy = sinon.spy(globalThis, 'fetch');
    try {
      await sleep(400);
      expect(spy).not.to.have.been.called;
      const later = await createJob(user, { project_name: 'Later', status: 'completed' });
      await el.list.refresh();
      expect(ids(el)[0]).to.equal(later.id);
    } finally {
      spy.restore();
    }
  });

  it('items in progress past the first page are read one by one until they finish', async () => {
    const user = await makeUser();
    const old = await createJob(user, { project_name: 'Old and slow', created_at: new Date(Date.now() - 86_400_000).toISOString() });
    await updateJob(old.id, { status: 'processing', progress: 5 });
    await jobsFor(user, 12);
    const el = await mount(user.token);
    await loaded(el);
    el.list.loadMore();
    await eventually(() => expect(ids(el)).to.include(old.id));
    await updateJob(old.id, { status: 'completed', progress: 100 });
    await eventually(() => expect(el.list.items.find((i) => i.id === old.id)!.status).to.equal('completed'));
    await eventually(() => expect(el.list.polling).to.equal(false));
  });

  it('pages offset endpoints the same way (seed 002 limit/skip, projects offset)', async () => {
    const user = await makeUser();
    const made = await jobsFor(user, 13);
    const generations = offsetEndpoint<Item>('/api/user-generations', 'generations', { offset: 'skip', total: 'total_count' });
    const el = await fixture<ListHost>(html`<list-host api=${env.api} token=${user.token} .endpoint=${generations as ListEndpoint<Item>} .filter=${{ type: 'video-mixer' }}></list-host>`);
    await loaded(el);
    expect(el.list.total).to.equal(13);
    expect(el.list.items).to.have.length(10);
    el.list.loadMore();
    await eventually(() => expect(el.list.items).to.have.length(13));
    expect(new Set(ids(el))).to.deep.equal(new Set(made.map((j) => j.id)));
    expect(el.list.hasMore).to.equal(false);
    // Projects: one per job here, sorted by name (a new filter starts the list over).
    el.endpoint = offsetEndpoint<Item>('/api/v1/projects', 'projects') as ListEndpoint<Item>;
    el.filter = { sort: 'name' };
    await eventually(() => expect(el.list.items.map((p) => (p as { name?: string }).name)).to.deep.equal(Array.from({ length: 10 }, (_, i) => `P${String(i).padStart(3, '0')}`)));
    el.list.loadMore();
    await eventually(() => expect(el.list.items).to.have.length(13));
  });

  it('allKeys() reads every match of the same filter from the server; reload() starts over', async () => {
    const user = await makeUser();
    const made = await jobsFor(user, 24, (i) => ({ status: i < 21 ? 'failed' : 'completed' }));
    const el = await mount(user.token, { status: ['failed'] });
    await loaded(el);
    expect(el.list.items).to.have.length(10);
    expect((await el.list.allKeys()).sort()).to.deep.equal(made.slice(0, 21).map((j) => j.id).sort());
    el.list.loadMore();
    await eventually(() => expect(el.list.items).to.have.length(20));
    await el.list.reload();
    expect(el.list.items).to.have.length(10);
  });

  it('shows why the first page failed, and stops asking once the element is gone', async () => {
    const el = await mount('not-a-token');
    await eventually(() => expect((el.list.error as { status?: number } | undefined)?.status).to.equal(401));
    expect(el.errors).to.have.length(1);
    const user = await makeUser();
    await createJob(user);
    el.token = user.token;
    await eventually(() => expect(el.list.items).to.have.length(1));
    expect(el.list.error).to.equal(undefined);
    expect(el.list.polling).to.equal(true);
    el.remove();
    const spy = sinon.spy(globalThis, 'fetch');
    try {
      await sleep(400);
      expect(spy).not.to.have.been.called;
    } finally {
      spy.restore();
    }
  });
});
