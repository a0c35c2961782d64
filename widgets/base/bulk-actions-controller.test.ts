import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import { apiGet, captureBlob, createJob, env, eventually, makeUser, text, updateJob } from '../test/fixtures.ts';
import '../test/list-host.ts';
import type { ListHost } from '../test/list-host.ts';

const button = (el: ListHost, selector: string) => el.renderRoot.querySelector<HTMLButtonElement>(selector)!;

async function host(n: number, fields: (i: number) => Record<string, unknown> = () => ({})) {
  const user = await makeUser();
  const jobs = await Promise.all(Array.from({ length: n }, (_, i) => createJob(user, { project_name: `Item ${i}`, ...fields(i) })));
  const el = await fixture<ListHost>(html`<list-host api=${env.api} token=${user.token}></list-host>`);
  await eventually(() => expect(el.list.items).to.have.length(Math.min(n, 10)));
  return { el, user, jobs };
}

describe('BulkActionsController', () => {
  it('delete asks naming the count (Cancel changes nothing), trashes on the server, and Undo restores', async () => {
    const { el, user } = await host(5);
    el.selection.select(0);
    el.selection.select(2, 'range');
    let deleting = el.deleteSelected();
    await eventually(() => expect(text(el.renderRoot.querySelector('#confirm-text'))).to.equal('Delete 3 items? They move to the trash and can be restored.'));
    expect(el.renderRoot.querySelector<HTMLDialogElement>('.confirm-dialog')!.open).to.equal(true);
    button(el, '.confirm-dialog .cancel').click();
    await deleting;
    expect((await apiGet<{ total: number }>('/api/v1/jobs?limit=1', user.token)).total).to.equal(5);
    const chosen = el.selection.loadedKeys;
    deleting = el.deleteSelected();
    await eventually(() => expect(button(el, '.confirm-dialog .ok')).not.to.equal(null));
    button(el, '.confirm-dialog .ok').click();
    await deleting;
    await el.updateComplete;
    expect(el.list.items.map((i) => i.id).some((id) => chosen.includes(id))).to.equal(false);
    expect(el.list.total).to.equal(2);
    expect(el.selection.count).to.equal(0);
    expect((await apiGet<{ total: number }>('/api/v1/jobs?limit=1', user.token)).total).to.equal(2);
    expect(text(el.renderRoot.querySelector('[part=toast]'))).to.include('3 items deleted');
    button(el, '.undo').click();
    await eventually(() => expect(el.list.items).to.have.length(5));
    expect((await apiGet<{ total: number }>('/api/v1/jobs?limit=1', user.token)).total).to.equal(5);
    expect(el.announced).to.include('3 items restored');
  });

  it('"all matching" deletes every match of the filter on the server, not only the loaded ones', async () => {
    const { el, user } = await host(14, (i) => ({ status: i < 12 ? 'failed' : 'completed' }));
    el.filter = { status: ['failed'] };
    await eventually(() => expect(el.list.total).to.equal(12));
    el.selection.selectAllMatching();
    const deleting = el.deleteSelected();
    await eventually(() => expect(text(el.renderRoot.querySelector('#confirm-text'))).to.include('Delete 12 items?'));
    button(el, '.confirm-dialog .ok').click();
    await deleting;
    const left = await apiGet<{ jobs: { status: string }[]; total: number }>('/api/v1/jobs', user.token);
    expect(left.total).to.equal(2);
    expect(left.jobs.every((j) => j.status === 'completed')).to.equal(true);
  });

  it('downloads the selection as one ZIP (the filter itself when all match), refuses more than 500', async () => {
    const { el, jobs } = await host(3);
    for (const [i, job] of jobs.entries()) {
      await updateJob(job.id, { status: 'completed', progress: 100 });
      const res = await fetch(`${env.api}/api/v1/jobs/${job.id}/assets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${env.ingestToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text: `copy ${i}`, title: `copy-${i}` }),
      });
      expect(res.ok).to.equal(true);
    }
    const { created } = captureBlob();
    const sent: unknown[] = [];
    const realFetch = globalThis.fetch;
    sinon.stub(globalThis, 'fetch').callsFake((input, init) => {
      if (String(input).endsWith('/api/v1/downloads')) sent.push(JSON.parse(String(init?.body)));
      return realFetch(input, init);
    });
    try {
      el.selection.select(0);
      await el.downloadSelected();
      expect(sent.at(-1)).to.deep.equal({ job_ids: [el.list.items[0]!.id] });
      expect(text(el.renderRoot.querySelector('[part=toast]'))).to.equal('Downloaded 2 files');
      el.filter = { status: ['completed'] };
      await el.updateComplete;
      await eventually(() => expect(el.list.items).to.have.length(3));
      el.selection.selectAllMatching();
      await el.downloadSelected();
      expect(sent.at(-1)).to.deep.equal({ filter: { status: ['completed'] } });
      expect(text(el.renderRoot.querySelector('[part=toast]'))).to.equal('Downloaded 4 files');
      expect(created).to.have.callCount(2);
      await el.bulk.downloadZip(501, { job_ids: [] });
      expect(text(el.renderRoot.querySelector('[part=toast]'))).to.equal('Download at most 500 items at once (501 selected)');
      expect(sent).to.have.length(2);
    } finally {
      sinon.restore();
    }
  });
});
