/**
 * `/health` asks the database at most once per HEALTH_DB_CHECK_MS: a success is reused within
 * that time, a failure never is (a database that stops answering shows within the window).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { call, nodeTarget } from './harness.ts';

type Target = Awaited<ReturnType<typeof nodeTarget>>;
let t: Target | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** Closes the target's database client: every query from now on fails. */
const stopDatabase = (target: Target) => (target.db as unknown as { $client: { close(): void } }).$client.close();

describe('GET /health and the database', () => {
  it('reuses an answer for HEALTH_DB_CHECK_MS, then asks again and reports a database that stopped answering', async () => {
    t = await nodeTarget({ HEALTH_DB_CHECK_MS: 1000 });
    expect((await call(t, 'GET', '/health')).body).toMatchObject({ status: 'ok', database: 'ok' });
    stopDatabase(t);
    t.clock!.advance(999);
    expect((await call(t, 'GET', '/health')).status).toBe(200);
    t.clock!.advance(1);
    const down = await call(t, 'GET', '/health');
    expect(down.status, down.text).toBe(503);
    expect(down.body).toMatchObject({ status: 'degraded', database: 'unreachable' });
    expect((await call(t, 'GET', '/health')).status).toBe(503);
  });

  it('asks every time with HEALTH_DB_CHECK_MS=0', async () => {
    t = await nodeTarget({ HEALTH_DB_CHECK_MS: 0 });
    expect((await call(t, 'GET', '/health')).status).toBe(200);
    stopDatabase(t);
    expect((await call(t, 'GET', '/health')).status).toBe(503);
  });

  it('does not trust an answer from a clock that went back', async () => {
    t = await nodeTarget({ HEALTH_DB_CHECK_MS: 1000 });
    expect((await call(t, 'GET', '/health')).status).toBe(200);
    stopDatabase(t);
    t.clock!.advance(-5000);
    expect((await call(t, 'GET', '/health')).status).toBe(503);
  });
});
