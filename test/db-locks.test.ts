/**
 * Node's embedded libSQL file under another process's lock (issue 11, finding 1): every pooled
 * connection gets the pragmas, a write waits out a short lock, a long one answers 503 with
 * `Retry-After`, and a refused statement never poisons later batches.
 */
import Database from 'libsql';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '../api/node.ts';
import { call, ingest, makeUser, nodeTarget, type Target } from './harness.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'genshelf-locks-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Another process's write lock on the file (the sqlite3 CLI's `BEGIN IMMEDIATE`), until released. */
function holdWriteLock(file: string) {
  const other = new Database(file);
  other.exec('BEGIN IMMEDIATE');
  return () => {
    other.exec('ROLLBACK');
    other.close();
  };
}

test('every pooled connection gets the pragmas', async () => {
  const { client } = await openDatabase(`file:${join(dir, 'pragmas.db')}`, { busyTimeoutMs: 4000 });
  try {
    // Queries issued together each borrow a connection of their own: the later ones are new.
    const ask = (pragma: string) => Promise.all(Array.from({ length: 4 }, () => client.execute(`PRAGMA ${pragma}`)));
    for (const [pragma, expected] of [['synchronous', 1], ['foreign_keys', 1], ['busy_timeout', 25]] as const) {
      const values = (await ask(pragma)).map((r) => Number(Object.values(r.rows[0]!)[0]));
      expect(values, pragma).toEqual([expected, expected, expected, expected]);
    }
  } finally {
    client.close();
  }
});

describe('a write meets another process\'s lock', () => {
  let target: Target;
  let file: string;
  beforeAll(async () => {
    file = join(dir, 'wait.db');
    target = await nodeTarget({ DATABASE_URL: `file:${file}` });
  });
  afterAll(() => target.close());

  test('it waits until the lock is released, without stopping reads', async () => {
    const user = await makeUser(target);
    await ingest(target).job(user);
    expect((await user.get('/api/v1/assets')).status).toBe(200);
    const release = holdWriteLock(file);
    const write = ingest(target).send('POST', '/api/v1/jobs', { user_id: user.sub, app_id: 'video-mixer', prompt: 'while locked', project_name: 'Locked' });
    // Reads go on while the write waits (the wait does not block the event loop).
    const read = await user.get('/api/v1/jobs');
    expect(read.status, read.text).toBe(200);
    setTimeout(release, 100);
    const created = await write;
    expect(created.status, created.text).toBe(201);
  });
});

describe('a lock held past DB_BUSY_TIMEOUT_MS', () => {
  let target: Target;
  let file: string;
  beforeAll(async () => {
    file = join(dir, 'busy.db');
    target = await nodeTarget({ DATABASE_URL: `file:${file}`, DB_BUSY_TIMEOUT_MS: '200' });
  });
  afterAll(() => target.close());

  test('answers 503 with Retry-After, writes nothing, and poisons nothing', async () => {
    const user = await makeUser(target);
    const service = ingest(target);
    const jobs = await Promise.all([1, 2, 3, 4].map((i) => service.job(user, { project_name: `Project ${i}` })));
    // Two queries at once: the pool opens a second connection.
    expect((await user.get('/api/v1/assets')).status).toBe(200);

    const release = holdWriteLock(file);
    let refused;
    try {
      refused = await Promise.all([
        service.send('POST', '/api/v1/jobs', { user_id: user.sub, app_id: 'video-mixer', prompt: 'refused' }),
        service.send('POST', '/api/v1/jobs', { user_id: user.sub, app_id: 'video-mixer', prompt: 'refused', project_name: 'Refused' }),
        user.send('POST', '/api/v1/jobs/bulk-delete', { ids: [jobs[0]!.id] }),
      ]);
    } finally {
      release();
    }
    for (const r of refused) {
      expect(r.status, r.text).toBe(503);
      expect(r.headers.get('retry-after')).toBe('1');
      expect(r.body).toMatchObject({ error: 'service_unavailable', request_id: expect.any(String) });
      expect(r.text).not.toMatch(/SQLITE|locked/i);
    }
    const listed = await user.get('/api/v1/jobs?limit=100');
    expect(listed.body.total, listed.text).toBe(4);

    // Every batched write works again, on every pooled connection (each tried a few times).
    const anon = await call(target, 'POST', '/api/v1/sessions/anonymous', { headers: { 'x-genshelf-client-ip': '198.51.100.7' } });
    await service.job({ sub: '' }, { user_id: undefined, session_id: anon.body.session_id, project_name: 'Anonymous work' });
    const project = jobs[1]!.project_id as string;
    const writes: Array<() => Promise<{ status: number; text: string }>> = [
      () => service.send('POST', '/api/v1/jobs', { user_id: user.sub, app_id: 'video-mixer', prompt: 'after', project_name: 'After the lock' }),
      () => user.send('POST', '/api/v1/jobs/bulk-delete', { ids: [jobs[0]!.id] }),
      () => user.send('POST', '/api/v1/jobs/restore', { ids: [jobs[0]!.id] }),
      () => user.send('DELETE', `/api/v1/projects/${project}`),
      () => user.send('POST', `/api/v1/projects/${project}/restore`),
      () => user.send('POST', `/api/v1/projects/${project}/duplicate`),
      () => user.send('POST', '/api/v1/sessions/claim', { anonymous_token: anon.body.token }),
    ];
    for (let round = 0; round < 3; round++) {
      for (const write of writes) {
        const r = await write();
        expect(r.status, r.text).toBeLessThan(300);
      }
      // Reads side by side keep several pooled connections in use.
      await Promise.all([user.get('/api/v1/assets'), user.get('/api/v1/jobs'), user.get('/api/v1/projects')]);
    }
  });
});
