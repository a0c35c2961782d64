import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest, makeUser, type Target } from './harness.ts';
import { workerTarget } from './worker-target.ts';

describe('workerd smoke', () => {
  let t: Target;
  beforeAll(async () => {
    t = await workerTarget();
  });
  afterAll(() => t.close());

  it('serves jobs from D1', async () => {
    const alice = await makeUser(t);
    const job = await ingest(t).job(alice, { prompt: 'hello from workerd' });
    const r = await alice.get('/api/v1/jobs?q=from%20work');
    expect(r.status, r.text).toBe(200);
    expect(r.body.jobs.map((j: { id: string }) => j.id)).toEqual([job.id]);
  });
});
