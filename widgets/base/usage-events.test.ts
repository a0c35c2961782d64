import { expect, fixture, html } from '@open-wc/testing';
import sinon from 'sinon';
import '../my-work/define.ts';
import type { MyWork } from '../my-work/my-work.ts';
import '../recent-work/define.ts';
import type { RecentWork } from '../recent-work/recent-work.ts';
import { apiGet, calledUrls, captureBlob, env, eventually, finishedJob, makeUser, shadow, type User, userClick } from '../test/fixtures.ts';
import { ApiClient } from './api-client.ts';
import { bulkDownload } from './bulk-download.ts';
import { usageRecorder } from './usage-events.ts';

/** Every asset's all-time downloads as the API counts them (top assets, up to 20). */
const downloads = async (user: User) =>
  Object.fromEntries((await apiGet<{ assets: { id: string; value: number }[] }>('/api/v1/insights/top-assets?metric=downloads&limit=20', user.token)).assets.map((a) => [a.id, a.value]));

/** Waits until the API counts exactly `expected` (asset id → downloads) for `user`. */
const expectDownloads = (user: User, expected: Record<string, number>) => eventually(async () => expect(await downloads(user)).to.deep.equal(expected), { timeout: 10_000 });


describe('usage events (downloads)', () => {
  it('batches events into one request', async () => {
    const user = await makeUser();
    const job = await finishedJob(user, [{ text: 'One' }, { text: 'Two' }, {}]);
    const client = new ApiClient(env.api, { kind: 'token', token: user.token });
    const fetchSpy = sinon.spy(globalThis, 'fetch');
    const recorder = usageRecorder(client);
    recorder.record(job.assetIds, 'download');
    recorder.record([job.assetIds[0]!], 'download');
    await recorder.flush();
    expect(calledUrls(fetchSpy).filter((u) => u.endsWith('/api/v1/events'))).to.have.length(1);
    await expectDownloads(user, { [job.assetIds[0]!]: 2, [job.assetIds[1]!]: 1, [job.assetIds[2]!]: 1 });
  });

  it('a request whose answer is lost is sent again and counted once', async () => {
    const user = await makeUser();
    const job = await finishedJob(user, [{ text: 'Only' }]);
    const client = new ApiClient(env.api, { kind: 'token', token: user.token });
    const realFetch = globalThis.fetch;
    let lost = 0;
    // The first POST reaches the API and records the event; its answer never arrives.
    sinon.stub(globalThis, 'fetch').callsFake(async (input, init) => {
      const res = await realFetch(input, init);
      if (String(input).endsWith('/api/v1/events') && lost++ === 0) throw new TypeError('Failed to fetch');
      return res;
    });
    const recorder = usageRecorder(client);
    recorder.record(job.assetIds, 'download');
    await recorder.flush();
    expect(lost).to.equal(2);
    await expectDownloads(user, { [job.assetIds[0]!]: 1 });
  });

  it('a bulk ZIP counts one download for each file saved whole, none for a file that failed', async () => {
    const user = await makeUser();
    const a = await finishedJob(user, [{ text: 'Saved one' }, {}]);
    const b = await finishedJob(user, [{ text: 'Fails' }]);
    const client = new ApiClient(env.api, { kind: 'token', token: user.token });
    captureBlob();
    const realFetch = globalThis.fetch;
    const failing = new Set<string>();
    sinon.stub(globalThis, 'fetch').callsFake(async (input, init) => {
      const res = await realFetch(input, init);
      if (String(input).endsWith('/api/v1/downloads')) {
        const body = (await res.clone().json()) as { files: { url: string | null; asset_id: string | null }[] };
        for (const f of body.files) if (f.asset_id === b.assetIds[0] && f.url) failing.add(f.url);
      }
      if (failing.has(String(input))) return new Response('gone', { status: 500 });
      return res;
    });
    const result = await bulkDownload(client, { body: { job_ids: [a.id, b.id] }, strategy: 'blob' });
    expect(result.failed.map((f) => f.name)).to.have.length(1);
    await usageRecorder(client).flush();
    await expectDownloads(user, { [a.assetIds[0]!]: 1, [a.assetIds[1]!]: 1 });
  });

  it("<my-work>'s Download button counts the file it saves", async () => {
    const user = await makeUser();
    const job = await finishedJob(user, [{ text: 'Quick one' }]);
    const clicks = captureBlob().clicks;
    const el = await fixture<MyWork>(html`<my-work api=${env.api} token=${user.token} style="--gs-my-work-height: 480px; width: 900px"></my-work>`);
    await eventually(() => expect(shadow(el).querySelector('.quick-download')).not.to.equal(null));
    await userClick(shadow(el).querySelector<HTMLButtonElement>('.quick-download')!);
    await eventually(() => expect(clicks).to.have.length(1));
    // The element's recorder sends its batch a second later.
    await expectDownloads(user, { [job.assetIds[0]!]: 1 });
  });

  it("<recent-work>'s Download button counts every file of the generation", async () => {
    const user = await makeUser();
    const job = await finishedJob(user, [{ text: 'First hook' }, { text: 'Second hook' }], { project_name: 'Hooks' });
    const clicks = captureBlob().clicks;
    const el = await fixture<RecentWork>(html`<recent-work api=${env.api} token=${user.token}></recent-work>`);
    await eventually(() => expect(shadow(el).querySelector('[part=download-button]')).not.to.equal(null));
    await userClick(shadow(el).querySelector<HTMLButtonElement>('[part=download-button]')!);
    await eventually(() => expect(clicks).to.have.length(1));
    await expectDownloads(user, { [job.assetIds[0]!]: 1, [job.assetIds[1]!]: 1 });
  });
});
