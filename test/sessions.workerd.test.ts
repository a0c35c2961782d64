import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineSessionsContract, freshIp } from './contract/sessions.contract.ts';
import { call, type Target } from './harness.ts';
import { workerTarget } from './worker-target.ts';

defineSessionsContract('workerd', (env) => workerTarget(env));

describe('anonymous sessions: the Worker entry decides the client address (workerd)', () => {
  let t: Target;
  beforeAll(async () => {
    t = await workerTarget({ ANON_SESSION_RATE_LIMIT: '2' });
  });
  afterAll(() => t?.close());

  it('counts by CF-Connecting-IP, whatever x-genshelf-client-ip the client sends', async () => {
    const real = freshIp();
    const start = () => call(t, 'POST', '/api/v1/sessions/anonymous', { body: {}, headers: { 'cf-connecting-ip': real, 'x-genshelf-client-ip': freshIp() } });
    expect((await start()).status).toBe(201);
    expect((await start()).status).toBe(201);
    const over = await start();
    expect(over.status, over.text).toBe(429);
    expect(over.body.error).toBe('rate_limited');
  });
});
