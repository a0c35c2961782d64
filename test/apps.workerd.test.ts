import { afterEach, describe, expect, it } from 'vitest';
import { defineAppsContract } from './contract/apps.contract.ts';
import { call, type Target } from './harness.ts';
import { workerTarget } from './worker-target.ts';

// The same contract against the bundled Worker on D1.
defineAppsContract('workerd', () => workerTarget());

describe('the APPS var (workerd)', () => {
  let t: Target | undefined;
  afterEach(() => t?.close());

  it('registers its apps before the first request is answered', async () => {
    const apps = [{ id: 'poster-forge', name: 'Poster Forge', color: '#f97316', href_template: 'https://posters.example.com/jobs/{job_id}' }];
    t = await workerTarget({ APPS: JSON.stringify(apps) }, { sampleApps: false });
    const r = await call(t, 'GET', '/api/v1/apps');
    expect(r.body.apps, r.text).toEqual([expect.objectContaining({ ...apps[0], position: 1 })]);
  });

  it('a bad list: every request answers 500 naming the var and the field, as other bad settings do', async () => {
    t = await workerTarget({ APPS: JSON.stringify([{ id: 'x', name: 'X', color: 'bogus' }]) }, { sampleApps: false });
    const r = await call(t, 'GET', '/api/v1/apps');
    expect(r.status, r.text).toBe(500);
    expect(r.body.message, r.text).toMatch(/the APPS var is not a valid list of apps:\n {2}0\.color/);
  });
});
