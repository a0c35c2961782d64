import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { createJob, env, makeUser, rejectionOf } from '../test/fixtures.ts';
import { ApiClient, ApiError, clientFor } from './api-client.ts';
import type { JobStatsData } from './types.ts';

describe('ApiClient', () => {
  it('remembers ETags: the next GET sends If-None-Match and a 304 returns the same body', async () => {
    const client = new ApiClient(env.api, { kind: 'token', token: env.demoToken });
    const spy = sinon.spy(globalThis, 'fetch');
    try {
      const first = await client.get<JobStatsData>('/api/v1/jobs/stats');
      const second = await client.get<JobStatsData>('/api/v1/jobs/stats');
      expect(first.notModified).to.equal(false);
      expect(second).to.deep.equal({ data: first.data, notModified: true });
      expect(second.data).to.equal(first.data);
      const sent = spy.args.map(([, init]) => new Headers(init?.headers).get('if-none-match'));
      expect(sent[0]).to.equal(null);
      expect(sent[1]).to.match(/^(W\/)?".+"$/);
      expect(await Promise.all(spy.returnValues.map(async (res) => (await res).status))).to.deep.equal([200, 304]);
    } finally {
      spy.restore();
    }
  });

  it('a changed resource answers 200 with the new body', async () => {
    const user = await makeUser();
    const client = new ApiClient(env.api, { kind: 'token', token: user.token });
    expect((await client.get<JobStatsData>('/api/v1/jobs/stats')).data.total).to.equal(0);
    await createJob(user);
    const next = await client.get<JobStatsData>('/api/v1/jobs/stats');
    expect(next.notModified).to.equal(false);
    expect(next.data.total).to.equal(1);
  });

  it('fires change after a successful write, not after a read, a failed write, or a write marked mutates: false', async () => {
    const user = await makeUser();
    const job = await createJob(user);
    const client = new ApiClient(env.api, { kind: 'token', token: user.token });
    let changes = 0;
    client.addEventListener('change', () => changes++);
    await client.get('/api/v1/jobs');
    expect(changes).to.equal(0);
    expect(await rejectionOf(client.request('/api/v1/jobs/bulk-delete', { method: 'POST', body: { ids: [] } }))).to.be.instanceOf(ApiError);
    expect(changes).to.equal(0);
    await client.request('/api/v1/downloads', { method: 'POST', body: { job_ids: [job.id] }, mutates: false });
    expect(changes).to.equal(0);
    await client.request(`/api/v1/jobs/${job.id}`, { method: 'DELETE' });
    expect(changes).to.equal(1);
  });

  it('turns the API error body into a typed ApiError', async () => {
    const client = new ApiClient(env.api, { kind: 'token', token: env.demoToken });
    const missing = await client.get('/api/v1/jobs/00000000-0000-4000-8000-000000000000').catch((e: unknown) => e);
    expect(missing).to.be.instanceOf(ApiError);
    expect(missing).to.include({ status: 404, code: 'not_found', retryable: false });
    expect((missing as ApiError).requestId).to.be.a('string');
    const invalid = await client.get('/api/v1/jobs?limit=1000').catch((e: unknown) => e);
    expect(invalid).to.include({ status: 422, code: 'validation_error' });
    expect((invalid as ApiError).details).to.have.length(1);
    expect((invalid as ApiError).details![0]!.field).to.include('limit');
  });

  it('reports an unreachable API as a retryable network error', async () => {
    const err = await new ApiClient('http://127.0.0.1:9', { kind: 'none' }).get('/api/v1/apps').catch((e: unknown) => e);
    expect(err).to.include({ status: 0, code: 'network_error', retryable: true });
  });

  it('does not retry a 401 with a fixed token', async () => {
    const spy = sinon.spy(globalThis, 'fetch');
    try {
      const err = await new ApiClient(env.api, { kind: 'token', token: 'nope' }).get('/api/v1/jobs/stats').catch((e: unknown) => e);
      expect(err).to.include({ status: 401, code: 'unauthorized' });
      expect(spy).to.have.callCount(1);
    } finally {
      spy.restore();
    }
  });

  it('downloads a file with the token and names it from Content-Disposition', async () => {
    const client = new ApiClient(env.api, { kind: 'token', token: env.demoToken });
    const { data } = await client.get<{ generations: { id: string; fileCount: number }[] }>('/api/generations?status=completed&limit=50');
    const several = data.generations.find((g) => g.fileCount > 1)!;
    const { blob, filename } = await client.download(`/api/generations/${several.id}/download`);
    expect(filename).to.match(/\.zip$/);
    expect(blob.size).to.be.above(100);
    expect(new TextDecoder().decode(new Uint8Array(await blob.slice(0, 2).arrayBuffer()))).to.equal('PK');
  });

  it('reads the app registry once per client', async () => {
    const client = new ApiClient(env.api, { kind: 'none' });
    const spy = sinon.spy(globalThis, 'fetch');
    try {
      const [a, b] = await Promise.all([client.apps(), client.apps()]);
      expect(a).to.equal(b);
      expect(a.find((app) => app.id === 'video-mixer')).to.include({ color: 'purple' }).and.to.have.property('icon').that.is.a('string');
      expect(spy).to.have.callCount(1);
    } finally {
      spy.restore();
    }
  });

  it('clientFor shares one client per base URL and credentials', () => {
    const provider = async () => 't';
    expect(clientFor(env.api, { kind: 'token', token: 'a' })).to.equal(clientFor(env.api, { kind: 'token', token: 'a' }));
    expect(clientFor(env.api, { kind: 'token', token: 'a' })).not.to.equal(clientFor(env.api, { kind: 'token', token: 'b' }));
    expect(clientFor(env.api, { kind: 'provider', provider })).to.equal(clientFor(env.api, { kind: 'provider', provider }));
    expect(clientFor('', { kind: 'none' }).url('/api/v1/apps')).to.equal('/api/v1/apps');
    expect(clientFor('https://x.example/gs/', { kind: 'none' }).url('/api/v1/apps')).to.equal('https://x.example/gs/api/v1/apps');
  });
});
