import { afterAll, describe, expect, it } from 'vitest';
import { call, ingest, makeUser } from './harness.ts';
import { workerTarget } from './worker-target.ts';

describe('Worker entry (workerd)', () => {
  const targets: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    await Promise.all(targets.map((t) => t.close()));
  });

  it('refuses to serve without secrets, naming the missing settings but no values', async () => {
    const t = await workerTarget({}, { secrets: false });
    targets.push(t);
    const r = await call(t, 'GET', '/api/v1/jobs');
    expect(r.status, r.text).toBe(500);
    expect(r.body.error).toBe('internal_error');
    for (const name of ['SIGNING_SECRET', 'INGEST_TOKEN', 'AUTH_JWT_SECRET']) expect(r.body.message, r.text).toContain(name);
  });

  it('refuses a bad setting with a readable message', async () => {
    const t = await workerTarget({ TRASH_RETENTION_DAYS: 'forever' });
    targets.push(t);
    const r = await call(t, 'GET', '/health');
    expect(r.status, r.text).toBe(500);
    expect(r.body.message, r.text).toContain('TRASH_RETENTION_DAYS');
  });

  it('runs the cron maintenance against D1 without disturbing live or freshly trashed jobs', async () => {
    const t = await workerTarget();
    targets.push(t);
    const alice = await makeUser(t);
    const kept = await ingest(t).job(alice);
    const trashed = await ingest(t).job(alice);
    expect((await alice.send('DELETE', `/api/v1/jobs/${trashed.id}`)).status).toBe(200);
    expect(await t.scheduled()).toBe('ok');
    expect((await alice.get(`/api/v1/jobs/${kept.id}`)).status).toBe(200);
    const trash = await alice.get('/api/v1/jobs?trashed=true');
    expect(trash.body.jobs.map((j: { id: string }) => j.id), trash.text).toEqual([trashed.id]);
  });
});
