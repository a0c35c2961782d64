import { describe, expect, it, vi } from 'vitest';
import { createJob, env, makeUser } from '../test/fixtures.ts';
import { ApiClient, ApiError, clientFor } from './api-client.ts';
import type { JobStatsData } from './types.ts';

describe('ApiClient', () => {
  it('remembers ETags: the next GET sends If-None-Match and a 304 returns the same body', async () => {
    const client = new ApiClient(env.api, { kind: 'token', token: env.demoToken });
    const spy = vi.spyOn(globalThis, 'fetch');
    try {
      const first = await client.get<JobStatsData>('/api/v1/jobs/stats');
      const second = await client.get<JobStatsData>('/api/v1/jobs/stats');
      expect(first.notModified).toBe(false);
      expect(second).toEqual({ data: first.data, notModified: true });
      expect(second.data).toBe(first.data);
      const sent = spy.mock.calls.map(([, init]) => new Headers(init?.headers).get('if-none-match'));
      expect(sent[0]).toBeNull();
      expect(sent[1]).toMatch(/^(W\/)?".+"$/);
      expect(await Promise.all(spy.mock.results.map(async (r) => (await r.value).status))).toEqual([200, 304]);
    } finally {
      spy.mockRestore();
    }
  });

  it('a changed resource answers 200 with the new body', async () => {
    const user = await makeUser();
    const client = new ApiClient(env.api, { kind: 'token', token: user.token });
    expect((await client.get<JobStatsData>('/api/v1/jobs/stats')).data.total).toBe(0);
    await createJob(user);
    const next = await client.get<JobStatsData>('/api/v1/jobs/stats');
    expect(next.notModified).toBe(false);
    expect(next.data.total).toBe(1);
  });

  it('fires change after a successful write, not after a read, a failed write, or a write marked mutates: false', async () => {
    const user = await makeUser();
    const job = await createJob(user);
    const client = new ApiClient(env.api, { kind: 'token', token: user.token });
    let changes = 0;
    client.addEventListener('change', () => changes++);
    await client.get('/api/v1/jobs');
    expect(changes).toBe(0);
    await expect(client.request('/api/v1/jobs/bulk-delete', { method: 'POST', body: { ids: [] } })).rejects.toBeInstanceOf(ApiError);
    expect(changes).toBe(0);
    await client.request('/api/v1/downloads', { method: 'POST', body: { job_ids: [job.id] }, mutates: false });
    expect(changes).toBe(0);
    await client.request(`/api/v1/jobs/${job.id}`, { method: 'DELETE' });
    expect(changes).toBe(1);
  });

  it('turns the API error body into a typed ApiError', async () => {
    const client = new ApiClient(env.api, { kind: 'token', token: env.demoToken });
    const missing = await client.get('/api/v1/jobs/00000000-0000-4000-8000-000000000000').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ApiError);
    expect(missing).toMatchObject({ status: 404, code: 'not_found', retryable: false, requestId: expect.any(String) });
    const invalid = await client.get('/api/v1/jobs?limit=1000').catch((e: unknown) => e);
    expect(invalid).toMatchObject({ status: 422, code: 'validation_error', details: [expect.objectContaining({ field: expect.stringContaining('limit') })] });
  });

  it('reports an unreachable API as a retryable network error', async () => {
    const err = await new ApiClient('http://127.0.0.1:9', { kind: 'none' }).get('/api/v1/apps').catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 0, code: 'network_error', retryable: true });
  });

  it('does not retry a 401 with a fixed token', async () => {
    const spy = vi.spyOn(globalThis, 'fetch');
    try {
      const err = await new ApiClient(env.api, { kind: 'token', token: 'nope' }).get('/api/v1/jobs/stats').catch((e: unknown) => e);
      expect(err).toMatchObject({ status: 401, code: 'unauthorized' });
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('downloads a file with the token and names it from Content-Disposition', async () => {
    const client = new ApiClient(env.api, { kind: 'token', token: env.demoToken });
    const { data } = await client.get<{ generations: { id: string; fileCount: number }[] }>('/api/generations?status=completed&limit=50');
    const several = data.generations.find((g) => g.fileCount > 1)!;
    const { blob, filename } = await client.download(`/api/generations/${several.id}/download`);
    expect(filename).toMatch(/\.zip$/);
    expect(blob.size).toBeGreaterThan(100);
    expect(new TextDecoder().decode(new Uint8Array(await blob.slice(0, 2).arrayBuffer()))).toBe('PK');
  });

  it('reads the app registry once per client', async () => {
    const client = new ApiClient(env.api, { kind: 'none' });
    const spy = vi.spyOn(globalThis, 'fetch');
    try {
      const [a, b] = await Promise.all([client.apps(), client.apps()]);
      expect(a).toBe(b);
      expect(a.find((app) => app.id === 'video-mixer')).toMatchObject({ color: 'purple', icon: expect.any(String) });
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('clientFor shares one client per base URL and credentials', () => {
    const provider = async () => 't';
    expect(clientFor(env.api, { kind: 'token', token: 'a' })).toBe(clientFor(env.api, { kind: 'token', token: 'a' }));
    expect(clientFor(env.api, { kind: 'token', token: 'a' })).not.toBe(clientFor(env.api, { kind: 'token', token: 'b' }));
    expect(clientFor(env.api, { kind: 'provider', provider })).toBe(clientFor(env.api, { kind: 'provider', provider }));
    expect(clientFor('', { kind: 'none' }).url('/api/v1/apps')).toBe('/api/v1/apps');
    expect(clientFor('https://x.example/gs/', { kind: 'none' }).url('/api/v1/apps')).toBe('https://x.example/gs/api/v1/apps');
  });
});
