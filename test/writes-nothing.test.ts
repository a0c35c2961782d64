/**
 * SPEC §7: "Bad input gets a clear 4xx … and nothing is lost or half-written." Every rejected
 * request below must leave the tables byte-identical (compared as full SELECT * snapshots).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deepJson } from './contract/text-input.contract.ts';
import { call, ingest, makeUser, nodeTarget, unique, type Reply, type Target, type TestUser } from './harness.ts';

const TABLES = ['jobs', 'projects', 'job_counts', 'assets', 'settings'] as const;


describe('rejected requests write nothing', () => {
  let t: Target;
  let alice: TestUser;
  let bob: TestUser;
  let done: Record<string, any>;
  let running: Record<string, any>;
  let trashed: Record<string, any>;

  beforeAll(async () => {
    t = await nodeTarget();
    alice = await makeUser(t);
    bob = await makeUser(t);
    done = await ingest(t).job(alice, { status: 'completed', project_name: 'Kept', task_id: unique('task'), prompt: 'done' });
    running = await ingest(t).job(alice, { status: 'processing', progress: 30, prompt: 'running' });
    trashed = await ingest(t).job(alice, { prompt: 'trashed' });
    await alice.send('DELETE', `/api/v1/jobs/${trashed.id}`);
    await ingest(t).job(bob, { prompt: 'bob' });
  });
  afterAll(() => t.close());

  /** Every row of every table, each row as its exact JSON text (so a diff shows the stray row). */
  async function snapshot(): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = {};
    for (const table of TABLES) out[table] = (await t.db!.all(sql.raw(`select * from ${table} order by rowid`))).map((row) => JSON.stringify(row));
    return out;
  }

  const svc = (method: string, path: string, body?: unknown) => call(t, method, path, { token: t.secrets.INGEST_TOKEN, body });
  const many = () => Array.from({ length: 501 }, (_, i) => (i === 0 ? running.id : `id-${i}`));

  const cases: [string, number, () => Promise<Reply>][] = [
    ['create: unknown app with a new project_name', 422, () => svc('POST', '/api/v1/jobs', { user_id: alice.sub, app_id: 'no-such-app', project_name: 'Ghost 1' })],
    ['create: unknown key with a new project_name', 422, () => svc('POST', '/api/v1/jobs', { user_id: alice.sub, app_id: 'video-mixer', project_name: 'Ghost 2', surprise: 1 })],
    ['create: future created_at with a new project_name', 422, () => svc('POST', '/api/v1/jobs', { user_id: alice.sub, app_id: 'video-mixer', project_name: 'Ghost 3', created_at: '2999-01-01T00:00:00Z' })],
    ['create: service without owner', 422, () => svc('POST', '/api/v1/jobs', { app_id: 'video-mixer', project_name: 'Ghost 4' })],
    ['create: unknown project_id', 422, () => svc('POST', '/api/v1/jobs', { user_id: alice.sub, app_id: 'video-mixer', project_id: crypto.randomUUID() })],
    ["create: another owner's project_id", 422, () => svc('POST', '/api/v1/jobs', { user_id: bob.sub, app_id: 'video-mixer', project_id: done.project_id })],
    ['create: malformed JSON', 400, () => svc('POST', '/api/v1/jobs', '{"user_id": ')],
    ['create: a user naming someone else', 403, () => alice.send('POST', '/api/v1/jobs', { user_id: bob.sub, app_id: 'video-mixer', project_name: 'Ghost 5' })],
    ['create: NUL in the prompt, with a new project_name', 422, () => svc('POST', '/api/v1/jobs', { user_id: alice.sub, app_id: 'video-mixer', project_name: 'Ghost 6', prompt: 'a\u0000b' })],
    ['create: an unpaired surrogate in project_name', 422, () => svc('POST', '/api/v1/jobs', { user_id: alice.sub, app_id: 'video-mixer', project_name: 'Ghost \uD800' })],
    ['create: NUL in a params key', 422, () => svc('POST', '/api/v1/jobs', { user_id: alice.sub, app_id: 'video-mixer', params: { 'a\u0000': 1 } })],
    ['create: params 33 levels deep, with a new project_name', 422, () => svc('POST', '/api/v1/jobs', `{"user_id":"${alice.sub}","app_id":"video-mixer","project_name":"Ghost 9","params":${deepJson(33)}}`)],
    ['create: params 1,500 levels deep', 422, () => svc('POST', '/api/v1/jobs', `{"user_id":"${alice.sub}","app_id":"video-mixer","params":${deepJson(1500)}}`)],
    ['create: params 10,000 levels deep', 422, () => svc('POST', '/api/v1/jobs', `{"user_id":"${alice.sub}","app_id":"video-mixer","params":${deepJson(10_000)}}`)],
    ['patch: NUL in error_message', 422, () => svc('PATCH', `/api/v1/jobs/${running.id}`, { error_message: 'boom\u0000' })],
    ['create: no token', 401, () => call(t, 'POST', '/api/v1/jobs', { body: { user_id: alice.sub, app_id: 'video-mixer', project_name: 'Ghost 7' } })],
    ['patch: completed → processing', 409, () => svc('PATCH', `/api/v1/jobs/${done.id}`, { status: 'processing', progress: 10 })],
    ['patch: processing → queued with progress', 409, () => svc('PATCH', `/api/v1/jobs/${running.id}`, { status: 'queued', progress: 90 })],
    ['patch: empty body', 422, () => svc('PATCH', `/api/v1/jobs/${running.id}`, {})],
    ['patch: progress 101', 422, () => svc('PATCH', `/api/v1/jobs/${running.id}`, { progress: 101 })],
    ['patch: unknown key', 422, () => svc('PATCH', `/api/v1/jobs/${running.id}`, { progress: 90, colour: 'red' })],
    ['patch: trashed job', 410, () => svc('PATCH', `/api/v1/jobs/${trashed.id}`, { progress: 90 })],
    ['patch: unknown job', 404, () => svc('PATCH', `/api/v1/jobs/${crypto.randomUUID()}`, { progress: 90 })],
    ["patch: another owner's job", 403, () => bob.send('PATCH', `/api/v1/jobs/${running.id}`, { progress: 90 })],
    ["delete: another owner's job", 403, () => bob.send('DELETE', `/api/v1/jobs/${running.id}`)],
    ['delete: unknown job', 404, () => alice.send('DELETE', `/api/v1/jobs/${crypto.randomUUID()}`)],
    ['delete: already trashed', 404, () => alice.send('DELETE', `/api/v1/jobs/${trashed.id}`)],
    ["seed 003 delete: another owner's job", 403, () => bob.send('DELETE', `/api/me/jobs/${running.id}`)],
    ['seed 003 delete: unknown job', 404, () => alice.send('DELETE', `/api/me/jobs/${crypto.randomUUID()}`)],
    ['bulk delete: 501 ids', 422, () => alice.send('POST', '/api/v1/jobs/bulk-delete', { ids: many() })],
    ['bulk delete: an empty id among good ones', 422, () => alice.send('POST', '/api/v1/jobs/bulk-delete', { ids: [running.id, ''] })],
    ['seed 003 bulk delete: 501 ids', 422, () => alice.send('POST', '/api/me/jobs/bulk-delete', { jobIds: many() })],
    ['restore: unknown key', 422, () => alice.send('POST', '/api/v1/jobs/restore', { ids: [trashed.id], all: true })],
    ['restore: 501 ids', 422, () => alice.send('POST', '/api/v1/jobs/restore', { ids: [trashed.id, ...many().slice(1)] })],
    ['retry: a running job', 409, () => alice.send('POST', `/api/v1/jobs/${running.id}/retry`)],
    ["retry: another owner's job", 403, () => bob.send('POST', `/api/v1/jobs/${done.id}/retry`)],
    ['retry: a trashed job', 410, () => alice.send('POST', `/api/v1/jobs/${trashed.id}/retry`)],
    ['retry: unknown job', 404, () => svc('POST', `/api/v1/jobs/${crypto.randomUUID()}/retry`)],
  ];

  it.each(cases)('%s → %i leaves every table unchanged', async (_label, status, send) => {
    const before = await snapshot();
    const r = await send();
    expect(r.status, r.text).toBe(status);
    expect(await snapshot(), r.text).toEqual(before);
  });

  it('an idempotent create repeat (same task_id, 200) writes nothing, even with a new project_name', async () => {
    const before = await snapshot();
    const r = await svc('POST', '/api/v1/jobs', { user_id: alice.sub, app_id: 'video-mixer', task_id: done.task_id, project_name: 'Ghost 8' });
    expect(r.status, r.text).toBe(200);
    expect(r.body.id, r.text).toBe(done.id);
    expect(await snapshot(), r.text).toEqual(before);
  });

  it('a report that changes nothing writes nothing (updated_at stays)', async () => {
    const before = await snapshot();
    const r = await svc('PATCH', `/api/v1/jobs/${done.id}`, { status: 'completed' });
    expect(r.status, r.text).toBe(200);
    const late = await svc('PATCH', `/api/v1/jobs/${running.id}`, { progress: 10 });
    expect(late.status, late.text).toBe(200);
    expect(await snapshot()).toEqual(before);
  });
});
