import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest, makeUser, nodeTarget, type Target } from './harness.ts';

describe('harness', () => {
  let t: Target;
  beforeAll(async () => {
    t = await nodeTarget();
  });
  afterAll(() => t.close());

  it('creates a job through ingest and lists it for its owner only', async () => {
    const alice = await makeUser(t);
    const bob = await makeUser(t);
    const job = await ingest(t).job(alice, { prompt: 'hello world' });
    const mine = await alice.get('/api/v1/jobs');
    expect(mine.status, mine.text).toBe(200);
    expect(mine.body.jobs.map((j: { id: string }) => j.id)).toEqual([job.id]);
    const theirs = await bob.get('/api/v1/jobs');
    expect(theirs.body.total, theirs.text).toBe(0);
  });
});
